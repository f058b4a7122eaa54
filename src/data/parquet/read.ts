/**
 * readBarsParquet: a Parquet file of bars (layout.ts) into validated BarTables, synchronously, reading
 * only the footer and the column chunks of the row groups it needs (positioned reads: memory holds one
 * row group's compressed bytes at a time besides the output).
 *
 * Library choice (measured on 5 M synthetic 1-minute bars, full table in docs/data-formats.md):
 * hyparquet's page decoder (pure JS, synchronous `readColumn`) on our own positioned reads — this reader
 * does 13-16 M rows/s into typed arrays (default layout, 193 MB file; 7 M rows/s with SNAPPY, 72 MB).
 * Uncompressed PLAIN / DELTA int64 and PLAIN double chunks (what writeBarsParquet writes) skip hyparquet:
 * flat-reader.ts decodes them into arrays kept per column across row groups (12-14 M rows/s whole-file,
 * nothing allocated per row group, which is what the stream worker needs).
 * parquet-wasm + apache-arrow read 7-10.5 M rows/s but copy the whole file into wasm memory and back out
 * through IPC (1.5-1.7 GB RSS); DuckDB's Node API read 7-7.6 M rows/s (1 thread, async, 2048-row chunks
 * through N-API, a native optional dependency). hyparquet also lets us skip row groups by our own
 * statistics check and keep the API synchronous like the CSV reader.
 *
 * Range reads: a row group is skipped when its `ts` min/max statistics lie outside [start, end) (or its
 * `symbol` statistics exclude every requested symbol); rows of the kept groups are cut exactly. Groups
 * without statistics are read. `stats` (option) reports how many row groups were read.
 * Limits: rows cut away at the range edges are not validated; dictionary-encoded int64 columns written by
 * other tools decode through a per-row BigInt-to-number fallback (slower, still exact).
 */
import { closeSync } from 'node:fs';
import { readColumn } from 'hyparquet/src/column.js';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { getSchemaPath } from 'hyparquet/src/schema.js';
import type { Scaled } from '../../core/decimal.js';
import { DataError, HindsightError } from '../../core/errors.js';
import type { Timestamp } from '../../core/time.js';
import type { BarTable } from '../bars.js';
import { openParquetBars, readFully, readInto, type ColumnPlan, type ParquetBarFile } from './footer.js';
import { decodeFlat, type FlatOutput } from './flat-reader.js';
import { halves } from './int64.js';
import { BAR_COLUMNS, KEY_SYMBOL, TickResolver, type BarColumn } from './layout.js';
import { BarBuilder, type ChunkWhere, type RawBars } from './sink.js';
import { asFloat64, asInt64, asStrings } from './decoded.js';
import { cutRange, groupOverlap, makeRange } from './range.js';
import { checkPages, SAFE_COMPRESSORS } from './page-guard.js';

export interface ReadParquetOptions {
  /** Only these symbols (default: all). */
  symbols?: string[];
  /** Rows with start <= ts < end (either bound optional). */
  start?: Timestamp;
  end?: Timestamp;
  /** Bar columns to load besides `ts` (default all); others come back as empty arrays. */
  columns?: BarColumn[];
  /** Symbol of a single-symbol file without a `symbol` column or `hindsight.symbol` metadata. */
  symbol?: string;
  /** Tick size when the file has no `hindsight.tick` metadata. */
  tick?: Scaled;
  /** Filled in: row groups in the file and row groups actually read. */
  stats?: ParquetReadStats;
  /**
   * iterateBarsParquet only: the tables of each step live in buffers the next step overwrites, so reading
   * allocates nothing per row group (for consumers that copy every group out before asking for the next,
   * such as the stream worker).
   */
  reuseBuffers?: boolean;
}

export interface ParquetReadStats {
  rowGroups: number;
  rowGroupsRead: number;
  /**
   * Bar files: column chunks decoded by hyparquet (allocating fresh arrays) rather than by the flat
   * decoder into reused arrays (flat-reader.ts).
   */
  generalChunks?: number;
}

export function readBarsParquet(path: string, opts: ReadParquetOptions = {}): BarTable[] {
  const f = openParquetBars(path);
  try {
    return readGroups(path, f, opts, false).next().value ?? [];
  } finally {
    closeSync(f.fd);
  }
}

/**
 * The same reading, one row group at a time: yields the tables (one per symbol) of each row group read,
 * so memory holds one group's rows. `rowsHint` is the file's row count.
 */
export function* iterateBarsParquet(path: string, opts: ReadParquetOptions = {}): Generator<BarTable[]> {
  const f = openParquetBars(path);
  try {
    yield* readGroups(path, f, opts, true);
  } finally {
    closeSync(f.fd);
  }
}

/** Rows in a Parquet bar file (footer only), e.g. for progress. */
export function parquetBarRows(path: string): number {
  const f = openParquetBars(path);
  try {
    let rows = 0;
    for (const g of f.meta.row_groups) rows += Number(g.num_rows);
    return rows;
  } finally {
    closeSync(f.fd);
  }
}

