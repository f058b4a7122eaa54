/**
 * Relative strength index (Wilder, 1978), streaming (`RSI`) and batch (`rsiBatch`).
 *
 * Formula: change = x_t − x_{t−1}; gain = max(change, 0), loss = max(−change, 0); avgGain and avgLoss are
 * Wilder averages (wilder.ts: seeded with the simple mean of the first `period` gains / losses, then
 * avg ← avg + (g − avg)·(1/period)); RSI = 100·avgGain / (avgGain + avgLoss), which is 100 − 100 / (1 + RS)
 * without the division by a zero avgLoss. Both averages 0 (a window with no movement at all) gives 50:
 * neither side dominates. RSI is 100 when there are only gains and 0 when there are only losses.
 * Warm-up: period + 1 updates (the first input only sets the reference price).
 * Exactness: the seeds are compensated means; afterwards one rounding per smoothing step, and Wilder's
 * recursion is a contraction, so nothing drifts. O(1), allocation-free per update; once warm the two
 * averages continue on plain fields with WilderMA's arithmetic (no calls). The batch twin runs the same
 * instance code, so it agrees bit for bit.
 */
import { checkFinite, checkPeriod, type Indicator } from './contract.js';
import { WilderMA } from './wilder.js';

const OUTPUTS: readonly string[] = ['value'];

export class RSI implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  isReady = false;
  private prev = NaN;
  private readonly avgGain: WilderMA;
  private readonly avgLoss: WilderMA;
  private readonly weight: number;
  private gain = 0;
  private loss = 0;

  constructor(readonly period = 14) {
    checkPeriod('RSI', 'period', period);
    this.warmup = period + 1;
    this.avgGain = new WilderMA(period);
    this.avgLoss = new WilderMA(period);
    this.weight = 1 / period;
  }

  update(x: number): number {
    if (x - x !== 0) checkFinite('RSI', 'x', x);
    const change = x - this.prev;
    this.prev = x;
    if (!this.isReady) return this.warmUp(change);
    // Warm: WilderMA's recursion inlined on plain fields (same arithmetic, no calls).
    const g = (this.gain += ((change > 0 ? change : 0) - this.gain) * this.weight);
    const l = (this.loss += ((change < 0 ? -change : 0) - this.loss) * this.weight);
    const sum = g + l;
    return (this.value = sum === 0 ? 50 : (100 * g) / sum);
  }

  /** Until warm: seeds through WilderMA (compensated means), then hands the averages to the fast path. */
  private warmUp(change: number): number {
    // The first input gives change = NaN (prev was NaN): it only sets the reference price.
    if (change !== change) return this.value;
    const g = this.avgGain.update(change > 0 ? change : 0);
    const l = this.avgLoss.update(change < 0 ? -change : 0);
    if (!this.avgGain.isReady) return this.value;
    this.isReady = true;
    this.gain = g;
    this.loss = l;
    const sum = g + l;
    return (this.value = sum === 0 ? 50 : (100 * g) / sum);
  }

  reset(): void {
    this.value = NaN;
    this.isReady = false;
    this.prev = NaN;
    this.gain = this.loss = 0;
    this.avgGain.reset();
    this.avgLoss.reset();
  }
}

/** Batch twin: out[i] = RSI after row i (NaN during warm-up); IndicatorInputError on a non-finite row. */
export function rsiBatch(
  input: ArrayLike<number>,
  period = 14,
  out: Float64Array = new Float64Array(input.length),
): Float64Array {
  const rsi = new RSI(period);
  for (let i = 0; i < input.length; i++) out[i] = rsi.update(input[i]!);
  return out;
}
