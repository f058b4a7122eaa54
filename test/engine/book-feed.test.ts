import { describe, expect, it } from 'vitest';
import { Instrument } from '../../src/core/instrument.js';
import { Rng } from '../../src/core/rng.js';
import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import { prepareFeed, type BookRuntimeOptions, type FeedClock } from '../../src/engine/book-feed.js';
import { fingerprint } from '../../src/analytics/fingerprint.js';
import type { BookView } from '../../src/book/view.js';
import {
  ACTION_ADD,
  ACTION_CANCEL,
  ACTION_TRADE,
  FLAG_LAST,
  SIDE_ASK,
  SIDE_BID,
  newTable,
  type MboTable,
} from '../../src/data/schemas.js';
import { generateSynthMbo } from '../../src/data/dbn/synth-mbo.js';
import {
  FixedOrderLatency,
  LogNormalOrderLatency,
  type OrderLatencyModel,
} from '../../src/exec/book/latency.js';
import { NO_BOOK_FEES } from '../../src/exec/book/fees.js';
import { RiskAverseQueue } from '../../src/exec/book/queue-models.js';
import { FixedLatency, NoCommission, NoSlippage } from '../../src/exec/models.js';
import type { OrderUpdate } from '../../src/exec/order.js';
import { Strategy } from '../../src/strategy/strategy.js';

const inst = () => new Instrument(0, { symbol: 'ES', tickSize: '0.01' });
const T0 = 1_704_205_800; // 2024-01-02T14:30:00Z

function bookOptions(
  latency: OrderLatencyModel,
  feedClock: FeedClock = { type: 'recv' },
): BookRuntimeOptions {
  return {
    latency,
    reorder: false,
    feedClock,
    queue: new RiskAverseQueue(),
    l3Fifo: true,
    impact: null,
    fees: NO_BOOK_FEES,
    stp: 'cancel_newest',
    protectionTicks: 100,
  };
}

function engine(table: MboTable, strategy: Strategy, books: BookRuntimeOptions): Engine {
  const opts: EngineOptions = {
    instruments: [inst()],
    bars: [],
    strategies: [{ id: 's', strategy, params: {}, symbols: null }],
    initialCash: 1_000_000,
    fillAtClose: false,
    volumeParticipation: null,
    commission: () => new NoCommission(),
    slippage: new NoSlippage(),
    latency: new FixedLatency(0, 0),
    risk: { maxPosition: null, maxOrderSize: null },
    equityIntervalSec: 1,
    books: {
      feeds: [{ kind: 'mbo', table, instruments: new Map([[1, 0]]), source: 'test' }],
      options: books,
    },
  };
  return new Engine(opts);
}

/** Hand-made MBO: times in µs after T0, ts_recv = ts_event + 10 µs. Prices in cents. */
function feed(rows: [number, number, number, number, number, number][]): MboTable {
  const t = newTable('mbo', rows.length);
  rows.forEach(([us, action, side, cents, size, id], i) => {
    t.tsEventSec[i] = T0;
    t.tsEventNsec[i] = us * 1000;
    t.tsRecvSec[i] = T0;
    t.tsRecvNsec[i] = us * 1000 + 10_000;
    t.instrumentId[i] = 1;
    t.action[i] = action;
    t.side[i] = side;
    t.price[i] = cents * 10_000_000;
    t.size[i] = size;
    t.orderIdLo[i] = id;
    t.flags[i] = FLAG_LAST;
    t.sequence[i] = i + 1;
  });
  t.length = rows.length;
  return t;
}

