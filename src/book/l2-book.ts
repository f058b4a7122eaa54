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
 * the level search of price-levels.ts for deltas; nothing is allocated per record.
 */
import { FLAG_LAST, SIDE_BID, type Mbp10Table } from '../data/schemas.js';
import { DataError } from '../core/errors.js';
import { LevelBook, type LevelBookOptions } from './level-book.js';
import type { PriceLevels } from './price-levels.js';

export class L2Book extends LevelBook {
  /** Scratch: keys of the record's levels of the side being replaced. */
  private readonly keys = new Float64Array(10);

  constructor(o: LevelBookOptions = {}) {
    super(o);
  }

  /** Sets one level (SIDE_BID / SIDE_ASK, ticks); size 0 removes it. */
  setLevel(side: number, ticks: number, size: number, count: number): void {
    this.consistent = true;
    this.set(side === SIDE_BID ? this.bids : this.asks, ticks, size, count);
  }

  clear(): void {
    this.consistent = true;
    this.stats.clears++;
    this.bids.clear();
    this.asks.clear();
  }

  /** Makes the book equal to MBP-10 record `row`. */
  applyMbp10(t: Mbp10Table, row: number): void {
    const st = this.stats;
    st.records++;
    st.sequence(t.sequence[row]!);
    const last = (t.flags[row]! & FLAG_LAST) !== 0;
    this.consistent = last;
    if (last) st.events++;
    this.replaceSide(this.bids, t.bidPx, t.bidSz, t.bidCt, row);
    this.replaceSide(this.asks, t.askPx, t.askSz, t.askCt, row);
  }

  private replaceSide(
    lv: PriceLevels,
    px: Float64Array,
    sz: Uint32Array,
    ct: Uint32Array,
    row: number,
  ): void {
    const base = row * 10;
    let n = 0;
    for (; n < 10; n++) {
      const raw = px[base + n]!;
      const size = sz[base + n]!;
      if (raw !== raw || size === 0) break;
      const ticks = this.grid.ticksOf(raw, this.source, row);
      const key = lv.dir * ticks;
      if (n > 0 && key <= this.keys[n - 1]!)
        throw new DataError(
          {
            file: this.source,
            row: row + 1,
            field: lv.dir < 0 ? `bid_px_0${n}` : `ask_px_0${n}`,
            value: String(raw),
          },
          'MBP-10 levels are not in strictly worsening price order',
        );
      this.keys[n] = key;
      this.set(lv, ticks, size, ct[base + n]!);
    }
    // Every level not in the record goes: walk the side (best first) against the sorted record keys.
    let k = 0;
    for (let s = lv.best; s >= 0;) {
      const next = lv.next(s);
      const key = lv.key[s]!;
      while (k < n && this.keys[k]! < key) k++;
      if (k >= n || this.keys[k] !== key) lv.remove(s);
      s = next;
    }
  }

  private set(lv: PriceLevels, ticks: number, size: number, count: number): void {
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
}
