/**
 * Order-book feeds in the engine (DESIGN.md §2 "Order books"; docs/execution-book.md): an MBO or
 * MBP-10 table replayed twice, on two clocks.
 *
 * - Venue side, at venue time (ts_event): each record updates the venue's book and our orders resting
 *   beside it (BookVenue). Venue times are made non-decreasing (a record stamped before its predecessor
 *   is taken at the predecessor's time): a feed sorted by ts_recv may carry slightly out-of-order
 *   ts_event across publishers or channels.
 * - Local side, at the time the strategy learns of the record: ts_recv (`feed: 'recv'`, the default) or
 *   ts_event plus a feed latency; made non-decreasing the same way, so the strategy sees records in feed
 *   order. Each record updates the strategy's own copy of the book; at the last record of an exchange event
 *   (F_LAST) the book is consistent and subscribed strategies' onBook runs. Trade records mark positions.
 *
 * Times inside the book venue are ns since `baseSec` (the first record's whole second): exact for 2^53 ns
 * (104 days); a longer feed is refused. Records of instruments the run does not trade are skipped.
 * Invariants: both clocks are non-decreasing per feed; the venue side of a record never runs after its
 * local side (ts_recv ≥ ts_event is enforced by taking the later of the two for the local clock).
 */
import { DataError } from '../core/errors.js';
import type { Instrument } from '../core/instrument.js';
import { PriceGrid } from '../book/view.js';
import { L2Book } from '../book/l2-book.js';
import { L3Book } from '../book/l3-book.js';
import { ACTION_TRADE, FLAG_LAST, type MboTable, type Mbp10Table } from '../data/schemas.js';
import { BookVenue, type BookVenueOptions, type BookVenueSink } from '../exec/book/venue.js';
import { LatencyOp, OrderedArrivals, type OrderLatencyModel } from '../exec/book/latency.js';
import type { Order } from '../exec/order.js';
import { VenueClock } from '../exec/book/clock.js';

export interface BookFeedSpec {
  kind: 'mbo' | 'mbp10';
  table: MboTable | Mbp10Table;
  /** Engine instrument id of each DBN instrument id in the table (absent: not traded, skipped). */
  instruments: Map<number, number>;
  /** Where the records came from (errors). */
  source: string;
}

/** How the strategy's clock relates to the records: ts_recv, or ts_event + a constant (ns). */
export type FeedClock = { type: 'recv' } | { type: 'event_plus'; ns: number };

export interface BookRuntimeOptions extends Omit<BookVenueOptions, 'books'> {
  latency: OrderLatencyModel;
  /** Allow a request or response to overtake an earlier one when latency is random. */
  reorder: boolean;
  feedClock: FeedClock;
  /** The venue clock's zero (default: the first record's whole second); recorded latencies use it too. */
  baseSec?: number;
}

/** One feed prepared for the merge: per-row engine instrument, venue and local clocks. */
export interface PreparedFeed {
  spec: BookFeedSpec;
  inst: Int32Array;
  venueSec: Float64Array;
  venueNsec: Uint32Array;
  localSec: Float64Array;
  localNsec: Uint32Array;
}

const NS = 1e9;
const MAX_SPAN_SEC = Math.floor(2 ** 53 / NS);

/** Whether (sec, nsec) pairs never decrease. */
function nonDecreasing(sec: Float64Array, nsec: Uint32Array, n: number): boolean {
  for (let i = 1; i < n; i++) {
    const a = sec[i - 1]!;
    const b = sec[i]!;
    if (b < a || (b === a && nsec[i]! < nsec[i - 1]!)) return false;
  }
  return true;
}

/**
 * Builds the clocks of a feed (non-decreasing, local never before venue) and its instrument column.
 * Clocks already in order (the usual case: Databento files are sorted by ts_recv, synthetic ones by both)
 * are the table's own columns, not copies.
 */
