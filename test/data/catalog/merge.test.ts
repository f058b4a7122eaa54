import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sliceBarTable } from '../../../src/data/bars.js';
import { newTable, sliceTable, type TradeTable } from '../../../src/data/schemas.js';
import { generateSynthBars } from '../../../src/data/synth/bars.js';
import { barsCodec } from '../../../src/data/catalog/codec-bars.js';
import { tickCodec } from '../../../src/data/catalog/codec-ticks.js';
import { mergeRows, replaceRows } from '../../../src/data/catalog/merge.js';
import { plainBars, plainTable } from './helpers.js';

const [bars] = generateSynthBars({ symbols: ['A'], bars: 120, freq: '1h', start: '2023-03-01', seed: 4 });
const trades = tickCodec('trades', 'ts_event');

/** 120 trades; with `dups`, runs of rows share a timestamp. */
function tradeTable(dups: boolean): TradeTable {
  const t = newTable('trades', 120);
  for (let i = 0; i < 120; i++) {
    const k = dups ? Math.floor(i / 3) : i;
    t.tsEventSec[i] = t.tsRecvSec[i] = 1_700_000_000 + k;
    t.price[i] = 1000 + ((i * 37) % 11);
    t.size[i] = 1 + (i % 4);
    t.instrumentId[i] = 7;
  }
  t.length = 120;
  return t;
}

const ranges = fc
  .tuple(fc.nat(120), fc.nat(120), fc.nat(120), fc.nat(120))
  .map(([a, b, c, d]) => [Math.min(a, b), Math.max(a, b) + 1, Math.min(c, d), Math.max(c, d) + 1] as const)
  .filter(([a, b, c, d]) => b <= 120 && d <= 120 && a < b && c < d);

describe('merge policy', () => {
  it('bars: any two slices of one series merge into exactly the rows of their union', () => {
    fc.assert(
      fc.property(ranges, ([a, b, c, d]) => {
        const m = mergeRows(barsCodec, sliceBarTable(bars!, a, b), sliceBarTable(bars!, c, d));
        const want: number[] = [];
        for (let i = 0; i < 120; i++) if ((i >= a && i < b) || (i >= c && i < d)) want.push(i);
        expect(m.conflictAt).toBeNull();
        expect(Array.from(m.table!.tsSec.subarray(0, m.table!.length))).toEqual(
          want.map((i) => bars!.tsSec[i]),
        );
        expect(m.unchanged, 'unchanged exactly when the new rows add nothing').toBe(c >= a && d <= b);
      }),
    );
  });

  it('bars: a changed row at a shared time is a conflict, found at that row', () => {
    const add = sliceBarTable(bars!, 50, 80);
    add.volume[12] = add.volume[12]! + 1;
    const m = mergeRows(barsCodec, sliceBarTable(bars!, 0, 70), add);
    expect([m.table, m.conflictAt]).toEqual([null, { side: 'new', row: 12 }]);
  });

  it('ticks: overlapping slices of one series merge into their union when the windows hold the same rows', () => {
    const t = tradeTable(false);
    fc.assert(
      fc.property(ranges, ([a, b, c, d]) => {
        const m = mergeRows(trades, sliceTable(t, a, b), sliceTable(t, c, d));
        const gap = b < c || d < a;
        // Disjoint slices join (a gap stays a gap); overlapping ones become the union.
        const lo = Math.min(a, c);
        const hi = Math.max(b, d);
        const want = gap
          ? [sliceTable(t, lo, lo === a ? b : d), sliceTable(t, lo === a ? c : a, hi)]
          : [sliceTable(t, lo, hi)];
        expect(m.conflictAt).toBeNull();
        expect(plainTable(m.table!)).toEqual(plainTable(gap ? trades.concat(want) : want[0]!));
      }),
    );
  });

  it('ticks: new rows inside a gap of the old rows fill it; same-time rows that differ conflict', () => {
    const t = tradeTable(true);
    const old = trades.concat([sliceTable(t, 0, 30), sliceTable(t, 60, 120)]);
    const filled = mergeRows(trades, old, sliceTable(t, 30, 60));
    expect(plainTable(filled.table!)).toEqual(plainTable(sliceTable(t, 0, 120)));
    const split = mergeRows(trades, sliceTable(t, 0, 31), sliceTable(t, 31, 120));
    expect(split.table, 'rows 30 and 31 share a timestamp: a split inside it is ambiguous').toBeNull();
    const same = mergeRows(trades, sliceTable(t, 0, 90), sliceTable(t, 30, 90));
    expect([same.unchanged, same.table!.length]).toEqual([true, 90]);
  });

  it('replace drops the old rows within [first, last] of the new series and keeps the rest', () => {
    const old = sliceBarTable(bars!, 0, 100);
    const add = sliceBarTable(bars!, 40, 45);
    add.close[0] = add.high[0]!;
    const first = { sec: bars!.tsSec[30]!, nsec: 0 };
    const last = { sec: bars!.tsSec[60]!, nsec: 0 };
    const r = replaceRows(barsCodec, old, add, first, last);
    expect(r.length).toBe(30 + 5 + 39);
    expect(plainBars(sliceBarTable(r, 30, 35))).toEqual(plainBars(add));
    expect(r.tsSec[35]).toBe(bars!.tsSec[61]);
  });
});
