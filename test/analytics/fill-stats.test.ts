import { describe, expect, it } from 'vitest';
import { fillStats } from '../../src/analytics/fill-stats.js';
import { computeMetrics } from '../../src/analytics/metrics.js';
import type { FillRecord } from '../../src/exec/fill.js';
import { baseRun } from './fixtures.js';
import { BookFillLog } from '../../src/analytics/book-fills.js';

const fill = (orderId: number, lots: number, feeUnits: number, liquidity: 'maker' | 'taker'): FillRecord => ({
  tsSec: 1_577_836_800,
  tsNsec: 0,
  strategyIndex: 0,
  instrumentId: 0,
  orderId,
  side: 1,
  lots,
  priceTicks: 10_000,
  feeUnits,
  liquidity,
});

const strategy = (orders: number) => ({
  id: 's',
  realizedUnits: 0,
  unrealizedUnits: 0,
  feeUnits: 0,
  orders,
  fills: 4,
});

describe('execution figures', () => {
  it('maker share by lots, fill ratio by orders, rebates as the sum of negative fees', () => {
    const run = baseRun({
      strategies: [strategy(4)],
      fills: [
        fill(1, 2, -2, 'maker'),
        fill(1, 1, -1, 'maker'),
        fill(2, 1, 5, 'taker'),
        fill(3, 4, 0, 'maker'),
      ],
    });
    // lots 8, maker 7; 3 of 4 orders traded; rebates 2 + 1 units
    expect(fillStats(run)).toEqual({
      fills: 4,
      makerShare: 7 / 8,
      fillRatio: 3 / 4,
      rebateUnits: 3,
      avgQueueWaitMs: null,
      shortfallUnits: null,
    });
    const m = computeMetrics(run);
    expect([m.fills, m.maker_share, m.fill_ratio, m.total_rebates, m.total_fees]).toEqual([
      4,
      7 / 8,
      3 / 4,
      0.03,
      0.02,
    ]);
  });

  it('no fills, no orders: nulls where there is nothing to divide by', () => {
    expect(fillStats(baseRun())).toEqual({
      fills: 0,
      makerShare: null,
      fillRatio: null,
      rebateUnits: 0,
      avgQueueWaitMs: null,
      shortfallUnits: null,
    });
  });

  it('book fills: mean queue wait of maker fills, shortfall against the arrival mid in currency', () => {
    const book = new BookFillLog();
    const run = baseRun({
      strategies: [strategy(2)],
      fills: [fill(1, 2, 0, 'maker'), fill(2, 1, 0, 'taker')],
      bookFills: book,
    });
    // fill 0: a buy of 2 at 10000 ticks, mid 9999.5 at arrival, waited 3 ms; fill 1: a buy of 1, mid 10001
    book.push(0, 50_000, 3_000_000, 19_999);
    book.push(1, 40_000, 0, 20_002);
    // shortfall ticks: 2 × (10000 − 9999.5) + 1 × (10000 − 10001) = 0; × 1 cent per tick-lot
    expect(fillStats(run)).toMatchObject({ avgQueueWaitMs: 3, shortfallUnits: 0 });
    book.arrivalMid2[1] = 19_996; // mid 9998: that buy paid 2 ticks over it
    expect(fillStats(run)).toMatchObject({ shortfallUnits: 3 });
    expect(computeMetrics(run)).toMatchObject({ avg_queue_wait_ms: 3, implementation_shortfall: 0.03 });
  });
});
