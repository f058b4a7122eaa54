/**
 * Microprice, the size-weighted mid of the best quotes: with imbalance I = Qb / (Qb + Qa),
 *   microprice = I · Pa + (1 − I) · Pb = (Pb · Qa + Pa · Qb) / (Qb + Qa).
 * Variant: this is the "weighted mid-price" that Stoikov ("The micro-price: a high-frequency estimator of
 * future prices", Quantitative Finance 18(12), 2018, §2) starts from, not his micro-price G* (the limit of
 * expected mids under a Markov model of imbalance and spread fitted to data). It leans toward the side
 * with less size: a thin ask means the next move is more likely up.
 *
 * `update(bidPx, bidSz, askPx, askSz)`, prices in any unit (ticks or decimals), sizes ≥ 0. Outputs
 * `microprice` (= value) and `mid`. Warm-up 1. When both sizes are 0 the microprice is the mid. One-sided
 * quotes (a NaN price) are rejected: skip them, the weighted mid is undefined there. Locked or crossed
 * quotes are accepted as given. O(1), allocation-free.
 */
import { checkFinite, type Indicator } from '../contract.js';
import { IndicatorDomainError } from './common.js';

const OUTPUTS: readonly string[] = Object.freeze(['microprice', 'mid']);

export class Microprice implements Indicator {
  readonly warmup = 1;
  readonly outputs = OUTPUTS;
  value = NaN;
  microprice = NaN;
  mid = NaN;

  get isReady(): boolean {
    return this.value === this.value;
  }

  update(bidPx: number, bidSz: number, askPx: number, askSz: number): number {
    checkFinite('Microprice', 'bidPx', bidPx);
    checkFinite('Microprice', 'bidSz', bidSz);
    checkFinite('Microprice', 'askPx', askPx);
    checkFinite('Microprice', 'askSz', askSz);
    if (bidSz < 0) throw new IndicatorDomainError('Microprice', 'bidSz', bidSz, 'must be >= 0');
    if (askSz < 0) throw new IndicatorDomainError('Microprice', 'askSz', askSz, 'must be >= 0');
    const total = bidSz + askSz;
    const mid = (bidPx + askPx) * 0.5;
    const micro = total > 0 ? (bidPx * askSz + askPx * bidSz) / total : mid;
    this.mid = mid;
    this.microprice = micro;
    this.value = micro;
    return micro;
  }

  reset(): void {
    this.value = NaN;
    this.microprice = NaN;
    this.mid = NaN;
  }
}

/** Batch twin: `microprice` and `mid` per row. */
export function micropriceBatch(
  bidPx: ArrayLike<number>,
  bidSz: ArrayLike<number>,
  askPx: ArrayLike<number>,
  askSz: ArrayLike<number>,
  out = { microprice: new Float64Array(bidPx.length), mid: new Float64Array(bidPx.length) },
): { microprice: Float64Array; mid: Float64Array } {
  const ind = new Microprice();
  const { microprice, mid } = out;
  for (let i = 0; i < bidPx.length; i++) {
    microprice[i] = ind.update(bidPx[i]!, bidSz[i]!, askPx[i]!, askSz[i]!);
    mid[i] = ind.mid;
  }
  return out;
}
