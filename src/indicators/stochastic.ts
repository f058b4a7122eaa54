/**
 * Stochastic oscillator (Lane), fast, slow and full, streaming (`Stochastic`) and batch
 * (`stochasticBatch`). Outputs: `k` (= value) and `d`.
 *
 * Raw %K = 100·(close − LL) / (HH − LL) over the last `period` bars (HH = highest high, LL = lowest low,
 * current bar included); 50 when HH = LL (no range: the close sits in the middle of nothing).
 * Full stochastic (period, kSmoothing, dPeriod): %K = SMA_kSmoothing(raw %K), %D = SMA_dPeriod(%K).
 * Fast = full(period, 1, 3): %K is the raw %K. Slow = full(period, 3, 3): %K = 3-period SMA of raw %K,
 * %D = 3-period SMA of that %K. The constructor's defaults (14, 3, 3) are the slow stochastic.
 * Warm-up: period + kSmoothing − 1 + dPeriod − 1 updates; %K exists dPeriod − 1 updates earlier but, like
 * every output, is published only once all are (the contract).
 * Exactness: HH and LL are inputs (monotonic deques from rolling-minmax.ts, O(1) amortised); the means
 * are running window sums recomputed exactly from their ring at every wrap (O(1) amortised), so rounding
 * never accumulates beyond one window (lighter than sma.ts's correctly rounded SMA, which would double
 * this indicator's time). The batch twin runs the same instance code, so it agrees bit for bit.
 * Allocation: none in the update itself. Limit: with its two deques the update is near the most
 * bytecode V8 inlines into one caller; where a caller cannot inline it, the double it returns is boxed
 * (one 16-byte heap number per update; seen in a bare loop, not in the bench's: gc_events 0).
 */
import { checkPeriod, type Indicator, type OhlcvColumns, type OhlcvInput } from './contract.js';
import { rejectNonFinite } from './bar-check.js';
import { MaxDeque } from './rolling-minmax.js';

const OUTPUTS: readonly string[] = ['k', 'd'];
const HLC: readonly string[] = ['high', 'low', 'close'];

/** Sum of a ring into sums[slot] (the exact recomputation at each wrap; no double crosses the call). */
function resum(ring: Float64Array, sums: Float64Array, slot: number): void {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) sum += ring[i]!;
  sums[slot] = sum;
}

export class Stochastic implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  k = NaN;
  d = NaN;
  isReady = false;
  private readonly highs: MaxDeque;
  private readonly negLows: MaxDeque;
  /** The last kSmoothing raw %K and the last dPeriod %K values. */
  private readonly kRing: Float64Array;
  private readonly dRing: Float64Array;
  /** Running sums of the two rings, then raw %K, %K and %D of the last update (a typed array: unboxed). */
  private readonly sums = new Float64Array(5);
  private kPos = 0;
  private dPos = 0;
  private count = 0;

  constructor(
    readonly period = 14,
    readonly kSmoothing = 3,
    readonly dPeriod = 3,
  ) {
    checkPeriod('Stochastic', 'period', period);
    checkPeriod('Stochastic', 'kSmoothing', kSmoothing);
    checkPeriod('Stochastic', 'dPeriod', dPeriod);
    this.warmup = period + kSmoothing - 1 + dPeriod - 1;
    this.highs = new MaxDeque(period);
    this.negLows = new MaxDeque(period);
    this.kRing = new Float64Array(kSmoothing);
    this.dRing = new Float64Array(dPeriod);
  }

  /** Fast stochastic: %K raw, %D its `dPeriod` SMA. */
  static fast(period = 14, dPeriod = 3): Stochastic {
    return new Stochastic(period, 1, dPeriod);
  }

  /** Slow stochastic: %K = `smoothing`-period SMA of raw %K, %D = `smoothing`-period SMA of %K. */
  static slow(period = 14, smoothing = 3): Stochastic {
    return new Stochastic(period, smoothing, smoothing);
  }

  update(bar: OhlcvInput): number {
    this.consume(bar.high, bar.low, bar.close);
    return this.value;
  }

  /** The same update from plain numbers (research code, batch loops). */
  updateHighLowClose(high: number, low: number, close: number): number {
    this.consume(high, low, close);
    return this.value;
  }

  // The work is in a void method: a double returned from a call V8 does not inline is boxed (allocated),
  // so the two public entry points stay tiny (inlined) and read `value` after it.
  private consume(high: number, low: number, close: number): void {
    const sum = high + low + close;
    if (sum - sum !== 0) rejectNonFinite('Stochastic', HLC, high, low, close);
    const hh = this.highs.push(high);
    const ll = -this.negLows.push(-low);
    const range = hh - ll;
    const sums = this.sums;
    sums[2] = range === 0 ? 50 : (100 * (close - ll)) / range;
    this.smooth();
    if (!this.isReady) {
      if (++this.count < this.warmup) return;
      this.isReady = true;
    }
    this.k = sums[3]!;
    this.d = sums[4]!;
    this.value = this.k;
  }

  /**
   * The two means, from raw %K in sums[2] to %K in sums[3] and %D in sums[4]. Numbers pass through the
   * typed array and the method takes no arguments: V8 may not inline it next to the two deques, and a
   * double crossing a call that is not inlined is boxed. Before `period` bars the values come from
   * partial windows; they have left both rings by update `warmup`.
   */
  private smooth(): void {
    const sums = this.sums;
    const kRing = this.kRing;
    let pos = this.kPos;
    sums[0] += sums[2]! - kRing[pos]!;
    kRing[pos] = sums[2]!;
    if (++pos === kRing.length) {
      pos = 0;
      resum(kRing, sums, 0);
    }
    this.kPos = pos;
    const k = (sums[3] = sums[0]! / kRing.length);
    const dRing = this.dRing;
    pos = this.dPos;
    sums[1] += k - dRing[pos]!;
    dRing[pos] = k;
    if (++pos === dRing.length) {
      pos = 0;
      resum(dRing, sums, 1);
    }
    this.dPos = pos;
    sums[4] = sums[1]! / dRing.length;
  }

  reset(): void {
    this.value = this.k = this.d = NaN;
    this.isReady = false;
    this.highs.reset();
    this.negLows.reset();
    this.kRing.fill(0);
    this.dRing.fill(0);
    this.sums.fill(0);
    this.kPos = this.dPos = this.count = 0;
  }
}

export interface StochasticColumns {
  k: Float64Array;
  d: Float64Array;
}

/** Batch twin of `new Stochastic(period, kSmoothing, dPeriod)`: k and d after each row (NaN in warm-up). */
export function stochasticBatch(
  cols: Pick<OhlcvColumns, 'high' | 'low' | 'close'>,
  period = 14,
  kSmoothing = 3,
  dPeriod = 3,
): StochasticColumns {
  const { high, low, close } = cols;
  const n = close.length;
  const out: StochasticColumns = { k: new Float64Array(n), d: new Float64Array(n) };
  const st = new Stochastic(period, kSmoothing, dPeriod);
  for (let i = 0; i < n; i++) {
    out.k[i] = st.updateHighLowClose(high[i]!, low[i]!, close[i]!);
    out.d[i] = st.d;
  }
  return out;
}
