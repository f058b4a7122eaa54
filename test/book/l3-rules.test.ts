// L3Book: each Databento MBO rule with hand-computed book states (prices in ticks of 0.25 = 250,000,000 raw).
import { describe, expect, it } from 'vitest';
import { L3Book } from '../../src/book/l3-book.js';
import { PriceGrid } from '../../src/book/view.js';
import { DataError } from '../../src/core/errors.js';
import {
  ACTION_ADD,
  ACTION_CANCEL,
  ACTION_CLEAR,
  ACTION_FILL,
  ACTION_MODIFY,
  ACTION_TRADE,
  FLAG_LAST,
  FLAG_SNAPSHOT,
  FLAG_TOB,
  SIDE_ASK,
  SIDE_BID,
  SIDE_NONE,
  newTable,
  type MboTable,
} from '../../src/data/schemas.js';

const TICK = 250_000_000;
const B = SIDE_BID;
const A = SIDE_ASK;

type Rec = [
  action: number,
  side: number,
  id: number,
  ticks: number,
  size: number,
  flags?: number,
  seq?: number,
];

function table(recs: Rec[]): MboTable {
  const t = newTable('mbo', recs.length);
  recs.forEach(([action, side, id, ticks, size, flags = FLAG_LAST, seq = 0], i) => {
    t.action[i] = action;
    t.side[i] = side;
    t.orderIdHi[i] = Math.floor(id / 2 ** 32);
    t.orderIdLo[i] = id % 2 ** 32;
    t.price[i] = Number.isNaN(ticks) ? NaN : ticks * TICK;
    t.size[i] = size;
    t.flags[i] = flags;
    t.sequence[i] = seq;
  });
  t.length = recs.length;
  return t;
}

function replay(recs: Rec[], book = newBook()): L3Book {
  const t = table(recs);
  for (let i = 0; i < t.length; i++) book.applyMbo(t, i);
  return book;
}

function newBook(strict = false): L3Book {
  return new L3Book({ grid: PriceGrid.ofRaw(TICK), strict, source: 'test.mbo' });
}

/** "ticks:size/count" per level, best first, then the FIFO of order ids (lo halves) with sizes. */
function side(book: L3Book, s: number): string[] {
  const out: string[] = [];
  const n = s === B ? book.bidLevels() : book.askLevels();
  for (let i = 0; i < n; i++) {
    const ticks = s === B ? book.bidTicks(i) : book.askTicks(i);
    const ids: string[] = [];
    for (let o = book.levelHead(s, ticks); o >= 0; o = book.orderNext(o))
      ids.push(`${book.orders.idLo[o]}=${book.orderSize(o)}`);
    const size = s === B ? book.bidSize(i) : book.askSize(i);
    const count = s === B ? book.bidCount(i) : book.askCount(i);
    out.push(`${ticks}:${size}/${count} ${ids.join(',')}`);
  }
  return out;
}

