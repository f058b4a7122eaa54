/**
 * Weighted (linearly weighted) moving average, streaming (`WMA`) and batch (`wmaBatch`).
 *
 * Formula over the last n = `period` inputs, oldest first x_1..x_n: WMA = Σ i·x_i / (n(n+1)/2) (the
 * newest input weighs n). Warm-up: `period` updates. WMA(1) is the input itself.
 * O(1) slide: N ← N + (n·x − S), S ← S + x − old, where S = Σx and N = Σ i·x_i.
 * Exactness: periodic exact recomputation — once per `period` updates (when the ring wraps) S and N are
 * recomputed from the window, so rounding errors never accumulate beyond one period (relative error of
 * order ε·period, ε = 2^−53). The wrap costs O(period) once per `period` updates (O(1) amortised).
 * Allocation-free after construction; the batch loop repeats the same arithmetic (bit for bit).
 */
import { checkFinite, checkPeriod, type Indicator } from './contract.js';
import { BATCH_CHUNK, checkNoAlias } from './sma.js';

const OUTPUTS: readonly string[] = ['value'];

export class WMA implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  isReady = false;
  private readonly ring: Float64Array;
  private readonly denom: number;
  private pos = 0;
  private sum = 0;
  private weighted = 0;

  constructor(readonly period: number) {
    checkPeriod('WMA', 'period', period);
    this.warmup = period;
    this.denom = (period * (period + 1)) / 2;
    this.ring = new Float64Array(period);
  }

  update(x: number): number {
    checkFinite('WMA', 'x', x);
    const ring = this.ring;
    const pos = this.pos;
    const n = this.period;
    const old = ring[pos]!;
    ring[pos] = x;
    if (pos + 1 === n) {
      this.pos = 0;
      let sum = 0;
      let weighted = 0;
      for (let i = 0; i < n; i++) {
        const v = ring[i]!;
        sum += v;
        weighted += (i + 1) * v;
      }
      this.sum = sum;
      this.weighted = weighted;
      this.isReady = true;
    } else {
      this.pos = pos + 1;
      if (!this.isReady) return NaN;
      const sum = this.sum;
      this.weighted = this.weighted + (n * x - sum);
      this.sum = sum + x - old;
    }
    return (this.value = this.weighted / this.denom);
  }

  reset(): void {
    this.ring.fill(0);
    this.pos = 0;
    this.sum = 0;
    this.weighted = 0;
    this.value = NaN;
    this.isReady = false;
  }
}

/** Batch twin: out[i] = WMA after row i (NaN during warm-up); `out` must not share memory with `input`. */
export function wmaBatch(
  input: ArrayLike<number>,
  period: number,
  out: Float64Array = new Float64Array(input.length),
): Float64Array {
  checkPeriod('WMA', 'period', period);
  checkNoAlias('WMA', input, out);
  // sum, weighted, pos
  const state = new Float64Array(3);
  for (let from = 0; from < input.length; from += BATCH_CHUNK)
    wmaRows(input, period, out, from, Math.min(input.length, from + BATCH_CHUNK), state);
  return out;
}

function wmaRows(
  input: ArrayLike<number>,
  n: number,
  out: Float64Array,
  from: number,
  to: number,
  state: Float64Array,
): void {
  const denom = (n * (n + 1)) / 2;
  let sum = state[0]!;
  let weighted = state[1]!;
  let pos = state[2]!;
  for (let i = from; i < to; i++) {
    const x = input[i]!;
    checkFinite('WMA', 'x', x);
    if (++pos === n) {
      pos = 0;
      sum = 0;
      weighted = 0;
      for (let j = 0; j < n; j++) {
        const v = input[i + 1 - n + j]!;
        sum += v;
        weighted += (j + 1) * v;
      }
    } else if (i + 1 < n) {
      out[i] = NaN;
      continue;
    } else {
      weighted = weighted + (n * x - sum);
      sum = sum + x - input[i - n]!;
    }
    out[i] = weighted / denom;
  }
  state[0] = sum;
  state[1] = weighted;
  state[2] = pos;
}
