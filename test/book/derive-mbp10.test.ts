// deriveMbp10: a hand-checked event sequence (which records are emitted, action/side/depth/levels/flags),
// and over synthetic MBO of three instruments: the derived MBP-10 replayed through L2Book equals the L3
// book's top ten at every consistent point, with one record per trade and none for fills.
import { describe, expect, it } from 'vitest';
import { deriveMbp10 } from '../../src/book/derive-mbp10.js';
import { L2Book } from '../../src/book/l2-book.js';
import { L3Book } from '../../src/book/l3-book.js';
import { PriceGrid } from '../../src/book/view.js';
import { generateSynthMbo } from '../../src/data/dbn/synth-mbo.js';
import {
  ACTION_ADD,
  ACTION_CANCEL,
  ACTION_FILL,
  ACTION_MODIFY,
  ACTION_TRADE,
  FLAG_LAST,
  SIDE_ASK,
  SIDE_BID,
  newTable,
  type MboTable,
} from '../../src/data/schemas.js';

const RAW = 100;

function mbo(recs: [number, number, number, number, number, number][]): MboTable {
  const t = newTable('mbo', recs.length);
  recs.forEach(([action, side, id, ticks, size, flags], i) => {
    t.action[i] = action;
    t.side[i] = side;
    t.orderIdLo[i] = id;
    t.price[i] = ticks * RAW;
    t.size[i] = size;
    t.flags[i] = flags;
    t.sequence[i] = i + 1;
    t.instrumentId[i] = 3;
  });
  t.length = recs.length;
  return t;
}

describe('deriveMbp10', () => {
  it('emits top-ten changes and trades only, with depth, levels and F_LAST as documented', () => {
    const L = FLAG_LAST;
    const recs: [number, number, number, number, number, number][] = [
      [ACTION_ADD, SIDE_BID, 1, 100, 5, L], // seq 1: emitted, bid depth 0
      [ACTION_ADD, SIDE_ASK, 2, 105, 3, 0], // seq 2: emitted, event still open
      [ACTION_ADD, SIDE_ASK, 3, 200, 1, L], // seq 3: emitted, ask depth 1
    ];
    // seq 4..12: bids at 99..91 (depth 1..9); the one at 91 opens an event that seq 13 (a bid at 90, the
    // 11th level) and seq 14 (a bid at 50, F_LAST) continue without touching the top ten.
    for (let k = 1; k <= 10; k++) recs.push([ACTION_ADD, SIDE_BID, 10 + k, 100 - k, 1, k <= 8 ? L : 0]);
    recs.push([ACTION_ADD, SIDE_BID, 30, 50, 1, L]);
    recs.push([ACTION_TRADE, SIDE_BID, 0, 105, 2, 0]); // seq 15: emitted, depth on the resting (ask) side
    recs.push([ACTION_FILL, SIDE_ASK, 2, 105, 2, 0]); // seq 16: never emitted
    recs.push([ACTION_MODIFY, SIDE_ASK, 2, 105, 1, L]); // seq 17: emitted
    recs.push([ACTION_CANCEL, SIDE_BID, 11, 99, 1, L]); // seq 18: level 99 leaves; one level (100) is better
    const out = deriveMbp10(mbo(recs), { grid: PriceGrid.ofRaw(RAW) });
    const rows = Array.from({ length: out.length }, (_, i) => [
      out.sequence[i],
      String.fromCharCode(out.action[i]!),
      String.fromCharCode(out.side[i]!),
      out.depth[i],
      out.flags[i],
    ]);
    expect(rows).toEqual([
      [1, 'A', 'B', 0, L],
      [2, 'A', 'A', 0, 0],
      [3, 'A', 'A', 1, L],
      // seq 12 gets the F_LAST of seq 14, the last record of its event
      ...Array.from({ length: 9 }, (_, k) => [4 + k, 'A', 'B', k + 1, L]),
      [15, 'T', 'B', 0, 0],
      [17, 'M', 'A', 0, L],
      [18, 'C', 'B', 1, L],
    ]);
    const last = out.length - 1;
    expect(Array.from(out.bidPx.subarray(last * 10, last * 10 + 10))).toEqual(
      [100, 98, 97, 96, 95, 94, 93, 92, 91, 90].map((t) => t * RAW),
    );
    expect(Array.from(out.bidSz.subarray(last * 10, last * 10 + 2))).toEqual([5, 1]);
    expect(Array.from(out.askPx.subarray(last * 10, last * 10 + 3))).toEqual([105 * RAW, 200 * RAW, NaN]);
    expect(Array.from(out.askSz.subarray(last * 10, last * 10 + 3))).toEqual([1, 1, 0]);
    expect(Array.from(out.askCt.subarray(last * 10, last * 10 + 3))).toEqual([1, 1, 0]);
    expect([out.instrumentId[0], out.price[0], out.size[0]]).toEqual([3, 100 * RAW, 5]);
  });

  it('synthetic MBO: L2 from the derived MBP-10 equals the L3 top ten at every F_LAST', () => {
    const t = generateSynthMbo({ seed: 5, events: 200_000, instruments: 3, tickSize: 10_000_000 });
    const grid = PriceGrid.ofRaw(10_000_000);
    const d = deriveMbp10(t);
    expect(d.length).toBeGreaterThan(50_000);
    const l3 = new Map<number, L3Book>();
    const l2 = new Map<number, L2Book>();
    const a = { t: new Float64Array(10), s: new Float64Array(10), c: new Float64Array(10) };
    const b = { t: new Float64Array(10), s: new Float64Array(10), c: new Float64Array(10) };
    let p = 0;
    let trades = 0;
    let bad = '';
    for (let r = 0; r < t.length && !bad; r++) {
      const id = t.instrumentId[r]!;
      if (!l3.has(id)) {
        l3.set(id, new L3Book({ grid }));
        l2.set(id, new L2Book({ grid }));
      }
      l3.get(id)!.applyMbo(t, r);
      if (t.action[r] === ACTION_TRADE) trades++;
      while (p < d.length && d.instrumentId[p] === id && d.sequence[p] === t.sequence[r]) {
        if (d.action[p] === ACTION_FILL) bad = `fill emitted at ${p}`;
        l2.get(id)!.applyMbp10(d, p++);
      }
      if ((t.flags[r]! & FLAG_LAST) === 0) continue;
      for (const side of [SIDE_BID, SIDE_ASK]) {
        const n3 = l3.get(id)!.depth(side, a.t, a.s, 10, a.c);
        const n2 = l2.get(id)!.depth(side, b.t, b.s, 10, b.c);
        let same = n3 === n2;
        for (let i = 0; i < n3 && same; i++)
          same = a.t[i] === b.t[i] && a.s[i] === b.s[i] && a.c[i] === b.c[i];
        if (!same) bad = `record ${r} side ${side}: L3 ${a.t.slice(0, n3)} vs L2 ${b.t.slice(0, n2)}`;
      }
    }
    expect(bad).toBe('');
    expect(p, 'every derived record belongs to an MBO record').toBe(d.length);
    let derivedTrades = 0;
    for (let i = 0; i < d.length; i++) if (d.action[i] === ACTION_TRADE) derivedTrades++;
    expect(derivedTrades).toBe(trades);
  });
});
