// A naive reference book for the synthetic MBO tests: replays a table record by record with Maps and
// arrays (FIFO queues per price level), throws on the first inconsistency, and counts what the flow did.
import { FLAG_LAST, FLAG_SNAPSHOT, type MboTable } from '../../src/data/schemas.js';

const A = 65;
const C = 67;
const M = 77;
const R = 82;
const T = 84;
const F = 70;
const BID = 66;
const ASK = 65;

interface Order {
  side: number;
  price: number;
  size: number;
}

class Book {
  orders = new Map<number, Order>();
  levels = [new Map<number, number[]>(), new Map<number, number[]>()]; // bids, asks: price -> FIFO ids
  queue(side: number, price: number): number[] {
    const lv = this.levels[side === BID ? 0 : 1]!;
    let q = lv.get(price);
    if (!q) lv.set(price, (q = []));
    return q;
  }
  unqueue(id: number, o: Order): void {
    const lv = this.levels[o.side === BID ? 0 : 1]!;
    const q = lv.get(o.price)!;
    q.splice(q.indexOf(id), 1);
    if (q.length === 0) lv.delete(o.price);
  }
  best(side: number): number {
    const keys = [...this.levels[side === BID ? 0 : 1]!.keys()];
    return side === BID ? Math.max(...keys) : Math.min(...keys);
  }
}

export interface ReplayCounts {
  records: number;
  events: number;
  adds: number;
  /** Cancels in events without a trade (a trade's C records are book updates of its fills). */
  cancels: number;
  cancelsAtTouch: number;
  cancelsWithin3: number;
  reduces: number;
  increases: number;
  reprices: number;
  trades: number;
  sweeps: number;
  partialFills: number;
  restingRemainders: number;
}

