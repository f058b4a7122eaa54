import { describe, expect, it } from 'vitest';
import { RSI, rsiBatch } from '../../src/indicators/rsi.js';
import { indicatorContract, ohlcvWalk } from './contract-suite.js';

const walk = ohlcvWalk(3000, 1);

for (const period of [1, 2, 14, 30])
  indicatorContract({
    name: `RSI(${period})`,
    make: () => new RSI(period),
    warmup: period + 1,
    update: (ind, cols, i) => ind.update(cols.x![i]!),
    batch: (cols) => ({ value: rsiBatch(cols.x!, period) }),
    fields: ['x'],
    data: { x: walk.close! },
  });

// StockCharts' worked RSI(14) example (ChartSchool, "Relative Strength Index", its cs-rsi spreadsheet): the
// closes as the sheet holds them (4 decimals) and the published RSI, rounded to 2 decimals, from the 15th
// close on.
const closes = [
  44.3389, 44.0902, 44.1497, 43.6124, 44.2778, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931, 46.0328,
  45.614, 46.282, 46.282, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439, 46.2122, 46.2521, 45.7137, 46.4515,
  45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628, 43.1314,
];
const published = [
  70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46, 41.87,
  45.46, 37.3, 33.08, 37.77,
];

describe('RSI by hand', () => {
  it("matches StockCharts' worked RSI(14) example to the published 2 decimals", () => {
    const out = rsiBatch(closes, 14);
    for (let i = 0; i < 14; i++) expect(out[i], `row ${i} is warm-up`).toBeNaN();
    published.forEach((want, k) =>
      expect(Math.abs(out[14 + k]! - want), `row ${14 + k}: ${out[14 + k]} vs ${want}`).toBeLessThanOrEqual(
        0.005 + 1e-9,
      ),
    );
  });

  it('follows Wilder smoothing step by step (period 2)', () => {
    const rsi = new RSI(2);
    expect(rsi.update(10), 'first price only sets the reference').toBeNaN();
    expect(rsi.update(11), 'one change: not warm').toBeNaN();
    // changes +1, −0.5 -> avgGain 0.5, avgLoss 0.25
    expect(rsi.update(10.5), 'seed: 100·0.5 / 0.75').toBe((100 * 0.5) / 0.75);
    // change +1.5 -> avgGain 0.5 + (1.5 − 0.5)/2 = 1, avgLoss 0.25 + (0 − 0.25)/2 = 0.125
    expect(rsi.update(12), '100·1 / 1.125').toBe(100 / 1.125);
  });

  it('is 100 on gains only, 0 on losses only, 50 without any movement', () => {
    expect(rsiBatch([1, 2, 3, 4], 3)[3], 'only gains').toBe(100);
    expect(rsiBatch([4, 3, 2, 1], 3)[3], 'only losses').toBe(0);
    expect(rsiBatch([5, 5, 5, 5], 3)[3], 'flat').toBe(50);
  });

  it('names the input in its error', () => {
    expect(() => new RSI(3).update(NaN), 'NaN input').toThrow(/RSI\.update: input "x" is not a finite/);
  });
});
