/**
 * Simple moving average, streaming (`SMA`) and batch (`smaBatch`, alias `SMA.batch`).
 *
 * Formula: mean of the last `period` inputs. Warm-up: `period` updates (NaN before).
 * Exactness: the window sum is a double-double (hi + lo) updated with two error-free TwoSums per update
 * (add the new input, subtract the leaving one) and renormalised once per `period` updates, so it never
 * drifts. It is the exact window sum whenever the values are multiples of their smallest ulp q and the
 * sums stay below about 2^104·q (e.g. any values from 1e−3 to 1e6 in windows up to 10^4 long); beyond
 * that each update may round at the 2^−104 level. The mean is then divided out with an exact remainder
 * (Dekker's split of the quotient, Sterbenz for the difference) and one corrective division, which gives
 * the correctly rounded mean of the window (ties to even) whenever the window's largest and smallest
 * nonzero magnitudes are within a factor 2^52/period of each other (and period < 2^26).
 * test/indicators/sma.test.ts checks it against BigInt arithmetic after 10 M updates.
 * O(1), allocation-free per update; the batch loop repeats the same arithmetic, so both agree bit for bit.
 */
import { checkFinite, checkPeriod, type Indicator } from './contract.js';
import { UsageError } from '../core/errors.js';

export { CrossOver } from './cross.js';

const OUTPUTS: readonly string[] = ['value'];
/** Dekker's splitter for doubles: 2^27 + 1. */
export const SPLITTER = 134217729;

/**
 * Correctly rounded (hi + lo) / n for an integer n < 2^26, given inv = 1 / n. q approximates the mean;
 * hi − q·n is computed exactly (q split in 26-bit halves, Sterbenz for the first difference) and the
 * remainder, corrected by lo, is divided once more.
 */
export function exactMean(hi: number, lo: number, n: number, inv: number): number {
  const q = hi * inv;
  const c = SPLITTER * q;
  const qh = c - (c - q);
  const ql = q - qh;
  return q + (hi - qh * n - ql * n + lo) / n;
}

/**
 * The SMA of a full first window from its (not yet renormalised) double-double sum, rounded exactly as
 * SMA.update rounds when its ring first fills: the EMA family seeds with it, so an EMA's seed is the SMA.
 */
export function seedMean(hi: number, lo: number, n: number): number {
  const h = hi + lo;
  const bh = h - hi;
  return exactMean(h, hi - (h - bh) + (lo - bh), n, 1 / n);
}

/**
 * Batch twins run their loop in chunks of this many rows, one call each, with the loop state in a small
 * array between calls. A single long call would run V8's on-stack-replacement code, and its optimised
 * code (compiled while the first call's prologue still had no type feedback) tends to deoptimise; the
 * chunked loop gets ordinary optimised code after a few chunks (measured: about 2x faster batches).
 */
export const BATCH_CHUNK = 4096;

/** Batch twins that keep windows refuse an output aliasing their input (rows would be overwritten). */
export function checkNoAlias(indicator: string, input: ArrayLike<number>, out: Float64Array): void {
  if (ArrayBuffer.isView(input) && (input as unknown as Float64Array).buffer === out.buffer)
    throw new UsageError(`${indicator} batch: the output array must not share memory with the input`);
}

export class SMA implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  isReady = false;
  private readonly ring: Float64Array;
  private readonly inv: number;
  private pos = 0;
  private hi = 0;
  private lo = 0;

  constructor(readonly period: number) {
    checkPeriod('SMA', 'period', period);
    this.warmup = period;
    this.inv = 1 / period;
    this.ring = new Float64Array(period);
  }

  update(x: number): number {
    checkFinite('SMA', 'x', x);
    const ring = this.ring;
    const pos = this.pos;
    // The ring starts zeroed, so during warm-up the "leaving" value is 0 and subtracting it is exact.
    const old = ring[pos]!;
    ring[pos] = x;
    const hi = this.hi;
    const s = hi + x;
    const bs = s - hi;
    const t = s - old;
    const bt = t - s;
    let lo = this.lo + (hi - (s - bs) + (x - bs) + (s - (t - bt) + (-old - bt)));
    let h = t;
    if (pos + 1 === this.period) {
      this.pos = 0;
      h = t + lo;
      const bh = h - t;
      lo = t - (h - bh) + (lo - bh);
      this.isReady = true;
    } else this.pos = pos + 1;
    this.hi = h;
    this.lo = lo;
    if (this.isReady) this.value = exactMean(h, lo, this.period, this.inv);
    return this.value;
  }

  reset(): void {
    this.ring.fill(0);
    this.pos = 0;
    this.hi = 0;
    this.lo = 0;
    this.value = NaN;
    this.isReady = false;
  }

  /** Batch twin (kept for existing callers): see `smaBatch`. */
  static batch(input: ArrayLike<number>, period: number, out?: Float64Array): Float64Array {
    return smaBatch(input, period, out);
  }
}

/**
 * Batch twin: out[i] = SMA after row i (NaN during warm-up), bit for bit what `SMA.update` returns.
 * Throws IndicatorInputError on a non-finite row; `out` must not share memory with `input`.
 */
export function smaBatch(
  input: ArrayLike<number>,
  period: number,
  out: Float64Array = new Float64Array(input.length),
): Float64Array {
  checkPeriod('SMA', 'period', period);
  checkNoAlias('SMA', input, out);
  const state = new Float64Array(3);
  for (let from = 0; from < input.length; from += BATCH_CHUNK)
    smaRows(input, period, out, from, Math.min(input.length, from + BATCH_CHUNK), state);
  return out;
}

function smaRows(
  input: ArrayLike<number>,
  period: number,
  out: Float64Array,
  from: number,
  to: number,
  state: Float64Array,
): void {
  const inv = 1 / period;
  let hi = state[0]!;
  let lo = state[1]!;
  let pos = state[2]!;
  for (let i = from; i < to; i++) {
    const x = input[i]!;
    checkFinite('SMA', 'x', x);
    const old = i >= period ? input[i - period]! : 0;
    const s = hi + x;
    const bs = s - hi;
    const t = s - old;
    const bt = t - s;
    lo = lo + (hi - (s - bs) + (x - bs) + (s - (t - bt) + (-old - bt)));
    hi = t;
    if (++pos === period) {
      pos = 0;
      const h = t + lo;
      const bh = h - t;
      lo = t - (h - bh) + (lo - bh);
      hi = h;
    }
    out[i] = i + 1 >= period ? exactMean(hi, lo, period, inv) : NaN;
  }
  state[0] = hi;
  state[1] = lo;
  state[2] = pos;
}