describe('L3Book: Databento MBO rules', () => {
  it('adds queue FIFO per level; levels sort best first on each side', () => {
    const b = replay([
      [ACTION_ADD, B, 1, 100, 5],
      [ACTION_ADD, B, 2, 101, 3],
      [ACTION_ADD, B, 3, 100, 7],
      [ACTION_ADD, A, 4, 103, 2],
      [ACTION_ADD, A, 5, 102, 4],
    ]);
    expect(side(b, B)).toEqual(['101:3/1 2=3', '100:12/2 1=5,3=7']);
    expect(side(b, A)).toEqual(['102:4/1 5=4', '103:2/1 4=2']);
    expect(b.bestBid()).toBe(25.25);
    expect(b.bestAsk()).toBe(25.5);
    expect(b.mid()).toBe(25.375);
    expect(b.spread()).toBe(0.25);
    expect(b.spreadTicks()).toBe(1);
    expect(b.imbalance()).toBeCloseTo((3 - 4) / 7, 15);
    expect(b.imbalance(2)).toBeCloseTo((15 - 6) / 21, 15);
    expect(b.microprice()).toBeCloseTo((25.25 * 4 + 25.5 * 3) / 7, 12);
  });

  it('cancel subtracts its size (partial), removes at 0 and drops the empty level', () => {
    const b = replay([
      [ACTION_ADD, B, 1, 100, 5],
      [ACTION_ADD, B, 2, 100, 3],
      [ACTION_ADD, B, 3, 99, 1],
      [ACTION_CANCEL, B, 1, 100, 2],
    ]);
    expect(side(b, B)).toEqual(['100:6/2 1=3,2=3', '99:1/1 3=1']);
    expect(b.lastReduced).toBe(2);
    expect(b.lastRemoved).toBe(false);
    replay(
      [
        [ACTION_CANCEL, B, 1, 100, 3],
        [ACTION_CANCEL, B, 2, 100, 3],
      ],
      b,
    );
    expect(side(b, B)).toEqual(['99:1/1 3=1']);
    expect(b.lastRemoved).toBe(true);
    expect(b.bestBidTicks()).toBe(99);
  });

  it('modify: size down keeps priority, size up or price change goes to the back, size 0 removes', () => {
    const b = replay([
      [ACTION_ADD, A, 1, 200, 5],
      [ACTION_ADD, A, 2, 200, 5],
      [ACTION_ADD, A, 3, 200, 5],
      [ACTION_MODIFY, A, 1, 200, 4],
    ]);
    expect(side(b, A)).toEqual(['200:14/3 1=4,2=5,3=5']);
    replay([[ACTION_MODIFY, A, 1, 200, 6]], b);
    expect(side(b, A)).toEqual(['200:16/3 2=5,3=5,1=6']);
    replay([[ACTION_MODIFY, A, 2, 201, 5]], b);
    expect(side(b, A)).toEqual(['200:11/2 3=5,1=6', '201:5/1 2=5']);
    replay([[ACTION_MODIFY, A, 3, 200, 0]], b);
    expect(side(b, A)).toEqual(['200:6/1 1=6', '201:5/1 2=5']);
    replay([[ACTION_MODIFY, A, 1, 201, 6]], b);
    expect(side(b, A)).toEqual(['201:11/2 2=5,1=6']);
  });

  it('modify of an unknown id is an add (counted); cancel/fill of one is counted and ignored', () => {
    const b = replay([
      [ACTION_MODIFY, B, 9, 50, 2],
      [ACTION_CANCEL, B, 8, 50, 2],
      [ACTION_FILL, B, 7, 50, 1],
    ]);
    expect(side(b, B)).toEqual(['50:2/1 9=2']);
    expect(b.stats.unknownModifies).toBe(1);
    expect(b.stats.unknownCancels).toBe(1);
    expect(b.stats.unknownFills).toBe(1);
  });

  it('trade and fill leave the book alone; the fill names the resting order and its place', () => {
    const b = replay([
      [ACTION_ADD, A, 1, 10, 4],
      [ACTION_ADD, A, 2, 10, 6],
      [ACTION_TRADE, B, 0, 10, 5, 0],
      [ACTION_FILL, A, 1, 10, 4, 0],
    ]);
    expect(side(b, A)).toEqual(['10:10/2 1=4,2=6']);
    expect(b.orderSlot(0, 1)).toBe(b.lastSlot);
    expect(b.lastReduced).toBe(4);
    expect(b.consistent).toBe(false);
    const p1 = b.lastPriority;
    replay([[ACTION_FILL, A, 2, 10, 1, 0]], b);
    expect(b.lastPriority).toBeGreaterThan(p1);
    expect(b.queueAhead(b.orderSlot(0, 2))).toBe(4);
    replay(
      [
        [ACTION_CANCEL, A, 1, 10, 4, 0],
        [ACTION_MODIFY, A, 2, 10, 5, FLAG_LAST],
      ],
      b,
    );
    expect(side(b, A)).toEqual(['10:5/1 2=5']);
    expect(b.consistent).toBe(true);
    expect(b.stats.trades).toBe(1);
    expect(b.stats.fills).toBe(2);
  });

  it('clear empties the book; F_SNAPSHOT records rebuild it (with or without a leading clear)', () => {
    const b = replay([
      [ACTION_ADD, B, 1, 100, 5],
      [ACTION_ADD, A, 2, 101, 5],
      [ACTION_CLEAR, SIDE_NONE, 0, NaN, 0],
    ]);
    expect(b.bidLevels() + b.askLevels()).toBe(0);
    expect(Number.isNaN(b.bestBid()) && Number.isNaN(b.mid()) && Number.isNaN(b.imbalance())).toBe(true);
    expect(b.bestBidSize()).toBe(0);
    replay(
      [
        [ACTION_ADD, B, 3, 90, 1],
        [ACTION_ADD, B, 4, 91, 1, FLAG_SNAPSHOT],
        [ACTION_ADD, A, 5, 95, 2, FLAG_SNAPSHOT | FLAG_LAST],
        [ACTION_ADD, B, 6, 92, 1],
        [ACTION_CLEAR, SIDE_NONE, 0, NaN, 0, FLAG_SNAPSHOT],
        [ACTION_ADD, B, 7, 80, 1, FLAG_SNAPSHOT | FLAG_LAST],
      ],
      b,
    );
    expect(side(b, B)).toEqual(['80:1/1 7=1']);
    expect(side(b, A)).toEqual([]);
    expect(b.stats.snapshots).toBe(2);
    expect(b.stats.clears).toBe(2);
  });

  it('F_TOB adds replace the side with one uncounted level; a null price with F_TOB empties it', () => {
    const b = replay([
      [ACTION_ADD, B, 1, 100, 5],
      [ACTION_ADD, B, 2, 99, 5],
      [ACTION_ADD, B, 0, 98, 7, FLAG_TOB | FLAG_LAST],
    ]);
    expect(b.bidLevels()).toBe(1);
    expect([b.bestBidTicks(), b.bestBidSize(), b.bestBidCount()]).toEqual([98, 7, 0]);
    expect(b.orderCount()).toBe(0);
    replay([[ACTION_ADD, B, 0, 97, 3, FLAG_TOB | FLAG_LAST]], b);
    expect([b.bestBidTicks(), b.bestBidSize()]).toEqual([97, 3]);
    replay([[ACTION_ADD, B, 0, NaN, 0, FLAG_TOB | FLAG_LAST]], b);
    expect(b.bidLevels()).toBe(0);
  });

  it('duplicate adds requeue (counted); side N, null prices, unknown actions are counted and ignored', () => {
    const b = replay([
      [ACTION_ADD, B, 1, 100, 5],
      [ACTION_ADD, B, 2, 100, 5],
      [ACTION_ADD, B, 1, 100, 2],
      [ACTION_ADD, SIDE_NONE, 3, 100, 5],
      [ACTION_ADD, B, 4, NaN, 5],
      [88, B, 5, 100, 5],
      [ACTION_CANCEL, B, 2, 100, 9],
    ]);
    expect(side(b, B)).toEqual(['100:2/1 1=2']);
    const s = b.stats;
    expect([s.duplicateAdds, s.badSides, s.nullPrices, s.unknownActions, s.overCancels]).toEqual([
      1, 1, 1, 1, 1,
    ]);
  });

  it('strict mode throws a DataError naming the record instead of counting', () => {
    expect(() => replay([[ACTION_CANCEL, B, 1, 100, 1]], newBook(true))).toThrow(DataError);
    expect(() => replay([[ACTION_CANCEL, B, 1, 100, 1]], newBook(true))).toThrow(
      /test\.mbo:1: field "order_id": cancel of an unknown order id/,
    );
    expect(() => replay([[ACTION_ADD, B, 1, 100.5, 1]], newBook())).toThrow(/not a whole number of ticks/);
  });

  it('counts sequence gaps and regressions; repeated numbers (one packet) are neither', () => {
    const b = replay([
      [ACTION_ADD, B, 1, 1, 1, FLAG_LAST, 10],
      [ACTION_ADD, B, 2, 1, 1, 0, 11],
      [ACTION_ADD, B, 3, 1, 1, FLAG_LAST, 11],
      [ACTION_ADD, B, 4, 1, 1, FLAG_LAST, 15],
      [ACTION_ADD, B, 5, 1, 1, FLAG_LAST, 12],
      [ACTION_ADD, B, 6, 1, 1, FLAG_LAST, 0],
    ]);
    expect([b.stats.sequenceGaps, b.stats.sequenceRegressions, b.stats.events]).toEqual([1, 1, 5]);
  });

  it('keeps far prices ordered and exact: far levels, re-centring, negative prices, 64-bit ids', () => {
    const b = new L3Book({ windowTicks: 64 });
    const big = 2 ** 40 + 7;
    b.add(0xffffffff, 1, B, 1000, 1);
    b.add(0, 1, B, -5_000_000, 2);
    b.add(7, 1, B, 999, 3);
    b.add(0, 2, B, big, 4);
    expect([b.bidTicks(0), b.bidTicks(1), b.bidTicks(2), b.bidTicks(3)]).toEqual([
      big,
      1000,
      999,
      -5_000_000,
    ]);
    expect(b.cancel(0, 2, 4)).toBe(true);
    expect(b.cancel(0xffffffff, 1, 1)).toBe(true);
    expect(b.cancel(7, 1, 3)).toBe(true);
    expect([b.bestBidTicks(), b.bestBidSize(), b.bidLevels()]).toEqual([-5_000_000, 2, 1]);
    const ticks = new Float64Array(4);
    const sizes = new Float64Array(4);
    expect(b.depth(B, ticks, sizes, 4)).toBe(1);
    expect([ticks[0], sizes[0]]).toEqual([-5_000_000, 2]);
  });
});
