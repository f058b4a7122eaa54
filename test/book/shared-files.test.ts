// The Databento test files (../shared/data/dbn, skipped when absent) replayed through the books, with the
// book states at chosen records checked by hand against `hindsight data inspect` of each file (ESH1, tick
// 0.25 = 250,000,000 raw units; sizes and counts as printed there).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { L1Book } from '../../src/book/l1-book.js';
import { L2Book } from '../../src/book/l2-book.js';
import { L3Book } from '../../src/book/l3-book.js';
import { deriveMbp10 } from '../../src/book/derive-mbp10.js';
import { PriceGrid } from '../../src/book/view.js';
import { readDbn } from '../../src/data/dbn/read.js';

const DIR = new URL('../../../shared/data/dbn/', import.meta.url).pathname;
const have = existsSync(DIR);
const grid = new PriceGrid({ units: 25, scale: 2 });
const read = (f: string) => readDbn(DIR + f).tables;

describe.skipIf(!have)('Databento test files through the books', () => {
  it('mbo: the two records cancel orders placed before the data began (unknown ids, book stays empty)', () => {
    for (const f of ['test_data.mbo.dbn', 'test_data.mbo.v1.dbn.zst', 'test_data.mbo.v3.dbn']) {
      const t = read(f).mbo!;
      const book = new L3Book({ grid, source: f });
      for (let i = 0; i < t.length; i++) expect(book.applyMbo(t, i), `${f} record ${i}`).toBe(false);
      const s = book.stats;
      expect([s.records, s.events, s.unknownCancels, s.sequenceGaps], f).toEqual([2, 2, 2, 0]);
      expect(book.bidLevels() + book.askLevels()).toBe(0);
      expect(book.consistent).toBe(true);
      expect(deriveMbp10(t, { grid }).length, 'no book change, no MBP-10 record').toBe(0);
    }
  });

  it('mbp-10: both records rebuild the top ten; the second takes 1 lot and 1 order off bid level 1', () => {
    for (const f of ['test_data.mbp-10.dbn', 'test_data.mbp-10.v3.dbn.zst']) {
      const t = read(f).mbp10!;
      const b = new L2Book({ grid, source: f });
      b.applyMbp10(t, 0);
      expect([b.bestBid(), b.bestBidSize(), b.bestBidCount()]).toEqual([3720.25, 24, 15]);
      expect([b.bestAsk(), b.bestAskSize(), b.bestAskCount()]).toEqual([3720.5, 10, 8]);
      expect([b.bidLevels(), b.askLevels()]).toEqual([10, 10]);
      expect([b.bidPrice(9), b.bidSize(9), b.bidCount(9)]).toEqual([3718, 67, 39]);
      expect([b.askPrice(9), b.askSize(9), b.askCount(9)]).toEqual([3722.75, 44, 26]);
      expect([b.bidPrice(1), b.bidSize(1), b.bidCount(1)]).toEqual([3720, 31, 18]);
      expect([b.mid(), b.spread(), b.spreadTicks()]).toEqual([3720.375, 0.25, 1]);
      expect(b.microprice()).toBeCloseTo((3720.25 * 10 + 3720.5 * 24) / 34, 9);
      expect(b.imbalance()).toBeCloseTo((24 - 10) / 34, 15);
      b.applyMbp10(t, 1);
      expect([b.bidPrice(1), b.bidSize(1), b.bidCount(1)]).toEqual([3720, 30, 17]);
      expect([b.bestBidSize(), b.askSize(1)]).toEqual([24, 34]);
      // 1170352 -> 1170356: MBP-10 leaves out the MBO records deeper than ten levels.
      expect([b.stats.records, b.stats.events, b.stats.sequenceGaps]).toEqual([2, 2, 1]);
      expect(b.consistent).toBe(true);
    }
  });

  it('mbp-1, tbbo, bbo-1s, bbo-1m, cmbp-1, cbbo-1s: top of book after each file', () => {
    const cases: [string, number[]][] = [
      // file: [bid, bid size, bid count, ask, ask size, ask count] after the last record
      ['test_data.mbp-1.dbn', [3720.25, 24, 15, 3720.5, 12, 10]],
      ['test_data.tbbo.dbn', [3720.25, 21, 13, 3720.5, 22, 15]],
      ['test_data.bbo-1s.dbn', [3702.5, 2, 2, 3702.75, 11, 11]],
      ['test_data.bbo-1m.dbn', [3704.25, 10, 10, 3704.75, 18, 13]],
      ['test_data.cmbp-1.dbn', [3720.25, 24, 0, 3720.5, 12, 0]],
      ['test_data.cbbo-1s.dbn', [3720.25, 24, 0, 3720.5, 12, 0]],
    ];
    for (const [f, want] of cases) {
      const tables = read(f);
      const b = new L1Book({ grid, source: f });
      const n = tables.quotes?.length ?? tables.cquotes!.length;
      for (let i = 0; i < n; i++)
        if (tables.quotes) b.applyQuote(tables.quotes, i);
        else b.applyCQuote(tables.cquotes!, i);
      const got = [
        b.bestBid(),
        b.bestBidSize(),
        b.bestBidCount(),
        b.bestAsk(),
        b.bestAskSize(),
        b.bestAskCount(),
      ];
      expect(got, f).toEqual(want);
      expect(b.stats.records, f).toBe(n);
    }
  });

  it('mbp-1 first record: bid 3720.25 x 24 (15 orders), ask 3720.5 x 11 (9 orders)', () => {
    const t = read('test_data.mbp-1.v3.dbn.zst').quotes!;
    const b = new L1Book({ grid });
    b.applyQuote(t, 0);
    expect([b.bestBidTicks(), b.bestBidSize(), b.bestBidCount()]).toEqual([14881, 24, 15]);
    expect([b.bestAskTicks(), b.bestAskSize(), b.bestAskCount()]).toEqual([14882, 11, 9]);
  });
});
