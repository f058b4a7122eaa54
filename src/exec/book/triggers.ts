/**
 * Conditional orders waiting on the book venue (docs/execution-book.md, "Orders"): stop, stop-limit,
 * market-if-touched and limit-if-touched orders rest here, outside the queue, until a trade triggers them.
 *
 * Trigger rule: a trade printed at the venue after the order arrived, at price p as the order meets it
 * (impact applied): a buy stop triggers at p ≥ its stop, a sell stop at p ≤ it; a buy if-touched order at
 * p ≤ its trigger, a sell one at p ≥ it. Trades before the order arrived never trigger it (no look-back).
 * A triggered order is executed at the end of the exchange event that triggered it (the book is then
 * consistent and shows what the trade took): stops and market-if-touched as market orders, stop-limit and
 * limit-if-touched as limit orders at their limit, through the venue's usual arrival path.
 * Invariants: each list keeps arrival order (orders triggered by one trade execute in that order).
 */
import type { Order } from '../order.js';

const WAITING_TYPES = new Set(['stop', 'stop_limit', 'market_if_touched', 'limit_if_touched']);

export function isConditional(order: Order): boolean {
  return WAITING_TYPES.has(order.type);
}

/** Whether a trade at `price` (ticks, as the order meets it) triggers `order`. */
export function triggeredBy(order: Order, price: number): boolean {
  const stop = order.type === 'stop' || order.type === 'stop_limit';
  const up = order.side > 0 === stop; // buy stops and sell if-touched orders trigger on the way up
  return up ? price >= order.stopTicks : price <= order.stopTicks;
}

/** Whether a triggered order executes as a market order (else as a limit order at its limit). */
export function triggersToMarket(order: Order): boolean {
  return order.type === 'stop' || order.type === 'market_if_touched';
}

export class WaitingOrders {
  /** Waiting orders per instrument, in arrival order. */
  private readonly lists: Order[][];
  /** Triggered, to execute at the end of the current exchange event, per instrument. */
  private readonly due: Order[][];

  constructor(instrumentCount: number) {
    this.lists = Array.from({ length: instrumentCount }, () => []);
    this.due = Array.from({ length: instrumentCount }, () => []);
  }

  add(order: Order): void {
    this.lists[order.instrument.id]!.push(order);
  }

  remove(order: Order): boolean {
    const l = this.lists[order.instrument.id]!;
    const i = l.indexOf(order);
    if (i < 0) return false;
    l.splice(i, 1);
    return true;
  }

  /** The waiting orders of instrument `id` (do not change the array). */
  of(id: number): readonly Order[] {
    return this.lists[id]!;
  }

  has(order: Order): boolean {
    return this.lists[order.instrument.id]!.includes(order);
  }

  count(): number {
    let n = 0;
    for (const l of this.lists) n += l.length;
    return n;
  }

  /** Any waiting or due order of instrument `id`? (The venue's fast exit.) */
  any(id: number): boolean {
    return this.lists[id]!.length > 0 || this.due[id]!.length > 0;
  }

  /** A trade reached the venue: moves the orders it triggers to the due list. `seen` maps a price per side. */
  trade(id: number, ticks: number, seen: (side: 1 | -1, ticks: number) => number): void {
    const l = this.lists[id]!;
    for (let i = 0; i < l.length; i++) {
      const o = l[i]!;
      if (!triggeredBy(o, seen(o.side, ticks))) continue;
      o.triggered = true;
      this.due[id]!.push(o);
      l.splice(i--, 1);
    }
  }

  /** The orders triggered since the last call (emptied). */
  takeDue(id: number): Order[] {
    const d = this.due[id]!;
    if (d.length === 0) return d;
    this.due[id] = [];
    return d;
  }
}
