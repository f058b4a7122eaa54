/**
 * Ichimoku kinko hyo, streaming (`Ichimoku`) and batch (`ichimokuBatch`). Outputs: `tenkan` (= value),
 * `kijun`, `senkouA`, `senkouB`, `chikou`, `cloudA`, `cloudB`.
 *
 * With mid(n) = (highest high + lowest low) / 2 over the last n bars, current bar included:
 * tenkan = mid(9), kijun = mid(26), senkouA = (tenkan + kijun) / 2, senkouB = mid(52), chikou = close.
 * No lookahead: every output at update t is computed from bars up to t only. A chart shifts three of
 * them: senkouA and senkouB computed at t are drawn `displacement` (26) bars ahead, at t + 26, and chikou
 * (the close of t) 26 bars back. This class does not shift anything into the past or future; it outputs
 * the spans as computed at t (to plot at t + 26), and, for decisions at t, the cloud in force at t:
 * cloudA = senkouA computed at t − 26, cloudB = senkouB computed at t − 26, read from a ring of the last
 * 26 span values. (Charts that count the current bar in the shift, e.g. TradingView's built-in script,
 * shift by displacement − 1: pass 25 for that.)
 * Warm-up: max(tenkan, kijun, senkouB periods) + displacement updates (78 by default): the cloud in force
 * needs spans from 26 bars back, and every output waits for it (the contract).
 * Exactness: highs and lows are inputs (monotonic deques from rolling-minmax.ts, O(1) amortised); each
 * midpoint has one rounding. The batch twin runs the same instance code, so it agrees bit for bit.
 * Allocation: none in the update itself. Limit: with its six deques the update is near the most
 * bytecode V8 inlines into one caller; where a caller cannot inline it, the double it returns is boxed
 * (one 16-byte heap number per update; seen in a bare loop, not in the bench's: gc_events 0).
 */
import { checkPeriod, type Indicator, type OhlcvColumns, type OhlcvInput } from './contract.js';
import { rejectNonFinite } from './bar-check.js';
import { MaxDeque } from './rolling-minmax.js';

const OUTPUTS: readonly string[] = ['tenkan', 'kijun', 'senkouA', 'senkouB', 'chikou', 'cloudA', 'cloudB'];
const HLC: readonly string[] = ['high', 'low', 'close'];

export interface IchimokuOptions {
  /** Conversion line period (default 9). */
  tenkan?: number;
  /** Base line period (default 26). */
  kijun?: number;
  /** Leading span B period (default 52). */
  senkouB?: number;
  /** Bars the spans are drawn ahead of the bar they are computed on (default 26). */
  displacement?: number;
}

/**
 * Midpoint of the highest high and lowest low over a window: two monotonic deques. `push()` reads the
 * bar from the shared `bar` array ([high, low]) and takes no arguments: three of these (six deques) are
 * more than V8 inlines into one update, and a double passed to a call that is not inlined is boxed.
 */
class MidRange {
  private readonly highs: MaxDeque;
  private readonly negLows: MaxDeque;
  /** (highest high + lowest low) / 2 of the window after the last push (partial until it is full). */
  mid = NaN;

  constructor(
    readonly period: number,
    private readonly bar: Float64Array,
  ) {
    this.highs = new MaxDeque(period);
    this.negLows = new MaxDeque(period);
  }

  push(): void {
    this.mid = (this.highs.push(this.bar[0]!) - this.negLows.push(-this.bar[1]!)) / 2;
  }

  reset(): void {
    this.highs.reset();
    this.negLows.reset();
    this.mid = NaN;
  }
}

