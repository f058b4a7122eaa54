/**
 * Rolling Kyle's lambda (Kyle, "Continuous auctions and insider trading", Econometrica 53(6), 1985; the
 * regression form of Hasbrouck, Empirical Market Microstructure, 2007, ch. 5): the OLS slope of price change
 * on signed volume over the last N observations,
 *   Δp_i = c + λ · x_i + ε_i,   λ = (N Σxy − Σx Σy) / (N Σx² − (Σx)²),   x = signed volume, y = Δp.
 * `update(price, signedVolume)`: Δp is price − previous price and signedVolume the net signed volume since
 * the previous observation (per trade: ±size; per bar: buy − sell volume, e.g. from TradeFlowImbalance).
 * Warm-up N + 1 (the first price is the reference). The value is NaN when the window's signed volumes are
 * all equal (the slope is undefined), the only NaN after warm-up.
 *
 * Exactness: Σx, Σy, Σxy, Σx² are running sums re-added from the window rings every N updates (no drift).
 * With integer inputs (prices in ticks, volumes in lots) every sum and both products in numerator and
 * denominator are integers, exact while they stay below 2^53, and λ is then the correctly rounded slope.
 * With decimal inputs the textbook formula's cancellation applies when |mean x| ≫ its spread. O(1)
 * amortised, allocation-free.
 */
import { checkFinite, checkPeriod, type Indicator } from '../contract.js';
import { nan, VALUE_OUTPUT } from './common.js';

export class KyleLambda implements Indicator {
  readonly warmup: number;
  readonly outputs = VALUE_OUTPUT;
  readonly name: string;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private pos = 0;
  private updates = 0;
  private prevPrice = 0;
  private sx = 0;
  private sy = 0;
  private sxy = 0;
  private sxx = 0;
  value = NaN;

  constructor(readonly period: number) {
    checkPeriod('KyleLambda', 'period', period, 2);
    this.name = `KyleLambda(${period})`;
    this.warmup = period + 1;
    this.xs = new Float64Array(period);
    this.ys = new Float64Array(period);
  }

  get isReady(): boolean {
    return this.updates > this.period;
  }

  update(price: number, signedVolume: number): number {
    checkFinite(this.name, 'price', price);
    checkFinite(this.name, 'signedVolume', signedVolume);
    const prev = this.prevPrice;
    this.prevPrice = price;
    if (this.updates++ === 0) return this.value;
    const x = signedVolume;
    const y = price - prev;
    const N = this.period;
    const pos = this.pos;
    const ox = this.xs[pos]!;
    const oy = this.ys[pos]!;
    this.xs[pos] = x;
    this.ys[pos] = y;
    this.sx += x - ox;
    this.sy += y - oy;
    this.sxy += x * y - ox * oy;
    this.sxx += x * x - ox * ox;
    if (pos + 1 < N) this.pos = pos + 1;
    else {
      this.pos = 0;
      this.resum();
    }
    if (this.updates <= N) return this.value;
    const den = N * this.sxx - this.sx * this.sx;
    this.value = den > 0 ? (N * this.sxy - this.sx * this.sy) / den : nan();
    return this.value;
  }

  private resum(): void {
    let sx = 0;
    let sy = 0;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < this.period; i++) {
      const x = this.xs[i]!;
      const y = this.ys[i]!;
      sx += x;
      sy += y;
      sxy += x * y;
      sxx += x * x;
    }
    this.sx = sx;
    this.sy = sy;
    this.sxy = sxy;
    this.sxx = sxx;
  }

  reset(): void {
    this.xs.fill(0);
    this.ys.fill(0);
    this.pos = this.updates = this.prevPrice = 0;
    this.sx = this.sy = this.sxy = this.sxx = 0;
    this.value = NaN;
  }
}

/** Batch twin: row i = λ after observation i. */
export function kyleLambdaBatch(
  price: ArrayLike<number>,
  signedVolume: ArrayLike<number>,
  period: number,
  out = new Float64Array(price.length),
): Float64Array {
  const ind = new KyleLambda(period);
  for (let i = 0; i < price.length; i++) out[i] = ind.update(price[i]!, signedVolume[i]!);
  return out;
}
