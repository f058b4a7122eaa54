import { describe, expect, it } from 'vitest';
import { Stochastic, stochasticBatch } from '../../src/indicators/stochastic.js';
import { indicatorContract, ohlcvWalk } from './contract-suite.js';
import { barAt, hlcColumns, ohlcOf } from './ohlc-rows.js';

for (const [label, period, kSmoothing, dPeriod, seed] of [
  ['fast', 14, 1, 3, 1],
  ['slow', 14, 3, 3, 2],
  ['full', 21, 5, 4, 3],
  ['minimal', 1, 1, 1, 4],
] as const)
  indicatorContract({
    name: `Stochastic ${label}(${period}, ${kSmoothing}, ${dPeriod})`,
    make: () => new Stochastic(period, kSmoothing, dPeriod),
    warmup: period + kSmoothing - 1 + dPeriod - 1,
    update: (ind, cols, i) => ind.update(barAt(cols, i)),
    batch: (cols) => ({ ...stochasticBatch(ohlcOf(cols), period, kSmoothing, dPeriod) }),
    fields: ['high', 'low', 'close'],
    data: ohlcvWalk(3000, seed),
  });

describe('Stochastic by hand', () => {
  // [high, low, close]
  const bars = hlcColumns([
    [10, 8, 9],
    [12, 9, 11],
    [11, 7, 8],
    [13, 10, 12],
    [12, 11, 11.5],
  ]);
  // raw %K(3): bar 3: HH 12, LL 7 -> 100·(8 − 7)/5 = 20; bar 4: HH 13, LL 7 -> 100·5/6; bar 5: HH 13,
  // LL 7 -> 100·4.5/6 = 75
  const raw = [20, 500 / 6, 75];

  it('fast: %K raw, %D its 2-period mean', () => {
    const out = stochasticBatch(ohlcOf(bars), 3, 1, 2);
    expect(Array.from(out.k.subarray(0, 3)), 'warm-up 3 + 2 − 1 = 4 updates').toEqual([NaN, NaN, NaN]);
    expect(out.k[3], '%K bar 4').toBeCloseTo(raw[1]!, 12);
    expect(out.d[3], '%D bar 4').toBeCloseTo((raw[0]! + raw[1]!) / 2, 12);
    expect(out.k[4], '%K bar 5').toBe(75);
    expect(out.d[4], '%D bar 5').toBeCloseTo((raw[1]! + raw[2]!) / 2, 12);
  });

  it('slow: %K = SMA of raw %K, %D = SMA of %K; the factories set the conventions', () => {
    const slow = Stochastic.slow(3, 2);
    for (let i = 0; i < 5; i++) slow.update(barAt(bars, i));
    expect([slow.period, slow.kSmoothing, slow.dPeriod], 'slow(3, 2)').toEqual([3, 2, 2]);
    const k4 = (raw[0]! + raw[1]!) / 2;
    const k5 = (raw[1]! + raw[2]!) / 2;
    expect(slow.k, 'slow %K').toBeCloseTo(k5, 12);
    expect(slow.d, 'slow %D').toBeCloseTo((k4 + k5) / 2, 12);
    const fast = Stochastic.fast();
    expect([fast.period, fast.kSmoothing, fast.dPeriod], 'fast() defaults').toEqual([14, 1, 3]);
    expect(new Stochastic().warmup, 'slow (14, 3, 3) warm-up').toBe(18);
  });

  it('no range gives 50', () => {
    const flat = hlcColumns([
      [5, 5, 5],
      [5, 5, 5],
    ]);
    expect(stochasticBatch(ohlcOf(flat), 2, 1, 1).k[1], 'HH = LL').toBe(50);
  });
});
