import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { Donchian, donchianBatch } from '../../src/indicators/donchian.js';
import { LinRegSlope, linregSlopeBatch } from '../../src/indicators/linreg.js';
import { Momentum, ROC, momentumBatch, rocBatch } from '../../src/indicators/roc.js';
import {
  RollingMax,
  RollingMin,
  rollingMaxBatch,
  rollingMinBatch,
} from '../../src/indicators/rolling-minmax.js';
import { indicatorContract, ohlcvWalk } from './contract-suite.js';
import { signedSeries } from './series-data.js';

const walk = ohlcvWalk(3000, 1);
const datasets = [
  ['walk', { x: walk.close! }],
  ['signed', { x: signedSeries(3000, 2) }],
] as const;

for (const period of [1, 2, 5, 30])
  for (const [label, data] of datasets) {
    indicatorContract({
      name: `Momentum(${period}) on ${label}`,
      make: () => new Momentum(period),
      warmup: period + 1,
      update: (ind, cols, i) => ind.update(cols.x![i]!),
      batch: (cols) => ({ value: momentumBatch(cols.x!, period) }),
      fields: ['x'],
      data,
    });
    indicatorContract({
      name: `ROC(${period}) on ${label}`,
      make: () => new ROC(period),
      warmup: period + 1,
      update: (ind, cols, i) => ind.update(cols.x![i]!),
      batch: (cols) => ({ value: rocBatch(cols.x!, period) }),
      fields: ['x'],
      data,
      // The signed series has exact zeros; ROC from a zero is NaN (documented).
      mayBeNaN: label === 'signed' ? ['value'] : [],
    });
  }

for (const period of [1, 2, 3, 20, 250])
  for (const [label, data] of datasets) {
    indicatorContract({
      name: `RollingMax(${period}) on ${label}`,
      make: () => new RollingMax(period),
      warmup: period,
      update: (ind, cols, i) => ind.update(cols.x![i]!),
      batch: (cols) => ({ value: rollingMaxBatch(cols.x!, period) }),
      fields: ['x'],
      data,
    });
    indicatorContract({
      name: `RollingMin(${period}) on ${label}`,
      make: () => new RollingMin(period),
      warmup: period,
      update: (ind, cols, i) => ind.update(cols.x![i]!),
      batch: (cols) => ({ value: rollingMinBatch(cols.x!, period) }),
      fields: ['x'],
      data,
    });
  }

for (const period of [1, 2, 20, 55])
  indicatorContract({
    name: `Donchian(${period})`,
    make: () => new Donchian(period),
    warmup: period,
    update: (ind, cols, i) => ind.updateHighLow(cols.high![i]!, cols.low![i]!),
    batch: (cols) => ({ ...donchianBatch({ high: cols.high!, low: cols.low! }, period) }),
    fields: ['high', 'low'],
    data: walk,
  });

for (const period of [2, 3, 14, 100])
  for (const [label, data] of datasets)
    indicatorContract({
      name: `LinRegSlope(${period}) on ${label}`,
      make: () => new LinRegSlope(period),
      warmup: period,
      update: (ind, cols, i) => ind.update(cols.x![i]!),
      batch: (cols) => ({ value: linregSlopeBatch(cols.x!, period) }),
      fields: ['x'],
      data,
    });

describe('ROC and Momentum by hand', () => {
  it('compare with the input `period` updates back', () => {
    const roc = new ROC(2);
    const mom = new Momentum(2);
    const xs = [10, 11, 12, 13.2, 12];
    const r = xs.map((x) => roc.update(x));
    const m = xs.map((x) => mom.update(x));
    expect(r.slice(0, 2), 'warm-up is period + 1').toEqual([NaN, NaN]);
    expect(m.slice(0, 2), 'warm-up is period + 1').toEqual([NaN, NaN]);
    expect(r[2], '100·(12/10 − 1)').toBeCloseTo(20, 12);
    expect(r[3], '100·(13.2/11 − 1)').toBeCloseTo(20, 12);
    expect(r[4], '100·(12/12 − 1)').toBe(0);
    expect(m.slice(2), 'x − x[t−2]').toEqual([2, 13.2 - 11, 0]);
    expect(rocBatch([0, 1, 2], 2)[2], 'ROC from zero is NaN (documented)').toBeNaN();
  });
});

