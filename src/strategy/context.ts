/**
 * The Context: everything a strategy can see and do. The engine implements it; strategies depend only
 * on this interface. Figures are in the account currency and instrument units (doubles at the edge);
 * the engine keeps the exact integers underneath.
 *
 * No lookahead: `time`, `history` and portfolio figures reflect only events the strategy's side has
 * received. Orders act after the venue receives them (next bar at bar level, unless close fills are on).
 */
import type { BookView } from '../book/view.js';
import type { Bindable, BindInput, TimeframeBars } from './timeframe.js';
import type { Instrument } from '../core/instrument.js';
import type { Order, OrderChange, OrderRequest } from '../exec/order.js';
import type { Bracket, BracketRequest, OtoOptions } from '../exec/contingent-request.js';
import type { BarHistory } from './bar-view.js';

/** An order request without what the helper's own arguments say (symbol, side, quantity). */
export type OrderOptions = Omit<OrderRequest, 'symbol' | 'side' | 'qty'>;

export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface StrategyPnl {
  realized: number;
  unrealized: number;
  fees: number;
}

export interface TimeframeOptions {
  /** Closed bars kept readable (default 1,000). */
  history?: number;
  /** Base bar interval (default: inferred from the first bars' spacing). */
  base?: string;
  /** Shift of bucket boundaries from UTC-aligned multiples (e.g. "9h30m" is not supported; "30m"). */
  offset?: string;
}

export interface Context {
  readonly strategyId: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Simulated time: whole seconds since the epoch and nanoseconds within the second. */
  readonly timeSec: number;
  readonly timeNsec: number;
  /** Simulated time as ISO 8601 UTC (allocates). */
  time(): string;
  readonly symbols: readonly string[];
  instrument(symbol: string): Instrument;

  /** Signed position of this strategy in instrument units (shares, contracts). */
  position(symbol: string): number;
  /** Average entry price of this strategy's open position; NaN when flat. */
  avgEntryPrice(symbol: string): number;
  /** Account cash and equity (cash + market value at the latest marks). */
  readonly cash: number;
  readonly equity: number;
  /** This strategy's P&L. */
  pnl(): StrategyPnl;
  /** Bars of `symbol` seen so far. */
  history(symbol: string): BarHistory;
  /** Last close price of `symbol` (NaN before its first bar). */
  lastPrice(symbol: string): number;
  /**
   * The order book of `symbol` as this strategy sees it now (after the feed latency): a read-only view,
   * reused; consistent only at onBook time. Throws for a symbol without a book feed.
   */
  book(symbol: string): BookView;
  /**
   * Lots ahead of a resting order in its queue, as the book venue's queue model knows it now (the
   * venue's knowledge, not delayed by latency); NaN when the order is not resting on the book venue.
   */
  queuePosition(order: Order | number): number;
  /**
   * Closed bars of `symbol` on a higher timeframe (e.g. "5m", "1h", "1d") built from its base bars; a bar
   * becomes visible only once closed (src/strategy/timeframe.ts). Call in onStart.
   */
  timeframe(symbol: string, interval: string, options?: TimeframeOptions): TimeframeBars;
  /**
   * Binds an indicator to `symbol`'s base bars (or to a timeframe from `timeframe()`): the engine updates
   * it with each bar before onBar. `input` picks what it is fed (default "close"; "bar" for OHLC ones).
   * Returns the indicator. Call in onStart.
   */
  indicator<I extends Bindable>(symbol: string | TimeframeBars, ind: I, input?: BindInput): I;

  /** Any order type (market, limit, stop, stop_limit, *_if_touched, trailing_*), flags included. */
  submit(request: OrderRequest): Order;
  /**
   * Entry + take-profit limit + stop-loss stop: the exits are reduce-only, one OCO group, held until the
   * entry fills (completely, or from its first fill with `releaseOn: "partial"`). Cancelling the entry
   * cancels exits not yet released.
   */
  bracket(request: BracketRequest): Bracket;
  /** A parent and children held until it fills (one-triggers-other). Returns [parent, ...children]. */
  oto(parent: OrderRequest, children: OrderRequest[], options?: OtoOptions): Order[];
  /** Orders working at once, one-cancels-other: a fill of one cancels (partial: shrinks) the others. */
  oco(requests: OrderRequest[]): Order[];
  buy(symbol: string, qty: number, options?: OrderOptions): Order;
  sell(symbol: string, qty: number, options?: OrderOptions): Order;
  /** Orders the difference between `qty` and (position + open orders); null when nothing to do. */
  targetPosition(symbol: string, qty: number, options?: OrderOptions): Order | null;
  /** Target a position worth `fraction` of equity at the last price (whole lots, toward zero). */
  targetPercent(symbol: string, fraction: number, options?: OrderOptions): Order | null;
  /** Target a position worth `value` in currency at the last price (whole lots, toward zero). */
  targetValue(symbol: string, value: number, options?: OrderOptions): Order | null;
  cancel(order: Order | number): void;
  modify(order: Order | number, change: OrderChange): void;
  /** This strategy's open orders (optionally for one symbol); held contingent children are not listed. */
  openOrders(symbol?: string): Order[];

  /** Calls onTimer at an absolute time (ISO 8601) — must not be in the past. Returns the timer id. */
  setTimer(at: string, name?: string): number;
  /** Calls onTimer after `seconds` of simulated time. */
  setTimerIn(seconds: number, name?: string): number;
  cancelTimer(id: number): void;

  readonly log: Logger;
}
