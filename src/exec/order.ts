/**
 * Orders: what a strategy asks for and the state the venue keeps about it.
 *
 * An order is owned by one strategy and one instrument. Quantities are integer lots, prices integer ticks
 * (NaN when the order type has none). The venue is the only writer of status and fill state; the
 * strategy sees orders through OrderUpdate events and read-only getters.
 *
 * Lifecycle: submitted (local) -> accepted | rejected (venue) -> partially_filled* -> filled | cancelled |
 * expired. `cancelled` also ends an IOC/FOK order's unfilled remainder. A contingent child is held (status
 * `submitted`, `isHeld`) until its parent releases it (src/exec/contingency.ts).
 * What plain market/limit/stop orders never use (trailing state, flags, contingency links) sits in `ext`
 * and `link`, both null for them: the hot path tests one field, and orders stay small.
 */
import type { Instrument } from '../core/instrument.js';
import { formatIso } from '../core/time.js';
import type { ContingentLink } from './contingency.js';

export type OrderType =
  | 'market'
  | 'limit'
  | 'stop'
  | 'stop_limit'
  | 'market_if_touched'
  | 'limit_if_touched'
  | 'trailing_stop'
  | 'trailing_stop_limit';
export type TimeInForce = 'GTC' | 'DAY' | 'GTD' | 'IOC' | 'FOK';
export type OrderStatus =
  'submitted' | 'accepted' | 'partially_filled' | 'filled' | 'cancelled' | 'expired' | 'rejected';

export const ORDER_TYPES: readonly OrderType[] = [
  'market',
  'limit',
  'stop',
  'stop_limit',
  'market_if_touched',
  'limit_if_touched',
  'trailing_stop',
  'trailing_stop_limit',
];
/** How a trailing offset is measured: a price distance, whole ticks, or basis points of the reference. */
export type TrailingOffsetType = 'price' | 'ticks' | 'bps';
/** What a post-only limit does when it would take liquidity on arrival. */
export type PostOnlyMode = 'reject' | 'reprice';

/**
 * Trailing state of a trailing order (src/exec/trailing.ts). Offsets are whole ticks, or basis points as
 * a fraction bpsUnits / bpsDen of the reference price (rounded up to whole ticks: the stop never sits
 * closer to the market than asked).
 */
export class TrailingState {
  /** The most favourable price seen since activation (sells: highest, buys: lowest); NaN until known. */
  refTicks = NaN;
  /** Trailing price offset in ticks (price/ticks offsets), or 0 when the offset is in basis points. */
  offsetTicks = 0;
  limitOffsetTicks = 0;
  /** Basis-point offsets in hundredths of a basis point over den (10 000 × 100); 0: offset in ticks. */
  offsetBpsUnits = 0;
  limitOffsetBpsUnits = 0;
  bpsDen = 1;
  /** Trailing starts only once the path reaches this price (NaN: at once). */
  activationTicks = NaN;
  activated = true;
}

/** The rarely used parts of an order; `Order.ext` is null for orders that use none of them. */
export class OrderExt {
  reduceOnly = false;
  postOnly: PostOnlyMode | null = null;
  /** Iceberg display quantity in lots (NaN: everything shows). Needs a book venue. */
  displayLots = NaN;
  trailing: TrailingState | null = null;
  /** The order has been through the matching of at least one bar (post-only: "on arrival" is over). */
  seenBar = false;
}

export const TIME_IN_FORCE: readonly TimeInForce[] = ['GTC', 'DAY', 'GTD', 'IOC', 'FOK'];

export class Order {
  status: OrderStatus = 'submitted';
  filledLots = 0;
  /** Σ ticks × lots of the fills (average fill price = filledNotionalTicks / filledLots). */
  filledNotionalTicks = 0;
  /** Commission charged so far (for per-order minimums across partial fills). */
  feeUnits = 0;
  /** A stop or stop-limit order whose stop has been hit. */
  triggered = false;
  /** DAY orders: the UTC day number of the first bar they could trade on; -1 until then. */
  dayNumber = -1;
  rejectReason = '';
  /** Flags and trailing state (null: a plain order). */
  ext: OrderExt | null = null;
  /** Contingency links: OTO parent/children, OCO peers (null: a stand-alone order). */
  link: ContingentLink | null = null;
  /**
   * True when the strategy's view of this order lags the venue's (book venue: reports take the response
   * latency to come back). `status` and `filledLots` are then the venue's, written when things happen
   * there; `knownStatus` and `knownFilledLots` are what the last report to reach the strategy said.
   */
  lagged = false;
  knownStatus: OrderStatus = 'submitted';
  knownFilledLots = 0;

