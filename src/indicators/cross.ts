/**
 * Crossover / crossunder helpers for two series (e.g. a fast and a slow average).
 *
 * Convention: a crosses above b at t when a_t > b_t and a_{t−1} <= b_{t−1}; below when a_t < b_t and
 * a_{t−1} >= b_{t−1}. Touching (a = b) is not a cross; a move from equal to strictly above is.
 * Unlike the indicators, these accept NaN on purpose: NaN means "not defined yet" (an indicator still
 * warming up), so a cross needs two consecutive defined observations. ±Infinity compares normally.
 * `CrossOver` is therefore not an `Indicator` (its value is 0, never NaN); it is O(1) and allocation-free.
 */

/** True when a crossed above b between the previous and the current observation. */
export function crossover(prevA: number, prevB: number, a: number, b: number): boolean {
  return a > b && prevA <= prevB;
}

/** True when a crossed below b between the previous and the current observation. */
export function crossunder(prevA: number, prevB: number, a: number, b: number): boolean {
  return a < b && prevA >= prevB;
}

/**
 * Streaming form: `update(a, b)` returns +1 on a crossover, −1 on a crossunder, else 0 (also kept in
 * `value`). `above` tells whether a > b now (false while undefined).
 */
export class CrossOver {
  value = 0;
  above = false;
  private prevA = NaN;
  private prevB = NaN;

  update(a: number, b: number): number {
    const v = crossover(this.prevA, this.prevB, a, b) ? 1 : crossunder(this.prevA, this.prevB, a, b) ? -1 : 0;
    this.prevA = a;
    this.prevB = b;
    this.above = a > b;
    this.value = v;
    return v;
  }

  reset(): void {
    this.prevA = NaN;
    this.prevB = NaN;
    this.value = 0;
    this.above = false;
  }
}
