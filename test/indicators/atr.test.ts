import { describe, expect, it } from 'vitest';
import { ATR, TrueRange, atrBatch, trueRangeBatch } from '../../src/indicators/atr.js';
import { indicatorContract, ohlcvWalk } from './contract-suite.js';
import { barAt, hlcColumns, ohlcOf } from './ohlc-rows.js';

indicatorContract({
  name: 'TrueRange',
  make: () => new TrueRange(),
  warmup: 2,
  update: (ind, cols, i) => ind.update(barAt(cols, i)),
  batch: (cols) => ({ value: trueRangeBatch(ohlcOf(cols)) }),
  fields: ['high', 'low', 'close'],
});

for (const [period, seed] of [
  [1, 1],
  [3, 2],
  [14, 3],
  [50, 4],
] as const)
  indicatorContract({
    name: `ATR(${period})`,
    make: () => new ATR(period),
    warmup: period + 1,
    update: (ind, cols, i) => ind.update(barAt(cols, i)),
    batch: (cols) => ({ value: atrBatch(ohlcOf(cols), period) }),
    fields: ['high', 'low', 'close'],
    data: ohlcvWalk(3000, seed),
  });

// [high, low, close]; true ranges from bar 2: 2, 2, 1, 2 (gap up: 13 − 11), 2.5 (gap down: 12.5 − 10)
const bars = hlcColumns([
  [10, 8, 9],
  [11, 9, 10.5],
  [12, 10, 11],
  [11.5, 10.5, 11],
  [13, 12, 12.5],
  [11, 10, 10],
]);

describe('TrueRange and ATR by hand', () => {
  it('true range uses the previous close across gaps, none on the first bar', () => {
    expect(Array.from(trueRangeBatch(ohlcOf(bars))), 'true ranges').toEqual([NaN, 2, 2, 1, 2, 2.5]);
  });

  it('ATR(3) seeds with the mean of the first 3 true ranges, then Wilder-smooths', () => {
    const a4 = 5 / 3;
    const a5 = a4 + (2 - a4) * (1 / 3);
    const a6 = a5 + (2.5 - a5) * (1 / 3);
    expect(Array.from(atrBatch(ohlcOf(bars), 3)), 'ATR(3) per bar').toEqual([NaN, NaN, NaN, a4, a5, a6]);
  });

  it('streaming from a bar object equals the batch', () => {
    const atr = new ATR(3);
    const got = [0, 1, 2, 3, 4, 5].map((i) => atr.update(barAt(bars, i)));
    expect(got, 'same as atrBatch').toEqual(Array.from(atrBatch(ohlcOf(bars), 3)));
  });

  it('names the offending field', () => {
    expect(() => new ATR(3).updateHighLowClose(1, Infinity, 1), 'low = Infinity').toThrow(/ATR.*"low"/);
  });
});
