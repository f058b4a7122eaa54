/**
 * DBN OHLCV records (OhlcvTable: prices in 1e-9 fixed point, one row per record of any instrument) into
 * BarTables (one per symbol, prices in integer ticks of that symbol's tick), with the checks BarTable's
 * invariants need. Used by dbn-bars.ts for whole files, chunked reads and the first (tick) pass.
 *
 * Decisions: rows are grouped by symbol (symbol map, else the instrument id as text), so instrument ids that
 * one symbol maps to (a continuous contract across rolls) form one table. An inferred tick is the coarsest
 * power of ten from 1 down to 1e-9 that divides every OHLC price of the symbol exactly; ticks such as 0.25 or
 * 5·10^k are not inferred, because a tick inferred from a few rows would be arbitrary (one row's price would
 * be its own tick) — the instrument's real tick (definition records' min_price_increment) is passed as `tick`.
 * A file (or stream of chunks) mixing OHLCV intervals (rtypes) is an error unless `rtype` picks one; rows of
 * other rtypes are then skipped and counted by the caller.
 * Checks per row: no null (NaN) timestamp, price or volume; prices on the tick grid, high >= max(open, close),
 * low <= min(open, close), low > 0; time strictly increasing per symbol, across chunks too. Errors name the
 * file, the record (counting the stream's OHLCV records, 1-based — the record number in Databento's
 * single-schema ohlcv files), the field and the value.
 */
import { formatScaled, POW10, type Scaled } from '../../core/decimal.js';
import { DataError } from '../../core/errors.js';
import { formatIso } from '../../core/time.js';
import { allocBarTable, type BarTable } from '../bars.js';
import type { OhlcvTable } from '../schemas.js';

const OHLCV_NAMES: Record<number, string> = {
  0x11: 'ohlcv (deprecated)',
  0x20: 'ohlcv-1s',
  0x21: 'ohlcv-1m',
  0x22: 'ohlcv-1h',
  0x23: 'ohlcv-1d',
  0x24: 'ohlcv-eod',
};

export function rtypeText(rtype: number): string {
  return `${OHLCV_NAMES[rtype] ?? 'rtype'} (0x${rtype.toString(16).padStart(2, '0')})`;
}

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

export interface ConvertOptions {
  file: string;
  /** Tick of every symbol; null = inferred per symbol (per call: chunked readers pass the scanned tick). */
  tick: Scaled | null;
  /** The OHLCV rtype to keep; null = the stream must hold one. */
  rtype: number | null;
  /** Only this symbol; null = every symbol (`oneSymbol`: the first seen, any other is an error). */
  symbol: string | null;
  oneSymbol: boolean;
}

/** Rows of one chunk grouped by symbol; groupOf[i] = -1 for rows of another rtype. */
interface Grouping {
  groupOf: Int32Array;
  symbols: string[];
  counts: number[];
}

/** Converts successive OHLCV tables of one stream; keeps what spans chunks (rtypes, last time, numbering). */
export class OhlcvBarConverter {
  /** OHLCV records seen before the current table. */
  records = 0;
  /** OHLCV records seen per rtype. */
  readonly rtypeCounts = new Float64Array(256);
  readonly symbolsSeen = new Set<string>();
  private readonly last = new Map<string, [number, number]>();
  private locked: string | null;

  constructor(private readonly o: ConvertOptions) {
    this.locked = o.symbol;
  }

  /** The symbol a one-symbol stream turned out to hold (or was asked for). */
  get symbol(): string | null {
    return this.locked;
  }

  /** Groups the rows by symbol, after the rtype check. */
  group(t: OhlcvTable, symbolMap: ReadonlyMap<number, string>): Grouping {
    const n = t.length;
    this.checkRtypes(t);
    const want = this.o.rtype;
    const groupOf = new Int32Array(n);
    const symbols: string[] = [];
    const counts: number[] = [];
    const bySymbol = new Map<string, number>();
    const byId = new Map<number, number>();
    let lastId = -1;
    let lastG = -1;
    for (let i = 0; i < n; i++) {
      if (want !== null && t.rtype[i] !== want) {
        groupOf[i] = -1;
        continue;
      }
      const id = t.instrumentId[i]!;
      if (id !== lastId) {
        let g = byId.get(id);
        if (g === undefined) {
          const sym = symbolMap.get(id) ?? String(id);
          g = bySymbol.get(sym);
          if (g === undefined) {
            g = symbols.length;
            bySymbol.set(sym, g);
            symbols.push(sym);
            counts.push(0);
          }
          byId.set(id, g);
        }
        lastId = id;
        lastG = g;
      }
      groupOf[i] = lastG;
      counts[lastG]!++;
    }
    for (const s of symbols) this.symbolsSeen.add(s);
    return { groupOf, symbols, counts };
  }

