/**
 * The bar-level simulated venue: matches working orders against each new OHLCV bar of their instrument.
 *
 * Semantics (user documentation: docs/execution.md; per-order matching rules: bar-match.ts):
 * - Eligibility: an order trades only on bars processed after it reached the venue; a decision taken on
 *   a bar's close therefore acts on the next bar (no lookahead). Opt-in `fillAtClose`: market orders that
 *   reach the venue fill at the close of the instrument's latest bar instead.
 * - A bar is matched in two passes. First, in arrival order: DAY expiry, post-only checks, and each
 *   order's probe along the intrabar path; orders that end without trading (IOC/FOK with no fill) end
 *   here. Then the bar's fills execute in the order of their fill points along the path, ties in arrival
 *   order — so an OCO pair whose stop is reached before its take-profit fills the stop, and the volume
 *   cap goes to whichever order the path reaches first.
 * - Volume cap (optional): each bar lets at most floor(volume × participation) of quantity trade across all
 *   orders on the instrument; the rest of an order stays working (partial fill).
 * - Time in force: GTC stays until done. DAY is valid on the UTC day of the first bar it could trade on and
 *   expires at the first bar of a later day. GTD expires at its time (scheduled by the engine). IOC trades
 *   what it can on its first eligible bar and cancels the rest; FOK fills completely on its first eligible
 *   bar or is cancelled without any fill.
 * - Reduce-only: checked against the strategy's position as the venue's own fills made it (exchange side):
 *   cancelled on arrival when there is nothing to reduce, each fill capped at the position, and cancelled
 *   when a fill closes or flips the position. Post-only (limits): marketable at its first bar's open means
 *   it would take: cancelled ('reject') or re-priced one tick passive of the open ('reprice', reported as
 *   modified).
 * - Contingent orders (contingency.ts) act at the venue event that triggers them. A child released during
 *   a bar reaches the venue through the router (the engine: risk check, entry latency) and trades on later
 *   bars. Our orders never trade with each other: each fills against the bar (no self-trade at bar level).
 * - Fills are stamped with the bar's timestamp (a bar is labelled by its start; finer timing is unknown).
 * Limits: one venue per run; no order book, queue position, market impact or iceberg display at bar level.
 */
import type { Instrument } from '../core/instrument.js';
import type { BarTable } from '../data/bars.js';
import { BarMatcher } from './bar-match.js';
import { Contingency, type ContingencyActions } from './contingency.js';
import type { Liquidity } from './fill.js';
import type { Order, OrderChange } from './order.js';
import { FillQueue } from './fill-queue.js';
import { ExchangePositions } from './exchange-positions.js';
import type { BarVenueOptions, ContingentRouter, VenueSink } from './venue-types.js';

export type { VenueSink, ContingentRouter, BarVenueOptions } from './venue-types.js';

const NONE = -1;
const SECONDS_PER_DAY = 86_400;

export class BarVenue implements ContingencyActions {
  /** Working orders per instrument, in arrival order. Read-only outside the venue. */
  readonly working: Order[][];
  /** True when every bar must reach onBar even with no working order (close fills need the last bar). */
  readonly needsEveryBar: boolean;
  /** An iceberg's display quantity changes nothing without a book: the bar venue refuses it. */
  readonly supportsDisplayQty = false;
  readonly contingency: Contingency;
  /** Set by the engine side of a run; null: released children go straight into this venue. */
  router: ContingentRouter | null = null;
  private readonly lastTable: (BarTable | null)[];
  private readonly lastRow: Int32Array;
  /** Lots still tradable on the instrument's current bar under the volume cap. */
  private readonly capacity: Float64Array;
  /** What reduce-only orders are checked against. */
  private readonly positions: ExchangePositions;
  private readonly matcher: BarMatcher;
  private readonly fills = new FillQueue();
  /** The instrument whose bar is being matched (orders ending meanwhile leave its list afterwards). */
  private matching = NONE;

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
    this.positions = new ExchangePositions(instrumentCount);
    this.matcher = new BarMatcher(opts.slippage);
    this.contingency = new Contingency(this);
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

  /** A strategy's net position in an instrument as this venue's fills made it (lots). */
  positionLots(strategyIndex: number, instrumentId: number): number {
    return this.positions.lots(strategyIndex, instrumentId);
  }