export function prepareFeed(spec: BookFeedSpec, clock: FeedClock): PreparedFeed {
  const t = spec.table;
  const n = t.length;
  const inst = new Int32Array(n);
  const ids = t.instrumentId;
  let lastId = -1;
  let lastInst = -1;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (id !== lastId) {
      lastId = id;
      lastInst = spec.instruments.get(id) ?? -1;
    }
    inst[i] = lastInst;
  }
  let venueSec = t.tsEventSec;
  let venueNsec = t.tsEventNsec;
  if (!nonDecreasing(venueSec, venueNsec, n)) [venueSec, venueNsec] = clamped(venueSec, venueNsec, n);
  let localSec: Float64Array;
  let localNsec: Uint32Array;
  if (
    clock.type === 'recv' &&
    nonDecreasing(t.tsRecvSec, t.tsRecvNsec, n) &&
    recvAfterEvent(t, venueSec, venueNsec, n)
  ) {
    localSec = t.tsRecvSec;
    localNsec = t.tsRecvNsec;
  } else [localSec, localNsec] = localClock(t, clock, venueSec, venueNsec, n);
  if (n > 0 && localSec[n - 1]! - venueSec[0]! > MAX_SPAN_SEC)
    throw new DataError(
      { file: spec.source },
      `the feed spans more than ${MAX_SPAN_SEC / 86_400} days: the book venue's nanosecond clock cannot hold it exactly; split the run`,
    );
  return { spec, inst, venueSec, venueNsec, localSec, localNsec };
}

function recvAfterEvent(t: BookFeedSpec['table'], vs: Float64Array, vn: Uint32Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const a = t.tsRecvSec[i]!;
    if (a < vs[i]! || (a === vs[i]! && t.tsRecvNsec[i]! < vn[i]!)) return false;
  }
  return true;
}

/** A copy of (sec, nsec) where each time is at least the one before it. */
function clamped(sec: Float64Array, nsec: Uint32Array, n: number): [Float64Array, Uint32Array] {
  const s = new Float64Array(n);
  const ns = new Uint32Array(n);
  let ps = -Infinity;
  let pn = 0;
  for (let i = 0; i < n; i++) {
    let a = sec[i]!;
    let b = nsec[i]!;
    if (a < ps || (a === ps && b < pn)) {
      a = ps;
      b = pn;
    }
    ps = s[i] = a;
    pn = ns[i] = b;
  }
  return [s, ns];
}

/** The strategy's clock: ts_recv or ts_event + a constant, never before the venue's, non-decreasing. */
function localClock(
  t: BookFeedSpec['table'],
  clock: FeedClock,
  vs: Float64Array,
  vn: Uint32Array,
  n: number,
): [Float64Array, Uint32Array] {
  const sec = new Float64Array(n);
  const nsec = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let a: number;
    let b: number;
    if (clock.type === 'recv') {
      a = t.tsRecvSec[i]!;
      b = t.tsRecvNsec[i]!;
    } else {
      const total = vn[i]! + clock.ns;
      const carry = Math.floor(total / NS);
      a = vs[i]! + carry;
      b = total - carry * NS;
    }
    if (a < vs[i]! || (a === vs[i]! && b < vn[i]!)) {
      a = vs[i]!;
      b = vn[i]!;
    }
    sec[i] = a;
    nsec[i] = b;
  }
  return clamped(sec, nsec, n);
}

/** The engine's side of book feeds: venue and strategy books, the venue, latency, the venue clock. */
export class BookRuntime {
  readonly venue: BookVenue;
  /** The strategy's view of each instrument's book (null: no book feed). */
  readonly local: (L3Book | L2Book | null)[];
  readonly venueBooks: (L3Book | L2Book | null)[];
  readonly baseSec: number;
  readonly clock: VenueClock;
  /** Per book-venue order: when it was sent and reached the venue (ns), twice the venue's mid then. */
  readonly orderInfo = new Map<Order, { sentNs: number; arriveNs: number; mid2: number }>();
  private readonly entryOrder: OrderedArrivals;
  private readonly responseOrder: OrderedArrivals;

