/**
 * The report's derived display series. The figures themselves come from analytics (drawdown.ts,
 * rolling.ts, returns-calendar.ts, metrics.ts' P), fed the run's equity through `toEquityCurve`: those
 * functions only take ratios of equity values, so decimal amounts stand in for integer cash units
 * exactly as well. What is report-only lives here: the rolling window choice, the heatmap layout, and
 * the return distribution.
 *
 * Undefined figures (non-positive base equity, zero variance) are NaN or null here and become gaps or
 * empty cells on the page, never numbers. Limits: calendar buckets are UTC; the rolling window counts
 * samples, so it spans a fixed time only when samples are evenly spaced; a time-varying risk-free rate
 * enters the rolling Sharpe as its run mean (metrics.json's risk_free_rate).
 */
import { SECONDS_PER_DAY } from '../core/time.js';
import { drawdownSeries } from '../analytics/drawdown.js';
import { resolvePeriodsPerYear } from '../analytics/metrics.js';
import { calendarReturns as analyticsCalendar } from '../analytics/returns-calendar.js';
import { rollingMetrics } from '../analytics/rolling.js';
import type { EquityCurve } from '../analytics/run-record.js';
import type { EquityColumns } from './types.js';

/** The analytics view of report equity: exact (sec, nsec) split of the times, decimals as units. */
export function toEquityCurve(eq: EquityColumns): EquityCurve {
  const n = eq.length;
  const tsSec = new Float64Array(n);
  const tsNsec = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const sec = Math.floor(eq.time[i]!);
    tsSec[i] = sec;
    tsNsec[i] = Math.min(999_999_999, Math.round((eq.time[i]! - sec) * 1e9));
  }
  return { length: n, tsSec, tsNsec, equityUnits: eq.equity, cashUnits: new Float64Array(n) };
}

/** E_t / running peak − 1 per sample; null when the first sample is <= 0 (drawdown undefined). */
export function underwater(curve: EquityCurve): Float64Array | null {
  return curve.length > 0 && curve.equityUnits[0]! > 0 ? drawdownSeries(curve) : null;
}

/** P: metrics.json's periods_per_year when it is a positive number, else inferred from the spacing. */
export function periodsPerYear(curve: EquityCurve, metric: unknown): number | null {
  return resolvePeriodsPerYear(curve, typeof metric === 'number' ? metric : null);
}

export interface RollingRisk {
  /** Returns per window, and the window as days for the label. */
  window: number;
  days: number;
  /** Per equity sample; NaN before the first full window and where undefined. */
  sharpe: Float64Array;
  volatility: Float64Array;
}

/**
 * Rolling annualised Sharpe and volatility over about half a year (P / 2 returns), shortened to a
 * third of the returns for short runs; null with fewer than 6 returns or no P.
 */
export function rollingRisk(curve: EquityCurve, P: number | null, riskFreeRate: number): RollingRisk | null {
  const returns = curve.length - 1;
  if (P === null || returns < 6) return null;
  const window = Math.max(2, Math.min(Math.round(P / 2), Math.floor(returns / 3)));
  const r = rollingMetrics(curve, { window, periodsPerYear: P, riskFree: riskFreeRate });
  return { window, days: (window / P) * 365.25, sharpe: r.sharpe, volatility: r.volatility };
}

export interface CalendarGrid {
  years: number[];
  /** months[y][m]: return of month m (0-11) of years[y]; null without samples or a base <= 0. */
  months: (number | null)[][];
  yearTotals: (number | null)[];
}

/** Month and year returns (returns-calendar.ts: the first period's base is the initial equity) as a grid. */
export function calendarGrid(curve: EquityCurve, initialEquity: number): CalendarGrid {
  const cal = analyticsCalendar({ equity: curve, initialCashUnits: initialEquity });
  const years = cal.annual.map((a) => a.year);
  const months = years.map(() => new Array<number | null>(12).fill(null));
  for (const m of cal.monthly) months[years.indexOf(m.year)]![m.month - 1] = m.return;
  return { years, months, yearTotals: cal.annual.map((a) => a.return) };
}

export interface Histogram {
  /** 'daily' when samples come more often than daily (returns of UTC day closes), else 'per period'. */
  basis: 'daily' | 'per period';
  count: number;
  mean: number;
  /** Bin i covers [min + i·width, min + (i+1)·width); the last bin includes max. */
  min: number;
  width: number;
  counts: number[];
}

/** Median gap between samples in seconds (from up to ~10 000 gaps); 0 with fewer than 2 samples. */
export function medianGap(eq: EquityColumns): number {
  const n = eq.length;
  if (n < 2) return 0;
  const gaps: number[] = [];
  const step = Math.max(1, Math.floor((n - 1) / 10_000));
  for (let i = 1; i < n; i += step) gaps.push(eq.time[i]! - eq.time[i - 1]!);
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1]!;
}

/** Distribution of returns in `bins` equal bins from the smallest to the largest; null without returns. */
export function returnHistogram(eq: EquityColumns, bins = 50): Histogram | null {
  const n = eq.length;
  if (n < 2) return null;
  const daily = medianGap(eq) < 0.9 * SECONDS_PER_DAY;
  const closes: number[] = [eq.equity[0]!];
  if (daily) {
    let day = Math.floor(eq.time[0]! / SECONDS_PER_DAY);
    for (let i = 1; i < n; i++) {
      const d = Math.floor(eq.time[i]! / SECONDS_PER_DAY);
      if (d !== day) {
        closes.push(eq.equity[i - 1]!);
        day = d;
      }
    }
    closes.push(eq.equity[n - 1]!);
  } else for (let i = 1; i < n; i++) closes.push(eq.equity[i]!);
  const rs: number[] = [];
  for (let i = 1; i < closes.length; i++) if (closes[i - 1]! > 0) rs.push(closes[i]! / closes[i - 1]! - 1);
  if (rs.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const r of rs) {
    if (r < min) min = r;
    if (r > max) max = r;
    sum += r;
  }
  const nb = max > min ? bins : 1;
  const width = max > min ? (max - min) / nb : 0;
  const counts = new Array<number>(nb).fill(0);
  for (const r of rs) counts[width > 0 ? Math.min(nb - 1, Math.floor((r - min) / width)) : 0]!++;
  return {
    basis: daily ? 'daily' : 'per period',
    count: rs.length,
    mean: sum / rs.length,
    min,
    width,
    counts,
  };
}
