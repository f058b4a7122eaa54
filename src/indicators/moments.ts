/**
 * Rolling window moments — the exact mean and the population variance of the last `period` inputs —
 * shared by StdDev, ZScore (stddev.ts) and BollingerBands (bollinger.ts), streaming (`WindowMoments`) and
 * batch (`windowMomentsBatch`).
 *
 * Formulas: μ = Σx/n; σ² = Σ(x − μ)²/n = (n·Σx² − (Σx)²)/n² (population, divisor n). Ready after n pushes.
 * Exactness (compensated sums): Σx and Σx² are double-doubles slid with error-free transformations — each
 * square is split exactly into x² = p + e (Dekker's product), p is added and the leaving p subtracted with
 * TwoSums, the error terms go to the low word; both are renormalised once per `period` updates. Σx is exact
 * for ordinary prices (see sma.ts) and μ is bit for bit the SMA; Σx² keeps ~106 bits, so nothing drifts at
 * double precision (rounding, if any, is ~2^−106·Σx² per update). n·Σx² − (Σx)² is then formed from the
 * exact halves (Sterbenz: no cancellation error in the leading difference), so σ is accurate to about an
 * ulp even when σ is 10^−8 of the price; a flat window gives 0 when x² is a double, otherwise at most about
 * one ulp of the largest recent |x| (test/indicators/dispersion.test.ts: within 1e−15 relative of exact
 * BigInt moments after 10 M updates). O(1), allocation-free per push; the batch loop repeats the same
 * arithmetic (bit for bit). Inputs are not checked here: the indicators check them first.
 */
import { checkFinite } from './contract.js';
import { BATCH_CHUNK, checkNoAlias, exactMean, SPLITTER } from './sma.js';

/**
 * n·(h2 + l2) − (h1 + l1)² ≥ 0 from the double-double sums (n < 2^26). n·h2 = P + Pe and h1² = q + qe
 * exactly (Dekker products); P − q is exact (Sterbenz) when σ² ≪ μ², so the result carries an error of
 * about 2^−105·n·Σx² only: σ to about an ulp of the mean's magnitude at worst, far better when σ is not tiny.
 */
function spread(n: number, h1: number, l1: number, h2: number, l2: number): number {
  let c = SPLITTER * h2;
  const h2h = c - (c - h2);
  const p = n * h2;
  const pe = n * h2h - p + n * (h2 - h2h);
  c = SPLITTER * h1;
  const h1h = c - (c - h1);
  const h1l = h1 - h1h;
  const q = h1 * h1;
  const qe = h1h * h1h - q + 2 * h1h * h1l + h1l * h1l;
  const d = p - q + (pe - qe + (n * l2 - (2 * h1 + l1) * l1));
  return d > 0 ? d : 0;
}

/** Window state: exact mean and variance of the last `period` pushes (the caller checks the input). */
export class WindowMoments {
  mean = NaN;
  variance = NaN;
  isReady = false;
  private readonly ring: Float64Array;
  private readonly inv: number;
  private readonly invSq: number;
  private pos = 0;
  private hi1 = 0;
  private lo1 = 0;
  private hi2 = 0;
  private lo2 = 0;

  constructor(readonly period: number) {
    this.ring = new Float64Array(period);
    this.inv = 1 / period;
    this.invSq = 1 / (period * period);
  }

  push(x: number): void {
    const ring = this.ring;
    const pos = this.pos;
    const n = this.period;
    const old = ring[pos]!;
    ring[pos] = x;
    let hi = this.hi1;
    let s = hi + x;
    let bs = s - hi;
    let t = s - old;
    let bt = t - s;
    let l1 = this.lo1 + (hi - (s - bs) + (x - bs) + (s - (t - bt) + (-old - bt)));
    let h1 = t;
    let c = SPLITTER * x;
    const xh = c - (c - x);
    const xl = x - xh;
    const p = x * x;
    const e = xh * xh - p + 2 * xh * xl + xl * xl;
    c = SPLITTER * old;
    const oh = c - (c - old);
    const ol = old - oh;
    const po = old * old;
    const eo = oh * oh - po + 2 * oh * ol + ol * ol;
    hi = this.hi2;
    s = hi + p;
    bs = s - hi;
    t = s - po;
    bt = t - s;
    let l2 = this.lo2 + (hi - (s - bs) + (p - bs) + (s - (t - bt) + (-po - bt)) + (e - eo));
    let h2 = t;
    if (pos + 1 === n) {
      this.pos = 0;
      let h = h1 + l1;
      let bh = h - h1;
      l1 = h1 - (h - bh) + (l1 - bh);
      h1 = h;
      h = h2 + l2;
      bh = h - h2;
      l2 = h2 - (h - bh) + (l2 - bh);
      h2 = h;
      this.isReady = true;
    } else this.pos = pos + 1;
    this.hi1 = h1;
    this.lo1 = l1;
    this.hi2 = h2;
    this.lo2 = l2;
    if (!this.isReady) return;
    this.mean = exactMean(h1, l1, n, this.inv);
    this.variance = spread(n, h1, l1, h2, l2) * this.invSq;
  }

