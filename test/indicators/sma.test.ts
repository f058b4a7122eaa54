import { describe, expect, it } from 'vitest';
import { IndicatorInputError } from '../../src/indicators/contract.js';
import { CrossOver, crossover, crossunder } from '../../src/indicators/cross.js';
import { SMA, smaBatch } from '../../src/indicators/sma.js';
import { UsageError } from '../../src/core/errors.js';
import { indicatorContract, ohlcvWalk } from './contract-suite.js';
import { exactMean } from './exact-arith.js';
import { CentsWalk, signedSeries, WideValues } from './series-data.js';

const walk = ohlcvWalk(3000, 1);
const signed = signedSeries(3000, 2);

for (const period of [1, 2, 3, 20, 200])
  for (const [label, x] of [
    ['walk', walk.close!],
    ['signed', signed],
  ] as const)
    indicatorContract({
      name: `SMA(${period}) on ${label}`,
      make: () => new SMA(period),
      warmup: period,
      update: (ind, cols, i) => ind.update(cols.x![i]!),
      batch: (cols) => ({ value: smaBatch(cols.x!, period) }),
      fields: ['x'],
      data: { x },
    });

// StockCharts ChartSchool "Moving Averages" worked example: 10-day SMA of these closes, published to
// 2 decimals from the 10th close on (the sheet keeps unrounded closes, hence a 0.01 tolerance).
const chartSchoolCloses = [
  22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24, 22.29, 22.15, 22.39, 22.38, 22.61, 23.36,
  24.05, 23.75, 23.83, 23.95, 23.63, 23.82, 23.87, 23.65, 23.19, 23.1, 23.33, 22.68, 23.1, 22.4, 22.17,
];
const chartSchoolSma10 = [
  22.22, 22.21, 22.23, 22.26, 22.31, 22.42, 22.61, 22.77, 22.91, 23.08, 23.21, 23.38, 23.53, 23.65, 23.71,
  23.69, 23.61, 23.51, 23.43, 23.28, 23.13,
];

describe('SMA by hand', () => {
  it('averages the last `period` inputs, NaN before', () => {
    const sma = new SMA(3);
    expect(sma.update(1), 'one input: warming up').toBeNaN();
    expect(sma.update(2), 'two inputs: warming up').toBeNaN();
    expect(sma.isReady, 'not ready after 2 of 3').toBe(false);
    expect(sma.update(3), '(1+2+3)/3').toBe(2);
    expect(sma.isReady, 'ready after 3').toBe(true);
    expect(sma.update(10), '(2+3+10)/3').toBe(5);
    expect(sma.value, 'value holds the last result').toBe(5);
  });

  it('gives the correctly rounded mean where a naive sum does not', () => {
    // 0.1 + 0.2 + 0.3 in doubles is 0.6000000000000001, /3 = 0.20000000000000004; the exact mean of the
    // three doubles is 0.2000000000000000018…, whose nearest double is 0.2.
    expect((0.1 + 0.2 + 0.3) / 3, 'the naive mean is off').not.toBe(0.2);
    expect(smaBatch([0.1, 0.2, 0.3], 3)[2], 'SMA(3) is the nearest double').toBe(0.2);
    expect(smaBatch([1e17, 1, -1e17, 1], 3)[3], 'cancellation: (1 − 1e17 + 1)/3 → (1 + (−1e17) + 1)/3').toBe(
      exactMean([1, -1e17, 1]),
    );
  });

  it("matches StockCharts' 10-day SMA example to the published 2 decimals", () => {
    const out = smaBatch(chartSchoolCloses, 10);
    chartSchoolSma10.forEach((want, k) =>
      expect(Math.abs(out[9 + k]! - want), `row ${9 + k}: ${out[9 + k]} vs ${want}`).toBeLessThanOrEqual(
        0.01,
      ),
    );
  });

  it('keeps SMA.batch (existing callers) and rejects bad periods and aliasing', () => {
    expect(Array.from(SMA.batch([1, 2, 3, 4], 2)), 'SMA.batch is smaBatch').toEqual([NaN, 1.5, 2.5, 3.5]);
    expect(() => new SMA(0), 'period 0').toThrow(UsageError);
    expect(() => new SMA(2.5), 'fractional period').toThrow(UsageError);
    const buf = new Float64Array([1, 2, 3]);
    expect(() => smaBatch(buf, 2, buf), 'in-place batch would overwrite its window').toThrow(UsageError);
    expect(() => smaBatch([1, NaN], 2), 'NaN row in batch').toThrow(IndicatorInputError);
  });
});

