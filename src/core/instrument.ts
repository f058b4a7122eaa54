/**
 * Instrument specifications and the conversions between integer ticks / lots and decimal prices / sizes.
 *
 * price = ticks × tickSize, quantity = lots × lotSize, cash value of a position = price × quantity ×
 * multiplier. Each of the three decimals is held exactly as (units, scale), so the cash value of
 * `ticks × lots` is the integer `ticks × lots × valuePerTickLot` at `valueScale` — no rounding anywhere.
 *
 * Limits: tick and lot sizes must be positive decimals with at most 15 significant digits.
 */
import { formatScaled, parseDecimal, pow10, type Scaled } from './decimal.js';
import { OrderError } from './errors.js';

export interface InstrumentSpec {
  symbol: string;
  /** Minimum price increment, e.g. "0.01". Default 0.01. */
  tickSize?: string | number;
  /** Minimum quantity increment, e.g. 1 share or "0.001" BTC. Default 1. */
  lotSize?: string | number;
  /** Contract multiplier (futures, options). Default 1. */
  multiplier?: string | number;
  /** Settlement currency. Default USD. */
  currency?: string;
}

/**
 * Is `raw` (a decimal divided by a grid step in binary floating point) the whole number `near`, up to the
 * rounding such a division can introduce? Relative tolerance 1e-9, far below any grid step.
 */
function nearlyWhole(raw: number, near: number): boolean {
  return Math.abs(raw - near) <= 1e-9 * Math.max(1, Math.abs(raw));
}

function positive(d: Scaled, what: string, symbol: string): Scaled {
  if (d.units <= 0) throw new RangeError(`instrument ${symbol}: ${what} must be positive`);
  return d;
}

export class Instrument {
  readonly symbol: string;
  readonly currency: string;
  readonly tick: Scaled;
  readonly lot: Scaled;
  readonly multiplier: Scaled;
  /** Scale of the integer cash value `ticks × lots × valuePerTickLot`. */
  readonly valueScale: number;
  readonly valuePerTickLot: number;
  /** Decimal sizes as doubles, for user-facing conveniences only. */
  readonly tickSize: number;
  readonly lotSize: number;
  /** 10^tick.scale; with tickUnits, read directly by BarView's price getters (no call per bar). */
  readonly priceDiv: number;
  private readonly lotDiv: number;
  /** tick.units as a plain field: price() runs for every bar a strategy reads. */
  readonly tickUnits: number;

  constructor(
    readonly id: number,
    spec: InstrumentSpec,
  ) {
    this.symbol = spec.symbol;
    this.currency = spec.currency ?? 'USD';
    this.tick = positive(parseDecimal(spec.tickSize ?? '0.01', 'tick size'), 'tick size', spec.symbol);
    this.lot = positive(parseDecimal(spec.lotSize ?? 1, 'lot size'), 'lot size', spec.symbol);
    this.multiplier = positive(parseDecimal(spec.multiplier ?? 1, 'multiplier'), 'multiplier', spec.symbol);
    this.valueScale = this.tick.scale + this.lot.scale + this.multiplier.scale;
    this.valuePerTickLot = this.tick.units * this.lot.units * this.multiplier.units;
    this.priceDiv = pow10(this.tick.scale);
    this.tickUnits = this.tick.units;
    this.lotDiv = pow10(this.lot.scale);
    this.tickSize = this.tick.units / this.priceDiv;
    this.lotSize = this.lot.units / this.lotDiv;
  }

  /** Price as a double (correctly rounded: one exact product, one division). */
  price(ticks: number): number {
    return (ticks * this.tickUnits) / this.priceDiv;
  }

  /** Exact decimal text of a tick price. */
  formatPrice(ticks: number): string {
    return formatScaled(ticks * this.tick.units, this.tick.scale);
  }

  /** Ticks for a decimal price. 'exact' throws unless the price lies on the tick grid. */
  ticks(price: number, mode: 'exact' | 'nearest' | 'floor' | 'ceil' = 'exact'): number {
    const raw = (price * this.priceDiv) / this.tick.units;
    const near = Math.round(raw);
    const onGrid = nearlyWhole(raw, near);
    if (!Number.isFinite(raw)) throw new OrderError(`${this.symbol}: price ${price} is not a finite number`);
    if (onGrid) return near;
    if (mode === 'nearest') return near;
    if (mode === 'floor') return Math.floor(raw);
    if (mode === 'ceil') return Math.ceil(raw);
    throw new OrderError(
      `${this.symbol}: price ${price} is not a multiple of the tick size ${formatScaled(this.tick.units, this.tick.scale)}`,
    );
  }

  /** Quantity (in instrument units, e.g. shares) of a number of lots. */
  qty(lots: number): number {
    return (lots * this.lot.units) / this.lotDiv;
  }

  formatQty(lots: number): string {
    return formatScaled(lots * this.lot.units, this.lot.scale);
  }

  /** Lots for a quantity; throws unless the quantity is a whole number of lots. */
  lots(qty: number): number {
    const raw = (qty * this.lotDiv) / this.lot.units;
    const near = Math.round(raw);
    if (!Number.isFinite(raw) || !nearlyWhole(raw, near))
      throw new OrderError(
        `${this.symbol}: quantity ${qty} is not a multiple of the lot size ${formatScaled(this.lot.units, this.lot.scale)}`,
      );
    return near;
  }

  /** Whole lots in a quantity, rounded toward zero (sizing helpers). */
  lotsFloor(qty: number): number {
    const raw = (qty * this.lotDiv) / this.lot.units;
    const near = Math.round(raw);
    if (nearlyWhole(raw, near)) return near;
    return Math.trunc(raw);
  }
}
