/**
 * The book venue (docs/execution-book.md): matches our orders against a replayed order book at
 * venue (exchange) time. The replayed feed stays the truth — the book never contains our orders; the venue
 * keeps them beside it (resting.ts) with their place in the queue, and remembers the liquidity our taker
 * fills consumed (consumed.ts) so it is never offered to us twice.
 *
 * Rules, per instrument (every one has a test in test/exec/book/venue*.test.ts):
 * - Arrival: an order reaching the venue first takes what it can as a taker: it walks the opposite side
 *   from the touch, level by level, while the level's price (as our order meets it: impact.ts) is within
 *   its limit, taking the displayed quantity not already consumed by us; one fill per level, at the
 *   level's price. Market orders are limited to `protectionTicks` beyond the touch at arrival (price
 *   protection); what they cannot fill there is cancelled. IOC cancels its remainder; FOK fills only when
 *   the whole quantity is available within its limit, else it is cancelled without a fill. The rest of a
 *   limit order rests at its price.
 * - Queue: a resting order joins behind every market order at its price. L3 (`l3_fifo`): it advances
 *   exactly when an order ahead of it (lower priority stamp) is cancelled, reduced or loses priority; L2:
 *   trades at its price advance it and the queue model (queue-models.ts) judges size decreases.
 * - Maker fills: a trade at a better price than ours went through our price and fills us first (up to its
 *   size); a trade at our price fills us beyond the quantity ahead; our orders on one side share the
 *   trade's size in their priority order (never claiming the same volume twice). A trade whose aggressor
 *   side the feed leaves unknown hit the bids when at or below the best bid, the asks when at or above the
 *   best ask. When the opposite side of a consistent book reaches or crosses a resting order's price (an
 *   order added there, a level appearing), that liquidity trades with us: a maker fill at our price, up to
 *   the displayed unconsumed quantity, which is then consumed. Maker fills are at our order's price.
 * - Self-trade prevention: an arriving order that would trade with one of our own resting orders on the
 *   other side (its limit reaches that order's price) triggers `stp`: `cancel_newest` cancels the
 *   arriving order's remainder, `cancel_oldest` cancels our resting order(s) it reaches and goes on,
 *   `cancel_both` does both. Our orders never trade with each other.
 * - Clear ('R'): our resting orders stay, behind every order the book holds once it is consistent again
 *   (a clear loses all queue information; the conservative choice).
 * - Stop and if-touched orders wait outside the queue until a trade triggers them (triggers.ts), then
 *   enter as above at the end of that exchange event. Contingent orders follow contingency.ts (as on the
 *   bar venue); reduce-only orders never trade beyond the position this venue's fills made.
 * - Throttle (optional): new orders above a rate are rejected.
 * Times are the venue clock (ns since the run's base second; latency.ts). Limits: one book per
 * instrument; trades are read from T records (Databento MBO and MBP-10 carry them; F records are not used
 * for volume); trailing, post-only, iceberg and DAY orders are rejected with the reason.
 */
import {
  ACTION_CLEAR,
  ACTION_FILL,
  ACTION_TRADE,
  FLAG_LAST,
  SIDE_ASK,
  SIDE_BID,
} from '../../data/schemas.js';
import type { MboTable, Mbp10Table } from '../../data/schemas.js';
import type { Instrument } from '../../core/instrument.js';
import type { L2Book } from '../../book/l2-book.js';
import type { L3Book } from '../../book/l3-book.js';
import type { LevelBook } from '../../book/level-book.js';
import type { Liquidity } from '../fill.js';
import type { Order } from '../order.js';
import type { BookFees } from './fees.js';
import type { ImpactModel } from './impact.js';
import type { L2QueueModel } from './queue-models.js';
import { OurOrders, Resting, type RestingSide } from './resting.js';
import { advanceByModel, advanceFifo, joinQueue, tradedAt } from './queue-position.js';
import { seenPrice, walkLiquidity, type LiquidityUse } from './liquidity.js';
import { isConditional, triggersToMarket, WaitingOrders } from './triggers.js';
import { Contingency, type ContingencyActions } from '../contingency.js';
import { ExchangePositions } from '../exchange-positions.js';
import type { ContingentRouter } from '../venue-types.js';
import { VenueClock } from './clock.js';

