/**
 * On-balance volume (Granville, 1963), streaming (`OBV`) and batch (`obvBatch`).
 *
 * Formula: the first bar sets OBV = 0 (there is no previous close to compare with); afterwards
 * OBV ← OBV + volume if close > prevClose, − volume if close < prevClose, unchanged if equal.
 * Warm-up: 1 update. Only differences of OBV carry meaning; libraries that start from the first bar's
 * volume differ by that constant.
 * Exactness: the running total is Neumaier-compensated (value = sum + correction), so fractional volumes
 * do not accumulate rounding error over millions of bars; integer volumes stay exact below 2^53.
 * O(1), allocation-free per update; the batch twin runs the same instance code, so it agrees bit for bit.
 */
import { type Indicator, type OhlcvColumns, type OhlcvInput } from './contract.js';
import { rejectNonFinite } from './bar-check.js';

const OUTPUTS: readonly string[] = ['value'];
const CLOSE_VOLUME: readonly string[] = ['close', 'volume'];

export class OBV implements Indicator {
  readonly warmup = 1;
  readonly outputs = OUTPUTS;
  value = NaN;
  isReady = false;
  private prevClose = NaN;
  private sum = 0;
  private comp = 0;

  update(bar: OhlcvInput): number {
    return this.updateCloseVolume(bar.close, bar.volume);
  }

  /** The same update from plain numbers (research code, batch loops). */
  updateCloseVolume(close: number, volume: number): number {
    const sum = close + volume;
    if (sum - sum !== 0) rejectNonFinite('OBV', CLOSE_VOLUME, close, volume);
    const pc = this.prevClose;
    this.prevClose = close;
    this.isReady = true;
    if (close > pc) this.add(volume);
    else if (close < pc) this.add(-volume);
    return (this.value = this.sum + this.comp);
  }

  private add(x: number): void {
    const s = this.sum;
    const t = s + x;
    this.comp += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    this.sum = t;
  }

  reset(): void {
    this.value = NaN;
    this.isReady = false;
    this.prevClose = NaN;
    this.sum = 0;
    this.comp = 0;
  }
}

/** Batch twin: out[i] = OBV after row i. */
export function obvBatch(
  cols: Pick<OhlcvColumns, 'close' | 'volume'>,
  out: Float64Array = new Float64Array(cols.close.length),
): Float64Array {
  const obv = new OBV();
  const { close, volume } = cols;
  for (let i = 0; i < close.length; i++) out[i] = obv.updateCloseVolume(close[i]!, volume[i]!);
  return out;
}
