/**
 * Seeded generators of consistent microstructure data for the micro-signal tests: quotes (ask > bid by 1–3
 * ticks, positive integer sizes, prices that sometimes stay, step or jump), trades (integer-tick prices with
 * zero ticks, positive integer volumes, sides +1/−1/0) and 10-level books (strictly ordered levels).
 * Timestamps are seconds, non-decreasing, with exact repeats.
 */
import { Rng } from '../../../src/core/rng.js';
import type { Columns } from '../contract-suite.js';

export function quoteStream(rows: number, seed: number): Columns {
  const rng = new Rng(seed);
  const ts = new Float64Array(rows);
  const bidPx = new Float64Array(rows);
  const askPx = new Float64Array(rows);
  const bidSz = new Float64Array(rows);
  const askSz = new Float64Array(rows);
  let t = 1000;
  let bid = 10_000;
  let spread = 1;
  for (let i = 0; i < rows; i++) {
    t += rng.next() < 0.1 ? 0 : rng.next() * 0.5;
    const u = rng.next();
    if (u < 0.2) bid += 1;
    else if (u < 0.4) bid -= 1;
    else if (u < 0.45) bid += rng.int(7) - 3;
    if (rng.next() < 0.2) spread = 1 + rng.int(3);
    ts[i] = t;
    bidPx[i] = bid;
    askPx[i] = bid + spread;
    bidSz[i] = 1 + rng.int(500);
    askSz[i] = 1 + rng.int(500);
  }
  return { ts, bidPx, bidSz, askPx, askSz };
}

export function tradeStream(rows: number, seed: number, minVolume = 1, maxVolume = 1000): Columns {
  const rng = new Rng(seed);
  const ts = new Float64Array(rows);
  const price = new Float64Array(rows);
  const volume = new Float64Array(rows);
  const side = new Float64Array(rows);
  let t = 5000;
  let px = 2_000;
  for (let i = 0; i < rows; i++) {
    t += rng.next() < 0.15 ? 0 : rng.next() * 2;
    const u = rng.next();
    if (u < 0.3) px += 1;
    else if (u < 0.6) px -= 1;
    else if (u < 0.65) px += rng.int(11) - 5;
    ts[i] = t;
    price[i] = px;
    volume[i] = minVolume + rng.int(maxVolume - minVolume + 1);
    const s = rng.next();
    side[i] = s < 0.4 ? 1 : s < 0.8 ? -1 : 0;
  }
  return { ts, price, volume, side };
}

export const BOOK_FIELDS = ['bidPx', 'bidSz', 'askPx', 'askSz'] as const;

/** Per-level columns named `bidPx[m]`, `bidSz[m]`, `askPx[m]`, `askSz[m]` (m = 0 best), one value per row. */
export function bookStream(rows: number, seed: number, levels = 10): Columns {
  const rng = new Rng(seed);
  const cols: Columns = {};
  for (const f of BOOK_FIELDS) for (let m = 0; m < levels; m++) cols[`${f}[${m}]`] = new Float64Array(rows);
  let bid = 50_000;
  for (let i = 0; i < rows; i++) {
    const u = rng.next();
    if (u < 0.15) bid += 1;
    else if (u < 0.3) bid -= 1;
    const ask = bid + 1 + rng.int(2);
    let b = bid;
    let a = ask;
    for (let m = 0; m < levels; m++) {
      cols[`bidPx[${m}]`]![i] = b;
      cols[`askPx[${m}]`]![i] = a;
      cols[`bidSz[${m}]`]![i] = 1 + rng.int(300);
      cols[`askSz[${m}]`]![i] = 1 + rng.int(300);
      b -= 1 + (rng.next() < 0.2 ? 1 : 0);
      a += 1 + (rng.next() < 0.2 ? 1 : 0);
    }
  }
  return cols;
}

/** Row-major arrays (`stride` entries per row, like an MBP-10 table) from per-level columns. */
export function rowMajor(cols: Columns, field: string, levels: number, stride = levels): Float64Array {
  const rows = cols[`${field}[0]`]!.length;
  const out = new Float64Array(rows * stride);
  for (let i = 0; i < rows; i++)
    for (let m = 0; m < levels; m++) out[i * stride + m] = cols[`${field}[${m}]`]![i]!;
  return out;
}

/** The book fields' column names for `levels` levels, in the order the suite poisons them. */
export function bookFieldNames(levels: number): string[] {
  const names: string[] = [];
  for (let m = 0; m < levels; m++) for (const f of BOOK_FIELDS) names.push(`${f}[${m}]`);
  return names;
}