  /** The bar tables of one OHLCV table (symbols in order of appearance; only the wanted ones). */
  convert(t: OhlcvTable, symbolMap: ReadonlyMap<number, string>): BarTable[] {
    const { groupOf, symbols, counts } = this.group(t, symbolMap);
    if (this.o.oneSymbol && this.o.symbol === null) {
      this.locked ??= symbols[0] ?? null;
      if (symbols.some((s) => s !== this.locked))
        throw new DataError(
          { file: this.o.file, field: 'instrument_id' },
          `the file holds several symbols (${[...this.symbolsSeen].join(', ')}): choose one with the symbol option`,
        );
    }
    // Rows grouped by symbol (counting sort, file order kept within a group), then gathered per table;
    // a table of one symbol only (the usual file) skips the sort.
    const start = new Int32Array(symbols.length + 1);
    for (let g = 0; g < symbols.length; g++) start[g + 1] = start[g]! + counts[g]!;
    let rows: Int32Array;
    if (symbols.length === 1 && counts[0] === t.length) rows = identity(t.length);
    else {
      const next = start.slice(0, symbols.length);
      rows = new Int32Array(start[symbols.length]!);
      for (let i = 0; i < t.length; i++) {
        const g = groupOf[i]!;
        if (g >= 0) rows[next[g]!++] = i;
      }
    }
    const done: BarTable[] = [];
    for (let g = 0; g < symbols.length; g++) {
      const sym = symbols[g]!;
      if (counts[g] === 0 || (this.locked !== null && sym !== this.locked)) continue;
      const out = allocBarTable(sym, RAW_TICK, counts[g]!);
      gather(out, t, rows.subarray(start[g]!, start[g + 1]!));
      const first = start[g]!;
      const where = (row: number): number => this.records + rows[first + row]! + 1;
      out.tick = this.o.tick ?? inferTick(out);
      toTicks(out, this.o.file, where);
      this.check(out, where);
      done.push(out);
    }
    this.records += t.length;
    return done;
  }

  private checkRtypes(t: OhlcvTable): void {
    const counts = this.rtypeCounts;
    for (let i = 0; i < t.length; i++) counts[t.rtype[i]!]++;
    if (this.o.rtype !== null) return;
    const found: string[] = [];
    for (let r = 0; r < 256; r++) if (counts[r]! > 0) found.push(`${rtypeText(r)} x${counts[r]}`);
    if (found.length > 1)
      throw new DataError(
        { file: this.o.file, field: 'rtype', value: found.join(', ') },
        'the file mixes several OHLCV intervals: choose one with the rtype option',
      );
  }

  /** Null values, time order (continuing the symbol's previous chunk) and OHLC consistency. */
  private check(b: BarTable, where: (row: number) => number): void {
    const file = this.o.file;
    const fail = (row: number, field: string, value: string, detail: string): never => {
      throw new DataError({ file, row: where(row), field, value }, `OHLCV record of ${b.symbol}: ${detail}`);
    };
    const prev = this.last.get(b.symbol);
    let ps = prev ? prev[0] : -Infinity;
    let pn = prev ? prev[1] : 0;
    for (let i = 0; i < b.length; i++) {
      const s = b.tsSec[i]!;
      const ns = b.tsNsec[i]!;
      if (s !== s) fail(i, 'ts_event', 'null', 'null timestamp');
      if (s < ps || (s === ps && ns <= pn))
        fail(
          i,
          'ts_event',
          formatIso(s, ns),
          s === ps && ns === pn
            ? 'duplicate timestamp'
            : `timestamp goes back in time (previous record is at ${formatIso(ps, pn)})`,
        );
      ps = s;
      pn = ns;
      const o = b.open[i]!;
      const h = b.high[i]!;
      const l = b.low[i]!;
      const c = b.close[i]!;
      if (h < o || h < c || l > o || l > c) {
        const [field, v] = h < o || h < c ? ['high', h] : ['low', l];
        fail(i, field, priceText(v, b.tick), 'high must be >= open and close, low <= open and close');
      }
      if (!(l > 0)) fail(i, 'low', priceText(l, b.tick), 'price must be > 0');
      if (b.volume[i] !== b.volume[i]) fail(i, 'volume', 'null', 'null volume');
    }
    this.last.set(b.symbol, [ps, pn]);
  }
}

/** Placeholder tick while a table still holds raw 1e-9 prices. */
const RAW_TICK: Scaled = { units: 1, scale: 9 };
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

let identityRows = new Int32Array(0);