  submit(order: Order, sec: number, nsec: number): void {
    // Ended on its way here (an OCO peer filled first): it never becomes working.
    if (!order.isOpen) return;
    order.status = 'accepted';
    this.sink.accepted(order, sec, nsec);
    if (order.ext !== null && order.ext.reduceOnly && this.reducible(order) <= 0) {
      this.end(order, 'cancelled', 'reduce-only: no position to reduce', sec, nsec);
      return;
    }
    const id = order.instrument.id;
    const table = this.lastTable[id];
    if (this.opts.fillAtClose && order.type === 'market' && table) {
      const row = this.lastRow[id]!;
      const lo = table.low[row]!;
      const hi = table.high[row]!;
      const slipped = this.opts.slippage.apply(order.side, table.close[row]!);
      const ticks = slipped < lo ? lo : slipped > hi ? hi : slipped;
      this.fill(order, ticks, true, table.tsSec[row]!, table.tsNsec[row]!);
      if (!order.isOpen) return;
    }
    this.working[id]!.push(order);
  }

  cancel(order: Order, sec: number, nsec: number): void {
    if (order.isHeld) {
      this.contingency.drop(order, 'cancelled by strategy', sec, nsec);
      return;
    }
    if (!order.isOpen || this.working[order.instrument.id]!.indexOf(order) < 0) {
      this.sink.cancelRejected(order, `order ${order.id} is ${order.status}`, sec, nsec);
      return;
    }
    this.end(order, 'cancelled', 'cancelled by strategy', sec, nsec);
  }

  /** GTD expiry, scheduled by the engine at the order's expiry time. */
  expire(order: Order, sec: number, nsec: number): void {
    if (!order.isOpen || this.working[order.instrument.id]!.indexOf(order) < 0) return;
    this.end(order, 'expired', '', sec, nsec);
  }

