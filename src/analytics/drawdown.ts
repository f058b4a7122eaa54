/**
 * Drawdowns of an equity curve: summary figures in one pass, the underwater series, and the worst
 * drawdown periods (the report's underwater chart and table). equity.csv writes the same definition.
 *
 *   peak_t     = max_{s<=t} E_s;  dd_t = E_t / peak_t − 1 (<= 0; below −1 once equity turns negative)
 *   max dd     = min_t dd_t
 *   a drawdown period runs from the last sample at a peak to the first sample back at or above it
 *   (its recovery), or to the last sample if equity never gets back (an ongoing drawdown: no recovery);
 *   its duration is the time between those two samples and its length the number of samples between
 *   them (recovery index − peak index)
 *   ulcer      = √(Σ_t dd_t² / samples)  (as a fraction; Martin's index in percent is 100 ×)
 *   current    = dd at the last sample; its duration runs from the ongoing period's peak to the last sample
 *
 * Limits: all drawdown figures need a positive first sample (null otherwise: no peak to measure from).
 * The longest period in time and the longest in samples may be different periods.
 */
import { formatIso } from '../core/time.js';
import { sinceFirst, type EquitySeries } from './curve-stats.js';

export interface DrawdownStats {
  /** min dd_t (0 for a curve that never falls); null when the first sample is <= 0 or there is none. */
  maxDrawdown: number | null;
  /** Sample indices of the deepest period: its peak, its trough, its recovery (−1: not recovered). */
  maxPeakIndex: number;
  maxTroughIndex: number;
  maxRecoveryIndex: number;
  /** Longest period in seconds and, separately, in samples (0 if never under water). */
  longestSec: number | null;
  longestSamples: number | null;
  /** dd at the last sample, and seconds since that period's peak (0 at a peak). */
  current: number | null;
  currentSec: number | null;
  ulcerIndex: number | null;
  /** Σ E_t / samples, in equity units (null without samples). */
  meanEquityUnits: number | null;
}

export function drawdownStats(c: EquitySeries): DrawdownStats {
  const n = c.length;
  const e = c.equityUnits;
  const out: DrawdownStats = {
    maxDrawdown: null,
    maxPeakIndex: -1,
    maxTroughIndex: -1,
    maxRecoveryIndex: -1,
    longestSec: null,
    longestSamples: null,
    current: null,
    currentSec: null,
    ulcerIndex: null,
    meanEquityUnits: null,
  };
  if (n === 0) return out;
  if (!(e[0]! > 0)) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += e[i]!;
    out.meanEquityUnits = sum / n;
    return out;
  }
  let sumE = e[0]!;
  let peak = e[0]!;
  let peakAt = 0;
  let worst = 0;
  let worstPeak = 0;
  let worstTrough = 0;
  let worstRecovery = -1;
  let longestSec = 0;
  let longestSamples = 0;
  let sq = 0;
  let dd = 0;
  for (let i = 1; i < n; i++) {
    const v = e[i]!;
    sumE += v;
    if (v >= peak) {
      if (peakAt < i - 1) {
        const sec = sinceFirst(c, i) - sinceFirst(c, peakAt);
        if (sec > longestSec) longestSec = sec;
        if (i - peakAt > longestSamples) longestSamples = i - peakAt;
        if (worstPeak === peakAt && worstRecovery < 0 && worst < 0) worstRecovery = i;
      }
      peak = v;
      peakAt = i;
      dd = 0;
    } else {
      dd = v / peak - 1;
      sq += dd * dd;
      if (dd < worst) {
        worst = dd;
        worstPeak = peakAt;
        worstTrough = i;
        worstRecovery = -1;
      }
    }
  }
  const last = n - 1;
  const underSec = sinceFirst(c, last) - sinceFirst(c, peakAt);
  if (underSec > longestSec) longestSec = underSec;
  if (last - peakAt > longestSamples) longestSamples = last - peakAt;
  out.maxDrawdown = worst;
  out.maxPeakIndex = worst < 0 ? worstPeak : -1;
  out.maxTroughIndex = worst < 0 ? worstTrough : -1;
  out.maxRecoveryIndex = worst < 0 ? worstRecovery : -1;
  out.longestSec = longestSec;
  out.longestSamples = longestSamples;
  out.current = dd;
  out.currentSec = underSec;
  out.ulcerIndex = Math.sqrt(sq / n);
  out.meanEquityUnits = sumE / n;
  return out;
}

/** dd_t per sample (the underwater curve); all NaN when the first sample is <= 0. */
export function drawdownSeries(c: EquitySeries): Float64Array {
  const n = c.length;
  const e = c.equityUnits;
  const out = new Float64Array(n);
  if (n === 0) return out;
  if (!(e[0]! > 0)) return out.fill(NaN);
  let peak = e[0]!;
  for (let i = 0; i < n; i++) {
    const v = e[i]!;
    if (v >= peak) peak = v;
    else out[i] = v / peak - 1;
  }
  return out;
}

export interface DrawdownPeriod {
  depth: number;
  peakIndex: number;
  troughIndex: number;
  /** −1 while not recovered. */
  recoveryIndex: number;
  /** ISO 8601 UTC of the peak, trough and recovery (null: not recovered). */
  peak: string;
  trough: string;
  recovery: string | null;
  /** Peak to recovery (or to the last sample), seconds and samples. */
  durationSec: number;
  durationSamples: number;
}

/** The `limit` deepest drawdown periods, deepest first (ties: earlier first); [] if the first sample <= 0. */
export function drawdownPeriods(c: EquitySeries, limit = 10): DrawdownPeriod[] {
  const n = c.length;
  const e = c.equityUnits;
  if (n === 0 || !(e[0]! > 0)) return [];
  const found: { depth: number; peakIndex: number; troughIndex: number; recoveryIndex: number }[] = [];
  let peak = e[0]!;
  let peakAt = 0;
  let depth = 0;
  let troughAt = 0;
  const close = (recoveryIndex: number): void => {
    if (depth < 0) found.push({ depth, peakIndex: peakAt, troughIndex: troughAt, recoveryIndex });
  };
  for (let i = 1; i < n; i++) {
    const v = e[i]!;
    if (v >= peak) {
      close(i);
      peak = v;
      peakAt = i;
      depth = 0;
    } else if (v / peak - 1 < depth) {
      depth = v / peak - 1;
      troughAt = i;
    }
  }
  close(-1);
  found.sort((a, b) => a.depth - b.depth || a.peakIndex - b.peakIndex);
  return found.slice(0, Math.max(0, limit)).map((p) => {
    const end = p.recoveryIndex < 0 ? n - 1 : p.recoveryIndex;
    return {
      ...p,
      peak: formatIso(c.tsSec[p.peakIndex]!, c.tsNsec[p.peakIndex]!),
      trough: formatIso(c.tsSec[p.troughIndex]!, c.tsNsec[p.troughIndex]!),
      recovery: p.recoveryIndex < 0 ? null : formatIso(c.tsSec[end]!, c.tsNsec[end]!),
      durationSec: sinceFirst(c, end) - sinceFirst(c, p.peakIndex),
      durationSamples: end - p.peakIndex,
    };
  });
}
