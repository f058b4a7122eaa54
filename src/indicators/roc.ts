/**
 * Rate of change (`ROC`) and momentum (`Momentum`), streaming and batch (`rocBatch`, `momentumBatch`).
 *
 * Formulas with n = `period` (the lag): Momentum = x_t − x_{t−n}; ROC = 100·(x_t / x_{t−n} − 1), in
 * percent (TA-Lib's ROC). ROC is NaN when x_{t−n} = 0 (no rate of change from zero; price series are
 * positive — documented, the only NaN after warm-up). Warm-up: period + 1 updates.
 * Exactness: one subtraction (Momentum) or one division, one subtraction and one multiplication (ROC)
 * of stored inputs; nothing accumulates. O(1), allocation-free per update; batch uses the same arithmetic.
 */
import { checkFinite, checkPeriod, type Indicator } from './contract.js';
import { BATCH_CHUNK, checkNoAlias } from './sma.js';

const OUTPUTS: readonly string[] = ['value'];

/** The last `period` inputs, and how many were stored (saturating at period + 1). */
class LagRing {
  private readonly ring: Float64Array;
  private pos = 0;
  count = 0;

  constructor(readonly period: number) {
    this.ring = new Float64Array(period);
  }

  /** Stores x and returns the input `period` updates before it (0 until there is one). */
  swap(x: number): number {
    const pos = this.pos;
    const old = this.ring[pos]!;
    this.ring[pos] = x;
    this.pos = pos + 1 === this.period ? 0 : pos + 1;
    if (this.count <= this.period) this.count++;
    return old;
  }

  reset(): void {
    this.ring.fill(0);
    this.pos = 0;
    this.count = 0;
  }
}

export class Momentum implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  isReady = false;
  private readonly lag: LagRing;

  constructor(readonly period: number) {
    checkPeriod('Momentum', 'period', period);
    this.warmup = period + 1;
    this.lag = new LagRing(period);
  }

  update(x: number): number {
    checkFinite('Momentum', 'x', x);
    const old = this.lag.swap(x);
    if (this.lag.count <= this.period) return NaN;
    this.isReady = true;
    return (this.value = x - old);
  }

  reset(): void {
    this.lag.reset();
    this.value = NaN;
    this.isReady = false;
  }
}

export class ROC implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  isReady = false;
  private readonly lag: LagRing;

  constructor(readonly period: number) {
    checkPeriod('ROC', 'period', period);
    this.warmup = period + 1;
    this.lag = new LagRing(period);
  }

  update(x: number): number {
    checkFinite('ROC', 'x', x);
    const old = this.lag.swap(x);
    if (this.lag.count <= this.period) return NaN;
    this.isReady = true;
    return (this.value = old !== 0 ? 100 * (x / old - 1) : NaN);
  }

  reset(): void {
    this.lag.reset();
    this.value = NaN;
    this.isReady = false;
  }
}

/** Batch twin of Momentum: out[i] after row i (NaN during warm-up); `out` must not share memory with `input`. */
export function momentumBatch(
  input: ArrayLike<number>,
  period: number,
  out: Float64Array = new Float64Array(input.length),
): Float64Array {
  checkPeriod('Momentum', 'period', period);
  checkNoAlias('Momentum', input, out);
  for (let from = 0; from < input.length; from += BATCH_CHUNK)
    lagRows(input, period, false, out, from, Math.min(input.length, from + BATCH_CHUNK));
  return out;
}

/** Batch twin of ROC: out[i] after row i (NaN during warm-up); `out` must not share memory with `input`. */
export function rocBatch(
  input: ArrayLike<number>,
  period: number,
  out: Float64Array = new Float64Array(input.length),
): Float64Array {
  checkPeriod('ROC', 'period', period);
  checkNoAlias('ROC', input, out);
  for (let from = 0; from < input.length; from += BATCH_CHUNK)
    lagRows(input, period, true, out, from, Math.min(input.length, from + BATCH_CHUNK));
  return out;
}

function lagRows(
  input: ArrayLike<number>,
  n: number,
  rate: boolean,
  out: Float64Array,
  from: number,
  to: number,
): void {
  const indicator = rate ? 'ROC' : 'Momentum';
  for (let i = from; i < to; i++) {
    const x = input[i]!;
    checkFinite(indicator, 'x', x);
    if (i < n) out[i] = NaN;
    else {
      const old = input[i - n]!;
      out[i] = !rate ? x - old : old !== 0 ? 100 * (x / old - 1) : NaN;
    }
  }
}
