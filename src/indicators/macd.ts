/**
 * MACD (Appel), streaming (`MACD`) and batch (`macdBatch`).
 *
 * Formulas (defaults 12/26/9): macd = EMA_fast(x) − EMA_slow(x); signal = EMA_signal(macd);
 * histogram = macd − signal. Every EMA follows ema.ts: alpha = 2/(period+1), seeded with the SMA of its
 * own first `period` inputs (the fast EMA on x_1..x_fast, the signal EMA on the first `signal` macd
 * values, i.e. from update `slow` on). Note TA-Lib instead seeds its fast EMA on the `fast` inputs before
 * the first slow value, so its early macd values differ; both converge.
 * Outputs: macd (= value), signal, histogram; all NaN until warm. Warm-up: slow + signal − 1 updates
 * (34 for 12/26/9; the same lookback as TA-Lib's).
 * Exactness: that of the EMA recursions (one rounding per step, no running sums). O(1), allocation-free
 * per update; the three EMAs are inlined (same arithmetic as ema.ts) so the post-warm-up update is small
 * enough for V8 to inline into a caller; the batch loop repeats the same arithmetic (bit for bit).
 */
import { checkFinite, checkPeriod, type Indicator } from './contract.js';
import { UsageError } from '../core/errors.js';
import { BATCH_CHUNK, seedMean } from './sma.js';

const OUTPUTS: readonly string[] = ['macd', 'signal', 'histogram'];

function checkParams(fast: number, slow: number, signal: number): void {
  checkPeriod('MACD', 'fast', fast);
  checkPeriod('MACD', 'slow', slow);
  checkPeriod('MACD', 'signal', signal);
  if (fast >= slow) throw new UsageError(`MACD: fast (${fast}) must be below slow (${slow})`);
}

export class MACD implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  macd = NaN;
  signal = NaN;
  histogram = NaN;
  isReady = false;
  private readonly af: number;
  private readonly as: number;
  private readonly ag: number;
  private f = NaN;
  private s = NaN;
  private g = NaN;
  // Warm-up only: rows seen, and the three EMA seeds (error-free sums, as in ema.ts).
  private row = 0;
  private sumF = 0;
  private compF = 0;
  private sumS = 0;
  private compS = 0;
  private sumG = 0;
  private compG = 0;

  constructor(
    readonly fast = 12,
    readonly slow = 26,
    readonly signalPeriod = 9,
  ) {
    checkParams(fast, slow, signalPeriod);
    this.warmup = slow + signalPeriod - 1;
    this.af = 2 / (fast + 1);
    this.as = 2 / (slow + 1);
    this.ag = 2 / (signalPeriod + 1);
  }

  update(x: number): number {
    checkFinite('MACD', 'x', x);
    if (!this.isReady) return this.warm(x);
    const f = this.f + this.af * (x - this.f);
    const s = this.s + this.as * (x - this.s);
    const m = f - s;
    const g = this.g + this.ag * (m - this.g);
    this.f = f;
    this.s = s;
    this.g = g;
    this.macd = m;
    this.signal = g;
    this.histogram = m - g;
    return (this.value = m);
  }

  /** Rows before the signal EMA is warm: the same steps as the batch pass (macdRows). */
  private warm(x: number): number {
    const i = this.row++;
    const fast = this.fast;
    const slow = this.slow;
    const warm = this.warmup;
    if (i >= fast) this.f = this.f + this.af * (x - this.f);
    else {
      const t = this.sumF + x;
      const b = t - this.sumF;
      this.compF += this.sumF - (t - b) + (x - b);
      this.sumF = t;
      if (i === fast - 1) this.f = seedMean(this.sumF, this.compF, fast);
    }
    if (i >= slow) this.s = this.s + this.as * (x - this.s);
    else {
      const t = this.sumS + x;
      const b = t - this.sumS;
      this.compS += this.sumS - (t - b) + (x - b);
      this.sumS = t;
      if (i === slow - 1) this.s = seedMean(this.sumS, this.compS, slow);
    }
    if (i + 1 < slow) return NaN;
    const m = this.f - this.s;
    if (i >= warm) this.g = this.g + this.ag * (m - this.g);
    else {
      const t = this.sumG + m;
      const b = t - this.sumG;
      this.compG += this.sumG - (t - b) + (m - b);
      this.sumG = t;
      if (i === warm - 1) this.g = seedMean(this.sumG, this.compG, this.signalPeriod);
    }
    if (i + 1 < warm) return NaN;
    this.isReady = true;
    this.macd = m;
    this.signal = this.g;
    this.histogram = m - this.g;
    return (this.value = m);
  }

  reset(): void {
    this.f = NaN;
    this.s = NaN;
    this.g = NaN;
    this.row = 0;
    this.sumF = 0;
    this.compF = 0;
    this.sumS = 0;
    this.compS = 0;
    this.sumG = 0;
    this.compG = 0;
    this.value = NaN;
    this.macd = NaN;
    this.signal = NaN;
    this.histogram = NaN;
    this.isReady = false;
  }
}

