/**
 * The parse cache's table file: one table's columns as raw bytes behind a small JSON header, written
 * straight from the typed arrays (one write per column, no copy) and read back as typed-array views over
 * one buffer (no copy, no decoding). The catalog keeps Parquet; this is only the cache's storage.
 *
 * Layout: magic "HSCOL1\0\0" | u32 LE n | n bytes of JSON header, space-padded so that the data starts at a
 * multiple of 8 | each column's bytes at the 8-aligned offset (from the data start) the header names, the
 * gaps and the end zero-padded to a multiple of 8. Header: {version, le, kind, name, length, tick (decimal
 * text, its scale kept), symbol (bars) or tsOut (other tables), dataBytes, columns: [{name, type, offset,
 * bytes}]}. A string column holds the UTF-8 JSON array of its values.
 * Invariants: a file decodes only when every check passes — magic, version, byte order, the kind's column
 * list exactly (names, types, order), offsets aligned, in order and inside the data, byte counts equal to
 * rows x width x element size, file size — anything else is a DataError naming the file, never a table.
 * Limits: no checksum of its own (the cache keeps one per file); the machine's byte order is
 * recorded and a file of the other order is rejected, not converted; no compression.
 */
import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { Scaled } from '../../core/decimal.js';
import { DataError } from '../../core/errors.js';
import type { BarTable } from '../bars.js';
import { CONTROL_SPECS, type DbnKind } from '../dbn/tables.js';
import { TABLE_SPECS, colWidth, columnsOf, type ColType, type Spec, type TableBase } from '../schemas.js';

export type ColumnFileKind = 'bars' | DbnKind;

export interface ColumnFileTable {
  kind: ColumnFileKind;
  /** The owner's name for the table (a symbol, a DBN kind ...). */
  name: string;
  table: BarTable | TableBase;
}

/** What a writer feeds the file's bytes to, in file order (a node:crypto Hash fits). */
export interface ByteSink {
  update(bytes: Uint8Array): unknown;
}

interface HeaderColumn {
  name: string;
  type: ColType;
  offset: number;
  bytes: number;
}

interface Header {
  version: number;
  le: boolean;
  kind: ColumnFileKind;
  name: string;
  length: number;
  tick: string;
  symbol?: string;
  tsOut?: boolean;
  dataBytes: number;
  columns: HeaderColumn[];
}

type NumericArray =
  Float64Array | Uint32Array | Int32Array | Uint16Array | Int16Array | Uint8Array | Int8Array;
interface NumericCtor {
  new (buf: ArrayBufferLike, offset: number, length: number): NumericArray;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
}

const MAGIC = [0x48, 0x53, 0x43, 0x4f, 0x4c, 0x31, 0, 0]; // "HSCOL1\0\0"
const PRELUDE = 12;
const VERSION = 1;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const ZEROS = new Uint8Array(8);
const utf8 = new TextDecoder('utf-8', { fatal: true });

const ARRAY_OF: Record<Exclude<ColType, 'str'>, NumericCtor> = {
  f64: Float64Array,
  f64x10: Float64Array,
  u32: Uint32Array,
  u32x10: Uint32Array,
  i32: Int32Array,
  u16: Uint16Array,
  i16: Int16Array,
  u8: Uint8Array,
  i8: Int8Array,
};

const BAR_COLUMNS: [string, ColType][] = [
  ['tsSec', 'f64'],
  ['tsNsec', 'u32'],
  ['open', 'f64'],
  ['high', 'f64'],
  ['low', 'f64'],
  ['close', 'f64'],
  ['volume', 'f64'],
];

const align8 = (n: number): number => (n + 7) & ~7;

function specOf(kind: string): Spec | null {
  if (Object.hasOwn(TABLE_SPECS, kind)) return TABLE_SPECS[kind as keyof typeof TABLE_SPECS];
  if (Object.hasOwn(CONTROL_SPECS, kind)) return CONTROL_SPECS[kind as keyof typeof CONTROL_SPECS];
  return null;
}

