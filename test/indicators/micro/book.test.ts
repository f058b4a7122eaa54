import { describe, expect, it } from 'vitest';
import { IndicatorInputError } from '../../../src/indicators/contract.js';
import {
  BookImbalance,
  bookImbalanceBatch,
  DepthImbalance,
  depthImbalanceBatch,
} from '../../../src/indicators/micro/imbalance.js';
import { Microprice, micropriceBatch } from '../../../src/indicators/micro/microprice.js';
import { indicatorContract, type Columns } from '../contract-suite.js';
import { bookStream, quoteStream, rowMajor } from './gen.js';

const quotes = quoteStream(3000, 1);
const book = bookStream(1500, 2);

indicatorContract({
  name: 'BookImbalance',
  make: () => new BookImbalance(),
  warmup: 1,
  update: (ind, c, i) => ind.update(c.bidSz![i]!, c.askSz![i]!),
  batch: (c) => ({ value: bookImbalanceBatch(c.bidSz!, c.askSz!) }),
  fields: ['bidSz', 'askSz'],
  data: quotes,
});

const LEVELS = 5;
const bidScratch = new Float64Array(LEVELS);
const askScratch = new Float64Array(LEVELS);
function depthRow(c: Columns, i: number): void {
  for (let m = 0; m < LEVELS; m++) {
    bidScratch[m] = c[`bidSz[${m}]`]![i]!;
    askScratch[m] = c[`askSz[${m}]`]![i]!;
  }
}

indicatorContract({
  name: `DepthImbalance(${LEVELS}) over MBP-10 rows`,
  make: () => new DepthImbalance(LEVELS),
  warmup: 1,
  update: (ind, c, i) => {
    depthRow(c, i);
    ind.update(bidScratch, askScratch);
  },
  batch: (c) => ({
    value: depthImbalanceBatch(rowMajor(c, 'bidSz', 10), rowMajor(c, 'askSz', 10), LEVELS, 10),
  }),
  fields: Array.from({ length: LEVELS }, (_, m) => [`bidSz[${m}]`, `askSz[${m}]`]).flat(),
  data: book,
});

indicatorContract({
  name: 'Microprice',
  make: () => new Microprice(),
  warmup: 1,
  update: (ind, c, i) => ind.update(c.bidPx![i]!, c.bidSz![i]!, c.askPx![i]!, c.askSz![i]!),
  batch: (c) => micropriceBatch(c.bidPx!, c.bidSz!, c.askPx!, c.askSz!),
  fields: ['bidPx', 'bidSz', 'askPx', 'askSz'],
  data: quotes,
});

describe('order-book imbalance, hand-computed', () => {
  it('L1: (bid − ask) / (bid + ask), 0 for an empty book', () => {
    const ind = new BookImbalance();
    expect(ind.update(300, 100), '(300 − 100) / 400').toBe(0.5);
    expect(ind.update(0, 5), 'no bid size: −1').toBe(-1);
    expect(ind.update(0, 0), 'empty book: 0 by convention, not NaN').toBe(0);
  });

  it('depth: sums the first N levels of a row-major MBP-10 row and ignores deeper ones', () => {
    const bid = new Float64Array(20);
    const ask = new Float64Array(20);
    bid.set([100, 50, 25, 999], 10);
    ask.set([10, 20, 30, 999], 10);
    const ind = new DepthImbalance(3);
    expect(ind.update(bid, ask, 10), 'row 1: (175 − 60) / 235').toBe(115 / 235);
    expect(depthImbalanceBatch(bid, ask, 3, 10)[1], 'batch row 1 agrees').toBe(115 / 235);
  });

  it('rejects negative sizes with an IndicatorInputError naming the level', () => {
    const ind = new DepthImbalance(2);
    expect(() => ind.update([1, -2], [1, 1]), 'negative size').toThrow(/"bidSz\[1\]" must be >= 0/);
    expect(() => new BookImbalance().update(1, -1)).toThrow(IndicatorInputError);
    expect(ind.value, 'state unchanged').toBeNaN();
  });
});

describe('microprice, hand-computed', () => {
  it('is the size-weighted mid, leaning to the thinner side', () => {
    const ind = new Microprice();
    // bid 100 × 300, ask 101 × 100: (100·100 + 101·300) / 400 = 40300 / 400 = 100.75, mid 100.5.
    expect(ind.update(100, 300, 101, 100)).toBe(100.75);
    expect(ind.mid).toBe(100.5);
    expect(ind.microprice, 'value and microprice agree').toBe(ind.value);
    // Equal sizes: the mid.
    expect(ind.update(100, 7, 102, 7)).toBe(101);
    // No size on either side: the mid by convention.
    expect(ind.update(100, 0, 104, 0)).toBe(102);
  });

  it('rejects a one-sided quote (NaN price) instead of producing NaN', () => {
    const ind = new Microprice();
    expect(() => ind.update(NaN, 0, 101, 5), 'one-sided quote').toThrow(/"bidPx"/);
  });
});
