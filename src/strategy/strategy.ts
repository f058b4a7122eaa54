/**
 * The Strategy base class. A strategy is a class whose hooks the engine calls in simulated-time order;
 * it acts only through `this.ctx` (the Context). Hooks are no-ops here, so a strategy overrides only what
 * it needs. One instance per strategy in a run; `this.params` holds its configured parameters.
 *
 * Loading: a strategy file's default export (or a named export `strategy`) is the class; its constructor
 * takes no arguments.
 */
import type { Order, OrderUpdate } from '../exec/order.js';
import type { BarView } from './bar-view.js';
import type { QuoteView, TradeView } from './tick-view.js';
import type { Context } from './context.js';
import type { BookView } from '../book/view.js';

export interface TimerEvent {
  id: number;
  name: string;
  /** ISO 8601 UTC time the timer was due. */
  time: string;
}

export abstract class Strategy<P extends object = Record<string, unknown>> {
  /** Set by the engine before onStart. */
  ctx!: Context;

  get params(): P {
    return this.ctx.params as P;
  }

  onStart(): void {}
  /** A completed bar of a subscribed instrument. */
  onBar(_bar: BarView): void {}
  /** A trade of a subscribed instrument (trade data sources); marks the position at its price. */
  onTrade(_trade: TradeView): void {}
  /** A change of best bid/ask of a subscribed instrument (quote data sources). */
  onQuote(_quote: QuoteView): void {}
  /**
   * The order book of a subscribed instrument at a consistent point (the last record of an exchange
   * event), as the strategy sees it after the feed latency. A reused, read-only view: do not keep it.
   */
  onBook(_book: BookView): void {}
  onTimer(_timer: TimerEvent): void {}
  /** Accepted, rejected, partially filled, filled, cancelled, expired, modified ... */
  onOrderUpdate(_update: OrderUpdate): void {}
  onStop(): void {}
}

/** Anything with the Strategy shape (strategies compiled against another copy of this package too). */
export type StrategyLike = Strategy<object> | (Partial<Omit<Strategy, 'ctx' | 'params'>> & { ctx?: Context });

export type { Order };
