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
 * F_LAST sets `consistent`, as for L3. A side whose ten levels equal what the book last took from a record
 * (a copy is kept: most records change one side) is skipped. Updates cost O(levels on the side) for MBP-10 (ten) and O(1) plus
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
  /**
   * Each side's ten levels (prices, sizes, counts) as the book last took them from a record; a record whose
   * side matches needs no work. Copies, not row numbers: a caller may rewrite a row and apply it again.
   */
  private readonly lastBid = new Float64Array(30).fill(NaN);
  private readonly lastAsk = new Float64Array(30).fill(NaN);
  /** False once the book changed other than by a record (deltas, clear): the copies no longer say it. */
  private lastValid = false;

  constructor(o: LevelBookOptions = {}) {
    super(o);
  }

  /** Sets one level (SIDE_BID / SIDE_ASK, ticks); size 0 removes it. */
  setLevel(side: number, ticks: number, size: number, count: number): void {
    this.consistent = true;
    this.lastValid = false;
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
    this.lastValid = false;
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
    // Most records change one side (often one level): a side equal to what the book last took is right.
    const valid = this.lastValid;
    this.lastValid = false; // until both sides are through (a DataError may leave one half done)
    if (!valid || !takeSide(this.lastBid, this.cBidPx, this.cBidSz, this.cBidCt, row))
      this.replaceSide(this.bids, this.cBidPx, this.cBidSz, this.cBidCt, row);
    if (!valid || !takeSide(this.lastAsk, this.cAskPx, this.cAskSz, this.cAskCt, row))
      this.replaceSide(this.asks, this.cAskPx, this.cAskSz, this.cAskCt, row);
    if (!valid) {
      takeSide(this.lastBid, this.cBidPx, this.cBidSz, this.cBidCt, row);
      takeSide(this.lastAsk, this.cAskPx, this.cAskSz, this.cAskCt, row);
    }
    this.lastValid = true;
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

/**
 * Whether the record's side (row `row`) equals `last` (prices, sizes, counts, 10 each; levels past the first
 * empty one do not matter); when not, `last` becomes the record's side. Prices compare as stored doubles.
 */
function takeSide(
  last: Float64Array,
  px: Float64Array,
  sz: Uint32Array,
  ct: Uint32Array,
  row: number,
): boolean {
  const i = row * 10;
  let same = true;
  for (let k = 0; k < 10; k++) {
    const p = px[i + k]!;
    const z = sz[i + k]!;
    const end = p !== p || z === 0;
    const lastEnd = last[k] !== last[k] || last[10 + k] === 0;
    if (end && lastEnd) break;
    if (end || lastEnd || p !== last[k] || z !== last[10 + k] || ct[i + k] !== last[20 + k]) {
      same = false;
      break;
    }
  }
  if (same) return true;
  for (let k = 0; k < 10; k++) {
    last[k] = px[i + k]!;
    last[10 + k] = sz[i + k]!;
    last[20 + k] = ct[i + k]!;
  }
  return false;
}