export type SelfTradePrevention = 'cancel_newest' | 'cancel_oldest' | 'cancel_both';

/** What the venue tells the engine, at venue times in ns (the engine converts and adds response latency). */
export interface BookVenueSink {
  accepted(order: Order, tNs: number): void;
  filled(order: Order, lots: number, ticks: number, fee: number, liq: Liquidity, tNs: number): void;
  cancelled(order: Order, reason: string, tNs: number): void;
  expired(order: Order, tNs: number): void;
  rejected(order: Order, reason: string, tNs: number): void;
  modified(order: Order, tNs: number): void;
  cancelRejected(order: Order, reason: string, tNs: number): void;
  modifyRejected(order: Order, reason: string, tNs: number): void;
}

export interface BookVenueOptions {
  /** The venue-side book of each instrument id (null: not traded on this venue). */
  books: (L3Book | L2Book | null)[];
  /** Queue position on L2 books, and on L3 books unless `l3Fifo`. */
  queue: L2QueueModel;
  /** L3 books: follow the real FIFO (priority stamps) rather than the L2 queue model on level sizes. */
  l3Fifo: boolean;
  impact: ImpactModel | null;
  fees: BookFees;
  stp: SelfTradePrevention;
  /** Market orders trade at most this many ticks beyond the touch at arrival. */
  protectionTicks: number;
  /** The venue clock (contingent orders speak engine time); default: based at second 0. */
  clock?: VenueClock;
  /** New orders above `maxOrders` within any `perNs` window are rejected (null: no limit). */
  throttle?: { maxOrders: number; perNs: number } | null;
}

export class BookVenue implements ContingencyActions {
  private readonly state: (OurOrders | null)[];
  private readonly waiting: WaitingOrders;
  private seq = 0;
  /** Contingent orders (OCO, OTO, brackets): the same rules as on the bar venue (contingency.ts). */
  readonly contingency: Contingency;
  /** Set by the engine: where released children, resizes and dropped children go. */
  router: ContingentRouter | null = null;
  /** Net positions as this venue's fills made them, for reduce-only orders. */
  private readonly positions: ExchangePositions;
  private readonly clock: VenueClock;
  private readonly at = { sec: 0, nsec: 0 };
  /** Arrival times of the orders the throttle let in, oldest first (a ring of maxOrders). */
  private readonly admitted: Float64Array;
  private admittedAt = 0;

  constructor(
    private readonly instruments: readonly Instrument[],
    private readonly opts: BookVenueOptions,
    private readonly sink: BookVenueSink,
  ) {
    this.state = opts.books.map((b) => (b ? new OurOrders() : null));
    this.waiting = new WaitingOrders(opts.books.length);
    this.contingency = new Contingency(this);
    this.positions = new ExchangePositions(opts.books.length);
    this.clock = opts.clock ?? new VenueClock(0);
    this.admitted = new Float64Array(opts.throttle ? opts.throttle.maxOrders : 0).fill(-Infinity);
  }

  /** The venue-side book of an instrument. */
  book(id: number): L3Book | L2Book {
    const b = this.opts.books[id];
    if (!b) throw new Error(`instrument ${this.instruments[id]?.symbol ?? id} is not on the book venue`);
    return b;
  }

  /** Our resting orders of an instrument on one side (+1 buys), in trading priority. */
  resting(id: number, side: 1 | -1): readonly Resting[] {
    const s = this.state[id]!;
    return (side > 0 ? s.buys : s.sells).list;
  }

  /** Market lots ahead of a resting order (NaN when it is not resting here). */
  queueAhead(order: Order): number {
    const s = this.state[order.instrument.id];
    const r = s ? (order.side > 0 ? s.buys : s.sells).find(order) : null;
    return r ? r.ahead : NaN;
  }