describe('book feeds in the engine', () => {
  it('the strategy sees the book at ts_recv; its order reaches the venue after the entry latency; reports come back after the response latency', () => {
    const table = feed([
      [0, ACTION_ADD, SIDE_BID, 10000, 5, 1],
      [1, ACTION_ADD, SIDE_ASK, 10001, 3, 2],
      [100, ACTION_CANCEL, SIDE_ASK, 10001, 3, 2], // the ask leaves at 100 µs (the venue's clock)
      [101, ACTION_ADD, SIDE_ASK, 10002, 4, 3],
      [200, ACTION_TRADE, SIDE_BID, 10002, 1, 0],
    ]);
    const seen: string[] = [];
    class Taker extends Strategy {
      override onBook(b: BookView): void {
        seen.push(`book ${this.ctx.time()} ${b.bestBid()}/${b.bestAsk()}`);
        if (seen.length === 2) this.ctx.buy('ES', 2, { type: 'limit', price: 100.02 });
      }
      override onOrderUpdate(u: OrderUpdate): void {
        seen.push(`${u.kind} ${this.ctx.time()} venue ${u.time} ${u.fillQty}@${u.fillPrice}`);
      }
    }
    // Entry 80 µs: sent at 11 µs (the second record's ts_recv), the order reaches the venue at 91 µs,
    // before the ask at 100.01 leaves (100 µs): it takes 2 of its 3 lots. Reports take 30 µs back.
    const e = engine(table, new Taker(), bookOptions(new FixedOrderLatency([80_000, 0, 0], [30_000, 0, 0])));
    const r = e.run();
    expect(seen).toEqual([
      'book 2024-01-02T14:30:00.000010Z 100/NaN',
      'book 2024-01-02T14:30:00.000011Z 100/100.01',
      'book 2024-01-02T14:30:00.000110Z 100/NaN',
      'book 2024-01-02T14:30:00.000111Z 100/100.02',
      'accepted 2024-01-02T14:30:00.000121Z venue 2024-01-02T14:30:00.000091Z NaN@NaN',
      'filled 2024-01-02T14:30:00.000121Z venue 2024-01-02T14:30:00.000091Z 2@100.01',
      'book 2024-01-02T14:30:00.000210Z 100/100.02',
    ]);
    expect(r.events).toBe(5);
    expect(e.portfolio.netLots(0)).toBe(2);
    // The fill's book details: sent at 11 µs, at the venue at 91 µs (80 µs), taken at once, mid 100.005.
    const bf = r.bookFills!;
    expect([bf.length, bf.fillIndex[0], bf.latencyNs[0], bf.queueWaitNs[0], bf.arrivalMid2[0]]).toEqual([
      1, 0, 80_000, 0, 20_001,
    ]);
  });

  it('with a longer entry latency the same order finds the ask gone and rests', () => {
    const table = feed([
      [0, ACTION_ADD, SIDE_BID, 10000, 5, 1],
      [1, ACTION_ADD, SIDE_ASK, 10001, 3, 2],
      [100, ACTION_CANCEL, SIDE_ASK, 10001, 3, 2],
      [101, ACTION_ADD, SIDE_ASK, 10002, 4, 3],
    ]);
    let ahead = NaN;
    class Taker extends Strategy {
      n = 0;
      override onBook(): void {
        if (++this.n === 2) this.ctx.buy('ES', 2, { type: 'limit', price: 100.01 });
        if (this.n === 4) ahead = this.ctx.queuePosition(this.ctx.openOrders('ES')[0]!);
      }
    }
    const e = engine(table, new Taker(), bookOptions(new FixedOrderLatency([95_000, 0, 0], [0, 0, 0])));
    const r = e.run();
    expect(r.fills.length).toBe(0);
    expect(r.ordersOpenAtEnd).toBe(1);
    expect(ahead).toBe(0); // resting at 100.01 with nothing displayed there
  });

  it('a market maker on synthetic MBO: deterministic with random latency, fills never exceed the feed', () => {
    const table = generateSynthMbo({ seed: 3, events: 60_000, instruments: 1, tickSize: 10_000_000 });
    class Maker extends Strategy {
      override onBook(b: BookView): void {
        const open = this.ctx.openOrders('ES');
        if (
          open.length === 0 &&
          b.bestBidTicks() === b.bestBidTicks() &&
          b.bestAskTicks() === b.bestAskTicks()
        ) {
          const pos = this.ctx.position('ES');
          if (pos < 20) this.ctx.buy('ES', 1, { type: 'limit', price: b.bestBid() });
          if (pos > -20) this.ctx.sell('ES', 1, { type: 'limit', price: b.bestAsk() });
        } else if (open.length > 0 && Math.abs(open[0]!.limitTicks - b.bestBidTicks()) > 3) {
          for (const o of open) this.ctx.cancel(o);
        }
      }
    }
    const run = () => {
      const lat = new LogNormalOrderLatency(
        { medianNs: 40_000, sigma: 0.6, floorNs: 10_000 },
        { medianNs: 30_000, sigma: 0.6, floorNs: 5_000 },
        new Rng(11),
      );
      const r = engine(table, new Maker(), bookOptions(lat)).run();
      return {
        r,
        fp: fingerprint({
          ...r,
          config: null,
          dataSources: [],
          riskFreeRate: 0,
          periodsPerYear: 252,
        } as never),
      };
    };
    const a = run();
    const b = run();
    expect(a.r.fills.length).toBeGreaterThan(20);
    expect(b.fp).toBe(a.fp);
    // Every maker fill is backed by traded volume at or through its price.
    let traded = 0;
    for (let i = 0; i < table.length; i++) if (table.action[i] === ACTION_TRADE) traded += table.size[i]!;
    let filled = 0;
    for (const f of a.r.fills) filled += f.lots;
    expect(filled).toBeLessThanOrEqual(traded);
  });
});