describe('SMA exactness over 10 M updates', () => {
  const periods = [1, 2, 3, 20, 1000];
  const total = 10_000_000;
  const checkEvery = 500_000;

  function run(label: string, next: () => number): void {
    const smas = periods.map((p) => new SMA(p));
    const window = new Float64Array(1000);
    let naiveSum = 0;
    let naiveMismatches = 0;
    for (let u = 1; u <= total; u++) {
      const x = next();
      window[u % 1000] = x;
      for (const s of smas) s.update(x);
      naiveSum += x - (u > 20 ? window[(u - 20) % 1000]! : 0);
      if (u % checkEvery !== 0) continue;
      periods.forEach((p, k) => {
        const last = Array.from({ length: p }, (_, j) => window[(u - p + 1 + j) % 1000]!);
        const want = exactMean(last);
        if (smas[k]!.value !== want)
          expect.fail(`${label}: SMA(${p}) after ${u} updates = ${smas[k]!.value}, exact mean ${want}`);
        if (p === 20 && naiveSum / 20 !== want) naiveMismatches++;
      });
    }
    // The same check on a plain running sum fails, so the test has teeth.
    expect(
      naiveMismatches,
      `${label}: a naive running-sum SMA(20) drifts off the exact mean`,
    ).toBeGreaterThan(0);
  }

  it('equals the correctly rounded mean of its window: prices in cents', () => {
    const w = new CentsWalk(7);
    run('cents walk', () => w.next());
  });

  it('equals the correctly rounded mean of its window: signed values from 1e-3 to 1e6', () => {
    const w = new WideValues(8);
    run('wide values', () => w.next());
  });
});

describe('crossover helpers', () => {
  it('crossover/crossunder: strict now, non-strict before', () => {
    expect(crossover(1, 2, 3, 2), 'below then above').toBe(true);
    expect(crossover(2, 2, 3, 2), 'equal then above').toBe(true);
    expect(crossover(3, 2, 4, 2), 'above then above').toBe(false);
    expect(crossover(1, 2, 2, 2), 'below then touching').toBe(false);
    expect(crossunder(3, 2, 1, 2), 'above then below').toBe(true);
    expect(crossunder(2, 2, 1, 2), 'equal then below').toBe(true);
    expect(crossunder(1, 2, 0, 2), 'below then below').toBe(false);
    expect(crossover(NaN, 2, 3, 2), 'undefined before: no cross').toBe(false);
  });

  it('CrossOver reports +1 / −1 / 0 and needs two defined observations', () => {
    const c = new CrossOver();
    const seq: [number, number][] = [
      [NaN, NaN],
      [1, NaN],
      [1, 2],
      [3, 2],
      [4, 2],
      [2, 2],
      [1, 2],
      [NaN, 2],
      [3, 2],
      [Infinity, Infinity],
      [-Infinity, 0],
    ];
    const got = seq.map(([a, b]) => c.update(a, b));
    expect(got, 'signals in order').toEqual([0, 0, 0, 1, 0, 0, -1, 0, 0, 0, -1]);
    expect(c.value, 'value keeps the last signal').toBe(-1);
    expect(c.above, 'a below b now').toBe(false);
    c.reset();
    expect(c.update(3, 2), 'after reset the memory is gone').toBe(0);
    expect(c.above, 'a above b').toBe(true);
  });
});