  // ---- market data at venue time ----

  /** MBO record `row` of instrument `id` reaches the venue at `tNs`. */
  mbo(id: number, t: MboTable, row: number, tNs: number): void {
    const book = this.opts.books[id] as L3Book;
    const s = this.state[id]!;
    if (s.buys.length + s.sells.length === 0 && !this.waiting.any(id)) {
      book.applyMbo(t, row);
      return;
    }
    const action = t.action[row]!;
    const fifo = this.opts.l3Fifo;
    if (action === ACTION_TRADE) {
      const ticks = book.grid.ticksOf(t.price[row]!, '', row);
      const passive = this.tradeAt(id, s, book, t.side[row]!, ticks, t.size[row]!, tNs);
      if (!fifo) tradedAt(s, passive, ticks, t.size[row]!);
    }
    book.applyMbo(t, row);
    if (fifo && book.lastSlot >= 0 && action !== ACTION_FILL) advanceFifo(s, book);
    if (action === ACTION_CLEAR) s.requeue = true;
    if ((t.flags[row]! & FLAG_LAST) === 0) return;
    if (!fifo) advanceByModel(s, book, this.opts.queue);
    this.consistent(id, s, book, tNs);
  }

  /** MBP-10 record `row` of instrument `id` reaches the venue at `tNs`. */
  mbp10(id: number, t: Mbp10Table, row: number, tNs: number): void {
    const book = this.opts.books[id] as L2Book;
    const s = this.state[id]!;
    if (s.buys.length + s.sells.length === 0 && !this.waiting.any(id)) {
      book.applyMbp10(t, row);
      return;
    }
    if (t.action[row] === ACTION_TRADE) {
      const ticks = book.grid.ticksOf(t.price[row]!, '', row);
      const passive = this.tradeAt(id, s, book, t.side[row]!, ticks, t.size[row]!, tNs);
      tradedAt(s, passive, ticks, t.size[row]!);
    }
    book.applyMbp10(t, row);
    if (t.action[row] === ACTION_CLEAR) s.requeue = true;
    if ((t.flags[row]! & FLAG_LAST) === 0) return;
    advanceByModel(s, book, this.opts.queue);
    this.consistent(id, s, book, tNs);
  }

  // ---- our requests at venue time ----

  /** A new order reaches the venue. */
  arrive(order: Order, tNs: number): void {
    const id = order.instrument.id;
    const s = this.state[id];
    if (!s) {
      order.status = 'rejected';
      this.sink.rejected(order, `${order.instrument.symbol} does not trade on the book venue`, tNs);
      return;
    }
    // Ended on its way here (an OCO peer filled first): it never reaches the book.
    if (!order.isOpen) return;
    const unsupported = this.unsupported(order) || this.throttled(tNs);
    if (unsupported !== '') {
      order.status = 'rejected';
      this.sink.rejected(order, unsupported, tNs);
      if (order.link !== null) this.contingency.onEnded(order, ...this.engineTime(tNs));
      return;
    }
    order.status = 'accepted';
    this.sink.accepted(order, tNs);
    if (order.reduceOnly && this.reducible(order) <= 0)
      return this.end(order, 'cancelled', 'reduce-only: no position to reduce', tNs);
    if (isConditional(order)) this.waiting.add(order);
    else this.enter(id, s, order, tNs);
  }

  /** Why this venue cannot take `order` yet ('' when it can): the rest of the order model is bar-only so far. */
  private unsupported(order: Order): string {
    if (order.type === 'trailing_stop' || order.type === 'trailing_stop_limit')
      return `${order.type} orders are not supported on the book venue yet`;
    if (order.tif === 'DAY')
      return 'DAY orders need trading sessions, which the book venue does not know: use GTD';
    if (
      order.ext !== null &&
      (order.ext.postOnly !== null || order.ext.displayLots === order.ext.displayLots)
    )
      return 'post-only and iceberg orders are not supported on the book venue yet';
    return '';
  }

