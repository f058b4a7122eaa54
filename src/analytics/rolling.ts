/**
 * Rolling volatility and Sharpe ratio over a sliding window of `window` returns, as Float64Array series
 * aligned to the equity samples (index i = the window of returns ending at sample i) for the report.
 *
 *   vol_i    = stdev(r_{i−w+1} … r_i) · √P
 *   sharpe_i = mean(x) / stdev(x) · √P over the same window, x = r − rf (as the full-run Sharpe)
 * NaN (no figure) for i < w, for a window holding an undefined return (E <= 0), and for Sharpe where the
 * window's stdev is 0. NaN is the typed-array "no point" marker; these series never go into metrics.json.
 *
 * O(n): sums are updated as the window slides (the window's returns kept in a ring, so each is computed
 * once) and recomputed from scratch every `window` steps, so rounding drift is bounded by one window's
 * worth of updates. A window whose values are all equal gets
 * stdev exactly 0 (tracked by the length of the current run of equal values), so a flat stretch shows a
 * gap in the Sharpe series rather than a rounding spike.
 */
import { UsageError } from '../core/errors.js';
import { shiftedVariance, type EquitySeries } from './curve-stats.js';
import { riskFreePerPeriod, type RiskFree } from './risk-free.js';

export interface RollingOptions {
  /** Returns per window, >= 2. */
  window: number;
  /** P for annualisation (metrics.json `periods_per_year`). */
  periodsPerYear: number;
  /** Annual risk-free rate, constant or series (default 0). */
  riskFree?: RiskFree;
}

export interface RollingSeries {
  window: number;
  volatility: Float64Array;
  sharpe: Float64Array;
}

export function rollingMetrics(curve: EquitySeries, opts: RollingOptions): RollingSeries {
  const w = opts.window;
  const P = opts.periodsPerYear;
  if (!(Number.isInteger(w) && w >= 2))
    throw new UsageError(`rolling window must be an integer >= 2, got ${w}`);
  if (!(P > 0 && Number.isFinite(P)))
    throw new UsageError(`rolling periods per year must be a positive number, got ${P}`);
  const n = curve.length;
  const e = curve.equityUnits;
  const { perPeriod: rf, stride: st } = riskFreePerPeriod(opts.riskFree ?? 0, curve, P);
  const volatility = new Float64Array(n);
  const sharpe = new Float64Array(n);
  if (n > 0) volatility[0] = sharpe[0] = NaN;
  const rootP = Math.sqrt(P);

  // The window's returns and excess returns in a ring (oldest at `pos`): each return is divided out once.
  const ringR = new Float64Array(w);
  const ringX = new Float64Array(w);
  let pos = 0;
  let kr = 0;
  let kx = 0;
  let sr = 0;
  let sr2 = 0;
  let sx = 0;
  let sx2 = 0;
  let bad = 0;
  let sameR = 0;
  let sameX = 0;
  let fresh = 2 * w;
  for (let i = 1; i < n; i++) {
    const p = e[i - 1]!;
    const r = p > 0 ? e[i]! / p - 1 : NaN;
    const x = r - rf[i * st]!;
    sameR = i > 1 && r === ringR[pos === 0 ? w - 1 : pos - 1] ? sameR + 1 : 0;
    sameX = i > 1 && x === ringX[pos === 0 ? w - 1 : pos - 1] ? sameX + 1 : 0;
    if (i > w) {
      const old = ringR[pos]!;
      if (Number.isNaN(old)) bad--;
      else {
        const dr = old - kr;
        const dx = ringX[pos]! - kx;
        sr -= dr;
        sr2 -= dr * dr;
        sx -= dx;
        sx2 -= dx * dx;
      }
    }
    ringR[pos] = r;
    ringX[pos] = x;
    pos = pos + 1 === w ? 0 : pos + 1;
    if (i === fresh) {
      // Sums from scratch over the ring, shifted by its oldest value, bound the drift of the updates.
      fresh += w;
      kr = Number.isNaN(ringR[pos]!) ? 0 : ringR[pos]!;
      kx = Number.isNaN(ringX[pos]!) ? 0 : ringX[pos]!;
      sr = sr2 = sx = sx2 = 0;
      bad = 0;
      for (let k = 0; k < w; k++) {
        if (Number.isNaN(ringR[k]!)) {
          bad++;
          continue;
        }
        const dr = ringR[k]! - kr;
        const dx = ringX[k]! - kx;
        sr += dr;
        sr2 += dr * dr;
        sx += dx;
        sx2 += dx * dx;
      }
    } else if (Number.isNaN(r)) bad++;
    else {
      const dr = r - kr;
      const dx = x - kx;
      sr += dr;
      sr2 += dr * dr;
      sx += dx;
      sx2 += dx * dx;
    }
    if (i < w || bad > 0) {
      volatility[i] = sharpe[i] = NaN;
      continue;
    }
    const varR = sameR >= w - 1 ? 0 : shiftedVariance(sr, sr2, w);
    const varX = sameX >= w - 1 ? 0 : shiftedVariance(sx, sx2, w);
    volatility[i] = Math.sqrt(varR) * rootP;
    sharpe[i] = varX > 0 ? ((kx + sx / w) / Math.sqrt(varX)) * rootP : NaN;
  }
  return { window: w, volatility, sharpe };
}

export function rollingVolatility(curve: EquitySeries, window: number, periodsPerYear: number): Float64Array {
  return rollingMetrics(curve, { window, periodsPerYear }).volatility;
}

export function rollingSharpe(
  curve: EquitySeries,
  window: number,
  periodsPerYear: number,
  riskFree: RiskFree = 0,
): Float64Array {
  return rollingMetrics(curve, { window, periodsPerYear, riskFree }).sharpe;
}
