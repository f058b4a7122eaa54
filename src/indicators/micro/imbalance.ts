/**
 * Order-book imbalance: (Σ bid size − Σ ask size) / (Σ bid size + Σ ask size), in [−1, 1], at the best level
 * (BookImbalance, `update(bidSz, askSz)`) or summed over the first N levels of a depth snapshot
 * (DepthImbalance, `update(bidSz, askSz, offset)` reading `bidSz[offset + level]`, level < N: for an MBP-10
 * table pass the level columns and offset = row · 10). Reference: Cartea, Jaimungal & Penalva, Algorithmic
 * and High-Frequency Trading (2015) §4.3 (volume imbalance); Cont, Kukanov & Stoikov (2014) for depth.
 *
 * Warm-up: 1 update (an instantaneous signal). Convention: an empty book (all sizes 0) has imbalance 0
 * rather than 0/0. Sizes must be finite and ≥ 0 (an empty DBN level has size 0, its price is not read).
 * Exact: sizes are integers in lots, so the sums are exact while below 2^53 and the value is the correctly
 * rounded ratio. O(1) (O(N) for depth), allocation-free.
 */
import { checkFinite, checkPeriod, type Indicator } from '../contract.js';
import { IndicatorDomainError, VALUE_OUTPUT } from './common.js';

export class BookImbalance implements Indicator {
  readonly warmup = 1;
  readonly outputs = VALUE_OUTPUT;
  value = NaN;

  get isReady(): boolean {
    return this.value === this.value;
  }

  update(bidSz: number, askSz: number): number {
    checkFinite('BookImbalance', 'bidSz', bidSz);
    checkFinite('BookImbalance', 'askSz', askSz);
    if (bidSz < 0) throw new IndicatorDomainError('BookImbalance', 'bidSz', bidSz, 'must be >= 0');
    if (askSz < 0) throw new IndicatorDomainError('BookImbalance', 'askSz', askSz, 'must be >= 0');
    const total = bidSz + askSz;
    this.value = total > 0 ? (bidSz - askSz) / total : 0;
    return this.value;
  }

  reset(): void {
    this.value = NaN;
  }
}

/** Batch twin: row i = BookImbalance after row i. */
export function bookImbalanceBatch(
  bidSz: ArrayLike<number>,
  askSz: ArrayLike<number>,
  out = new Float64Array(bidSz.length),
): Float64Array {
  const ind = new BookImbalance();
  for (let i = 0; i < bidSz.length; i++) out[i] = ind.update(bidSz[i]!, askSz[i]!);
  return out;
}

export class DepthImbalance implements Indicator {
  readonly warmup = 1;
  readonly outputs = VALUE_OUTPUT;
  readonly name: string;
  value = NaN;

  constructor(readonly levels: number) {
    checkPeriod('DepthImbalance', 'levels', levels);
    this.name = `DepthImbalance(${levels})`;
  }

  get isReady(): boolean {
    return this.value === this.value;
  }

  /** Reads levels 0..N−1 of one snapshot at `offset` (row · levels-per-row for row-major depth columns). */
  update(bidSz: ArrayLike<number>, askSz: ArrayLike<number>, offset = 0): number {
    let bid = 0;
    let ask = 0;
    for (let k = 0; k < this.levels; k++) {
      const b = bidSz[offset + k]!;
      const a = askSz[offset + k]!;
      if (!(b >= 0 && b - b === 0)) this.reject('bidSz', k, b);
      if (!(a >= 0 && a - a === 0)) this.reject('askSz', k, a);
      bid += b;
      ask += a;
    }
    const total = bid + ask;
    this.value = total > 0 ? (bid - ask) / total : 0;
    return this.value;
  }

  private reject(side: string, level: number, x: number): never {
    const field = `${side}[${level}]`;
    checkFinite(this.name, field, x);
    throw new IndicatorDomainError(this.name, field, x, 'must be >= 0');
  }

  reset(): void {
    this.value = NaN;
  }
}

/**
 * Batch twin over row-major depth columns (`stride` entries per row, 10 for MBP-10): row i = DepthImbalance
 * after snapshot i.
 */
export function depthImbalanceBatch(
  bidSz: ArrayLike<number>,
  askSz: ArrayLike<number>,
  levels: number,
  stride = levels,
  out = new Float64Array(Math.floor(bidSz.length / stride)),
): Float64Array {
  if (levels > stride) throw new RangeError(`depthImbalanceBatch: levels ${levels} > stride ${stride}`);
  const ind = new DepthImbalance(levels);
  const rows = Math.floor(bidSz.length / stride);
  for (let i = 0, off = 0; i < rows; i++, off += stride) out[i] = ind.update(bidSz, askSz, off);
  return out;
}
