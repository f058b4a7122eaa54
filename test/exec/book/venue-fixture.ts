// Test fixture: a book venue over one hand-fed L3 (or L2) book, recording what the venue reports.
import { Instrument } from '../../../src/core/instrument.js';
import { L2Book } from '../../../src/book/l2-book.js';
import { L3Book } from '../../../src/book/l3-book.js';
import {
  ACTION_ADD,
  ACTION_CANCEL,
  ACTION_CLEAR,
  ACTION_FILL,
  ACTION_MODIFY,
  ACTION_TRADE,
  FLAG_LAST,
  SIDE_ASK,
  SIDE_BID,
  newTable,
  type MboTable,
  type Mbp10Table,
} from '../../../src/data/schemas.js';
import { Order, type OrderType, type TimeInForce } from '../../../src/exec/order.js';
import { NO_BOOK_FEES, type BookFees } from '../../../src/exec/book/fees.js';
import type { ImpactModel } from '../../../src/exec/book/impact.js';
import { RiskAverseQueue, type L2QueueModel } from '../../../src/exec/book/queue-models.js';
import { BookVenue, type BookVenueSink, type SelfTradePrevention } from '../../../src/exec/book/venue.js';

export const inst = new Instrument(0, { symbol: 'ES', tickSize: '1' });

export interface Event {
  kind: string;
  order: number;
  lots?: number;
  ticks?: number;
  liq?: string;
  fee?: number;
  reason?: string;
  t: number;
}

export interface VenueOptions {
  l2?: boolean;
  stp?: SelfTradePrevention;
  protectionTicks?: number;
  impact?: ImpactModel | null;
  fees?: BookFees;
  queue?: L2QueueModel;
  /** L3 books with an L2 queue model instead of the real FIFO. */
  levelQueue?: boolean;
  throttle?: { maxOrders: number; perNs: number };
}

export function makeVenue(o: VenueOptions = {}) {
  const events: Event[] = [];
  const sink: BookVenueSink = {
    accepted: (order, t) => events.push({ kind: 'accepted', order: order.id, t }),
    filled: (order, lots, ticks, fee, liq, t) =>
      events.push({ kind: 'fill', order: order.id, lots, ticks, fee, liq, t }),
    cancelled: (order, reason, t) => events.push({ kind: 'cancelled', order: order.id, reason, t }),
    expired: (order, t) => events.push({ kind: 'expired', order: order.id, t }),
    rejected: (order, reason, t) => events.push({ kind: 'rejected', order: order.id, reason, t }),
    modified: (order, t) => events.push({ kind: 'modified', order: order.id, t }),
    cancelRejected: (order, reason, t) =>
      events.push({ kind: 'cancel_rejected', order: order.id, reason, t }),
    modifyRejected: (order, reason, t) =>
      events.push({ kind: 'modify_rejected', order: order.id, reason, t }),
  };
  const book = o.l2 ? new L2Book() : new L3Book();
  const venue = new BookVenue(
    [inst],
    {
      books: [book],
      queue: o.queue ?? new RiskAverseQueue(),
      l3Fifo: !o.levelQueue,
      impact: o.impact ?? null,
      fees: o.fees ?? NO_BOOK_FEES,
      stp: o.stp ?? 'cancel_newest',
      protectionTicks: o.protectionTicks ?? 10,
      throttle: o.throttle ?? null,
    },
    sink,
  );
  const fills = () =>
    events.filter((e) => e.kind === 'fill').map((e) => [e.order, e.lots, e.ticks, e.liq] as const);
  return { venue, book, events, fills };
}

let nextId = 1;
export function order(
  side: 1 | -1,
  lots: number,
  limit = NaN,
  type: OrderType = 'limit',
  tif: TimeInForce = 'GTC',
) {
  return new Order(nextId++, 0, inst, side, type, lots, limit, NaN, tif, NaN, 0, 0, 0, '');
}

/** MBO records fed one by one into the venue (each a whole event unless `last: false`). */
export class MboFeed {
  readonly t: MboTable = newTable('mbo', 256);
  private time = 0;
  constructor(private readonly venue: BookVenue) {}

  private push(action: number, side: number, price: number, size: number, id: number, last = true): void {
    const t = this.t;
    const i = t.length++;
    t.action[i] = action;
    t.side[i] = side;
    t.price[i] = price;
    t.size[i] = size;
    t.orderIdHi[i] = 0;
    t.orderIdLo[i] = id;
    t.flags[i] = last ? FLAG_LAST : 0;
    t.sequence[i] = i + 1;
    this.venue.mbo(0, t, i, ++this.time);
  }
  bid(id: number, price: number, size: number, last = true) {
    this.push(ACTION_ADD, SIDE_BID, price, size, id, last);
  }
  ask(id: number, price: number, size: number, last = true) {
    this.push(ACTION_ADD, SIDE_ASK, price, size, id, last);
  }
  cancel(id: number, side: number, price: number, size: number, last = true) {
    this.push(ACTION_CANCEL, side, price, size, id, last);
  }
  modify(id: number, side: number, price: number, size: number, last = true) {
    this.push(ACTION_MODIFY, side, price, size, id, last);
  }
  /** A trade record: `aggressor` SIDE_BID (buyer), SIDE_ASK (seller) or 78 'N'. */
  trade(aggressor: number, price: number, size: number, last = false) {
    this.push(ACTION_TRADE, aggressor, price, size, 0, last);
  }
  fill(id: number, side: number, price: number, size: number, last = false) {
    this.push(ACTION_FILL, side, price, size, id, last);
  }
  clear(last = false) {
    this.push(ACTION_CLEAR, 78, NaN, 0, 0, last);
  }
  get now(): number {
    return this.time;
  }
}

/** MBP-10 records: each sets the whole top 10 (levels given best first), optionally as a trade record. */
export class Mbp10Feed {
  readonly t: Mbp10Table = newTable('mbp10', 64);
  private time = 0;
  constructor(private readonly venue: BookVenue) {}

  book(
    bids: [number, number][],
    asks: [number, number][],
    trade?: { aggressor: number; price: number; size: number },
  ) {
    const t = this.t;
    const i = t.length++;
    t.bidPx.fill(NaN, i * 10, i * 10 + 10);
    t.askPx.fill(NaN, i * 10, i * 10 + 10);
    bids.forEach(([px, sz], k) => {
      t.bidPx[i * 10 + k] = px;
      t.bidSz[i * 10 + k] = sz;
      t.bidCt[i * 10 + k] = 1;
    });
    asks.forEach(([px, sz], k) => {
      t.askPx[i * 10 + k] = px;
      t.askSz[i * 10 + k] = sz;
      t.askCt[i * 10 + k] = 1;
    });
    t.action[i] = trade ? ACTION_TRADE : ACTION_MODIFY;
    t.side[i] = trade ? trade.aggressor : SIDE_BID;
    t.price[i] = trade ? trade.price : NaN;
    t.size[i] = trade ? trade.size : 0;
    t.flags[i] = FLAG_LAST;
    t.sequence[i] = i + 1;
    this.venue.mbp10(0, t, i, ++this.time);
  }
  get now(): number {
    return this.time;
  }
}
