/**
 * Bars from Databento DBN files (ohlcv-1s/1m/1h/1d/eod records): whole files (`readDbnBars`), any OHLCV
 * table (`ohlcvToBars`), and one symbol chunk by chunk with bounded memory (`iterateDbnBars`, which the
 * stream worker runs). Conversion rules and checks: dbn-bars-convert.ts.
 *
 * Chunked reads need the tick up front: every chunk of a stream shares one tick (the engine rejects a change),
 * and a tick inferred from the first chunk alone may be too coarse for a later price (a first chunk of whole
 * dollars). So `iterateDbnBars` takes the tick, and a caller without one runs `scanDbnBars` first: a bounded-
 * memory pass over the file that infers each symbol's tick and counts its rows (the stream worker does this,
 * which also gives it rowsHint and catches several-symbol files and mixed intervals before the run starts).
 * The price is one more decode of the file.
 * Time range: rows with start <= ts < end; DBN has no index, so the rows before `start` are decoded too,
 * and the read stops at the first row at or after `end` (later records are then not checked).
 * Limits: the record numbers in errors count OHLCV records (see dbn-bars-convert.ts).
 */
import type { Scaled } from '../../core/decimal.js';
import { DataError, UsageError } from '../../core/errors.js';
import type { Timestamp } from '../../core/time.js';
import { lowerBound, sliceBarTable, type BarTable } from '../bars.js';
import { OhlcvBarConverter, tickFromZeros, zerosOf } from './bars-convert.js';
import { iterateDbn, readDbn } from './read.js';
import type { DbnKind } from './tables.js';
import type { OhlcvTable } from '../schemas.js';

export interface OhlcvToBarsOptions {
  /** Tick of every instrument; default: inferred per symbol (coarsest power of ten, 1 .. 1e-9). */
  tick?: Scaled;
  /** The OHLCV rtype to keep (e.g. 0x21 ohlcv-1m) when the file mixes intervals. */
  rtype?: number;
  /** The file, for error messages. */
  file: string;
}

/** One BarTable per symbol (sorted by symbol) from an OHLCV table of 1e-9 prices. */
export function ohlcvToBars(
  table: OhlcvTable,
  symbolMap: ReadonlyMap<number, string>,
  opts: OhlcvToBarsOptions,
): BarTable[] {
  const conv = new OhlcvBarConverter({
    file: opts.file,
    tick: opts.tick ?? null,
    rtype: opts.rtype ?? null,
    symbol: null,
    oneSymbol: false,
  });
  return conv
    .convert(table, symbolMap)
    .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

export interface DbnBarsResult {
  tables: BarTable[];
  /** Records in the file, of every kind (= rows + ignored). */
  records: number;
  /** Bars in `tables`. */
  rows: number;
  /** Records not turned into bars: other kinds (definitions, status ...) and OHLCV of other rtypes. */
  ignored: number;
}

/** A whole DBN file (plain or zstd) of OHLCV records into bar tables. */
export function readDbnBars(path: string, opts: Omit<OhlcvToBarsOptions, 'file'> = {}): DbnBarsResult {
  const res = readDbn(path);
  const records = res.counts.records + res.counts.skipped;
  const ohlcv = res.tables.ohlcv;
  if (!ohlcv) {
    if (records > 0) throw noOhlcv(path, res.counts.byKind);
    return { tables: [], records, rows: 0, ignored: 0 };
  }
  const tables = ohlcvToBars(ohlcv, res.symbolMap, { ...opts, file: path });
  const rows = tables.reduce((n, t) => n + t.length, 0);
  return { tables, records, rows, ignored: records - rows };
}

function noOhlcv(file: string, byKind: Partial<Record<DbnKind, number>>): DataError {
  const kinds = Object.entries(byKind).map(([k, n]) => `${k} x${n}`);
  return new DataError(
    { file, field: 'rtype' },
    `no OHLCV records (the file holds ${kinds.join(', ') || 'only records of unknown types'})`,
  );
}

export interface DbnBarScan {
  /** Per symbol: OHLCV rows (of the chosen rtype) and the coarsest power-of-ten tick of its prices. */
  symbols: Map<string, { rows: number; tick: Scaled }>;
  /** Records in the file, of every kind. */
  records: number;
}

/** A first pass over a DBN file in bounded memory: each symbol's row count and inferred tick. */
export function scanDbnBars(path: string, opts: { rtype?: number; chunkRecords?: number } = {}): DbnBarScan {
  const conv = new OhlcvBarConverter({
    file: path,
    tick: null,
    rtype: opts.rtype ?? null,
    symbol: null,
    oneSymbol: false,
  });
  const zeros = new Map<string, { rows: number; k: number }>();
  const it = iterateDbn(path, { chunkRecords: opts.chunkRecords ?? 1 << 16, reuseTables: true });
  let records: number;
  let ohlcvSeen = false;
  for (;;) {
    const r = it.next();
    if (r.done) {
      records = r.value.counts.records + r.value.counts.skipped;
      if (!ohlcvSeen && records > 0) throw noOhlcv(path, r.value.counts.byKind);
      break;
    }
    const t = r.value.tables.ohlcv;
    if (!t) continue;
    ohlcvSeen = true;
    const { groupOf, symbols } = conv.group(t, r.value.symbolMap);
    const ks = symbols.map((s) => zeros.get(s) ?? { rows: 0, k: 9 });
    symbols.forEach((s, g) => zeros.set(s, ks[g]!));
    for (let i = 0; i < t.length; i++) {
      const g = groupOf[i]!;
      if (g < 0) continue;
      const z = ks[g]!;
      z.rows++;
      if (z.k > 0)
        z.k = zerosOf(t.close[i]!, zerosOf(t.low[i]!, zerosOf(t.high[i]!, zerosOf(t.open[i]!, z.k))));
    }
  }
  const symbols = new Map<string, { rows: number; tick: Scaled }>();
  for (const [s, z] of [...zeros].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))
    symbols.set(s, { rows: z.rows, tick: tickFromZeros(z.k) });
  return { symbols, records };
}