  /**
   * '' when the throttle lets a new order in at `tNs` (and counts it), else the reason: at most maxOrders
   * new orders in any window of perNs (the oldest of the last maxOrders must be older than the window).
   */
  private throttled(tNs: number): string {
    const t = this.opts.throttle;
    if (!t) return '';
    const k = this.admittedAt;
    if (tNs - this.admitted[k]! < t.perNs)
      return `venue throttle: more than ${t.maxOrders} new orders within ${t.perNs / 1e6} ms`;
    this.admitted[k] = tNs;
    this.admittedAt = (k + 1) % t.maxOrders;
    return '';
  }

  /** A GTD order's time is up: it leaves the book if it is still resting. */
  expire(order: Order, tNs: number): void {
    if (this.waiting.remove(order)) return this.end(order, 'expired', '', tNs);
    const s = this.state[order.instrument.id];
    const list = s ? (order.side > 0 ? s.buys : s.sells) : null;
    const r = list?.find(order) ?? null;
    if (!r || !order.isOpen) return;
    list!.remove(r);
    this.end(order, 'expired', '', tNs);
  }

  /** Our orders resting on the venue. */
  countOpen(): number {
    let n = 0;
    for (const s of this.state) if (s) n += s.buys.length + s.sells.length;
    return n + this.waiting.count();
  }

  cancel(order: Order, tNs: number): void {
    if (order.isHeld) return this.contingency.drop(order, 'cancelled by strategy', ...this.engineTime(tNs));
    if (this.waiting.remove(order)) return this.end(order, 'cancelled', 'cancelled by strategy', tNs);
    const s = this.state[order.instrument.id];
    const list = s ? (order.side > 0 ? s.buys : s.sells) : null;
    const r = list?.find(order) ?? null;
    if (!r || !order.isOpen) {
      this.sink.cancelRejected(order, `order ${order.id} is ${order.status}`, tNs);
      return;
    }
    list!.remove(r);
    this.end(order, 'cancelled', 'cancelled by strategy', tNs);
  }

  /**
   * Changes a resting order. A lower quantity keeps its place; a higher quantity or a new price loses it
   * (the order re-enters as if it had just arrived, and may trade at once at a new price).
   */
  modify(
    order: Order,
    change: { lots?: number; limitTicks?: number; stopTicks?: number },
    tNs: number,
  ): void {
    const id = order.instrument.id;
    if (this.waiting.has(order)) {
      if (change.lots !== undefined) order.lots = change.lots;
      if (change.limitTicks !== undefined) order.limitTicks = change.limitTicks;
      if (change.stopTicks !== undefined) order.stopTicks = change.stopTicks;
      this.sink.modified(order, tNs);
      return;
    }
    const s = this.state[id];
    const list = s ? (order.side > 0 ? s.buys : s.sells) : null;
    const r = list?.find(order) ?? null;
    if (!r || !order.isOpen) {
      this.sink.modifyRejected(order, `order ${order.id} is ${order.status}`, tNs);
      return;
    }
    if (change.lots !== undefined && change.lots <= order.filledLots) {
      this.sink.modifyRejected(order, 'new quantity is not above the filled quantity', tNs);
      return;
    }
    const repriced = change.limitTicks !== undefined && change.limitTicks !== order.limitTicks;
    const grown = change.lots !== undefined && change.lots > order.lots;
    if (change.lots !== undefined) order.lots = change.lots;
    if (change.limitTicks !== undefined) order.limitTicks = change.limitTicks;
    this.sink.modified(order, tNs);
    if (!repriced && !grown) return;
    list!.remove(r);
    this.enter(id, s!, order, tNs);
  }

  // ---- matching ----

