/**
 * MBP-10 from MBO: replays an MBO table through one L3Book per instrument and writes an MBP-10 record for
 * every MBO record after which that instrument's top ten levels (price, size or count of either side)
 * differ from before, plus one for every trade — Databento's MBP-10 carries each book event that touches
 * the top ten and each trade, and nothing for changes deeper in the book.
 *
 * Fields of an emitted record: header, ts_recv, ts_in_delta, sequence, price and size are the MBO record's;
 * action and side too (A/C/M/R, or T with the aggressor side; fills are never emitted, as in MBP schemas);
 * the ten levels are the book after the record (after a T: before its fills, as the fills follow it);
 * `depth` is the number of levels strictly better than the record's price on the side it changed (on the
 * resting side for a trade; 0 for a clear) — the level index of that price, or where it was. Flags are the
 * MBO record's, except that F_LAST moves to the last emitted record of an event whose final MBO record
 * emitted nothing. Empty levels are NaN price, size 0, count 0 (DBN: UNDEF_PRICE).
 *
 * Limits: the whole output table is held in memory (about 380 bytes per record); an MBO record the book
 * ignores (see l3-book.ts) changes nothing and so emits nothing unless it is a trade.
 */
import {
  ACTION_CLEAR,
  ACTION_TRADE,
  FLAG_LAST,
  SIDE_ASK,
  SIDE_BID,
  ensureCapacity,
  newTable,
  trimTable,
  type Mbp10Table,
  type MboTable,
} from '../data/schemas.js';
import { L3Book } from './l3-book.js';
import type { PriceLevels } from './price-levels.js';
import { PriceGrid, gridOf } from './view.js';

export interface DeriveMbp10Options {
  /** Tick grid of the prices (default: the largest raw step dividing every price of the table). */
  grid?: PriceGrid;
  windowTicks?: number;
  source?: string;
}

interface InstState {
  book: L3Book;
  /** Top ten after the last record: bid px/size/count then ask px/size/count, 10 each. */
  top: Float64Array;
  /** Last emitted row of this instrument's current event (no F_LAST yet), or -1. */
  open: number;
}

export function deriveMbp10(mbo: MboTable, o: DeriveMbp10Options = {}): Mbp10Table {
  const grid = o.grid ?? PriceGrid.ofRaw(gridOf(mbo.price, mbo.length));
  const out = newTable('mbp10', Math.min(mbo.length, 65_536), { tsOut: mbo.tsOutSec !== undefined });
  out.priceTick = mbo.priceTick;
  const states = new Map<number, InstState>();
  const now = new Float64Array(60);
  for (let r = 0; r < mbo.length; r++) {
    const id = mbo.instrumentId[r]!;
    let st = states.get(id);
    if (st === undefined) {
      const book = new L3Book({ grid, windowTicks: o.windowTicks, source: o.source ?? 'mbo' });
      st = { book, top: new Float64Array(60), open: -1 };
      snapshot(book, st.top);
      states.set(id, st);
    }
    st.book.applyMbo(mbo, r);
    snapshot(st.book, now);
    const action = mbo.action[r]!;
    if (action === ACTION_TRADE || !same(now, st.top)) {
      st.top.set(now);
      emit(out, mbo, r, st, now, grid);
    } else if ((mbo.flags[r]! & FLAG_LAST) !== 0 && st.open >= 0) {
      out.flags[st.open]! |= FLAG_LAST;
      st.open = -1;
    }
  }
  return trimTable(out);
}

function snapshot(book: L3Book, top: Float64Array): void {
  fillSide(book.bids, top, 0);
  fillSide(book.asks, top, 30);
}

function fillSide(lv: PriceLevels, top: Float64Array, at: number): void {
  let k = 0;
  for (let s = lv.best; s >= 0 && k < 10; s = lv.next(s), k++) {
    top[at + k] = lv.dir * lv.key[s]!;
    top[at + 10 + k] = lv.size[s]!;
    top[at + 20 + k] = lv.count[s]!;
  }
  for (; k < 10; k++) {
    top[at + k] = NaN;
    top[at + 10 + k] = 0;
    top[at + 20 + k] = 0;
  }
}

/** Equal snapshots (NaN prices of empty levels compare equal). */
function same(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < 60; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && (x === x || y === y)) return false;
  }
  return true;
}

function emit(
  out: Mbp10Table,
  mbo: MboTable,
  r: number,
  st: InstState,
  top: Float64Array,
  grid: PriceGrid,
): void {
  const i = out.length;
  if (i === out.capacity) ensureCapacity(out, i + 1);
  out.tsEventSec[i] = mbo.tsEventSec[r]!;
  out.tsEventNsec[i] = mbo.tsEventNsec[r]!;
  out.tsRecvSec[i] = mbo.tsRecvSec[r]!;
  out.tsRecvNsec[i] = mbo.tsRecvNsec[r]!;
  if (out.tsOutSec && mbo.tsOutSec) {
    out.tsOutSec[i] = mbo.tsOutSec[r]!;
    out.tsOutNsec![i] = mbo.tsOutNsec![r]!;
  }
  out.instrumentId[i] = mbo.instrumentId[r]!;
  out.publisherId[i] = mbo.publisherId[r]!;
  out.tsInDelta[i] = mbo.tsInDelta[r]!;
  out.sequence[i] = mbo.sequence[r]!;
  const action = mbo.action[r]!;
  const side = mbo.side[r]!;
  const price = mbo.price[r]!;
  out.action[i] = action;
  out.side[i] = side;
  out.price[i] = price;
  out.size[i] = mbo.size[r]!;
  const flags = mbo.flags[r]!;
  out.flags[i] = flags;
  out.depth[i] = depthOf(st.book, action, side, price, grid);
  for (let k = 0; k < 10; k++) {
    const j = i * 10 + k;
    out.bidPx[j] = top[k] === top[k] ? top[k]! * grid.rawPerTick : NaN;
    out.bidSz[j] = top[10 + k]!;
    out.bidCt[j] = top[20 + k]!;
    out.askPx[j] = top[30 + k] === top[30 + k] ? top[30 + k]! * grid.rawPerTick : NaN;
    out.askSz[j] = top[40 + k]!;
    out.askCt[j] = top[50 + k]!;
  }
  out.length = i + 1;
  st.open = (flags & FLAG_LAST) !== 0 ? -1 : i;
}

function depthOf(book: L3Book, action: number, side: number, price: number, grid: PriceGrid): number {
  if (action === ACTION_CLEAR || price !== price) return 0;
  const ticks = price / grid.rawPerTick;
  const rests =
    action === ACTION_TRADE ? (side === SIDE_BID ? SIDE_ASK : side === SIDE_ASK ? SIDE_BID : 0) : side;
  const lv = rests === SIDE_BID ? book.bids : rests === SIDE_ASK ? book.asks : null;
  return lv === null ? 0 : Math.min(255, lv.rank(lv.dir * ticks));
}
