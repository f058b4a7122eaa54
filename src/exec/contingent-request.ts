/**
 * What a strategy asks for when it places contingent orders (ctx.bracket, ctx.oto, ctx.oco), and the
 * checks that belong to the group rather than to one order: a bracket's take-profit and stop-loss on the
 * right sides of its entry. A bracket's exits are reduce-only (they can never open or flip a position) and
 * one OCO group, released by the entry (contingency.ts).
 */
import { OrderError } from '../core/errors.js';
import type { Instrument } from '../core/instrument.js';
import type { ReleaseOn } from './contingency.js';
import type { Order, OrderRequest, TimeInForce } from './order.js';

export interface BracketRequest {
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  /** The entry's type, prices and time in force (default: a GTC market order). */
  entry?: Omit<OrderRequest, 'symbol' | 'side' | 'qty'>;
  /** Limit price of the take-profit (above the entry for a buy, below for a sell). */
  takeProfit: number;
  /** Stop price of the stop-loss (below the entry for a buy, above for a sell). */
  stopLoss: number;
  /** Makes the stop-loss a stop-limit with this limit price. */
  stopLossLimit?: number;
  /** Time in force of both exits: GTC (default) or DAY. */
  exitTif?: TimeInForce;
  /** Release the exits when the entry fills completely (default) or from its first partial fill. */
  releaseOn?: ReleaseOn;
  tag?: string;
}

/** The three orders of a bracket; the exits are held until the entry releases them. */
export interface Bracket {
  entry: Order;
  takeProfit: Order;
  stopLoss: Order;
}

export interface OtoOptions {
  /** Default "full". */
  releaseOn?: ReleaseOn;
  /** The children form one OCO group (a fill of one cancels or shrinks the others). */
  oco?: boolean;
}

/** The requests of a bracket's three orders. */
export function bracketLegs(req: BracketRequest): [OrderRequest, OrderRequest, OrderRequest] {
  if (req === null || typeof req !== 'object') throw new OrderError('bracket() needs a request object');
  const exitTif = req.exitTif ?? 'GTC';
  if (exitTif !== 'GTC' && exitTif !== 'DAY')
    throw new OrderError(
      `${req.symbol}: bracket exitTif must be "GTC" or "DAY", got ${JSON.stringify(exitTif)}`,
    );
  const exitSide = req.side === 'buy' ? 'sell' : 'buy';
  const tag = req.tag ?? '';
  const entry: OrderRequest = { ...(req.entry ?? {}), symbol: req.symbol, side: req.side, qty: req.qty };
  if (entry.tag === undefined) entry.tag = tag;
  const common = {
    symbol: req.symbol,
    side: exitSide,
    qty: req.qty,
    tif: exitTif,
    reduceOnly: true,
  } as const;
  const takeProfit: OrderRequest = { ...common, type: 'limit', price: req.takeProfit, tag };
  const stopLoss: OrderRequest =
    req.stopLossLimit === undefined
      ? { ...common, type: 'stop', stopPrice: req.stopLoss, tag }
      : { ...common, type: 'stop_limit', stopPrice: req.stopLoss, price: req.stopLossLimit, tag };
  return [entry, takeProfit, stopLoss];
}

/**
 * The price a bracket's exits are judged against: the entry's limit, stop or trigger price, else (market
 * and trailing entries) the last price; NaN when there is none yet.
 */
export function entryReferenceTicks(entry: Order, lastTicks: number): number {
  switch (entry.type) {
    case 'limit':
    case 'stop_limit':
    case 'limit_if_touched':
      return entry.limitTicks;
    case 'stop':
    case 'market_if_touched':
      return entry.stopTicks;
    default:
      return lastTicks;
  }
}

/** Take-profit beyond the entry, stop-loss on the other side (a buy: TP above, SL below). */
export function checkBracketSides(
  inst: Instrument,
  entry: Order,
  tp: Order,
  sl: Order,
  refTicks: number,
): void {
  const buy = entry.side > 0;
  const word = buy ? 'above' : 'below';
  const other = buy ? 'below' : 'above';
  const beyond = (a: number, b: number): boolean => (buy ? a > b : a < b);
  const fmt = (t: number): string => inst.formatPrice(t);
  const sideName = buy ? 'buy' : 'sell';
  if (refTicks === refTicks) {
    if (!beyond(tp.limitTicks, refTicks))
      throw new OrderError(
        `${inst.symbol}: bracket takeProfit ${fmt(tp.limitTicks)} must be ${word} the entry price ${fmt(refTicks)} for a ${sideName}`,
      );
    if (!beyond(refTicks, sl.stopTicks))
      throw new OrderError(
        `${inst.symbol}: bracket stopLoss ${fmt(sl.stopTicks)} must be ${other} the entry price ${fmt(refTicks)} for a ${sideName}`,
      );
  } else if (!beyond(tp.limitTicks, sl.stopTicks))
    throw new OrderError(
      `${inst.symbol}: bracket takeProfit ${fmt(tp.limitTicks)} must be ${word} the stopLoss ${fmt(sl.stopTicks)} for a ${sideName}`,
    );
}
