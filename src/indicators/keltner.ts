/**
 * Keltner channel (the modern form: Raschke / StockCharts), streaming (`Keltner`) and batch
 * (`keltnerBatch`). Outputs: `middle` (= value), `upper`, `lower`.
 *
 * middle = EMA(close, emaPeriod) (ema.ts: seeded with the SMA of its first `emaPeriod` closes),
 * upper / lower = middle ± multiplier·ATR(atrPeriod) (atr.ts: Wilder's ATR, warm after atrPeriod + 1 bars).
 * Defaults 20, 10, 2. (Keltner's 1960 original used a 10-day SMA of the typical price and the average
 * high − low range; technicalindicators' default multiplier is 1.)
 * Warm-up: max(emaPeriod, atrPeriod + 1) updates. Exactness: as its two parts (no running sums), plus
 * one multiplication and one addition per band. O(1), allocation-free per update; the batch twin runs the
 * same instance code, so it agrees bit for bit.
 */
import { checkPeriod, type Indicator, type OhlcvColumns, type OhlcvInput } from './contract.js';
import { rejectNonFinite } from './bar-check.js';
import { ATR } from './atr.js';
import { EMA } from './ema.js';
import { UsageError } from '../core/errors.js';

const OUTPUTS: readonly string[] = ['middle', 'upper', 'lower'];
const HLC: readonly string[] = ['high', 'low', 'close'];

export class Keltner implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  middle = NaN;
  upper = NaN;
  lower = NaN;
  isReady = false;
  private readonly ema: EMA;
  private readonly atr: ATR;

  constructor(
    readonly emaPeriod = 20,
    readonly atrPeriod = 10,
    readonly multiplier = 2,
  ) {
    checkPeriod('Keltner', 'emaPeriod', emaPeriod);
    checkPeriod('Keltner', 'atrPeriod', atrPeriod);
    if (!(multiplier >= 0 && multiplier < Infinity))
      throw new UsageError(`Keltner: multiplier must be a finite number >= 0, got ${multiplier}`);
    this.ema = new EMA(emaPeriod);
    this.atr = new ATR(atrPeriod);
    this.warmup = Math.max(this.ema.warmup, this.atr.warmup);
  }

  update(bar: OhlcvInput): number {
    return this.updateHighLowClose(bar.high, bar.low, bar.close);
  }

  /** The same update from plain numbers (research code, batch loops). */
  updateHighLowClose(high: number, low: number, close: number): number {
    // Checked here (both parts check too) so that a bad high or low cannot leave the EMA updated alone.
    const sum = high + low + close;
    if (sum - sum !== 0) rejectNonFinite('Keltner', HLC, high, low, close);
    const middle = this.ema.update(close);
    const atr = this.atr.updateHighLowClose(high, low, close);
    if (!this.isReady) {
      if (!this.ema.isReady || !this.atr.isReady) return this.value;
      this.isReady = true;
    }
    const offset = this.multiplier * atr;
    this.middle = middle;
    this.upper = middle + offset;
    this.lower = middle - offset;
    return (this.value = middle);
  }

  reset(): void {
    this.value = this.middle = this.upper = this.lower = NaN;
    this.isReady = false;
    this.ema.reset();
    this.atr.reset();
  }
}

export interface KeltnerColumns {
  middle: Float64Array;
  upper: Float64Array;
  lower: Float64Array;
}

/** Batch twin: row i of each output = that output after row i (NaN during warm-up). */
export function keltnerBatch(
  cols: Pick<OhlcvColumns, 'high' | 'low' | 'close'>,
  emaPeriod = 20,
  atrPeriod = 10,
  multiplier = 2,
): KeltnerColumns {
  const { high, low, close } = cols;
  const n = close.length;
  const out: KeltnerColumns = {
    middle: new Float64Array(n),
    upper: new Float64Array(n),
    lower: new Float64Array(n),
  };
  const kc = new Keltner(emaPeriod, atrPeriod, multiplier);
  for (let i = 0; i < n; i++) {
    out.middle[i] = kc.updateHighLowClose(high[i]!, low[i]!, close[i]!);
    out.upper[i] = kc.upper;
    out.lower[i] = kc.lower;
  }
  return out;
}
