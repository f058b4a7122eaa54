/**
 * Commodity channel index (Lambert, 1980), streaming (`CCI`) and batch (`cciBatch`).
 *
 * Formula: typical price tp = (h + l + c) / 3; over the last `period` typical prices, mean = their simple
 * mean and md = their mean absolute deviation from that mean; CCI = (tp − mean) / (constant · md), with
 * Lambert's constant 0.015 by default. Both are computed on offsets from the current tp (same values in
 * exact arithmetic). md = 0 (all typical prices in the window equal) gives 0 instead of 0/0.
 * Warm-up: `period` updates.
 * Cost: O(period) per update, not O(1): the mean deviation is taken around the *current* mean, so every
 * term changes when the window moves and no running sum can carry it (the libraries recompute it too; an
 * order-statistics tree would make it O(log period), slower for the usual 20). Two tight passes over a
 * Float64Array ring; no allocation after construction.
 * Exactness: mean and deviation are recomputed from the window on every update, so nothing drifts.
 * The batch twin runs the same instance code, so it agrees bit for bit.
 */
import { checkPeriod, type Indicator, type OhlcvColumns, type OhlcvInput } from './contract.js';
import { rejectNonFinite } from './bar-check.js';
import { UsageError } from '../core/errors.js';

const OUTPUTS: readonly string[] = ['value'];
const HLC: readonly string[] = ['high', 'low', 'close'];

export class CCI implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  isReady = false;
  private readonly ring: Float64Array;
  private pos = 0;
  private count = 0;

  constructor(
    readonly period = 20,
    readonly constant = 0.015,
  ) {
    checkPeriod('CCI', 'period', period);
    if (!(constant > 0 && constant < Infinity))
      throw new UsageError(`CCI: constant must be a positive number, got ${constant}`);
    this.warmup = period;
    this.ring = new Float64Array(period);
  }

  update(bar: OhlcvInput): number {
    return this.updateHighLowClose(bar.high, bar.low, bar.close);
  }

  /** The same update from plain numbers (research code, batch loops). */
  updateHighLowClose(high: number, low: number, close: number): number {
    const hlc = high + low + close;
    if (hlc - hlc !== 0) rejectNonFinite('CCI', HLC, high, low, close);
    const tp = hlc / 3;
    const ring = this.ring;
    const n = this.period;
    ring[this.pos] = tp;
    this.pos = this.pos + 1 === n ? 0 : this.pos + 1;
    if (this.count < n && ++this.count < n) return this.value;
    // Offsets from the current tp: a window of equal prices gives exactly 0 and 0 (a plain mean of equal
    // values can be off by an ulp and turn a flat window into ±66.7), and tp − mean needs no cancellation.
    let offsetSum = 0;
    for (let i = 0; i < n; i++) offsetSum += ring[i]! - tp;
    const meanOffset = offsetSum / n;
    let dev = 0;
    for (let i = 0; i < n; i++) dev += Math.abs(ring[i]! - tp - meanOffset);
    const md = dev / n;
    this.isReady = true;
    return (this.value = md === 0 ? 0 : -meanOffset / (this.constant * md));
  }

  reset(): void {
    this.value = NaN;
    this.isReady = false;
    this.ring.fill(0);
    this.pos = 0;
    this.count = 0;
  }
}

/** Batch twin: out[i] = CCI after row i (NaN during warm-up). */
export function cciBatch(
  cols: Pick<OhlcvColumns, 'high' | 'low' | 'close'>,
  period = 20,
  constant = 0.015,
  out: Float64Array = new Float64Array(cols.close.length),
): Float64Array {
  const cci = new CCI(period, constant);
  const { high, low, close } = cols;
  for (let i = 0; i < close.length; i++) out[i] = cci.updateHighLowClose(high[i]!, low[i]!, close[i]!);
  return out;
}