/** Reads the row groups in range; yields once at the end (whole file) or after every group (`perGroup`). */
function* readGroups(
  file: string,
  f: ParquetBarFile,
  opts: ReadParquetOptions,
  perGroup: boolean,
): Generator<BarTable[]> {
  const ticks = new TickResolver(file, f.kv, opts.tick ?? null);
  const wanted = new Set<BarColumn>(opts.columns ?? BAR_COLUMNS);
  const loaded = BAR_COLUMNS.map((c) => wanted.has(c));
  const onlySymbols = opts.symbols ? new Set(opts.symbols) : null;
  const fixedSymbol = f.symbol ? null : (f.kv.get(KEY_SYMBOL) ?? opts.symbol ?? null);
  if (!f.symbol && fixedSymbol === null)
    throw new DataError(
      { file, field: 'symbol' },
      `no symbol column and no ${KEY_SYMBOL} metadata (pass the symbol option)`,
    );
  const range = makeRange(opts.start, opts.end, f.unitsPerSec);
  const nsPerUnit = BigInt(1e9 / f.unitsPerSec);
  const builders = new Map<string, BarBuilder>();
  const builderFor = (sym: string, cap: number): BarBuilder => {
    let b = builders.get(sym);
    if (!b) builders.set(sym, (b = new BarBuilder(sym, ticks.tick(sym), cap, loaded)));
    return b;
  };
  const fixedWanted = fixedSymbol !== null && (!onlySymbols || onlySymbols.has(fixedSymbol));
  if (fixedWanted && !perGroup) {
    let rows = 0;
    for (const g of f.meta.row_groups) rows += Number(g.num_rows);
    builderFor(fixedSymbol, Math.min(rows, 1 << 24));
  }
  const reuse = perGroup && opts.reuseBuffers === true;
  const stats: ParquetReadStats = opts.stats ?? { rowGroups: 0, rowGroupsRead: 0 };
  const columns = new ColumnDecoder(stats);
  stats.rowGroups = f.meta.row_groups.length;
  stats.rowGroupsRead = 0;
  stats.generalChunks = 0;
  let rowBase = 0;
  for (let g = 0; g < f.meta.row_groups.length; g++) {
    const rg = f.meta.row_groups[g]!;
    const nRows = Number(rg.num_rows);
    const at: ChunkWhere = { file, unit: 'row group', index: g, rowBase };
    rowBase += nRows;
    if (!(nRows > 0) || (fixedSymbol !== null && !fixedWanted)) continue;
    const overlap = groupOverlap(rg.columns[f.ts.chunk]?.meta_data?.statistics, range, nsPerUnit);
    if (overlap === 'none') continue;
    if (
      onlySymbols &&
      f.symbol &&
      !symbolsMayMatch(rg.columns[f.symbol.chunk]?.meta_data?.statistics, onlySymbols)
    )
      continue;
    stats.rowGroupsRead++;
    const whole = overlap === 'all';
    const raw: RawBars = {
      ts: columns.int64(f, g, f.ts, nRows, at, 5),
      unitsPerSec: f.unitsPerSec,
      prices: [null, null, null, null],
      volume: null,
    };
    for (let c = 0; c < 5; c++) {
      if (!loaded[c]) continue;
      const plan = f.bars.get(BAR_COLUMNS[c]!)!;
      if (c === 4) raw.volume = columns.double(f, g, plan, nRows, at, c);
      else if (plan.element.type === 'DOUBLE')
        raw.prices[c] = { f64: columns.double(f, g, plan, nRows, at, c) };
      else raw.prices[c] = { i64: columns.int64(f, g, plan, nRows, at, c) };
    }
    if (f.symbol) stats.generalChunks!++;
    const syms = f.symbol ? asStrings(decode(f, g, f.symbol, nRows, at), nRows, at, f.symbol.name) : null;
    let i = 0;
    while (i < nRows) {
      let j = nRows;
      const sym = syms ? syms[i]! : fixedSymbol!;
      if (syms) for (j = i + 1; j < nRows && syms[j] === sym; j++);
      if (!onlySymbols || onlySymbols.has(sym)) {
        const [from, to] = whole ? [i, j] : cutRange(raw.ts, i, j, range);
        builderFor(sym, j - i).append(raw, from, to, at);
      }
      i = j;
    }
    if (perGroup && builders.size > 0) {
      const tables = [...builders.values()]
        .map((b) => (reuse ? b.view() : b.finish()))
        .filter((t) => t.length > 0);
      if (reuse) for (const b of builders.values()) b.clear();
      else builders.clear();
      if (tables.length > 0) yield tables;
    }
  }
  if (!perGroup) yield [...builders.values()].map((b) => b.finish());
}

/**
 * Decodes int64 and double column chunks, through flat-reader.ts into arrays kept per column slot (reused
 * by the next row group) when the chunk is in its subset, else through hyparquet (fresh arrays).
 */
export class ColumnDecoder {
  constructor(private readonly stats: ParquetReadStats) {}
  private bytes = new Uint8Array(0);
  private readonly int64s: Int32Array[] = [];
  private readonly doubles: Float64Array[] = [];