describe('prepareFeed: the two clocks', () => {
  it('keeps in-order columns as they are; clamps a venue time that goes back and a ts_recv before its ts_event', () => {
    const t = feed([
      [0, ACTION_ADD, SIDE_BID, 10000, 5, 1],
      [5, ACTION_ADD, SIDE_ASK, 10001, 3, 2],
      [9, ACTION_ADD, SIDE_ASK, 10002, 3, 3],
    ]);
    const inOrder = prepareFeed(
      { kind: 'mbo', table: t, instruments: new Map([[1, 0]]), source: 't' },
      { type: 'recv' },
    );
    expect(inOrder.venueNsec).toBe(t.tsEventNsec);
    expect(inOrder.localNsec).toBe(t.tsRecvNsec);
    t.tsEventNsec[1] = 12_000; // later than the next record's ts_event (9 µs); its ts_recv stays 15 µs
    t.tsRecvNsec[2] = 1_000; // before its own ts_event
    const p = prepareFeed(
      { kind: 'mbo', table: t, instruments: new Map([[1, 0]]), source: 't' },
      { type: 'recv' },
    );
    expect(Array.from(p.venueNsec)).toEqual([0, 12_000, 12_000]);
    expect(Array.from(p.localNsec)).toEqual([10_000, 15_000, 15_000]);
    const plus = prepareFeed(
      { kind: 'mbo', table: t, instruments: new Map([[9, 0]]), source: 't' },
      { type: 'event_plus', ns: 500 },
    );
    expect(Array.from(plus.localNsec)).toEqual([500, 12_500, 12_500]);
    expect(Array.from(plus.inst)).toEqual([-1, -1, -1]); // instrument 1 is not traded in this run
  });
});

describe('the strategy sees its orders through the response latency', () => {
  it('an order the venue filled at 91 µs is still open for the strategy until the report arrives at 121 µs', () => {
    const table = feed([
      [0, ACTION_ADD, SIDE_BID, 10000, 5, 1],
      [1, ACTION_ADD, SIDE_ASK, 10001, 3, 2],
      [100, ACTION_CANCEL, SIDE_ASK, 10001, 3, 2],
      [101, ACTION_ADD, SIDE_ASK, 10002, 4, 3],
      [200, ACTION_TRADE, SIDE_BID, 10002, 1, 0],
    ]);
    const seen: string[] = [];
    class Taker extends Strategy {
      n = 0;
      override onBook(): void {
        if (++this.n === 2) this.ctx.buy('ES', 2, { type: 'limit', price: 100.02 });
        const o = this.ctx.openOrders('ES')[0];
        seen.push(
          `${this.ctx.time().slice(20, 26)} open ${this.ctx.openOrders('ES').length} pos ${this.ctx.position('ES')}` +
            (o ? ` venue ${o.status} known ${o.knownStatus}` : ''),
        );
      }
    }
    const e = engine(table, new Taker(), bookOptions(new FixedOrderLatency([80_000, 0, 0], [30_000, 0, 0])));
    e.run();
    expect(seen).toEqual([
      '000010 open 0 pos 0',
      '000011 open 1 pos 0 venue submitted known submitted',
      '000110 open 1 pos 0 venue filled known submitted',
      '000111 open 1 pos 0 venue filled known submitted',
      '000210 open 0 pos 2',
    ]);
  });
});

