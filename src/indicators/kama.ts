/**
 * Kaufman's adaptive moving average, streaming (`KAMA`) and batch (`kamaBatch`).
 *
 * Formulas (n = `period`, default 10; fast 2, slow 30): direction = |x_t − x_{t−n}|; volatility =
 * Σ_{i=t−n+1..t} |x_i − x_{i−1}|; ER = direction / volatility, taken as 1 when volatility <= direction
 * (which covers a flat window, 0/0 — TA-Lib's convention); sc = (ER·(2/(fast+1) − 2/(slow+1)) +
 * 2/(slow+1))²; KAMA_t = KAMA_{t−1} + sc·(x_t − KAMA_{t−1}), seeded with KAMA_{n} = x_n (the n-th input),
 * so the first value is after update n + 1. Warm-up: period + 1 updates. Same seeding as TA-Lib.
 * Exactness: the volatility sum is a double-double slid with error-free TwoSums (as the SMA's sum), the
 * leaving |Δ| is recomputed from the price ring so it is removed exactly as it was added: no drift.
 * O(1), allocation-free per update; the batch loop repeats the same arithmetic (bit for bit).
 */
import { checkFinite, checkPeriod, type Indicator } from './contract.js';
import { BATCH_CHUNK, checkNoAlias } from './sma.js';

const OUTPUTS: readonly string[] = ['value'];

export class KAMA implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  isReady = false;
  private readonly ring: Float64Array;
  private readonly slowSc: number;
  private readonly scSpan: number;
  private pos = 0;
  private count = 0;
  private hi = 0;
  private lo = 0;
  private kama = NaN;

  constructor(
    readonly period = 10,
    readonly fast = 2,
    readonly slow = 30,
  ) {
    checkPeriod('KAMA', 'period', period);
    checkPeriod('KAMA', 'fast', fast);
    checkPeriod('KAMA', 'slow', slow);
    this.warmup = period + 1;
    this.slowSc = 2 / (slow + 1);
    this.scSpan = 2 / (fast + 1) - this.slowSc;
    this.ring = new Float64Array(period + 1);
  }

  update(x: number): number {
    checkFinite('KAMA', 'x', x);
    // The ring holds the last n + 1 inputs; `pos` is the oldest slot (x_{t−n−1} once full).
    const ring = this.ring;
    const size = this.period + 1;
    const pos = this.pos;
    const next = pos + 1 === size ? 0 : pos + 1;
    const prev = ring[pos === 0 ? size - 1 : pos - 1]!;
    // Saturating count (stays a small integer): only "warm-up done" and "window full" matter after.
    let count = this.count;
    if (count <= size) this.count = ++count;
    // Volatility slide: + |x − x_{t−1}| (from the second input on), − |x_{t−n} − x_{t−n−1}| once full.
    const add = count > 1 ? Math.abs(x - prev) : 0;
    const sub = count > size ? Math.abs(ring[next]! - ring[pos]!) : 0;
    const hi = this.hi;
    const s = hi + add;
    const bs = s - hi;
    const t = s - sub;
    const bt = t - s;
    this.lo = this.lo + (hi - (s - bs) + (add - bs) + (s - (t - bt) + (-sub - bt)));
    this.hi = t;
    ring[pos] = x;
    this.pos = next;
    if (count < size) {
      if (count === size - 1) this.kama = x;
      return NaN;
    }
    // ring[next] is now x_{t−n}.
    const direction = Math.abs(x - ring[next]!);
    const volatility = t + this.lo;
    const er = volatility <= direction ? 1 : direction / volatility;
    const f = er * this.scSpan + this.slowSc;
    const prevKama = this.kama;
    const kama = prevKama + f * f * (x - prevKama);
    this.kama = kama;
    this.isReady = true;
    return (this.value = kama);
  }

  reset(): void {
    this.ring.fill(0);
    this.pos = 0;
    this.count = 0;
    this.hi = 0;
    this.lo = 0;
    this.kama = NaN;
    this.value = NaN;
    this.isReady = false;
  }
}

/** Batch twin: out[i] = KAMA after row i (NaN during warm-up); `out` must not share memory with `input`. */
export function kamaBatch(
  input: ArrayLike<number>,
  period = 10,
  fast = 2,
  slow = 30,
  out: Float64Array = new Float64Array(input.length),
): Float64Array {
  checkPeriod('KAMA', 'period', period);
  checkPeriod('KAMA', 'fast', fast);
  checkPeriod('KAMA', 'slow', slow);
  checkNoAlias('KAMA', input, out);
  // volatility hi, lo, kama
  const state = new Float64Array(3);
  for (let from = 0; from < input.length; from += BATCH_CHUNK)
    kamaRows(input, period, fast, slow, out, from, Math.min(input.length, from + BATCH_CHUNK), state);
  return out;
}

function kamaRows(
  input: ArrayLike<number>,
  n: number,
  fast: number,
  slow: number,
  out: Float64Array,
  from: number,
  to: number,
  state: Float64Array,
): void {
  const slowSc = 2 / (slow + 1);
  const scSpan = 2 / (fast + 1) - slowSc;
  let hi = state[0]!;
  let lo = state[1]!;
  let kama = state[2]!;
  for (let i = from; i < to; i++) {
    const x = input[i]!;
    checkFinite('KAMA', 'x', x);
    const add = i > 0 ? Math.abs(x - input[i - 1]!) : 0;
    const sub = i > n ? Math.abs(input[i - n]! - input[i - n - 1]!) : 0;
    const s = hi + add;
    const bs = s - hi;
    const t = s - sub;
    const bt = t - s;
    lo = lo + (hi - (s - bs) + (add - bs) + (s - (t - bt) + (-sub - bt)));
    hi = t;
    if (i < n) {
      if (i === n - 1) kama = x;
      out[i] = NaN;
      continue;
    }
    const direction = Math.abs(x - input[i - n]!);
    const volatility = t + lo;
    const er = volatility <= direction ? 1 : direction / volatility;
    const f = er * scSpan + slowSc;
    kama = kama + f * f * (x - kama);
    out[i] = kama;
  }
  state[0] = hi;
  state[1] = lo;
  state[2] = kama;
}
