/**
 * The columnar OHLCV bar table: one typed array per field, no per-row objects (DESIGN.md §2).
 *
 * Invariants (checked by the readers, relied on by the engine): rows are in strictly increasing time;
 * prices are integer ticks of `tick` with low <= min(open, close) <= max(open, close) <= high and low > 0;
 * volume >= 0. A bar is labelled by its start time and is delivered to strategies as a completed bar.
 * Limits: volume is a double in instrument units (it may be fractional, e.g. crypto).
 */
import type { Scaled } from '../core/decimal.js';
import { grown } from '../core/columns.js';

export interface BarTable {
  symbol: string;
  /** The tick the price columns are counted in (e.g. {units: 1, scale: 2} = 0.01). */
  tick: Scaled;
  length: number;
  tsSec: Float64Array;
  tsNsec: Uint32Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export function allocBarTable(symbol: string, tick: Scaled, capacity: number): BarTable {
  return {
    symbol,
    tick,
    length: 0,
    tsSec: new Float64Array(capacity),
    tsNsec: new Uint32Array(capacity),
    open: new Float64Array(capacity),
    high: new Float64Array(capacity),
    low: new Float64Array(capacity),
    close: new Float64Array(capacity),
    volume: new Float64Array(capacity),
  };
}

/** The seven columns of bar rows, as a table or a builder holds them. */
export type BarColumns = Pick<BarTable, 'tsSec' | 'tsNsec' | 'open' | 'high' | 'low' | 'close' | 'volume'>;

/** Gives every column of `c` room for `capacity` rows, keeping its rows (replaces the arrays in place). */
export function growBarColumns(c: BarColumns, capacity: number): void {
  c.tsSec = grown(c.tsSec, capacity);
  c.tsNsec = grown(c.tsNsec, capacity);
  c.open = grown(c.open, capacity);
  c.high = grown(c.high, capacity);
  c.low = grown(c.low, capacity);
  c.close = grown(c.close, capacity);
  c.volume = grown(c.volume, capacity);
}

/** A copy trimmed to `length` rows (or the given row range). */
export function sliceBarTable(t: BarTable, start = 0, end = t.length): BarTable {
  return {
    symbol: t.symbol,
    tick: t.tick,
    length: end - start,
    tsSec: t.tsSec.slice(start, end),
    tsNsec: t.tsNsec.slice(start, end),
    open: t.open.slice(start, end),
    high: t.high.slice(start, end),
    low: t.low.slice(start, end),
    close: t.close.slice(start, end),
    volume: t.volume.slice(start, end),
  };
}

/** Rows with start <= ts < end (bounds as (sec, nsec) pairs; null = unbounded), as zero-copy views. */
export function rangeBarTable(
  t: BarTable,
  startSec: number | null,
  startNsec: number,
  endSec: number | null,
  endNsec: number,
): BarTable {
  let lo = 0;
  let hi = t.length;
  if (startSec !== null) lo = lowerBound(t, startSec, startNsec);
  if (endSec !== null) hi = lowerBound(t, endSec, endNsec);
  if (hi < lo) hi = lo;
  return viewBarTable(t, lo, hi);
}

/** First row whose timestamp is >= (sec, nsec). */
/** Rows [start, end) as zero-copy views of the same columns. */
export function viewBarTable(t: BarTable, start: number, end: number): BarTable {
  return {
    symbol: t.symbol,
    tick: t.tick,
    length: end - start,
    tsSec: t.tsSec.subarray(start, end),
    tsNsec: t.tsNsec.subarray(start, end),
    open: t.open.subarray(start, end),
    high: t.high.subarray(start, end),
    low: t.low.subarray(start, end),
    close: t.close.subarray(start, end),
    volume: t.volume.subarray(start, end),
  };
}

/** Time columns in non-decreasing order (bars, trades, quotes ...). */
export interface TimeColumns {
  length: number;
  tsSec: ArrayLike<number>;
  tsNsec: ArrayLike<number>;
}

/** First row at or after (sec, nsec). */
export function lowerBound(t: TimeColumns, sec: number, nsec: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = t.tsSec[mid]!;
    if (s < sec || (s === sec && t.tsNsec[mid]! < nsec)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
