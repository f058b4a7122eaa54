/**
 * The pieces cross-check.test.ts and its check tables (cross-check-ohlc.ts, cross-check-series.ts) share:
 * the shape of a check, the tolerances, the shared backtrader daily file as OHLCV columns (when
 * /work/shared is present), library outputs lined up with our rows, and a row-by-row comparison that
 * reports the first disagreement.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const BACKTRADER_DAY = fileURLToPath(
  new URL('../../../shared/data/backtrader/2006-day-001.txt', import.meta.url),
);

/**
 * A Yahoo/backtrader-style daily CSV (Date,Open,High,Low,Close,[Adj Close,]Volume,...) as columns, with
 * tsSec = the date at UTC midnight. Null when the file is absent (the shared data is optional).
 */
export function loadDailyCsv(path: string): Ohlc | null {
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const header = lines[0]!.split(',');
  const at = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: no "${name}" column in ${header.join(',')}`);
    return i;
  };
  const idx = { date: at('Date'), open: at('Open'), high: at('High'), low: at('Low'), close: at('Close') };
  const vol = at('Volume');
  const n = lines.length - 1;
  const cols: Ohlc = {
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    tsSec: new Float64Array(n),
  };
  for (let r = 0; r < n; r++) {
    const f = lines[r + 1]!.split(',');
    cols.tsSec[r] = Date.parse(`${f[idx.date]}T00:00:00Z`) / 1000;
    cols.open[r] = Number(f[idx.open]);
    cols.high[r] = Number(f[idx.high]);
    cols.low[r] = Number(f[idx.low]);
    cols.close[r] = Number(f[idx.close]);
    cols.volume[r] = Number(f[vol]);
  }
  for (const [k, c] of Object.entries(cols) as [string, Float64Array][])
    c.forEach((v, r) => {
      if (!Number.isFinite(v)) throw new Error(`${path}: row ${r + 2} field ${k} is not a number`);
    });
  return cols;
}

/**
 * technicalindicators returns only the defined values; its last value belongs to our last row. Returns
 * them on our rows (NaN before).
 */
export function alignEnd(rows: number, theirs: readonly (number | undefined)[]): Float64Array {
  const out = new Float64Array(rows).fill(NaN);
  const off = rows - theirs.length;
  theirs.forEach((v, k) => (out[off + k] = v ?? NaN));
  return out;
}

/**
 * A trading-signals indicator fed every input with `add`, read with `getResult()` after each (null —
 * not stable yet, or no result for that input — becomes NaN).
 */
export function perRow<I, R>(
  ind: { add(input: I): unknown; getResult(): R | null },
  inputs: readonly I[],
  pick: (r: R) => number,
): Float64Array {
  return Float64Array.from(inputs, (x) => {
    ind.add(x);
    const r = ind.getResult();
    return r === null ? NaN : pick(r);
  });
}

export function firstDefined(a: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]!)) return i;
  return -1;
}

export interface Tolerance {
  /** Allowed |ours − theirs| near zero. */
  abs: number;
  /** Allowed |ours − theirs| / |theirs| for large values. */
  rel: number;
}

/**
 * Every row from `from` on: both defined and |ours − theirs| <= abs + rel·|theirs|. The failure names
 * the first row that differs.
 */
export function expectAgree(
  label: string,
  ours: ArrayLike<number>,
  theirs: ArrayLike<number>,
  from: number,
  tol: Tolerance,
): void {
  expect(ours.length, `${label}: same number of rows`).toBe(theirs.length);
  expect(from, `${label}: rows left to compare`).toBeLessThan(ours.length);
  expect(from, `${label}: a start row`).toBeGreaterThanOrEqual(0);
  for (let i = from; i < ours.length; i++) {
    const a = ours[i]!;
    const b = theirs[i]!;
    if (!(Math.abs(a - b) <= tol.abs + tol.rel * Math.abs(b)))
      expect.fail(`${label}: row ${i}: ours ${a}, theirs ${b} (tolerance ${tol.abs} + ${tol.rel}·|theirs|)`);
  }
}

/** Same convention on both sides: rounding order only (see cross-check.test.ts). */
export const TIGHT: Tolerance = { abs: 1e-9, rel: 1e-9 };
export const EXACT: Tolerance = { abs: 0, rel: 0 };
/** First row compared where a convention difference decays geometrically (by ≤ 13/14 or 19/21 per row). */
export const SETTLED = 1000;

/** OHLCV columns (an OhlcvColumns) with bar times. */
export type Ohlc = Record<'open' | 'high' | 'low' | 'close' | 'volume' | 'tsSec', Float64Array>;

/** The columns as the libraries take them: plain arrays and candle objects. */
export interface LibInput {
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
  candles: { open: number; high: number; low: number; close: number; volume: number }[];
}

/**
 * Where a comparison starts: 'same' = at our first defined row, and the library must warm up at that same
 * row; 'ours' = at our first defined row (the library's warm-up differs, as the check says); a number =
 * from that row on (a settled convention difference; generated walk only); a function = a row it finds.
 */
export type From = 'same' | 'ours' | number | ((c: Ohlc) => number);

export interface Check {
  name: string;
  ours(c: Ohlc): ArrayLike<number>;
  theirs(c: Ohlc, x: LibInput): ArrayLike<number>;
  from: From;
  tol: Tolerance;
  /** Set when the check runs on the generated walk only; says why. */
  generatedOnly?: string;
}

/** technicalindicators' output on our rows (see alignEnd). */
export const ti = (c: Ohlc, values: readonly (number | undefined)[]) => alignEnd(c.close.length, values);

export function libInput(c: Ohlc): LibInput {
  const high = Array.from(c.high);
  const low = Array.from(c.low);
  const close = Array.from(c.close);
  const volume = Array.from(c.volume);
  const candles = close.map((cl, i) => ({
    open: c.open[i]!,
    high: high[i]!,
    low: low[i]!,
    close: cl,
    volume: volume[i]!,
  }));
  return { high, low, close, volume, candles };
}
