/**
 * Exponential moving average, streaming (`EMA`) and batch (`emaBatch`).
 *
 * Formula: alpha = 2 / (period + 1); seed = SMA of the first `period` inputs; afterwards
 * ema ← ema + alpha·(x − ema) (algebraically alpha·x + (1 − alpha)·ema, written with one multiply).
 * Warm-up: `period` updates (the seed is the first value). EMA(1) is the input itself.
 * Exactness: the seed is bit for bit the SMA of the first `period` inputs (the same double-double sum and
 * correctly rounded division, sma.ts); the recursion is one rounding per update (no sums that could drift).
 * O(1), allocation-free per update. The batch loop repeats the streaming arithmetic operation for operation,
 * so both agree bit for bit (the contract suite checks it).
 */
import { checkFinite, checkPeriod, type Indicator } from './contract.js';
import { BATCH_CHUNK, seedMean } from './sma.js';

const OUTPUTS: readonly string[] = ['value'];

export class EMA implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  readonly alpha: number;
  value = NaN;
  isReady = false;
  private count = 0;
  private sum = 0;
  private comp = 0;

  constructor(readonly period: number) {
    checkPeriod('EMA', 'period', period);
    this.warmup = period;
    this.alpha = 2 / (period + 1);
  }

  update(x: number): number {
    if (x - x !== 0) checkFinite('EMA', 'x', x);
    if (this.isReady) return (this.value = this.value + this.alpha * (x - this.value));
    // Seeding: the SMA's error-free sum (TwoSum) of the first `period` inputs.
    const s = this.sum;
    const t = s + x;
    const b = t - s;
    this.comp += s - (t - b) + (x - b);
    this.sum = t;
    if (++this.count === this.period) {
      this.isReady = true;
      this.value = seedMean(this.sum, this.comp, this.period);
    }
    return this.value;
  }

  reset(): void {
    this.value = NaN;
    this.isReady = false;
    this.count = 0;
    this.sum = 0;
    this.comp = 0;
  }
}

/**
 * Batch twin: out[i] = EMA after row i (NaN during warm-up). Throws IndicatorInputError on a non-finite
 * row. `out` may be `input` itself (in place).
 */
export function emaBatch(
  input: ArrayLike<number>,
  period: number,
  out: Float64Array = new Float64Array(input.length),
): Float64Array {
  checkPeriod('EMA', 'period', period);
  // sum, comp, ema
  const state = new Float64Array(3);
  for (let from = 0; from < input.length; from += BATCH_CHUNK)
    emaRows(input, period, out, from, Math.min(input.length, from + BATCH_CHUNK), state);
  return out;
}

function emaRows(
  input: ArrayLike<number>,
  period: number,
  out: Float64Array,
  from: number,
  to: number,
  state: Float64Array,
): void {
  let i = from < period ? seedRows(input, period, out, from, to, state) : from;
  // The recursion reads its start from the state array, so it never merges with a call's (boxed) result.
  const alpha = 2 / (period + 1);
  let v = state[2]!;
  for (; i < to; i++) {
    const x = input[i]!;
    checkFinite('EMA', 'x', x);
    v = v + alpha * (x - v);
    out[i] = v;
  }
  state[2] = v;
}

/** Rows of the seed window (NaN, then the seed); returns the next row. state: sum, comp, ema. */
function seedRows(
  input: ArrayLike<number>,
  period: number,
  out: Float64Array,
  from: number,
  to: number,
  state: Float64Array,
): number {
  let sum = state[0]!;
  let comp = state[1]!;
  let i = from;
  for (; i < to && i < period; i++) {
    const x = input[i]!;
    checkFinite('EMA', 'x', x);
    const t = sum + x;
    const b = t - sum;
    comp += sum - (t - b) + (x - b);
    sum = t;
    const v = i + 1 === period ? seedMean(sum, comp, period) : NaN;
    out[i] = v;
    state[2] = v;
  }
  state[0] = sum;
  state[1] = comp;
  return i;
}
