/**
 * Opens a Parquet file for the bar reader: checks the magic bytes, parses the footer with hyparquet
 * (reading only the footer bytes, not the file), and maps the schema onto the bar layout (layout.ts).
 *
 * Accepted column types: `ts` INT64 TIMESTAMP (NANOS, MICROS or MILLIS; legacy TIMESTAMP_MILLIS/MICROS);
 * prices INT64 (ticks) or DOUBLE (prices on the tick grid); `volume` DOUBLE or INT64; `symbol` UTF8
 * BYTE_ARRAY. Anything else is a DataError naming the column and the type found.
 * Limits: flat schemas only (nested columns are ignored); footers above 64 MiB are refused.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parquetMetadata, type FileMetaData, type SchemaElement } from 'hyparquet';
import { DataError } from '../../core/errors.js';
import { UNITS_PER_SEC } from './int64.js';
import { BAR_COLUMNS, SYMBOL, TS, type BarColumn } from './layout.js';

const MAGIC = 0x31524150; // "PAR1" little-endian
const MAX_FOOTER = 64 * 2 ** 20;

export interface ColumnPlan {
  name: string;
  element: SchemaElement;
  /** Index of the column chunk inside each row group. */
  chunk: number;
}

export interface ParquetBarFile {
  fd: number;
  size: number;
  meta: FileMetaData;
  kv: Map<string, string>;
  ts: ColumnPlan;
  unitsPerSec: number;
  symbol: ColumnPlan | null;
  bars: Map<BarColumn, ColumnPlan>;
}

/** Statistics values stay raw: int64 timestamps as bigint (we compare them to the range bounds). */
const RAW_PARSERS = {
  timestampFromMilliseconds: (v: bigint) => v,
  timestampFromMicroseconds: (v: bigint) => v,
  timestampFromNanoseconds: (v: bigint) => v,
} as unknown as Record<string, (v: unknown) => unknown>;

/** Reads `length` bytes at `position` into the start of `buf` (long enough); the bytes read, as a view. */
export function readInto(fd: number, buf: Uint8Array, length: number, position: number): Uint8Array {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

export function readFully(fd: number, length: number, position: number): Buffer {
  // Buffer#subarray returns a Buffer.
  return readInto(fd, Buffer.allocUnsafe(length), length, position) as Buffer;
}

export function openParquetBars(file: string): ParquetBarFile {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new DataError({ file }, `cannot open: ${(e as Error).message}`);
  }
  try {
    return describe(file, fd);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

function describe(file: string, fd: number): ParquetBarFile {
  const size = fstatSync(fd).size;
  const notParquet = (why: string): never => {
    throw new DataError({ file }, `not a Parquet file: ${why}`);
  };
  if (size < 12) notParquet(`only ${size} bytes`);
  const head = readFully(fd, 4, 0);
  const tail = readFully(fd, 8, size - 8);
  if (head.readUInt32LE(0) !== MAGIC || tail.readUInt32LE(4) !== MAGIC) notParquet('no PAR1 magic bytes');
  const footerLen = tail.readUInt32LE(0);
  if (footerLen > size - 12 || footerLen > MAX_FOOTER)
    throw new DataError(
      { file, offset: size - 8 },
      `corrupt Parquet footer: length ${footerLen} is impossible`,
    );
  const footer = readFully(fd, footerLen + 8, size - 8 - footerLen);
  let meta: FileMetaData;
  try {
    meta = parquetMetadata(footer, { parsers: RAW_PARSERS as never });
  } catch (e) {
    throw new DataError(
      { file, offset: size - 8 - footerLen },
      `corrupt Parquet footer: ${(e as Error).message}`,
    );
  }
  const kv = new Map<string, string>();
  for (const { key, value } of meta.key_value_metadata ?? []) if (value !== undefined) kv.set(key, value);

  const leaves = new Map<string, ColumnPlan>();
  const schema = meta.schema;
  const root = schema[0];
  if (!root || !Array.isArray(meta.row_groups)) notParquet('empty schema');
  // Top-level leaves only: element i of the root's children with no children of its own.
  let i = 1;
  let chunk = 0;
  for (let k = 0; k < (root!.num_children ?? 0) && i < schema.length; k++) {
    const el = schema[i]!;
    if (el.num_children) {
      const skip = countLeaves(schema, i);
      i = skip.next;
      chunk += skip.leaves;
      continue;
    }
    leaves.set(el.name, { name: el.name, element: el, chunk });
    i++;
    chunk++;
  }
  const need = (name: string): ColumnPlan => {
    const c = leaves.get(name);
    if (!c)
      throw new DataError(
        { file, field: name },
        `missing column (columns: ${[...leaves.keys()].join(', ')})`,
      );
    return c;
  };
  const ts = need(TS);
  const unitsPerSec = timestampUnits(ts.element);
  if (unitsPerSec === 0) wrongType(file, ts, 'int64 TIMESTAMP');
  const symbol = leaves.get(SYMBOL) ?? null;
  if (symbol && symbol.element.type !== 'BYTE_ARRAY') wrongType(file, symbol, 'UTF8 string');
  const bars = new Map<BarColumn, ColumnPlan>();
  for (const c of BAR_COLUMNS) {
    const plan = need(c);
    const t = plan.element.type;
    const logical = plan.element.logical_type?.type ?? plan.element.converted_type;
    if (
      (t !== 'INT64' && t !== 'DOUBLE') ||
      (logical !== undefined && logical !== 'INTEGER' && logical !== 'INT_64')
    )
      wrongType(file, plan, c === 'volume' ? 'DOUBLE or INT64' : 'INT64 ticks or DOUBLE');
    bars.set(c, plan);
  }
  return { fd, size, meta, kv, ts, unitsPerSec, symbol, bars };
}

function timestampUnits(el: SchemaElement): number {
  if (el.type !== 'INT64') return 0;
  const lt = el.logical_type;
  if (lt?.type === 'TIMESTAMP') return UNITS_PER_SEC[lt.unit as keyof typeof UNITS_PER_SEC] ?? 0;
  if (el.converted_type === 'TIMESTAMP_MILLIS') return 1e3;
  if (el.converted_type === 'TIMESTAMP_MICROS') return 1e6;
  return 0;
}

function wrongType(file: string, c: ColumnPlan, expected: string): never {
  const el = c.element;
  const found = [el.type, el.logical_type?.type ?? el.converted_type].filter(Boolean).join(' ');
  throw new DataError({ file, field: c.name, value: found }, `wrong column type: expected ${expected}`);
}

function countLeaves(schema: SchemaElement[], i: number): { next: number; leaves: number } {
  const el = schema[i]!;
  if (!el.num_children) return { next: i + 1, leaves: 1 };
  let next = i + 1;
  let leaves = 0;
  for (let k = 0; k < el.num_children && next < schema.length; k++) {
    const r = countLeaves(schema, next);
    next = r.next;
    leaves += r.leaves;
  }
  return { next, leaves };
}
