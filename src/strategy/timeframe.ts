/**
 * Higher timeframes derived from a symbol's base bars inside a run (issue 4 §5), and indicators bound to
 * a symbol's base or higher-timeframe bars that the engine updates before the strategy's onBar.
 *
 * Closing rule (no lookahead): a higher bar covers the UTC-aligned bucket [k·N, (k+1)·N) seconds (plus an
 * optional offset, e.g. a session start); base bars are labelled by their start. The higher bar closes —
 * and becomes readable — at the base bar that completes it (base start + base interval >= bucket end), so
 * within that base bar's onBar the strategy sees it, exactly when a live trader would. If that base bar is
 * missing (a gap), the higher bar closes at the first base bar of a later bucket, before that bar is
 * aggregated. A partially formed higher bar is never visible.
 * The base interval is given, or inferred as the smallest spacing between the symbol's first 64 bars.
 * Closed bars are kept in a ring of `history` bars (default 1,000): O(1) per update, no allocation.
 * Limits: time-based buckets only (volume/dollar bars: src/data/resample/resample.ts on ticks); prices are doubles
 * computed from the exact ticks.
 */
import { UsageError } from '../core/errors.js';
import type { Instrument } from '../core/instrument.js';
import { formatIso } from '../core/time.js';
import type { BarTable } from '../data/bars.js';
import type { OhlcvInput } from '../indicators/contract.js';

/** What a bound indicator is fed: one field (scalar indicators) or the whole bar (OHLC indicators). */
export type BindInput = 'open' | 'high' | 'low' | 'close' | 'volume' | 'hl2' | 'hlc3' | 'ohlc4' | 'bar';

/** Anything with a streaming update (every indicator of src/indicators keeps the full contract). */
export type ScalarIndicator = { update(x: number): unknown };
export type BarIndicator = { update(bar: OhlcvInput): unknown };
export type Bindable = ScalarIndicator | BarIndicator;

/** Closed bars of one symbol on one higher timeframe; `ago` = 0 is the latest closed bar. */
export class TimeframeBars implements OhlcvInput {
  /** True during the base bar at which the latest higher bar closed. */
  justClosed = false;
  private count = 0;
  private readonly cap: number;
  private readonly ts: Float64Array;
  private readonly o: Float64Array;
  private readonly h: Float64Array;
  private readonly l: Float64Array;
  private readonly c: Float64Array;
  private readonly v: Float64Array;
  // The forming bar.
  private bucket = NaN;
  private fo = 0;
  private fh = 0;
  private fl = 0;
  private fc = 0;
  private fv = 0;
  private readonly bound: { ind: Bindable; input: BindInput }[] = [];

  constructor(
    readonly symbol: string,
    readonly intervalSec: number,
    readonly baseSec: number,
    readonly offsetSec: number,
    history: number,
  ) {
    this.cap = history;
    this.ts = new Float64Array(history);
    this.o = new Float64Array(history);
    this.h = new Float64Array(history);
    this.l = new Float64Array(history);
    this.c = new Float64Array(history);
    this.v = new Float64Array(history);
  }

  /** Closed bars so far (all of them; the last `history` can be read). */
  get length(): number {
    return this.count;
  }

  /** The latest closed bar as an OHLCV input (NaN before the first). */
  get open(): number {
    return this.count > 0 ? this.field(this.o, 0) : NaN;
  }
  get high(): number {
    return this.count > 0 ? this.field(this.h, 0) : NaN;
  }
  get low(): number {
    return this.count > 0 ? this.field(this.l, 0) : NaN;
  }
  get close(): number {
    return this.count > 0 ? this.field(this.c, 0) : NaN;
  }
  get volume(): number {
    return this.count > 0 ? this.field(this.v, 0) : NaN;
  }

  openAt(ago: number): number {
    return this.field(this.o, ago);
  }
  highAt(ago: number): number {
    return this.field(this.h, ago);
  }
  lowAt(ago: number): number {
    return this.field(this.l, ago);
  }
  closeAt(ago: number): number {
    return this.field(this.c, ago);
  }
  volumeAt(ago: number): number {
    return this.field(this.v, ago);
  }
  /** ISO 8601 UTC start of the closed bar `ago` bars back. */
  timeAt(ago: number): string {
    return formatIso(this.field(this.ts, ago), 0);
  }

  private field(col: Float64Array, ago: number): number {
    if (!(ago >= 0 && ago < this.count && ago < this.cap) || !Number.isInteger(ago))
      throw new RangeError(
        `${this.symbol} ${this.intervalSec}s bars: no closed bar ${ago} bars ago (${Math.min(this.count, this.cap)} readable)`,
      );
    return col[(this.count - 1 - ago) % this.cap]!;
  }

