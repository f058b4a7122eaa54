/**
 * The risk-free rate: a constant annual rate, or a step-wise series of annual rates (each in force from
 * its timestamp until the next entry — e.g. a daily T-bill yield).
 *
 *   R(t)   = the constant, or annualRate[k] with k the last entry at or before t; before the first entry,
 *            annualRate[0] (the earliest rate known stands in for the time before it)
 *   rf_i   = (1 + R(t_{i−1}))^(1/P) − 1, the per-period rate of return i (from sample i−1 to sample i).
 *            The rate in force when the period starts is used, so a rate published later never reaches
 *            back (no lookahead); with a constant this is the familiar (1 + R)^(1/P) − 1.
 *   mean R = Σ_i R(t_{i−1}) / n over the n returns (the constant itself for a constant; R(t_0) with no
 *            returns) — what metrics.json reports as risk_free_rate.
 *
 * Math.pow runs only when the rate changes, so a series costs one store per sample.
 * Limits: P must be known (without it there are no annualised figures and rf_i = 0).
 */
import { UsageError } from '../core/errors.js';
import type { EquitySeries } from './curve-stats.js';

export interface RiskFreeSeries {
  /** Entry times, UTC epoch seconds, strictly increasing with tsNsec. */
  tsSec: ArrayLike<number>;
  /** Nanoseconds within the second (default all 0). */
  tsNsec?: ArrayLike<number>;
  /** Annual rate as a fraction (0.02 = 2 %) from each entry on; > −1. */
  annualRate: ArrayLike<number>;
}

export type RiskFree = number | RiskFreeSeries;

/**
 * rf_i = perPeriod[i * stride]. A constant is one value with stride 0, so the common case allocates no
 * per-sample array (8 MB per million samples, whose page faults cost more than the loops reading it); a
 * series is materialised per sample (stride 1, perPeriod[0] = 0).
 */
export interface PerPeriodRiskFree {
  perPeriod: Float64Array;
  stride: 0 | 1;
  meanAnnualRate: number;
}

/** UsageError naming `where` unless `rf` is a finite rate > −1 or a well-formed series of such rates. */
export function checkRiskFree(rf: RiskFree, where = 'riskFree'): void {
  if (typeof rf === 'number') {
    if (!(Number.isFinite(rf) && rf > -1))
      throw new UsageError(`${where}: the annual risk-free rate must be a finite number > -1, got ${rf}`);
    return;
  }
  const n = rf.annualRate.length;
  if (n === 0) throw new UsageError(`${where}: the risk-free series has no entries`);
  if (rf.tsSec.length !== n || (rf.tsNsec !== undefined && rf.tsNsec.length !== n))
    throw new UsageError(`${where}: tsSec, tsNsec and annualRate must have the same length (${n})`);
  for (let k = 0; k < n; k++) {
    const r = rf.annualRate[k]!;
    if (!(Number.isFinite(r) && r > -1))
      throw new UsageError(`${where}: annualRate[${k}] must be a finite number > -1, got ${r}`);
    if (!Number.isFinite(rf.tsSec[k]!))
      throw new UsageError(`${where}: tsSec[${k}] must be a finite number, got ${rf.tsSec[k]}`);
    if (k > 0 && !after(rf, k)) throw new UsageError(`${where}: entry ${k} is not later than entry ${k - 1}`);
  }
}

function nsecAt(rf: RiskFreeSeries, k: number): number {
  return rf.tsNsec === undefined ? 0 : rf.tsNsec[k]!;
}

/** Is entry k strictly later than entry k − 1? */
function after(rf: RiskFreeSeries, k: number): boolean {
  const a = rf.tsSec[k - 1]!;
  const b = rf.tsSec[k]!;
  return b > a || (b === a && nsecAt(rf, k) > nsecAt(rf, k - 1));
}

/** The last entry index at or before (s, ns), moving forward from k (0 if every entry is later). */
function entryAt(rf: RiskFreeSeries, k: number, s: number, ns: number): number {
  const m = rf.annualRate.length;
  while (k + 1 < m && (rf.tsSec[k + 1]! < s || (rf.tsSec[k + 1] === s && nsecAt(rf, k + 1) <= ns))) k++;
  return k;
}

/** rf_i for every return of the curve (see the header); checks the input first (errors name `where`). */
export function riskFreePerPeriod(
  rf: RiskFree,
  curve: EquitySeries,
  periodsPerYear: number | null,
  where = 'riskFree',
): PerPeriodRiskFree {
  checkRiskFree(rf, where);
  const n = curve.length;
  const P = periodsPerYear;
  if (typeof rf === 'number')
    return {
      perPeriod: Float64Array.of(P === null ? 0 : Math.pow(1 + rf, 1 / P) - 1),
      stride: 0,
      meanAnnualRate: rf,
    };
  if (n < 2) {
    const k = n === 1 ? entryAt(rf, 0, curve.tsSec[0]!, curve.tsNsec[0]!) : 0;
    return { perPeriod: new Float64Array(1), stride: 0, meanAnnualRate: rf.annualRate[k]! };
  }
  const perPeriod = new Float64Array(n);
  let k = 0;
  let rate = NaN;
  let perRate = 0;
  let sum = 0;
  for (let i = 0; i < n - 1; i++) {
    k = entryAt(rf, k, curve.tsSec[i]!, curve.tsNsec[i]!);
    const r = rf.annualRate[k]!;
    if (r !== rate) {
      rate = r;
      perRate = P === null ? 0 : Math.pow(1 + r, 1 / P) - 1;
    }
    perPeriod[i + 1] = perRate;
    sum += r;
  }
  return { perPeriod, stride: 1, meanAnnualRate: sum / (n - 1) };
}
