/**
 * L3 (order-by-order) book of one instrument, fed by MBO records with Databento's semantics:
 * - Add appends the order to the back of its level's FIFO. An add of a live id is counted (`duplicateAdds`)
 *   and applied as a modify that loses priority.
 * - Cancel takes its size off the order (partial cancels); the order leaves at 0. A cancel larger than the
 *   order removes it and is counted (`overCancels`); the record's price and side are not needed (the
 *   order's own are used).
 * - Modify sets price and size. A price (or side) change or a size increase loses priority (back of the new
 *   level's FIFO, new priority stamp); a decrease keeps it; size 0 removes the order. A modify of an
 *   unknown id is applied as an add (Databento's example books do this: the order was placed before the
 *   data began) and counted (`unknownModifies`).
 * - Trade and Fill leave the book alone (MBO follows them with the C/M that change it); a Fill's order is
 *   looked up and reported through `last*`. Clear ('R') empties the book. 'N' and unknown actions, and
 *   A/C/M with side 'N', are counted and ignored.
 * - F_TOB (top-of-book-only venues): an Add replaces the whole side by one level (a pseudo order outside
 *   the id index, not counted in the level's order count, as in Databento's example); a null price with
 *   F_TOB empties the side.
 * - F_SNAPSHOT: the first record of a run of snapshot records empties the book (snapshots start with R,
 *   but a snapshot that does not is still a rebuild). F_LAST sets `consistent`: read the book only then.
 * Lenient by default (anomalies counted in `stats`); `strict` throws a DataError naming the record instead.
 *
 * After each record, `lastSlot` (-1 if none) names the resting order the record touched and `lastReduced`
 * how much it took off that order's place in the queue (cancelled size, fill size, size given up by a
 * modify; a priority-losing modify gives up the whole old size: `lastRemoved`), `lastPriority` its queue
 * stamp before the record: a venue keeping its own orders beside the book compares stamps to know
 * whether that quantity was ahead of its order.
 *
 * Every operation is O(1) (plus the level search of price-levels.ts for new and far levels) and allocates
 * nothing in steady state.
 */
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
  FLAG_TOB,
  type MboTable,
} from '../data/schemas.js';
import { DataError } from '../core/errors.js';
import { LevelBook, type LevelBookOptions } from './level-book.js';
import { OrderTable } from './order-table.js';
import type { PriceLevels } from './price-levels.js';
import { SIDE_ASK, SIDE_BID, sideIndex } from './view.js';

export interface L3BookOptions extends LevelBookOptions {
  /** Initial order capacity (grows by doubling). */
  orderCapacity?: number;
}

export class L3Book extends LevelBook {
  readonly orders: OrderTable;
  lastSlot = -1;
  /** 0 = bid, 1 = ask. */
  lastSide = -1;
  lastTicks = NaN;
  lastReduced = 0;
  lastPriority = 0;
  lastRemoved = false;
  private stamp = 0;
  private inSnapshot = false;
  private table: MboTable | null = null;
  private cPrice: Float64Array = new Float64Array(0);
  private cSize: Uint32Array = new Uint32Array(0);
  private cHi: Uint32Array = new Uint32Array(0);
  private cLo: Uint32Array = new Uint32Array(0);
  private cAction: Uint8Array = new Uint8Array(0);
  private cSide: Uint8Array = new Uint8Array(0);
  private cFlags: Uint8Array = new Uint8Array(0);
  private cSeq: Uint32Array = new Uint32Array(0);

  constructor(o: L3BookOptions = {}) {
    super(o);
    this.orders = new OrderTable(o.orderCapacity ?? 1024);
  }

