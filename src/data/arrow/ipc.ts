/**
 * Bar tables as Arrow IPC (file or stream format) through apache-arrow, in the layout of
 * src/data/parquet/layout.ts: `ts` Timestamp(NANOSECOND, "UTC"), `symbol` Dictionary<Int32, Utf8> when
 * there are several tables, prices Int64 ticks, `volume` Float64, and the `hindsight.*` keys as schema
 * metadata. Record batches of one table each, at most `batchRows` rows (so a streamed read holds one batch);
 * all batches share one dictionary of every symbol.
 *
 * Invariants: reading validates exactly as the Parquet reader does (sink.ts) and reports the record batch
 * and the file row of a bad value. Int64 columns are split through their 32-bit halves (no BigInt per row).
 * Message and footer structure is checked first (ipc-guard.ts): apache-arrow trusts corrupted lengths.
 * Limits: the whole file is read into memory (Arrow IPC has no statistics to skip by); a reader may also
 * meet Timestamp units other than ns (converted exactly) and Float64 prices (checked against the tick).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as arrow from 'apache-arrow';
import type { Scaled } from '../../core/decimal.js';
import { DataError, HindsightError, UsageError } from '../../core/errors.js';
import { viewBarTable, type BarTable } from '../bars.js';
import { checkTables } from '../parquet/check-input.js';
import { fitsSafe, halves, int64At, joinIntegers, joinTimestamps, tsFitsInt64 } from '../parquet/int64.js';
import {
  BAR_COLUMNS,
  KEY_SYMBOL,
  layoutMetadata,
  PRICE_COLUMNS,
  SYMBOL,
  TickResolver,
  TS,
} from '../parquet/layout.js';
import { BarBuilder, fail, type ChunkWhere, type RawBars } from '../parquet/sink.js';
import { checkIpcFile, checkIpcStream } from './ipc-guard.js';

export interface WriteArrowOptions {
  format: 'file' | 'stream';
  /**
   * Rows per record batch at most (default 65,536): a streamed read holds one batch at a time, so
   * batches bound its memory (a whole table in one batch would be read whole).
   */
  batchRows?: number;
}

export const DEFAULT_ARROW_BATCH_ROWS = 65_536;

export interface ReadArrowOptions {
  /** Symbol of a single-symbol file without `symbol` column or `hindsight.symbol` metadata. */
  symbol?: string;
  /** Tick size when the file has no `hindsight.tick` metadata. */
  tick?: Scaled;
}

export function writeBarsArrow(path: string, tables: BarTable[], opts: WriteArrowOptions): void {
  if (opts?.format !== 'file' && opts?.format !== 'stream')
    throw new UsageError(`writeBarsArrow: format must be "file" or "stream" (got ${String(opts?.format)})`);
  checkTables('writeBarsArrow', tables);
  const multi = tables.length > 1;
  const tsType = new arrow.TimestampNanosecond('UTC');
  const symType = new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32(), 0);
  const fields: arrow.Field[] = [new arrow.Field(TS, tsType, false)];
  if (multi) fields.push(new arrow.Field(SYMBOL, symType, false));
  for (const c of PRICE_COLUMNS) fields.push(new arrow.Field(c, new arrow.Int64(), false));
  fields.push(new arrow.Field('volume', new arrow.Float64(), false));
  const schema = new arrow.Schema(fields, layoutMetadata(tables, multi));
  const dictionary = arrow.vectorFromArray(
    tables.map((t) => t.symbol),
    new arrow.Utf8(),
  );
  const batchRows = opts.batchRows ?? DEFAULT_ARROW_BATCH_ROWS;
  if (!Number.isInteger(batchRows) || batchRows < 1)
    throw new UsageError(`writeBarsArrow: batchRows must be a positive integer (got ${batchRows})`);
  const pieces: [BarTable, number][] = [];
  tables.forEach((whole, k) => {
    for (let i = 0; i < whole.length || i === 0; i += batchRows)
      pieces.push([viewBarTable(whole, i, Math.min(whole.length, i + batchRows)), k]);
  });
  const batches = pieces.map(([t, k]) => {
    const n = t.length;
    for (let i = 0; i < n; i++)
      if (!tsFitsInt64(t.tsSec[i]!, t.tsNsec[i]!))
        throw new UsageError(
          `writeBarsArrow: table "${t.symbol}" row ${i}: timestamp is outside the int64 nanosecond range`,
        );
    const ts = new BigInt64Array(n);
    joinTimestamps(t.tsSec, t.tsNsec, 0, n, halves(ts), 0);
    const children: arrow.Data[] = [arrow.makeData({ type: tsType, data: ts, length: n })];
    if (multi)
      children.push(
        arrow.makeData({ type: symType, data: new Int32Array(n).fill(k), length: n, dictionary }),
      );
    for (const c of PRICE_COLUMNS) {
      const p = new BigInt64Array(n);
      joinIntegers(t[c], 0, n, halves(p), 0);
      children.push(arrow.makeData({ type: new arrow.Int64(), data: p, length: n }));
    }
    children.push(arrow.makeData({ type: new arrow.Float64(), data: t.volume.subarray(0, n), length: n }));
    return new arrow.RecordBatch(
      schema,
      arrow.makeData({ type: new arrow.Struct(fields), length: n, children }),
    );
  });
  writeFileSync(path, arrow.tableToIPC(new arrow.Table(schema, batches), opts.format));
}