export interface MacdColumns {
  macd: Float64Array;
  signal: Float64Array;
  histogram: Float64Array;
}

/**
 * Batch twin: the three outputs after each row (NaN during warm-up), bit for bit the streaming values,
 * into `out` when given (arrays of the input's length; may be reused across calls). One fused pass: the
 * three EMA recursions, each seeded with the SMA of its first inputs (as in ema.ts) in turn.
 */
export function macdBatch(
  input: ArrayLike<number>,
  fast = 12,
  slow = 26,
  signal = 9,
  out?: MacdColumns,
): MacdColumns {
  checkParams(fast, slow, signal);
  const rows = input.length;
  const cols: MacdColumns = {
    macd: out?.macd ?? new Float64Array(rows),
    signal: out?.signal ?? new Float64Array(rows),
    histogram: out?.histogram ?? new Float64Array(rows),
  };
  // Per EMA (fast, slow, signal): seed sum, seed compensation, value.
  const state = new Float64Array(9);
  for (let from = 0; from < rows; from += BATCH_CHUNK)
    macdRows(input, fast, slow, signal, cols, from, Math.min(rows, from + BATCH_CHUNK), state);
  return cols;
}

function macdRows(
  input: ArrayLike<number>,
  fast: number,
  slow: number,
  signal: number,
  cols: MacdColumns,
  from: number,
  to: number,
  state: Float64Array,
): void {
  const warm = slow + signal - 1;
  let i = from < warm ? macdSeedRows(input, fast, slow, signal, cols, from, to, state) : from;
  // The recursions start from the state array, so they never merge with a call's (boxed) result.
  const { macd, signal: sig, histogram: hist } = cols;
  const af = 2 / (fast + 1);
  const as = 2 / (slow + 1);
  const ag = 2 / (signal + 1);
  let f = state[2]!;
  let s = state[5]!;
  let g = state[8]!;
  for (; i < to; i++) {
    const x = input[i]!;
    checkFinite('MACD', 'x', x);
    f = f + af * (x - f);
    s = s + as * (x - s);
    const m = f - s;
    g = g + ag * (m - g);
    macd[i] = m;
    sig[i] = g;
    hist[i] = m - g;
  }
  state[2] = f;
  state[5] = s;
  state[8] = g;
}

/** Rows until the signal EMA is warm (each EMA seeding in turn); returns the next row. */
function macdSeedRows(
  input: ArrayLike<number>,
  fast: number,
  slow: number,
  signal: number,
  cols: MacdColumns,
  from: number,
  to: number,
  state: Float64Array,
): number {
  const { macd, signal: sig, histogram: hist } = cols;
  const af = 2 / (fast + 1);
  const as = 2 / (slow + 1);
  const warm = slow + signal - 1;
  let sumF = state[0]!;
  let compF = state[1]!;
  let f = state[2]!;
  let sumS = state[3]!;
  let compS = state[4]!;
  let s = state[5]!;
  let sumG = state[6]!;
  let compG = state[7]!;
  let g = state[8]!;
  let i = from;
  for (; i < to && i < warm; i++) {
    const x = input[i]!;
    checkFinite('MACD', 'x', x);
    if (i >= fast) f = f + af * (x - f);
    else {
      const t = sumF + x;
      const b = t - sumF;
      compF += sumF - (t - b) + (x - b);
      sumF = t;
      if (i === fast - 1) f = seedMean(sumF, compF, fast);
    }
    if (i >= slow) s = s + as * (x - s);
    else {
      const t = sumS + x;
      const b = t - sumS;
      compS += sumS - (t - b) + (x - b);
      sumS = t;
      if (i === slow - 1) s = seedMean(sumS, compS, slow);
    }
    if (i + 1 < slow) {
      macd[i] = sig[i] = hist[i] = NaN;
      continue;
    }
    const m = f - s;
    const t = sumG + m;
    const b = t - sumG;
    compG += sumG - (t - b) + (m - b);
    sumG = t;
    if (i === warm - 1) g = seedMean(sumG, compG, signal);
    if (i + 1 < warm) {
      macd[i] = sig[i] = hist[i] = NaN;
      continue;
    }
    macd[i] = m;
    sig[i] = g;
    hist[i] = m - g;
  }
  state[0] = sumF;
  state[1] = compF;
  state[2] = f;
  state[3] = sumS;
  state[4] = compS;
  state[5] = s;
  state[6] = sumG;
  state[7] = compG;
  state[8] = g;
  return i;
}
