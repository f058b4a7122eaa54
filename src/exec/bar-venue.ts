/**
 * The bar-level simulated venue: matches working orders against each new OHLCV bar of their instrument.
 *
 * Semantics (user documentation: docs/execution.md):
 * - Eligibility: an order trades only on bars processed after it reached the venue; a decision taken on
 *   a bar's close therefore acts on the next bar (no lookahead). Opt-in `fillAtClose`: market orders that
 *   reach the venue fill at the close of the instrument's latest bar instead.
 * - Intrabar path: a bar is assumed to travel open -> low -> high -> close when close >= open, and
 *   open -> high -> low -> close otherwise, continuously. Every order type is matched along that path.
 * - Market: fills at the open. Stop: triggers at the first point of the path at or beyond the stop; a gap
 *   through the stop fills at the open, otherwise at the stop price. Limit: fills at the open if the open
 *   is at or better than the limit (gap through), otherwise at the limit price when the path touches it.
 *   Stop-limit: the stop triggers as above, then the order is a limit from that point of the path on.
 * - Fill prices of taker fills (market, triggered stop) get slippage, clamped to the bar's [low, high].
 *   Limit fills at the limit price are maker fills and get none.
 * - Volume cap (optional): each bar lets at most floor(volume × participation) of quantity trade across all
 *   orders on the instrument, in order of arrival; the rest of an order stays working (partial fill).
 * - Time in force: GTC stays until done. DAY is valid on the UTC day of the first bar it could trade on and
 *   expires at the first bar of a later day. GTD expires at its time (scheduled by the engine). IOC trades
 *   what it can on its first eligible bar and cancels the rest; FOK fills completely on its first eligible
 *   bar or is cancelled without any fill.
 * - Fills are stamped with the bar's timestamp (a bar is labelled by its start; finer timing is unknown).
 * Limits: one venue per run; no order book, queue position or market impact at bar level.
 */
import type { Instrument } from '../core/instrument.js';
import type { BarTable } from '../data/bars.js';
import type { CommissionModel, SlippageModel } from './models.js';
import type { Liquidity } from './fill.js';
import type { Order, OrderChange } from './order.js';

export interface VenueSink {
  accepted(order: Order, sec: number, nsec: number): void;
  filled(
    order: Order,
    lots: number,
    ticks: number,
    fee: number,
    liq: Liquidity,
    sec: number,
    nsec: number,
  ): void;
  cancelled(order: Order, reason: string, sec: number, nsec: number): void;
  expired(order: Order, sec: number, nsec: number): void;
  modified(order: Order, sec: number, nsec: number): void;
  cancelRejected(order: Order, reason: string, sec: number, nsec: number): void;
  modifyRejected(order: Order, reason: string, sec: number, nsec: number): void;
}

export interface BarVenueOptions {
  fillAtClose: boolean;
  /** Fraction of each bar's volume that may trade (0 < p <= 1), or null for no cap. */
  volumeParticipation: number | null;
  commission: CommissionModel;
  slippage: SlippageModel;
}

const NONE = -1;

/** Removes list[i] keeping order, without the array `splice` allocates for its result. */
function removeAt<T>(list: T[], i: number): void {
  for (let k = i + 1; k < list.length; k++) list[k - 1] = list[k]!;
  list.pop();
}
const SECONDS_PER_DAY = 86_400;

export class BarVenue {
  /** Working orders per instrument, in arrival order. Read-only outside the venue. */
  readonly working: Order[][];
  /** True when every bar must reach onBar even with no working order (close fills need the last bar). */
  readonly needsEveryBar: boolean;
  private readonly lastTable: (BarTable | null)[];
  private readonly lastRow: Int32Array;
  /** Lots still tradable on the instrument's current bar under the volume cap. */
  private readonly capacity: Float64Array;
  private readonly path = new Float64Array(4);
  private matchPrice = 0;
  private matchSeg = 0;
  private matchedAtStart = false;

