/**
 * Our resting orders on the book venue, kept beside the replayed book (which never contains them), one
 * list per instrument and side, in the order they would trade: better price first, then earlier arrival.
 *
 * Each entry carries the venue's knowledge of its place in the queue:
 * - `ahead`: market lots ahead of it at its price (L3: exact, from priority stamps; L2: the queue model's
 *   estimate; L1: the displayed size while the price is at the touch);
 * - `stamp` (L3): the book's priority stamp when it joined — a market order with a lower stamp is ahead;
 * - `levelSize` and `tradedSince` (L2): the level's size when last seen and the lots traded at the price
 *   since then, for the queue model.
 * Invariants: lists stay sorted; an order is in at most one list; lists are short (a strategy's own
 * orders), so linear scans beat any index.
 */
import type { Order } from '../order.js';
import { ConsumedLiquidity } from './consumed.js';

export class Resting {
  ahead = 0;
  stamp = 0;
  levelSize = 0;
  tradedSince = 0;
  /** Venue time of the first fill, ns (−1 before it). */
  firstFillNs = -1;

  constructor(
    readonly order: Order,
    /** +1 buy, −1 sell. */
    readonly side: 1 | -1,
    public ticks: number,
    /** Arrival order among our orders (ties at one price trade in this order). */
    public seq: number,
    /** Venue time the order (or its last priority-losing change) reached the venue, ns. */
    public arrivedNs: number,
  ) {}

  /** True when `this` trades before `other` (same side). */
  before(other: Resting): boolean {
    if (this.ticks !== other.ticks)
      return this.side > 0 ? this.ticks > other.ticks : this.ticks < other.ticks;
    return this.seq < other.seq;
  }
}

export class RestingSide {
  readonly list: Resting[] = [];

  get length(): number {
    return this.list.length;
  }

  insert(r: Resting): void {
    const l = this.list;
    let i = l.length;
    l.push(r);
    while (i > 0 && r.before(l[i - 1]!)) {
      l[i] = l[i - 1]!;
      i--;
    }
    l[i] = r;
  }

  remove(r: Resting): boolean {
    const l = this.list;
    const i = l.indexOf(r);
    if (i < 0) return false;
    for (let k = i + 1; k < l.length; k++) l[k - 1] = l[k]!;
    l.pop();
    return true;
  }

  find(order: Order): Resting | null {
    for (const r of this.list) if (r.order === order) return r;
    return null;
  }
}

/** One instrument's side of the venue: our resting orders on each side and the liquidity we consumed. */
export class OurOrders {
  readonly buys = new RestingSide();
  readonly sells = new RestingSide();
  readonly consumed = new ConsumedLiquidity();
  /** A clear emptied the book: re-queue our orders at the next consistent point. */
  requeue = false;
}
