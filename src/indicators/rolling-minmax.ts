/**
 * Rolling maximum and minimum over the last `period` inputs, streaming (`RollingMax`, `RollingMin`) and
 * batch (`rollingMaxBatch`, `rollingMinBatch`), on a monotonic deque (`MaxDeque`, also used by Donchian).
 *
 * The deque keeps, oldest first, the inputs that can still become the maximum: strictly decreasing
 * values (an input evicts every earlier one not above it). It lives in two preallocated rings (values,
 * and the update count each arrived at) of a power-of-two capacity >= `period`, indexed by free-running
 * head/tail counters through a mask, so no update allocates or branches on wrap-around. An entry expires
 * exactly `period` updates after it arrived.
 * Each input is pushed and popped at most once: O(1) amortised per update (O(period) worst case for
 * one update, e.g. a new high after a long decline). The minimum is the maximum of −x, negated
 * (negation is exact). Warm-up: `period` updates. Values are inputs, so results are exact.
 */
import { checkFinite, checkPeriod, type Indicator } from './contract.js';
import { BATCH_CHUNK } from './sma.js';

const OUTPUTS: readonly string[] = ['value'];

/** Counters run free modulo 2^30 (they stay small integers); a power-of-two capacity divides that. */
const WRAP = 0x3fffffff;

/** Sliding-window maximum; `push(x)` returns the maximum of the last `period` pushes. No input check. */
export class MaxDeque {
  private readonly values: Float64Array;
  private readonly arrived: Int32Array;
  private readonly mask: number;
  private head = 0;
  private tail = 0;
  private time = 0;

  constructor(readonly period: number) {
    let capacity = 1;
    while (capacity < period) capacity *= 2;
    this.mask = capacity - 1;
    this.values = new Float64Array(capacity);
    this.arrived = new Int32Array(capacity);
  }

  push(x: number): number {
    const values = this.values;
    const mask = this.mask;
    const time = this.time;
    let head = this.head;
    let tail = this.tail;
    if (head !== tail && ((time - this.arrived[head & mask]!) & WRAP) >= this.period)
      head = (head + 1) & WRAP;
    while (tail !== head && values[(tail - 1) & mask]! <= x) tail = (tail - 1) & WRAP;
    values[tail & mask] = x;
    this.arrived[tail & mask] = time;
    this.tail = (tail + 1) & WRAP;
    this.head = head;
    this.time = (time + 1) & WRAP;
    return values[head & mask]!;
  }

  reset(): void {
    this.head = 0;
    this.tail = 0;
    this.time = 0;
  }
}

export class RollingMax implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  isReady = false;
  private readonly deque: MaxDeque;
  private count = 0;

  constructor(readonly period: number) {
    checkPeriod('RollingMax', 'period', period);
    this.warmup = period;
    this.deque = new MaxDeque(period);
  }

  update(x: number): number {
    checkFinite('RollingMax', 'x', x);
    const m = this.deque.push(x);
    if (!this.isReady) {
      if (++this.count < this.period) return NaN;
      this.isReady = true;
    }
    return (this.value = m);
  }

  reset(): void {
    this.deque.reset();
    this.count = 0;
    this.value = NaN;
    this.isReady = false;
  }
}

export class RollingMin implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  isReady = false;
  private readonly deque: MaxDeque;
  private count = 0;

  constructor(readonly period: number) {
    checkPeriod('RollingMin', 'period', period);
    this.warmup = period;
    this.deque = new MaxDeque(period);
  }

  update(x: number): number {
    checkFinite('RollingMin', 'x', x);
    const m = -this.deque.push(-x);
    if (!this.isReady) {
      if (++this.count < this.period) return NaN;
      this.isReady = true;
    }
    return (this.value = m);
  }

  reset(): void {
    this.deque.reset();
    this.count = 0;
    this.value = NaN;
    this.isReady = false;
  }
}

/** Batch twin of RollingMax: out[i] after row i (NaN during warm-up). `out` may be `input` (in place). */
export function rollingMaxBatch(
  input: ArrayLike<number>,
  period: number,
  out: Float64Array = new Float64Array(input.length),
): Float64Array {
  checkPeriod('RollingMax', 'period', period);
  const deque = new MaxDeque(period);
  for (let from = 0; from < input.length; from += BATCH_CHUNK)
    extremumRows(input, 1, deque, out, from, Math.min(input.length, from + BATCH_CHUNK));
  return out;
}

/** Batch twin of RollingMin: out[i] after row i (NaN during warm-up). `out` may be `input` (in place). */
export function rollingMinBatch(
  input: ArrayLike<number>,
  period: number,
  out: Float64Array = new Float64Array(input.length),
): Float64Array {
  checkPeriod('RollingMin', 'period', period);
  const deque = new MaxDeque(period);
  for (let from = 0; from < input.length; from += BATCH_CHUNK)
    extremumRows(input, -1, deque, out, from, Math.min(input.length, from + BATCH_CHUNK));
  return out;
}

/** sign 1: maximum; sign −1: minimum, as −max(−x) (negation is exact, and the same as streaming). */
function extremumRows(
  input: ArrayLike<number>,
  sign: number,
  deque: MaxDeque,
  out: Float64Array,
  from: number,
  to: number,
): void {
  const indicator = sign > 0 ? 'RollingMax' : 'RollingMin';
  const warm = deque.period - 1;
  for (let i = from; i < to; i++) {
    const x = input[i]!;
    checkFinite(indicator, 'x', x);
    const m = sign > 0 ? deque.push(x) : -deque.push(-x);
    out[i] = i >= warm ? m : NaN;
  }
}
