/**
 * The order-level core of L3Book: the resting orders (order-table.ts) linked into per-level FIFOs of the two
 * PriceLevels sides, the priority stamps, the operations every MBO action is made of (place at the back of
 * a level, unlink, requeue, replace a side for top-of-book venues, clear), and what a venue reads of them.
 *
 * After each record, `lastSlot` (-1 if none) names the resting order the record touched and `lastReduced`
 * how much it took off that order's place in the queue (cancelled size, fill size, size given up by a
 * modify; a priority-losing modify gives up the whole old size: `lastRemoved`), `lastPriority` its queue
 * stamp before the record: a venue keeping its own orders beside the book compares stamps (lower = earlier)
 * to know whether that quantity was ahead of its order.
 *
 * Invariants: a level exists iff its FIFO is non-empty; its size is the sum of its orders' sizes and its
 * count the number of its real orders (top-of-book pseudo orders, stamped -1, are not counted). Every
 * operation is O(1) (plus the level search of price-levels.ts for new and far levels) and allocates nothing
 * in steady state.
 */
import { LevelBook, type LevelBookOptions } from './level-book.js';
import { OrderTable } from './order-table.js';
import type { PriceLevels } from './price-levels.js';
import { SIDE_ASK, SIDE_BID, sideIndex } from './view.js';

export abstract class L3Orders extends LevelBook {
  readonly orders: OrderTable;
  lastSlot = -1;
  /** 0 = bid, 1 = ask. */
  lastSide = -1;
  lastTicks = NaN;
  lastReduced = 0;
  lastPriority = 0;
  lastRemoved = false;
  private stamp = 0;

  constructor(o: LevelBookOptions, orderCapacity: number) {
    super(o);
    this.orders = new OrderTable(orderCapacity);
  }

  /** Slot of the live order with this id, or -1. */
  orderSlot(hi: number, lo: number): number {
    return this.orders.find(hi, lo);
  }
  orderTicks(slot: number): number {
    const lv = this.side(this.orders.side[slot]!);
    return lv.dir * lv.key[this.orders.level[slot]!]!;
  }
  orderSize(slot: number): number {
    return this.orders.size[slot]!;
  }
  /** SIDE_BID / SIDE_ASK code of an order. */
  orderSideCode(slot: number): number {
    return this.orders.side[slot] === 0 ? SIDE_BID : SIDE_ASK;
  }
  orderPriority(slot: number): number {
    return this.orders.priority[slot]!;
  }
  /** Next order behind `slot` in its level's FIFO, or -1. */
  orderNext(slot: number): number {
    return this.orders.next[slot]!;
  }
  /** First order of the level at `ticks` on `side` (SIDE_BID / SIDE_ASK), or -1. */
  levelHead(side: number, ticks: number): number {
    const lv = this.side(sideIndex(side));
    const l = lv.find(lv.dir * ticks);
    return l < 0 ? -1 : lv.head[l]!;
  }
  /** Total size of the orders ahead of `slot` in its FIFO (O(queue position)). */
  queueAhead(slot: number): number {
    let sum = 0;
    for (let p = this.orders.prev[slot]!; p >= 0; p = this.orders.prev[p]!) sum += this.orders.size[p]!;
    return sum;
  }
  /** Live orders (pseudo top-of-book orders excluded). */
  orderCount(): number {
    return this.orders.live;
  }

  protected side(s: number): PriceLevels {
    return s === 0 ? this.bids : this.asks;
  }

  protected note(slot: number, reduced: number, removed: boolean): void {
    this.lastSlot = slot;
    this.lastSide = this.orders.side[slot]!;
    this.lastTicks = this.orderTicks(slot);
    this.lastReduced = reduced;
    this.lastPriority = this.orders.priority[slot]!;
    this.lastRemoved = removed;
  }

  /** Moves a live order to the back of the FIFO at (s, ticks) with a new size and stamp. */
  protected requeue(slot: number, s: number, ticks: number, size: number): void {
    const o = this.orders;
    if (o.next[slot]! < 0 && o.side[slot] === s) {
      const lv = this.side(s);
      const L = o.level[slot]!;
      if (lv.key[L] === lv.dir * ticks) {
        lv.size[L]! += size - o.size[slot]!;
        o.size[slot] = size;
        o.priority[slot] = ++this.stamp;
        return;
      }
    }
    this.unlink(slot);
    this.place(slot, s, ticks, size);
  }

  /** Links `slot` at the back of the level (s, ticks), creating the level if needed. */
  protected place(slot: number, s: number, ticks: number, size: number): void {
    const o = this.orders;
    const lv = this.side(s);
    const L = lv.findOrCreate(lv.dir * ticks);
    const tail = lv.tail[L]!;
    o.size[slot] = size;
    o.side[slot] = s;
    o.level[slot] = L;
    o.priority[slot] = ++this.stamp;
    o.prev[slot] = tail;
    o.next[slot] = -1;
    if (tail < 0) lv.head[L] = slot;
    else o.next[tail] = slot;
    lv.tail[L] = slot;
    lv.size[L]! += size;
    lv.count[L]!++;
  }

  /** Unlinks `slot` from its level, removing the level when it empties. */
  protected unlink(slot: number): void {
    const o = this.orders;
    const lv = this.side(o.side[slot]!);
    const L = o.level[slot]!;
    const p = o.prev[slot]!;
    const n = o.next[slot]!;
    if (p < 0) lv.head[L] = n;
    else o.next[p] = n;
    if (n < 0) lv.tail[L] = p;
    else o.prev[n] = p;
    lv.size[L]! -= o.size[slot]!;
    lv.count[L]!--;
    if (lv.head[L]! < 0) lv.remove(L);
  }

  /** Top-of-book venues: the side becomes one level (a pseudo order), or empty for a null price. */
  protected replaceSide(s: number, ticks: number, size: number): boolean {
    const lv = this.side(s);
    const o = this.orders;
    for (let L = lv.best; L >= 0; L = lv.next(L))
      for (let q = lv.head[L]!, n = -1; q >= 0; q = n) {
        n = o.next[q]!;
        if (o.priority[q]! < 0) o.freeSlot(q);
        else o.remove(q);
      }
    lv.clear();
    if (ticks !== ticks) return true;
    const slot = o.allocSlot();
    this.place(slot, s, ticks, size);
    o.priority[slot] = -1;
    lv.count[o.level[slot]!] = 0;
    return true;
  }

  protected clearAll(): void {
    this.orders.clear();
    this.bids.clear();
    this.asks.clear();
  }
}
