/**
 * Return statistics of an equity curve in one pass over its Float64Arrays. metrics.ts turns them into
 * annualised figures; rolling.ts computes the same figures over a sliding window.
 *
 *   r_i     = E_i / E_{i−1} − 1 (i = 1 … n), x_i = r_i − rf_i (rf_i per period, risk-free.ts)
 *   mean    = Σ r_i / n;  stdev = √(Σ (r_i − mean)² / (n − 1))  (sample stdev, 0 with n < 2)
 *   excess  = Σ x_i / n;  excessStdev = stdev of x_i (= stdev when rf is constant)
 *   downside deviation DD = √(Σ min(0, x_i)² / n)
 *   omega   = Σ max(0, x_i) / Σ max(0, −x_i)  (threshold = rf per period; null if no return is below it)
 *
 * Variances come from sums of d_i = v_i − v_1 (the first value as shift): Σd² − (Σd)²/n has no
 * catastrophic cancellation when the mean is near the shift, and is exactly 0 for a constant series, so
 * a flat curve has stdev 0 (Sharpe null), never a rounding residue. Sums are plain within blocks of 1024
 * values and Neumaier-compensated across blocks (`addTo`): error ~1024 ulp per block, not n ulp, at the
 * speed of a plain loop.
 *
 * Limits: returns are undefined when some E_{i−1} <= 0 (a wiped-out or negative account); then `valid`
 * is false and every return-based figure is null.
 */
import type { PerPeriodRiskFree } from './risk-free.js';
import type { EquityCurve } from './run-record.js';

export const SECONDS_PER_YEAR = 365.25 * 86_400;

/**
 * What the curve functions read: an EquityCurve without its cash column. Only ratios of equity values
 * are used, so equity in currency (e.g. a curve read back from equity.csv) works as well as units.
 */
export type EquitySeries = Pick<EquityCurve, 'length' | 'tsSec' | 'tsNsec' | 'equityUnits'>;

/** Values summed plainly before folding into a compensated total. */
export const BLOCK = 1024;

/** Adds x to compensated accumulator k of `acc` (sum at 2k, Neumaier compensation at 2k + 1). */
export function addTo(acc: Float64Array, k: number, x: number): void {
  const s = acc[2 * k]!;
  const t = s + x;
  acc[2 * k + 1]! += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
  acc[2 * k] = t;
}

export function total(acc: Float64Array, k: number): number {
  return acc[2 * k]! + acc[2 * k + 1]!;
}

/** Sample variance from shifted sums (n − 1 denominator), clamped at 0; 0 with fewer than 2 values. */
export function shiftedVariance(sum: number, sumSq: number, n: number): number {
  if (n < 2) return 0;
  const v = (sumSq - (sum * sum) / n) / (n - 1);
  return v > 0 ? v : 0;
}

/** Seconds from the first sample to sample i, as a double (sub-microsecond detail is lost). */
export function sinceFirst(c: EquitySeries, i: number): number {
  return c.tsSec[i]! - c.tsSec[0]! + (c.tsNsec[i]! - c.tsNsec[0]!) * 1e-9;
}

export interface ReturnStats {
  /** n = samples − 1 (0 without samples). */
  returns: number;
  /** False when some E_{i−1} <= 0; then every other figure is 0 / null. */
  valid: boolean;
  mean: number;
  stdev: number;
  excess: number;
  excessStdev: number;
  downsideDev: number;
  omega: number | null;
}

export function returnStats(c: EquitySeries, riskFree: PerPeriodRiskFree): ReturnStats {
  const rf = riskFree.perPeriod;
  const st = riskFree.stride;
  const n = c.length;
  const e = c.equityUnits;
  const nr = n > 1 ? n - 1 : 0;
  const out: ReturnStats = {
    returns: nr,
    valid: true,
    mean: 0,
    stdev: 0,
    excess: 0,
    excessStdev: 0,
    downsideDev: 0,
    omega: null,
  };
  if (nr === 0) return out;
  if (!(e[0]! > 0)) {
    out.valid = false;
    return out;
  }
  const r1 = e[1]! / e[0]! - 1;
  const x1 = r1 - rf[st]!;
  // slots: 0 Σ(r − r1), 1 Σ(r − r1)², 2 Σ(x − x1), 3 Σ(x − x1)², 4 Σ min(0,x)², 5 Σ max(0,x), 6 Σ max(0,−x)
  const acc = new Float64Array(14);
  for (let lo = 1; lo < n; lo += BLOCK) {
    const hi = Math.min(n, lo + BLOCK);
    let sr = 0;
    let sr2 = 0;
    let sx = 0;
    let sx2 = 0;
    let down2 = 0;
    let gain = 0;
    let loss = 0;
    for (let i = lo; i < hi; i++) {
      const prev = e[i - 1]!;
      if (!(prev > 0)) {
        out.valid = false;
        return out;
      }
      const r = e[i]! / prev - 1;
      const x = r - rf[i * st]!;
      const dr = r - r1;
      const dx = x - x1;
      sr += dr;
      sr2 += dr * dr;
      sx += dx;
      sx2 += dx * dx;
      // min(0, x) = (x − |x|) / 2 exactly, without a branch: the sign of x is a coin flip that would
      // cost a misprediction per sample (V8 emits no conditional move for doubles) — 8× slower.
      const ax = Math.abs(x);
      const below = (x - ax) * 0.5;
      down2 += below * below;
      loss -= below;
      gain += (x + ax) * 0.5;
    }
    addTo(acc, 0, sr);
    addTo(acc, 1, sr2);
    addTo(acc, 2, sx);
    addTo(acc, 3, sx2);
    addTo(acc, 4, down2);
    addTo(acc, 5, gain);
    addTo(acc, 6, loss);
  }
  const sumR = total(acc, 0);
  const sumX = total(acc, 2);
  out.mean = r1 + sumR / nr;
  out.stdev = Math.sqrt(shiftedVariance(sumR, total(acc, 1), nr));
  out.excess = x1 + sumX / nr;
  out.excessStdev = Math.sqrt(shiftedVariance(sumX, total(acc, 3), nr));
  out.downsideDev = Math.sqrt(total(acc, 4) / nr);
  const loss = total(acc, 6);
  out.omega = loss > 0 ? total(acc, 5) / loss : null;
  return out;
}

/** r_i at index i − 1 (length samples − 1); NaN where E_{i−1} <= 0. For distributions and charts. */
export function periodReturns(c: EquitySeries): Float64Array {
  const n = c.length;
  const e = c.equityUnits;
  const out = new Float64Array(n > 1 ? n - 1 : 0);
  for (let i = 1; i < n; i++) {
    const prev = e[i - 1]!;
    out[i - 1] = prev > 0 ? e[i]! / prev - 1 : NaN;
  }
  return out;
}
