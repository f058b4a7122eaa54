/**
 * Turns decoded int64/double columns (from Parquet row groups or Arrow record batches) into a validated
 * BarTable, one growable builder per symbol. Shared by the Parquet and Arrow readers.
 *
 * Invariants (BarTable's, checked here row by row so a bad file fails with the row that broke them):
 * timestamps strictly increase per symbol; prices are whole ticks in (0, 2^53); high >= max(open, close)
 * and low <= min(open, close); volume is a number >= 0. Prices come either as int64 ticks or as doubles
 * (files written by other tools) that must lie on the tick grid within 1e-6 tick.
 * Limits: columns the caller did not load stay empty (length 0) and are not checked.
 */
import { pow10, type Scaled } from '../../core/decimal.js';
import { DataError } from '../../core/errors.js';
import { formatIso } from '../../core/time.js';
import type { BarTable } from '../bars.js';
import { fitsSafe, splitTimestamps } from './int64.js';
import { PRICE_COLUMNS, tickText } from './layout.js';

/** A price column as decoded: int64 ticks (as halves) or doubles in price units. */
export type PriceData = { i64: Int32Array; f64?: undefined } | { f64: Float64Array; i64?: undefined };

/** One decoded chunk (row group or record batch) of bar columns; unloaded columns are null. */
export interface RawBars {
  ts: Int32Array;
  unitsPerSec: number;
  prices: (PriceData | null)[];
  volume: Float64Array | null;
}

/** Where a chunk sits in its file, for error messages. */
export interface ChunkWhere {
  file: string;
  /** "row group" or "record batch". */
  unit: string;
  index: number;
  /** Rows of the file before this chunk. */
  rowBase: number;
}

const EMPTY = new Float64Array(0);

export class BarBuilder {
  length = 0;
  tsSec: Float64Array;
  tsNsec: Uint32Array;
  readonly prices: Float64Array[];
  volume: Float64Array;
  private readonly perTick: number;
  private readonly tickScale: number;
  /** Time of the row before row 0 (kept by clear(), so time order is checked across clears). */
  private prevSec = -Infinity;
  private prevNsec = 0;

  constructor(
    readonly symbol: string,
    readonly tick: Scaled,
    capacity: number,
    readonly loaded: readonly boolean[],
  ) {
    const cap = Math.max(16, capacity);
    this.tsSec = new Float64Array(cap);
    this.tsNsec = new Uint32Array(cap);
    this.prices = PRICE_COLUMNS.map((_, c) => (loaded[c] ? new Float64Array(cap) : EMPTY));
    this.volume = loaded[4] ? new Float64Array(cap) : EMPTY;
    this.perTick = tick.units;
    this.tickScale = pow10(tick.scale);
  }

  private reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.tsSec.length) return;
    const cap = Math.max(need, this.tsSec.length * 2);
    const grow = <T extends Float64Array | Uint32Array>(a: T): T => {
      if (a.length === 0) return a;
      const b = new (a.constructor as new (k: number) => T)(cap);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.tsSec = grow(this.tsSec);
    this.tsNsec = grow(this.tsNsec);
    for (let c = 0; c < 4; c++) this.prices[c] = grow(this.prices[c]!);
    this.volume = grow(this.volume);
  }

  /** Appends rows [from, to) of `raw`, validating each. Hot loops live in small functions below. */
  append(raw: RawBars, from: number, to: number, at: ChunkWhere): void {
    const n = to - from;
    if (n <= 0) return;
    this.reserve(n);
    const base = this.length;
    splitTimestamps(raw.ts, from, to, raw.unitsPerSec, this.tsSec, this.tsNsec, base);
    for (let c = 0; c < 4; c++) {
      const src = raw.prices[c];
      if (!src) continue;
      const out = this.prices[c]!;
      const field = PRICE_COLUMNS[c]!;
      if (src.i64) {
        const bad = copyInt64(src.i64, out, from, to, base);
        if (bad >= 0) fail(at, bad, field, 'int64', 'price exceeds 2^53 ticks (cannot be held exactly)');
      } else {
        const bad = copyTicks(src.f64, out, from, to, base, this.tickScale, this.perTick);
        if (bad >= 0) {
          const v = src.f64[bad]!;
          fail(
            at,
            bad,
            field,
            String(v),
            v !== v ? 'price is NaN' : `price is not a whole number of ticks of ${tickText(this.tick)}`,
          );
        }
      }
    }
    if (raw.volume) {
      const bad = copyVolume(raw.volume, this.volume, from, to, base);
      if (bad >= 0) {
        const v = raw.volume[bad]!;
        fail(at, bad, 'volume', String(v), v !== v ? 'volume is NaN' : 'volume must be >= 0');
      }
    }
    this.check(base, base + n, from, at);
    this.length = base + n;
  }

  /** Drops the rows (buffers kept for the next appends); the last row still orders the next one. */
  clear(): void {
    const n = this.length;
    if (n === 0) return;
    this.prevSec = this.tsSec[n - 1]!;
    this.prevNsec = this.tsNsec[n - 1]!;
    this.length = 0;
  }

  /** Time order and OHLC consistency of the builder rows [lo, hi) (source rows from `src0`). */
  private check(lo: number, hi: number, src0: number, at: ChunkWhere): void {
    const s = this.tsSec;
    const ns = this.tsNsec;
    let o = firstNotIncreasing(s, ns, lo, hi, this.prevSec, this.prevNsec);
    if (o >= 0) {
      const ps = o > 0 ? s[o - 1]! : this.prevSec;
      const pn = o > 0 ? ns[o - 1]! : this.prevNsec;
      fail(
        at,
        src0 + o - lo,
        'ts',
        formatIso(s[o]!, ns[o]!),
        s[o] === ps && ns[o] === pn
          ? `duplicate timestamp for symbol "${this.symbol}"`
          : `timestamp goes back in time for symbol "${this.symbol}" (previous row is at ${formatIso(ps, pn)})`,
      );
    }
    for (let c = 0; c < 4; c++) {
      const p = this.prices[c]!;
      if (p.length === 0) continue;
      o = firstNotPositive(p, lo, hi);
      if (o >= 0) fail(at, src0 + o - lo, PRICE_COLUMNS[c]!, String(p[o]), 'price must be > 0 ticks');
    }
    const [op, hp, lp, cp] = this.prices as [Float64Array, Float64Array, Float64Array, Float64Array];
    if (op.length === 0 || hp.length === 0 || lp.length === 0 || cp.length === 0) return;
    o = firstBadOhlc(op, hp, lp, cp, lo, hi);
    if (o < 0) return;
    const h = hp[o]!;
    const l = lp[o]!;
    const a = op[o]!;
    const row = src0 + o - lo;
    if (h < l) fail(at, row, 'high', String(h), `high is below low ${l} (ticks)`);
    if (h < a || h < cp[o]!)
      fail(at, row, 'high', String(h), `high is below ${h < a ? 'open' : 'close'} (ticks)`);
    fail(at, row, 'low', String(l), `low is above ${l > a ? 'open' : 'close'} (ticks)`);
  }

  /** The rows so far as views of the builder's arrays (valid until the builder is appended to again). */
  view(): BarTable {
    return this.table(false);
  }

  /** The rows so far in arrays of their own length (the builder's own when they fit exactly). */
  finish(): BarTable {
    return this.table(true);
  }

  private table(copy: boolean): BarTable {
    const n = this.length;
    const cut = <T extends Float64Array | Uint32Array>(a: T): T =>
      a.length === n || a.length === 0 ? a : ((copy ? a.slice(0, n) : a.subarray(0, n)) as T);
    return {
      symbol: this.symbol,
      tick: this.tick,
      length: n,
      tsSec: cut(this.tsSec),
      tsNsec: cut(this.tsNsec),
      open: cut(this.prices[0]!),
      high: cut(this.prices[1]!),
      low: cut(this.prices[2]!),
      close: cut(this.prices[3]!),
      volume: cut(this.volume),
    };
  }
}

