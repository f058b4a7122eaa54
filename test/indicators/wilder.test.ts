import { describe, expect, it } from 'vitest';
import { WilderMA, wilderBatch } from '../../src/indicators/wilder.js';
import { indicatorContract, ohlcvWalk } from './contract-suite.js';

const walk = ohlcvWalk(3000, 11);

for (const period of [1, 2, 14, 50])
  indicatorContract({
    name: `WilderMA(${period})`,
    make: () => new WilderMA(period),
    warmup: period,
    update: (ind, cols, i) => ind.update(cols.x![i]!),
    batch: (cols) => ({ value: wilderBatch(cols.x!, period) }),
    fields: ['x'],
    data: { x: walk.close! },
  });

describe('WilderMA by hand', () => {
  it('seeds with the simple mean, then avg += (x − avg)·(1/period)', () => {
    const ma = new WilderMA(3);
    expect(ma.update(1), 'not warm after 1').toBeNaN();
    expect(ma.update(2), 'not warm after 2').toBeNaN();
    expect(ma.update(6), 'seed = (1 + 2 + 6) / 3').toBe(3);
    expect(ma.update(0), '3 + (0 − 3)·(1/3)').toBe(2);
    expect(ma.update(5), '2 + (5 − 2)·(1/3)').toBe(3);
  });

  it('keeps a constant input exactly constant', () => {
    const ma = new WilderMA(7);
    for (let i = 0; i < 1000; i++) ma.update(0.1);
    expect(ma.value, 'average of a constant 0.1 is exactly 0.1').toBe(0.1);
  });

  it('rejects a bad period', () => {
    expect(() => new WilderMA(0), 'period 0').toThrow(/period must be an integer >= 1/);
    expect(() => new WilderMA(2.5), 'period 2.5').toThrow(/period/);
  });
});