/** The columns a file of `kind` holds, in file order. */
function columnList(kind: string, tsOut: boolean): [string, ColType][] {
  if (kind === 'bars') return BAR_COLUMNS;
  const out: [string, ColType][] = Object.entries(specOf(kind)!);
  if (tsOut) out.push(['tsOutSec', 'f64'], ['tsOutNsec', 'u32']);
  return out;
}

/** Tick as decimal text with all `scale` fraction digits, so {10, 3} comes back as {10, 3}. */
function tickText(t: Scaled): string {
  const digits = String(t.units).padStart(t.scale + 1, '0');
  const cut = digits.length - t.scale;
  return t.scale === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

function parseTick(text: string): Scaled | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const frac = m[2] ?? '';
  const units = Number(m[1]! + frac);
  return Number.isSafeInteger(units) && frac.length <= 22 ? { units, scale: frac.length } : null;
}

/** The bytes of the first `rows` rows of a column (a view of its memory; strings encoded as JSON). */
function columnBytes(col: unknown, type: ColType, rows: number, where: string): Uint8Array {
  if (type === 'str') {
    if (!Array.isArray(col)) throw new TypeError(`${where}: a string column is not an array`);
    return Buffer.from(JSON.stringify(col.length === rows ? col : col.slice(0, rows)), 'utf8');
  }
  const Ctor = ARRAY_OF[type];
  const n = rows * colWidth(type);
  if (!(col instanceof Ctor) || col.length < n)
    throw new TypeError(`${where}: not a ${Ctor.name} of at least ${n} values`);
  return new Uint8Array(col.buffer, col.byteOffset, n * col.BYTES_PER_ELEMENT);
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length;)
    done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

/** Magic, header length and the header's JSON, space-padded to a multiple of 8 bytes. */
function headBytes(header: Header): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = align8(PRELUDE + json.length);
  const head = Buffer.alloc(start, 0x20);
  head.set(MAGIC, 0);
  head.writeUInt32LE(start - PRELUDE, 8);
  head.set(json, PRELUDE);
  return head;
}

/** Where a bars table's columns sit in its column file: file offsets (from the file start) and bytes. */
export interface BarsFileLayout {
  /** The file's first bytes (magic and header); the columns follow. */
  head: Uint8Array;
  /** In column order (tsSec, tsNsec, open, high, low, close, volume). */
  columns: { at: number; bytes: number }[];
  /** The file's size. */
  size: number;
}

/**
 * The layout of the column file of a bars table of `rows` rows (the same bytes writeColumnFile writes for
 * it), for writers that fill the columns a slice at a time (the streamed CSV cache).
 */
export function barsFileLayout(symbol: string, tick: Scaled, rows: number): BarsFileLayout {
  const columns: HeaderColumn[] = [];
  let pos = 0;
  for (const [name, type] of BAR_COLUMNS) {
    const bytes = rows * ARRAY_OF[type as 'f64' | 'u32'].BYTES_PER_ELEMENT;
    columns.push({ name, type, offset: pos, bytes });
    pos = align8(pos + bytes);
  }
  const header: Header = {
    version: VERSION,
    le: LITTLE_ENDIAN,
    kind: 'bars',
    name: symbol,
    length: rows,
    tick: tickText(tick),
    symbol,
    dataBytes: pos,
    columns,
  };
  const head = headBytes(header);
  return {
    head,
    columns: columns.map((c) => ({ at: head.length + c.offset, bytes: c.bytes })),
    size: head.length + pos,
  };
}

/**
 * The layout of a bars column file read from its first bytes (`fileSize`: the file's size), checked as
 * decodeColumnFile checks it, for readers that take the columns a slice at a time; DataError when off.
 */