describe('stop orders through the engine', () => {
  it('a sell stop submitted by the strategy triggers on a later trade and sells into the bids', () => {
    const table = feed([
      [0, ACTION_ADD, SIDE_BID, 10000, 5, 1],
      [1, ACTION_ADD, SIDE_ASK, 10002, 3, 2],
      [100, ACTION_TRADE, SIDE_ASK, 10000, 2, 0], // a seller hits the bid: the stop (at 100.00) triggers
      [101, ACTION_CANCEL, SIDE_BID, 10000, 2, 1], // the trade's book change
    ]);
    table.flags[2] = 0; // the trade and its cancel are one exchange event
    class Stopper extends Strategy {
      n = 0;
      override onBook(): void {
        if (++this.n === 2)
          this.ctx.submit({ symbol: 'ES', side: 'sell', qty: 2, type: 'stop', stopPrice: 100 });
      }
    }
    const r = engine(table, new Stopper(), bookOptions(new FixedOrderLatency([0, 0, 0], [0, 0, 0]))).run();
    expect(Array.from(r.fills, (f) => [f.lots, f.priceTicks, f.liquidity])).toEqual([[2, 10000, 'taker']]);
  });
});

describe('brackets on the book venue', () => {
  it('the entry fills, releases both exits; the stop-loss triggers on a later trade and cancels the take-profit', () => {
    const table = feed([
      [0, ACTION_ADD, SIDE_BID, 10000, 5, 1],
      [1, ACTION_ADD, SIDE_ASK, 10002, 3, 2],
      [200, ACTION_ADD, SIDE_BID, 9998, 9, 3],
      [300, ACTION_TRADE, SIDE_ASK, 10000, 5, 0], // a seller takes the whole 100.00 bid
      [301, ACTION_CANCEL, SIDE_BID, 10000, 5, 1],
      [400, ACTION_TRADE, SIDE_ASK, 9998, 1, 0], // ... and 99.98: the stop-loss at 99.99 triggers
      [401, ACTION_CANCEL, SIDE_BID, 9998, 1, 3],
    ]);
    table.flags[3] = 0;
    table.flags[5] = 0;
    const updates: string[] = [];
    let ids: number[] = [];
    class Bracketer extends Strategy {
      n = 0;
      override onBook(): void {
        if (++this.n !== 2) return;
        const b = this.ctx.bracket({
          symbol: 'ES',
          side: 'buy',
          qty: 2,
          entry: { type: 'limit', price: 100.02 },
          takeProfit: 100.05,
          stopLoss: 99.99,
        });
        ids = [b.entry.id, b.takeProfit.id, b.stopLoss.id];
      }
      override onOrderUpdate(u: OrderUpdate): void {
        updates.push(
          `${ids.indexOf(u.orderId)} ${u.kind}${u.fillQty === u.fillQty ? ` ${u.fillQty}@${u.fillPrice}` : ''}`,
        );
      }
    }
    const r = engine(
      table,
      new Bracketer(),
      bookOptions(new FixedOrderLatency([10_000, 10_000, 10_000], [0, 0, 0])),
    ).run();
    // 0 entry, 1 take-profit, 2 stop-loss
    expect(updates).toEqual([
      '0 accepted',
      '0 filled 2@100.02',
      '1 accepted',
      '2 accepted',
      '2 filled 2@99.98',
      '1 cancelled',
    ]);
    expect(Array.from(r.fills, (f) => [f.side, f.lots, f.priceTicks])).toEqual([
      [1, 2, 10002],
      [-1, 2, 9998],
    ]);
    expect(r.ordersOpenAtEnd).toBe(0);
  });
});
