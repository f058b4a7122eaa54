import { describe, expect, it } from 'vitest';
import { PSAR, psarBatch } from '../../src/indicators/psar.js';
import { indicatorContract, ohlcvWalk } from './contract-suite.js';
import { barAt, hlcColumns, ohlcOf } from './ohlc-rows.js';

for (const [step, max, seed] of [
  [0.02, 0.2, 1],
  [0.01, 0.1, 2],
  [0.05, 0.5, 3],
] as const)
  indicatorContract({
    name: `PSAR(${step}, ${max})`,
    make: () => new PSAR(step, max),
    warmup: 2,
    update: (ind, cols, i) => ind.update(barAt(cols, i)),
    batch: (cols) => ({ ...psarBatch(ohlcOf(cols), step, max) }),
    fields: ['high', 'low'],
    data: ohlcvWalk(3000, seed),
  });

describe('PSAR by hand', () => {
  // [high, low, close]; closes unused.
  const bars = hlcColumns([
    [10, 9, 0],
    [11, 10, 0], // up move: long; SAR = lowest low of bars 1–2 = 9, EP 11
    [12, 11, 0], // 9 + 0.02·(11 − 9) = 9.04, capped by bar 1's low 9; new high: EP 12, AF 0.04
    [13, 12, 0], // 9 + 0.04·(12 − 9) = 9.12; EP 13, AF 0.06
    [12.5, 9, 0], // 9.12 + 0.06·(13 − 9.12) = 9.3528 > low 9: reverse, SAR = EP 13, EP 9, AF 0.02
    [11, 8.5, 0], // 13 + 0.02·(9 − 13) = 12.92, raised to the prior highs (13); new low: EP 8.5
    [10, 8, 0], // 13 + 0.04·(8.5 − 13) = 12.82, above both prior highs (12.5, 11); EP 8, AF 0.06
  ]);

  it('starts, trails, accelerates and reverses as Wilder describes', () => {
    const out = psarBatch(ohlcOf(bars));
    expect(out.value[0], 'bar 1 only sets the reference').toBeNaN();
    expect(Array.from(out.value.subarray(1, 3)), 'bars 2-3').toEqual([9, 9]);
    expect(out.value[3], 'bar 4').toBeCloseTo(9.12, 12);
    expect(out.value[4], 'bar 5 reverses to the old EP').toBe(13);
    expect(out.value[5], 'bar 6 held at the highs of the two prior bars').toBe(13);
    expect(out.value[6], 'bar 7').toBeCloseTo(12.82, 12);
    expect(Array.from(out.direction), 'direction').toEqual([NaN, 1, 1, 1, -1, -1, -1]);
  });

  it('starts short when bar 2 moves down', () => {
    const p = new PSAR();
    p.updateHighLow(10, 9);
    expect(p.updateHighLow(9.5, 8), 'SAR = highest high of bars 1–2').toBe(10);
    expect(p.direction, 'short').toBe(-1);
  });

  it('caps the acceleration factor at max', () => {
    const p = new PSAR(0.1, 0.2);
    const rising = Array.from({ length: 6 }, (_, i) => barAt(hlcColumns([[10 + i, 9 + i, 0]]), 0));
    for (const b of rising) p.update(b);
    // AF went 0.1 -> 0.2 -> 0.2 ...; SAR never above the two prior lows
    expect(p.value, 'SAR below the prior lows').toBeLessThanOrEqual(12);
    expect(() => new PSAR(0.3, 0.2), 'step > max').toThrow(/0 < step <= max/);
  });
});