  /**
   * Applies MBO record `row`; true when the book changed. The table's columns are looked up once per table
   * (tables from newTable are dictionary-mode objects, where a property read costs a hash lookup) and kept
   * until another table, or a row past the kept columns' length, comes: a table whose columns are replaced
   * by arrays of the same length while the book reads it must be passed to `bind` again.
   */
  applyMbo(t: MboTable, row: number): boolean {
    if (t !== this.table || row >= this.cPrice.length) this.bind(t);
    const st = this.stats;
    st.records++;
    st.sequence(this.cSeq[row]!);
    const flags = this.cFlags[row]!;
    const action = this.cAction[row]!;
    if ((flags & FLAG_SNAPSHOT) !== 0) {
      if (!this.inSnapshot) {
        this.inSnapshot = true;
        st.snapshots++;
        if (action !== ACTION_CLEAR) this.clearAll();
      }
    } else this.inSnapshot = false;
    const last = (flags & FLAG_LAST) !== 0;
    this.consistent = last;
    if (last) st.events++;
    this.lastSlot = -1;
    if (action === ACTION_ADD || action === ACTION_CANCEL || action === ACTION_MODIFY) {
      const side = this.cSide[row]!;
      const s = sideIndex(side);
      if (s < 0) return this.anomaly(row, 'side', side, 'add/cancel/modify without a side', 'badSides');
      const hi = this.cHi[row]!;
      const lo = this.cLo[row]!;
      const size = this.cSize[row]!;
      if (action === ACTION_CANCEL) return this.cancelOrder(hi, lo, size, row);
      const ticks = this.grid.ticksOf(this.cPrice[row]!, this.source, row);
      if ((flags & FLAG_TOB) !== 0) return this.replaceSide(s, ticks, size);
      if (ticks !== ticks) return this.anomaly(row, 'price', NaN, 'null price', 'nullPrices');
      if (action === ACTION_ADD) return this.addOrder(hi, lo, s, ticks, size, row);
      return this.modifyOrder(hi, lo, s, ticks, size, row);
    }
    if (action === ACTION_TRADE) st.trades++;
    else if (action === ACTION_FILL) {
      st.fills++;
      this.noteFill(this.cHi[row]!, this.cLo[row]!, this.cSize[row]!, row);
    } else if (action === ACTION_CLEAR) {
      st.clears++;
      this.clearAll();
      return true;
    } else if (action === ACTION_NONE) st.noActions++;
    else this.anomaly(row, 'action', action, 'unknown action', 'unknownActions');
    return false;
  }

  /** Reads (again) the columns of `t` for applyMbo. */
  bind(t: MboTable): void {
    this.table = t;
    this.cPrice = t.price;
    this.cSize = t.size;
    this.cHi = t.orderIdHi;
    this.cLo = t.orderIdLo;
    this.cAction = t.action;
    this.cSide = t.side;
    this.cFlags = t.flags;
    this.cSeq = t.sequence;
  }

  /** Adds an order (side: SIDE_BID / SIDE_ASK); false when ignored. */
  add(hi: number, lo: number, side: number, ticks: number, size: number): boolean {
    this.direct();
    const s = sideIndex(side);
    return s < 0 ? this.anomaly(-1, 'side', side, 'bad side', 'badSides') : this.addOrder(hi, lo, s, ticks, size, -1);
  }

  /** Cancels `size` of an order; false when the id is unknown. */
  cancel(hi: number, lo: number, size: number): boolean {
    this.direct();
    return this.cancelOrder(hi, lo, size, -1);
  }

  /** Modifies an order's price and size (an unknown id is added). */
  modify(hi: number, lo: number, side: number, ticks: number, size: number): boolean {
    this.direct();
    const s = sideIndex(side);
    return s < 0 ? this.anomaly(-1, 'side', side, 'bad side', 'badSides') : this.modifyOrder(hi, lo, s, ticks, size, -1);
  }

