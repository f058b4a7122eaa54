/**
 * The engine's implementation of a strategy's Context: validates requests at the API edge (a clear
 * OrderError for an unknown symbol, a quantity off the lot grid, a missing limit price ...; the rules are
 * in exec/order-request.ts), turns decimal prices and quantities into ticks and lots, and keeps the
 * strategy's list of open orders. Contingent children stay off that list (and off the pending counters)
 * until their parent releases them: `EngineRouter` then sends them like any order (risk check, entry
 * latency) and books the quantity changes contingency makes.
 */
import type { BookView } from '../book/view.js';
import {
  checkBindInput,
  inferBaseSeconds,
  SymbolBindings,
  TimeframeBars,
  type Bindable,
  type BindInput,
} from '../strategy/timeframe.js';
import { OrderError } from '../core/errors.js';
import type { Instrument } from '../core/instrument.js';
import { formatIso, parseDuration, parseIso, NANOS_PER_SEC, tsAddNanos } from '../core/time.js';
import { Order, type OrderChange, type OrderRequest } from '../exec/order.js';
import { buildOrder, priceTicks } from '../exec/order-request.js';
import { linkOco, linkOto } from '../exec/contingency.js';
import {
  bracketLegs,
  checkBracketSides,
  entryReferenceTicks,
  type Bracket,
  type BracketRequest,
  type OtoOptions,
} from '../exec/contingent-request.js';
import type { ContingentRouter } from '../exec/bar-venue.js';
import type { BarHistory } from '../strategy/bar-view.js';
import type { Context, Logger, OrderOptions, StrategyPnl, TimeframeOptions } from '../strategy/context.js';
import type { Engine, ResolvedChange } from './engine.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const LEVELS: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

export class StrategyContext implements Context {
  readonly symbols: readonly string[];
  readonly log: Logger;
  private readonly bySymbol = new Map<string, Instrument>();
  private lastInstrument: Instrument | null = null;
  private readonly orders: Order[] = [];
  private pruneAt = 16;
  /** Remaining lots of open orders, per instrument and side (buy at 2·id, sell at 2·id + 1). */
  private readonly pending: Float64Array;

