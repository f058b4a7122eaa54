/**
 * The report's embedded payload: every series downsampled for display (downsample.ts) and encoded as
 * columns of plain numbers — times as millisecond deltas, values rounded to the digits a chart can show
 * — so a 1 M-bar run embeds a few thousand points per chart.
 *
 * Budgets: lines keep ≤ 2·buckets + 2 points (min/max per bucket), price charts ≤ `buckets` candles
 * each (fewer when many symbols are charted, so their sum stays ≈ 6·buckets), at most `maxPriceCharts`
 * symbols (those with the most fills first), and entry/exit markers merged per candle and kind (with a
 * count), so markers never outnumber 4 per candle. The trade table embeds every trade up to `maxTrades`;
 * beyond that the `maxTrades` trades of largest |pnl| (the ones that moved the result), in their
 * original order, and the page says so: trades.csv keeps them all.
 *
 * Limits: entry/exit roles come from the net position per symbol (fills.csv has no strategy column), so
 * with several strategies on one symbol a fill that offsets another strategy's position reads as an exit.
 */
import type { BarTable } from '../data/bars.js';
import { candleBuckets, minMaxIndices, type CandleColumns } from './downsample.js';
import { deltaAny, deltaTimes, roundSig } from './format.js';
import {
  calendarGrid,
  medianGap,
  periodsPerYear,
  returnHistogram,
  rollingRisk,
  toEquityCurve,
  underwater,
  type CalendarGrid,
  type Histogram,
} from './series.js';
import type { FillColumns, ReportInput, TradeColumns } from './types.js';

export interface PayloadOptions {
  /** Display buckets per chart (default 2000: a wide screen's pixels). */
  buckets?: number;
  maxTrades?: number;
  maxPriceCharts?: number;
}

export const DEFAULT_BUCKETS = 2000;
export const DEFAULT_MAX_TRADES = 40_000;
export const DEFAULT_MAX_PRICE_CHARTS = 12;

/** A display line: delta-encoded times (seconds) and values; `of` = samples before downsampling. */
export interface LineData {
  t: number[];
  v: number[];
  of: number;
}

export interface PriceData {
  symbol: string;
  bars: number;
  barsPerCandle: number;
  t: number[];
  o: number[];
  h: number[];
  l: number[];
  c: number[];
  /** Markers: delta times, kind (0 buy entry, 1 buy exit, 2 sell entry, 3 sell exit), fills merged. */
  markers: { t: number[]; k: number[]; n: number[] };
}

export interface TradeData {
  total: number;
  /** 'all', or 'largest' when only the maxTrades trades of largest |pnl| are embedded. */
  selection: 'all' | 'largest';
  symbols: string[];
  sym: number[];
  side: number[];
  qty: number[];
  /** Delta-encoded entry and exit times (each its own sequence). */
  et: number[];
  ep: number[];
  xt: number[];
  xp: number[];
  pnl: number[];
  fee: number[];
}

/** What the page script draws (embedded as JSON). */
export interface ReportPayload {
  /** Samples closer than a day apart: charts show times of day. */
  intraday: boolean;
  equity: LineData;
  drawdown: LineData | null;
  rolling: { window: number; days: number; sharpe: LineData; volatility: LineData } | null;
  histogram: Histogram | null;
  prices: PriceData[];
  trades: TradeData;
}

/** The payload plus what the page renders as static HTML. */
export interface ReportView {
  payload: ReportPayload;
  calendar: CalendarGrid;
  /** Why there are no price charts (null when there are). */
  pricesNote: string | null;
  /** Notes for the reader: downsampling, capped trade table, symbols left out. */
  notes: string[];
}

function line(time: Float64Array, values: Float64Array, buckets: number, digits: number, from = 0): LineData {
  const idx = minMaxIndices(values, buckets, from);
  const picked = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) picked[i] = time[idx[i]!]!;
  const { t, kept } = deltaTimes(picked);
  return { t, v: kept.map((k) => roundSig(values[idx[k]!]!, digits)), of: values.length - from };
}

