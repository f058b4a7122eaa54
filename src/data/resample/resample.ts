/**
 * Resampling ticks into bars: trades -> time, volume or dollar bars; quotes -> time bars on the mid, the
 * bid or the ask. Batch (`resampleTrades`, `resampleQuotes`) and streaming (`BarResampler`) forms; the batch
 * form is the streaming one fed a single chunk, so both give the same bars by construction.
 *
 * Bar rules (all prices integer ticks of `tickSize`, converted exactly from the table's priceTick):
 * - Time bars are labelled by their start; a bar exists only where at least one row fell in it (no empty
 *   bars are invented for quiet periods). OHLC are the first / highest / lowest / last trade price, volume
 *   is Σ size. For quotes the price is the mid (default) or one side (option `price`), and volume is the
 *   number of quote updates in the bar (quotes carry no traded size).
 * - Volume bars hold exactly `volume` units; dollar bars close on the first unit that brings their notional
 *   (price in ticks x tick x size) to at least `notional`, so they overshoot by less than one unit's price.
 *   A trade that crosses the threshold is split: the units needed go to the closing bar, the rest open the
 *   next bar(s) at the same trade's price and time; trades of size 0 are ignored. Each such bar is labelled by the time of its first
 *   (part-)trade, so bars cut from one large trade share a timestamp: volume and dollar BarTables are in
 *   non-decreasing (not strictly increasing) time.
 * - Streaming emits completed bars only: a time bar once a later row falls in a later bar (or at flush()),
 *   a volume/dollar bar as soon as it is full. A consumer therefore never sees a bar that could still
 *   change — the property that makes multi-timeframe strategies lookahead-free.
 * Errors (DataError naming file, 1-based record number, field and value): a null timestamp, price or size; a
 * timestamp earlier than the previous row's; a price off the output tick grid or <= 0 (BarTable prices are
 * positive); rows of a second instrument when `instrumentId` is not set. Exactness: integer arithmetic on
 * ticks and sizes throughout; a dollar bar's notional stays below 2^53 because threshold + price is checked.
 */
import { formatScaled, type Scaled } from '../../core/decimal.js';
import { DataError, UsageError } from '../../core/errors.js';
import { formatIso } from '../../core/time.js';
import { allocBarTable, sliceBarTable, type BarTable } from '../bars.js';
import {
  BAR_DOLLAR,
  BAR_TIME,
  PriceConverter,
  resolveResample,
  type QuoteResampleOptions,
  type ResampleOptions,
  type ResamplePlan,
} from './plan.js';
import { UNDEF_SIZE, type QuoteTable, type TradeTable } from '../schemas.js';

export type { ResampleOptions, QuoteResampleOptions } from './plan.js';

