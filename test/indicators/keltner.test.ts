import { describe, expect, it } from 'vitest';
import { Keltner, keltnerBatch } from '../../src/indicators/keltner.js';
import { atrBatch } from '../../src/indicators/atr.js';
import { emaBatch } from '../../src/indicators/ema.js';
import { indicatorContract, ohlcvWalk } from './contract-suite.js';
import { barAt, ohlcOf } from './ohlc-rows.js';

for (const [ema, atr, mult, seed] of [
  [20, 10, 2, 1],
  [5, 14, 1.5, 2],
  [1, 1, 0, 3],
] as const)
  indicatorContract({
    name: `Keltner(${ema}, ${atr}, ${mult})`,
    make: () => new Keltner(ema, atr, mult),
    warmup: Math.max(ema, atr + 1),
    update: (ind, cols, i) => ind.update(barAt(cols, i)),
    batch: (cols) => ({ ...keltnerBatch(ohlcOf(cols), ema, atr, mult) }),
    fields: ['high', 'low', 'close'],
    data: ohlcvWalk(3000, seed),
  });

describe('Keltner', () => {
  it('is EMA(close) ± multiplier·ATR, row by row', () => {
    const cols = ohlcOf(ohlcvWalk(400, 5));
    const kc = keltnerBatch(cols, 20, 10, 2);
    const ema = emaBatch(cols.close, 20);
    const atr = atrBatch(cols, 10);
    for (let i = 19; i < 400; i++) {
      expect(kc.middle[i], `middle row ${i}`).toBe(ema[i]);
      expect(kc.upper[i], `upper row ${i}`).toBe(ema[i]! + 2 * atr[i]!);
      expect(kc.lower[i], `lower row ${i}`).toBe(ema[i]! - 2 * atr[i]!);
    }
  });

  it('a bad high leaves the EMA untouched too', () => {
    const kc = new Keltner(3, 3);
    const good = { open: 1, high: 2, low: 1, close: 1.5, volume: 0 };
    for (let i = 0; i < 5; i++) kc.update(good);
    const before = kc.middle;
    expect(() => kc.update({ ...good, high: NaN, close: 100 }), 'NaN high').toThrow(/Keltner.*"high"/);
    kc.update(good);
    expect(kc.middle, 'EMA continued from its old state').toBe(before);
  });

  it('rejects bad parameters', () => {
    expect(() => new Keltner(0), 'emaPeriod 0').toThrow(/emaPeriod/);
    expect(() => new Keltner(20, 10, -1), 'negative multiplier').toThrow(/multiplier/);
  });
});