export class Ichimoku implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  readonly tenkanPeriod: number;
  readonly kijunPeriod: number;
  readonly senkouBPeriod: number;
  readonly displacement: number;
  value = NaN;
  tenkan = NaN;
  kijun = NaN;
  senkouA = NaN;
  senkouB = NaN;
  chikou = NaN;
  cloudA = NaN;
  cloudB = NaN;
  isReady = false;
  private readonly tenkanRange: MidRange;
  private readonly kijunRange: MidRange;
  private readonly senkouBRange: MidRange;
  /** The bar being pushed, [high, low], read by the three ranges. */
  private readonly bar = new Float64Array(2);
  /**
   * senkouA / senkouB of the last `displacement` updates; slot `pos` holds the oldest. Spans from before
   * the windows filled are stored too but never published: at warm-up the oldest is from update
   * max(periods), whose windows were full.
   */
  private readonly pastA: Float64Array;
  private readonly pastB: Float64Array;
  private pos = 0;
  private count = 0;

  constructor(options: IchimokuOptions = {}) {
    this.tenkanPeriod = checkPeriod('Ichimoku', 'tenkan', options.tenkan ?? 9);
    this.kijunPeriod = checkPeriod('Ichimoku', 'kijun', options.kijun ?? 26);
    this.senkouBPeriod = checkPeriod('Ichimoku', 'senkouB', options.senkouB ?? 52);
    this.displacement = checkPeriod('Ichimoku', 'displacement', options.displacement ?? 26);
    this.warmup = Math.max(this.tenkanPeriod, this.kijunPeriod, this.senkouBPeriod) + this.displacement;
    this.tenkanRange = new MidRange(this.tenkanPeriod, this.bar);
    this.kijunRange = new MidRange(this.kijunPeriod, this.bar);
    this.senkouBRange = new MidRange(this.senkouBPeriod, this.bar);
    this.pastA = new Float64Array(this.displacement).fill(NaN);
    this.pastB = new Float64Array(this.displacement).fill(NaN);
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
    if (sum - sum !== 0) rejectNonFinite('Ichimoku', HLC, high, low, close);
    const count = this.count < this.warmup ? ++this.count : this.count;
    this.bar[0] = high;
    this.bar[1] = low;
    this.tenkanRange.push();
    this.kijunRange.push();
    this.senkouBRange.push();
    const tenkan = this.tenkanRange.mid;
    const kijun = this.kijunRange.mid;
    const spanB = this.senkouBRange.mid;
    const spanA = (tenkan + kijun) / 2;
    const pos = this.pos;
    const cloudA = this.pastA[pos]!;
    const cloudB = this.pastB[pos]!;
    this.pastA[pos] = spanA;
    this.pastB[pos] = spanB;
    this.pos = pos + 1 === this.displacement ? 0 : pos + 1;
    if (count < this.warmup) return;
    this.isReady = true;
    this.tenkan = tenkan;
    this.kijun = kijun;
    this.senkouA = spanA;
    this.senkouB = spanB;
    this.chikou = close;
    this.cloudA = cloudA;
    this.cloudB = cloudB;
    this.value = tenkan;
  }

  reset(): void {
    this.value = this.tenkan = this.kijun = this.senkouA = this.senkouB = NaN;
    this.chikou = this.cloudA = this.cloudB = NaN;
    this.isReady = false;
    this.tenkanRange.reset();
    this.kijunRange.reset();
    this.senkouBRange.reset();
    this.pastA.fill(NaN);
    this.pastB.fill(NaN);
    this.pos = 0;
    this.count = 0;
  }
}

export type IchimokuColumns = Record<
  'tenkan' | 'kijun' | 'senkouA' | 'senkouB' | 'chikou' | 'cloudA' | 'cloudB',
  Float64Array
>;

/** Batch twin: row i of each output = that output after row i (NaN during warm-up). */
export function ichimokuBatch(
  cols: Pick<OhlcvColumns, 'high' | 'low' | 'close'>,
  options: IchimokuOptions = {},
): IchimokuColumns {
  const { high, low, close } = cols;
  const n = close.length;
  const col = () => new Float64Array(n);
  const out: IchimokuColumns = {
    tenkan: col(),
    kijun: col(),
    senkouA: col(),
    senkouB: col(),
    chikou: col(),
    cloudA: col(),
    cloudB: col(),
  };
  const ind = new Ichimoku(options);
  for (let i = 0; i < n; i++) {
    out.tenkan[i] = ind.updateHighLowClose(high[i]!, low[i]!, close[i]!);
    out.kijun[i] = ind.kijun;
    out.senkouA[i] = ind.senkouA;
    out.senkouB[i] = ind.senkouB;
    out.chikou[i] = ind.chikou;
    out.cloudA[i] = ind.cloudA;
    out.cloudB[i] = ind.cloudB;
  }
  return out;
}