  constructor(
    private readonly instruments: readonly Instrument[],
    private readonly opts: BarVenueOptions,
    private readonly sink: VenueSink,
  ) {
    const instrumentCount = instruments.length;
    this.working = Array.from({ length: instrumentCount }, () => []);
    this.needsEveryBar = opts.fillAtClose;
    this.lastTable = new Array<BarTable | null>(instrumentCount).fill(null);
    this.lastRow = new Int32Array(instrumentCount).fill(NONE);
    this.capacity = new Float64Array(instrumentCount).fill(Infinity);
  }

  /** Working orders of an instrument, in arrival order. */
  openOrders(instrumentId: number): readonly Order[] {
    return this.working[instrumentId]!;
  }

  countOpen(): number {
    let n = 0;
    for (const w of this.working) n += w.length;
    return n;
  }

  submit(order: Order, sec: number, nsec: number): void {
    order.status = 'accepted';
    this.sink.accepted(order, sec, nsec);
    const id = order.instrument.id;
    const table = this.lastTable[id];
    if (this.opts.fillAtClose && order.type === 'market' && table) {
      const row = this.lastRow[id]!;
      const ticks = this.clamp(this.opts.slippage.apply(order.side, table.close[row]!), table, row);
      if (!this.execute(order, ticks, 'taker', table.tsSec[row]!, table.tsNsec[row]!)) return;
      if (order.remainingLots === 0) return;
      if (order.tif === 'IOC' || order.tif === 'FOK') {
        this.finishImmediate(order, table.tsSec[row]!, table.tsNsec[row]!);
        return;
      }
    }
    this.working[id]!.push(order);
  }

  cancel(order: Order, sec: number, nsec: number): void {
    if (!this.remove(order)) {
      this.sink.cancelRejected(order, `order ${order.id} is ${order.status}`, sec, nsec);
      return;
    }
    order.status = 'cancelled';
    this.sink.cancelled(order, 'cancelled by strategy', sec, nsec);
  }

  /** GTD expiry, scheduled by the engine at the order's expiry time. */
  expire(order: Order, sec: number, nsec: number): void {
    if (!this.remove(order)) return;
    order.status = 'expired';
    this.sink.expired(order, sec, nsec);
  }

  modify(
    order: Order,
    change: OrderChange & { lots?: number; limitTicks?: number; stopTicks?: number },
    sec: number,
    nsec: number,
  ): void {
    if (!order.isOpen || this.working[order.instrument.id]!.indexOf(order) < 0) {
      this.sink.modifyRejected(order, `order ${order.id} is ${order.status}`, sec, nsec);
      return;
    }
    if (change.lots !== undefined) {
      if (change.lots <= order.filledLots) {
        this.sink.modifyRejected(order, `new quantity is not above the filled quantity`, sec, nsec);
        return;
      }
      order.lots = change.lots;
    }
    if (change.limitTicks !== undefined) order.limitTicks = change.limitTicks;
    if (change.stopTicks !== undefined) order.stopTicks = change.stopTicks;
    this.sink.modified(order, sec, nsec);
  }

  /** Matches the instrument's working orders against bar `row` of `table`, before strategies see it. */
  onBar(instrumentId: number, table: BarTable, row: number): void {
    const list = this.working[instrumentId]!;
    const atClose = this.opts.fillAtClose;
    // Most bars find no working order: leave before any other work (the per-bar hot path).
    if (list.length === 0 && !atClose) return;
    if (atClose) {
      this.lastTable[instrumentId] = table;
      this.lastRow[instrumentId] = row;
    }
    const cap = this.opts.volumeParticipation;
    if (cap !== null)
      this.capacity[instrumentId] = this.instruments[instrumentId]!.lotsFloor(table.volume[row]! * cap);
    if (list.length === 0) return;
    const sec = table.tsSec[row]!;
    const nsec = table.tsNsec[row]!;
    const day = Math.floor(sec / SECONDS_PER_DAY);
    const o = table.open[row]!;
    const c = table.close[row]!;
    const path = this.path;
    path[0] = o;
    path[1] = c >= o ? table.low[row]! : table.high[row]!;
    path[2] = c >= o ? table.high[row]! : table.low[row]!;
    path[3] = c;
    let i = 0;
    while (i < list.length) {
      const order = list[i]!;
      if (order.tif === 'DAY') {
        if (order.dayNumber < 0) order.dayNumber = day;
        else if (day > order.dayNumber) {
          removeAt(list, i);
          order.status = 'expired';
          this.sink.expired(order, sec, nsec);
          continue;
        }
      }
      const done = this.matchOrder(order, table, row, sec, nsec);
      if (done) removeAt(list, i);
      else i++;
    }
  }

