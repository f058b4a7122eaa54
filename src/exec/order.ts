/**
 * Orders: what a strategy asks for and the state the venue keeps about it.
 *
 * An order is owned by one strategy and one instrument. Quantities are integer lots, prices integer ticks
 * (NaN when the order type has none). The venue is the only writer of status and fill state; the
 * strategy sees orders through OrderUpdate events and read-only getters.
 *
 * Lifecycle: submitted (local) -> accepted | rejected (venue) -> partially_filled* -> filled | cancelled |
 * expired. `cancelled` also ends an IOC/FOK order's unfilled remainder.
 */
import type { Instrument } from '../core/instrument.js';
import { formatIso } from '../core/time.js';

export type OrderType = 'market' | 'limit' | 'stop' | 'stop_limit';
export type TimeInForce = 'GTC' | 'DAY' | 'GTD' | 'IOC' | 'FOK';
export type OrderStatus =
  'submitted' | 'accepted' | 'partially_filled' | 'filled' | 'cancelled' | 'expired' | 'rejected';

export const ORDER_TYPES: readonly OrderType[] = ['market', 'limit', 'stop', 'stop_limit'];
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

  get isOpen(): boolean {
    return this.status === 'submitted' || this.status === 'accepted' || this.status === 'partially_filled';
  }

  get symbol(): string {
    return this.instrument.symbol;
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
  /** Limit price (limit, stop_limit). */
  price?: number;
  /** Stop trigger price (stop, stop_limit). */
  stopPrice?: number;
  tif?: TimeInForce;
  /** GTD expiry, ISO 8601. */
  expireAt?: string;
  tag?: string;
}

export interface OrderChange {
  qty?: number;
  price?: number;
  stopPrice?: number;
}
