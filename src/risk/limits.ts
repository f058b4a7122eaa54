/**
 * Pre-trade risk checks, applied on the strategy side before an order is sent (a rejected order never
 * reaches the venue and its strategy gets a `rejected` update with the reason).
 *
 * max_order_size: an order's quantity may not exceed it. max_position: the account's net position in an
 * instrument may not exceed it in absolute value even if every open order on that side fills (so a
 * strategy cannot stack orders past the limit). Quantities are instrument units (shares, contracts).
 * Limits: no notional, loss or rate limits yet.
 */
import type { Instrument } from '../core/instrument.js';

export interface RiskLimitsConfig {
  maxPosition: number | null;
  maxOrderSize: number | null;
}

export class RiskLimits {
  /** False when no limit is set: callers may skip gathering the inputs of check(). */
  readonly active: boolean;

  constructor(private readonly cfg: RiskLimitsConfig) {
    this.active = cfg.maxPosition !== null || cfg.maxOrderSize !== null;
  }

  /**
   * Reason to reject, or '' to allow. `netLots` is the account position; `pendingBuyLots` /
   * `pendingSellLots` the unfilled remainders of open orders on each side.
   */
  check(
    inst: Instrument,
    side: 1 | -1,
    lots: number,
    netLots: number,
    pendingBuyLots: number,
    pendingSellLots: number,
  ): string {
    const { maxOrderSize, maxPosition } = this.cfg;
    if (maxOrderSize !== null && inst.qty(lots) > maxOrderSize)
      return `order size ${inst.formatQty(lots)} exceeds max_order_size ${maxOrderSize}`;
    if (maxPosition !== null) {
      const worst = side > 0 ? netLots + pendingBuyLots + lots : -(netLots - pendingSellLots - lots);
      if (inst.qty(worst) > maxPosition)
        return `${inst.symbol}: position could reach ${inst.formatQty(worst)} with open orders, above max_position ${maxPosition}`;
    }
    return '';
  }
}
