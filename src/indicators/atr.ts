/**
 * True range and average true range (Wilder, 1978), streaming (`TrueRange`, `ATR`) and batch
 * (`trueRangeBatch`, `atrBatch`).
 *
 * True range of bar t: max(high, prevClose) − min(low, prevClose), i.e. max(h − l, |h − pc|, |l − pc|). It
 * needs the previous close, so the first bar has none (TA-Lib's convention; trading-signals instead counts
 * the first bar's h − l): TrueRange warms up in 2 updates.
 * ATR: Wilder average of the true range (wilder.ts: seeded with the simple mean of the first `period`
 * true ranges, then atr ← atr + (tr − atr)·(1/period)). Warm-up: period + 1 updates.
 * Exactness: as WilderMA (compensated seed, then one rounding per update, no drift). O(1), allocation-free
 * per update; once warm the recursion continues inline on `value` with WilderMA's arithmetic (no call).
 * The batch twins run the same instance code, so they agree bit for bit.
 * Inputs: high, low, close (checked finite before any state changes); high >= low is not checked.
 */
import { checkPeriod, type Indicator, type OhlcvColumns, type OhlcvInput } from './contract.js';
import { rejectNonFinite } from './bar-check.js';
import { WilderMA } from './wilder.js';

const OUTPUTS: readonly string[] = ['value'];
const HLC: readonly string[] = ['high', 'low', 'close'];

export class TrueRange implements Indicator {
  readonly warmup = 2;
  readonly outputs = OUTPUTS;
  value = NaN;
  isReady = false;
  private prevClose = NaN;

  update(bar: OhlcvInput): number {
    return this.updateHighLowClose(bar.high, bar.low, bar.close);
  }

  /** The same update from plain numbers (research code, batch loops). */
  updateHighLowClose(high: number, low: number, close: number): number {
    const sum = high + low + close;
    if (sum - sum !== 0) rejectNonFinite('TrueRange', HLC, high, low, close);
    const pc = this.prevClose;
    this.prevClose = close;
    if (pc !== pc) return this.value;
    this.isReady = true;
    return (this.value = (high > pc ? high : pc) - (low < pc ? low : pc));
  }

  reset(): void {
    this.value = NaN;
    this.isReady = false;
    this.prevClose = NaN;
  }
}

export class ATR implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  isReady = false;
  private prevClose = NaN;
  private readonly ma: WilderMA;
  private readonly weight: number;

  constructor(readonly period = 14) {
    checkPeriod('ATR', 'period', period);
    this.warmup = period + 1;
    this.ma = new WilderMA(period);
    this.weight = 1 / period;
  }

  update(bar: OhlcvInput): number {
    return this.updateHighLowClose(bar.high, bar.low, bar.close);
  }

  /** The same update from plain numbers (research code, batch loops). */
  updateHighLowClose(high: number, low: number, close: number): number {
    const sum = high + low + close;
    if (sum - sum !== 0) rejectNonFinite('ATR', HLC, high, low, close);
    const pc = this.prevClose;
    this.prevClose = close;
    const tr = (high > pc ? high : pc) - (low < pc ? low : pc);
    // Warm: WilderMA's recursion inlined on `value` (same arithmetic, no call).
    if (this.isReady) return (this.value += (tr - this.value) * this.weight);
    if (pc !== pc) return this.value;
    const atr = this.ma.update(tr);
    if (!this.ma.isReady) return this.value;
    this.isReady = true;
    return (this.value = atr);
  }

  reset(): void {
    this.value = NaN;
    this.isReady = false;
    this.prevClose = NaN;
    this.ma.reset();
  }
}

type HlcColumns = Pick<OhlcvColumns, 'high' | 'low' | 'close'>;

/** Batch twin of TrueRange: out[i] = true range of row i (NaN for row 0). */
export function trueRangeBatch(
  cols: HlcColumns,
  out: Float64Array = new Float64Array(cols.close.length),
): Float64Array {
  const tr = new TrueRange();
  const { high, low, close } = cols;
  for (let i = 0; i < close.length; i++) out[i] = tr.updateHighLowClose(high[i]!, low[i]!, close[i]!);
  return out;
}

/** Batch twin of ATR: out[i] = ATR after row i (NaN during warm-up). */
export function atrBatch(
  cols: HlcColumns,
  period = 14,
  out: Float64Array = new Float64Array(cols.close.length),
): Float64Array {
  const atr = new ATR(period);
  const { high, low, close } = cols;
  for (let i = 0; i < close.length; i++) out[i] = atr.updateHighLowClose(high[i]!, low[i]!, close[i]!);
  return out;
}