const UNIT_PER_SEC = [1, 1e3, 1e6, 1e9]; // arrow.TimeUnit SECOND, MILLISECOND, MICROSECOND, NANOSECOND

export function readBarsArrow(path: string, opts: ReadArrowOptions = {}): BarTable[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new DataError({ file: path }, `cannot open: ${(e as Error).message}`);
  }
  const isFile = bytes.length >= 6 && bytes.toString('latin1', 0, 6) === 'ARROW1';
  const isStream = bytes.length >= 8 && bytes.readUInt32LE(0) === 0xffffffff;
  if (!isFile && !isStream)
    throw new DataError({ file: path }, 'not an Arrow IPC file or stream (no ARROW1 magic or stream marker)');
  let table: arrow.Table;
  try {
    if (isFile) checkIpcFile(path, bytes);
    else checkIpcStream(path, bytes);
  } catch (e) {
    if (e instanceof HindsightError) throw e;
    throw new DataError({ file: path }, `corrupt Arrow IPC data: ${(e as Error).message}`);
  }
  try {
    table = arrow.tableFromIPC(bytes);
  } catch (e) {
    throw new DataError({ file: path }, `corrupt Arrow IPC data: ${(e as Error).message}`);
  }
  try {
    return fromTable(path, table, opts);
  } catch (e) {
    if (e instanceof HindsightError) throw e;
    throw new DataError({ file: path }, `corrupt Arrow IPC data: ${(e as Error).message}`);
  }
}

function fromTable(file: string, table: arrow.Table, opts: ReadArrowOptions): BarTable[] {
  const layout = arrowBarLayout(file, table.schema, opts);
  const builders = new Map<string, BarBuilder>();
  let rowBase = 0;
  table.batches.forEach((batch, b) => {
    batchRuns(layout, batch, b, rowBase, (sym, raw, i, j, at) => {
      let bld = builders.get(sym);
      if (!bld) builders.set(sym, (bld = new BarBuilder(sym, layout.ticks.tick(sym), j - i, ALL_LOADED)));
      bld.append(raw, i, j, at);
    });
    rowBase += batch.numRows;
  });
  return [...builders.values()].map((b) => b.finish());
}

const ALL_LOADED = BAR_COLUMNS.map(() => true);

/** Where the bar columns are in an Arrow schema (checked), shared by the whole-file and batch readers. */
export interface ArrowBarLayout {
  file: string;
  names: string[];
  iTs: number;
  unitsPerSec: number;
  iBars: number[];
  /** The `symbol` column, or -1 (then `fixed` is the file's one symbol). */
  iSym: number;
  fixed: string | null;
  ticks: TickResolver;
}

