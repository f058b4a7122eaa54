/**
 * Double and triple exponential moving averages (Mulloy), streaming (`DEMA`, `TEMA`) and batch
 * (`demaBatch`, `temaBatch`).
 *
 * Formulas: e1 = EMA(x), e2 = EMA(e1), e3 = EMA(e2), all with the same period and alpha = 2/(period+1),
 * each EMA seeded with the SMA of its first `period` inputs, as ema.ts (same arithmetic, bit for bit). DEMA = 2·e1 − e2;
 * TEMA = 3·(e1 − e2) + e3 (algebraically 3·e1 − 3·e2 + e3, one rounding fewer).
 * Warm-up: DEMA 2·period − 1 updates, TEMA 3·period − 2 (each inner EMA starts when the previous one is
 * warm; the same lookback as TA-Lib's). Exactness: that of the EMA recursion (one rounding per step, no
 * running sums). O(1), allocation-free per update; the batch pass runs the same EMA arithmetic per stage.
 */
import { checkFinite, checkPeriod, type Indicator } from './contract.js';
import { BATCH_CHUNK, seedMean } from './sma.js';

const OUTPUTS: readonly string[] = ['value'];

/**
 * The EMA chain e1, e2 (, e3) of DEMA / TEMA in one object: the warm path mirrors EMA.update per stage
 * (and the batch pass below); once every stage is warm the hot path is three recursions, small enough
 * to be inlined into a caller's loop.
 */
class EmaChain {
  v1 = NaN;
  v2 = NaN;
  v3 = NaN;
  ready = false;
  private readonly alpha: number;
  private row = 0;
  private sum1 = 0;
  private comp1 = 0;
  private sum2 = 0;
  private comp2 = 0;
  private sum3 = 0;
  private comp3 = 0;

  constructor(
    readonly period: number,
    readonly stages: number,
  ) {
    this.alpha = 2 / (period + 1);
  }

  push(x: number): void {
    if (!this.ready) return this.warm(x);
    const a = this.alpha;
    const v1 = this.v1 + a * (x - this.v1);
    const v2 = this.v2 + a * (v1 - this.v2);
    this.v1 = v1;
    this.v2 = v2;
    if (this.stages === 3) this.v3 = this.v3 + a * (v2 - this.v3);
  }

  private warm(x: number): void {
    const n = this.period;
    const a = this.alpha;
    const i = this.row++;
    if (i >= n) this.v1 = this.v1 + a * (x - this.v1);
    else {
      const t = this.sum1 + x;
      const b = t - this.sum1;
      this.comp1 += this.sum1 - (t - b) + (x - b);
      this.sum1 = t;
      if (i === n - 1) this.v1 = seedMean(this.sum1, this.comp1, n);
    }
    const j2 = i - (n - 1);
    if (j2 < 0) return;
    const v1 = this.v1;
    if (j2 >= n) this.v2 = this.v2 + a * (v1 - this.v2);
    else {
      const t = this.sum2 + v1;
      const b = t - this.sum2;
      this.comp2 += this.sum2 - (t - b) + (v1 - b);
      this.sum2 = t;
      if (j2 === n - 1) this.v2 = seedMean(this.sum2, this.comp2, n);
    }
    const j3 = j2 - (n - 1);
    if (j3 < 0) return;
    if (this.stages === 2) {
      this.ready = true;
      return;
    }
    const v2 = this.v2;
    if (j3 >= n) this.v3 = this.v3 + a * (v2 - this.v3);
    else {
      const t = this.sum3 + v2;
      const b = t - this.sum3;
      this.comp3 += this.sum3 - (t - b) + (v2 - b);
      this.sum3 = t;
      if (j3 === n - 1) this.v3 = seedMean(this.sum3, this.comp3, n);
    }
    if (j3 >= n - 1) this.ready = true;
  }

  reset(): void {
    this.v1 = NaN;
    this.v2 = NaN;
    this.v3 = NaN;
    this.ready = false;
    this.row = 0;
    this.sum1 = 0;
    this.comp1 = 0;
    this.sum2 = 0;
    this.comp2 = 0;
    this.sum3 = 0;
    this.comp3 = 0;
  }
}

export class DEMA implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  isReady = false;
  private readonly chain: EmaChain;

  constructor(readonly period: number) {
    checkPeriod('DEMA', 'period', period);
    this.warmup = 2 * period - 1;
    this.chain = new EmaChain(period, 2);
  }

  update(x: number): number {
    checkFinite('DEMA', 'x', x);
    const c = this.chain;
    c.push(x);
    if (!c.ready) return NaN;
    this.isReady = true;
    return (this.value = 2 * c.v1 - c.v2);
  }

  reset(): void {
    this.chain.reset();
    this.value = NaN;
    this.isReady = false;
  }
}

export class TEMA implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  isReady = false;
  private readonly chain: EmaChain;

  constructor(readonly period: number) {
    checkPeriod('TEMA', 'period', period);
    this.warmup = 3 * period - 2;
    this.chain = new EmaChain(period, 3);
  }

  update(x: number): number {
    checkFinite('TEMA', 'x', x);
    const c = this.chain;
    c.push(x);
    if (!c.ready) return NaN;
    this.isReady = true;
    return (this.value = 3 * (c.v1 - c.v2) + c.v3);
  }

  reset(): void {
    this.chain.reset();
    this.value = NaN;
    this.isReady = false;
  }
}

