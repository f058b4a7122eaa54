/**
 * Where and at what price one order trades on one bar: the bar venue's matching rules (docs/execution.md).
 *
 * The intrabar path is open -> low -> high -> close when close >= open, else open -> high -> low -> close,
 * travelled continuously. `probe` walks it for one order and reports the fill point as (segment, distance
 * from the segment's start), so that the venue can execute a bar's fills in the order they happen along
 * the path. Triggers are facts of the path: a probe that finds a trigger marks the order triggered even if
 * the fill then does not happen (volume cap, an OCO peer filled first).
 * - Market (and any triggered market-on-trigger order): the open, taker.
 * - Stop: first path point at or beyond the stop (buy: >=, sell: <=); a gap through fills at the open,
 *   else at the stop. Market-if-touched: the same from the favourable side (buy: <=, sell: >=).
 * - Limit: the open when it is at or better than the limit (taker), else the limit when touched (maker).
 *   A post-only limit after its first bar is resting: an open through it fills at its limit, as maker.
 * - Stop-limit, limit-if-touched, trailing-stop-limit: the trigger as above, then a limit from that point.
 * - Trailing: within a bar the stop is the one set at the open (the open ratchets the reference first);
 *   the bar's favourable extreme ratchets it only after the bar, for later bars. Activation at the open
 *   arms the stop on that bar; activation later in a bar arms it from the next bar (reference = the bar's
 *   favourable extreme). So no bar ever both raises a stop and triggers it past the open: no credit is
 *   taken for the order of a bar's high and low.
 * Taker fills at a market price get slippage, clamped to the bar's [low, high]; limit fills get none.
 */
import type { BarTable } from '../data/bars.js';
import type { SlippageModel } from './models.js';
import type { Order } from './order.js';
import { ratchet, reachesActivation } from './trailing.js';

export class BarMatcher {
  /** open, first extreme, second extreme, close. */
  readonly path = new Float64Array(4);
  low = 0;
  high = 0;
  /** Result of a successful probe. */
  ticks = 0;
  taker = false;
  seg = 0;
  dist = 0;
  private matchPrice = 0;
  private matchSeg = 0;
  private matchedAtStart = false;

  constructor(private readonly slippage: SlippageModel) {}

  load(table: BarTable, row: number): void {
    const o = table.open[row]!;
    const c = table.close[row]!;
    const path = this.path;
    this.low = table.low[row]!;
    this.high = table.high[row]!;
    path[0] = o;
    path[1] = c >= o ? this.low : this.high;
    path[2] = c >= o ? this.high : this.low;
    path[3] = c;
  }

  /** True when `order` trades on this bar; sets ticks, taker, seg, dist. */
  probe(order: Order): boolean {
    const type = order.type;
    const side = order.side;
    const open = this.path[0]!;
    if (type === 'market') return this.takerAt(side, 0, open);
    if (type === 'limit') return this.limitFrom(order, 0, open);
    if (order.triggered) {
      if (type === 'stop' || type === 'market_if_touched' || type === 'trailing_stop')
        return this.takerAt(side, 0, open);
      return this.limitFrom(order, 0, open);
    }
    if (!this.trigger(order)) return false;
    order.triggered = true;
    if (type === 'stop' || type === 'market_if_touched' || type === 'trailing_stop')
      return this.takerAt(side, this.matchSeg, this.matchPrice);
    return this.limitFrom(order, this.matchSeg, this.matchPrice);
  }

  /** Walks the path to the order's trigger; sets matchSeg / matchPrice. */
  private trigger(order: Order): boolean {
    const open = this.path[0]!;
    switch (order.type) {
      case 'stop':
      case 'stop_limit':
        return this.reach(0, open, order.stopTicks, order.side);
      case 'market_if_touched':
      case 'limit_if_touched':
        return this.reach(0, open, order.stopTicks, -order.side as 1 | -1);
      default:
        return this.trail(order);
    }
  }

  /** Trailing orders: the activation and ratchet rules of the module header. */
  private trail(order: Order): boolean {
    const t = order.ext!.trailing!;
    const open = this.path[0]!;
    const extreme = order.side < 0 ? this.high : this.low;
    if (!t.activated) {
      if (!reachesActivation(order, t, open)) {
        if (reachesActivation(order, t, extreme)) {
          t.activated = true;
          ratchet(order, t, extreme);
        }
        return false;
      }
      t.activated = true;
    }
    ratchet(order, t, open);
    if (this.reach(0, open, order.stopTicks, order.side)) return true;
    ratchet(order, t, extreme);
    return false;
  }

  /** A market-priced (taker) fill at `price` on segment `seg`, with slippage clamped to the bar. */
  private takerAt(side: 1 | -1, seg: number, price: number): boolean {
    const slipped = this.slippage.apply(side, price);
    this.ticks = slipped < this.low ? this.low : slipped > this.high ? this.high : slipped;
    this.taker = true;
    this.seg = seg;
    this.dist = Math.abs(price - this.path[seg]!);
    return true;
  }

  /** A limit active from (seg, start): a buy waits for price <= limit, the mirror of a buy stop. */
  private limitFrom(order: Order, seg: number, start: number): boolean {
    if (!this.reach(seg, start, order.limitTicks, -order.side as 1 | -1)) return false;
    this.seg = this.matchSeg;
    this.dist = Math.abs(this.matchPrice - this.path[this.matchSeg]!);
    const resting = this.matchedAtStart && order.ext !== null && order.ext.postOnly !== null;
    // Marketable where it became active (the open, or its trigger point): it took liquidity, at that
    // price. A resting post-only order is in the book instead: the opening trade fills it at its limit.
    this.ticks = resting ? order.limitTicks : this.matchPrice;
    this.taker = this.matchedAtStart && !resting;
    return true;
  }

  /**
   * Walks the path from segment `seg` (current price `price`) until price reaches `target` in direction
   * `dir` (+1: at or above, −1: at or below). Sets matchPrice / matchSeg; false if never.
   */
  private reach(seg: number, price: number, target: number, dir: 1 | -1): boolean {
    if ((price - target) * dir >= 0) {
      this.matchPrice = price;
      this.matchSeg = seg;
      this.matchedAtStart = true;
      return true;
    }
    this.matchedAtStart = false;
    const path = this.path;
    for (let s = seg; s < 3; s++) {
      if ((path[s + 1]! - target) * dir >= 0) {
        this.matchPrice = target;
        this.matchSeg = s;
        return true;
      }
    }
    return false;
  }
}