/** 0, 1, ..., n - 1 (a shared, growing array: callers only read it). */
function identity(n: number): Int32Array {
  if (identityRows.length < n) {
    identityRows = new Int32Array(Math.max(n, 2 * identityRows.length));
    for (let i = 0; i < identityRows.length; i++) identityRows[i] = i;
  }
  return identityRows.subarray(0, n);
}

/** Rows `rows` (increasing) of `t` into `out`: one copy per column when they are contiguous. */
function gather(out: BarTable, t: OhlcvTable, rows: Int32Array): void {
  const n = rows.length;
  out.length = n;
  if (n === 0) return;
  const a = rows[0]!;
  if (rows[n - 1]! - a === n - 1) {
    out.tsSec.set(t.tsEventSec.subarray(a, a + n));
    out.tsNsec.set(t.tsEventNsec.subarray(a, a + n));
    out.open.set(t.open.subarray(a, a + n));
    out.high.set(t.high.subarray(a, a + n));
    out.low.set(t.low.subarray(a, a + n));
    out.close.set(t.close.subarray(a, a + n));
    out.volume.set(t.volume.subarray(a, a + n));
    return;
  }
  for (let j = 0; j < n; j++) {
    const i = rows[j]!;
    out.tsSec[j] = t.tsEventSec[i]!;
    out.tsNsec[j] = t.tsEventNsec[i]!;
    out.open[j] = t.open[i]!;
    out.high[j] = t.high[i]!;
    out.low[j] = t.low[i]!;
    out.close[j] = t.close[i]!;
    out.volume[j] = t.volume[i]!;
  }
}

/**
 * Trailing decimal zeros of the integer `v`, at most `k` (NaN gives 0). `p` divides `v` exactly when
 * round(v / p) × p === v (both operations exact for |v| <= 2^53), which is much faster than `%` on doubles.
 */
export function zerosOf(v: number, k: number): number {
  while (k > 0) {
    const p = POW10[k]!;
    if (Math.round(v / p) * p === v) break;
    k--;
  }
  return k;
}

/** Trailing decimal zeros (at most `k`) shared by every value of `col[0, n)`. */
function sharedZeros(col: Float64Array, n: number, k: number): number {
  for (let i = 0; i < n && k > 0; i++) k = zerosOf(col[i]!, k);
  return k;
}

/** The coarsest power-of-ten tick (1 .. 1e-9) dividing every raw 1e-9 price of `b`. */
function inferTick(b: BarTable): Scaled {
  let k = 9;
  k = sharedZeros(b.open, b.length, k);
  k = sharedZeros(b.high, b.length, k);
  k = sharedZeros(b.low, b.length, k);
  k = sharedZeros(b.close, b.length, k);
  return tickFromZeros(k);
}

/** The tick 10^-(9 - k) of prices sharing k trailing zeros in 1e-9 units. */
export function tickFromZeros(k: number): Scaled {
  return { units: 1, scale: 9 - k };
}

function priceText(ticks: number, tick: Scaled): string {
  return Number.isSafeInteger(ticks * tick.units)
    ? formatScaled(ticks * tick.units, tick.scale)
    : String((ticks * tick.units) / POW10[tick.scale]!);
}

/** Raw 1e-9 prices of `b` into ticks of b.tick, in place; a null or off-grid price is a DataError. */
function toTicks(b: BarTable, file: string, where: (row: number) => number): void {
  const { units, scale } = b.tick;
  // ticks = raw × 10^scale / (units × 10^9), as one exact multiplication and one exact division.
  const mul = scale > 9 ? POW10[scale - 9]! : 1;
  const div = scale < 9 ? units * POW10[9 - scale]! : units;
  for (const field of PRICE_FIELDS) {
    const col = b[field];
    const bad = divideExact(col, b.length, mul, div);
    if (bad < 0) continue;
    // The column holds ticks before `bad` and raw values from `bad` on.
    const raw = col[bad]!;
    throw new DataError(
      { file, row: where(bad), field, value: raw !== raw ? 'null' : formatScaled(raw, 9) },
      raw !== raw
        ? `OHLCV record of ${b.symbol}: null price`
        : `OHLCV record of ${b.symbol}: price is not a whole number of ticks of ${formatScaled(units, scale)}`,
    );
  }
}

/** col[i] = col[i] × mul / div for i < n when exact; returns the first row that is not, or -1. */
function divideExact(col: Float64Array, n: number, mul: number, div: number): number {
  for (let i = 0; i < n; i++) {
    const v = col[i]! * mul;
    const q = Math.round(v / div);
    // Exact division (see zerosOf); NaN fails the comparison.
    if (q * div !== v || !(v <= MAX_SAFE && v >= -MAX_SAFE)) return i;
    col[i] = q;
  }
  return -1;
}