/** Batch twin of DEMA: out[i] after row i (NaN during warm-up). `out` may be `input` itself. */
export function demaBatch(
  input: ArrayLike<number>,
  period: number,
  out: Float64Array = new Float64Array(input.length),
): Float64Array {
  checkPeriod('DEMA', 'period', period);
  return stackedBatch('DEMA', input, period, 2, out);
}

/** Batch twin of TEMA: out[i] after row i (NaN during warm-up). `out` may be `input` itself. */
export function temaBatch(
  input: ArrayLike<number>,
  period: number,
  out: Float64Array = new Float64Array(input.length),
): Float64Array {
  checkPeriod('TEMA', 'period', period);
  return stackedBatch('TEMA', input, period, 3, out);
}

function stackedBatch(
  indicator: string,
  input: ArrayLike<number>,
  period: number,
  stages: number,
  out: Float64Array,
): Float64Array {
  // Per EMA stage k: seed sum, seed compensation, value at 3k, 3k + 1, 3k + 2.
  const state = new Float64Array(9);
  for (let from = 0; from < input.length; from += BATCH_CHUNK)
    stackedRows(
      indicator,
      input,
      period,
      stages,
      out,
      from,
      Math.min(input.length, from + BATCH_CHUNK),
      state,
    );
  return out;
}

/** Steady-state rows (every stage warm): the three recursions, starting from the state array. */
function stackedRows(
  indicator: string,
  input: ArrayLike<number>,
  n: number,
  stages: number,
  out: Float64Array,
  from: number,
  to: number,
  state: Float64Array,
): void {
  const warm = stages * (n - 1) + 1;
  let i = from < warm ? stackedSeedRows(indicator, input, n, stages, out, from, to, state) : from;
  const alpha = 2 / (n + 1);
  let v1 = state[2]!;
  let v2 = state[5]!;
  let v3 = state[8]!;
  for (; i < to; i++) {
    const x = input[i]!;
    checkFinite(indicator, 'x', x);
    v1 = v1 + alpha * (x - v1);
    v2 = v2 + alpha * (v1 - v2);
    if (stages === 2) out[i] = 2 * v1 - v2;
    else {
      v3 = v3 + alpha * (v2 - v3);
      out[i] = 3 * (v1 - v2) + v3;
    }
  }
  state[2] = v1;
  state[5] = v2;
  state[8] = v3;
}

/**
 * Rows until every stage is warm, the same arithmetic as EMA.update per stage: stage k + 1 takes stage
 * k's value from the row where stage k is warm (row (k + 1)(n − 1)) on, seeding itself on its first n
 * values. Returns the next row; the steady loop reads the values back from `state` (so they stay unboxed).
 */
function stackedSeedRows(
  indicator: string,
  input: ArrayLike<number>,
  n: number,
  stages: number,
  out: Float64Array,
  from: number,
  to: number,
  state: Float64Array,
): number {
  const warm = stages * (n - 1) + 1;
  const alpha = 2 / (n + 1);
  let sum1 = state[0]!;
  let comp1 = state[1]!;
  let v1 = state[2]!;
  let sum2 = state[3]!;
  let comp2 = state[4]!;
  let v2 = state[5]!;
  let sum3 = state[6]!;
  let comp3 = state[7]!;
  let v3 = state[8]!;
  let i = from;
  for (; i < to && i < warm; i++) {
    const x = input[i]!;
    checkFinite(indicator, 'x', x);
    if (i >= n) v1 = v1 + alpha * (x - v1);
    else {
      const t = sum1 + x;
      const b = t - sum1;
      comp1 += sum1 - (t - b) + (x - b);
      sum1 = t;
      if (i === n - 1) v1 = seedMean(sum1, comp1, n);
    }
    const j2 = i - (n - 1);
    if (j2 < 0) {
      out[i] = NaN;
      continue;
    }
    if (j2 >= n) v2 = v2 + alpha * (v1 - v2);
    else {
      const t = sum2 + v1;
      const b = t - sum2;
      comp2 += sum2 - (t - b) + (v1 - b);
      sum2 = t;
      if (j2 === n - 1) v2 = seedMean(sum2, comp2, n);
    }
    const j3 = j2 - (n - 1);
    if (j3 < 0) {
      out[i] = NaN;
      continue;
    }
    if (stages === 2) {
      out[i] = 2 * v1 - v2;
      continue;
    }
    if (j3 >= n) v3 = v3 + alpha * (v2 - v3);
    else {
      const t = sum3 + v2;
      const b = t - sum3;
      comp3 += sum3 - (t - b) + (v2 - b);
      sum3 = t;
      if (j3 === n - 1) v3 = seedMean(sum3, comp3, n);
    }
    out[i] = j3 < n - 1 ? NaN : 3 * (v1 - v2) + v3;
  }
  state[0] = sum1;
  state[1] = comp1;
  state[2] = v1;
  state[3] = sum2;
  state[4] = comp2;
  state[5] = v2;
  state[6] = sum3;
  state[7] = comp3;
  state[8] = v3;
  return i;
}
