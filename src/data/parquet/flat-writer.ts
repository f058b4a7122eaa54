/**
 * A small, fast Parquet writer for flat tables of REQUIRED columns: PLAIN encoding, uncompressed, one row
 * group, one data page (v1) per column, no statistics. It writes the typed arrays' bytes as they are
 * (INT64 from (sec, nsec) pairs or safe integers without BigInt, DOUBLE and INT32 as memory copies), so a
 * million-row column costs a few milliseconds — hyparquet-writer needs ~100 ms (per-value BigInt and
 * statistics), too slow for outputs written on every run. Columns are encoded and written one at a time
 * (a derived DOUBLE column is computed only when its turn comes), so writing holds one column's bytes,
 * not the file's: a run's fills and trades twins cost ~2 MB of memory instead of ~20. The footer is Thrift compact protocol, written
 * here for the few structures it needs (parquet.thrift: FileMetaData, SchemaElement, RowGroup,
 * ColumnChunk, ColumnMetaData, PageHeader, DataPageHeader). hyparquet reads the files back in the tests.
 * Limits: no nulls, no nesting, no compression, no statistics (readers cannot skip by min/max), one
 * row group; pages above 2 GiB are refused.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { UsageError } from '../../core/errors.js';
import { halves, INT64_NS_MAX_SEC, INT64_NS_MIN_SEC, joinTimestamps, tsFitsInt64 } from './int64.js';

export type FlatColumn =
  | { name: string; type: 'timestamp'; sec: Float64Array; nsec: Uint32Array }
  | { name: string; type: 'double'; values: Float64Array }
  /** A DOUBLE column computed when written: `fill` writes the first `out.length` rows into `out`. */
  | { name: string; type: 'derived'; rows: number; fill: (out: Float64Array) => void }
  /** Safe integers (|x| < 2^53) stored as INT64. */
  | { name: string; type: 'int64'; values: Float64Array }
  /** Row i is dictionary[codes[i]]: a run's symbols, sides ... are a few strings over many rows. */
  | { name: string; type: 'string'; dictionary: readonly string[]; codes: ArrayLike<number> };

// parquet.thrift enums.
const TYPE_INT64 = 2;
const TYPE_DOUBLE = 5;
const TYPE_BYTE_ARRAY = 6;
const CONVERTED_UTF8 = 0;
const REQUIRED = 0;
const ENCODING_PLAIN = 0;
const ENCODING_RLE = 3;
const PAGE_DATA = 0;
const CODEC_UNCOMPRESSED = 0;
// Thrift compact protocol field types.
const T_I32 = 5;
const T_I64 = 6;
const T_BINARY = 8;
const T_LIST = 9;
const T_STRUCT = 12;

/** Thrift compact protocol encoder, just what the footer needs. */
class Thrift {
  private buf = new Uint8Array(1024);
  length = 0;
  private last: number[] = [0];

