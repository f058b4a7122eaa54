/**
 * Seeded synthetic MBO (order-by-order) flow, consistent with a live book, for L3 tests and benchmarks.
 *
 * Every instrument starts from a small book (adds), then each event is one of: add (a new order at or behind
 * the touch, never crossing), cancel (a whole resting order), modify (a resting order's size, downwards
 * only, so queue priority is unaffected under any convention), or a trade
 * at the touch: one T record (aggressor side, order id 0) then, per resting order hit in FIFO order, an F
 * (fill) and the book update for it — C for a full fill, M with the remaining size for a partial one. The
 * last record of each event carries FLAG_LAST. Invariants (tested by replaying the output into a naive
 * book): every C/M/F names a live order with its side and price, sizes never go negative, the book is never
 * crossed or locked, neither side is ever emptied. Timestamps increase (exponential gaps at `ratePerSec`),
 * ts_recv = ts_event + a 1-20 µs feed delay, sequence counts records per instrument.
 *
 * Limits: one price level is hit per trade (no sweeps); the output holds at least `events` records and ends
 * on a complete event, so it may run a few records over.
 */
import { Rng } from '../../core/rng.js';
import type { Timestamp } from '../../core/time.js';
import {
  ACTION_ADD,
  ACTION_CANCEL,
  ACTION_FILL,
  ACTION_MODIFY,
  ACTION_TRADE,
  FLAG_LAST,
  SIDE_ASK,
  SIDE_BID,
  ensureCapacity,
  newTable,
  trimTable,
  type MboTable,
} from '../schemas.js';

export interface SynthMboOptions {
  seed: number;
  /** Records to generate (at least; see the module header). */
  events: number;
  instruments?: number;
  firstInstrumentId?: number;
  publisherId?: number;
  start?: Timestamp;
  /** Mean events per second over all instruments. */
  ratePerSec?: number;
  /** Tick size in 1e-9 price units (default 0.01 = 10,000,000). */
  tickSize?: number;
  /** Initial mid price in ticks (default 10,000). */
  midTicks?: number;
  /** Relative weights of add / cancel / modify / trade events. */
  mix?: { add: number; cancel: number; modify: number; trade: number };
}

interface Order {
  side: number;
  tick: number;
  size: number;
  inst: number;
}

interface Inst {
  id: number;
  seq: number;
  levels: [Map<number, number[]>, Map<number, number[]>]; // [bids, asks]: tick -> FIFO of order ids
  live: number[];
  liveIndex: Map<number, number>;
}