export function readBarsFileLayout(
  first: Uint8Array,
  fileSize: number,
  file: string,
): BarsFileLayout & { symbol: string; tick: Scaled; rows: number } {
  const fail = (detail: string): DataError => new DataError({ file }, `cached table file: ${detail}`);
  if (first.length < PRELUDE || MAGIC.some((b, i) => first[i] !== b))
    throw fail('not a Hindsight column file (bad magic)');
  const start = PRELUDE + new DataView(first.buffer, first.byteOffset, PRELUDE).getUint32(8, true);
  if (start % 8 !== 0 || start > first.length) throw fail(`header length ${start - PRELUDE} is impossible`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(first.subarray(PRELUDE, start)));
  } catch {
    throw fail('the header is not JSON');
  }
  const h = checkHeader(parsed, fail);
  if (h.kind !== 'bars') throw fail(`kind ${h.kind}, not bars`);
  if (start + h.dataBytes !== fileSize)
    throw fail(`the file has ${fileSize} bytes, its header describes ${start + h.dataBytes}`);
  return {
    head: first.subarray(0, start),
    columns: h.columns.map((c) => ({ at: start + c.offset, bytes: c.bytes })),
    size: fileSize,
    symbol: h.symbol!,
    tick: parseTick(h.tick)!,
    rows: h.length,
  };
}

/**
 * Writes `entry` to `path` (created or replaced) and returns the file's size; `sink`, when given, is fed
 * the file's bytes in order (so a caller gets their checksum without reading the file back).
 */
export function writeColumnFile(path: string, entry: ColumnFileTable, sink?: ByteSink): number {
  const isBars = entry.kind === 'bars';
  const t = entry.table;
  const rec = t as unknown as Record<string, unknown>;
  const tsOut = !isBars && (t as TableBase).tsOutSec !== undefined;
  const list = isBars ? BAR_COLUMNS : columnsOf(t as TableBase);
  const data = list.map(([name, type]) => columnBytes(rec[name], type, t.length, `${path}: ${name}`));
  const columns: HeaderColumn[] = [];
  let pos = 0;
  for (let i = 0; i < list.length; i++) {
    columns.push({ name: list[i]![0], type: list[i]![1], offset: pos, bytes: data[i]!.length });
    pos = align8(pos + data[i]!.length);
  }
  const header: Header = {
    version: VERSION,
    le: LITTLE_ENDIAN,
    kind: entry.kind,
    name: entry.name,
    length: t.length,
    tick: tickText(isBars ? (t as BarTable).tick : (t as TableBase).priceTick),
    ...(isBars ? { symbol: (t as BarTable).symbol } : { tsOut }),
    dataBytes: pos,
    columns,
  };
  const head = headBytes(header);
  const start = head.length;
  const fd = openSync(path, 'w');
  try {
    writeAll(fd, head, 0);
    sink?.update(head);
    let end = 0;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      if (c.bytes === 0) continue;
      writeAll(fd, data[i]!, start + c.offset);
      // Positional writes leave the gaps (< 8 bytes) as zeros: the sink sees them as the reader will.
      if (c.offset > end) sink?.update(ZEROS.subarray(0, c.offset - end));
      sink?.update(data[i]!);
      end = c.offset + c.bytes;
    }
    if (end < pos) {
      ftruncateSync(fd, start + pos);
      sink?.update(ZEROS.subarray(0, pos - end));
    }
  } finally {
    closeSync(fd);
  }
  return start + pos;
}

export function readColumnFile(path: string): ColumnFileTable {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new DataError({ file: path }, `cannot read the file: ${(e as Error).message}`);
  }
  return decodeColumnFile(bytes, path);
}

