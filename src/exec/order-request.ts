/**
 * From what a strategy asks (an OrderRequest in decimals) to an Order in ticks and lots, validated at the
 * API edge: every bad field or combination is an OrderError naming the symbol, the field and the value.
 * Venue-independent: a venue says what it cannot do (`supportsDisplayQty`), this module refuses it.
 * Fields that belong to other order types are refused rather than ignored for the new fields (trigger,
 * trailing, post-only, display); `price` and `stopPrice` stay tolerated where unused, as they always were.
 */
import { tryParseDecimal } from '../core/decimal.js';
import { OrderError } from '../core/errors.js';
import type { Instrument } from '../core/instrument.js';
import { parseIso, type TimeParseError } from '../core/time.js';
import {
  Order,
  OrderExt,
  ORDER_TYPES,
  TIME_IN_FORCE,
  TrailingState,
  type OrderRequest,
  type OrderType,
} from './order.js';
import { applyTrail } from './trailing.js';

export interface OrderContext {
  /** The id of the order, taken when it is created. */
  newId: () => number;
  strategyIndex: number;
  sec: number;
  nsec: number;
  /** Last price in ticks (NaN before the first bar): where a trailing order starts trailing from. */
  lastTicks: number;
  /** The strategy's position in lots, for reduce-only; NaN skips the check (held contingent children). */
  positionLots: number;
  supportsDisplayQty: boolean;
}

const HAS_LIMIT: ReadonlySet<OrderType> = new Set(['limit', 'stop_limit', 'limit_if_touched']);
const HAS_STOP: ReadonlySet<OrderType> = new Set(['stop', 'stop_limit']);
const IF_TOUCHED: ReadonlySet<OrderType> = new Set(['market_if_touched', 'limit_if_touched']);
const TRAILING: ReadonlySet<OrderType> = new Set(['trailing_stop', 'trailing_stop_limit']);

/** Ticks of a positive price on the instrument's grid; `field` names it in the error. */
export function priceTicks(inst: Instrument, price: unknown, field: string, what: string): number {
  if (typeof price !== 'number' || !(price > 0) || !Number.isFinite(price))
    throw new OrderError(`${inst.symbol}: ${what} needs a positive ${field}, got ${String(price)}`);
  try {
    return inst.ticks(price, 'exact');
  } catch (e) {
    throw new OrderError(`${inst.symbol}: ${field}: ${(e as Error).message}`);
  }
}

export function buildOrder(inst: Instrument, req: OrderRequest, c: OrderContext): Order {
  if (req.side !== 'buy' && req.side !== 'sell')
    throw new OrderError(`order side must be "buy" or "sell", got ${JSON.stringify(req.side)}`);
  const type = req.type ?? 'market';
  if (!ORDER_TYPES.includes(type))
    throw new OrderError(`unknown order type ${JSON.stringify(type)} (use ${ORDER_TYPES.join(', ')})`);
  const tif = req.tif ?? 'GTC';
  if (!TIME_IN_FORCE.includes(tif))
    throw new OrderError(`unknown time in force ${JSON.stringify(tif)} (use ${TIME_IN_FORCE.join(', ')})`);
  if (typeof req.qty !== 'number' || !(req.qty > 0))
    throw new OrderError(`${inst.symbol}: order quantity must be a positive number, got ${req.qty}`);
  const lots = inst.lots(req.qty);
  const side = req.side === 'buy' ? 1 : -1;
  const what = `a ${type} order`;
  refuse(inst, req.triggerPrice !== undefined && !IF_TOUCHED.has(type), 'triggerPrice', type);
  const limitTicks = HAS_LIMIT.has(type) ? priceTicks(inst, req.price, 'price', what) : NaN;
  let stopTicks = NaN;
  if (HAS_STOP.has(type)) stopTicks = priceTicks(inst, req.stopPrice, 'stopPrice', what);
  else if (IF_TOUCHED.has(type)) stopTicks = priceTicks(inst, req.triggerPrice, 'triggerPrice', what);
  let expSec = NaN;
  let expNsec = 0;
  if (tif === 'GTD') {
    if (!req.expireAt) throw new OrderError(`${inst.symbol}: a GTD order needs expireAt`);
    try {
      const t = parseIso(req.expireAt);
      expSec = t.sec;
      expNsec = t.nsec;
    } catch (e) {
      throw new OrderError(`${inst.symbol}: expireAt: ${(e as TimeParseError).message}`);
    }
  }
  const order = new Order(
    c.newId(),
    c.strategyIndex,
    inst,
    side,
    type,
    lots,
    limitTicks,
    stopTicks,
    tif,
    expSec,
    expNsec,
    c.sec,
    c.nsec,
    req.tag ?? '',
  );
  buildExt(inst, req, order, c);
  return order;
}

