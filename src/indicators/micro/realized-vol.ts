/**
 * Realized volatility over a rolling window of N log returns (Andersen, Bollerslev, Diebold & Labys,
 * "The distribution of realized exchange rate volatility", JASA 96, 2001):
 *   r_i = ln(p_i / p_{i−1}),  variance = Σ_{last N} r_i²,  volatility = √variance,
 *   annualized = volatility · √(periodsPerYear / N)   (periodsPerYear counts return intervals per year:
 *   252 for daily bars, 252 · 390 for 1-minute US equity bars; default 252).
 * Outputs `volatility` (= value), `variance`, `annualized`. Warm-up N + 1 prices (the first is the reference).
 * r is computed as log1p((p − p_prev) / p_prev), accurate to a few ulp even for tiny returns (ln(p) − ln(p_prev)
 * would lose digits). Prices must be > 0. The running Σr² is re-added from the window each time it turns
 * over, so rounding never accumulates past one window. O(1) amortised, allocation-free.
 */
import { checkFinite, checkPeriod, type Indicator } from '../contract.js';
import { IndicatorDomainError, WindowSum } from './common.js';

const OUTPUTS: readonly string[] = Object.freeze(['volatility', 'variance', 'annualized']);

export class RealizedVolatility implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  readonly name: string;
  private readonly squares: WindowSum;
  private readonly annualScale: number;
  private prev = NaN;
  value = NaN;
  volatility = NaN;
  variance = NaN;
  annualized = NaN;

  constructor(
    readonly period: number,
    readonly periodsPerYear = 252,
  ) {
    checkPeriod('RealizedVolatility', 'period', period);
    if (!(periodsPerYear > 0 && periodsPerYear - periodsPerYear === 0))
      throw new RangeError(`RealizedVolatility: periodsPerYear must be positive, got ${periodsPerYear}`);
    this.name = `RealizedVolatility(${period})`;
    this.warmup = period + 1;
    this.squares = new WindowSum(period);
    this.annualScale = Math.sqrt(periodsPerYear / period);
  }

  get isReady(): boolean {
    return this.squares.full;
  }

  update(price: number): number {
    checkFinite(this.name, 'price', price);
    if (!(price > 0)) throw new IndicatorDomainError(this.name, 'price', price, 'must be > 0');
    const prev = this.prev;
    this.prev = price;
    if (prev !== prev) return this.value;
    const r = Math.log1p((price - prev) / prev);
    const w = this.squares;
    w.push(r * r);
    if (!w.full) return this.value;
    const variance = w.sum > 0 ? w.sum : 0;
    this.variance = variance;
    this.volatility = Math.sqrt(variance);
    this.annualized = this.volatility * this.annualScale;
    this.value = this.volatility;
    return this.value;
  }

  reset(): void {
    this.squares.reset();
    this.prev = NaN;
    this.value = this.volatility = this.variance = this.annualized = NaN;
  }
}

/** Batch twin: `volatility`, `variance`, `annualized` per price. */
export function realizedVolatilityBatch(
  price: ArrayLike<number>,
  period: number,
  periodsPerYear = 252,
  out = {
    volatility: new Float64Array(price.length),
    variance: new Float64Array(price.length),
    annualized: new Float64Array(price.length),
  },
): { volatility: Float64Array; variance: Float64Array; annualized: Float64Array } {
  const ind = new RealizedVolatility(period, periodsPerYear);
  const { volatility, variance, annualized } = out;
  for (let i = 0; i < price.length; i++) {
    volatility[i] = ind.update(price[i]!);
    variance[i] = ind.variance;
    annualized[i] = ind.annualized;
  }
  return out;
}
