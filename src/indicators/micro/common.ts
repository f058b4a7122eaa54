/**
 * Shared pieces of the microstructure signals: the domain-error type (input finite but outside what the
 * signal accepts, e.g. a negative size) and a fixed-length window sum.
 *
 * WindowSum keeps the last `length` terms in a ring and a running sum; each time the ring wraps the sum is
 * re-added from the ring in index order, so rounding error never accumulates beyond one window's worth
 * (and integer-valued terms, e.g. sizes in lots, are summed exactly while |sum| < 2^53). O(1) amortised.
 */
import { IndicatorInputError } from '../contract.js';

/** A finite input outside the signal's domain; an IndicatorInputError so one `catch` handles both. */
export class IndicatorDomainError extends IndicatorInputError {
  constructor(indicator: string, field: string, input: number, requirement: string) {
    super(indicator, field, input);
    this.message = `${indicator}.update: input "${field}" ${requirement}, got ${input}`;
  }
}

export class WindowSum {
  readonly ring: Float64Array;
  private pos = 0;
  /** Terms pushed, capped at the length. */
  count = 0;
  sum = 0;

  constructor(readonly length: number) {
    this.ring = new Float64Array(length);
  }

  get full(): boolean {
    return this.count === this.length;
  }

  push(x: number): void {
    const ring = this.ring;
    const pos = this.pos;
    this.sum += x - ring[pos]!;
    ring[pos] = x;
    if (pos + 1 < this.length) {
      this.pos = pos + 1;
      if (this.count < pos + 1) this.count = pos + 1;
    } else {
      this.pos = 0;
      this.count = this.length;
      let s = 0;
      for (let i = 0; i < this.length; i++) s += ring[i]!;
      this.sum = s;
    }
  }

  reset(): void {
    this.ring.fill(0);
    this.pos = 0;
    this.count = 0;
    this.sum = 0;
  }
}

export const VALUE_OUTPUT: readonly string[] = Object.freeze(['value']);

/**
 * NaN and ±∞ for hot code. V8 boxes (allocates) a double that meets a NaN or ∞ literal in a conditional
 * (the literal is a heap constant); a value loaded from a Float64Array stays an unboxed float64.
 */
const SPECIAL = Float64Array.of(NaN, -Infinity, Infinity);
export function nan(): number {
  return SPECIAL[0]!;
}
export function negInf(): number {
  return SPECIAL[1]!;
}
export function posInf(): number {
  return SPECIAL[2]!;
}