/** Sets the order's flags and trailing state; leaves `ext` null when the request uses none of them. */
function buildExt(inst: Instrument, req: OrderRequest, order: Order, c: OrderContext): void {
  const type = order.type;
  const trailing = TRAILING.has(type);
  refuse(inst, !trailing && req.trailingOffset !== undefined, 'trailingOffset', type);
  refuse(inst, !trailing && req.activationPrice !== undefined, 'activationPrice', type);
  refuse(inst, type !== 'trailing_stop_limit' && req.limitOffset !== undefined, 'limitOffset', type);
  const postOnly = req.postOnly === true ? 'reject' : req.postOnly === false ? null : (req.postOnly ?? null);
  const reduceOnly = req.reduceOnly ?? false;
  if (!trailing && postOnly === null && !reduceOnly && req.displayQty === undefined) return;
  const ext = new OrderExt();
  order.ext = ext;
  if (typeof reduceOnly !== 'boolean')
    throw new OrderError(
      `${inst.symbol}: reduceOnly must be true or false, got ${JSON.stringify(reduceOnly)}`,
    );
  ext.reduceOnly = reduceOnly;
  if (reduceOnly && c.positionLots === c.positionLots && c.positionLots * -order.side <= 0) {
    const need = order.side > 0 ? 'a short' : 'a long';
    throw new OrderError(
      `${inst.symbol}: reduceOnly: a reduce-only ${order.side > 0 ? 'buy' : 'sell'} needs ${need} position to reduce (position is ${inst.formatQty(c.positionLots)})`,
    );
  }
  if (postOnly !== null) {
    if (postOnly !== 'reject' && postOnly !== 'reprice')
      throw new OrderError(
        `${inst.symbol}: postOnly must be true, false, "reject" or "reprice", got ${JSON.stringify(req.postOnly)}`,
      );
    refuse(inst, type !== 'limit', 'postOnly', type);
    if (order.tif === 'IOC' || order.tif === 'FOK')
      throw new OrderError(
        `${inst.symbol}: postOnly: a post-only order cannot be ${order.tif} (it must rest)`,
      );
    ext.postOnly = postOnly;
  }
  if (req.displayQty !== undefined) ext.displayLots = displayLots(inst, req.displayQty, order, c);
  if (trailing) trailingState(inst, req, order, ext, c.lastTicks);
}

function displayLots(inst: Instrument, qty: number, order: Order, c: OrderContext): number {
  if (typeof qty !== 'number' || !(qty > 0))
    throw new OrderError(`${inst.symbol}: displayQty must be a positive number, got ${qty}`);
  const lots = inst.lots(qty);
  if (lots > order.lots)
    throw new OrderError(
      `${inst.symbol}: displayQty ${qty} is above the order quantity ${inst.qty(order.lots)}`,
    );
  refuse(inst, order.type !== 'limit', 'displayQty', order.type);
  if (!c.supportsDisplayQty)
    throw new OrderError(
      `${inst.symbol}: displayQty (iceberg) needs the book venue: the bar venue has no book or queue, so a hidden quantity would change nothing`,
    );
  return lots;
}

function trailingState(
  inst: Instrument,
  req: OrderRequest,
  order: Order,
  ext: OrderExt,
  lastTicks: number,
): void {
  const t = (ext.trailing = new TrailingState());
  const unit = req.trailingOffsetType ?? 'price';
  if (unit !== 'price' && unit !== 'ticks' && unit !== 'bps')
    throw new OrderError(
      `${inst.symbol}: trailingOffsetType must be "price", "ticks" or "bps", got ${JSON.stringify(unit)}`,
    );
  const offset = (value: unknown, field: string, zeroOk: boolean): void => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (value === 0 && !zeroOk))
      throw new OrderError(
        `${inst.symbol}: ${field} must be a ${zeroOk ? 'non-negative' : 'positive'} number (${unit}), got ${String(value)}`,
      );
    const limit = field === 'limitOffset';
    if (unit === 'price') {
      const ticks = value === 0 ? 0 : priceTicks(inst, value, field, `a ${order.type} order`);
      if (limit) t.limitOffsetTicks = ticks;
      else t.offsetTicks = ticks;
    } else if (unit === 'ticks') {
      if (!Number.isInteger(value))
        throw new OrderError(`${inst.symbol}: ${field} in ticks must be a whole number, got ${value}`);
      if (limit) t.limitOffsetTicks = value;
      else t.offsetTicks = value;
    } else {
      // Basis points as an exact fraction over 10 000 × 100 (hundredths of a basis point).
      const d = tryParseDecimal(String(value));
      if (d === null || d.scale > 2)
        throw new OrderError(`${inst.symbol}: ${field} in bps allows at most 2 decimals, got ${value}`);
      t.bpsDen = 1_000_000;
      const units = d.units * 10 ** (2 - d.scale);
      if (limit) t.limitOffsetBpsUnits = units;
      else t.offsetBpsUnits = units;
    }
  };
  offset(req.trailingOffset, 'trailingOffset', false);
  if (order.type === 'trailing_stop_limit') offset(req.limitOffset, 'limitOffset', true);
  if (req.activationPrice !== undefined) {
    t.activationTicks = priceTicks(inst, req.activationPrice, 'activationPrice', `a ${order.type} order`);
    t.activated = false;
  } else if (lastTicks === lastTicks) {
    t.refTicks = lastTicks;
    applyTrail(order);
  }
}

function refuse(inst: Instrument, bad: boolean, field: string, type: OrderType): void {
  if (bad) throw new OrderError(`${inst.symbol}: ${field} does not apply to a ${type} order`);
}
