/**
 * Parabolic stop-and-reverse (Wilder, 1978), streaming (`PSAR`) and batch (`psarBatch`). Outputs: `value`
 * (the SAR in force for the bar just seen) and `direction` (+1 long, −1 short).
 *
 * Start (bar 2; bar 1 only sets the reference): short if bar 2's −DM > 0 (prevLow − low > 0 and greater
 * than high − prevHigh, TA-Lib's rule), else long. Long: SAR = lowest low of bars 1–2, EP = highest high of
 * bars 1–2; short mirrored; AF = `step`. So the first SAR never lies inside bar 2.
 * Each later bar: SAR ← SAR + AF·(EP − SAR), then (long) no higher than the lows of the two previous bars;
 * a new high sets EP and raises AF by `step` up to `max`; a low strictly below the SAR reverses: SAR = EP
 * (the old trend's extreme, this bar included), EP = this bar's low, AF = `step`. Short mirrored.
 * Standard parameters: step 0.02 (also the starting AF), max 0.2. Warm-up: 2 updates.
 * After its first reversals the path is the same as technicalindicators' PSAR (which starts long on bar 1);
 * trading-signals uses a different clamp. Exactness: the same few operations per bar as the textbook
 * recursion, no sums. O(1), allocation-free; the batch twin runs the same instance code (bit for bit).
 * Inputs: high and low only.
 */
import { type Indicator, type OhlcvColumns, type OhlcvInput } from './contract.js';
import { rejectNonFinite } from './bar-check.js';
import { UsageError } from '../core/errors.js';

const OUTPUTS: readonly string[] = ['value', 'direction'];
const HIGH_LOW: readonly string[] = ['high', 'low'];

export class PSAR implements Indicator {
  readonly warmup = 2;
  readonly outputs = OUTPUTS;
  value = NaN;
  direction = NaN;
  isReady = false;
  private count = 0;
  private long = true;
  private ep = NaN;
  private af = 0;
  private prevHigh = NaN;
  private prevLow = NaN;
  private prev2High = NaN;
  private prev2Low = NaN;

  constructor(
    readonly step = 0.02,
    readonly max = 0.2,
  ) {
    if (!(step > 0 && step <= max && max < Infinity))
      throw new UsageError(`PSAR: need 0 < step <= max < Infinity, got step ${step}, max ${max}`);
  }

  update(bar: OhlcvInput): number {
    this.consume(bar.high, bar.low);
    return this.value;
  }

  /** The same update from plain numbers (research code, batch loops). */
  updateHighLow(high: number, low: number): number {
    this.consume(high, low);
    return this.value;
  }

  // The work is in a void method: a double returned from a call V8 does not inline is boxed (allocated),
  // so the two public entry points stay tiny (inlined) and read `value` after it.
  private consume(high: number, low: number): void {
    const sum = high + low;
    if (sum - sum !== 0) rejectNonFinite('PSAR', HIGH_LOW, high, low);
    const ph = this.prevHigh;
    const pl = this.prevLow;
    if (this.count >= 2) this.advance(high, low, ph, pl);
    else if (++this.count === 2) {
      // Start: short if bar 2's −DM is positive, else long; the first SAR lies outside bars 1–2.
      const up = high - ph;
      const down = pl - low;
      this.long = !(down > up && down > 0);
      const hh = high > ph ? high : ph;
      const ll = low < pl ? low : pl;
      this.value = this.long ? ll : hh;
      this.ep = this.long ? hh : ll;
      this.af = this.step;
      this.direction = this.long ? 1 : -1;
      this.isReady = true;
    }
    this.prev2High = ph;
    this.prev2Low = pl;
    this.prevHigh = high;
    this.prevLow = low;
  }

  private advance(high: number, low: number, ph: number, pl: number): void {
    let sar = this.value + this.af * (this.ep - this.value);
    if (this.long) {
      if (sar > pl) sar = pl;
      if (sar > this.prev2Low) sar = this.prev2Low;
      if (high > this.ep) {
        this.ep = high;
        this.accelerate();
      }
      if (low < sar) {
        this.reverse();
        this.ep = low;
      } else this.value = sar;
    } else {
      if (sar < ph) sar = ph;
      if (sar < this.prev2High) sar = this.prev2High;
      if (low < this.ep) {
        this.ep = low;
        this.accelerate();
      }
      if (high > sar) {
        this.reverse();
        this.ep = high;
      } else this.value = sar;
    }
  }

  // The rare steps take no arguments: a double passed to a call V8 does not inline is boxed.
  private accelerate(): void {
    // Math.min, not a conditional: `max` is a constructor-set field, and a conditional mixing it with a
    // fresh double makes V8 box the double.
    this.af = Math.min(this.af + this.step, this.max);
  }

  /** Price crossed the SAR: the old extreme becomes the new SAR (the caller sets the new EP). */
  private reverse(): void {
    this.long = !this.long;
    this.value = this.ep;
    this.af = this.step;
    this.direction = this.long ? 1 : -1;
  }

  reset(): void {
    this.value = this.direction = this.ep = NaN;
    this.isReady = false;
    this.count = 0;
    this.long = true;
    this.af = 0;
    this.prevHigh = this.prevLow = this.prev2High = this.prev2Low = NaN;
  }
}

export interface PsarColumns {
  value: Float64Array;
  direction: Float64Array;
}

/** Batch twin: row i of each output = that output after row i (NaN for row 0). */
export function psarBatch(cols: Pick<OhlcvColumns, 'high' | 'low'>, step = 0.02, max = 0.2): PsarColumns {
  const { high, low } = cols;
  const n = high.length;
  const out: PsarColumns = { value: new Float64Array(n), direction: new Float64Array(n) };
  const psar = new PSAR(step, max);
  for (let i = 0; i < n; i++) {
    out.value[i] = psar.updateHighLow(high[i]!, low[i]!);
    out.direction[i] = psar.direction;
  }
  return out;
}
