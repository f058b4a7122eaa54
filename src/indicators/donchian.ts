/**
 * Donchian channel, streaming (`Donchian`) and batch (`donchianBatch`).
 *
 * Formulas over the last n = `period` bars (default 20), the current bar included: upper = max(high),
 * lower = min(low), middle = (upper + lower) / 2. Outputs: upper, lower, middle (value = upper).
 * Warm-up: `period` updates. For a single price series pass it as both high and low
 * (`updateHighLow(x, x)`). Include-current is the usual charting convention; a breakout rule comparing a
 * bar with the channel of the bars *before* it should read the channel before updating it.
 * Exactness: upper and lower are inputs (monotonic deques, rolling-minmax.ts); middle has one rounding.
 * O(1) amortised, allocation-free per update.
 */
import { checkFinite, checkPeriod, type Indicator, type OhlcvInput } from './contract.js';
import { MaxDeque } from './rolling-minmax.js';
import { BATCH_CHUNK } from './sma.js';
import { UsageError } from '../core/errors.js';

const OUTPUTS: readonly string[] = ['upper', 'lower', 'middle'];

export class Donchian implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  upper = NaN;
  lower = NaN;
  middle = NaN;
  isReady = false;
  private readonly highs: MaxDeque;
  private readonly negLows: MaxDeque;
  private count = 0;

  constructor(readonly period = 20) {
    checkPeriod('Donchian', 'period', period);
    this.warmup = period;
    this.highs = new MaxDeque(period);
    this.negLows = new MaxDeque(period);
  }

  /** Updates with a bar's high and low (a BarView works). Returns the upper band. */
  update(bar: OhlcvInput): number {
    return this.updateHighLow(bar.high, bar.low);
  }

  updateHighLow(high: number, low: number): number {
    checkFinite('Donchian', 'high', high);
    checkFinite('Donchian', 'low', low);
    const up = this.highs.push(high);
    const lo = -this.negLows.push(-low);
    if (!this.isReady) {
      if (++this.count < this.period) return NaN;
      this.isReady = true;
    }
    this.upper = up;
    this.lower = lo;
    this.middle = (up + lo) / 2;
    return (this.value = up);
  }

  reset(): void {
    this.highs.reset();
    this.negLows.reset();
    this.count = 0;
    this.value = NaN;
    this.upper = NaN;
    this.lower = NaN;
    this.middle = NaN;
    this.isReady = false;
  }
}

export interface DonchianColumns {
  upper: Float64Array;
  lower: Float64Array;
  middle: Float64Array;
}

/**
 * Batch twin over high/low columns: every output after each row (NaN during warm-up), into `out` when
 * given (arrays of the input's length; may be reused across calls).
 */
export function donchianBatch(
  input: { readonly high: ArrayLike<number>; readonly low: ArrayLike<number> },
  period = 20,
  out?: DonchianColumns,
): DonchianColumns {
  checkPeriod('Donchian', 'period', period);
  const rows = input.high.length;
  if (input.low.length !== rows)
    throw new UsageError(`Donchian batch: high has ${rows} rows but low has ${input.low.length}`);
  const cols: DonchianColumns = {
    upper: out?.upper ?? new Float64Array(rows),
    lower: out?.lower ?? new Float64Array(rows),
    middle: out?.middle ?? new Float64Array(rows),
  };
  const highs = new MaxDeque(period);
  const negLows = new MaxDeque(period);
  for (let from = 0; from < rows; from += BATCH_CHUNK)
    channelRows(input, highs, negLows, cols, from, Math.min(rows, from + BATCH_CHUNK));
  return cols;
}

function channelRows(
  input: { readonly high: ArrayLike<number>; readonly low: ArrayLike<number> },
  highs: MaxDeque,
  negLows: MaxDeque,
  cols: DonchianColumns,
  from: number,
  to: number,
): void {
  const { high, low } = input;
  const { upper, lower, middle } = cols;
  const warm = highs.period - 1;
  for (let i = from; i < to; i++) {
    const h = high[i]!;
    const l = low[i]!;
    checkFinite('Donchian', 'high', h);
    checkFinite('Donchian', 'low', l);
    const up = highs.push(h);
    const lo = -negLows.push(-l);
    if (i < warm) {
      upper[i] = lower[i] = middle[i] = NaN;
      continue;
    }
    upper[i] = up;
    lower[i] = lo;
    middle[i] = (up + lo) / 2;
  }
}