  /** Taker part, then rest (or cancel the remainder) — for arrivals and priority-losing modifies. */
  private enter(
    id: number,
    s: OurOrders,
    order: Order,
    tNs: number,
    asMarket = order.type === 'market',
  ): void {
    const book = this.opts.books[id]!;
    const market = asMarket;
    const opposite = order.side > 0 ? book.asks : book.bids;
    let limit = order.limitTicks;
    if (market) {
      if (opposite.best < 0) return this.finish(order, 'no liquidity on the other side', tNs);
      const touch = this.seen(id, order.side, opposite.dir * opposite.key[opposite.best]!, tNs);
      limit = touch + order.side * this.opts.protectionTicks;
    }
    if (!this.preventSelfTrade(s, order, limit, tNs)) return;
    if (order.tif === 'FOK' && this.available(id, s, book, order, limit, tNs) < order.remainingLots)
      return this.finish(order, 'FOK: not enough liquidity within the limit', tNs);
    this.take(id, s, book, order, limit, tNs);
    if (!order.isOpen) return;
    if (market) return this.finish(order, 'market order: price protection reached', tNs);
    if (order.tif === 'IOC' || order.tif === 'FOK')
      return this.finish(order, `${order.tif}: remainder cancelled`, tNs);
    const r = new Resting(order, order.side, order.limitTicks, this.seq++, tNs);
    joinQueue(book, r);
    (order.side > 0 ? s.buys : s.sells).insert(r);
  }

  /** An order not (or no longer) in our lists ends without filling completely. */
  private finish(order: Order, reason: string, tNs: number): void {
    this.end(order, 'cancelled', reason, tNs);
  }

  /** An order ends without filling completely: status, report, contingency. Callers unlist it first. */
  private end(order: Order, status: 'cancelled' | 'expired', reason: string, tNs: number): void {
    order.status = status;
    if (status === 'expired') this.sink.expired(order, tNs);
    else this.sink.cancelled(order, reason, tNs);
    if (order.link !== null) this.contingency.onEnded(order, ...this.engineTime(tNs));
  }

  /** Engine time (sec, nsec) of a venue-clock ns, for contingency.ts. */
  private engineTime(tNs: number): [number, number] {
    const at = this.at;
    this.clock.time(tNs, at);
    return [at.sec, at.nsec];
  }

  /** Lots a reduce-only order may still trade: the position on the other side of it. */
  private reducible(order: Order): number {
    return this.positions.lots(order.strategyIndex, order.instrument.id) * -order.side;
  }

  /** Takes `order` out of whichever list holds it (resting or waiting). */
  private unlist(order: Order): void {
    if (this.waiting.remove(order)) return;
    const s = this.state[order.instrument.id];
    const list = s ? (order.side > 0 ? s.buys : s.sells) : null;
    const r = list?.find(order) ?? null;
    if (r) list!.remove(r);
  }

  // ContingencyActions ---------------------------------------------------------------------------

  release(child: Order, sec: number, nsec: number): void {
    this.router?.release(child, sec, nsec);
  }
  resized(order: Order, deltaLots: number, sec: number, nsec: number): void {
    this.router?.resized(order, deltaLots, sec, nsec);
  }
  dropped(child: Order, reason: string, sec: number, nsec: number): void {
    this.router?.dropped(child, reason, sec, nsec);
  }
  cancelWorking(order: Order, reason: string, sec: number, nsec: number): void {
    if (!order.isOpen) return;
    this.unlist(order);
    this.end(order, 'cancelled', reason, this.clock.ns(sec, nsec));
  }

  /** A replayed price as our order on `side` meets it (impact applied). */
  private seen(id: number, side: 1 | -1, ticks: number, tNs: number): number {
    return seenPrice(this.opts.impact, id, side, ticks, tNs);
  }

  private walk(
    id: number,
    s: OurOrders,
    book: LevelBook,
    side: 1 | -1,
    limit: number,
    tNs: number,
    use: LiquidityUse,
    want: number,
    consume: boolean,
  ): void {
    walkLiquidity(book, s.consumed, this.opts.impact, id, side, limit, tNs, use, want, consume);
  }

  /** Lots an order could take within `limit` now (for FOK), without taking them. */
  private available(
    id: number,
    s: OurOrders,
    book: LevelBook,
    order: Order,
    limit: number,
    tNs: number,
  ): number {
    let sum = 0;
    this.walk(
      id,
      s,
      book,
      order.side,
      limit,
      tNs,
      (_ticks, lots) => {
        sum += lots;
        return lots;
      },
      Infinity,
      false,
    );
    return sum;
  }

