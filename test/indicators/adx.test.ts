import { describe, expect, it } from 'vitest';
import { ADX, adxBatch } from '../../src/indicators/adx.js';
import { indicatorContract, ohlcvWalk } from './contract-suite.js';
import { barAt, hlcColumns, ohlcOf } from './ohlc-rows.js';

for (const [period, seed] of [
  [1, 1],
  [2, 2],
  [14, 3],
  [30, 4],
] as const)
  indicatorContract({
    name: `ADX(${period})`,
    make: () => new ADX(period),
    warmup: 2 * period,
    update: (ind, cols, i) => ind.update(barAt(cols, i)),
    batch: (cols) => ({ ...adxBatch(ohlcOf(cols), period) }),
    fields: ['high', 'low', 'close'],
    data: ohlcvWalk(3000, seed),
  });

describe('ADX by hand (period 2)', () => {
  // [high, low, close]. Bar 2: +DM 1, TR 2. Bar 3: +DM 1, TR 2 -> +DI 50, −DI 0, DX 100.
  // Bar 4: −DM 1, TR 2.5 -> sm TR 2.25, sm +DM 0.5, sm −DM 0.5 -> DIs equal, DX 0; ADX seed (100 + 0)/2 = 50.
  // Bar 5: −DM 0.5, TR 1.5 -> sm TR 1.875, sm +DM 0.25, sm −DM 0.5 -> +DI 40/3, −DI 80/3, DX 100/3,
  //        ADX 50 + (100/3 − 50)/2 = 125/3.
  const bars = hlcColumns([
    [10, 8, 9],
    [11, 9, 10.5],
    [12, 10, 11],
    [11.5, 9, 9.5],
    [10, 8.5, 9],
  ]);

  it('follows +DM/−DM, Wilder smoothing, DI, DX and ADX step by step', () => {
    const out = adxBatch(ohlcOf(bars), 2);
    expect(Array.from(out.adx.subarray(0, 3)), 'warm-up: 2·period updates').toEqual([NaN, NaN, NaN]);
    expect(out.adx[3], 'ADX seed').toBe(50);
    expect(out.plusDi[3], '+DI at bar 4').toBeCloseTo(200 / 9, 12);
    expect(out.minusDi[3], '−DI at bar 4').toBeCloseTo(200 / 9, 12);
    expect(out.plusDi[4], '+DI at bar 5').toBeCloseTo(40 / 3, 12);
    expect(out.minusDi[4], '−DI at bar 5').toBeCloseTo(80 / 3, 12);
    expect(out.adx[4], 'ADX at bar 5').toBeCloseTo(125 / 3, 12);
  });

  it('equal up and down moves give no directional movement; flat bars give 0, not NaN', () => {
    const flat = hlcColumns(Array.from({ length: 10 }, () => [5, 5, 5] as [number, number, number]));
    const out = adxBatch(ohlcOf(flat), 3);
    expect(out.adx[9], 'ADX of flat bars').toBe(0);
    expect(out.plusDi[9], '+DI of flat bars').toBe(0);
    // outside bars: up = down = 1 every bar -> both DMs 0
    const outside = hlcColumns(
      Array.from({ length: 10 }, (_, i) => [10 + i, 10 - i, 10] as [number, number, number]),
    );
    const o = adxBatch(ohlcOf(outside), 3);
    expect([o.plusDi[9], o.minusDi[9], o.adx[9]], 'no direction when up = down').toEqual([0, 0, 0]);
  });

  it('streaming exposes all three outputs', () => {
    const adx = new ADX(2);
    for (let i = 0; i < 5; i++) adx.update(barAt(bars, i));
    expect(adx.outputs, 'output names').toEqual(['adx', 'plusDi', 'minusDi']);
    expect(adx.value, 'value is adx').toBe(adx.adx);
    expect(adx.isReady, 'ready').toBe(true);
  });
});
