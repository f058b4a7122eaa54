// Seeded random MBO records for the property tests: every action (A/C/M/R/T/F/N and an unknown one), side
// 'N', null prices, far prices (1e3..1e6 and 1e12 ticks away), modifies up/down/to 0/to another price or
// side, partial/full/over-sized cancels, unknown and duplicate ids (64-bit: hi halves 0, small and large),
// snapshots with and without a leading clear, sequence gaps and regressions, F_LAST on most records.
import { Rng } from '../../src/core/rng.js';
import {
  ACTION_ADD,
  ACTION_CANCEL,
  ACTION_CLEAR,
  ACTION_FILL,
  ACTION_MODIFY,
  ACTION_NONE,
  ACTION_TRADE,
  FLAG_LAST,
  FLAG_SNAPSHOT,
  SIDE_ASK,
  SIDE_BID,
  SIDE_NONE,
  newTable,
  type MboTable,
} from '../../src/data/schemas.js';
import type { NaiveL3, NaiveRecord } from './naive-l3.js';

export interface RandomMboOptions {
  seed: number;
  /** Distinct order ids in play (smaller = more reuse, duplicates and unknown ids). */
  idPool: number;
  rawPerTick: number;
}

export class RandomMbo {
  private readonly rng: Rng;
  private readonly ids: { hi: number; lo: number; key: string }[] = [];
  private readonly byKey = new Map<string, { hi: number; lo: number }>();
  private mid = 1000;
  private seq = 1;
  private snapshotLeft = 0;

  constructor(private readonly o: RandomMboOptions) {
    this.rng = new Rng(o.seed);
    for (let i = 0; i < o.idPool; i++) {
      const hi = i % 7 === 0 ? 0xffffffff - (i % 3) : i % 5 === 0 ? 1 + (i % 4) : 0;
      const lo = i % 11 === 0 ? 0xfffffff0 + (i % 16) : (i * 2654435761) >>> 0;
      this.ids.push({ hi, lo, key: `${hi}:${lo}` });
      this.byKey.set(`${hi}:${lo}`, { hi, lo });
    }
  }

  /** `n` records into a fresh table, each also returned as a NaiveRecord (decisions look at `naive`). */
  batch(n: number, naive: NaiveL3): { table: MboTable; recs: NaiveRecord[] } {
    const t = newTable('mbo', n);
    const recs: NaiveRecord[] = [];
    // Decisions peek at which ids are live in `naive`, which therefore applies each record as it is made.
    for (let i = 0; i < n; i++) {
      const r = this.next(naive);
      naive.apply(r);
      recs.push(r);
      const id = this.byKey.get(r.id) ?? { hi: 0, lo: 0 };
      t.orderIdHi[i] = id.hi;
      t.orderIdLo[i] = id.lo;
      t.action[i] = r.action;
      t.side[i] = r.side;
      t.price[i] = Number.isNaN(r.ticks) ? NaN : r.ticks * this.o.rawPerTick;
      t.size[i] = r.size;
      t.flags[i] = r.flags;
      t.sequence[i] = this.nextSeq();
      t.instrumentId[i] = 1;
    }
    t.length = n;
    return { table: t, recs };
  }

  private nextSeq(): number {
    const u = this.rng.next();
    if (u < 0.01) this.seq += 2 + this.rng.int(5);
    else if (u < 0.015) this.seq = Math.max(1, this.seq - 1 - this.rng.int(3));
    else if (u < 0.2) return this.seq;
    else this.seq++;
    return this.seq;
  }

  private pickId(naive: NaiveL3, wantLive: boolean): string {
    let k = this.ids[this.rng.int(this.ids.length)]!.key;
    for (let tries = 0; tries < 4 && naive.orders.has(k) !== wantLive; tries++)
      k = this.ids[this.rng.int(this.ids.length)]!.key;
    return k;
  }

  private ticks(): number {
    const u = this.rng.next();
    if (u < 0.02) return this.mid + (this.rng.int(2) ? 1 : -1) * (1000 + this.rng.int(1_000_000));
    if (u < 0.025) return this.mid + (this.rng.int(2) ? 1 : -1) * 1e12;
    if (u < 0.03) return NaN;
    return this.mid - 30 + this.rng.int(61);
  }

  private next(naive: NaiveL3): NaiveRecord {
    const rng = this.rng;
    if (rng.next() < 0.005) this.mid += rng.int(2) ? 1 : -1;
    const flags = rng.next() < 0.7 ? FLAG_LAST : 0;
    if (this.snapshotLeft > 0) {
      this.snapshotLeft--;
      const side = rng.int(2) ? SIDE_BID : SIDE_ASK;
      const id = this.pickId(naive, false);
      return {
        action: ACTION_ADD,
        side,
        id,
        ticks: this.mid - 30 + rng.int(61),
        size: 1 + rng.int(20),
        flags: flags | FLAG_SNAPSHOT,
      };
    }
    const u = rng.next();
    if (u < 0.001) {
      this.snapshotLeft = rng.int(40);
      if (rng.next() < 0.3) return this.next(naive);
      return {
        action: ACTION_CLEAR,
        side: SIDE_NONE,
        id: '0:0',
        ticks: NaN,
        size: 0,
        flags: flags | FLAG_SNAPSHOT,
      };
    }
    const side = rng.next() < 0.01 ? SIDE_NONE : rng.int(2) ? SIDE_BID : SIDE_ASK;
    if (u < 0.36) {
      const id = rng.next() < 0.04 ? this.pickId(naive, true) : this.pickId(naive, false);
      return { action: ACTION_ADD, side, id, ticks: this.ticks(), size: 1 + rng.int(20), flags };
    }
    if (u < 0.6) {
      const id = this.pickId(naive, rng.next() < 0.9);
      const cur = naive.orders.get(id)?.size ?? 5;
      const v = rng.next();
      const size = v < 0.55 ? cur : v < 0.9 ? rng.int(cur + 1) : cur + 1 + rng.int(5);
      return { action: ACTION_CANCEL, side, id, ticks: NaN, size, flags };
    }
    if (u < 0.82) {
      const id = this.pickId(naive, rng.next() < 0.92);
      const o = naive.orders.get(id);
      const v = rng.next();
      const cur = o?.size ?? 5;
      let ticks = o?.ticks ?? this.ticks();
      let s = o ? (o.side === 0 ? SIDE_BID : SIDE_ASK) : side;
      let size = cur;
      if (v < 0.3) size = rng.int(cur + 1);
      else if (v < 0.55) size = cur + 1 + rng.int(10);
      else if (v < 0.9) ticks = this.ticks();
      else if (v < 0.93) s = s === SIDE_BID ? SIDE_ASK : SIDE_BID;
      if (side === SIDE_NONE) s = SIDE_NONE;
      return { action: ACTION_MODIFY, side: s, id, ticks, size, flags };
    }
    if (u < 0.9)
      return {
        action: ACTION_FILL,
        side,
        id: this.pickId(naive, rng.next() < 0.9),
        ticks: NaN,
        size: 1,
        flags,
      };
    if (u < 0.97)
      return { action: ACTION_TRADE, side, id: '0:0', ticks: this.mid, size: 1 + rng.int(9), flags };
    if (u < 0.972) return { action: ACTION_CLEAR, side: SIDE_NONE, id: '0:0', ticks: NaN, size: 0, flags };
    return { action: rng.int(2) ? ACTION_NONE : 88, side, id: '0:0', ticks: NaN, size: 0, flags };
  }
}