  /** Returns true when the order left the book (filled, or IOC/FOK finished). */
  private matchOrder(order: Order, table: BarTable, row: number, sec: number, nsec: number): boolean {
    const side = order.side;
    let ticks: number;
    let liq: Liquidity;
    if (order.type === 'market' || (order.type === 'stop' && order.triggered)) {
      ticks = this.clamp(this.opts.slippage.apply(side, this.path[0]!), table, row);
      liq = 'taker';
    } else if (order.type === 'stop') {
      if (!this.reach(0, this.path[0]!, order.stopTicks, side)) return this.finishImmediate(order, sec, nsec);
      order.triggered = true;
      ticks = this.clamp(this.opts.slippage.apply(side, this.matchPrice), table, row);
      liq = 'taker';
    } else {
      let seg = 0;
      let start = this.path[0]!;
      if (order.type === 'stop_limit' && !order.triggered) {
        if (!this.reach(0, start, order.stopTicks, side)) return this.finishImmediate(order, sec, nsec);
        order.triggered = true;
        seg = this.matchSeg;
        start = this.matchPrice;
      }
      // A limit buy waits for price <= limit: the mirror of a buy stop.
      if (!this.reach(seg, start, order.limitTicks, -side as 1 | -1))
        return this.finishImmediate(order, sec, nsec);
      ticks = this.matchPrice;
      // Marketable where it became active (the open, or its trigger point): it took liquidity.
      liq = this.matchedAtStart ? 'taker' : 'maker';
    }
    if (order.tif === 'FOK' && order.remainingLots > this.capacity[order.instrument.id]!) {
      order.status = 'cancelled';
      this.sink.cancelled(order, 'FOK: not enough volume to fill completely', sec, nsec);
      return true;
    }
    this.execute(order, ticks, liq, sec, nsec);
    if (order.remainingLots === 0) return true;
    return this.finishImmediate(order, sec, nsec);
  }

  /**
   * Walks the bar path from segment `seg` (current price `price`) until price reaches `target` in
   * direction `dir` (+1: at or above, −1: at or below). Sets matchPrice / matchSeg; false if never.
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

  /** IOC/FOK end after their first eligible bar; other orders stay. Returns true if the order left. */
  private finishImmediate(order: Order, sec: number, nsec: number): boolean {
    if (order.tif !== 'IOC' && order.tif !== 'FOK') return false;
    order.status = 'cancelled';
    this.sink.cancelled(
      order,
      order.filledLots > 0
        ? `${order.tif}: unfilled remainder cancelled`
        : `${order.tif}: not filled on its first bar`,
      sec,
      nsec,
    );
    return true;
  }

  /** Fills as much as the volume cap allows; false if nothing could trade. */
  private execute(order: Order, ticks: number, liq: Liquidity, sec: number, nsec: number): boolean {
    const id = order.instrument.id;
    const lots = Math.min(order.remainingLots, this.capacity[id]!);
    if (lots <= 0) return false;
    if (this.opts.volumeParticipation !== null) this.capacity[id] = this.capacity[id]! - lots;
    const fee = this.opts.commission.fee(order, lots, ticks);
    order.filledLots += lots;
    order.filledNotionalTicks += ticks * lots;
    order.feeUnits += fee;
    order.status = order.remainingLots === 0 ? 'filled' : 'partially_filled';
    this.sink.filled(order, lots, ticks, fee, liq, sec, nsec);
    return true;
  }

  private clamp(ticks: number, table: BarTable, row: number): number {
    const lo = table.low[row]!;
    const hi = table.high[row]!;
    return ticks < lo ? lo : ticks > hi ? hi : ticks;
  }

  private remove(order: Order): boolean {
    const list = this.working[order.instrument.id]!;
    const i = list.indexOf(order);
    if (i < 0) return false;
    removeAt(list, i);
    return true;
  }
}