  int64(f: ParquetBarFile, g: number, plan: ColumnPlan, n: number, at: ChunkWhere, slot: number): Int32Array {
    let out = this.int64s[slot];
    if (!out || out.length < 2 * n) out = this.int64s[slot] = new Int32Array(2 * n);
    if (this.flat(f, g, plan, n, at, { int64: out }))
      return out.length === 2 * n ? out : out.subarray(0, 2 * n);
    return halves(asInt64(decode(f, g, plan, n, at), n, at, plan.name));
  }

  double(
    f: ParquetBarFile,
    g: number,
    plan: ColumnPlan,
    n: number,
    at: ChunkWhere,
    slot: number,
  ): Float64Array {
    let out = this.doubles[slot];
    if (!out || out.length < n) out = this.doubles[slot] = new Float64Array(n);
    if (this.flat(f, g, plan, n, at, { double: out })) return out.length === n ? out : out.subarray(0, n);
    this.stats.generalChunks = (this.stats.generalChunks ?? 0) + 1;
    return asFloat64(decode(f, g, plan, n, at), n, at, plan.name);
  }

  /** The flat path: true when it decoded the chunk; false for anything outside its subset. */
  private flat(
    f: ParquetBarFile,
    g: number,
    plan: ColumnPlan,
    n: number,
    at: ChunkWhere,
    out: FlatOutput,
  ): boolean {
    const md = f.meta.row_groups[g]!.columns[plan.chunk]?.meta_data;
    if (!md || md.codec !== 'UNCOMPRESSED' || plan.element.repetition_type !== 'REQUIRED') return false;
    if (md.type !== ('int64' in out ? 'INT64' : 'DOUBLE')) return false;
    if (md.dictionary_page_offset !== undefined) return false;
    const [start, len] = chunkSpan(f, g, plan, at);
    if (this.bytes.length < len) this.bytes = new Uint8Array(Math.max(len, 2 * this.bytes.length));
    const bytes = readInto(f.fd, this.bytes, len, start);
    try {
      return decodeFlat(bytes, n, out);
    } catch (e) {
      throw new DataError(
        { file: at.file, row: at.rowBase + 1, field: plan.name, offset: start },
        `${at.unit} ${at.index}: corrupt column data: ${(e as Error).message}`,
      );
    }
  }
}

function symbolsMayMatch(
  s: { min_value?: unknown; max_value?: unknown } | undefined,
  want: Set<string>,
): boolean {
  const min = s?.min_value;
  const max = s?.max_value;
  if (typeof min !== 'string' || typeof max !== 'string') return true;
  for (const w of want) if (w >= min && w <= max) return true;
  return false;
}

/** [file offset, byte length] of a column chunk of row group `g`, checked to lie inside the file. */
export function chunkSpan(f: ParquetBarFile, g: number, plan: ColumnPlan, at: ChunkWhere): [number, number] {
  const md = f.meta.row_groups[g]!.columns[plan.chunk]?.meta_data;
  const where = { file: at.file, row: at.rowBase + 1, field: plan.name };
  if (!md) throw new DataError(where, `${at.unit} ${at.index}: column chunk has no metadata`);
  const start = Number(md.dictionary_page_offset ?? md.data_page_offset);
  const len = Number(md.total_compressed_size);
  if (!(start >= 4 && len > 0 && start + len <= f.size - 8))
    throw new DataError(
      { ...where, offset: start },
      `${at.unit} ${at.index}: column chunk lies outside the file`,
    );
  return [start, len];
}

/** Decodes one column chunk of row group `g` through hyparquet; any decoder failure becomes a DataError. */
function decode(f: ParquetBarFile, g: number, plan: ColumnPlan, nRows: number, at: ChunkWhere): unknown {
  const md = f.meta.row_groups[g]!.columns[plan.chunk]!.meta_data!;
  const where = { file: at.file, row: at.rowBase + 1, field: plan.name };
  const [start, len] = chunkSpan(f, g, plan, at);
  const bytes = readFully(f.fd, len, start);
  const el = plan.element;
  // Timestamps decode as raw int64: hyparquet would otherwise build one Date per row.
  const element = plan.name === 'ts' ? { ...el, logical_type: undefined, converted_type: undefined } : el;
  try {
    checkPages(bytes, nRows, el.repetition_type === 'OPTIONAL', md.codec);
    const schemaPath = getSchemaPath(f.meta.schema, [plan.name]);
    const { data } = readColumn(
      { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 },
      { groupStart: 0, selectStart: 0, selectEnd: nRows, groupRows: nRows },
      {
        pathInSchema: [plan.name],
        type: md.type,
        element,
        schemaPath,
        codec: md.codec,
        compressors: SAFE_COMPRESSORS,
        parsers: DEFAULT_PARSERS,
        utf8: true,
      },
    );
    return data;
  } catch (e) {
    if (e instanceof HindsightError) throw e;
    throw new DataError(
      { ...where, offset: start },
      `${at.unit} ${at.index}: corrupt column data: ${(e as Error).message}`,
    );
  }
}
