// L1Book from QuoteColumns and direct sets (empty sides, null sizes, level i > 0), and the no-allocation
// promise: after a warm-up pass, replaying 10^6 MBO records into warmed L3 books, reading the views at each
// F_LAST (integer-valued reads and depth arrays; see view.ts on fractional results), neither grows the heap
// nor triggers a single garbage collection.
import { PerformanceObserver } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { L1Book } from '../../src/book/l1-book.js';
import { L3Book } from '../../src/book/l3-book.js';
import { PriceGrid, SIDE_ASK, SIDE_BID } from '../../src/book/view.js';
import { generateSynthMbo } from '../../src/data/dbn/synth-mbo.js';
import type { QuoteColumns } from '../../src/data/ticks/columns.js';

describe('L1Book', () => {
  it('QuoteColumns rows: ticks as given, NaN side empty, NaN size 0, no level 1', () => {
    const c: QuoteColumns = {
      kind: 'quotes',
      symbol: 'X',
      length: 2,
      tsSec: new Float64Array(2),
      tsNsec: new Uint32Array(2),
      bidTicks: Float64Array.of(400, NaN),
      askTicks: Float64Array.of(402, 401),
      bidSize: Float64Array.of(7, 3),
      askSize: Float64Array.of(NaN, 2),
    };
    const b = new L1Book({ grid: new PriceGrid({ units: 25, scale: 2 }) });
    b.applyQuoteColumns(c, 0);
    expect([b.bestBid(), b.bestBidSize(), b.bestAsk(), b.bestAskSize()]).toEqual([100, 7, 100.5, 0]);
    expect([b.spreadTicks(), b.mid(), b.bidLevels(), b.askLevels()]).toEqual([2, 100.25, 1, 1]);
    expect([b.bidPrice(1), b.bidSize(1), b.askCount(1)]).toEqual([NaN, 0, 0]);
    b.applyQuoteColumns(c, 1);
    expect([b.bestBidTicks(), b.bestBidSize(), b.bidLevels(), b.bestAskTicks()]).toEqual([NaN, 0, 0, 401]);
    expect([b.mid(), b.spread(), b.imbalance(), b.microprice()]).toEqual([NaN, NaN, NaN, NaN]);
    const t = new Float64Array(3);
    const s = new Float64Array(3);
    expect([b.depth(SIDE_BID, t, s, 3), b.depth(SIDE_ASK, t, s, 3), t[0], s[0]]).toEqual([0, 1, 401, 2]);
  });

  it('set(): imbalance and microprice of the touch', () => {
    const b = new L1Book();
    b.set(10, 30, 3, 12, 10, 1);
    expect(b.imbalance(5)).toBe(0.5);
    expect(b.microprice()).toBeCloseTo((10e-9 * 10 + 12e-9 * 30) / 40, 20);
    expect(b.bestAskCount()).toBe(1);
  });
});

describe('L3Book allocation', () => {
  it('a warmed replay of 10^6 records allocates nothing (no GC, heap flat)', async () => {
    const t = generateSynthMbo({ seed: 9, events: 1_000_000, instruments: 4, tickSize: 10_000_000 });
    const grid = PriceGrid.ofRaw(10_000_000);
    const books = [0, 1, 2, 3].map(() => new L3Book({ grid }));
    const ids = t.instrumentId;
    const flags = t.flags;
    const tk = new Float64Array(5);
    const sz = new Float64Array(5);
    const replay = (): number => {
      let check = 0;
      for (let i = 0; i < t.length; i++) {
        const b = books[ids[i]! - 1]!;
        b.applyMbo(t, i);
        if ((flags[i]! & 0x80) !== 0)
          check +=
            b.bestBidTicks() + b.bestAskSize() + b.bidSize(2) + b.askCount(1) + b.depth(SIDE_BID, tk, sz, 5);
      }
      return check;
    };
    for (let pass = 0; pass < 3; pass++) {
      for (const b of books) b.clear();
      replay();
    }
    for (const b of books) b.clear();
    const gcAt: number[] = [];
    const obs = new PerformanceObserver((list) => list.getEntries().forEach((e) => gcAt.push(e.startTime)));
    obs.observe({ entryTypes: ['gc'] });
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const check = replay();
    const t1 = performance.now();
    const grown = process.memoryUsage().heapUsed - before;
    await new Promise((r) => setTimeout(r, 50));
    obs.disconnect();
    const gcs = gcAt.filter((t) => t >= t0 && t <= t1).length;
    expect(Number.isFinite(check)).toBe(true);
    expect(gcs, 'garbage collections during the replay').toBe(0);
    expect(grown, 'heap growth over the replay (bytes)').toBeLessThan(1024 * 1024);
  });
});
