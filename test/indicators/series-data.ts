/**
 * Seeded price-like series for the price-series indicator tests (besides contract-suite's OHLCV walk).
 */
import { Rng } from '../../src/core/rng.js';

/**
 * A series crossing zero: magnitudes from 1e-3 to 1e4, random signs, exact zeros and flat runs, and runs
 * of a repeated value (edge cases for ratios, deques and variances).
 */
export function signedSeries(rows: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    if (i % 211 < 12 && i > 0) out[i] = out[i - 1]!;
    else if (i % 97 === 0) out[i] = 0;
    else out[i] = (rng.next() < 0.5 ? -1 : 1) * 10 ** (7 * rng.next() - 3);
  }
  return out;
}

/** Mean-reverting log-price around 100, quoted in cents (the values are decimals, not dyadic). */
export class CentsWalk {
  private readonly rng: Rng;
  private logPrice = 0;

  constructor(seed: number) {
    this.rng = new Rng(seed);
  }

  next(): number {
    this.logPrice = 0.999 * this.logPrice + 0.01 * this.rng.normal();
    return Math.round(10000 * Math.exp(this.logPrice)) / 100;
  }
}

/** Magnitudes from 1e-3 to 1e6 with random signs (within the span SMA's correct rounding covers). */
export class WideValues {
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = new Rng(seed);
  }

  next(): number {
    return (this.rng.next() < 0.5 ? -1 : 1) * 10 ** (9 * this.rng.next() - 3);
  }
}
