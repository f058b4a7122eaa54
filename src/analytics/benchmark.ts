/**
 * Benchmark-relative figures. The benchmark is a level series (a price or an index) aligned to the equity
 * samples; the default is buy and hold of the run's first symbol (`buyAndHoldBenchmark`).
 *
 *   b_i   = B_i / B_{i−1} − 1, used where B_{i−1} > 0 and B_i > 0 (NaN marks "no value yet"; ±Infinity
 *           is a UsageError)
 *   x_i   = r_i − rf_i,  y_i = b_i − rf_i,  a_i = r_i − b_i  (r_i, rf_i as in curve-stats.ts, risk-free.ts)
 *   beta  = cov(x, y) / var(y)                      (sample moments, n − 1)
 *   alpha = (mean(x) − beta · mean(y)) · P          (Jensen's alpha per period, annualised arithmetically)
 *   correlation       = cov(x, y) / (sd(x) · sd(y))
 *   tracking_error    = sd(a) · √P
 *   information_ratio = mean(a) / sd(a) · √P
 *   benchmark_return  = B_last / B_first − 1 over its first and last positive values
 * All over the m periods where both returns exist (`periods`); null with m < 2, a zero variance in the
 * denominator, no P (annualised figures), or an equity curve whose returns are undefined (E <= 0).
 * sd(a) below 1e-14 counts as 0: returns computed as a ratio − 1 carry ~1e-16 of rounding, so a strategy
 * that tracks its benchmark exactly would otherwise get an information ratio of ±10^13.
 * Moments use shifted block sums as in curve-stats.ts (exact zero variance for a constant series).
 *
 * Alignment (buy and hold): sample i takes the last close at or before its time, so the benchmark never
 * sees a bar the strategy could not have seen; samples before the first bar are NaN. A bar is stamped
 * with its start time and is complete when delivered (data/bars.ts), as the engine marks positions.
 */
import { pow10 } from '../core/decimal.js';
import { UsageError } from '../core/errors.js';
import type { BarTable } from '../data/bars.js';
import { addTo, BLOCK, shiftedVariance, total, type EquitySeries } from './curve-stats.js';
import type { PerPeriodRiskFree } from './risk-free.js';

export interface BenchmarkSeries {
  /** What it is, e.g. "buy and hold AAA" (metrics.json `benchmark`). */
  label: string;
  /** Level at each equity sample (length = samples); NaN where it has no value yet. */
  values: Float64Array;
}

export interface BenchmarkStats {
  periods: number;
  totalReturn: number | null;
  alpha: number | null;
  beta: number | null;
  correlation: number | null;
  trackingError: number | null;
  informationRatio: number | null;
}

/** Close prices (decimal, as doubles) of `table` aligned to the samples: last close at or before each. */
export function buyAndHoldBenchmark(table: BarTable, curve: EquitySeries): BenchmarkSeries {
  const n = curve.length;
  const values = new Float64Array(n);
  const toPrice = table.tick.units / pow10(table.tick.scale);
  let j = -1;
  for (let i = 0; i < n; i++) {
    const s = curve.tsSec[i]!;
    const ns = curve.tsNsec[i]!;
    while (
      j + 1 < table.length &&
      (table.tsSec[j + 1]! < s || (table.tsSec[j + 1] === s && table.tsNsec[j + 1]! <= ns))
    )
      j++;
    values[i] = j < 0 ? NaN : table.close[j]! * toPrice;
  }
  return { label: `buy and hold ${table.symbol}`, values };
}

/** Per-period sd(r − b) below this is rounding noise (see the header). */
const TRACKING_NOISE = 1e-14;

const NONE: BenchmarkStats = {
  periods: 0,
  totalReturn: null,
  alpha: null,
  beta: null,
  correlation: null,
  trackingError: null,
  informationRatio: null,
};

