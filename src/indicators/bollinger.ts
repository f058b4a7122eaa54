/**
 * Bollinger Bands, streaming (`BollingerBands`) and batch (`bollingerBatch`).
 *
 * Formulas over the last `period` inputs (defaults 20, k = 2): middle = SMA; σ = population standard
 * deviation (divisor n, Bollinger's convention); upper = middle + k·σ; lower = middle − k·σ;
 * bandwidth = (upper − lower) / middle (NaN when middle is 0, e.g. a series around zero — documented, the
 * only NaN after warm-up); percentB = (x − lower) / (upper − lower), 0.5 when the bands coincide (σ = 0,
 * so x = middle). Outputs: middle (= value), upper, lower, bandwidth, percentB. Warm-up: `period` updates.
 * Exactness: middle is bit for bit the SMA of the same inputs; σ from the same window moments as StdDev
 * (moments.ts: compensated double-double sums, no drift, σ within about an ulp); then one multiplication
 * and one addition per band. O(1), allocation-free per update; bandwidth and percentB are computed when
 * read (getters), keeping the update lean. The batch twin gives the same values bit for bit.
 */
import { checkFinite, checkPeriod, type Indicator } from './contract.js';
import { UsageError } from '../core/errors.js';
import { BATCH_CHUNK, checkNoAlias } from './sma.js';
import { WindowMoments, windowMomentsBatch } from './moments.js';

const OUTPUTS: readonly string[] = ['middle', 'upper', 'lower', 'bandwidth', 'percentB'];

function checkK(k: number): number {
  if (!(k > 0 && k < Infinity)) throw new UsageError(`BollingerBands: k must be a positive number, got ${k}`);
  return k;
}

export class BollingerBands implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  middle = NaN;
  upper = NaN;
  lower = NaN;
  isReady = false;
  private readonly m: WindowMoments;
  private last = NaN;

  constructor(
    readonly period = 20,
    readonly k = 2,
  ) {
    checkPeriod('BollingerBands', 'period', period);
    checkK(k);
    this.warmup = period;
    this.m = new WindowMoments(period);
  }

  update(x: number): number {
    checkFinite('BollingerBands', 'x', x);
    const m = this.m;
    m.push(x);
    if (!m.isReady) return NaN;
    const mid = m.mean;
    const w = this.k * Math.sqrt(m.variance);
    this.isReady = true;
    this.last = x;
    this.value = mid;
    this.middle = mid;
    this.upper = mid + w;
    this.lower = mid - w;
    return mid;
  }

  /** (upper − lower) / middle; NaN before warm and when middle is 0. Computed on read (off the hot path). */
  get bandwidth(): number {
    const mid = this.middle;
    return mid !== 0 ? (this.upper - this.lower) / mid : NaN;
  }

  /** (x − lower) / (upper − lower) for the last input; ½ when the bands coincide. Computed on read. */
  get percentB(): number {
    const width = this.upper - this.lower;
    return width > 0 ? (this.last - this.lower) / width : width === 0 ? 0.5 : NaN;
  }

  reset(): void {
    this.m.reset();
    this.value = NaN;
    this.middle = NaN;
    this.upper = NaN;
    this.lower = NaN;
    this.last = NaN;
    this.isReady = false;
  }
}

export interface BollingerColumns {
  middle: Float64Array;
  upper: Float64Array;
  lower: Float64Array;
  bandwidth: Float64Array;
  percentB: Float64Array;
}

/**
 * Batch twin: every output after each row (NaN during warm-up), bit for bit the streaming values, into
 * `out` when given (arrays of the input's length, not sharing memory with it; may be reused).
 */
export function bollingerBatch(
  input: ArrayLike<number>,
  period = 20,
  k = 2,
  out?: BollingerColumns,
): BollingerColumns {
  checkPeriod('BollingerBands', 'period', period);
  checkK(k);
  const rows = input.length;
  const middle = out?.middle ?? new Float64Array(rows);
  const upper = out?.upper ?? new Float64Array(rows);
  const lower = out?.lower ?? new Float64Array(rows);
  const bandwidth = out?.bandwidth ?? new Float64Array(rows);
  const percentB = out?.percentB ?? new Float64Array(rows);
  for (const col of [lower, bandwidth, percentB]) checkNoAlias('BollingerBands', input, col);
  const cols = { middle, upper, lower, bandwidth, percentB };
  // `upper` holds the variance until it is turned into the band.
  windowMomentsBatch('BollingerBands', input, period, middle, upper);
  for (let from = 0; from < rows; from += BATCH_CHUNK)
    bandRows(input, k, cols, from, Math.min(rows, from + BATCH_CHUNK));
  return cols;
}

function bandRows(
  input: ArrayLike<number>,
  k: number,
  cols: BollingerColumns,
  from: number,
  to: number,
): void {
  const { middle, upper, lower, bandwidth, percentB } = cols;
  for (let i = from; i < to; i++) {
    const mid = middle[i]!;
    const w = k * Math.sqrt(upper[i]!);
    const up = mid + w;
    const low = mid - w;
    const width = up - low;
    upper[i] = up;
    lower[i] = low;
    bandwidth[i] = mid !== 0 ? width / mid : NaN;
    percentB[i] = width > 0 ? (input[i]! - low) / width : width === 0 ? 0.5 : NaN;
  }
}
