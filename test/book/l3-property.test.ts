// L3Book against the naive reference book over 10^6 random MBO records (random-mbo.ts): top of book and
// F_LAST consistency after every record, every level's FIFO (ids and sizes) every 250 records, counters at
// the end. A small window (64 ticks) and a tiny initial order capacity force re-centring, overflow levels,
// far prices and rehashing all the time.
import { describe, expect, it } from 'vitest';
import { L3Book } from '../../src/book/l3-book.js';
import { PriceGrid } from '../../src/book/view.js';
import { FLAG_LAST, SIDE_ASK, SIDE_BID } from '../../src/data/schemas.js';
import { NaiveL3 } from './naive-l3.js';
import { RandomMbo } from './random-mbo.js';

const RAW_PER_TICK = 25;

function fullState(book: L3Book, side: 0 | 1): string {
  const lv = side === 0 ? book.bids : book.asks;
  const code = side === 0 ? SIDE_BID : SIDE_ASK;
  const parts: string[] = [];
  for (let s = lv.best; s >= 0; s = lv.next(s)) {
    const ticks = lv.dir * lv.key[s]!;
    const ids: string[] = [];
    for (let o = book.levelHead(code, ticks); o >= 0; o = book.orderNext(o))
      ids.push(`${book.orders.idHi[o]}:${book.orders.idLo[o]}=${book.orderSize(o)}`);
    parts.push(`${ticks} ${lv.size[s]} ${lv.count[s]} [${ids.join(' ')}]`);
  }
  return parts.join('\n');
}

function naiveState(ref: NaiveL3, side: 0 | 1): string {
  return ref
    .levels(side)
    .map(([t, sz, n]) => {
      const ids = ref.fifo[side].get(t)!.map((id) => `${id}=${ref.orders.get(id)!.size}`);
      return `${t} ${sz} ${n} [${ids.join(' ')}]`;
    })
    .join('\n');
}

function run(seed: number, records: number, idPool: number): void {
  const gen = new RandomMbo({ seed, idPool, rawPerTick: RAW_PER_TICK });
  const shadow = new NaiveL3();
  const ref = new NaiveL3();
  const book = new L3Book({ grid: PriceGrid.ofRaw(RAW_PER_TICK), windowTicks: 64, orderCapacity: 16 });
  const BATCH = 50_000;
  let divergences = 0;
  let firstDivergence = '';
  const note = (row: number, what: string): void => {
    divergences++;
    if (!firstDivergence) firstDivergence = `record ${row}: ${what}`;
  };
  for (let done = 0; done < records; done += BATCH) {
    const { table, recs } = gen.batch(Math.min(BATCH, records - done), shadow);
    for (let i = 0; i < table.length; i++) {
      const before = ref.orders.get(recs[i]!.id)?.size;
      book.applyMbo(table, i);
      ref.apply(recs[i]!);
      const row = done + i;
      for (const side of [0, 1] as const) {
        const top = ref.top(side);
        const ticks = side === 0 ? book.bestBidTicks() : book.bestAskTicks();
        const size = side === 0 ? book.bestBidSize() : book.bestAskSize();
        const count = side === 0 ? book.bestBidCount() : book.bestAskCount();
        const want = top ?? [NaN, 0, 0];
        if (!Object.is(ticks, want[0]) || size !== want[1] || count !== want[2])
          note(row, `top ${side}: ${ticks} ${size} ${count}, want ${want.join(' ')}`);
      }
      if (book.consistent !== ((recs[i]!.flags & FLAG_LAST) !== 0)) note(row, 'consistent flag');
      if (recs[i]!.action === 67 && before !== undefined && recs[i]!.side !== 78) {
        const want = Math.min(before, recs[i]!.size);
        if (book.lastSlot < 0 || book.lastReduced !== want)
          note(row, `cancel reported ${book.lastReduced}, want ${want}`);
      }
      if (row % 250 === 0) {
        if (book.orderCount() !== ref.orders.size)
          note(row, `orders ${book.orderCount()} vs ${ref.orders.size}`);
        for (const side of [0, 1] as const) {
          const got = fullState(book, side);
          const want = naiveState(ref, side);
          if (got !== want) note(row, `side ${side}:\n${got}\nwant\n${want}`);
          if ((side === 0 ? book.bidLevels() : book.askLevels()) !== ref.fifo[side].size)
            note(row, 'level count');
        }
      }
    }
  }
  expect(firstDivergence, 'first divergence from the naive book').toBe('');
  expect(divergences).toBe(0);
  const s = book.stats;
  const c = ref.counts;
  for (const k of [
    'snapshots',
    'clears',
    'trades',
    'fills',
    'badSides',
    'nullPrices',
    'duplicateAdds',
  ] as const)
    expect(s[k], `stats.${k}`).toBe(c[k] ?? 0);
  for (const k of [
    'unknownCancels',
    'unknownModifies',
    'unknownFills',
    'overCancels',
    'unknownActions',
    'noActions',
  ] as const)
    expect(s[k], `stats.${k}`).toBe(c[k] ?? 0);
  expect(s.records).toBe(records);
  // The generator exercises every rule often enough to matter.
  for (const k of [
    'snapshots',
    'clears',
    'duplicateAdds',
    'unknownCancels',
    'unknownModifies',
    'overCancels',
    'nullPrices',
    'badSides',
  ])
    expect(c[k] ?? 0, `${k} exercised`).toBeGreaterThan(20);
  expect(s.sequenceGaps).toBeGreaterThan(0);
  expect(s.sequenceRegressions).toBeGreaterThan(0);
}

describe('L3Book vs naive book (property)', () => {
  it('10^6 random records, small id pool (many duplicates / unknown ids): zero divergences', () => {
    run(1, 1_000_000, 400);
  });
  it('2x10^5 random records, large id pool (deep FIFOs): zero divergences', () => {
    run(2, 200_000, 6000);
  });
});
