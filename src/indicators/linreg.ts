/**
 * Rolling linear-regression slope (least squares of the last `period` inputs against their position),
 * streaming (`LinRegSlope`) and batch (`linregSlopeBatch`).
 *
 * Formula with n = `period` (≥ 2), positions j = 0..n−1 (oldest first), c = (n−1)/2:
 * slope = Σ (j − c)·y_j / Σ (j − c)² = (T − c·S) / D, S = Σ y_j, T = Σ j·y_j, D = n(n² − 1)/12;
 * units: price per update (TA-Lib LINEARREG_SLOPE). Warm-up: `period` updates.
 * The slope is unchanged by shifting y, so S and T are kept for y − K with a centre K near the window's
 * mean (less cancellation). O(1) slide: T ← T − (S − y_old) + (n−1)·y_new, S ← S − y_old + y_new.
 * Exactness: periodic exact recomputation — once per `period` updates (when the ring wraps) K is reset
 * to the window mean and S, T are recomputed from the window, so errors never accumulate beyond one
 * period. O(1) amortised (O(period) once per `period` updates), allocation-free per update.
 */
import { checkFinite, checkPeriod, type Indicator } from './contract.js';
import { BATCH_CHUNK, checkNoAlias } from './sma.js';

const OUTPUTS: readonly string[] = ['value'];

export class LinRegSlope implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  value = NaN;
  isReady = false;
  private readonly ring: Float64Array;
  private readonly c: number;
  private readonly d: number;
  private pos = 0;
  private centre = 0;
  private s = 0;
  private t = 0;

  constructor(readonly period: number) {
    checkPeriod('LinRegSlope', 'period', period, 2);
    this.warmup = period;
    this.c = (period - 1) / 2;
    this.d = (period * (period * period - 1)) / 12;
    this.ring = new Float64Array(period);
  }

  update(x: number): number {
    checkFinite('LinRegSlope', 'x', x);
    const ring = this.ring;
    const pos = this.pos;
    const n = this.period;
    const old = ring[pos]!;
    ring[pos] = x;
    if (pos + 1 === n) {
      this.pos = 0;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += ring[j]!;
      const k = sum / n;
      let s = 0;
      let t = 0;
      for (let j = 0; j < n; j++) {
        const y = ring[j]! - k;
        s += y;
        t += j * y;
      }
      this.centre = k;
      this.s = s;
      this.t = t;
      this.isReady = true;
    } else {
      this.pos = pos + 1;
      if (!this.isReady) return NaN;
      const k = this.centre;
      const yo = old - k;
      const yn = x - k;
      const s = this.s;
      this.t = this.t - (s - yo) + (n - 1) * yn;
      this.s = s - yo + yn;
    }
    return (this.value = (this.t - this.c * this.s) / this.d);
  }

  reset(): void {
    this.ring.fill(0);
    this.pos = 0;
    this.centre = 0;
    this.s = 0;
    this.t = 0;
    this.value = NaN;
    this.isReady = false;
  }
}

/** Batch twin: out[i] = slope after row i (NaN during warm-up); `out` must not share memory with `input`. */
export function linregSlopeBatch(
  input: ArrayLike<number>,
  period: number,
  out: Float64Array = new Float64Array(input.length),
): Float64Array {
  checkPeriod('LinRegSlope', 'period', period, 2);
  checkNoAlias('LinRegSlope', input, out);
  // centre, s, t, pos
  const state = new Float64Array(4);
  for (let from = 0; from < input.length; from += BATCH_CHUNK)
    slopeRows(input, period, out, from, Math.min(input.length, from + BATCH_CHUNK), state);
  return out;
}

function slopeRows(
  input: ArrayLike<number>,
  n: number,
  out: Float64Array,
  from: number,
  to: number,
  state: Float64Array,
): void {
  const c = (n - 1) / 2;
  const d = (n * (n * n - 1)) / 12;
  let centre = state[0]!;
  let s = state[1]!;
  let t = state[2]!;
  let pos = state[3]!;
  for (let i = from; i < to; i++) {
    const x = input[i]!;
    checkFinite('LinRegSlope', 'x', x);
    if (++pos === n) {
      pos = 0;
      const first = i + 1 - n;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += input[first + j]!;
      centre = sum / n;
      s = 0;
      t = 0;
      for (let j = 0; j < n; j++) {
        const y = input[first + j]! - centre;
        s += y;
        t += j * y;
      }
    } else if (i + 1 < n) {
      out[i] = NaN;
      continue;
    } else {
      const yo = input[i - n]! - centre;
      const yn = x - centre;
      t = t - (s - yo) + (n - 1) * yn;
      s = s - yo + yn;
    }
    out[i] = (t - c * s) / d;
  }
  state[0] = centre;
  state[1] = s;
  state[2] = t;
  state[3] = pos;
}
