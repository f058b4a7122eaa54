/**
 * Trades and L1 quotes as the engine consumes them: one column set per symbol, prices in the instrument's
 * ticks, sizes in instrument units. Built once at load time from the canonical tables (schemas.ts) that
 * every tick reader fills (CSV, JSONL, DBN), so the event loop only reads.
 *
 * Invariants: rows of one symbol keep their order and must be in non-decreasing time (several trades may
 * share a stamp); a price not on the instrument's tick grid is a DataError naming file, row and value —
 * never rounded. Null quote sides (an empty book side) stay NaN; a null trade price or size is a DataError.
 * Limits: sizes are doubles (exact below 2^53 units).
 */
import { formatScaled, type Scaled } from '../../core/decimal.js';
import { DataError } from '../../core/errors.js';
import { formatIso, type Timestamp } from '../../core/time.js';
import { lowerBound } from '../bars.js';
import { PriceConverter } from '../resample/plan.js';
import { UNDEF_SIZE, type QuoteTable, type TradeTable } from '../schemas.js';

export interface TradeColumns {
  kind: 'trades';
  symbol: string;
  length: number;
  tsSec: Float64Array;
  tsNsec: Uint32Array;
  priceTicks: Float64Array;
  size: Float64Array;
  /** DBN side code of the aggressor: 'B' (66) buy, 'A' (65) sell, 'N' (78) unknown. */
  side: Uint8Array;
}

export interface QuoteColumns {
  kind: 'quotes';
  symbol: string;
  length: number;
  tsSec: Float64Array;
  tsNsec: Uint32Array;
  bidTicks: Float64Array;
  askTicks: Float64Array;
  bidSize: Float64Array;
  askSize: Float64Array;
}

export type TickColumns = TradeColumns | QuoteColumns;

/** Rows of each instrument id, in order. */
function rowsById(ids: Uint32Array, n: number): Map<number, Int32Array> {
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(ids[i]!, (counts.get(ids[i]!) ?? 0) + 1);
  const out = new Map<number, Int32Array>();
  const fill = new Map<number, number>();
  for (const [id, c] of counts) {
    out.set(id, new Int32Array(c));
    fill.set(id, 0);
  }
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const k = fill.get(id)!;
    out.get(id)![k] = i;
    fill.set(id, k + 1);
  }
  return out;
}

function symbolOf(symbols: Map<number, string>, id: number): string {
  return symbols.get(id) ?? String(id);
}

function checkTime(
  file: string,
  sym: string,
  sec: Float64Array,
  nsec: Uint32Array,
  row: number,
  src: number,
): void {
  if (row === 0) return;
  const a = sec[row - 1]!;
  const b = sec[row]!;
  if (b < a || (b === a && nsec[row]! < nsec[row - 1]!))
    throw new DataError(
      { file, row: src + 1, field: 'timestamp', value: formatIso(b, nsec[row]!) },
      `${sym}: earlier than the previous row of the symbol (${formatIso(a, nsec[row - 1]!)})`,
    );
}

function price(
  conv: PriceConverter,
  raw: number,
  srcTick: Scaled,
  where: { file: string; src: number; field: string; symbol: string },
  tick: Scaled,
): number {
  const t = conv.convert(raw, 1);
  if (t !== t)
    throw new DataError(
      { file: where.file, field: where.field, value: formatScaled(raw * srcTick.units, srcTick.scale) },
      `record ${where.src + 1} (${where.symbol}): price is not a whole number of instrument ticks (${formatScaled(tick.units, tick.scale)})`,
    );
  return t;
}