  constructor(
    readonly id: number,
    readonly strategyIndex: number,
    readonly instrument: Instrument,
    readonly side: 1 | -1,
    readonly type: OrderType,
    public lots: number,
    public limitTicks: number,
    public stopTicks: number,
    readonly tif: TimeInForce,
    /** GTD expiry (sec, nsec); NaN otherwise. */
    readonly expireSec: number,
    readonly expireNsec: number,
    readonly submitSec: number,
    readonly submitNsec: number,
    readonly tag: string,
  ) {}

  get remainingLots(): number {
    return this.lots - this.filledLots;
  }

  /** Open at the venue (its state now, whatever the strategy has been told yet). */
  get isOpen(): boolean {
    return this.status === 'submitted' || this.status === 'accepted' || this.status === 'partially_filled';
  }

  /** Open as far as the strategy knows: the last report it received (= isOpen when nothing lags). */
  get isOpenKnown(): boolean {
    if (!this.lagged) return this.isOpen;
    const s = this.knownStatus;
    return s === 'submitted' || s === 'accepted' || s === 'partially_filled';
  }

  get symbol(): string {
    return this.instrument.symbol;
  }

  /** A contingent child its parent has not released yet. */
  get isHeld(): boolean {
    return this.link !== null && this.link.held;
  }

  get reduceOnly(): boolean {
    return this.ext !== null && this.ext.reduceOnly;
  }

  get postOnly(): PostOnlyMode | null {
    return this.ext === null ? null : this.ext.postOnly;
  }

  /** The trigger of a stop, if-touched or (current) trailing order as a price; NaN when there is none. */
  get triggerPrice(): number {
    return this.stopTicks === this.stopTicks ? this.instrument.price(this.stopTicks) : NaN;
  }

  /** Average fill price as a double (NaN before the first fill). */
  get avgFillPrice(): number {
    return this.filledLots === 0 ? NaN : this.instrument.price(this.filledNotionalTicks / this.filledLots);
  }
}

export type OrderEventKind =
  | 'accepted'
  | 'rejected'
  | 'partially_filled'
  | 'filled'
  | 'cancelled'
  | 'expired'
  | 'modified'
  | 'cancel_rejected'
  | 'modify_rejected';

/**
 * What a strategy's onOrderUpdate receives: a snapshot taken when the venue produced the event. The
 * ISO `time` string is built only when read (most strategies never read it).
 */
export class OrderUpdate {
  constructor(
    readonly kind: OrderEventKind,
    readonly order: Order,
    /** Venue time of the event (sec, nsec). */
    readonly tsSec: number,
    readonly tsNsec: number,
    readonly status: OrderStatus,
    /** Filled and remaining quantity of the order after this event, instrument units. */
    readonly filledQty: number,
    readonly remainingQty: number,
    /** For fills: this fill's quantity, price and fee (in currency); NaN otherwise. */
    readonly fillQty: number,
    readonly fillPrice: number,
    readonly fee: number,
    /** For rejections and cancels: why. */
    readonly reason: string,
  ) {}

  get orderId(): number {
    return this.order.id;
  }
  get symbol(): string {
    return this.order.instrument.symbol;
  }
  get side(): 'buy' | 'sell' {
    return this.order.side > 0 ? 'buy' : 'sell';
  }
  /** Venue time of the event, ISO 8601 UTC. */
  get time(): string {
    return formatIso(this.tsSec, this.tsNsec);
  }
}

/** Parameters of a new order as the strategy API takes them. */
export interface OrderRequest {
  symbol: string;
  side: 'buy' | 'sell';
  /** Quantity in instrument units (shares, contracts); must be a whole number of lots. */
  qty: number;
  type?: OrderType;
  /** Limit price (limit, stop_limit, limit_if_touched). */
  price?: number;
  /** Stop trigger price (stop, stop_limit). */
  stopPrice?: number;
  /** Trigger price of market_if_touched and limit_if_touched. */
  triggerPrice?: number;
  /** Trailing orders: distance of the stop from the best price seen, in `trailingOffsetType` units. */
  trailingOffset?: number;
  /** Default "price". */
  trailingOffsetType?: TrailingOffsetType;
  /** trailing_stop_limit: distance of the limit from the best price seen, same units as the offset. */
  limitOffset?: number;
  /** Trailing orders: start trailing only once the price reaches this (sells: at or above; buys: at or below). */
  activationPrice?: number;
  tif?: TimeInForce;
  /** GTD expiry, ISO 8601. */
  expireAt?: string;
  /** Never increase or flip the position: fills are capped at the position they reduce. */
  reduceOnly?: boolean;
  /** Limit orders: never take liquidity on arrival; true = "reject". */
  postOnly?: boolean | PostOnlyMode;
  /** Iceberg: the quantity shown (needs a book venue; the bar venue rejects it). */
  displayQty?: number;
  tag?: string;
}

export interface OrderChange {
  qty?: number;
  price?: number;
  /** The stop of a stop/stop_limit or the trigger of an if-touched order. */
  stopPrice?: number;
}
