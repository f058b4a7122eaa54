import { describe, expect, it } from 'vitest';
import { CCI, cciBatch } from '../../src/indicators/cci.js';
import { indicatorContract, ohlcvWalk } from './contract-suite.js';
import { barAt, hlcColumns, ohlcOf } from './ohlc-rows.js';

for (const [period, seed] of [
  [1, 1],
  [3, 2],
  [20, 3],
  [100, 4],
] as const)
  indicatorContract({
    name: `CCI(${period})`,
    make: () => new CCI(period),
    warmup: period,
    update: (ind, cols, i) => ind.update(barAt(cols, i)),
    batch: (cols) => ({ value: cciBatch(ohlcOf(cols), period) }),
    fields: ['high', 'low', 'close'],
    data: ohlcvWalk(3000, seed),
  });

const closesOnly = (cs: number[]) => hlcColumns(cs.map((c) => [c, c, c] as [number, number, number]));

describe('CCI by hand (period 3, bars with h = l = c so tp = c)', () => {
  it('uses the mean absolute deviation around the window mean and 0.015', () => {
    // windows: [1,2,3] -> (3−2)/(0.015·2/3) = 100; [2,3,1] -> −100; [3,1,1] -> (−2/3)/(0.015·8/9) = −50;
    // [1,1,1] -> no deviation -> 0
    const out = cciBatch(ohlcOf(closesOnly([1, 2, 3, 1, 1, 1])), 3);
    const want = [NaN, NaN, 100, -100, -50, 0];
    want.forEach((w, i) =>
      Number.isNaN(w)
        ? expect(out[i], `row ${i} warm-up`).toBeNaN()
        : expect(out[i], `row ${i}`).toBeCloseTo(w, 10),
    );
  });

  it('a flat window gives exactly 0 even where the plain mean of the prices is off by an ulp', () => {
    // 0.1 + 0.1 + 0.1 = 0.30000000000000004; / 3 != 0.1: a naive mean would give a tiny deviation and ±66.7
    const out = cciBatch(ohlcOf(closesOnly([0.1, 0.1, 0.1, 0.1])), 3);
    expect([out[2], out[3]], 'flat window').toEqual([0, 0]);
  });

  it('accepts another constant and rejects a bad one', () => {
    const out = cciBatch(ohlcOf(closesOnly([1, 2, 3])), 3, 0.03);
    expect(out[2], 'half of the 0.015 value').toBeCloseTo(50, 10);
    expect(() => new CCI(3, 0), 'constant 0').toThrow(/constant must be a positive number/);
  });
});
