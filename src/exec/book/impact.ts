/**
 * Market impact of our own trading on the book venue (docs/execution-book.md, "Market impact"): the replayed
 * feed cannot react to our orders, so this model shifts the prices our *later* orders trade at, per
 * instrument, by what our earlier fills would have moved the market.
 *
 * Model (a transient-impact model with exponential resilience, after Obizhaeva & Wang (2013), "Optimal
 * trading strategy and supply/demand dynamics", J. Financial Markets 16(1); with a permanent part as in
 * Almgren & Chriss (2000), "Optimal execution of portfolio transactions", J. Risk 3(2)): a fill of signed
 * quantity s (positive bought) at time t adds
 *     permanent:  sign(s) · permanentTicks · (|s| / unitQty)^exponent          (never decays)
 *     temporary:  sign(s) · temporaryTicks · (|s| / unitQty)^exponent          (halves every halfLifeNs)
 * and the shift at time u is the permanent sum plus each temporary part decayed by 2^(−(u − t)/halfLife).
 * exponent 1 is linear impact; 0.5 is the "square-root law". Only taker fills move the market unless
 * `makerFills` is set (a passive fill's counterparty chose to trade; the resting liquidity elsewhere stays).
 *
 * How the venue uses it: our orders see every replayed price p as p + shift, rounded against us to a
 * whole tick — a buyer at ceil(p + shift), a seller at floor(p + shift) — when walking the book as a
 * taker and when deciding whether a trade or the touch reaches a resting order. Fills are booked at the
 * shifted prices. Marks (equity) use the replayed prices: impact is a cost we pay, not a mark-up we earn.
 * Invariants: with all parameters 0 the shift is exactly 0 (defaults: off). O(1) per fill and per query;
 * the state is three numbers per instrument.
 */

export interface ImpactSpec {
  /** Ticks of permanent shift per unitQty traded. */
  permanentTicks: number;
  /** Ticks of temporary shift per unitQty traded, decaying. */
  temporaryTicks: number;
  /** Half-life of the temporary part, ns (> 0). */
  halfLifeNs: number;
  /** Concavity: impact ∝ (|qty| / unitQty)^exponent, 0 < exponent ≤ 1. */
  exponent: number;
  /** Reference quantity in lots (> 0). */
  unitLots: number;
  /** Whether our passive (maker) fills move the market too. */
  makerFills: boolean;
}

export class ImpactModel {
  private readonly permanent: Float64Array;
  private readonly temporary: Float64Array;
  /** Venue time (ns) at which `temporary` was last brought up to date. */
  private readonly at: Float64Array;
  /** ln 2 / half-life: exp(−rate·dt) is 2^(−dt/half-life), and exp is the cheaper call. */
  private readonly decayRate: number;

  constructor(
    readonly spec: ImpactSpec,
    instrumentCount: number,
  ) {
    const bad = (what: string, v: number): never => {
      throw new RangeError(`market_impact ${what} is out of range (got ${v})`);
    };
    if (!(spec.permanentTicks >= 0)) bad('permanent_ticks', spec.permanentTicks);
    if (!(spec.temporaryTicks >= 0)) bad('temporary_ticks', spec.temporaryTicks);
    if (!(spec.halfLifeNs > 0)) bad('half_life', spec.halfLifeNs);
    if (!(spec.exponent > 0 && spec.exponent <= 1)) bad('exponent', spec.exponent);
    if (!(spec.unitLots > 0)) bad('unit_qty', spec.unitLots);
    this.decayRate = Math.LN2 / spec.halfLifeNs;
    this.permanent = new Float64Array(instrumentCount);
    this.temporary = new Float64Array(instrumentCount);
    this.at = new Float64Array(instrumentCount);
  }

  /** Records our fill of `lots` (signed: + bought) of instrument `id` at venue time `tNs`. */
  fill(id: number, signedLots: number, taker: boolean, tNs: number): void {
    if (signedLots === 0 || (!taker && !this.spec.makerFills)) return;
    this.decay(id, tNs);
    const size = Math.pow(Math.abs(signedLots) / this.spec.unitLots, this.spec.exponent);
    const sign = signedLots > 0 ? 1 : -1;
    this.permanent[id]! += sign * this.spec.permanentTicks * size;
    this.temporary[id]! += sign * this.spec.temporaryTicks * size;
  }

  /** The shift in (fractional) ticks of instrument `id` at venue time `tNs` (not before the last fill). */
  shift(id: number, tNs: number): number {
    this.decay(id, tNs);
    return this.permanent[id]! + this.temporary[id]!;
  }

  /** A replayed price as our order on `side` (+1 buy, −1 sell) meets it, in whole ticks. */
  priceFor(id: number, side: 1 | -1, priceTicks: number, tNs: number): number {
    const s = this.shift(id, tNs);
    if (s === 0) return priceTicks;
    // Rounded against us; a tiny epsilon keeps exact integers (e.g. 2.0000000000000004) from rounding up.
    const shifted = priceTicks + s;
    return side > 0 ? Math.ceil(shifted - 1e-9) : Math.floor(shifted + 1e-9);
  }

  private decay(id: number, tNs: number): void {
    const dt = tNs - this.at[id]!;
    if (dt <= 0) return;
    this.at[id] = tNs;
    const t = this.temporary[id]!;
    if (t !== 0) this.temporary[id] = t * Math.exp(-dt * this.decayRate);
  }
}