export interface IterateDbnBarsOptions {
  /** The symbol to read; default: the file's only symbol (a second one is a DataError). */
  symbol?: string;
  /** The symbol's tick (from the caller, or scanDbnBars). */
  tick: Scaled;
  /** The OHLCV rtype to keep when the file mixes intervals. */
  rtype?: number;
  /** Records decoded per step (default 65,536): a yielded table has at most this many rows. */
  chunkRecords?: number;
  start?: Timestamp;
  end?: Timestamp;
}

export interface DbnBarIterSummary {
  symbol: string | null;
  /** OHLCV records read (all symbols). */
  records: number;
  /** Bars yielded. */
  rows: number;
}

/** One symbol's bars, one non-empty table per decoded chunk that holds some, in time order. */
export function* iterateDbnBars(
  path: string,
  opts: IterateDbnBarsOptions,
): Generator<BarTable, DbnBarIterSummary, undefined> {
  const chunkRecords = opts.chunkRecords ?? 1 << 16;
  if (!Number.isInteger(chunkRecords) || chunkRecords < 1)
    throw new UsageError(`iterateDbnBars: chunkRecords must be a positive integer, got ${chunkRecords}`);
  const conv = new OhlcvBarConverter({
    file: path,
    tick: opts.tick,
    rtype: opts.rtype ?? null,
    symbol: opts.symbol ?? null,
    oneSymbol: true,
  });
  const start = opts.start ?? null;
  const end = opts.end ?? null;
  let rows = 0;
  let pastEnd = false;
  const it = iterateDbn(path, { chunkRecords, reuseTables: true });
  try {
    for (let r = it.next(); !r.done && !pastEnd; r = it.next()) {
      const t = r.value.tables.ohlcv;
      if (!t) continue;
      for (const b of conv.convert(t, r.value.symbolMap)) {
        const lo = start ? lowerBound(b, start.sec, start.nsec) : 0;
        const hi = end ? lowerBound(b, end.sec, end.nsec) : b.length;
        pastEnd = hi < b.length;
        if (hi <= lo) continue;
        rows += hi - lo;
        yield lo === 0 && hi === b.length ? b : sliceBarTable(b, lo, hi);
      }
    }
  } finally {
    // Closes the file when the read stops early (end of range, or the consumer's return()).
    it.return(undefined as never);
  }
  const symbol = conv.symbol;
  if (opts.symbol !== undefined && !conv.symbolsSeen.has(opts.symbol))
    throw new DataError(
      { file: path, field: 'symbol', value: opts.symbol },
      `no OHLCV records of this symbol (the file holds ${[...conv.symbolsSeen].join(', ') || 'none'})`,
    );
  return { symbol, records: conv.records, rows };
}
