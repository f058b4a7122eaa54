import { describe, expect, it } from 'vitest';
import { OBV, obvBatch } from '../../src/indicators/obv.js';
import { indicatorContract, ohlcvWalk } from './contract-suite.js';
import { barAt, ohlcOf } from './ohlc-rows.js';

for (const seed of [1, 2])
  indicatorContract({
    name: `OBV (seed ${seed})`,
    make: () => new OBV(),
    warmup: 1,
    update: (ind, cols, i) => ind.update(barAt(cols, i)),
    batch: (cols) => ({ value: obvBatch(ohlcOf(cols)) }),
    fields: ['close', 'volume'],
    data: ohlcvWalk(3000, seed),
  });

describe('OBV by hand', () => {
  it('adds volume on up closes, subtracts on down closes, keeps it on equal closes', () => {
    const close = Float64Array.from([10, 11, 11, 10.5, 12]);
    const volume = Float64Array.from([100, 200, 300, 400, 500]);
    expect(Array.from(obvBatch({ close, volume })), 'OBV per bar').toEqual([0, 200, 200, -200, 300]);
  });

  it('does not accumulate rounding error over a million fractional volumes', () => {
    const obv = new OBV();
    // alternating up/down closes: +0.1, −0.1, ... plus one extra +0.1 at the end: exactly 0.1
    obv.updateCloseVolume(1, 0);
    for (let i = 0; i < 1_000_000; i++) obv.updateCloseVolume(i % 2 === 0 ? 2 : 1, 0.1);
    obv.updateCloseVolume(2, 0.1);
    expect(obv.value, 'compensated total').toBe(0.1);
  });
});