  /** Updates `ind` with each closed bar of this timeframe, before the strategy's onBar sees it. */
  bind(ind: Bindable, input: BindInput): void {
    this.bound.push({ ind, input });
  }

  /** Feeds one base bar (prices as doubles). Called by the engine before the strategy's onBar. */
  push(sec: number, o: number, h: number, l: number, c: number, v: number): void {
    this.justClosed = false;
    const k = Math.floor((sec - this.offsetSec) / this.intervalSec);
    if (k !== this.bucket && this.bucket === this.bucket) this.closeBar();
    if (this.bucket !== this.bucket) {
      this.bucket = k;
      this.fo = o;
      this.fh = h;
      this.fl = l;
      this.fc = c;
      this.fv = v;
    } else {
      if (h > this.fh) this.fh = h;
      if (l < this.fl) this.fl = l;
      this.fc = c;
      this.fv += v;
    }
    if (sec + this.baseSec >= (k + 1) * this.intervalSec + this.offsetSec) this.closeBar();
  }

  private closeBar(): void {
    const i = this.count % this.cap;
    this.ts[i] = this.bucket * this.intervalSec + this.offsetSec;
    this.o[i] = this.fo;
    this.h[i] = this.fh;
    this.l[i] = this.fl;
    this.c[i] = this.fc;
    this.v[i] = this.fv;
    this.count++;
    this.bucket = NaN;
    this.justClosed = true;
    for (const b of this.bound) feed(b.ind, b.input, this);
  }
}

/** Updates an indicator with one bar according to its bound input. */
export function feed(ind: Bindable, input: BindInput, bar: OhlcvInput): void {
  switch (input) {
    case 'bar':
      (ind as BarIndicator).update(bar);
      return;
    case 'close':
      (ind as ScalarIndicator).update(bar.close);
      return;
    case 'open':
      (ind as ScalarIndicator).update(bar.open);
      return;
    case 'high':
      (ind as ScalarIndicator).update(bar.high);
      return;
    case 'low':
      (ind as ScalarIndicator).update(bar.low);
      return;
    case 'volume':
      (ind as ScalarIndicator).update(bar.volume);
      return;
    case 'hl2':
      (ind as ScalarIndicator).update((bar.high + bar.low) / 2);
      return;
    case 'hlc3':
      (ind as ScalarIndicator).update((bar.high + bar.low + bar.close) / 3);
      return;
    case 'ohlc4':
      (ind as ScalarIndicator).update((bar.open + bar.high + bar.low + bar.close) / 4);
      return;
  }
}

const BIND_INPUTS = new Set<string>([
  'open',
  'high',
  'low',
  'close',
  'volume',
  'hl2',
  'hlc3',
  'ohlc4',
  'bar',
]);

export function checkBindInput(input: string): BindInput {
  if (!BIND_INPUTS.has(input))
    throw new UsageError(`indicator input must be one of ${[...BIND_INPUTS].join(', ')}, got "${input}"`);
  return input as BindInput;
}

/** Smallest positive spacing (whole seconds) between the first 64 rows; null with fewer than 2 rows. */
export function inferBaseSeconds(t: BarTable): number | null {
  let best = Infinity;
  for (let i = 1; i < Math.min(t.length, 64); i++) {
    const d = t.tsSec[i]! - t.tsSec[i - 1]!;
    if (d > 0 && d < best) best = d;
  }
  return best === Infinity ? null : best;
}

/**
 * What one strategy has bound to one symbol: indicators on the base bars and higher timeframes.
 * The engine calls `onBar` for each base bar of the symbol before the strategy's own onBar.
 */
export class SymbolBindings {
  readonly base: { ind: Bindable; input: BindInput }[] = [];
  readonly frames: TimeframeBars[] = [];
  private readonly bar = { open: 0, high: 0, low: 0, close: 0, volume: 0 };

  constructor(readonly instrument: Instrument) {}

  onBar(table: BarTable, row: number): void {
    const inst = this.instrument;
    const b = this.bar;
    b.open = inst.price(table.open[row]!);
    b.high = inst.price(table.high[row]!);
    b.low = inst.price(table.low[row]!);
    b.close = inst.price(table.close[row]!);
    b.volume = table.volume[row]!;
    for (const x of this.base) feed(x.ind, x.input, b);
    const sec = table.tsSec[row]!;
    for (const f of this.frames) f.push(sec, b.open, b.high, b.low, b.close, b.volume);
  }
}
