import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candleBuckets, minMaxIndices } from '../../src/report/downsample.js';

// x + 0 turns −0 into 0, so "the same minimum" is one value.
const series = fc.array(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((x) => x + 0),
  {
    minLength: 1,
    maxLength: 3000,
  },
);

describe('minMaxIndices', () => {
  it('keeps the minimum and maximum of each bucket plus first and last (worked example)', () => {
    const v = [5, 1, 9, 3, 7, 2, 8, 0, 6, 4];
    // buckets [0,5) and [5,10): min 1 @1, max 9 @2; max 8 @6, min 0 @7; first 0 and last 9 added.
    expect(Array.from(minMaxIndices(v, 2))).toEqual([0, 1, 2, 6, 7, 9]);
  });

  it('returns every index when the series already fits (n <= 2·buckets + 2)', () => {
    expect(Array.from(minMaxIndices([3, 1, 2], 1))).toEqual([0, 1, 2]);
    expect(Array.from(minMaxIndices([], 5))).toEqual([]);
  });

  it('keeps the global min and max, the first and last point, and at most 2·buckets + 2 points', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 60 }), (v, buckets) => {
        const idx = Array.from(minMaxIndices(v, buckets));
        expect(idx.length, 'bounded size').toBeLessThanOrEqual(2 * buckets + 2);
        for (let i = 1; i < idx.length; i++)
          expect(idx[i]!, 'strictly increasing indices').toBeGreaterThan(idx[i - 1]!);
        expect(idx[0], 'first point kept').toBe(0);
        expect(idx[idx.length - 1], 'last point kept').toBe(v.length - 1);
        const kept = idx.map((i) => v[i]!);
        expect(Math.min(...kept), 'global minimum kept').toBe(Math.min(...v));
        expect(Math.max(...kept), 'global maximum kept').toBe(Math.max(...v));
      }),
    );
  });

  it('downsamples a sub-range and never picks NaN samples', () => {
    const v = [NaN, NaN, 4, 1, NaN, 7, 2, 9, 3, 5, 0, 6, 8, 2];
    const idx = Array.from(minMaxIndices(v, 2, 2));
    expect(
      idx.every((i) => i >= 2 && !Number.isNaN(v[i]!)),
      'only defined samples in range',
    ).toBe(true);
    expect(idx).toContain(7);
    expect(idx).toContain(10);
    expect(() => minMaxIndices(v, 0)).toThrow(RangeError);
  });
});

describe('candleBuckets', () => {
  it('aggregates k = ceil(n / buckets) bars per candle (worked example)', () => {
    const src = {
      time: [10, 20, 30, 40, 50],
      open: [1, 2, 3, 4, 5],
      high: [5, 9, 4, 6, 7],
      low: [0.5, 1, 2, 1.5, 4],
      close: [2, 3, 4, 5, 6],
    };
    const c = candleBuckets(src, 2, 0, 5);
    expect(c.barsPerCandle).toBe(3);
    expect(c.length).toBe(2);
    expect(Array.from(c.time)).toEqual([10, 40]);
    expect(Array.from(c.open)).toEqual([1, 4]);
    expect(Array.from(c.high)).toEqual([9, 7]);
    expect(Array.from(c.low)).toEqual([0.5, 1.5]);
    expect(Array.from(c.close)).toEqual([4, 6]);
  });

  it('keeps the highest high, lowest low, first open and last close in at most `buckets` candles', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 100 }), (v, buckets) => {
        const src = {
          time: v.map((_, i) => i),
          open: v,
          high: v.map((x) => x + 1),
          low: v.map((x) => x - 1),
          close: v.map((x) => x / 2),
        };
        const c = candleBuckets(src, buckets, 0, v.length);
        expect(c.length).toBeLessThanOrEqual(buckets);
        expect(Math.max(...c.high)).toBe(Math.max(...src.high));
        expect(Math.min(...c.low)).toBe(Math.min(...src.low));
        expect(c.open[0]).toBe(v[0]);
        expect(c.close[c.length - 1]).toBe(src.close[v.length - 1]);
      }),
    );
  });
});