export function arrowBarLayout(file: string, schema: arrow.Schema, opts: ReadArrowOptions): ArrowBarLayout {
  const fields = schema.fields;
  const index = (name: string): number => fields.findIndex((f) => f.name === name);
  const need = (name: string): number => {
    const i = index(name);
    if (i < 0)
      throw new DataError(
        { file, field: name },
        `missing column (columns: ${fields.map((f) => f.name).join(', ')})`,
      );
    return i;
  };
  const wrong = (name: string, expected: string): never => {
    throw new DataError(
      { file, field: name, value: String(fields[index(name)]!.type) },
      `wrong column type: expected ${expected}`,
    );
  };
  const iTs = need(TS);
  const tsType = fields[iTs]!.type;
  if (!arrow.DataType.isTimestamp(tsType)) wrong(TS, 'Timestamp');
  const unitsPerSec = UNIT_PER_SEC[(tsType as arrow.Timestamp).unit]!;
  const iBars = BAR_COLUMNS.map((c) => {
    const i = need(c);
    const t = fields[i]!.type;
    const isI64 = arrow.DataType.isInt(t) && t.bitWidth === 64 && t.isSigned;
    const isF64 = arrow.DataType.isFloat(t) && t.precision === arrow.Precision.DOUBLE;
    if (!isI64 && !isF64) wrong(c, c === 'volume' ? 'Float64' : 'Int64 ticks or Float64');
    return i;
  });
  const iSym = index(SYMBOL);
  if (iSym >= 0) {
    const t = fields[iSym]!.type;
    if (!(
      arrow.DataType.isUtf8(t) ||
      (arrow.DataType.isDictionary(t) && arrow.DataType.isUtf8(t.dictionary))
    ))
      wrong(SYMBOL, 'Utf8 or Dictionary<Utf8>');
  }
  const kv = schema.metadata;
  const ticks = new TickResolver(file, kv, opts.tick ?? null);
  const fixed = iSym >= 0 ? null : (kv.get(KEY_SYMBOL) ?? opts.symbol ?? null);
  if (iSym < 0 && fixed === null)
    throw new DataError(
      { file, field: SYMBOL },
      `no symbol column and no ${KEY_SYMBOL} metadata (pass the symbol option)`,
    );
  return { file, names: fields.map((f) => f.name), iTs, unitsPerSec, iBars, iSym, fixed, ticks };
}

/**
 * Calls `fn` for each run of rows of one symbol in record batch `b` (file rows from `rowBase`), with the
 * batch's columns as RawBars for BarBuilder.append; nulls and empty symbols are DataErrors.
 */
export function batchRuns(
  L: ArrowBarLayout,
  batch: arrow.RecordBatch,
  b: number,
  rowBase: number,
  fn: (sym: string, raw: RawBars, i: number, j: number, at: ChunkWhere) => void,
): void {
  const n = batch.numRows;
  const at: ChunkWhere = { file: L.file, unit: 'record batch', index: b, rowBase };
  const cols = batch.data.children;
  for (const i of [L.iTs, ...L.iBars, ...(L.iSym >= 0 ? [L.iSym] : [])]) {
    const d = cols[i]!;
    if (d.nullCount > 0) {
      let r = 0;
      while (r < n && d.getValid(r)) r++;
      fail(at, r, L.names[i]!, 'null', 'null value');
    }
  }
  const raw: RawBars = {
    ts: halves(int64Values(cols[L.iTs]!, n)),
    unitsPerSec: L.unitsPerSec,
    prices: [],
    volume: null,
  };
  for (let c = 0; c < 5; c++) {
    const d = cols[L.iBars[c]!]!;
    const f64 = d.values instanceof Float64Array ? d.values.subarray(d.offset, d.offset + n) : null;
    if (c === 4) raw.volume = f64 ?? int64AsDoubles(d, n, at);
    else raw.prices.push(f64 ? { f64 } : { i64: halves(int64Values(d, n)) });
  }
  const syms = L.iSym >= 0 ? symbolsOf(cols[L.iSym]!, n) : null;
  for (let i = 0; i < n;) {
    const sym = syms ? syms[i]! : L.fixed!;
    let j = i + 1;
    if (syms) while (j < n && syms[j] === sym) j++;
    else j = n;
    if (!sym) fail(at, i, SYMBOL, '', 'empty symbol');
    fn(sym, raw, i, j, at);
    i = j;
  }
}

function int64Values(d: arrow.Data, n: number): BigInt64Array {
  const v = d.values as BigInt64Array;
  return v.subarray(d.offset, d.offset + n);
}

function int64AsDoubles(d: arrow.Data, n: number, at: ChunkWhere): Float64Array {
  const h = halves(int64Values(d, n));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!fitsSafe(h[2 * i + 1]!, h[2 * i]!))
      fail(at, i, 'volume', 'int64', 'value exceeds 2^53 (cannot be held exactly)');
    out[i] = int64At(h, i);
  }
  return out;
}

function symbolsOf(d: arrow.Data, n: number): string[] {
  const vec = arrow.makeVector(d);
  if (!d.dictionary) return Array.from({ length: n }, (_, i) => String(vec.get(i)));
  const dict = d.dictionary.toArray() as string[];
  const idx = d.values as Int32Array;
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = dict[idx[d.offset + i]!]!;
  return out;
}
