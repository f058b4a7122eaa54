/**
 * Pluggable execution models, each a small interface chosen once when the run is built (DESIGN.md §2),
 * so every call site in the loop sees one class.
 *
 * Commission models charge per order cumulatively: the fee of a fill is (what the order owes after this
 * fill) − (what it has paid), so minimums apply once per order and partial fills sum to exactly the same
 * fee as one fill of the whole order. All fees are integer cash units, rounded half-even.
 * Slippage applies to fills that take liquidity at a market price (market orders, triggered stops): the
 * price moves against the trader by whole ticks (rounded away from the trader), never outside the bar.
 */
import { divRoundHalfEven, pow10, type Scaled } from '../core/decimal.js';
import type { Instrument } from '../core/instrument.js';
import type { Order } from './order.js';

/** Cash units per (tick × lot) of an instrument at a cash scale (an exact integer). */
export function cashPerTickLot(inst: Instrument, cashScale: number): number {
  if (cashScale < inst.valueScale)
    throw new RangeError(`cash scale ${cashScale} below ${inst.symbol}'s value scale`);
  return inst.valuePerTickLot * pow10(cashScale - inst.valueScale);
}

export interface CommissionModel {
  /** Fee in cash units for a fill of `lots` at `ticks`, given the order's fill state before it. */
  fee(order: Order, lots: number, ticks: number): number;
}

export class NoCommission implements CommissionModel {
  fee(): number {
    return 0;
  }
}

/** Units of `rate × amount` where amount is (units at amountScale): rounded to the cash scale. */
function scaledProduct(rate: Scaled, amountUnits: number, amountScale: number, cashScale: number): number {
  const product = rate.units * amountUnits;
  const scale = rate.scale + amountScale;
  if (scale <= cashScale) return product * pow10(cashScale - scale);
  return divRoundHalfEven(product, pow10(scale - cashScale));
}

/** `rate` per unit of quantity (share, contract), with an optional minimum per order. */
export class PerShareCommission implements CommissionModel {
  private readonly minUnits: number;
  constructor(
    private readonly rate: Scaled,
    min: Scaled | null,
    private readonly cashScale: number,
  ) {
    this.minUnits = min ? scaledProduct(min, 1, 0, cashScale) : 0;
  }
  fee(order: Order, lots: number): number {
    const lot = order.instrument.lot;
    const totalQtyUnits = (order.filledLots + lots) * lot.units;
    const owed = Math.max(this.minUnits, scaledProduct(this.rate, totalQtyUnits, lot.scale, this.cashScale));
    return owed - order.feeUnits;
  }
}

/** A fixed amount per order, charged on its first fill. */
export class PerOrderCommission implements CommissionModel {
  private readonly amountUnits: number;
  constructor(amount: Scaled, cashScale: number) {
    this.amountUnits = scaledProduct(amount, 1, 0, cashScale);
  }
  fee(order: Order): number {
    return order.filledLots === 0 ? this.amountUnits : 0;
  }
}

/** A fraction of traded value (rate 0.001 = 0.1 %), with an optional minimum per order. */
export class PercentCommission implements CommissionModel {
  private readonly minUnits: number;
  private readonly factors: Float64Array;
  constructor(
    private readonly rate: Scaled,
    min: Scaled | null,
    private readonly cashScale: number,
    instruments: readonly Instrument[],
  ) {
    this.minUnits = min ? scaledProduct(min, 1, 0, cashScale) : 0;
    this.factors = Float64Array.from(instruments, (i) => cashPerTickLot(i, cashScale));
  }
  fee(order: Order, lots: number, ticks: number): number {
    const notional = (order.filledNotionalTicks + ticks * lots) * this.factors[order.instrument.id]!;
    const owed = Math.max(this.minUnits, scaledProduct(this.rate, notional, this.cashScale, this.cashScale));
    return owed - order.feeUnits;
  }
}

export interface SlippageModel {
  /** The price a taker fill gets instead of `ticks` (side +1 buy pays more, −1 sell gets less). */
  apply(side: 1 | -1, ticks: number): number;
}

export class NoSlippage implements SlippageModel {
  apply(_side: 1 | -1, ticks: number): number {
    return ticks;
  }
}

export class TickSlippage implements SlippageModel {
  constructor(private readonly ticks: number) {}
  apply(side: 1 | -1, ticks: number): number {
    return ticks + side * this.ticks;
  }
}

/** Basis points of the price, rounded to whole ticks away from the trader. */
export class BpsSlippage implements SlippageModel {
  private readonly den: number;
  private readonly bpsUnits: number;
  constructor(bps: Scaled) {
    this.den = 10_000 * pow10(bps.scale);
    this.bpsUnits = bps.units;
  }
  apply(side: 1 | -1, ticks: number): number {
    const num = ticks * (this.den + side * this.bpsUnits);
    const q = Math.floor(num / this.den);
    const exact = q * this.den === num;
    return side > 0 ? (exact ? q : q + 1) : q;
  }
}

export interface LatencyModel {
  /** Nanoseconds from a strategy's request to its arrival at the venue. */
  entryNanos(order: Order): number;
  /** Nanoseconds from a venue event to the strategy learning of it. */
  responseNanos(order: Order): number;
}

export class FixedLatency implements LatencyModel {
  constructor(
    private readonly entry: number,
    private readonly response: number,
  ) {}
  entryNanos(): number {
    return this.entry;
  }
  responseNanos(): number {
    return this.response;
  }
}
