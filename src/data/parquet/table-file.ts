/**
 * Generic positioned access to a flat Parquet file for the table reader: magic and footer checks (only the
 * footer bytes are read), the top-level leaf columns by name, and decoding one column chunk of one row
 * group with hyparquet's page decoder into plain physical values (int64 as BigInt64Array, int32 as
 * Int32Array, strings), with nulls as a mask.
 *
 * Invariants: every failure of the file or of hyparquet on it is a DataError naming the file (and the row
 * group and column); a decoded chunk holds exactly the row group's row count. Statistics stay raw
 * (timestamps as bigint in the file's unit).
 * Limits: flat schemas only (nested columns are skipped); footers above 64 MiB are refused.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parquetMetadata, type FileMetaData, type SchemaElement } from 'hyparquet';
import { parquetHeader, readColumn } from 'hyparquet/src/column.js';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { getSchemaPath } from 'hyparquet/src/schema.js';
import { DataError, HindsightError } from '../../core/errors.js';
import { readFully } from './footer.js';
import { checkPages, SAFE_COMPRESSORS } from './page-guard.js';
import { fail, type ChunkWhere } from './sink.js';

const MAGIC = 0x31524150; // "PAR1" little-endian
const MAX_FOOTER = 64 * 2 ** 20;

const RAW_PARSERS = {
  ...DEFAULT_PARSERS,
  timestampFromMilliseconds: (v: bigint) => v,
  timestampFromMicroseconds: (v: bigint) => v,
  timestampFromNanoseconds: (v: bigint) => v,
} as unknown as typeof DEFAULT_PARSERS;

export interface Leaf {
  name: string;
  element: SchemaElement;
  /** Index of the column chunk inside each row group. */
  chunk: number;
}

export interface ParquetFile {
  file: string;
  fd: number;
  size: number;
  meta: FileMetaData;
  kv: Map<string, string>;
  leaves: Map<string, Leaf>;
}

export function openParquet(file: string): ParquetFile {
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
    if (e instanceof HindsightError) throw e;
    throw new DataError({ file }, `corrupt Parquet footer: ${(e as Error).message}`);
  }
}

export function closeParquet(f: ParquetFile): void {
  closeSync(f.fd);
}

function describe(file: string, fd: number): ParquetFile {
  const size = fstatSync(fd).size;
  if (size < 12) throw new DataError({ file }, `not a Parquet file: only ${size} bytes`);
  const head = readFully(fd, 4, 0);
  const tail = readFully(fd, 8, size - 8);
  if (head.readUInt32LE(0) !== MAGIC || tail.readUInt32LE(4) !== MAGIC)
    throw new DataError({ file }, 'not a Parquet file: no PAR1 magic bytes');
  const footerLen = tail.readUInt32LE(0);
  if (footerLen > size - 12 || footerLen > MAX_FOOTER)
    throw new DataError(
      { file, offset: size - 8 },
      `corrupt Parquet footer: length ${footerLen} is impossible`,
    );
  const footer = readFully(fd, footerLen + 8, size - 8 - footerLen);
  const meta = parquetMetadata(footer, { parsers: RAW_PARSERS });
  if (!Array.isArray(meta.schema) || !meta.schema[0] || !Array.isArray(meta.row_groups))
    throw new DataError({ file }, 'corrupt Parquet footer: no schema or row groups');
  const kv = new Map<string, string>();
  for (const { key, value } of meta.key_value_metadata ?? [])
    if (typeof key === 'string' && typeof value === 'string') kv.set(key, value);
  const leaves = new Map<string, Leaf>();
  const schema = meta.schema;
  let i = 1;
  let chunk = 0;
  for (let k = 0; k < (schema[0]!.num_children ?? 0) && i < schema.length; k++) {
    const el = schema[i]!;
    if (el.num_children) {
      const skip = subtree(schema, i);
      i = skip.next;
      chunk += skip.leaves;
      continue;
    }
    if (!leaves.has(el.name)) leaves.set(el.name, { name: el.name, element: el, chunk });
    i++;
    chunk++;
  }
  return { file, fd, size, meta, kv, leaves };
}

function subtree(schema: SchemaElement[], i: number): { next: number; leaves: number } {
  const el = schema[i]!;
  if (!el.num_children) return { next: i + 1, leaves: 1 };
  let next = i + 1;
  let leaves = 0;
  for (let k = 0; k < el.num_children && next < schema.length; k++) {
    const r = subtree(schema, next);
    next = r.next;
    leaves += r.leaves;
  }
  return { next, leaves };
}