  reset(): void {
    this.ring.fill(0);
    this.pos = 0;
    this.hi1 = 0;
    this.lo1 = 0;
    this.hi2 = 0;
    this.lo2 = 0;
    this.mean = NaN;
    this.variance = NaN;
    this.isReady = false;
  }
}

/**
 * Batch twin of WindowMoments: fills mean[i] and variance[i] (NaN during warm-up) with exactly what the
 * streaming state holds after row i. Throws IndicatorInputError (as `indicator`) on a non-finite row.
 */
export function windowMomentsBatch(
  indicator: string,
  input: ArrayLike<number>,
  period: number,
  meanOut: Float64Array,
  varOut: Float64Array,
): void {
  checkNoAlias(indicator, input, meanOut);
  checkNoAlias(indicator, input, varOut);
  // hi1, lo1, hi2, lo2, pos
  const state = new Float64Array(5);
  for (let from = 0; from < input.length; from += BATCH_CHUNK)
    momentsRows(
      indicator,
      input,
      period,
      meanOut,
      varOut,
      from,
      Math.min(input.length, from + BATCH_CHUNK),
      state,
    );
}

function momentsRows(
  indicator: string,
  input: ArrayLike<number>,
  n: number,
  meanOut: Float64Array,
  varOut: Float64Array,
  from: number,
  to: number,
  state: Float64Array,
): void {
  const inv = 1 / n;
  const invSq = 1 / (n * n);
  let h1 = state[0]!;
  let l1 = state[1]!;
  let h2 = state[2]!;
  let l2 = state[3]!;
  let pos = state[4]!;
  for (let i = from; i < to; i++) {
    const x = input[i]!;
    checkFinite(indicator, 'x', x);
    const old = i >= n ? input[i - n]! : 0;
    let hi = h1;
    let s = hi + x;
    let bs = s - hi;
    let t = s - old;
    let bt = t - s;
    l1 = l1 + (hi - (s - bs) + (x - bs) + (s - (t - bt) + (-old - bt)));
    h1 = t;
    let c = SPLITTER * x;
    const xh = c - (c - x);
    const xl = x - xh;
    const p = x * x;
    const e = xh * xh - p + 2 * xh * xl + xl * xl;
    c = SPLITTER * old;
    const oh = c - (c - old);
    const ol = old - oh;
    const po = old * old;
    const eo = oh * oh - po + 2 * oh * ol + ol * ol;
    hi = h2;
    s = hi + p;
    bs = s - hi;
    t = s - po;
    bt = t - s;
    l2 = l2 + (hi - (s - bs) + (p - bs) + (s - (t - bt) + (-po - bt)) + (e - eo));
    h2 = t;
    if (++pos === n) {
      pos = 0;
      let h = h1 + l1;
      let bh = h - h1;
      l1 = h1 - (h - bh) + (l1 - bh);
      h1 = h;
      h = h2 + l2;
      bh = h - h2;
      l2 = h2 - (h - bh) + (l2 - bh);
      h2 = h;
    }
    if (i + 1 < n) {
      meanOut[i] = NaN;
      varOut[i] = NaN;
      continue;
    }
    meanOut[i] = exactMean(h1, l1, n, inv);
    varOut[i] = spread(n, h1, l1, h2, l2) * invSq;
  }
  state[0] = h1;
  state[1] = l1;
  state[2] = h2;
  state[3] = l2;
  state[4] = pos;
}