const barTime = (b: BarTable, i: number): number => b.tsSec[i]! + b.tsNsec[i]! * 1e-9;

/** First row with time >= t (bar rows are strictly increasing). */
function lowerBound(b: BarTable, t: number): number {
  let lo = 0;
  let hi = b.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (barTime(b, mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Per fill: bit 0 = it opened or added (entry), bit 1 = it reduced or closed (exit); a reversal is both. */
function fillRoles(f: FillColumns): Uint8Array {
  const roles = new Uint8Array(f.length);
  const pos = new Float64Array(f.symbols.length);
  for (let i = 0; i < f.length; i++) {
    const s = f.symbol[i]!;
    const before = pos[s]!;
    const after = before + f.side[i]! * f.qty[i]!;
    const eps = 1e-9 * Math.max(1, Math.abs(before), Math.abs(after));
    const flatBefore = Math.abs(before) <= eps;
    const flatAfter = Math.abs(after) <= eps;
    let role = 0;
    if (
      !flatBefore &&
      (flatAfter || Math.sign(after) !== Math.sign(before) || Math.abs(after) < Math.abs(before))
    )
      role |= 2;
    if (
      !flatAfter &&
      (flatBefore || Math.sign(after) !== Math.sign(before) || Math.abs(after) > Math.abs(before))
    )
      role |= 1;
    roles[i] = role;
    pos[s] = flatAfter ? 0 : after;
  }
  return roles;
}

function markers(
  c: CandleColumns,
  f: FillColumns,
  roles: Uint8Array,
  symbolIndex: number,
): PriceData['markers'] {
  const counts = new Uint32Array(c.length * 4);
  for (let i = 0; i < f.length; i++) {
    if (f.symbol[i] !== symbolIndex || c.length === 0) continue;
    const t = f.time[i]!;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (c.time[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    const base = lo * 4 + (f.side[i]! > 0 ? 0 : 2);
    if (roles[i]! & 1) counts[base]!++;
    if (roles[i]! & 2) counts[base + 1]!++;
  }
  const times: number[] = [];
  const k: number[] = [];
  const n: number[] = [];
  for (let j = 0; j < counts.length; j++)
    if (counts[j]! > 0) {
      times.push(c.time[j >> 2]!);
      k.push(j & 3);
      n.push(counts[j]!);
    }
  return { t: deltaAny(times), k, n };
}

function priceCharts(input: ReportInput, buckets: number, maxCharts: number, notes: string[]): PriceData[] {
  if (!input.prices) return [];
  const eq = input.equity;
  const f = input.fills;
  const fillsPer = new Map<string, number>();
  for (let i = 0; i < f.length; i++) {
    const s = f.symbols[f.symbol[i]!]!;
    fillsPer.set(s, (fillsPer.get(s) ?? 0) + 1);
  }
  const chosen = [...input.prices]
    .sort(
      (a, b) =>
        (fillsPer.get(b.symbol) ?? 0) - (fillsPer.get(a.symbol) ?? 0) ||
        (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0),
    )
    .slice(0, maxCharts);
  if (input.prices.length > chosen.length)
    notes.push(
      `${input.prices.length - chosen.length} more symbols are not charted (the ${chosen.length} with the most fills are).`,
    );
  const perChart = Math.max(250, Math.min(buckets, Math.floor((6 * buckets) / Math.max(1, chosen.length))));
  const roles = fillRoles(f);
  return chosen.map((b) => {
    const from = eq.length > 0 ? lowerBound(b, eq.time[0]!) : 0;
    const to = eq.length > 0 ? lowerBound(b, eq.time[eq.length - 1]! + 1e-6) : b.length;
    const tick = b.tick.units / 10 ** b.tick.scale;
    const time = new Float64Array(b.length);
    for (let i = from; i < to; i++) time[i] = barTime(b, i);
    const c = candleBuckets(
      { time, open: b.open, high: b.high, low: b.low, close: b.close },
      perChart,
      from,
      Math.max(from, to),
    );
    const { t, kept } = deltaTimes(c.time);
    const price = (col: Float64Array): number[] => kept.map((j) => roundSig(col[j]! * tick, 10));
    return {
      symbol: b.symbol,
      bars: Math.max(0, to - from),
      barsPerCandle: c.barsPerCandle,
      t,
      o: price(c.open),
      h: price(c.high),
      l: price(c.low),
      c: price(c.close),
      markers: markers(c, f, roles, f.symbols.indexOf(b.symbol)),
    };
  });
}

function tradeData(tr: TradeColumns, maxTrades: number): TradeData {
  let idx: number[] = Array.from({ length: tr.length }, (_, i) => i);
  const largest = tr.length > maxTrades;
  if (largest)
    idx = idx
      .sort((a, b) => Math.abs(tr.pnl[b]!) - Math.abs(tr.pnl[a]!) || a - b)
      .slice(0, maxTrades)
      .sort((a, b) => a - b);
  const col = (c: ArrayLike<number>): number[] => idx.map((i) => roundSig(c[i]!, 12));
  return {
    total: tr.length,
    selection: largest ? 'largest' : 'all',
    symbols: tr.symbols,
    sym: idx.map((i) => tr.symbol[i]!),
    side: idx.map((i) => tr.side[i]!),
    qty: col(tr.qty),
    et: deltaAny(idx.map((i) => tr.entryTime[i]!)),
    ep: col(tr.entryPrice),
    xt: deltaAny(idx.map((i) => tr.exitTime[i]!)),
    xp: col(tr.exitPrice),
    pnl: col(tr.pnl),
    fee: col(tr.fees),
  };
}

export function reportView(input: ReportInput, opts: PayloadOptions = {}): ReportView {
  const buckets = opts.buckets ?? DEFAULT_BUCKETS;
  const notes: string[] = [];
  const eq = input.equity;
  const n = eq.length;
  const curve = toEquityCurve(eq);
  const dd = underwater(curve);
  const num = (k: string): number | null =>
    typeof input.metrics[k] === 'number' ? (input.metrics[k] as number) : null;
  const rolling = rollingRisk(
    curve,
    periodsPerYear(curve, input.metrics.periods_per_year),
    num('risk_free_rate') ?? 0,
  );
  const intraday = n > 1 && medianGap(eq) < 86_400 * 0.9;
  const equity = line(eq.time, eq.equity, buckets, 9);
  if (n > equity.t.length)
    notes.push(
      `Time-series charts are downsampled for display: ${n.toLocaleString('en-US')} equity samples drawn as ` +
        `${equity.t.length.toLocaleString('en-US')} points (the minimum and maximum of each of ${buckets} buckets, so peaks and troughs are exact).`,
    );
  const trades = tradeData(input.trades, opts.maxTrades ?? DEFAULT_MAX_TRADES);
  if (trades.selection === 'largest')
    notes.push(
      `The trade table holds the ${trades.sym.length.toLocaleString('en-US')} trades of largest |pnl| out of ` +
        `${trades.total.toLocaleString('en-US')}; trades.csv has them all.`,
    );
  const prices = priceCharts(input, buckets, opts.maxPriceCharts ?? DEFAULT_MAX_PRICE_CHARTS, notes);
  const pricesNote = input.prices
    ? null
    : `Price charts are omitted: ${input.pricesNote ?? 'no price data was available'}.`;
  const payload: ReportPayload = {
    intraday,
    equity,
    drawdown: dd ? line(eq.time, dd, buckets, 6) : null,
    rolling: rolling && {
      window: rolling.window,
      days: rolling.days,
      sharpe: line(eq.time, rolling.sharpe, buckets, 5, rolling.window),
      volatility: line(eq.time, rolling.volatility, buckets, 5, rolling.window),
    },
    histogram: returnHistogram(eq),
    prices,
    trades,
  };
  const calendar = calendarGrid(curve, num('initial_equity') ?? (n > 0 ? eq.equity[0]! : 0));
  return { payload, calendar, pricesNote, notes };
}
