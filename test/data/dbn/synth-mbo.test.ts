// The synthetic MBO generator: seeded (same seed -> same stream), and consistent with a live book, checked
// by replaying every record into a naive reference book; its DBN output reads back identically.
import { describe, expect, it } from 'vitest';
import { generateSynthMbo } from '../../../src/data/dbn/synth-mbo.js';
import { encodeDbn } from '../../../src/data/dbn/writer.js';
import { readDbn } from '../../../src/data/dbn/read.js';
import { tsCompare } from '../../../src/core/time.js';
import { FLAG_LAST, type MboTable } from '../../../src/data/schemas.js';
import { expectSameTable } from './helpers.js';

const A = 65,
  C = 67,
  M = 77,
  T = 84,
  F = 70,
  BID = 66,
  ASK = 65;

/** Replays `t` into a naive book and throws on the first inconsistency; returns action counts. */
function replay(t: MboTable): Record<string, number> {
  const orders = new Map<string, { inst: number; side: number; price: number; size: number }>();
  const counts: Record<string, number> = {};
  const bestOf = (inst: number, side: number): number => {
    let b = side === BID ? -Infinity : Infinity;
    for (const o of orders.values())
      if (o.inst === inst && o.side === side) b = side === BID ? Math.max(b, o.price) : Math.min(b, o.price);
    return b;
  };
  let lastTrade = { size: 0, filled: 0 };
  for (let i = 0; i < t.length; i++) {
    const id = `${t.orderIdHi[i]}:${t.orderIdLo[i]}`;
    const inst = t.instrumentId[i]!;
    const act = t.action[i]!;
    counts[String.fromCharCode(act)] = (counts[String.fromCharCode(act)] ?? 0) + 1;
    if (i > 0)
      expect(
        tsCompare(t.tsEventSec[i - 1]!, t.tsEventNsec[i - 1]!, t.tsEventSec[i]!, t.tsEventNsec[i]!),
      ).toBeLessThanOrEqual(0);
    const o = orders.get(id);
    if (act === A) {
      expect(o, `row ${i}: add of a live id`).toBeUndefined();
      orders.set(id, { inst, side: t.side[i]!, price: t.price[i]!, size: t.size[i]! });
    } else if (act === C || act === M || act === F) {
      expect(o, `row ${i}: ${String.fromCharCode(act)} names a resting order`).toBeDefined();
      expect([o!.side, o!.price], `row ${i}: side and price of the order`).toEqual([t.side[i], t.price[i]]);
      if (act === C) {
        expect(t.size[i], `row ${i}: cancel size`).toBe(o!.size);
        orders.delete(id);
      } else if (act === M) {
        expect(t.size[i]! >= 1 && t.size[i]! <= o!.size, `row ${i}: modify reduces size`).toBe(true);
        o!.size = t.size[i]!;
      } else {
        expect(
          t.size[i]! <= o!.size && t.price[i] === bestOf(inst, o!.side),
          `row ${i}: fill at the touch`,
        ).toBe(true);
        lastTrade.filled += t.size[i]!;
      }
    } else if (act === T) {
      expect(t.orderIdHi[i]! + t.orderIdLo[i]!).toBe(0);
      const rest = t.side[i] === BID ? ASK : BID;
      expect(t.price[i], `row ${i}: trade at the opposite touch`).toBe(bestOf(inst, rest));
      lastTrade = { size: t.size[i]!, filled: 0 };
    } else throw new Error(`row ${i}: unexpected action ${act}`);
    if (t.flags[i]! & FLAG_LAST) {
      const bb = bestOf(inst, BID);
      const ba = bestOf(inst, ASK);
      expect(bb < ba && bb > -Infinity && ba < Infinity, `row ${i}: book uncrossed with both sides`).toBe(
        true,
      );
      if (lastTrade.size)
        expect(lastTrade.filled, `row ${i}: fills add up to the trade`).toBe(lastTrade.size);
      lastTrade = { size: 0, filled: 0 };
    }
  }
  return counts;
}

describe('generateSynthMbo', () => {
  it('is deterministic per seed and different across seeds', () => {
    const a = generateSynthMbo({ seed: 5, events: 2000, instruments: 3 });
    const b = generateSynthMbo({ seed: 5, events: 2000, instruments: 3 });
    const c = generateSynthMbo({ seed: 6, events: 2000, instruments: 3 });
    expectSameTable(a, b, 'same seed');
    expect(Array.from(c.price.subarray(0, 200))).not.toEqual(Array.from(a.price.subarray(0, 200)));
  });

  it('replays consistently into a naive book (every action kind present, several instruments)', () => {
    const t = generateSynthMbo({ seed: 11, events: 20_000, instruments: 4, ratePerSec: 50_000 });
    expect(t.length).toBeGreaterThanOrEqual(20_000);
    expect(t.length).toBeLessThan(20_100);
    const counts = replay(t);
    for (const k of ['A', 'C', 'M', 'T', 'F']) expect(counts[k], k).toBeGreaterThan(500);
    expect(new Set(t.instrumentId).size).toBe(4);
  });

  it('writes to DBN and reads back identically', () => {
    const t = generateSynthMbo({ seed: 3, events: 3000 });
    const back = readDbn(encodeDbn({ tables: { mbo: t }, metadata: { dataset: 'SYNTH' } }));
    expect(back.metadata!.schema).toBe('mbo');
    expectSameTable(t, back.tables.mbo, 'synthetic MBO');
  });
});