  /** Empties the book. */
  clear(): void {
    this.direct();
    this.stats.clears++;
    this.clearAll();
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

  private side(s: number): PriceLevels {
    return s === 0 ? this.bids : this.asks;
  }

  private direct(): void {
    this.consistent = true;
    this.lastSlot = -1;
  }

  private addOrder(hi: number, lo: number, s: number, ticks: number, size: number, row: number): boolean {
    const slot = this.orders.upsert(hi, lo);
    if (slot >= 0) {
      this.place(slot, s, ticks, size);
      return true;
    }
    this.anomaly(row, 'order_id', lo, 'add of a live order id', 'duplicateAdds');
    this.requeue(-slot - 1, s, ticks, size);
    return true;
  }

  private cancelOrder(hi: number, lo: number, size: number, row: number): boolean {
    const slot = this.orders.find(hi, lo);
    if (slot < 0) return this.anomaly(row, 'order_id', lo, 'cancel of an unknown order id', 'unknownCancels');
    const cur = this.orders.size[slot]!;
    this.note(slot, size >= cur ? cur : size, size >= cur);
    if (size < cur) {
      this.orders.size[slot] = cur - size;
      this.side(this.orders.side[slot]!).size[this.orders.level[slot]!]! -= size;
      return true;
    }
    if (size > cur) this.anomaly(row, 'size', size, `cancel larger than the order (${cur})`, 'overCancels');
    this.unlink(slot);
    this.orders.remove(slot);
    return true;
  }

  private modifyOrder(hi: number, lo: number, s: number, ticks: number, size: number, row: number): boolean {
    const slot = this.orders.find(hi, lo);
    if (slot < 0) {
      this.anomaly(row, 'order_id', lo, 'modify of an unknown order id', 'unknownModifies');
      this.place(this.orders.upsert(hi, lo), s, ticks, size);
      return true;
    }
    const o = this.orders;
    const lv = this.side(s);
    const cur = o.size[slot]!;
    const L = o.level[slot]!;
    if (o.side[slot] !== s || lv.key[L] !== lv.dir * ticks || size > cur) {
      this.note(slot, cur, true);
      this.requeue(slot, s, ticks, size);
    } else if (size === 0) {
      this.note(slot, cur, true);
      this.unlink(slot);
      o.remove(slot);
    } else {
      this.note(slot, cur - size, false);
      o.size[slot] = size;
      lv.size[L]! -= cur - size;
    }
    return true;
  }

  private noteFill(hi: number, lo: number, size: number, row: number): void {
    const slot = this.orders.find(hi, lo);
    if (slot >= 0) this.note(slot, size, false);
    else this.anomaly(row, 'order_id', lo, 'fill of an unknown order id', 'unknownFills');
  }

  private note(slot: number, reduced: number, removed: boolean): void {
    this.lastSlot = slot;
    this.lastSide = this.orders.side[slot]!;
    this.lastTicks = this.orderTicks(slot);
    this.lastReduced = reduced;
    this.lastPriority = this.orders.priority[slot]!;
    this.lastRemoved = removed;
  }

  /** Moves a live order to the back of the FIFO at (s, ticks) with a new size and stamp. */
  private requeue(slot: number, s: number, ticks: number, size: number): void {
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
  private place(slot: number, s: number, ticks: number, size: number): void {
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
  private unlink(slot: number): void {
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
  private replaceSide(s: number, ticks: number, size: number): boolean {
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

  private clearAll(): void {
    this.orders.clear();
    this.bids.clear();
    this.asks.clear();
  }

  /** Counts an anomaly in `stats[counter]`, or throws in strict mode; returns false (nothing applied). */
  private anomaly(row: number, field: string, value: number, detail: string, counter: AnomalyCounter): false {
    if (this.strict)
      throw new DataError(
        { file: this.source, ...(row >= 0 ? { row: row + 1 } : {}), field, value: String(value) },
        detail,
      );
    this.stats[counter]++;
    return false;
  }
}

type AnomalyCounter =
  | 'badSides'
  | 'nullPrices'
  | 'duplicateAdds'
  | 'unknownCancels'
  | 'unknownModifies'
  | 'unknownFills'
  | 'overCancels'
  | 'unknownActions';