  /** Takes liquidity for `order` within `limit`, one taker fill per level. */
  private take(id: number, s: OurOrders, book: LevelBook, order: Order, limit: number, tNs: number): void {
    this.walk(
      id,
      s,
      book,
      order.side,
      limit,
      tNs,
      (ticks, lots) =>
        order.isOpen ? this.fill(id, order, Math.min(lots, order.remainingLots), ticks, 'taker', tNs) : 0,
      order.remainingLots,
      true,
    );
  }

  /** False when the arriving order was cancelled by self-trade prevention. */
  private preventSelfTrade(s: OurOrders, order: Order, limit: number, tNs: number): boolean {
    const own = order.side > 0 ? s.sells : s.buys;
    let hit = false;
    for (let i = 0; i < own.list.length; i++) {
      const r = own.list[i]!;
      if (order.side > 0 ? r.ticks > limit : r.ticks < limit) break;
      hit = true;
      if (this.opts.stp === 'cancel_newest') break;
      own.remove(r);
      i--;
      this.finish(r.order, 'self-trade prevention (cancel oldest)', tNs);
    }
    if (!hit || this.opts.stp === 'cancel_oldest') return true;
    this.finish(
      order,
      `self-trade prevention (${this.opts.stp === 'cancel_both' ? 'cancel both' : 'cancel newest'})`,
      tNs,
    );
    return false;
  }

  /**
   * A trade of `size` at `ticks` (aggressor `aggressor`: SIDE_BID buyer, SIDE_ASK seller, else unknown)
   * may trigger waiting orders, then reaches our resting orders on the passive side. Returns the passive
   * side (+1 bids hit, −1 asks hit, 0 unknown).
   */
  private tradeAt(
    id: number,
    s: OurOrders,
    book: LevelBook,
    aggressor: number,
    ticks: number,
    size: number,
    tNs: number,
  ): number {
    if (this.waiting.any(id)) this.waiting.trade(id, ticks, (side, t) => this.seen(id, side, t, tNs));
    let passive: 1 | -1 | 0 = aggressor === SIDE_ASK ? 1 : aggressor === SIDE_BID ? -1 : 0;
    if (passive === 0) {
      if (ticks <= book.bestBidTicks()) passive = 1;
      else if (ticks >= book.bestAskTicks()) passive = -1;
      else return 0;
    }
    // A snapshot: fills can end orders (filled, reduce-only, OCO peers) and change the list.
    const list = (passive > 0 ? s.buys : s.sells).list.slice();
    let used = 0;
    for (let i = 0; i < list.length && used < size; i++) {
      const r = list[i]!;
      if (!r.order.isOpen) continue;
      const seen = this.seen(id, r.side, ticks, tNs);
      // A buyer is reached by trades at or below its price, a seller at or above.
      if (passive > 0 ? seen > r.ticks : seen < r.ticks) break;
      // Whole lots: a probabilistic queue model's `ahead` is an expectation, not a count.
      const reach = Math.floor(size - used - (seen === r.ticks ? r.ahead : 0));
      const n = Math.min(reach, r.order.remainingLots);
      if (n <= 0) continue;
      used += this.makerFill(id, s, r, n, tNs);
    }
    return passive;
  }

  /** At a consistent point: re-queue after a clear, then let a book that reaches our prices trade with us. */
  private consistent(id: number, s: OurOrders, book: LevelBook, tNs: number): void {
    for (const o of this.waiting.takeDue(id)) if (o.isOpen) this.enter(id, s, o, tNs, triggersToMarket(o));
    if (s.requeue) {
      s.requeue = false;
      s.consumed.clear();
      for (const r of s.buys.list) joinQueue(book, r);
      for (const r of s.sells.list) joinQueue(book, r);
    }
    this.cross(id, s, book, s.buys, tNs);
    this.cross(id, s, book, s.sells, tNs);
  }