export interface ResampleCounts {
  /** Rows seen in all chunks. */
  rows: number;
  /** Rows that went into bars. */
  used: number;
  /** Quotes skipped for a null side (onMissing: 'skip'). */
  skipped: number;
  /** Rows of other instruments than `instrumentId`. */
  otherInstruments: number;
  /** Bars emitted so far. */
  bars: number;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export class BarResampler {
  readonly counts: ResampleCounts = { rows: 0, used: 0, skipped: 0, otherInstruments: 0, bars: 0 };
  private readonly plan: ResamplePlan;
  private conv: PriceConverter | null = null;
  private srcTick: Scaled | null = null;
  private out: BarTable;
  private inst = -1;
  private lastSec = -Infinity;
  private lastNsec = 0;
  private flushed = false;
  // The open bar.
  private isOpen = false;
  private bs = 0;
  private bn = 0;
  private o = 0;
  private h = 0;
  private l = 0;
  private c = 0;
  private v = 0;
  /** Dollar bars: notional so far in (tick x unit). */
  private acc = 0;

  constructor(
    readonly kind: 'trades' | 'quotes',
    options: ResampleOptions | QuoteResampleOptions,
  ) {
    if (kind !== 'trades' && kind !== 'quotes')
      throw new UsageError(`BarResampler: kind must be "trades" or "quotes" (got "${String(kind)}")`);
    this.plan = resolveResample(options, kind);
    this.out = allocBarTable(this.plan.symbol ?? '', this.plan.tick, 64);
  }

  /** Feeds one chunk (rows in time order, continuing the previous chunk); returns the bars it completed. */
  push(chunk: TradeTable | QuoteTable): BarTable {
    this.feed(chunk);
    return this.take();
  }

  /** Ends the stream: returns the bar still open (if any). No push may follow. */
  flush(): BarTable {
    if (!this.flushed && this.isOpen) this.emit();
    this.isOpen = false;
    this.flushed = true;
    return this.take();
  }

  /** Appends the bars completed by `chunk` to the pending output (batch form: no copy per chunk). */
  feed(t: TradeTable | QuoteTable): void {
    if (this.flushed) throw new UsageError('BarResampler: push after flush()');
    if (t.kind !== this.kind) throw new UsageError(`BarResampler(${this.kind}): got a "${t.kind}" table`);
    const p = this.plan;
    if (this.srcTick !== t.priceTick) {
      this.conv = new PriceConverter(t.priceTick, p.tick, p.file);
      this.srcTick = t.priceTick;
    }
    const conv = this.conv!;
    const quotes = this.kind === 'quotes';
    const q = t as QuoteTable;
    const tr = t as TradeTable;
    const secs = p.recv ? t.tsRecvSec : t.tsEventSec;
    const nsecs = p.recv ? t.tsRecvNsec : t.tsEventNsec;
    const ids = t.instrumentId;
    const base = this.counts.rows;
    const n = t.length;
    const tsField = p.recv ? 'ts_recv' : 'ts_event';
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if (id !== this.inst) {
        if (p.instrumentId !== null) {
          if (id !== p.instrumentId) {
            this.counts.otherInstruments++;
            continue;
          }
        } else if (this.inst >= 0)
          this.fail(
            base + i,
            'instrumentId',
            String(id),
            `a second instrument (the stream began with ${this.inst}); set instrumentId to pick one`,
          );
        this.inst = id;
        if (this.out.symbol === '') this.out.symbol = p.symbol ?? String(id);
      }
      const sec = secs[i]!;
      const nsec = nsecs[i]!;
      if (sec !== sec) this.fail(base + i, tsField, 'null', 'a timestamp is required');
      if (sec < this.lastSec || (sec === this.lastSec && nsec < this.lastNsec))
        this.fail(
          base + i,
          tsField,
          formatIso(sec, nsec),
          `timestamp goes back in time (previous row at ${formatIso(this.lastSec, this.lastNsec)})`,
        );
      this.lastSec = sec;
      this.lastNsec = nsec;
      let px: number;
      let size: number;
      if (quotes) {
        const bid = q.bidPx[i]!;
        const ask = q.askPx[i]!;
        const side = p.price;
        if ((side !== 'ask' && bid !== bid) || (side !== 'bid' && ask !== ask)) {
          if (p.skipMissing) {
            this.counts.skipped++;
            continue;
          }
          this.fail(base + i, bid !== bid ? 'bid_px' : 'ask_px', 'null', `a ${side} price is required`);
        }
        px = side === 'mid' ? conv.convert(bid + ask, 2) : conv.convert(side === 'bid' ? bid : ask, 1);
        if (!(px > 0 && px <= MAX_SAFE)) {
          const field = side === 'ask' ? 'ask_px' : 'bid_px';
          const raw = side === 'ask' ? ask : bid;
          this.badPrice(
            base + i,
            field,
            raw,
            px,
            side === 'mid' ? ` (mid with ask ${this.rawText(ask)}; for mids use half the quote tick)` : '',
          );
        }
        size = 1;
      } else {
        const raw = tr.price[i]!;
        if (raw !== raw) this.fail(base + i, 'price', 'null', 'a price is required');
        px = conv.convert(raw, 1);
        if (!(px > 0 && px <= MAX_SAFE)) this.badPrice(base + i, 'price', raw, px, '');
        size = tr.size[i]!;
        if (size === UNDEF_SIZE) this.fail(base + i, 'size', 'null', 'a size is required');
      }
      this.counts.used++;
      if (p.type === BAR_TIME) this.addTime(sec, nsec, px, size);
      else this.addSplit(sec, nsec, px, size, base + i);
    }
    this.counts.rows += n;
  }

