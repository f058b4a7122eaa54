/**
 * Rolling population standard deviation (`StdDev`) and z-score (`ZScore`), streaming and batch.
 *
 * Formulas over the last n = `period` inputs: σ = sqrt(Σ(x − μ)²/n) (population, divisor n);
 * ZScore = (x − μ)/σ for the newest x, defined as 0 when σ = 0 (then x = μ). Warm-up: `period` updates.
 * StdDev(1) and ZScore(1) are 0 once warm.
 * Exactness: from WindowMoments (moments.ts: double-double Σx and Σx² with exact squares, no drift; μ is
 * the correctly rounded mean, σ within about an ulp), then one sqrt (and one subtraction and division
 * for the z-score). O(1), allocation-free per update; batch twins give the same values bit for bit.
 */
import { checkFinite, checkPeriod, type Indicator } from './contract.js';
import { WindowMoments, windowMomentsBatch } from './moments.js';
import { BATCH_CHUNK } from './sma.js';

const VALUE: readonly string[] = ['value'];

export class StdDev implements Indicator {
  readonly warmup: number;
  readonly outputs = VALUE;
  value = NaN;
  isReady = false;
  private readonly m: WindowMoments;

  constructor(readonly period: number) {
    checkPeriod('StdDev', 'period', period);
    this.warmup = period;
    this.m = new WindowMoments(period);
  }

  update(x: number): number {
    checkFinite('StdDev', 'x', x);
    const m = this.m;
    m.push(x);
    if (m.isReady) {
      this.isReady = true;
      this.value = Math.sqrt(m.variance);
    }
    return this.value;
  }

  reset(): void {
    this.m.reset();
    this.value = NaN;
    this.isReady = false;
  }
}

/** Batch twin of StdDev (population): out[i] after row i, NaN during warm-up. */
export function stddevBatch(
  input: ArrayLike<number>,
  period: number,
  out: Float64Array = new Float64Array(input.length),
): Float64Array {
  checkPeriod('StdDev', 'period', period);
  const mean = new Float64Array(input.length);
  windowMomentsBatch('StdDev', input, period, mean, out);
  for (let from = 0; from < out.length; from += BATCH_CHUNK)
    sqrtRows(out, from, Math.min(out.length, from + BATCH_CHUNK));
  return out;
}

function sqrtRows(out: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) out[i] = Math.sqrt(out[i]!);
}

export class ZScore implements Indicator {
  readonly warmup: number;
  readonly outputs = VALUE;
  value = NaN;
  isReady = false;
  private readonly m: WindowMoments;

  constructor(readonly period: number) {
    checkPeriod('ZScore', 'period', period);
    this.warmup = period;
    this.m = new WindowMoments(period);
  }

  update(x: number): number {
    checkFinite('ZScore', 'x', x);
    const m = this.m;
    m.push(x);
    if (m.isReady) {
      this.isReady = true;
      const sd = Math.sqrt(m.variance);
      this.value = sd > 0 ? (x - m.mean) / sd : 0;
    }
    return this.value;
  }

  reset(): void {
    this.m.reset();
    this.value = NaN;
    this.isReady = false;
  }
}

/** Batch twin of ZScore: out[i] after row i, NaN during warm-up. */
export function zscoreBatch(
  input: ArrayLike<number>,
  period: number,
  out: Float64Array = new Float64Array(input.length),
): Float64Array {
  checkPeriod('ZScore', 'period', period);
  const mean = new Float64Array(input.length);
  windowMomentsBatch('ZScore', input, period, mean, out);
  for (let from = 0; from < out.length; from += BATCH_CHUNK)
    zRows(input, mean, out, from, Math.min(out.length, from + BATCH_CHUNK));
  return out;
}

function zRows(
  input: ArrayLike<number>,
  mean: Float64Array,
  out: Float64Array,
  from: number,
  to: number,
): void {
  for (let i = from; i < to; i++) {
    const sd = Math.sqrt(out[i]!);
    out[i] = sd > 0 ? (input[i]! - mean[i]!) / sd : sd === 0 ? 0 : NaN;
  }
}
