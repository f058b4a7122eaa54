/**
 * Wilder's moving average (also called RMA or SMMA), streaming (`WilderMA`) and batch (`wilderBatch`):
 * the smoothing RSI, ATR and ADX/DMI use.
 *
 * Formula: seed = simple mean of the first `period` inputs; afterwards avg ← avg + (x − avg)·(1/period)
 * (Wilder's avg·(n−1)/n + x/n rearranged so a constant input stays exactly constant; a multiplication by
 * the precomputed 1/period instead of a division keeps the loop-carried latency short — the same form
 * technicalindicators and trading-signals use).
 * Warm-up: `period` updates. Exactness: the seed sum is Neumaier-compensated (the seed is the correctly
 * rounded mean up to one final rounding); afterwards one rounding per update, and the recursion is a
 * contraction, so rounding errors do not accumulate. O(1), allocation-free per update; the batch twin runs
 * the same instance code, so it agrees bit for bit.
 */
import { checkFinite, checkPeriod, type Indicator } from './contract.js';

const OUTPUTS: readonly string[] = ['value'];

export class WilderMA implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  /** 1 / period, the weight of each new input once warm. */
  readonly weight: number;
  value = NaN;
  isReady = false;
  private count = 0;
  private sum = 0;
  private comp = 0;

  constructor(readonly period: number) {
    checkPeriod('WilderMA', 'period', period);
    this.warmup = period;
    this.weight = 1 / period;
  }

  update(x: number): number {
    if (x - x !== 0) checkFinite('WilderMA', 'x', x);
    if (this.isReady) return (this.value = this.value + (x - this.value) * this.weight);
    const s = this.sum;
    const t = s + x;
    this.comp += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    this.sum = t;
    if (++this.count === this.period) {
      this.isReady = true;
      this.value = (this.sum + this.comp) / this.period;
    }
    return this.value;
  }

  reset(): void {
    this.value = NaN;
    this.isReady = false;
    this.count = 0;
    this.sum = 0;
    this.comp = 0;
  }
}

/** Batch twin: out[i] = Wilder average after row i (NaN during warm-up). */
export function wilderBatch(
  input: ArrayLike<number>,
  period: number,
  out: Float64Array = new Float64Array(input.length),
): Float64Array {
  const ma = new WilderMA(period);
  for (let i = 0; i < input.length; i++) out[i] = ma.update(input[i]!);
  return out;
}