/** Replays `t` (every instrument) and checks each invariant the generator promises; returns counts. */
export function replayReference(t: MboTable, tickOf: (inst: number) => number): ReplayCounts {
  const books = new Map<number, Book>();
  const seq = new Map<number, number>();
  const n: ReplayCounts = {
    records: t.length,
    events: 0,
    adds: 0,
    cancels: 0,
    cancelsAtTouch: 0,
    cancelsWithin3: 0,
    reduces: 0,
    increases: 0,
    reprices: 0,
    trades: 0,
    sweeps: 0,
    partialFills: 0,
    restingRemainders: 0,
  };
  // The current event: its trades (price, size), fills (id, price, size) and the cancels after them.
  let ev: { T: [number, number][]; F: [number, number, number][]; C: [number, number][] } = {
    T: [],
    F: [],
    C: [],
  };
  const fail = (i: number, why: string): never => {
    throw new Error(`record ${i}: ${why}`);
  };
  for (let i = 0; i < t.length; i++) {
    const inst = t.instrumentId[i]!;
    const act = t.action[i]!;
    const side = t.side[i]!;
    const price = t.price[i]!;
    const size = t.size[i]!;
    const id = t.orderIdHi[i]! * 4294967296 + t.orderIdLo[i]!;
    const snap = (t.flags[i]! & FLAG_SNAPSHOT) !== 0;
    if (i > 0) {
      const back = (s: Float64Array, ns: Uint32Array): boolean =>
        s[i]! < s[i - 1]! || (s[i] === s[i - 1] && ns[i]! < ns[i - 1]!);
      if (back(t.tsEventSec, t.tsEventNsec)) fail(i, 'ts_event goes back');
      if (back(t.tsRecvSec, t.tsRecvNsec)) fail(i, 'ts_recv goes back');
    }
    const lag = (t.tsRecvSec[i]! - t.tsEventSec[i]!) * 1e9 + t.tsRecvNsec[i]! - t.tsEventNsec[i]!;
    if (!(lag > 0 && t.tsInDelta[i]! > 0 && t.tsInDelta[i]! < lag))
      fail(i, 'ts_recv after ts_event > in_delta');
    if (t.sequence[i] !== (seq.get(inst) ?? 0) + 1)
      fail(i, `sequence ${t.sequence[i]} after ${seq.get(inst)}`);
    seq.set(inst, t.sequence[i]!);
    let b = books.get(inst);
    if (act === R) {
      if (b || !snap || id !== 0 || price === price || size !== 0) fail(i, 'a clear opens each instrument');
      books.set(inst, (b = new Book()));
    } else apply(i, b, id, act, side, price, size, snap, inst);
    if ((t.flags[i]! & FLAG_LAST) !== 0) {
      checkEvent(i, books.get(inst)!);
      ev = { T: [], F: [], C: [] };
    }
  }
  return n;

  function apply(
    i: number,
    b: Book | undefined,
    id: number,
    act: number,
    side: number,
    price: number,
    size: number,
    snap: boolean,
    inst: number,
  ): void {
    if (!b) return fail(i, 'a record before its instrument was cleared');
    if (!snap && act === A && b.orders.size === 0) fail(i, 'flow before the snapshot');
    if (act !== T && !(price > 0 && Number.isInteger(price / tickOf(inst))))
      fail(i, `price ${price} off the tick`);
    if (act === A) {
      if (b.orders.has(id)) fail(i, 'add of a live id');
      if (size < 1 || (side !== BID && side !== ASK)) fail(i, 'add needs a side and a size');
      if (ev.T.length > 0) n.restingRemainders++;
      else if (!snap) n.adds++;
      b.orders.set(id, { side, price, size });
      b.queue(side, price).push(id);
      return;
    }
    if (act === T) {
      if (id !== 0) fail(i, 'a trade carries order id 0');
      const rest = side === BID ? ASK : BID;
      const q = b.levels[rest === BID ? 0 : 1]!.get(price);
      if (!q?.length) fail(i, `trade at ${price}, where no ${String.fromCharCode(rest)} order rests`);
      const prev = ev.T.at(-1);
      const first = prev === undefined;
      if (first ? price !== b.best(rest) : side === BID ? price <= prev[0] : price >= prev[0])
        fail(i, 'a trade starts at the touch and walks away from it');
      ev.T.push([price, size]);
      return;
    }
    const o = b.orders.get(id);
    if (!o) return fail(i, `${String.fromCharCode(act)} of an order that is not live`);
    if (o.side !== side) fail(i, 'side differs from the order');
    if (act === M) {
      if (o.price !== price) n.reprices++;
      else if (size > o.size) n.increases++;
      else if (size < o.size) n.reduces++;
      else fail(i, 'a modify that changes nothing');
      if (size < 1) fail(i, 'modify to size 0');
      if (price !== o.price || size > o.size) {
        b.unqueue(id, o); // loses priority: to the tail of its (new) level
        o.price = price;
        b.queue(side, price).push(id);
      }
      o.size = size;
    } else if (o.price !== price) fail(i, `price ${price} differs from the order's ${o.price}`);
    else if (act === F) {
      if (size < 1 || size > o.size) fail(i, `fill of ${size} of ${o.size}`);
      const q = b.levels[side === BID ? 0 : 1]!.get(price)!;
      const before = ev.F.filter((f) => f[1] === price).length;
      if (q[before] !== id) fail(i, 'fills do not follow the queue (FIFO)');
      if (size < o.size) n.partialFills++;
      ev.F.push([id, price, size]);
    } else if (act === C) {
      if (size < 1 || size > o.size) fail(i, `cancel of ${size} of ${o.size} (sizes never go negative)`);
      if (ev.T.length > 0) ev.C.push([id, size]);
      else {
        n.cancels++;
        const d = Math.abs(price - b.best(side)) / tickOf(inst);
        if (d === 0) n.cancelsAtTouch++;
        if (d < 3) n.cancelsWithin3++;
      }
      o.size -= size;
      if (o.size === 0) {
        b.unqueue(id, o);
        b.orders.delete(id);
      }
    } else fail(i, `unexpected action ${act}`);
  }

  function checkEvent(i: number, b: Book): void {
    n.events++;
    const bb = b.best(BID);
    const ba = b.best(ASK);
    if (!(bb > -Infinity && ba < Infinity)) fail(i, 'a side is empty');
    if (!(bb < ba)) fail(i, `crossed or locked: bid ${bb} ask ${ba}`);
    if (ev.T.length === 0) {
      if (ev.F.length > 0) fail(i, 'fills without a trade');
      return;
    }
    n.trades++;
    if (ev.T.length > 1) n.sweeps++;
    for (const [price, size] of ev.T) {
      const filled = ev.F.filter((f) => f[1] === price).reduce((s, f) => s + f[2], 0);
      if (filled !== size) fail(i, `fills at ${price} add up to ${filled}, the trade to ${size}`);
    }
    const fills = ev.F.map((f) => `${f[0]}:${f[2]}`).join();
    if (fills !== ev.C.map((c) => `${c[0]}:${c[1]}`).join()) fail(i, 'each fill is followed by its cancel');
  }
}