function levelReturn(v: Float64Array): number | null {
  let first = 0;
  while (first < v.length && !(v[first]! > 0)) first++;
  let last = v.length - 1;
  while (last > first && !(v[last]! > 0)) last--;
  return first < v.length ? v[last]! / v[first]! - 1 : null;
}

/** `P` periods per year (null: no annualised figures); `riskFree` from riskFreePerPeriod. */
export function benchmarkStats(
  curve: EquitySeries,
  bench: BenchmarkSeries,
  riskFree: PerPeriodRiskFree,
  P: number | null,
): BenchmarkStats {
  const rf = riskFree.perPeriod;
  const st = riskFree.stride;
  const n = curve.length;
  const e = curve.equityUnits;
  const B = bench.values;
  if (B.length !== n)
    throw new UsageError(
      `benchmark "${bench.label}": ${B.length} values for ${n} equity samples (align it with buyAndHoldBenchmark)`,
    );
  for (let i = 0; i < n; i++)
    if (B[i] === Infinity || B[i] === -Infinity)
      throw new UsageError(`benchmark "${bench.label}": value ${i} is ${B[i]}; use NaN for "no value"`);
  const totalReturn = levelReturn(B);
  // slots: 0 Σdx, 1 Σdy, 2 Σdx², 3 Σdy², 4 Σdx·dy, 5 Σda, 6 Σda²  (d = value − first pair's value)
  const acc = new Float64Array(14);
  let m = 0;
  let x0 = NaN;
  let y0 = NaN;
  let a0 = NaN;
  for (let lo = 1; lo < n; lo += BLOCK) {
    const hi = Math.min(n, lo + BLOCK);
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    let sa = 0;
    let saa = 0;
    for (let i = lo; i < hi; i++) {
      const prev = e[i - 1]!;
      if (!(prev > 0)) return { ...NONE, totalReturn };
      const b0 = B[i - 1]!;
      const b1 = B[i]!;
      if (!(b0 > 0 && b1 > 0)) continue;
      const r = e[i]! / prev - 1;
      const b = b1 / b0 - 1;
      const x = r - rf[i * st]!;
      const y = b - rf[i * st]!;
      if (m === 0) {
        x0 = x;
        y0 = y;
        a0 = r - b;
      }
      m++;
      const dx = x - x0;
      const dy = y - y0;
      const da = r - b - a0;
      sx += dx;
      sy += dy;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
      sa += da;
      saa += da * da;
    }
    addTo(acc, 0, sx);
    addTo(acc, 1, sy);
    addTo(acc, 2, sxx);
    addTo(acc, 3, syy);
    addTo(acc, 4, sxy);
    addTo(acc, 5, sa);
    addTo(acc, 6, saa);
  }
  if (m < 2) return { ...NONE, periods: m, totalReturn };
  const sx = total(acc, 0);
  const sy = total(acc, 1);
  const varX = shiftedVariance(sx, total(acc, 2), m);
  const varY = shiftedVariance(sy, total(acc, 3), m);
  const cov = (total(acc, 4) - (sx * sy) / m) / (m - 1);
  const sa = total(acc, 5);
  const rawSdA = Math.sqrt(shiftedVariance(sa, total(acc, 6), m));
  const sdA = rawSdA < TRACKING_NOISE ? 0 : rawSdA;
  const beta = varY > 0 ? cov / varY : null;
  const meanX = x0 + sx / m;
  const meanY = y0 + sy / m;
  const meanA = a0 + sa / m;
  const rootP = P === null ? NaN : Math.sqrt(P);
  return {
    periods: m,
    totalReturn,
    alpha: beta === null || P === null ? null : (meanX - beta * meanY) * P,
    beta,
    correlation: varX > 0 && varY > 0 ? cov / Math.sqrt(varX * varY) : null,
    trackingError: P === null ? null : sdA * rootP,
    informationRatio: P === null || !(sdA > 0) ? null : (meanA / sdA) * rootP,
  };
}