/** Throws the DataError for source row `i` of chunk `at`. */
export function fail(at: ChunkWhere, i: number, field: string, value: string, detail: string): never {
  throw new DataError(
    { file: at.file, row: at.rowBase + i + 1, field, value },
    `${at.unit} ${at.index}: ${detail}`,
  );
}

/** Int64 ticks (halves) to doubles; returns the first source row beyond 2^53, or -1. */
function copyInt64(h: Int32Array, out: Float64Array, from: number, to: number, base: number): number {
  for (let i = from, o = base; i < to; i++, o++) {
    const hi = h[2 * i + 1]!;
    const lo = h[2 * i]!;
    if (!fitsSafe(hi, lo)) return i;
    out[o] = hi * 4294967296 + (lo >>> 0);
  }
  return -1;
}

/**
 * Double prices to ticks of units / scale; returns the first source row off the grid (or NaN), or -1.
 * "On the grid" allows 1e-6 tick of error: a double price is the nearest double to a decimal.
 */
function copyTicks(
  f: Float64Array,
  out: Float64Array,
  from: number,
  to: number,
  base: number,
  scale: number,
  units: number,
): number {
  for (let i = from, o = base; i < to; i++, o++) {
    const x = f[i]! * scale;
    const t = Math.round(x / units);
    const err = Math.abs(x - t * units);
    if (!(err <= 1e-6 * units || err <= Math.abs(x) * 1e-15) || !(Math.abs(t) <= Number.MAX_SAFE_INTEGER))
      return i;
    out[o] = t;
  }
  return -1;
}

function copyVolume(v: Float64Array, out: Float64Array, from: number, to: number, base: number): number {
  for (let i = from, o = base; i < to; i++, o++) {
    const x = v[i]!;
    if (!(x >= 0)) return i;
    out[o] = x;
  }
  return -1;
}

/**
 * First row in [lo, hi) not strictly after the row before it (row lo - 1 when lo > 0, else the time
 * (sec0, nsec0)), or -1.
 */
function firstNotIncreasing(
  s: Float64Array,
  ns: Uint32Array,
  lo: number,
  hi: number,
  sec0: number,
  nsec0: number,
): number {
  let ps = lo > 0 ? s[lo - 1]! : sec0;
  let pn = lo > 0 ? ns[lo - 1]! : nsec0;
  for (let o = lo; o < hi; o++) {
    const cs = s[o]!;
    const cn = ns[o]!;
    if (cs < ps || (cs === ps && cn <= pn)) return o;
    ps = cs;
    pn = cn;
  }
  return -1;
}

function firstNotPositive(p: Float64Array, lo: number, hi: number): number {
  for (let o = lo; o < hi; o++) if (!(p[o]! > 0)) return o;
  return -1;
}

function firstBadOhlc(
  op: Float64Array,
  hp: Float64Array,
  lp: Float64Array,
  cp: Float64Array,
  lo: number,
  hi: number,
): number {
  for (let o = lo; o < hi; o++) {
    const h = hp[o]!;
    const l = lp[o]!;
    const a = op[o]!;
    const c = cp[o]!;
    if (!(h >= a && h >= c && l <= a && l <= c)) return o;
  }
  return -1;
}