  private addTime(sec: number, nsec: number, px: number, size: number): void {
    const p = this.plan;
    let bs: number;
    let bn = 0;
    if (p.iSec > 0) {
      const origin = p.dayAlign ? Math.floor(sec / 86400) * 86400 : 0;
      const r = (sec - origin) % p.iSec;
      bs = sec - (r < 0 ? r + p.iSec : r);
    } else {
      bs = sec;
      bn = nsec - (nsec % p.iNs);
    }
    if (this.isOpen && bs === this.bs && bn === this.bn) {
      if (px > this.h) this.h = px;
      if (px < this.l) this.l = px;
      this.c = px;
      this.v += size;
      return;
    }
    if (this.isOpen) this.emit();
    this.start(bs, bn, px, size);
  }

  /** Volume and dollar bars: split the row's size across as many bars as it fills. */
  private addSplit(sec: number, nsec: number, px: number, size: number, row: number): void {
    if (size === 0) return; // no volume, no notional: it moves no volume or dollar bar
    const dollar = this.plan.type === BAR_DOLLAR;
    const n = this.plan.threshold;
    if (dollar && n + px > MAX_SAFE)
      this.fail(row, 'price', String(px), 'notional threshold + price exceeds the exact integer range');
    let s = size;
    do {
      if (!this.isOpen) this.start(sec, nsec, px, 0);
      else {
        if (px > this.h) this.h = px;
        if (px < this.l) this.l = px;
        this.c = px;
      }
      let take: number;
      if (dollar) {
        const need = n - this.acc; // > 0 while the bar is open
        let k = Math.floor(need / px);
        while (k * px < need) k++;
        while (k > 0 && (k - 1) * px >= need) k--;
        take = k < s ? k : s;
        this.acc += take * px;
      } else {
        take = n - this.v < s ? n - this.v : s;
      }
      this.v += take;
      s -= take;
      if (dollar ? this.acc >= n : this.v === n) this.emit();
    } while (s > 0);
  }

  private start(bs: number, bn: number, px: number, size: number): void {
    this.isOpen = true;
    this.bs = bs;
    this.bn = bn;
    this.o = this.h = this.l = this.c = px;
    this.v = size;
    this.acc = 0;
  }

  private emit(): void {
    const t = this.out;
    const j = t.length;
    if (j === t.tsSec.length) {
      const g = allocBarTable(t.symbol, t.tick, j * 2);
      for (const k of ['tsSec', 'tsNsec', 'open', 'high', 'low', 'close', 'volume'] as const)
        (g[k] as Float64Array).set(t[k] as Float64Array);
      g.length = j;
      this.out = g;
    }
    const u = this.out;
    u.tsSec[j] = this.bs;
    u.tsNsec[j] = this.bn;
    u.open[j] = this.o;
    u.high[j] = this.h;
    u.low[j] = this.l;
    u.close[j] = this.c;
    u.volume[j] = this.v;
    u.length = j + 1;
    this.isOpen = false;
    this.counts.bars++;
  }

  /** The pending bars as a table of their own; the pending list restarts empty. */
  take(): BarTable {
    const r = sliceBarTable(this.out, 0, this.out.length);
    this.out.length = 0;
    return r;
  }

  private rawText(raw: number): string {
    const t = this.srcTick!;
    return t.units === 1 && Number.isSafeInteger(raw) ? formatScaled(raw, t.scale) : `${raw} ticks`;
  }

  private badPrice(index: number, field: string, raw: number, px: number, extra: string): never {
    const why =
      px !== px
        ? `price is not a multiple of the tick size ${this.plan.tickText}${extra}`
        : px <= 0
          ? 'price must be > 0 in a bar table'
          : 'price too large to hold exactly in ticks';
    this.fail(index, field, this.rawText(raw), why);
  }

  private fail(index: number, field: string, value: string, detail: string): never {
    throw new DataError({ file: this.plan.file, row: index + 1, field, value }, detail);
  }
}

/** Trades -> bars (time, volume or dollar) in one call. */
export function resampleTrades(t: TradeTable, options: ResampleOptions): BarTable {
  const r = new BarResampler('trades', options);
  r.feed(t);
  return r.flush();
}

/** Quotes -> time bars on the mid, bid or ask in one call. */
export function resampleQuotes(t: QuoteTable, options: QuoteResampleOptions): BarTable {
  const r = new BarResampler('quotes', options);
  r.feed(t);
  return r.flush();
}