  constructor(
    private readonly engine: Engine,
    readonly index: number,
    readonly strategyId: string,
    readonly params: Readonly<Record<string, unknown>>,
    logLevel: LogLevel,
    logWrite: ((line: string) => void) | undefined,
  ) {
    for (const inst of engine.instruments) this.bySymbol.set(inst.symbol, inst);
    this.symbols = engine.instruments.map((i) => i.symbol);
    this.pending = new Float64Array(2 * engine.instruments.length);
    engine.venue.router ??= new EngineRouter(engine);
    if (engine.books) engine.books.venue.router ??= engine.venue.router;
    const write = logWrite ?? ((line: string) => process.stderr.write(line + '\n'));
    const min = LEVELS[logLevel];
    const make =
      (level: LogLevel) =>
      (...args: unknown[]): void => {
        if (LEVELS[level] < min) return;
        const text = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
        write(`${this.time()} ${level.toUpperCase()} [${strategyId}] ${text}`);
      };
    this.log = { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error') };
  }

  get timeSec(): number {
    return this.engine.nowSec;
  }
  get timeNsec(): number {
    return this.engine.nowNsec;
  }
  time(): string {
    return formatIso(this.engine.nowSec, this.engine.nowNsec);
  }

  instrument(symbol: string): Instrument {
    // Strategies mostly pass `bar.symbol`, the instrument's own string: one compare before the map.
    const last = this.lastInstrument;
    if (last !== null && last.symbol === symbol) return last;
    const inst = this.bySymbol.get(symbol);
    if (!inst) throw new OrderError(`unknown symbol "${symbol}" (this run has: ${this.symbols.join(', ')})`);
    this.lastInstrument = inst;
    return inst;
  }

  position(symbol: string): number {
    const inst = this.instrument(symbol);
    return inst.qty(this.engine.portfolio.lots(this.index, inst.id));
  }

  avgEntryPrice(symbol: string): number {
    const inst = this.instrument(symbol);
    return inst.price(this.engine.portfolio.avgEntryTicks(this.index, inst.id));
  }

  get cash(): number {
    const p = this.engine.portfolio;
    return p.cashUnits / 10 ** p.cashScale;
  }

  get equity(): number {
    const p = this.engine.portfolio;
    return p.equityUnits() / 10 ** p.cashScale;
  }

  pnl(): StrategyPnl {
    const p = this.engine.portfolio;
    const d = 10 ** p.cashScale;
    return {
      realized: p.realizedUnits(this.index) / d,
      unrealized: p.unrealizedUnits(this.index) / d,
      fees: p.feeUnits(this.index) / d,
    };
  }

  history(symbol: string): BarHistory {
    const inst = this.instrument(symbol);
    const h = this.engine.histories[inst.id];
    if (!h) throw new OrderError(`no bar data for "${symbol}" in this run`);
    return h;
  }

  /** Per instrument, what this strategy bound to it (null = nothing: the engine skips the call). */
  readonly bindings: (SymbolBindings | null)[] = [];

  private bindingsFor(inst: Instrument): SymbolBindings {
    let b = this.bindings[inst.id];
    if (!b) {
      b = this.bindings[inst.id] = new SymbolBindings(inst);
      this.engine.bindingsChanged(this.index);
    }
    return b;
  }

  timeframe(symbol: string, interval: string, options: TimeframeOptions = {}): TimeframeBars {
    const inst = this.instrument(symbol);
    const table = this.history(symbol).table;
    const seconds = (text: string | undefined, what: string): number | null => {
      if (text === undefined) return null;
      const ns = parseDuration(text);
      if (ns === null || ns <= 0 || ns % 1e9 !== 0)
        throw new OrderError(
          `timeframe(${symbol}): ${what} must be a whole number of seconds like "5m", got "${text}"`,
        );
      return ns / 1e9;
    };
    const intervalSec = seconds(interval, 'interval')!;
    const baseSec = seconds(options.base, 'base') ?? inferBaseSeconds(table);
    if (baseSec === null)
      throw new OrderError(
        `timeframe(${symbol}): cannot infer the base bar interval from fewer than 2 bars; pass options.base`,
      );
    if (intervalSec < baseSec || intervalSec % baseSec !== 0)
      throw new OrderError(
        `timeframe(${symbol}): ${interval} is not a whole multiple of the base interval (${baseSec}s)`,
      );
    const history = options.history ?? 1000;
    if (!Number.isInteger(history) || history < 1)
      throw new OrderError(`timeframe(${symbol}): history must be a positive integer, got ${history}`);
    const tf = new TimeframeBars(
      inst.symbol,
      intervalSec,
      baseSec,
      seconds(options.offset, 'offset') ?? 0,
      history,
    );
    this.bindingsFor(inst).frames.push(tf);
    return tf;
  }

  indicator<I extends Bindable>(symbol: string | TimeframeBars, ind: I, input: BindInput = 'close'): I {
    checkBindInput(input);
    if (typeof symbol === 'string') this.bindingsFor(this.instrument(symbol)).base.push({ ind, input });
    else symbol.bind(ind, input);
    return ind;
  }

  lastPrice(symbol: string): number {
    const inst = this.instrument(symbol);
    const ticks = this.markTicks(inst);
    return ticks === ticks ? inst.price(ticks) : NaN;
  }

  book(symbol: string): BookView {
    const inst = this.instrument(symbol);
    const view = this.engine.books?.local[inst.id];
    if (!view) throw new OrderError(`${symbol} has no order-book feed (ctx.book needs MBO or MBP-10 data)`);
    return view;
  }

  queuePosition(order: Order | number): number {
    const o = typeof order === 'number' ? this.orders.find((x) => x.id === order) : order;
    return o && this.engine.books ? this.engine.books.venue.queueAhead(o) : NaN;
  }

  // Orders ------------------------------------------------------------------------------------------

  submit(req: OrderRequest): Order {
    if (req === null || typeof req !== 'object')
      throw new OrderError('submit() needs an order request object');
    const order = this.build(req, false);
    this.engine.send(order);
    return order;
  }

  bracket(req: BracketRequest): Bracket {
    const [entryReq, tpReq, slReq] = bracketLegs(req);
    const entry = this.build(entryReq, false);
    const takeProfit = this.build(tpReq, true);
    const stopLoss = this.build(slReq, true);
    const inst = entry.instrument;
    checkBracketSides(inst, entry, takeProfit, stopLoss, entryReferenceTicks(entry, this.markTicks(inst)));
    linkOto(entry, [takeProfit, stopLoss], req.releaseOn ?? 'full');
    linkOco([takeProfit, stopLoss]);
    this.sendParent(entry);
    return { entry, takeProfit, stopLoss };
  }

  oto(parent: OrderRequest, children: OrderRequest[], options: OtoOptions = {}): Order[] {
    if (!Array.isArray(children) || children.length === 0)
      throw new OrderError('oto() needs a parent request and at least one child request');
    const p = this.build(parent, false);
    const kids = children.map((c) => this.build(c, true));
    const releaseOn = options.releaseOn ?? 'full';
    if (releaseOn !== 'full' && releaseOn !== 'partial')
      throw new OrderError(`oto(): releaseOn must be "full" or "partial", got ${JSON.stringify(releaseOn)}`);
    linkOto(p, kids, releaseOn);
    if (options.oco === true) linkOco(kids);
    this.sendParent(p);
    return [p, ...kids];
  }

  oco(requests: OrderRequest[]): Order[] {
    if (!Array.isArray(requests) || requests.length < 2)
      throw new OrderError('oco() needs at least two order requests');
    const orders = requests.map((r) => this.build(r, false));
    linkOco(orders);
    for (const o of orders) this.engine.send(o);
    return orders;
  }

  /** Validates a request into an order; a held child's reduce-only check waits for its release. */
  private build(req: OrderRequest, held: boolean): Order {
    if (req === null || typeof req !== 'object') throw new OrderError('an order request must be an object');
    const inst = this.instrument(req.symbol);
    const e = this.engine;
    return buildOrder(inst, req, {
      newId: () => e.newOrderId(),
      strategyIndex: this.index,
      sec: e.nowSec,
      nsec: e.nowNsec,
      lastTicks: this.markTicks(inst),
      positionLots: held ? NaN : e.portfolio.lots(this.index, inst.id),
      supportsDisplayQty: e.venue.supportsDisplayQty,
    });
  }

  /** Sends a parent; one refused by the pre-trade checks ends its held children at once. */
  private sendParent(parent: Order): void {
    const e = this.engine;
    e.send(parent);
    if (parent.status !== 'rejected') return;
    const venue = e.books?.trades(parent.instrument.id) ? e.books.venue : e.venue;
    venue.contingency.onEnded(parent, e.nowSec, e.nowNsec);
  }

  private markTicks(inst: Instrument): number {
    return this.engine.portfolio.markTicks(inst.id);
  }

  buy(symbol: string, qty: number, options?: OrderOptions): Order {
    if (options === undefined) return this.market(this.instrument(symbol), 1, this.quantityLots(symbol, qty));
    return this.submit({ ...options, symbol, side: 'buy', qty });
  }

  sell(symbol: string, qty: number, options?: OrderOptions): Order {
    if (options === undefined)
      return this.market(this.instrument(symbol), -1, this.quantityLots(symbol, qty));
    return this.submit({ ...options, symbol, side: 'sell', qty });
  }

  private quantityLots(symbol: string, qty: number): number {
    const inst = this.instrument(symbol);
    if (typeof qty !== 'number' || !(qty > 0))
      throw new OrderError(`${inst.symbol}: order quantity must be a positive number, got ${qty}`);
    return inst.lots(qty);
  }

  /** The common case, a GTC market order, without building and re-validating a request object. */
  private market(inst: Instrument, side: 1 | -1, lots: number): Order {
    const e = this.engine;
    const order = new Order(
      e.newOrderId(),
      this.index,
      inst,
      side,
      'market',
      lots,
      NaN,
      NaN,
      'GTC',
      NaN,
      0,
      e.nowSec,
      e.nowNsec,
      '',
    );
    e.send(order);
    return order;
  }

  targetPosition(symbol: string, qty: number, options?: OrderOptions): Order | null {
    const inst = this.instrument(symbol);
    if (!Number.isFinite(qty)) throw new OrderError(`${symbol}: target quantity must be finite, got ${qty}`);
    const target = inst.lots(qty);
    return this.orderDelta(inst, target, options);
  }

  targetValue(symbol: string, value: number, options?: OrderOptions): Order | null {
    const inst = this.instrument(symbol);
    if (!Number.isFinite(value)) throw new OrderError(`${symbol}: target value must be finite, got ${value}`);
    const price = this.lastPrice(symbol);
    if (!(price > 0)) throw new OrderError(`${symbol}: no price yet to size a target value`);
    const unitValue = price * (inst.multiplier.units / 10 ** inst.multiplier.scale);
    return this.orderDelta(inst, inst.lotsFloor(value / unitValue), options);
  }

  targetPercent(symbol: string, fraction: number, options?: OrderOptions): Order | null {
    if (!Number.isFinite(fraction))
      throw new OrderError(`${symbol}: target fraction must be finite, got ${fraction}`);
    return this.targetValue(symbol, this.equity * fraction, options);
  }

  private orderDelta(inst: Instrument, targetLots: number, options?: OrderOptions): Order | null {
    const current = this.engine.portfolio.lots(this.index, inst.id);
    const pending = this.pendingLots(inst.id, 1) - this.pendingLots(inst.id, -1);
    const delta = targetLots - current - pending;
    if (delta === 0) return null;
    if (options === undefined) return this.market(inst, delta > 0 ? 1 : -1, Math.abs(delta));
    return this.submit({
      ...options,
      symbol: inst.symbol,
      side: delta > 0 ? 'buy' : 'sell',
      qty: inst.qty(Math.abs(delta)),
    });
  }

  private resolve(order: Order | number): Order {
    if (typeof order !== 'number') return order;
    const found = this.orders.find((o) => o.id === order && o.isOpenKnown);
    if (!found) throw new OrderError(`no open order with id ${order} for strategy "${this.strategyId}"`);
    return found;
  }

  cancel(order: Order | number): void {
    const o = this.resolve(order);
    if (o.strategyIndex !== this.index) throw new OrderError(`order ${o.id} belongs to another strategy`);
    this.engine.requestCancel(o);
  }

  modify(order: Order | number, change: OrderChange): void {
    const o = this.resolve(order);
    if (o.strategyIndex !== this.index) throw new OrderError(`order ${o.id} belongs to another strategy`);
    const inst = o.instrument;
    const resolved: ResolvedChange = {};
    if (change.qty !== undefined) {
      if (!(change.qty > 0))
        throw new OrderError(`${inst.symbol}: modified quantity must be positive, got ${change.qty}`);
      resolved.lots = inst.lots(change.qty);
    }
    if (change.price !== undefined) {
      if (o.type !== 'limit' && o.type !== 'stop_limit' && o.type !== 'limit_if_touched')
        throw new OrderError(`order ${o.id} is ${o.type}: it has no limit price to modify`);
      resolved.limitTicks = priceTicks(inst, change.price, 'price', `modify of a ${o.type} order`);
    }
    if (change.stopPrice !== undefined) {
      if (o.type === 'market' || o.type === 'limit' || o.type.startsWith('trailing'))
        throw new OrderError(
          `order ${o.id} is ${o.type}: it has no stop or trigger price to modify${o.type.startsWith('trailing') ? ' (a trailing order moves its own stop)' : ''}`,
        );
      resolved.stopTicks = priceTicks(inst, change.stopPrice, 'stopPrice', `modify of a ${o.type} order`);
    }
    this.engine.requestModify(o, resolved);
  }

  openOrders(symbol?: string): Order[] {
    if (symbol === undefined) return this.orders.filter((o) => o.isOpenKnown);
    const inst = this.instrument(symbol);
    return this.orders.filter((o) => o.isOpenKnown && o.instrument === inst);
  }

  /**
   * Remaining lots of this strategy's open orders on one side of an instrument: a counter the engine
   * keeps at every change (sent, filled, cancelled, expired, modified), so targets cost O(1).
   */
  pendingLots(instrumentId: number, side: 1 | -1): number {
    return this.pending[2 * instrumentId + (side > 0 ? 0 : 1)]!;
  }

  /** Called by the engine when an order's remaining lots change by `lots` (exchange side). */
  addPending(instrumentId: number, side: 1 | -1, lots: number): void {
    this.pending[2 * instrumentId + (side > 0 ? 0 : 1)]! += lots;
  }

  track(order: Order): void {
    this.orders.push(order);
  }

  onReport(): void {
    this.prune();
  }

  /**
   * Drops finished orders in place, amortised: only once the list has doubled since the last pass, so a
   * report costs O(1) and the list stays within twice the open orders (readers skip finished ones).
   */
  private prune(): void {
    const orders = this.orders;
    if (orders.length < this.pruneAt) return;
    let w = 0;
    for (let r = 0; r < orders.length; r++) {
      const o = orders[r]!;
      if (o.isOpenKnown) orders[w++] = o;
    }
    orders.length = w;
    this.pruneAt = Math.max(16, 2 * w);
  }

  // Timers -----------------------------------------------------------------------------------------

  setTimer(at: string, name = ''): number {
    let t;
    try {
      t = parseIso(at);
    } catch (e) {
      throw new OrderError(`setTimer: ${(e as Error).message}`);
    }
    const e = this.engine;
    if (t.sec < e.nowSec || (t.sec === e.nowSec && t.nsec < e.nowNsec))
      throw new OrderError(`setTimer: ${at} is before the current time ${this.time()}`);
    return e.scheduleTimer(this.index, t.sec, t.nsec, name);
  }

  setTimerIn(seconds: number, name = ''): number {
    if (!(seconds >= 0) || !Number.isFinite(seconds))
      throw new OrderError(`setTimerIn: seconds must be >= 0, got ${seconds}`);
    const t = tsAddNanos(this.engine.nowSec, this.engine.nowNsec, Math.round(seconds * NANOS_PER_SEC), {
      sec: 0,
      nsec: 0,
    });
    return this.engine.scheduleTimer(this.index, t.sec, t.nsec, name);
  }

  cancelTimer(id: number): void {
    this.engine.cancelTimer(id);
  }
}

/**
 * Contingent orders in a run: a released child is sent like any order (pre-trade checks, entry latency,
 * tracking, pending lots); quantity changes are booked on the pending counters and reported as
 * `modified`; a child dropped before release is reported `cancelled` (it never was pending, so the
 * engine's un-pending of its remainder is offset first).
 */
class EngineRouter implements ContingentRouter {
  constructor(private readonly engine: Engine) {}

  release(child: Order): void {
    this.engine.send(child);
  }

  resized(order: Order, deltaLots: number, sec: number, nsec: number): void {
    this.engine.contexts[order.strategyIndex]!.addPending(order.instrument.id, order.side, deltaLots);
    this.engine.modified(order, sec, nsec);
  }

  dropped(child: Order, reason: string, sec: number, nsec: number): void {
    this.engine.contexts[child.strategyIndex]!.addPending(
      child.instrument.id,
      child.side,
      child.remainingLots,
    );
    this.engine.cancelled(child, reason, sec, nsec);
  }
}
