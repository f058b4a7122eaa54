/**
 * Canonical tables (trades, quotes, mbo, mbp10, definitions ...) as Arrow IPC, file or stream format,
 * through apache-arrow, in the column layout of src/data/parquet/table-layout.ts: timestamps
 * Timestamp(NANOSECOND, "UTC"), 64-bit integers Int64/Uint64, codes and sizes in their own width (Uint8 ..
 * Int32), strings Dictionary<Int32, Utf8>, the hindsight.* keys as schema metadata. Nulls (NaN in the
 * table) are Arrow nulls; a field is nullable only when the table holds a null in it.
 *
 * Invariants: write -> readTableArrow is the identity on every column; reading converts through the same
 * sink as the Parquet reader (table-sink.ts) and checks the message structure first (ipc-guard.ts, since
 * apache-arrow trusts corrupted lengths). Errors are DataErrors naming the file, record batch and column.
 * Measured (bench/workloads/parquet-ticks.js, same conditions as table-read.ts): 5 M trades (219 MB file)
 * 10.7 M rows per CPU-second (6.1 M rows/s wall): the whole file is read into a new buffer, columns are
 * views of it until copied into the table.
 * Limits: the whole file is read into memory; no statistics, so range and instrument filters cost a pass
 * over every row; record batches of `batchSize` rows (default 131,072).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as arrow from 'apache-arrow';
import { DataError, HindsightError, UsageError } from '../../core/errors.js';
import type { KindTable, TableBase, TableKind } from '../schemas.js';
import { halves } from '../parquet/int64.js';
import { fail, type ChunkWhere } from '../parquet/sink.js';
import { encodeTable, type EncodedColumn, type IntArray } from '../parquet/table-encode.js';
import {
  intShape,
  parseTableMetadata,
  tableLayout,
  tableMetadata,
  type FileColumn,
  type SymbolMapInput,
} from '../parquet/table-layout.js';
import { rowFilter, type ReadTableOptions, type TableReadResult } from '../parquet/table-read.js';
import { TableSink } from '../parquet/table-sink.js';
import { checkIpcFile, checkIpcStream } from './ipc-guard.js';

export interface WriteTableArrowOptions {
  format: 'file' | 'stream';
  /** instrument id -> symbol, stored as hindsight.symbols. */
  symbols?: SymbolMapInput;
  /** Rows per record batch (default 131072). */
  batchSize?: number;
}

export type ReadTableArrowOptions<K extends TableKind = TableKind> = Omit<ReadTableOptions<K>, 'stats'>;

const WHO = 'writeTableArrow';

function arrowType(fc: FileColumn): arrow.DataType {
  switch (fc.role) {
    case 'ts':
      return new arrow.TimestampNanosecond('UTC');
    case 'i64':
      return new arrow.Int64();
    case 'u64':
    case 'oid':
      return new arrow.Uint64();
    case 'str':
      return new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32());
    case 'int': {
      const { bits, signed } = intShape(fc.type);
      if (bits === 8) return signed ? new arrow.Int8() : new arrow.Uint8();
      if (bits === 16) return signed ? new arrow.Int16() : new arrow.Uint16();
      return signed ? new arrow.Int32() : new arrow.Uint32();
    }
  }
}

export function writeTableArrow(path: string, table: TableBase, opts: WriteTableArrowOptions): void {
  if (opts?.format !== 'file' && opts?.format !== 'stream')
    throw new UsageError(`${WHO}: format must be "file" or "stream" (got ${String(opts?.format)})`);
  const batchSize = opts.batchSize ?? 131_072;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new UsageError(`${WHO}: batchSize must be a positive integer (got ${batchSize})`);
  const enc = encodeTable(WHO, table);
  const fields = enc.columns.map((c) => new arrow.Field(c.fc.name, arrowType(c.fc), c.nulls !== null));
  const schema = new arrow.Schema(fields, tableMetadata(WHO, enc.kind, table.priceTick, opts.symbols));
  const dictionaries = enc.columns.map((c) => (c.str ? dictionaryOf(c.str) : null));
  const batches: arrow.RecordBatch[] = [];
  for (let from = 0; from < enc.length; from += batchSize) {
    const n = Math.min(batchSize, enc.length - from);
    const children = enc.columns.map((c, k) => columnData(c, fields[k]!.type, from, n, dictionaries[k]!));
    const data = arrow.makeData({ type: new arrow.Struct(fields), length: n, children });
    batches.push(new arrow.RecordBatch(schema, data));
  }
  writeFileSync(path, arrow.tableToIPC(new arrow.Table(schema, batches), opts.format));
}

interface Dict {
  vector: arrow.Vector<arrow.Utf8>;
  index: Int32Array;
}

function dictionaryOf(values: string[]): Dict {
  const ids = new Map<string, number>();
  const index = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let id = ids.get(values[i]!);
    if (id === undefined) ids.set(values[i]!, (id = ids.size));
    index[i] = id;
  }
  return { vector: arrow.vectorFromArray([...ids.keys()], new arrow.Utf8()), index };
}

function columnData(
  c: EncodedColumn,
  type: arrow.DataType,
  from: number,
  n: number,
  dict: Dict | null,
): arrow.Data {
  if (dict)
    return arrow.makeData({
      type,
      length: n,
      data: dict.index.subarray(from, from + n),
      dictionary: dict.vector,
    } as never);
  const data = (c.big ?? c.int)!.subarray(from, from + n);
  if (!c.nulls) return arrow.makeData({ type, length: n, data } as never);
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < n; i++)
    if (c.nulls[from + i]) nullCount++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  return arrow.makeData({ type, length: n, data, nullCount, nullBitmap: bitmap } as never);
}

