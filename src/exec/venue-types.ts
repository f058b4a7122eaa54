/**
 * The interfaces between a venue and the engine: the sink a venue reports order events to, the router that
 * takes contingent children once released, and the bar venue's options.
 */
import type { Liquidity } from './fill.js';
import type { CommissionModel, SlippageModel } from './models.js';
import type { Order } from './order.js';

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

/**
 * Where contingent orders go when released, and who books quantity changes: the engine side in a run.
 * Without one the venue takes released children itself at once and reports through its sink.
 */
export interface ContingentRouter {
  release(child: Order, sec: number, nsec: number): void;
  resized(order: Order, deltaLots: number, sec: number, nsec: number): void;
  dropped(child: Order, reason: string, sec: number, nsec: number): void;
}

export interface BarVenueOptions {
  fillAtClose: boolean;
  /** Fraction of each bar's volume that may trade (0 < p <= 1), or null for no cap. */
  volumeParticipation: number | null;
  commission: CommissionModel;
  slippage: SlippageModel;
}