/** The table in a column file's bytes (columns are views into `bytes`); DataError when anything is off. */
export function decodeColumnFile(bytes: Uint8Array, file: string): ColumnFileTable {
  const fail = (detail: string): DataError => new DataError({ file }, `cached table file: ${detail}`);
  if (bytes.length < PRELUDE || MAGIC.some((b, i) => bytes[i] !== b))
    throw fail('not a Hindsight column file (bad magic)');
  const start = PRELUDE + new DataView(bytes.buffer, bytes.byteOffset, PRELUDE).getUint32(8, true);
  if (start % 8 !== 0 || start > bytes.length) throw fail(`header length ${start - PRELUDE} is impossible`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(bytes.subarray(PRELUDE, start)));
  } catch {
    throw fail('the header is not JSON');
  }
  const h = checkHeader(parsed, fail);
  if (start + h.dataBytes !== bytes.length)
    throw fail(`the file has ${bytes.length} bytes, its header describes ${start + h.dataBytes}`);
  if ((bytes.byteOffset & 7) !== 0) {
    // Float64Array views need 8-aligned addresses. readFileSync gives offset 0 above 4 KB and 8-aligned pool
    // slices below (Node 20, measured), so only other callers' buffers take this copy.
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    bytes = copy;
  }
  const cols: Record<string, unknown> = {};
  for (const c of h.columns) {
    const at = bytes.byteOffset + start + c.offset;
    if (c.type === 'str') {
      let values: unknown;
      try {
        values = JSON.parse(utf8.decode(bytes.subarray(start + c.offset, start + c.offset + c.bytes)));
      } catch {
        throw fail(`column ${c.name} is not a JSON array`);
      }
      if (!Array.isArray(values) || values.length !== h.length || values.some((v) => typeof v !== 'string'))
        throw fail(`column ${c.name} does not hold ${h.length} strings`);
      cols[c.name] = values;
    } else cols[c.name] = new ARRAY_OF[c.type](bytes.buffer, at, h.length * colWidth(c.type));
  }
  const tick = parseTick(h.tick)!;
  if (h.kind === 'bars') {
    const table: BarTable = { symbol: h.symbol!, tick, length: h.length, ...cols } as unknown as BarTable;
    return { kind: h.kind, name: h.name, table };
  }
  // Same key order as allocTable, so cached tables share the hidden class of parsed ones.
  const base = { kind: h.kind, spec: specOf(h.kind)!, length: h.length, capacity: h.length, priceTick: tick };
  return { kind: h.kind, name: h.name, table: Object.assign(base, cols) as TableBase };
}

function checkHeader(v: unknown, fail: (detail: string) => DataError): Header {
  const h = v as Partial<Header> | null;
  if (typeof h !== 'object' || h === null) throw fail('the header is not an object');
  if (h.version !== VERSION) throw fail(`version ${String(h.version)} (this reader knows ${VERSION})`);
  if (h.le !== LITTLE_ENDIAN) throw fail('written on a machine of the other byte order');
  const kind = h.kind;
  if (typeof kind !== 'string' || (kind !== 'bars' && !specOf(kind)))
    throw fail(`unknown kind ${String(kind)}`);
  if (typeof h.name !== 'string') throw fail('no table name');
  const rows = h.length;
  if (!Number.isSafeInteger(rows) || rows! < 0) throw fail(`row count ${String(rows)} is impossible`);
  if (typeof h.tick !== 'string' || !parseTick(h.tick)) throw fail(`tick ${String(h.tick)} is not a decimal`);
  if (kind === 'bars' ? typeof h.symbol !== 'string' : typeof h.tsOut !== 'boolean')
    throw fail(kind === 'bars' ? 'no symbol' : 'no tsOut flag');
  const dataBytes = h.dataBytes;
  if (!Number.isSafeInteger(dataBytes) || dataBytes! < 0 || dataBytes! % 8 !== 0)
    throw fail(`data size ${String(dataBytes)} is impossible`);
  const want = columnList(kind, h.tsOut === true);
  const cols = h.columns;
  if (!Array.isArray(cols) || cols.length !== want.length)
    throw fail(`expected the ${want.length} columns of ${kind}`);
  let end = 0;
  for (let i = 0; i < want.length; i++) {
    const c = cols[i] as Partial<HeaderColumn> | null;
    const [name, type] = want[i]!;
    if (typeof c !== 'object' || c === null || c.name !== name || c.type !== type)
      throw fail(`column ${i + 1} is not ${name} (${type})`);
    const { offset, bytes } = c;
    if (!Number.isSafeInteger(offset) || offset! % 8 !== 0 || offset! < end)
      throw fail(`column ${name}: offset ${String(offset)} is unaligned or overlaps the previous column`);
    if (!Number.isSafeInteger(bytes) || bytes! < 0 || offset! + bytes! > dataBytes!)
      throw fail(`column ${name}: ${String(bytes)} bytes at ${offset} leave the file`);
    if (type !== 'str' && bytes !== rows! * colWidth(type) * ARRAY_OF[type].BYTES_PER_ELEMENT)
      throw fail(`column ${name}: ${bytes} bytes do not hold ${rows} rows of ${type}`);
    end = offset! + bytes!;
  }
  return h as Header;
}
