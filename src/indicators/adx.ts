/**
 * Average directional index with the directional indicators (Wilder's DMI, 1978), streaming (`ADX`) and
 * batch (`adxBatch`). Outputs: `adx` (= value), `plusDi`, `minusDi`.
 *
 * From the second bar on: up = h − prevH, down = prevL − l; +DM = up if up > down and up > 0, else 0;
 * −DM = down if down > up and down > 0, else 0 (equal moves give no direction); TR = true range (atr.ts).
 * TR, +DM and −DM are Wilder-smoothed (wilder.ts: seeded with the simple mean of the first `period`
 * values, then s ← s + (x − s)·(1/period); Wilder's running sums differ only by the factor `period`, which
 * cancels in the ratios). +DI = sm(+DM)·(100 / sm(TR)), −DI likewise (0 when sm(TR) = 0: no range);
 * DX = 100·|+DI − −DI| / (+DI + −DI), computed as 100·|sm(+DM) − sm(−DM)| / (sm(+DM) + sm(−DM)) (sm(TR)
 * cancels; 0 when both are 0); ADX = Wilder average of DX, seeded the same way.
 * Warm-up: 2·period updates (DX exists from update period + 1, ADX needs `period` of them). The DIs are
 * published together with ADX (the contract: every output NaN until warm), so they appear from update
 * 2·period although they are defined from update period + 1.
 * Exactness: as WilderMA (compensated seeds, one rounding per step, no drift). O(1), allocation-free per
 * update; once warm the four averages continue on plain fields with WilderMA's arithmetic (one call
 * instead of five per bar). The batch twin runs the same instance code, so it agrees bit for bit.
 */
import { checkPeriod, type Indicator, type OhlcvColumns, type OhlcvInput } from './contract.js';
import { rejectNonFinite } from './bar-check.js';
import { WilderMA } from './wilder.js';

const OUTPUTS: readonly string[] = ['adx', 'plusDi', 'minusDi'];
const HLC: readonly string[] = ['high', 'low', 'close'];

/** DX from the smoothed DMs: the smoothed TR of the DIs cancels (100·|+DM − −DM| / (+DM + −DM)). */
function dxOf(pdm: number, mdm: number): number {
  const sum = pdm + mdm;
  return sum === 0 ? 0 : (100 * Math.abs(pdm - mdm)) / sum;
}

export class ADX implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  adx = NaN;
  plusDi = NaN;
  minusDi = NaN;
  isReady = false;
  private prevHigh = NaN;
  private prevLow = NaN;
  private prevClose = NaN;
  private readonly tr: WilderMA;
  private readonly plusDm: WilderMA;
  private readonly minusDm: WilderMA;
  private readonly dx: WilderMA;
  private readonly weight: number;
  private trAvg = 0;
  private plusAvg = 0;
  private minusAvg = 0;

  constructor(readonly period = 14) {
    checkPeriod('ADX', 'period', period);
    this.warmup = 2 * period;
    this.tr = new WilderMA(period);
    this.plusDm = new WilderMA(period);
    this.minusDm = new WilderMA(period);
    this.dx = new WilderMA(period);
    this.weight = 1 / period;
  }

  update(bar: OhlcvInput): number {
    return this.updateHighLowClose(bar.high, bar.low, bar.close);
  }

  /** The same update from plain numbers (research code, batch loops). */
  updateHighLowClose(high: number, low: number, close: number): number {
    const sum = high + low + close;
    if (sum - sum !== 0) rejectNonFinite('ADX', HLC, high, low, close);
    const ph = this.prevHigh;
    const pl = this.prevLow;
    const pc = this.prevClose;
    this.prevHigh = high;
    this.prevLow = low;
    this.prevClose = close;
    const up = high - ph;
    const down = pl - low;
    const trueRange = (high > pc ? high : pc) - (low < pc ? low : pc);
    const plusMove = up > down && up > 0 ? up : 0;
    const minusMove = down > up && down > 0 ? down : 0;
    if (!this.isReady) return this.warmUp(pc, trueRange, plusMove, minusMove);
    // Warm: the WilderMA recursion inlined on plain fields (same arithmetic, without four calls).
    const w = this.weight;
    const tr = (this.trAvg += (trueRange - this.trAvg) * w);
    const pdm = (this.plusAvg += (plusMove - this.plusAvg) * w);
    const mdm = (this.minusAvg += (minusMove - this.minusAvg) * w);
    const scale = tr === 0 ? 0 : 100 / tr;
    this.plusDi = pdm * scale;
    this.minusDi = mdm * scale;
    return (this.value = this.adx = this.adx + (dxOf(pdm, mdm) - this.adx) * w);
  }

  /** Until warm: seeds through WilderMA (compensated means), then hands the averages to the fast path. */
  private warmUp(pc: number, trueRange: number, plusMove: number, minusMove: number): number {
    if (pc !== pc) return this.value;
    const tr = this.tr.update(trueRange);
    const pdm = this.plusDm.update(plusMove);
    const mdm = this.minusDm.update(minusMove);
    if (!this.tr.isReady) return this.value;
    const adx = this.dx.update(dxOf(pdm, mdm));
    if (!this.dx.isReady) return this.value;
    this.isReady = true;
    this.trAvg = tr;
    this.plusAvg = pdm;
    this.minusAvg = mdm;
    const scale = tr === 0 ? 0 : 100 / tr;
    this.plusDi = pdm * scale;
    this.minusDi = mdm * scale;
    this.adx = adx;
    return (this.value = adx);
  }

  reset(): void {
    this.value = this.adx = this.plusDi = this.minusDi = NaN;
    this.isReady = false;
    this.prevHigh = this.prevLow = this.prevClose = NaN;
    this.trAvg = this.plusAvg = this.minusAvg = 0;
    this.tr.reset();
    this.plusDm.reset();
    this.minusDm.reset();
    this.dx.reset();
  }
}

export interface AdxColumns {
  adx: Float64Array;
  plusDi: Float64Array;
  minusDi: Float64Array;
}

/** Batch twin: row i of each output = that output after row i (NaN during warm-up). */
export function adxBatch(cols: Pick<OhlcvColumns, 'high' | 'low' | 'close'>, period = 14): AdxColumns {
  const { high, low, close } = cols;
  const n = close.length;
  const out: AdxColumns = {
    adx: new Float64Array(n),
    plusDi: new Float64Array(n),
    minusDi: new Float64Array(n),
  };
  const ind = new ADX(period);
  for (let i = 0; i < n; i++) {
    out.adx[i] = ind.updateHighLowClose(high[i]!, low[i]!, close[i]!);
    out.plusDi[i] = ind.plusDi;
    out.minusDi[i] = ind.minusDi;
  }
  return out;
}
