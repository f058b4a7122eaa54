/**
 * L2 (price-level) book of one instrument: per side, price -> (total size, order count), from MBP-10
 * records or from level deltas of other depth feeds.
 *
 * - MBP-10 (`applyMbp10`): the record's ten levels per side are the truth after each record, so each side
 *   is made equal to them: levels are set in place, and any level the record does not list (it left the
 *   top ten, or the side thinned) is removed. A null price (UNDEF_PRICE = NaN) or a zero size ends a side.
 *   The record's own action/side/price/size/depth describe the change and are not needed. Sequence gaps
 *   are counted, but MBP-10 leaves out the MBO records beyond the top ten, so gaps are normal there.
 * - Deltas (`setLevel`): size 0 removes the level; `clear` empties the book.
 * F_LAST sets `consistent`, as for L3. Updates cost O(levels on the side) for MBP-10 (ten) and O(1) plus
 * the level search of price-levels.ts for deltas; nothing is allocated per record. Bad level order in a
 * record is a DataError naming the record and field (the side may then be partly updated).
 */
import { FLAG_LAST, SIDE_BID, type Mbp10Table } from '../data/schemas.js';
import { DataError } from '../core/errors.js';
import { LevelBook, type LevelBookOptions } from './level-book.js';
import type { PriceLevels } from './price-levels.js';

export class L2Book extends LevelBook {
  private table: Mbp10Table | null = null;
  private cBidPx: Float64Array = new Float64Array(0);
  private cAskPx: Float64Array = new Float64Array(0);
  private cBidSz: Uint32Array = new Uint32Array(0);
  private cAskSz: Uint32Array = new Uint32Array(0);
  private cBidCt: Uint32Array = new Uint32Array(0);
  private cAskCt: Uint32Array = new Uint32Array(0);
  private cFlags: Uint8Array = new Uint8Array(0);
  private cSeq: Uint32Array = new Uint32Array(0);

  constructor(o: LevelBookOptions = {}) {
    super(o);
  }

  /** Sets one level (SIDE_BID / SIDE_ASK, ticks); size 0 removes it. */
  setLevel(side: number, ticks: number, size: number, count: number): void {
    this.consistent = true;
    const lv = side === SIDE_BID ? this.bids : this.asks;
    const key = lv.dir * ticks;
    if (size === 0) {
      const s = lv.find(key);
      if (s >= 0) lv.remove(s);
      return;
    }
    const s = lv.findOrCreate(key);
    lv.size[s] = size;
    lv.count[s] = count;
  }

  clear(): void {
    this.consistent = true;
    this.stats.clears++;
    this.bids.clear();
    this.asks.clear();
  }

  /**
   * Makes the book equal to MBP-10 record `row`. Columns are looked up once per table, as in
   * L3Book.applyMbo (same rule: `bind` again if a bound table's columns are replaced in place).
   */
  applyMbp10(t: Mbp10Table, row: number): void {
    if (t !== this.table || row * 10 >= this.cBidPx.length) this.bind(t);
    const st = this.stats;
    st.records++;
    st.sequence(this.cSeq[row]!);
    const last = (this.cFlags[row]! & FLAG_LAST) !== 0;
    this.consistent = last;
    if (last) st.events++;
    this.replaceSide(this.bids, this.cBidPx, this.cBidSz, this.cBidCt, row);
    this.replaceSide(this.asks, this.cAskPx, this.cAskSz, this.cAskCt, row);
  }

  bind(t: Mbp10Table): void {
    this.table = t;
    this.cBidPx = t.bidPx;
    this.cAskPx = t.askPx;
    this.cBidSz = t.bidSz;
    this.cAskSz = t.askSz;
    this.cBidCt = t.bidCt;
    this.cAskCt = t.askCt;
    this.cFlags = t.flags;
    this.cSeq = t.sequence;
  }

  /** Walks the side (best first) beside the record's levels: equal keys update, others come and go. */
  private replaceSide(
    lv: PriceLevels,
    px: Float64Array,
    sz: Uint32Array,
    ct: Uint32Array,
    row: number,
  ): void {
    const base = row * 10;
    let s = lv.best;
    let prev = -Infinity;
    for (let n = 0; n < 10; n++) {
      const raw = px[base + n]!;
      const size = sz[base + n]!;
      if (raw !== raw || size === 0) break;
      const key = lv.dir * this.grid.ticksOf(raw, this.source, row);
      if (key <= prev) this.outOfOrder(lv, n, raw, row);
      prev = key;
      while (s >= 0 && lv.key[s]! < key) {
        const next = lv.next(s);
        lv.remove(s);
        s = next;
      }
      let at = s;
      if (s >= 0 && lv.key[s] === key) s = lv.next(s);
      else at = lv.findOrCreate(key);
      lv.size[at] = size;
      lv.count[at] = ct[base + n]!;
    }
    while (s >= 0) {
      const next = lv.next(s);
      lv.remove(s);
      s = next;
    }
  }

  private outOfOrder(lv: PriceLevels, n: number, raw: number, row: number): never {
    throw new DataError(
      {
        file: this.source,
        row: row + 1,
        field: `${lv.dir < 0 ? 'bid' : 'ask'}_px_0${n}`,
        value: String(raw),
      },
      'MBP-10 levels are not in strictly worsening price order',
    );
  }
}