/** The pages of one column chunk of row group `g`, decoded to physical values (strings stay strings). */
export function decodeChunk(
  f: ParquetFile,
  g: number,
  leaf: Leaf,
  nRows: number,
  at: ChunkWhere,
  pool: BufferPool,
): unknown[] {
  const md = f.meta.row_groups[g]!.columns[leaf.chunk]?.meta_data;
  const where = { file: f.file, row: at.rowBase + 1, field: leaf.name };
  if (!md) throw new DataError(where, `${at.unit} ${at.index}: column chunk has no metadata`);
  if (Number(md.num_values) !== nRows)
    throw new DataError(
      where,
      `${at.unit} ${at.index}: column chunk of ${md.num_values} values in a row group of ${nRows} rows`,
    );
  const start = Number(md.dictionary_page_offset ?? md.data_page_offset);
  const len = Number(md.total_compressed_size);
  if (!(start >= 4 && len > 0 && start + len <= f.size - 8))
    throw new DataError(
      { ...where, offset: start },
      `${at.unit} ${at.index}: column chunk lies outside the file`,
    );
  const bytes = readAligned(f.fd, len, start, pool, leaf.chunk);
  const el = leaf.element;
  // Physical values only: hyparquet would otherwise build a Date per timestamp and widen unsigned ints.
  const element: SchemaElement =
    el.type === 'BYTE_ARRAY' ? el : { ...el, logical_type: undefined, converted_type: undefined };
  try {
    checkPages(bytes, nRows, el.repetition_type === 'OPTIONAL', md.codec);
    const { data } = readColumn(
      { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 },
      { groupStart: 0, selectStart: 0, selectEnd: nRows, groupRows: nRows },
      {
        pathInSchema: [leaf.name],
        type: md.type,
        element,
        schemaPath: getSchemaPath(f.meta.schema, [leaf.name]),
        codec: md.codec,
        compressors: SAFE_COMPRESSORS,
        parsers: DEFAULT_PARSERS,
        utf8: true,
      },
    );
    let total = 0;
    for (const p of data) total += p.length;
    if (total !== nRows)
      throw new DataError(
        where,
        `${at.unit} ${at.index}: column has ${total} values but the row group has ${nRows} rows`,
      );
    return data as unknown[];
  } catch (e) {
    if (e instanceof HindsightError) throw e;
    throw new DataError(
      { ...where, offset: start },
      `${at.unit} ${at.index}: corrupt column data: ${(e as Error).message}`,
    );
  }
}

/**
 * Read buffers reused across row groups, one per column: decoded PLAIN pages are views into them, which
 * the caller copies into its table before decoding the next row group. Reuse spares the allocation and
 * the first-touch page faults of a fresh buffer per chunk.
 */
export type BufferPool = Map<number, Buffer>;

/**
 * The bytes of a column chunk, placed so that its first page's values start 8-byte aligned: hyparquet
 * then decodes PLAIN int64/int32 pages as views instead of copying them (measured: 10% of a trades read).
 */
function readAligned(fd: number, len: number, start: number, pool: BufferPool, slot: number): Uint8Array {
  const head = readFully(fd, Math.min(len, 256), start);
  let pad = 0;
  try {
    const reader = { view: new DataView(head.buffer, head.byteOffset, head.byteLength), offset: 0 };
    if (parquetHeader(reader).type !== 'DICTIONARY_PAGE') pad = (8 - (reader.offset % 8)) % 8;
  } catch {
    // A header that does not parse is reported by the decode itself.
  }
  let buf = pool.get(slot);
  if (!buf || buf.length < len + pad) pool.set(slot, (buf = Buffer.allocUnsafeSlow(len + pad)));
  let got = 0;
  while (got < len) {
    const n = readSync(fd, buf, pad + got, len - got, start + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(pad, pad + got);
}

/** int64 pages as one BigInt64Array plus a null mask (null when there is no null). */
export function int64Pages(
  pages: unknown[],
  n: number,
  at: ChunkWhere,
  field: string,
  nullable: boolean,
): { big: BigInt64Array; nulls: Uint8Array | null } {
  if (pages.length === 1 && pages[0] instanceof BigInt64Array) return { big: pages[0], nulls: null };
  const big = new BigInt64Array(n);
  let nulls: Uint8Array | null = null;
  let k = 0;
  for (const p of pages as ArrayLike<unknown>[]) {
    if (p instanceof BigInt64Array) {
      big.set(p, k);
      k += p.length;
      continue;
    }
    for (let i = 0; i < p.length; i++, k++) {
      const v = p[i];
      if (typeof v === 'bigint') big[k] = BigInt.asIntN(64, v);
      else if (v === null && nullable) (nulls ??= new Uint8Array(n))[k] = 1;
      else fail(at, k, field, String(v), v === null ? 'null value' : 'value of the wrong type');
    }
  }
  return { big, nulls };
}

/** int32 pages as one Int32Array (dictionary pages of other writers arrive as plain arrays). */
export function int32Pages(pages: unknown[], n: number, at: ChunkWhere, field: string): Int32Array {
  if (pages.length === 1 && pages[0] instanceof Int32Array) return pages[0];
  const out = new Int32Array(n);
  let k = 0;
  for (const p of pages as ArrayLike<unknown>[]) {
    if (p instanceof Int32Array) {
      out.set(p, k);
      k += p.length;
      continue;
    }
    for (let i = 0; i < p.length; i++, k++) {
      const v = p[i];
      if (typeof v !== 'number' || (v | 0) !== v)
        fail(at, k, field, String(v), v == null ? 'null value' : 'value of the wrong type');
      out[k] = v;
    }
  }
  return out;
}

export function flatPages(pages: unknown[]): ArrayLike<unknown> {
  return pages.length === 1
    ? (pages[0] as ArrayLike<unknown>)
    : pages.flatMap((p) => Array.from(p as ArrayLike<unknown>));
}
