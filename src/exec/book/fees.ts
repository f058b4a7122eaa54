/**
 * Maker and taker fees of the book venue, per instrument: a rate in basis points of the fill's notional
 * or an amount per unit of quantity, for each liquidity side; negative rates are rebates (a credit).
 *
 * Exact: every fee is an integer number of cash units, computed from the fill's integer ticks and lots
 * with integer arithmetic and rounded half-even once per fill (so a fill's fee does not depend on the
 * order's earlier fills, and a maker rebate and a taker fee on the same notional are exact opposites when
 * the rates are). Limits: products must stay below 2^53 cash units × rate units (a notional of ~10^12 cash
 * units at a rate with 3 decimals).
 */
import { divRoundHalfEven, pow10, type Scaled } from '../../core/decimal.js';
import type { Instrument } from '../../core/instrument.js';
import type { Liquidity } from '../fill.js';
import { cashPerTickLot } from '../models.js';
import type { Order } from '../order.js';

export interface BookFees {
  /** Fee in cash units (negative: a rebate) for a fill of `lots` at `ticks`. */
  fee(order: Order, lots: number, ticks: number, liq: Liquidity): number;
}

export interface FeeRates {
  /** Basis points of notional, or an amount per unit of quantity (currency). */
  unit: 'bps' | 'per_unit';
  maker: Scaled;
  taker: Scaled;
}

export class MakerTakerFees implements BookFees {
  private readonly perTickLot: Float64Array;
  private readonly lotUnits: Float64Array;
  private readonly lotScale: Float64Array;

  constructor(
    private readonly rates: readonly (FeeRates | null)[],
    private readonly cashScale: number,
    instruments: readonly Instrument[],
  ) {
    this.perTickLot = Float64Array.from(instruments, (i) => cashPerTickLot(i, cashScale));
    this.lotUnits = Float64Array.from(instruments, (i) => i.lot.units);
    this.lotScale = Float64Array.from(instruments, (i) => i.lot.scale);
  }

  fee(order: Order, lots: number, ticks: number, liq: Liquidity): number {
    const id = order.instrument.id;
    const r = this.rates[id];
    if (!r) return 0;
    const rate = liq === 'maker' ? r.maker : r.taker;
    if (rate.units === 0) return 0;
    if (r.unit === 'bps') {
      // rate/10^s bps × notional: notional units × rate units / (10^4 × 10^s)
      const notional = ticks * lots * this.perTickLot[id]!;
      return divRoundHalfEven(notional * rate.units, 10_000 * pow10(rate.scale));
    }
    // rate/10^s currency per unit × lots × lot.units/10^ls units, in cash units of 10^-cashScale
    const num = rate.units * lots * this.lotUnits[id]!;
    const shift = this.cashScale - rate.scale - this.lotScale[id]!;
    return shift >= 0 ? num * pow10(shift) : divRoundHalfEven(num, pow10(-shift));
  }
}

/** No fees at all. */
export const NO_BOOK_FEES: BookFees = { fee: () => 0 };