  private byte(b: number): void {
    if (this.length === this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = b;
  }
  private varint(x: number): void {
    // x >= 0 and < 2^53: 7 bits at a time with division (no 32-bit bitwise truncation).
    while (x >= 128) {
      this.byte((x % 128) | 128);
      x = Math.floor(x / 128);
    }
    this.byte(x);
  }
  private zigzag(x: number): void {
    this.varint(x >= 0 ? 2 * x : -2 * x - 1);
  }
  field(id: number, type: number): void {
    const last = this.last[this.last.length - 1]!;
    const delta = id - last;
    if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
    else {
      this.byte(type);
      this.zigzag(id);
    }
    this.last[this.last.length - 1] = id;
  }
  i32(id: number, x: number): void {
    this.field(id, T_I32);
    this.zigzag(x);
  }
  i64(id: number, x: number): void {
    this.field(id, T_I64);
    this.zigzag(x);
  }
  string(id: number, s: string): void {
    this.field(id, T_BINARY);
    const b = Buffer.from(s, 'utf8');
    this.varint(b.length);
    for (const x of b) this.byte(x);
  }
  /** A list field of `n` elements of `type`; write the elements next (structs with begin/end). */
  list(id: number, type: number, n: number): void {
    this.field(id, T_LIST);
    if (n < 15) this.byte((n << 4) | type);
    else {
      this.byte(0xf0 | type);
      this.varint(n);
    }
  }
  listI32(x: number): void {
    this.zigzag(x);
  }
  listString(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.varint(b.length);
    for (const x of b) this.byte(x);
  }
  structField(id: number): void {
    this.field(id, T_STRUCT);
    this.begin();
  }
  begin(): void {
    this.last.push(0);
  }
  end(): void {
    this.byte(0);
    this.last.pop();
  }
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * A reusable encoding buffer. Encoded columns are held only until written; allocating each afresh would
 * leave them all to V8, which frees array buffers only when its heap collects, and a writer that allocates
 * almost nothing on the heap would hold every column until the end.
 */
class Scratch {
  private buf = new ArrayBuffer(0);
  /** `n` bytes at offset 0 (8-byte aligned), valid until the next call. */
  bytes(n: number): Uint8Array {
    if (this.buf.byteLength < n) this.buf = new ArrayBuffer(Math.max(n, this.buf.byteLength * 2));
    return new Uint8Array(this.buf, 0, n);
  }
}

/** PLAIN bytes of one column, in `scratch` unless the column's own values are the bytes. */
function encode(c: FlatColumn, rows: number, file: string, scratch: Scratch): Uint8Array {
  if (c.type === 'string') return encodeStrings(c.dictionary, c.codes, rows, c.name, file, scratch);
  if (c.type === 'double') return new Uint8Array(c.values.buffer, c.values.byteOffset, rows * 8);
  const bytes = scratch.bytes(rows * 8);
  if (c.type === 'derived') {
    c.fill(new Float64Array(bytes.buffer, 0, rows));
    return bytes;
  }
  const out = new BigInt64Array(bytes.buffer, 0, rows);
  const h = halves(out);
  if (c.type === 'timestamp') {
    // Seconds strictly inside the int64 range need no exact check (the common case; NaN is not inside).
    let inside = true;
    for (let i = 0; i < rows && inside; i++) {
      const v = c.sec[i]!;
      inside = v > INT64_NS_MIN_SEC && v < INT64_NS_MAX_SEC;
    }
    if (!inside)
      for (let i = 0; i < rows; i++)
        if (!tsFitsInt64(c.sec[i]!, c.nsec[i]!))
          throw new UsageError(
            `${file}: column ${c.name} row ${i + 1}: timestamp outside the int64 nanosecond range (1677..2262)`,
          );
    joinTimestamps(c.sec, c.nsec, 0, rows, h, 0);
  } else
    for (let i = 0; i < rows; i++) {
      const v = c.values[i]!;
      if (!Number.isSafeInteger(v))
        throw new UsageError(`${file}: column ${c.name} row ${i + 1}: ${v} is not a safe integer`);
      const hi = Math.floor(v / 4294967296);
      h[2 * i] = v - hi * 4294967296;
      h[2 * i + 1] = hi;
    }
  return bytes;
}

/**
 * PLAIN BYTE_ARRAY values (u32 little-endian length + UTF-8 bytes each) of dictionary[codes[i]]: each
 * entry is encoded once, with its length prefix, then copied byte by byte (entries are short; a Buffer
 * call per row cost ~1 µs).
 */
function encodeStrings(
  dictionary: readonly string[],
  codes: ArrayLike<number>,
  rows: number,
  name: string,
  file: string,
  scratch: Scratch,
): Uint8Array {
  const entries = dictionary.map((s) => {
    const text = Buffer.from(s, 'utf8');
    const e = new Uint8Array(4 + text.length);
    new DataView(e.buffer).setUint32(0, text.length, true);
    e.set(text, 4);
    return e;
  });
  let size = 0;
  for (let i = 0; i < rows; i++) {
    const e = entries[codes[i]!];
    if (e === undefined)
      throw new UsageError(`${file}: column ${name} row ${i + 1}: no dictionary entry ${codes[i]}`);
    size += e.length;
  }
  const out = scratch.bytes(size);
  let o = 0;
  for (let i = 0; i < rows; i++) {
    const e = entries[codes[i]!]!;
    for (let k = 0; k < e.length; k++) out[o + k] = e[k]!;
    o += e.length;
  }
  return out;
}

function pageHeader(values: number, size: number): Uint8Array {
  const t = new Thrift();
  t.begin();
  t.i32(1, PAGE_DATA);
  t.i32(2, size);
  t.i32(3, size);
  t.structField(5); // data_page_header
  t.i32(1, values);
  t.i32(2, ENCODING_PLAIN);
  t.i32(3, ENCODING_RLE);
  t.i32(4, ENCODING_RLE);
  t.end();
  t.end();
  return t.bytes().slice();
}

function lengthOf(c: FlatColumn): number {
  if (c.type === 'derived') return c.rows;
  return c.type === 'timestamp' ? c.sec.length : c.type === 'string' ? c.codes.length : c.values.length;
}

function physicalType(c: FlatColumn): number {
  return c.type === 'string'
    ? TYPE_BYTE_ARRAY
    : c.type === 'double' || c.type === 'derived'
      ? TYPE_DOUBLE
      : TYPE_INT64;
}

/**
 * The file's bytes in order: magic, each column's page header and values, footer, tail. Each column is
 * encoded when the consumer asks for it, into the scratch buffers in turn: a piece stays valid while the
 * next `scratches.length - 1` columns are encoded.
 */
function* layout(
  path: string,
  rows: number,
  columns: FlatColumn[],
  metadata: Record<string, string>,
  scratches: Scratch[],
): Generator<Uint8Array> {
  for (const c of columns)
    if (lengthOf(c) < rows) throw new UsageError(`${path}: column ${c.name} has fewer than ${rows} rows`);
  {
    let offset = 4;
    yield Buffer.from('PAR1');
    const chunks: { start: number; size: number }[] = [];
    for (const [k, c] of columns.entries()) {
      const data = encode(c, rows, path, scratches[k % scratches.length]!);
      if (data.length > 2 ** 31 - 1) throw new UsageError(`${path}: column ${c.name} is larger than 2 GiB`);
      const header = pageHeader(rows, data.length);
      chunks.push({ start: offset, size: header.length + data.length });
      offset += header.length + data.length;
      yield header;
      yield data;
    }
    const t = new Thrift();
    t.begin();
    t.i32(1, 1); // version
    t.list(2, T_STRUCT, columns.length + 1); // schema
    t.begin();
    t.string(4, 'schema');
    t.i32(5, columns.length);
    t.end();
    for (const c of columns) {
      t.begin();
      t.i32(1, physicalType(c));
      t.i32(3, REQUIRED);
      t.string(4, c.name);
      if (c.type === 'string') t.i32(6, CONVERTED_UTF8);
      if (c.type === 'timestamp') {
        t.structField(10); // logicalType
        t.structField(8); // TIMESTAMP
        t.field(1, 1); // isAdjustedToUTC = true (compact bool true)
        t.structField(2); // unit
        t.structField(3); // NANOS
        t.end();
        t.end();
        t.end();
        t.end();
      } else if (c.type === 'string') {
        t.structField(10);
        t.structField(1); // STRING
        t.end();
        t.end();
      }
      t.end();
    }
    t.i64(3, rows);
    t.list(4, T_STRUCT, 1); // row_groups
    t.begin();
    t.list(1, T_STRUCT, columns.length);
    let total = 0;
    columns.forEach((c, k) => {
      const ch = chunks[k]!;
      total += ch.size;
      t.begin();
      t.i64(2, ch.start); // file_offset
      t.structField(3); // meta_data
      t.i32(1, physicalType(c));
      t.list(2, T_I32, 2);
      t.listI32(ENCODING_PLAIN);
      t.listI32(ENCODING_RLE);
      t.list(3, T_BINARY, 1);
      t.listString(c.name);
      t.i32(4, CODEC_UNCOMPRESSED);
      t.i64(5, rows);
      t.i64(6, ch.size);
      t.i64(7, ch.size);
      t.i64(9, ch.start);
      t.end();
      t.end();
    });
    t.i64(2, total);
    t.i64(3, rows);
    t.end();
    const kv = Object.entries(metadata);
    if (kv.length > 0) {
      t.list(5, T_STRUCT, kv.length);
      for (const [key, value] of kv) {
        t.begin();
        t.string(1, key);
        t.string(2, value);
        t.end();
      }
    }
    t.string(6, 'hindsight');
    t.end();
    const footer = t.bytes();
    const tail = Buffer.alloc(8);
    tail.writeUInt32LE(footer.length, 0);
    tail.write('PAR1', 4, 'latin1');
    yield footer;
    yield tail;
  }
}

/** Writes `columns` (all of `rows` rows) as one Parquet file; `metadata` goes into key_value_metadata. */
export function writeFlatParquet(
  path: string,
  rows: number,
  columns: FlatColumn[],
  metadata: Record<string, string> = {},
): void {
  // Each piece is written before the next is made: one scratch buffer serves every column.
  const pieces = layout(path, rows, columns, metadata, [new Scratch()]);
  const first = pieces.next(); // argument errors before the file is created
  const fd = openSync(path, 'w');
  try {
    for (let p = first; !p.done; p = pieces.next()) writeSync(fd, p.value);
  } catch (err) {
    closeSync(fd);
    rmSync(path, { force: true }); // a value found bad midway: no partial file is left behind
    throw err;
  }
  closeSync(fd);
}

/**
 * The same file, written in the background: each piece goes to the kernel through libuv's thread pool
 * while the next one is encoded, one write in flight at a time, so the kernel's copying overlaps this
 * thread's work (the run folder's CSVs) and only about two columns' bytes are held at once. Await the
 * promise before relying on the file.
 */
export async function writeFlatParquetAsync(
  path: string,
  rows: number,
  columns: FlatColumn[],
  metadata: Record<string, string> = {},
): Promise<void> {
  // One write in flight while the next piece is encoded: two scratch buffers, used in turn.
  const pieces = layout(path, rows, columns, metadata, [new Scratch(), new Scratch()]);
  const first = pieces.next(); // argument errors before the file is created, as the sync writer
  const fd = await open(path, 'w');
  let pending: Promise<unknown> = Promise.resolve();
  try {
    for (let p = first; !p.done; p = pieces.next()) {
      await pending;
      pending = fd.write(p.value);
    }
    await pending;
  } catch (err) {
    await pending.catch(() => undefined);
    await fd.close();
    await rm(path, { force: true }); // a value found bad midway: no partial file is left behind
    throw err;
  }
  await fd.close();
}