/** Splits a trade table by symbol and converts prices to each symbol's instrument tick. */
export function tradesBySymbol(
  t: TradeTable,
  symbols: Map<number, string>,
  file: string,
  lotSize: number,
  tickFor: (symbol: string) => Scaled,
): TradeColumns[] {
  const out: TradeColumns[] = [];
  for (const [id, rows] of rowsById(t.instrumentId, t.length)) {
    const symbol = symbolOf(symbols, id);
    const tick = tickFor(symbol);
    const conv = new PriceConverter(t.priceTick, tick, file);
    const n = rows.length;
    const c: TradeColumns = {
      kind: 'trades',
      symbol,
      length: n,
      tsSec: new Float64Array(n),
      tsNsec: new Uint32Array(n),
      priceTicks: new Float64Array(n),
      size: new Float64Array(n),
      side: new Uint8Array(n),
    };
    for (let k = 0; k < n; k++) {
      const r = rows[k]!;
      c.tsSec[k] = t.tsEventSec[r]!;
      c.tsNsec[k] = t.tsEventNsec[r]!;
      checkTime(file, symbol, c.tsSec, c.tsNsec, k, r);
      const raw = t.price[r]!;
      if (raw !== raw) throw new DataError({ file, row: r + 1, field: 'price' }, 'null trade price');
      c.priceTicks[k] = price(conv, raw, t.priceTick, { file, src: r, field: 'price', symbol }, tick);
      const size = t.size[r]!;
      if (size === UNDEF_SIZE) throw new DataError({ file, row: r + 1, field: 'size' }, 'null trade size');
      c.size[k] = size * lotSize;
      c.side[k] = t.side[r]!;
    }
    out.push(c);
  }
  return out;
}

/** Splits a quote table by symbol and converts prices to each symbol's instrument tick (NaN sides stay NaN). */
export function quotesBySymbol(
  t: QuoteTable,
  symbols: Map<number, string>,
  file: string,
  lotSize: number,
  tickFor: (symbol: string) => Scaled,
): QuoteColumns[] {
  const out: QuoteColumns[] = [];
  for (const [id, rows] of rowsById(t.instrumentId, t.length)) {
    const symbol = symbolOf(symbols, id);
    const tick = tickFor(symbol);
    const conv = new PriceConverter(t.priceTick, tick, file);
    const n = rows.length;
    const c: QuoteColumns = {
      kind: 'quotes',
      symbol,
      length: n,
      tsSec: new Float64Array(n),
      tsNsec: new Uint32Array(n),
      bidTicks: new Float64Array(n),
      askTicks: new Float64Array(n),
      bidSize: new Float64Array(n),
      askSize: new Float64Array(n),
    };
    for (let k = 0; k < n; k++) {
      const r = rows[k]!;
      c.tsSec[k] = t.tsEventSec[r]!;
      c.tsNsec[k] = t.tsEventNsec[r]!;
      checkTime(file, symbol, c.tsSec, c.tsNsec, k, r);
      const bid = t.bidPx[r]!;
      const ask = t.askPx[r]!;
      c.bidTicks[k] =
        bid === bid ? price(conv, bid, t.priceTick, { file, src: r, field: 'bid_px', symbol }, tick) : NaN;
      c.askTicks[k] =
        ask === ask ? price(conv, ask, t.priceTick, { file, src: r, field: 'ask_px', symbol }, tick) : NaN;
      const bs = t.bidSz[r]!;
      const as = t.askSz[r]!;
      c.bidSize[k] = bs === UNDEF_SIZE ? NaN : bs * lotSize;
      c.askSize[k] = as === UNDEF_SIZE ? NaN : as * lotSize;
    }
    out.push(c);
  }
  return out;
}

/** Rows with start <= ts < end (null = unbounded) as zero-copy views of the same columns. */
export function rangeTicks<C extends TickColumns>(c: C, start: Timestamp | null, end: Timestamp | null): C {
  const a = start ? lowerBound(c, start.sec, start.nsec) : 0;
  const b = end ? lowerBound(c, end.sec, end.nsec) : c.length;
  if (a === 0 && b === c.length) return c;
  const out: Record<string, unknown> = { ...c, length: Math.max(0, b - a) };
  for (const [k, v] of Object.entries(c))
    if (ArrayBuffer.isView(v)) out[k] = (v as Float64Array).subarray(a, Math.max(a, b));
  return out as unknown as C;
}
