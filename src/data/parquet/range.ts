/**
 * Exact time-range cuts on int64 timestamp columns (as halves), for range reads of Parquet and Arrow.
 *
 * The bounds are converted once per file into the file's time unit (BigInt at the edge only): a row is
 * kept when start <= ts < end, i.e. tsUnits >= ceil(start / k) and tsUnits < ceil(end / k) for k
 * nanoseconds per unit. Rows are compared as (signed hi, unsigned lo) pairs.
 * Invariants: on a run sorted by time, the kept rows are one contiguous slice [from, to).
 */
import { tsToBigInt, type Timestamp } from '../../core/time.js';

export interface TsRange {
  /** Bounds in the file's unit as int64 halves (lo, hi); null = unbounded. */
  start: Int32Array | null;
  end: Int32Array | null;
  /** The same bounds in nanoseconds, for row-group statistics. */
  startNs: bigint | null;
  endNs: bigint | null;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b < a ? q + 1n : q;
}

function toHalves(v: bigint): Int32Array {
  const h = new Int32Array(new BigInt64Array([BigInt.asIntN(64, v)]).buffer);
  return h;
}

export function makeRange(
  start: Timestamp | undefined,
  end: Timestamp | undefined,
  unitsPerSec: number,
): TsRange {
  const k = BigInt(1e9 / unitsPerSec);
  const startNs = start ? tsToBigInt(start.sec, start.nsec) : null;
  const endNs = end ? tsToBigInt(end.sec, end.nsec) : null;
  const clamp = (v: bigint): bigint =>
    v > 2n ** 63n - 1n ? 2n ** 63n - 1n : v < -(2n ** 63n) ? -(2n ** 63n) : v;
  return {
    start: startNs === null ? null : toHalves(clamp(ceilDiv(startNs, k))),
    end: endNs === null ? null : toHalves(clamp(ceilDiv(endNs, k))),
    startNs,
    endNs,
  };
}

/** ts[i] < bound, comparing int64 halves. */
function below(h: Int32Array, i: number, b: Int32Array): boolean {
  const hi = h[2 * i + 1]!;
  const bhi = b[1]!;
  return hi < bhi || (hi === bhi && h[2 * i]! >>> 0 < b[0]! >>> 0);
}

/** The kept slice [from, to) of rows [i, j) of a time-sorted run. */
export function cutRange(h: Int32Array, i: number, j: number, r: TsRange): [number, number] {
  let from = i;
  if (r.start) while (from < j && below(h, from, r.start)) from++;
  let to = from;
  if (r.end) while (to < j && below(h, to, r.end)) to++;
  else to = j;
  return [from, to];
}

/**
 * How a row group's `ts` column statistics (min/max in the file's unit, `nsPerUnit` ns each) meet the
 * range: 'none' (skip it), 'all' (every row inside) or 'some' (cut its rows; also without statistics).
 */
export function groupOverlap(
  ts: { min_value?: unknown; max_value?: unknown; min?: unknown; max?: unknown } | undefined,
  r: TsRange,
  nsPerUnit: bigint,
): 'none' | 'all' | 'some' {
  const min = ts?.min_value ?? ts?.min;
  const max = ts?.max_value ?? ts?.max;
  if (typeof min !== 'bigint' || typeof max !== 'bigint') return 'some';
  const lo = min * nsPerUnit;
  const hi = max * nsPerUnit;
  if ((r.startNs !== null && hi < r.startNs) || (r.endNs !== null && lo >= r.endNs)) return 'none';
  return (r.startNs === null || lo >= r.startNs) && (r.endNs === null || hi < r.endNs) ? 'all' : 'some';
}