  /** Our resting orders on one side against an opposite side that reaches their prices. */
  private cross(id: number, s: OurOrders, book: LevelBook, ours: RestingSide, tNs: number): void {
    // The common case, checked without the walk: the other side's touch is short of our best order.
    if (ours.list.length === 0) return;
    const first = ours.list[0]!;
    const lv = first.side > 0 ? book.asks : book.bids;
    if (lv.best < 0) return;
    const touch = this.seen(id, first.side, lv.dir * lv.key[lv.best]!, tNs);
    if (first.side > 0 ? touch > first.ticks : touch < first.ticks) return;
    for (const r of ours.list.slice()) {
      if (!r.order.isOpen) continue;
      let took = 0;
      this.walk(
        id,
        s,
        book,
        r.side,
        r.ticks,
        tNs,
        (_ticks, lots) => {
          const n = Math.min(lots, r.order.remainingLots - took);
          took += n;
          return n;
        },
        r.order.remainingLots,
        true,
      );
      if (took === 0) break; // better-priced orders go first: if this one found nothing, none will
      this.makerFill(id, s, r, took, tNs);
    }
  }

  /** A maker fill of a resting order at its price; returns the lots filled. */
  private makerFill(id: number, s: OurOrders, r: Resting, lots: number, tNs: number): number {
    if (r.firstFillNs < 0) r.firstFillNs = tNs;
    // Out of the list first when it completes: the fill's consequences (OCO, reduce-only) may look at it.
    if (!r.order.reduceOnly && lots >= r.order.remainingLots) (r.side > 0 ? s.buys : s.sells).remove(r);
    const n = this.fill(id, r.order, lots, r.ticks, 'maker', tNs);
    if (r.order.remainingLots === 0) (r.side > 0 ? s.buys : s.sells).remove(r);
    return n;
  }

  /** Fills `lots` of `order` (fewer for a reduce-only order: what it can still reduce); returns the lots filled. */
  private fill(id: number, order: Order, lots: number, ticks: number, liq: Liquidity, tNs: number): number {
    if (order.reduceOnly) lots = Math.min(lots, this.reducible(order));
    if (lots <= 0) {
      this.unlist(order);
      this.end(order, 'cancelled', 'reduce-only: no position to reduce', tNs);
      return 0;
    }
    const fee = this.opts.fees.fee(order, lots, ticks, liq);
    order.filledLots += lots;
    order.filledNotionalTicks += ticks * lots;
    order.feeUnits += fee;
    order.status = order.remainingLots === 0 ? 'filled' : 'partially_filled';
    this.opts.impact?.fill(id, order.side * lots, liq === 'taker', tNs);
    const before = this.positions.lots(order.strategyIndex, id);
    const after = this.positions.add(order.strategyIndex, id, order.side * lots);
    this.sink.filled(order, lots, ticks, fee, liq, tNs);
    if (order.link !== null) this.contingency.onFill(order, lots, ...this.engineTime(tNs));
    // A position closed or flipped: reduce-only orders that would now add to it are cancelled.
    if (after === 0 || after > 0 !== before > 0) this.sweepReduceOnly(order.strategyIndex, id, tNs);
    return lots;
  }

  private sweepReduceOnly(strategyIndex: number, id: number, tNs: number): void {
    const s = this.state[id]!;
    for (const side of [s.buys, s.sells])
      for (const r of side.list.slice())
        if (
          r.order.reduceOnly &&
          r.order.strategyIndex === strategyIndex &&
          r.order.isOpen &&
          this.reducible(r.order) <= 0
        ) {
          side.remove(r);
          this.end(r.order, 'cancelled', 'reduce-only: position closed', tNs);
        }
    for (const o of this.waiting.of(id).slice())
      if (o.reduceOnly && o.strategyIndex === strategyIndex && o.isOpen && this.reducible(o) <= 0) {
        this.waiting.remove(o);
        this.end(o, 'cancelled', 'reduce-only: position closed', tNs);
      }
  }
}
