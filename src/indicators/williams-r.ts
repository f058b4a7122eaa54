/**
 * Williams %R, streaming (`WilliamsR`) and batch (`williamsRBatch`).
 *
 * Formula: %R = −100·(HH − close) / (HH − LL) over the last `period` bars (HH = highest high, LL = lowest
 * low, current bar included), in [−100, 0] for closes inside their bars; −50 when HH = LL (no range).
 * It is the fast stochastic's raw %K minus 100, up to rounding. Warm-up: `period` updates.
 * Exactness: HH and LL are inputs (monotonic deques from rolling-minmax.ts, O(1) amortised), then two
 * roundings. Allocation-free per update; the batch twin runs the same instance code (bit for bit).
 */
import { checkPeriod, type Indicator, type OhlcvColumns, type OhlcvInput } from './contract.js';
import { rejectNonFinite } from './bar-check.js';
import { MaxDeque } from './rolling-minmax.js';

const OUTPUTS: readonly string[] = ['value'];
const HLC: readonly string[] = ['high', 'low', 'close'];

export class WilliamsR implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  isReady = false;
  private readonly highs: MaxDeque;
  private readonly negLows: MaxDeque;
  private count = 0;

  constructor(readonly period = 14) {
    checkPeriod('WilliamsR', 'period', period);
    this.warmup = period;
    this.highs = new MaxDeque(period);
    this.negLows = new MaxDeque(period);
  }

  update(bar: OhlcvInput): number {
    return this.updateHighLowClose(bar.high, bar.low, bar.close);
  }

  /** The same update from plain numbers (research code, batch loops). */
  updateHighLowClose(high: number, low: number, close: number): number {
    const sum = high + low + close;
    if (sum - sum !== 0) rejectNonFinite('WilliamsR', HLC, high, low, close);
    const hh = this.highs.push(high);
    const ll = -this.negLows.push(-low);
    if (!this.isReady) {
      if (++this.count < this.period) return this.value;
      this.isReady = true;
    }
    const range = hh - ll;
    return (this.value = range === 0 ? -50 : (-100 * (hh - close)) / range);
  }

  reset(): void {
    this.value = NaN;
    this.isReady = false;
    this.highs.reset();
    this.negLows.reset();
    this.count = 0;
  }
}

/** Batch twin: out[i] = %R after row i (NaN during warm-up). */
export function williamsRBatch(
  cols: Pick<OhlcvColumns, 'high' | 'low' | 'close'>,
  period = 14,
  out: Float64Array = new Float64Array(cols.close.length),
): Float64Array {
  const wr = new WilliamsR(period);
  const { high, low, close } = cols;
  for (let i = 0; i < close.length; i++) out[i] = wr.updateHighLowClose(high[i]!, low[i]!, close[i]!);
  return out;
}
