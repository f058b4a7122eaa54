/**
 * Session-anchored volume-weighted average price, streaming (`VWAP`) and batch (`vwapBatch`).
 *
 * Formula: within the current session, VWAP = Σ tp·volume / Σ volume with the typical price
 * tp = (h + l + c) / 3 of each bar; both sums restart with the first bar of each new session. A session
 * starts every day at `sessionStart` local time on a clock `utcOffsetMinutes` from UTC (default: UTC
 * midnight); a bar belongs to the session its start time `tsSec` falls in. The bar's time comes with it:
 * `update(bar)` reads `bar.tsSec` (BarView has it), so no clock outside the data is consulted.
 * Warm-up: 1 update. The value is NaN while the current session has traded no volume (VWAP is undefined
 * there; a zero-volume bar contributes nothing) — check `sessionVolume > 0` where that can happen.
 * Exactness: both sums are Neumaier-compensated, so long tick sessions do not accumulate rounding error.
 * O(1), allocation-free per update; the batch twin runs the same instance code, so it agrees bit for bit.
 * Limits: a fixed UTC offset (no daylight-saving rules: use the offset in force, or one VWAP per season);
 * any change of session number starts a new session, so out-of-order bars also restart it.
 */
import { type Indicator, type OhlcvColumns, type OhlcvInput } from './contract.js';
import { rejectNonFinite } from './bar-check.js';
import { UsageError } from '../core/errors.js';

const OUTPUTS: readonly string[] = ['value'];
const FIELDS: readonly string[] = ['tsSec', 'high', 'low', 'close', 'volume'];
const DAY = 86_400;

export interface VwapOptions {
  /** Local time of day at which each session starts, 'HH:MM' or 'HH:MM:SS' (default '00:00'). */
  sessionStart?: string;
  /** Offset of that local clock from UTC in minutes, e.g. −300 for New York standard time (default 0). */
  utcOffsetMinutes?: number;
}

/** Seconds after UTC midnight at which sessions start, from the options (validated). */
export function sessionAnchorSec(options: VwapOptions = {}): number {
  const start = options.sessionStart ?? '00:00';
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(start);
  const h = m ? Number(m[1]) : NaN;
  const min = m ? Number(m[2]) : NaN;
  const sec = m?.[3] !== undefined ? Number(m[3]) : 0;
  if (!(h < 24 && min < 60 && sec < 60))
    throw new UsageError(`VWAP: sessionStart must be a time of day 'HH:MM' or 'HH:MM:SS', got '${start}'`);
  const offset = options.utcOffsetMinutes ?? 0;
  if (!Number.isInteger(offset) || Math.abs(offset) > 18 * 60)
    throw new UsageError(`VWAP: utcOffsetMinutes must be an integer within ±1080, got ${offset}`);
  const local = h * 3600 + min * 60 + sec;
  return (((local - offset * 60) % DAY) + DAY) % DAY;
}

export class VWAP implements Indicator {
  readonly warmup = 1;
  readonly outputs = OUTPUTS;
  /** Session start, seconds after UTC midnight. */
  readonly anchorSec: number;
  value = NaN;
  isReady = false;
  /** Volume traded so far in the current session. */
  sessionVolume = 0;
  private session = NaN;
  private pv = 0;
  private pvComp = 0;
  private vol = 0;
  private volComp = 0;

  constructor(readonly options: VwapOptions = {}) {
    this.anchorSec = sessionAnchorSec(options);
  }

  update(bar: OhlcvInput & { readonly tsSec: number }): number {
    this.consume(bar.tsSec, bar.high, bar.low, bar.close, bar.volume);
    return this.value;
  }

  /** The same update from plain numbers (research code, batch loops); `tsSec`: bar start, Unix seconds. */
  updateBar(tsSec: number, high: number, low: number, close: number, volume: number): number {
    this.consume(tsSec, high, low, close, volume);
    return this.value;
  }

  // The work is in a void method: a double returned from a call V8 does not inline is boxed (allocated),
  // so the two public entry points stay tiny (inlined) and read `value` after it.
  private consume(tsSec: number, high: number, low: number, close: number, volume: number): void {
    const sum = tsSec + high + low + close + volume;
    if (sum - sum !== 0) rejectNonFinite('VWAP', FIELDS, tsSec, high, low, close, volume);
    const session = Math.floor((tsSec - this.anchorSec) / DAY);
    if (session !== this.session) {
      this.session = session;
      this.pv = this.pvComp = this.vol = this.volComp = 0;
    }
    this.isReady = true;
    const pv = ((high + low + close) / 3) * volume;
    let s = this.pv;
    let t = s + pv;
    this.pvComp += Math.abs(s) >= Math.abs(pv) ? s - t + pv : pv - t + s;
    this.pv = t;
    s = this.vol;
    t = s + volume;
    this.volComp += Math.abs(s) >= Math.abs(volume) ? s - t + volume : volume - t + s;
    this.vol = t;
    const v = t + this.volComp;
    this.sessionVolume = v;
    // No volume yet: Σ tp·volume is 0 too, and 0/0 is the NaN we want (no branch: a NaN constant in a
    // conditional makes V8 box the other arm).
    this.value = (this.pv + this.pvComp) / v;
  }

  reset(): void {
    this.value = NaN;
    this.isReady = false;
    this.sessionVolume = 0;
    this.session = NaN;
    this.pv = this.pvComp = this.vol = this.volComp = 0;
  }
}

export type VwapColumns = Pick<OhlcvColumns, 'high' | 'low' | 'close' | 'volume'> & {
  readonly tsSec: ArrayLike<number>;
};

/** Batch twin: out[i] = session VWAP after row i. */
export function vwapBatch(
  cols: VwapColumns,
  options: VwapOptions = {},
  out: Float64Array = new Float64Array(cols.close.length),
): Float64Array {
  const vwap = new VWAP(options);
  const { tsSec, high, low, close, volume } = cols;
  for (let i = 0; i < close.length; i++)
    out[i] = vwap.updateBar(tsSec[i]!, high[i]!, low[i]!, close[i]!, volume[i]!);
  return out;
}