const UNIT_PER_SEC = [1, 1e3, 1e6, 1e9]; // arrow.TimeUnit SECOND, MILLISECOND, MICROSECOND, NANOSECOND

export function readTableArrow<K extends TableKind = TableKind>(
  path: string,
  opts: ReadTableArrowOptions<K> = {},
): TableReadResult<KindTable<K>> {
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
  try {
    if (isFile) checkIpcFile(path, bytes);
    else checkIpcStream(path, bytes);
    return fromTable(path, arrow.tableFromIPC(bytes), opts) as TableReadResult<KindTable<K>>;
  } catch (e) {
    if (e instanceof HindsightError) throw e;
    throw new DataError({ file: path }, `corrupt Arrow IPC data: ${(e as Error).message}`);
  }
}

function fromTable(
  file: string,
  table: arrow.Table,
  opts: ReadTableArrowOptions,
): TableReadResult<TableBase> {
  const fields = table.schema.fields;
  const info = parseTableMetadata(file, table.schema.metadata, opts.kind);
  const tsOut = fields.some((f) => f.name === 'ts_out');
  const plans = tableLayout(info.kind, tsOut).map((fc) => {
    const i = fields.findIndex((f) => f.name === fc.name);
    if (i < 0) throw new DataError({ file, field: fc.name }, 'missing column');
    return { fc, i, unitsPerSec: checkType(file, fc, fields[i]!.type) };
  });
  const filter = rowFilter(file, info.kind, info.symbols, opts);
  const sink = new TableSink(info.kind, tsOut, info.priceTick, filter, filter ? 0 : table.numRows);
  let rowBase = 0;
  table.batches.forEach((batch, b) => {
    const n = batch.numRows;
    const at: ChunkWhere = { file, unit: 'record batch', index: b, rowBase };
    rowBase += n;
    const cols = batch.data.children;
    sink.begin(n);
    for (const { fc, i, unitsPerSec } of plans) put(sink, fc, cols[i]!, n, unitsPerSec, at);
    sink.end(n);
  });
  return { table: sink.finish(), symbols: info.symbols };
}

/** Checks the Arrow type of `fc`'s field; returns the timestamp unit per second (0 for other roles). */
function checkType(file: string, fc: FileColumn, t: arrow.DataType): number {
  const wrong = (expected: string): never => {
    throw new DataError(
      { file, field: fc.name, value: String(t) },
      `wrong column type: expected ${expected}`,
    );
  };
  if (fc.role === 'ts') {
    if (!arrow.DataType.isTimestamp(t)) wrong('Timestamp');
    return UNIT_PER_SEC[(t as arrow.Timestamp).unit] ?? wrong('Timestamp');
  }
  if (fc.role === 'str') {
    if (!(
      arrow.DataType.isUtf8(t) ||
      (arrow.DataType.isDictionary(t) && arrow.DataType.isUtf8(t.dictionary))
    ))
      wrong('Utf8 or Dictionary<Utf8>');
    return 0;
  }
  const { bits, signed } = fc.role === 'int' ? intShape(fc.type) : { bits: 64, signed: fc.role === 'i64' };
  if (!(arrow.DataType.isInt(t) && t.bitWidth === bits && t.isSigned === signed))
    wrong(`${signed ? 'Int' : 'Uint'}${bits}`);
  return 0;
}

function put(
  sink: TableSink,
  fc: FileColumn,
  d: arrow.Data,
  n: number,
  unitsPerSec: number,
  at: ChunkWhere,
): void {
  const nulls = d.nullCount > 0 ? nullMask(d, n, fc, at) : null;
  if (nulls && (fc.role === 'int' || fc.role === 'str' || fc.role === 'oid'))
    fail(at, nulls.indexOf(1), fc.name, 'null', 'null value');
  if (fc.role === 'str') return sink.strings(fc, stringsOf(d, n, fc, at), n, at);
  const values = (d.values as IntArray | BigInt64Array | BigUint64Array).subarray(d.offset, d.offset + n);
  if (values.length !== n) fail(at, values.length, fc.name, '', 'column shorter than the batch');
  if (fc.role === 'int') return sink.ints(fc, values as IntArray, n, at);
  const h =
    values instanceof BigInt64Array
      ? halves(values)
      : new Int32Array(values.buffer, values.byteOffset, 2 * n);
  if (fc.role === 'oid') return sink.orderIds(fc, h, n);
  if (fc.role === 'ts') return sink.timestamps(fc, h, n, unitsPerSec, nulls);
  sink.int64(fc, h, n, nulls, at);
}

function nullMask(d: arrow.Data, n: number, fc: FileColumn, at: ChunkWhere): Uint8Array {
  const bits = d.nullBitmap;
  if (!bits || bits.length * 8 < d.offset + n)
    fail(at, 0, fc.name, '', 'validity bitmap shorter than the batch');
  const m = new Uint8Array(n);
  for (let i = 0, j = d.offset; i < n; i++, j++) m[i] = (bits[j >> 3]! >> (j & 7)) & 1 ? 0 : 1;
  return m;
}

function stringsOf(d: arrow.Data, n: number, fc: FileColumn, at: ChunkWhere): string[] {
  if (!d.dictionary) {
    const vec = arrow.makeVector(d);
    return Array.from({ length: n }, (_, i) => vec.get(i) as string);
  }
  const dict = d.dictionary.toArray() as string[];
  const idx = d.values as Int32Array;
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const s = dict[idx[d.offset + i]!];
    if (s === undefined) fail(at, i, fc.name, String(idx[d.offset + i]), 'dictionary index out of range');
    out[i] = s;
  }
  return out;
}