  modify(
    order: Order,
    change: OrderChange & { lots?: number; limitTicks?: number; stopTicks?: number },
    sec: number,
    nsec: number,
  ): void {
    const held = order.isHeld;
    if (!held && (!order.isOpen || this.working[order.instrument.id]!.indexOf(order) < 0)) {
      this.sink.modifyRejected(order, `order ${order.id} is ${order.status}`, sec, nsec);
      return;
    }
    if (change.lots !== undefined) {
      if (held) {
        this.sink.modifyRejected(
          order,
          `order ${order.id} is held: its quantity follows its parent`,
          sec,
          nsec,
        );
        return;
      }
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
    this.matcher.load(table, row);
    this.matching = instrumentId;
    this.probeAll(list, Math.floor(sec / SECONDS_PER_DAY), sec, nsec);
    const fills = this.fills;
    fills.sort();
    for (let k = 0; k < fills.length; k++) {
      const order = list[fills.index[k]!]!;
      // An earlier fill of this bar may have ended it (OCO, reduce-only).
      if (order.isOpen) this.fill(order, fills.ticks[k]!, fills.taker[k] === 1, sec, nsec);
    }
    this.matching = NONE;
    // Orders that ended during the bar leave the list now, in one pass that keeps arrival order.
    let w = 0;
    for (let r = 0; r < list.length; r++) {
      const o = list[r]!;
      if (o.isOpen) list[w++] = o;
    }
    list.length = w;
  }

  /** First pass over a bar: expiry and post-only in arrival order, then where each order would fill. */
  private probeAll(list: Order[], day: number, sec: number, nsec: number): void {
    const m = this.matcher;
    const fills = this.fills;
    fills.length = 0;
    for (let i = 0; i < list.length; i++) {
      const order = list[i]!;
      if (order.tif === 'DAY') {
        if (order.dayNumber < 0) order.dayNumber = day;
        else if (day > order.dayNumber) {
          this.end(order, 'expired', '', sec, nsec);
          continue;
        }
      }
      if (order.ext !== null && !this.postOnlyAllows(order, sec, nsec)) continue;
      if (m.probe(order)) fills.push(i, m.ticks, m.taker, m.seg, m.dist);
      else if (order.tif === 'IOC' || order.tif === 'FOK')
        this.end(order, 'cancelled', `${order.tif}: not filled on its first bar`, sec, nsec);
    }
  }

  /** Post-only on its first bar: a limit marketable at the open would take. False if it was cancelled. */
  private postOnlyAllows(order: Order, sec: number, nsec: number): boolean {
    const ext = order.ext!;
    if (ext.postOnly === null || ext.seenBar) return true;
    ext.seenBar = true;
    const open = this.matcher.path[0]!;
    if ((open - order.limitTicks) * -order.side < 0) return true;
    if (ext.postOnly === 'reject') {
      const at = order.instrument.formatPrice(open);
      this.end(order, 'cancelled', `post-only: would take liquidity at the open ${at}`, sec, nsec);
      return false;
    }
    order.limitTicks = open - order.side;
    this.sink.modified(order, sec, nsec);
    return true;
  }

  /** One fill of a bar (or a close fill): FOK, reduce-only and the volume cap decide how much trades. */
  private fill(order: Order, ticks: number, taker: boolean, sec: number, nsec: number): void {
    let available = this.capacity[order.instrument.id]!;
    if (order.ext !== null && order.ext.reduceOnly) {
      const reducible = this.reducible(order);
      if (reducible <= 0) {
        this.end(order, 'cancelled', 'reduce-only: no position to reduce', sec, nsec);
        return;
      }
      available = Math.min(available, reducible);
    }
    if (order.tif === 'FOK' && order.remainingLots > available) {
      this.end(order, 'cancelled', 'FOK: not enough volume to fill completely', sec, nsec);
      return;
    }
    this.execute(
      order,
      Math.min(order.remainingLots, available),
      ticks,
      taker ? 'taker' : 'maker',
      sec,
      nsec,
    );
    if (order.isOpen && (order.tif === 'IOC' || order.tif === 'FOK'))
      this.end(
        order,
        'cancelled',
        order.filledLots > 0
          ? `${order.tif}: unfilled remainder cancelled`
          : `${order.tif}: not filled on its first bar`,
        sec,
        nsec,
      );
  }

  private execute(
    order: Order,
    lots: number,
    ticks: number,
    liq: Liquidity,
    sec: number,
    nsec: number,
  ): void {
    if (lots <= 0) return;
    const id = order.instrument.id;
    if (this.opts.volumeParticipation !== null) this.capacity[id] = this.capacity[id]! - lots;
    const fee = this.opts.commission.fee(order, lots, ticks);
    order.filledLots += lots;
    order.filledNotionalTicks += ticks * lots;
    order.feeUnits += fee;
    order.status = order.remainingLots === 0 ? 'filled' : 'partially_filled';
    const before = this.positions.lots(order.strategyIndex, id);
    const after = this.positions.add(order.strategyIndex, id, order.side * lots);
    this.sink.filled(order, lots, ticks, fee, liq, sec, nsec);
    if (order.status === 'filled' && id !== this.matching) this.remove(order);
    if (order.link !== null) this.contingency.onFill(order, lots, sec, nsec);
    // A position closed or flipped: reduce-only orders that would now add to it are cancelled.
    if (after === 0 || after > 0 !== before > 0) this.sweepReduceOnly(order.strategyIndex, id, sec, nsec);
  }

  private sweepReduceOnly(strategyIndex: number, instrumentId: number, sec: number, nsec: number): void {
    const list = this.working[instrumentId]!;
    for (let i = list.length - 1; i >= 0; i--) {
      const o = list[i]!;
      if (o.ext === null || !o.ext.reduceOnly || o.strategyIndex !== strategyIndex || !o.isOpen) continue;
      if (this.reducible(o) <= 0) this.end(o, 'cancelled', 'reduce-only: position closed', sec, nsec);
    }
  }

  /** Lots a reduce-only order may still trade: the position on the other side of it. */
  private reducible(order: Order): number {
    return this.positions.lots(order.strategyIndex, order.instrument.id) * -order.side;
  }

  /** An order ends without filling completely: status, report, contingency, and out of the book. */
  private end(
    order: Order,
    status: 'cancelled' | 'expired',
    reason: string,
    sec: number,
    nsec: number,
  ): void {
    order.status = status;
    if (order.instrument.id !== this.matching) this.remove(order);
    if (status === 'expired') this.sink.expired(order, sec, nsec);
    else this.sink.cancelled(order, reason, sec, nsec);
    if (order.link !== null) this.contingency.onEnded(order, sec, nsec);
  }

  private remove(order: Order): void {
    const list = this.working[order.instrument.id]!;
    const i = list.indexOf(order);
    if (i < 0) return;
    for (let k = i + 1; k < list.length; k++) list[k - 1] = list[k]!;
    list.pop();
  }

  // ContingencyActions ---------------------------------------------------------------------------

  release(child: Order, sec: number, nsec: number): void {
    if (this.router !== null) this.router.release(child, sec, nsec);
    else this.submit(child, sec, nsec);
  }

  resized(order: Order, deltaLots: number, sec: number, nsec: number): void {
    if (this.router !== null) this.router.resized(order, deltaLots, sec, nsec);
    else this.sink.modified(order, sec, nsec);
  }

  dropped(child: Order, reason: string, sec: number, nsec: number): void {
    if (this.router !== null) this.router.dropped(child, reason, sec, nsec);
    else this.sink.cancelled(child, reason, sec, nsec);
  }

  cancelWorking(order: Order, reason: string, sec: number, nsec: number): void {
    this.end(order, 'cancelled', reason, sec, nsec);
  }
}
