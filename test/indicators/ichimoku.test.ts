import { describe, expect, it } from 'vitest';
import { Ichimoku, ichimokuBatch } from '../../src/indicators/ichimoku.js';
import { indicatorContract, ohlcvWalk } from './contract-suite.js';
import { barAt, ohlcOf } from './ohlc-rows.js';

for (const [label, options, warmup, seed] of [
  ['default 9/26/52/26', {}, 78, 1],
  ['TradingView shift 25', { displacement: 25 }, 77, 2],
  ['small 2/3/5/1', { tenkan: 2, kijun: 3, senkouB: 5, displacement: 1 }, 6, 3],
  ['tenkan longest 7/3/2/4', { tenkan: 7, kijun: 3, senkouB: 2, displacement: 4 }, 11, 4],
] as const)
  indicatorContract({
    name: `Ichimoku (${label})`,
    make: () => new Ichimoku(options),
    warmup,
    update: (ind, cols, i) => ind.update(barAt(cols, i)),
    batch: (cols) => ({ ...ichimokuBatch(ohlcOf(cols), options) }),
    fields: ['high', 'low', 'close'],
    data: ohlcvWalk(3000, seed),
  });

/** Midpoint of max(high) and min(low) over rows [from, to], by brute force. */
function mid(high: Float64Array, low: Float64Array, from: number, to: number): number {
  let hh = -Infinity;
  let ll = Infinity;
  for (let i = from; i <= to; i++) {
    hh = Math.max(hh, high[i]!);
    ll = Math.min(ll, low[i]!);
  }
  return (hh + ll) / 2;
}

describe('Ichimoku against brute force', () => {
  const cols = ohlcOf(ohlcvWalk(600, 7));
  const out = ichimokuBatch(cols);

  it('computes every line from bars up to t only, and the cloud in force from spans 26 bars back', () => {
    for (let t = 77; t < 600; t++) {
      const tenkan = mid(cols.high, cols.low, t - 8, t);
      const kijun = mid(cols.high, cols.low, t - 25, t);
      expect(out.tenkan[t], `tenkan row ${t}`).toBe(tenkan);
      expect(out.kijun[t], `kijun row ${t}`).toBe(kijun);
      expect(out.senkouA[t], `senkouA row ${t}`).toBe((tenkan + kijun) / 2);
      expect(out.senkouB[t], `senkouB row ${t}`).toBe(mid(cols.high, cols.low, t - 51, t));
      expect(out.chikou[t], `chikou row ${t} is the close of t`).toBe(cols.close[t]);
      expect(out.cloudA[t], `cloudA row ${t} = senkouA of t − 26`).toBe(
        (mid(cols.high, cols.low, t - 34, t - 26) + mid(cols.high, cols.low, t - 51, t - 26)) / 2,
      );
      expect(out.cloudB[t], `cloudB row ${t} = senkouB of t − 26`).toBe(
        mid(cols.high, cols.low, t - 77, t - 26),
      );
    }
  });

  it('no output changes when a later bar changes (no lookahead)', () => {
    const changed = ohlcvWalk(600, 7);
    changed.high![400] = changed.high![400]! * 2;
    const alt = ichimokuBatch(ohlcOf(changed));
    for (const name of Object.keys(out) as (keyof typeof out)[])
      for (let t = 0; t < 400; t++)
        expect(Object.is(alt[name][t], out[name][t]), `${name} row ${t} unaffected by row 400`).toBe(true);
  });

  it('streams the same from bar objects', () => {
    const ich = new Ichimoku();
    const walk = ohlcvWalk(600, 7);
    for (let i = 0; i < 600; i++) ich.update(barAt(walk, i));
    expect([ich.tenkan, ich.cloudB], 'last row').toEqual([out.tenkan[599], out.cloudB[599]]);
  });
});