describe('rolling max/min and Donchian by hand', () => {
  it('slide a window of 3', () => {
    const xs = [5, 3, 4, 1, 2, 8, 8, 7, 6, 6];
    expect(Array.from(rollingMaxBatch(xs, 3)), 'max').toEqual([NaN, NaN, 5, 4, 4, 8, 8, 8, 8, 7]);
    expect(Array.from(rollingMinBatch(xs, 3)), 'min').toEqual([NaN, NaN, 3, 1, 1, 1, 2, 7, 6, 6]);
  });

  it('match a naive scan of the window for any input (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 30 }),
        (ints, period) => {
          const xs = ints.map((v) => v / 4);
          const mx = new RollingMax(period);
          const mn = new RollingMin(period);
          xs.forEach((x, i) => {
            mx.update(x);
            mn.update(x);
            if (i + 1 < period) return;
            const w = xs.slice(i + 1 - period, i + 1);
            expect(mx.value, `max at ${i}`).toBe(Math.max(...w));
            expect(mn.value, `min at ${i}`).toBe(Math.min(...w));
          });
        },
      ),
    );
  });

  it('Donchian(3): highest high, lowest low, their midpoint; a bar works as input', () => {
    const d = new Donchian(3);
    const bars = [
      { high: 10, low: 8 },
      { high: 11, low: 9 },
      { high: 10.5, low: 7 },
      { high: 9, low: 8.5 },
      { high: 9.5, low: 9 },
    ];
    const up = bars.map((b) => d.update({ ...b, open: b.low, close: b.high, volume: 0 }));
    expect(up, 'upper (value)').toEqual([NaN, NaN, 11, 11, 10.5]);
    expect([d.upper, d.lower, d.middle], 'last channel').toEqual([10.5, 7, 8.75]);
    expect(() => donchianBatch({ high: [1, 2], low: [1] }, 1), 'ragged columns').toThrow(UsageError);
  });
});

describe('linear-regression slope by hand', () => {
  it('is the slope of a straight line, and of 1, 3, 2: ½', () => {
    const line = Array.from({ length: 50 }, (_, i) => 3 + 2 * i);
    const out = linregSlopeBatch(line, 10);
    for (let i = 9; i < 50; i++) expect(out[i], `row ${i}`).toBeCloseTo(2, 12);
    expect(linregSlopeBatch([1, 3, 2], 3)[2], 'Σ(j−1)·y / Σ(j−1)² = (−1 + 2)/2').toBe(0.5);
    expect(() => new LinRegSlope(1), 'a slope needs two points').toThrow(UsageError);
  });

  it('agrees with a direct least-squares fit on a long walk', () => {
    const xs = walk.close!;
    for (const n of [2, 14, 100]) {
      const got = linregSlopeBatch(xs, n);
      for (let i = n - 1; i < xs.length; i++) {
        let my = 0;
        for (let j = 0; j < n; j++) my += xs[i + 1 - n + j]!;
        my /= n;
        const mj = (n - 1) / 2;
        let num = 0;
        let den = 0;
        for (let j = 0; j < n; j++) {
          num += (j - mj) * (xs[i + 1 - n + j]! - my);
          den += (j - mj) ** 2;
        }
        const want = num / den;
        if (Math.abs(got[i]! - want) > 1e-12 * Math.max(1, Math.abs(want)))
          expect.fail(`LinRegSlope(${n}) row ${i}: ${got[i]} vs ${want}`);
      }
    }
  });
});
