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
 * What a record did to which resting order is reported through `last*` (see l3-orders.ts).
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
import type { LevelBookOptions } from './level-book.js';
import { L3Orders } from './l3-orders.js';
import { sideIndex } from './view.js';

export interface L3BookOptions extends LevelBookOptions {
  /** Initial order capacity (grows by doubling). */
  orderCapacity?: number;
}

export class L3Book extends L3Orders {
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
    super(o, o.orderCapacity ?? 1024);
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
    return s < 0
      ? this.anomaly(-1, 'side', side, 'bad side', 'badSides')
      : this.addOrder(hi, lo, s, ticks, size, -1);
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
    return s < 0
      ? this.anomaly(-1, 'side', side, 'bad side', 'badSides')
      : this.modifyOrder(hi, lo, s, ticks, size, -1);
  }

  /** Empties the book. */
  clear(): void {
    this.direct();
    this.stats.clears++;
    this.clearAll();
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
