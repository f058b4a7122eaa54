/**
 * Display downsampling that keeps extremes. Charts show a few thousand points; a run may have millions.
 *
 * Lines use min/max per bucket rather than LTTB: the index range is cut into `buckets` equal-count
 * buckets and each contributes its minimum and maximum sample (in time order). The global minimum and
 * maximum — the deepest drawdown, the equity peak — are therefore always drawn exactly, which LTTB
 * (it picks the point of largest triangle area) does not promise; it is one pass with no floating-point
 * geometry, and its output size is bounded: at most 2·buckets + 2 points (first and last always kept).
 * Buckets are by index, not by time, because lightweight-charts spaces points evenly (a bucket of
 * indices is a bucket of pixels there). Ties keep the first occurrence. NaN samples are never chosen.
 *
 * Candles aggregate k = ceil(n / buckets) consecutive bars into one (open of the first, high max, low
 * min, close of the last, time of the first), so the highest high and lowest low survive too.
 */

/** Indices (strictly increasing) of a min/max downsample of values[from, to); all indices if few enough. */
export function minMaxIndices(
  values: ArrayLike<number>,
  buckets: number,
  from = 0,
  to = values.length,
): Uint32Array {
  if (!(Number.isInteger(buckets) && buckets >= 1))
    throw new RangeError(`buckets must be >= 1, got ${buckets}`);
  const n = to - from;
  if (n <= 0) return new Uint32Array(0);
  const out = new Uint32Array(Math.min(n, 2 * buckets + 2));
  let k = 0;
  if (n <= 2 * buckets + 2) {
    for (let i = from; i < to; i++) if (!Number.isNaN(values[i]!)) out[k++] = i;
    return out.slice(0, k);
  }
  let last = -1;
  const push = (i: number): void => {
    if (i > last && !Number.isNaN(values[i]!)) {
      out[k++] = i;
      last = i;
    }
  };
  push(from);
  for (let b = 0; b < buckets; b++) {
    const lo = from + Math.floor((b * n) / buckets);
    const hi = from + Math.floor(((b + 1) * n) / buckets);
    let iMin = -1;
    let iMax = -1;
    let vMin = Infinity;
    let vMax = -Infinity;
    for (let i = lo; i < hi; i++) {
      const v = values[i]!;
      if (v < vMin) {
        vMin = v;
        iMin = i;
      }
      if (v > vMax) {
        vMax = v;
        iMax = i;
      }
    }
    if (iMin < 0) continue;
    if (iMin <= iMax) {
      push(iMin);
      push(iMax);
    } else {
      push(iMax);
      push(iMin);
    }
  }
  push(to - 1);
  return out.slice(0, k);
}

export interface CandleColumns {
  length: number;
  /** Bars per candle (the last candle may hold fewer). */
  barsPerCandle: number;
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
}

export interface OhlcSource {
  time: ArrayLike<number>;
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
}

/** Rows [from, to) aggregated into at most `buckets` candles of equal bar count. */
export function candleBuckets(src: OhlcSource, buckets: number, from: number, to: number): CandleColumns {
  if (!(Number.isInteger(buckets) && buckets >= 1))
    throw new RangeError(`buckets must be >= 1, got ${buckets}`);
  const n = Math.max(0, to - from);
  const per = Math.max(1, Math.ceil(n / buckets));
  const m = Math.ceil(n / per);
  const c: CandleColumns = {
    length: m,
    barsPerCandle: per,
    time: new Float64Array(m),
    open: new Float64Array(m),
    high: new Float64Array(m),
    low: new Float64Array(m),
    close: new Float64Array(m),
  };
  for (let j = 0; j < m; j++) {
    const lo = from + j * per;
    const hi = Math.min(to, lo + per);
    let h = -Infinity;
    let l = Infinity;
    for (let i = lo; i < hi; i++) {
      if (src.high[i]! > h) h = src.high[i]!;
      if (src.low[i]! < l) l = src.low[i]!;
    }
    c.time[j] = src.time[lo]!;
    c.open[j] = src.open[lo]!;
    c.high[j] = h;
    c.low[j] = l;
    c.close[j] = src.close[hi - 1]!;
  }
  return c;
}