  constructor(
    readonly feeds: PreparedFeed[],
    instruments: readonly Instrument[],
    readonly opts: BookRuntimeOptions,
    sink: BookVenueSink,
  ) {
    this.venueBooks = instruments.map(() => null);
    this.local = instruments.map(() => null);
    let base = Infinity;
    for (const f of feeds) {
      if (f.venueSec.length > 0) base = Math.min(base, Math.floor(f.venueSec[0]!));
      const make = () => {
        const grid = (i: Instrument) => new PriceGrid(i.tick);
        return (i: Instrument) =>
          f.spec.kind === 'mbo'
            ? new L3Book({ grid: grid(i), source: f.spec.source })
            : new L2Book({ grid: grid(i), source: f.spec.source });
      };
      for (const id of new Set(f.spec.instruments.values())) {
        const inst = instruments[id]!;
        if (this.venueBooks[id])
          throw new DataError({ file: f.spec.source }, `${inst.symbol} already has a book feed`);
        this.venueBooks[id] = make()(inst);
        this.local[id] = make()(inst);
        this.venueBooks[id]!.symbol = this.local[id]!.symbol = inst.symbol;
      }
    }
    this.baseSec = opts.baseSec ?? (base === Infinity ? 0 : base);
    this.clock = new VenueClock(this.baseSec);
    this.venue = new BookVenue(instruments, { ...opts, books: this.venueBooks, clock: this.clock }, sink);
    this.entryOrder = new OrderedArrivals(opts.reorder);
    this.responseOrder = new OrderedArrivals(opts.reorder);
  }

  trades(id: number): boolean {
    return this.venueBooks[id] !== null;
  }

  /** Venue-clock ns of an engine time. */
  ns(sec: number, nsec: number): number {
    return this.clock.ns(sec, nsec);
  }

  /** Engine time of a venue-clock ns, into `out`. */
  time(tNs: number, out: { sec: number; nsec: number }): void {
    this.clock.time(tNs, out);
  }

  /** When a request sent at `tNs` reaches the venue (latency drawn now, order kept). */
  arrival(op: LatencyOp, tNs: number): number {
    return this.entryOrder.arrival(tNs, this.opts.latency.entryNs(op, tNs));
  }

  /** Notes when a new order was sent (its venue arrival is noted by `arrived`). */
  sent(order: Order, tNs: number): void {
    this.orderInfo.set(order, { sentNs: tNs, arriveNs: NaN, mid2: NaN });
  }

  /** Notes an order's arrival at the venue and the venue book's mid (bid + ask ticks) then. */
  arrived(order: Order, tNs: number): void {
    const info = this.orderInfo.get(order);
    if (!info || info.arriveNs === info.arriveNs) return;
    const b = this.venueBooks[order.instrument.id]!;
    info.arriveNs = tNs;
    info.mid2 = b.bestBidTicks() + b.bestAskTicks();
  }

  /** When the strategy learns of a venue event at `tNs`. */
  response(op: LatencyOp, tNs: number): number {
    return this.responseOrder.arrival(tNs, this.opts.latency.responseNs(op, tNs));
  }

  /** Record `row` of feed `f` at the venue. */
  venueRecord(f: PreparedFeed, row: number): void {
    const id = f.inst[row]!;
    if (id < 0) return;
    const tNs = (f.venueSec[row]! - this.baseSec) * NS + f.venueNsec[row]!;
    if (f.spec.kind === 'mbo') this.venue.mbo(id, f.spec.table as MboTable, row, tNs);
    else this.venue.mbp10(id, f.spec.table as Mbp10Table, row, tNs);
  }

  /**
   * Record `row` of feed `f` reaches the strategy's book. Returns the instrument id, or −1 when the record
   * is skipped; `lastTradeTicks` is the trade's price for a trade record (else NaN) and `lastConsistent`
   * whether the book is now consistent.
   */
  localRecord(f: PreparedFeed, row: number): number {
    const id = f.inst[row]!;
    if (id < 0) return -1;
    const t = f.spec.table;
    if (f.spec.kind === 'mbo') (this.local[id] as L3Book).applyMbo(t as MboTable, row);
    else (this.local[id] as L2Book).applyMbp10(t as Mbp10Table, row);
    this.lastTradeTicks =
      t.action[row] === ACTION_TRADE ? this.local[id]!.grid.ticksOf(t.price[row]!, f.spec.source, row) : NaN;
    this.lastConsistent = (t.flags[row]! & FLAG_LAST) !== 0;
    return id;
  }
  lastTradeTicks = NaN;
  lastConsistent = false;
}