export function generateSynthMbo(o: SynthMboOptions): MboTable {
  const rng = new Rng(o.seed);
  const nInst = o.instruments ?? 1;
  const tickSize = o.tickSize ?? 10_000_000;
  const mid = o.midTicks ?? 10_000;
  const gapNs = 1e9 / (o.ratePerSec ?? 100_000);
  const mix = o.mix ?? { add: 0.45, cancel: 0.33, modify: 0.1, trade: 0.12 };
  const wSum = mix.add + mix.cancel + mix.modify + mix.trade;
  const t = newTable('mbo', Math.max(16, o.events + 64));
  const orders = new Map<number, Order>();
  let nextId = 1;
  let sec = o.start?.sec ?? 1_704_205_800; // 2024-01-02T14:30:00Z
  let nsec = o.start?.nsec ?? 0;
  const insts: Inst[] = [];
  for (let i = 0; i < nInst; i++)
    insts.push({
      id: (o.firstInstrumentId ?? 1) + i,
      seq: 0,
      levels: [new Map(), new Map()],
      live: [],
      liveIndex: new Map(),
    });

  const emit = (inst: Inst, id: number, side: number, tick: number, size: number, action: number): void => {
    const i = t.length;
    if (i >= t.capacity) ensureCapacity(t, i + 1);
    t.tsEventSec[i] = sec;
    t.tsEventNsec[i] = nsec;
    let rn = nsec + 1000 + rng.int(19_000);
    t.tsRecvSec[i] = sec + (rn >= 1e9 ? 1 : 0);
    if (rn >= 1e9) rn -= 1e9;
    t.tsRecvNsec[i] = rn;
    t.tsInDelta[i] = 500 + rng.int(5000);
    t.instrumentId[i] = inst.id;
    t.publisherId[i] = o.publisherId ?? 1;
    t.orderIdHi[i] = Math.floor(id / 4294967296);
    t.orderIdLo[i] = id % 4294967296;
    t.price[i] = tick * tickSize;
    t.size[i] = size;
    t.action[i] = action;
    t.side[i] = side;
    t.flags[i] = 0;
    t.sequence[i] = ++inst.seq;
    t.length = i + 1;
  };
  const sideIx = (side: number): 0 | 1 => (side === SIDE_BID ? 0 : 1);
  const best = (inst: Inst, side: number): number => {
    let b = side === SIDE_BID ? -Infinity : Infinity;
    for (const k of inst.levels[sideIx(side)].keys()) b = side === SIDE_BID ? Math.max(b, k) : Math.min(b, k);
    return b;
  };
  const add = (inst: Inst, side: number, tick: number, size: number): void => {
    const id = nextId++;
    orders.set(id, { side, tick, size, inst: inst.id });
    const lv = inst.levels[sideIx(side)];
    const q = lv.get(tick);
    if (q) q.push(id);
    else lv.set(tick, [id]);
    inst.liveIndex.set(id, inst.live.length);
    inst.live.push(id);
    emit(inst, id, side, tick, size, ACTION_ADD);
  };
  const remove = (inst: Inst, id: number): void => {
    const ord = orders.get(id)!;
    orders.delete(id);
    const lv = inst.levels[sideIx(ord.side)];
    const q = lv.get(ord.tick)!;
    q.splice(q.indexOf(id), 1);
    if (q.length === 0) lv.delete(ord.tick);
    const at = inst.liveIndex.get(id)!;
    const last = inst.live.pop()!;
    if (last !== id) {
      inst.live[at] = last;
      inst.liveIndex.set(last, at);
    }
    inst.liveIndex.delete(id);
  };
  const sideCount = (inst: Inst, side: number): number => {
    let n = 0;
    for (const q of inst.levels[sideIx(side)].values()) n += q.length;
    return n;
  };
  /** A passive price: up to 4 ticks behind the touch, or inside a wide spread, never crossing. */
  const passiveTick = (inst: Inst, side: number): number => {
    const bb = best(inst, SIDE_BID);
    const ba = best(inst, SIDE_ASK);
    if (side === SIDE_BID) return Math.min((bb === -Infinity ? mid - 1 : bb) + 1 - rng.int(5), ba - 1);
    return Math.max((ba === Infinity ? mid + 1 : ba) - 1 + rng.int(5), bb + 1);
  };

  // The opening book of each instrument is one event: ten adds a side, FLAG_LAST on the last one.
  for (const inst of insts) {
    for (let k = 0; k < 10; k++) {
      add(inst, SIDE_BID, mid - 1 - (k % 5), 1 + rng.int(10));
      add(inst, SIDE_ASK, mid + 1 + (k % 5), 1 + rng.int(10));
    }
    t.flags[t.length - 1] = FLAG_LAST;
  }

  while (t.length < o.events) {
    const step = Math.max(1, Math.round(-Math.log(1 - rng.next()) * gapNs));
    nsec += step;
    while (nsec >= 1e9) {
      nsec -= 1e9;
      sec += 1;
    }
    const inst = insts[rng.int(nInst)]!;
    const side = rng.int(2) === 0 ? SIDE_BID : SIDE_ASK;
    let u = rng.next() * wSum;
    if ((u -= mix.add) < 0) {
      add(inst, side, passiveTick(inst, side), 1 + rng.int(10));
    } else if ((u -= mix.cancel) < 0 || u - mix.modify < 0) {
      const id = inst.live[rng.int(inst.live.length)]!;
      const ord = orders.get(id)!;
      if (u < 0 && sideCount(inst, ord.side) > 1) {
        remove(inst, id);
        emit(inst, id, ord.side, ord.tick, ord.size, ACTION_CANCEL);
      } else if (ord.size > 1) {
        // Only size reductions: they keep queue priority under every venue's rules.
        ord.size = 1 + rng.int(ord.size - 1);
        emit(inst, id, ord.side, ord.tick, ord.size, ACTION_MODIFY);
      } else add(inst, side, passiveTick(inst, side), 1 + rng.int(10));
    } else {
      const restSide = side === SIDE_BID ? SIDE_ASK : SIDE_BID;
      const tick = best(inst, restSide);
      const q = inst.levels[sideIx(restSide)].get(tick)!;
      let levelQty = 0;
      for (const id of q) levelQty += orders.get(id)!.size;
      // Leave at least one order on the side: a trade never takes the last order's full size.
      const total = sideCount(inst, restSide) === q.length ? levelQty - 1 : levelQty;
      if (total < 1) {
        add(inst, restSide, passiveTick(inst, restSide), 1 + rng.int(10));
      } else {
        let qty = 1 + rng.int(Math.min(total, 15));
        emit(inst, 0, side, tick, qty, ACTION_TRADE);
        for (const id of q.slice()) {
          if (qty === 0) break;
          const ord = orders.get(id)!;
          const fill = Math.min(qty, ord.size);
          qty -= fill;
          emit(inst, id, restSide, tick, fill, ACTION_FILL);
          if (fill === ord.size) {
            remove(inst, id);
            emit(inst, id, restSide, tick, fill, ACTION_CANCEL);
          } else {
            ord.size -= fill;
            emit(inst, id, restSide, tick, ord.size, ACTION_MODIFY);
          }
        }
      }
    }
    t.flags[t.length - 1] = FLAG_LAST;
  }
  return trimTable(t);
}
