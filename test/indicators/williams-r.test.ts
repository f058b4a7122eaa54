import { describe, expect, it } from 'vitest';
import { WilliamsR, williamsRBatch } from '../../src/indicators/williams-r.js';
import { stochasticBatch } from '../../src/indicators/stochastic.js';
import { indicatorContract, ohlcvWalk } from './contract-suite.js';
import { barAt, hlcColumns, ohlcOf } from './ohlc-rows.js';

for (const [period, seed] of [
  [1, 1],
  [14, 2],
  [60, 3],
] as const)
  indicatorContract({
    name: `WilliamsR(${period})`,
    make: () => new WilliamsR(period),
    warmup: period,
    update: (ind, cols, i) => ind.update(barAt(cols, i)),
    batch: (cols) => ({ value: williamsRBatch(ohlcOf(cols), period) }),
    fields: ['high', 'low', 'close'],
    data: ohlcvWalk(3000, seed),
  });

describe('Williams %R by hand', () => {
  const bars = hlcColumns([
    [10, 8, 9],
    [12, 9, 11],
    [11, 7, 8],
    [13, 10, 13],
    [12, 12, 12],
  ]);

  it('is −100·(HH − close)/(HH − LL) over the window', () => {
    const out = williamsRBatch(ohlcOf(bars), 3);
    expect([out[0], out[1]], 'warm-up').toEqual([NaN, NaN]);
    expect(out[2], 'HH 12, LL 7, close 8').toBe(-80);
    expect(out[3], 'close at the high').toBe(-0);
    expect(out[4], 'HH 13, LL 7, close 12').toBeCloseTo((-100 * 1) / 6, 12);
  });

  it('no range gives −50; equals fast %K − 100 on a walk', () => {
    const flat = hlcColumns([[5, 5, 5]]);
    expect(williamsRBatch(ohlcOf(flat), 1)[0], 'HH = LL').toBe(-50);
    const walk = ohlcOf(ohlcvWalk(500, 9));
    const wr = williamsRBatch(walk, 14);
    const k = stochasticBatch(walk, 14, 1, 1).k;
    for (let i = 13; i < 500; i++)
      expect(Math.abs(wr[i]! - (k[i]! - 100)), `row ${i}: %R = %K − 100`).toBeLessThan(1e-9);
  });
});
