import { describe, expect, it } from 'vitest';
import { drawdownPeriods, drawdownSeries, drawdownStats } from '../../src/analytics/drawdown.js';
import { curve, DAY, DAY0, dailyCurve } from './fixtures.js';

function close(actual: number | null, expected: number, what: string): void {
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    1e-12 * Math.max(1, Math.abs(expected)),
  );
}

/**
 * Daily equity 100, 120, 90, 100, 130, 117, 104, 130, 125:
 *   period A: peak 120 (day 1), trough 90 (day 2, −25 %), recovered by 130 on day 4 → 3 days, 3 samples
 *   period B: peak 130 (day 4), trough 104 (day 6, −20 %), recovered by 130 on day 7 → 3 days, 3 samples
 *   period C: peak 130 (day 7), 125 on day 8 (−1/26), not recovered → 1 day, 1 sample (ongoing)
 */
const SERIES = [100, 120, 90, 100, 130, 117, 104, 130, 125];
const DD = [0, 0, -0.25, 100 / 120 - 1, 0, 117 / 130 - 1, 104 / 130 - 1, 0, 125 / 130 - 1];

describe('drawdownStats', () => {
  it('matches the hand-computed figures of a small series', () => {
    const d = drawdownStats(dailyCurve(SERIES));
    expect(d.maxDrawdown, 'deepest: 90 / 120 − 1').toBe(-0.25);
    expect([d.maxPeakIndex, d.maxTroughIndex, d.maxRecoveryIndex], 'peak, trough, recovery of A').toEqual([
      1, 2, 4,
    ]);
    expect(d.longestSec, 'longest period: 3 days').toBe(3 * DAY);
    expect(d.longestSamples, 'longest period: 3 samples').toBe(3);
    close(d.current, 125 / 130 - 1, 'current drawdown at the last sample');
    expect(d.currentSec, 'ongoing since day 7').toBe(DAY);
    close(d.ulcerIndex, Math.sqrt(DD.reduce((s, x) => s + x * x, 0) / 9), 'ulcer = √(Σ dd² / 9)');
    close(d.meanEquityUnits, SERIES.reduce((s, x) => s + x, 0) / 9, 'mean equity');
  });

  it('reports an unrecovered deepest drawdown without a recovery and runs the period to the end', () => {
    const d = drawdownStats(dailyCurve([100, 110, 100, 120, 60, 90]));
    expect(d.maxDrawdown).toBe(-0.5);
    expect([d.maxPeakIndex, d.maxTroughIndex, d.maxRecoveryIndex]).toEqual([3, 4, -1]);
    expect(d.longestSamples, 'the ongoing period (2 samples) beats the recovered one (2 samples)').toBe(2);
    expect(d.currentSec).toBe(2 * DAY);
    close(d.current, 90 / 120 - 1, 'current');
  });

  it('resets the recovery when a later, deeper drawdown takes over', () => {
    const d = drawdownStats(dailyCurve([100, 90, 100, 50, 60]));
    expect([d.maxPeakIndex, d.maxTroughIndex, d.maxRecoveryIndex]).toEqual([2, 3, -1]);
  });

  it('measures the longest period in time and in samples separately', () => {
    // A: 2 samples under water spanning 10 days; B: 4 samples spanning 4 days.
    const c = curve([
      [DAY0, 0, 100],
      [DAY0 + 1 * DAY, 0, 90],
      [DAY0 + 10 * DAY, 0, 100],
      [DAY0 + 11 * DAY, 0, 95],
      [DAY0 + 12 * DAY, 0, 95],
      [DAY0 + 13 * DAY, 0, 95],
      [DAY0 + 14 * DAY, 0, 101],
    ]);
    const d = drawdownStats(c);
    expect(d.longestSec, 'A lasts 10 days').toBe(10 * DAY);
    expect(d.longestSamples, 'B lasts 4 samples').toBe(4);
  });

  it('handles a flat curve, a single sample, no samples and a non-positive start', () => {
    const flat = drawdownStats(dailyCurve([100, 100, 100]));
    expect([flat.maxDrawdown, flat.longestSec, flat.current, flat.ulcerIndex]).toEqual([0, 0, 0, 0]);
    expect(flat.maxPeakIndex, 'no drawdown: no peak index').toBe(-1);
    const one = drawdownStats(dailyCurve([100]));
    expect([one.maxDrawdown, one.longestSamples, one.currentSec, one.ulcerIndex]).toEqual([0, 0, 0, 0]);
    const none = drawdownStats(dailyCurve([]));
    expect([none.maxDrawdown, none.ulcerIndex, none.meanEquityUnits]).toEqual([null, null, null]);
    const negative = drawdownStats(dailyCurve([-5, 10]));
    expect([negative.maxDrawdown, negative.current, negative.meanEquityUnits]).toEqual([null, null, 2.5]);
  });

  it('goes below −100 % once equity turns negative', () => {
    const d = drawdownStats(dailyCurve([100, 50, -20, 10]));
    close(d.maxDrawdown, -1.2, 'max drawdown −20 / 100 − 1');
    close(d.current, -0.9, 'current 10 / 100 − 1');
  });
});

describe('drawdownSeries and drawdownPeriods', () => {
  it('gives the underwater curve per sample', () => {
    const s = drawdownSeries(dailyCurve(SERIES));
    DD.forEach((x, i) => close(s[i]!, x, `dd at ${i}`));
    expect(Array.from(drawdownSeries(dailyCurve([0, 5])))).toEqual([NaN, NaN]);
    expect(drawdownSeries(dailyCurve([])).length).toBe(0);
  });

  it('lists the deepest periods first with their dates and durations', () => {
    const p = drawdownPeriods(dailyCurve(SERIES), 2);
    expect(p).toHaveLength(2);
    expect(p[0]).toEqual({
      depth: -0.25,
      peakIndex: 1,
      troughIndex: 2,
      recoveryIndex: 4,
      peak: '2020-01-02T00:00:00Z',
      trough: '2020-01-03T00:00:00Z',
      recovery: '2020-01-05T00:00:00Z',
      durationSec: 3 * DAY,
      durationSamples: 3,
    });
    expect(p[1]!.peakIndex).toBe(4);
    close(p[1]!.depth, -0.2, 'second deepest');
    const all = drawdownPeriods(dailyCurve(SERIES));
    expect(all).toHaveLength(3);
    expect(all[2]).toMatchObject({ peakIndex: 7, recoveryIndex: -1, recovery: null, durationSamples: 1 });
    expect(drawdownPeriods(dailyCurve([100, 100]))).toEqual([]);
  });
});
