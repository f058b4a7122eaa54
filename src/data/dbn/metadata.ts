/**
 * DBN metadata header: decode (v1, v2, v3) and encode (any version; the writer uses v3), per
 * dbn-layout.md §2. Timestamps and 64-bit counts are converted with BigInt here, once per file, never per
 * record.
 *
 * Invariants: records start at 8 + `length`; v3 pads the header to a multiple of 8 bytes, v1/v2 do not.
 * Symbols are NUL-padded C strings of 22 (v1) or 71 (v2/v3) bytes. Every read is bounds-checked against the
 * declared length: a short or inconsistent header is a DataError naming the file, offset and field.
 */
import { DataError } from '../../core/errors.js';
import { tsFromBigInt, tsToBigInt, type Timestamp } from '../../core/time.js';
import {
  METADATA_FIXED_LEN,
  SCHEMA_NAMES,
  SYMBOL_CSTR_LEN_V1,
  SYMBOL_CSTR_LEN_V2,
  type SchemaName,
} from './constants.js';

export interface MappingInterval {
  /** YYYYMMDD. */
  startDate: number;
  endDate: number;
  symbol: string;
}

export interface SymbolMappingEntry {
  rawSymbol: string;
  intervals: MappingInterval[];
}

export interface DbnMetadata {
  version: 1 | 2 | 3;
  dataset: string;
  /** Schema name, null when the stream mixes schemas (code 0xFFFF) or the code is unknown. */
  schema: SchemaName | null;
  schemaCode: number;
  start: Timestamp;
  /** null = no end (u64::MAX). */
  end: Timestamp | null;
  /** 0 = no limit. */
  limit: number;
  /** v1 only, usually unknown (null). */
  recordCount: number | null;
  stypeIn: number | null;
  stypeOut: number | null;
  tsOut: boolean;
  symbolCstrLen: number;
  symbols: string[];
  partial: string[];
  notFound: string[];
  mappings: SymbolMappingEntry[];
}

const U64_MAX = 0xffffffffffffffffn;

export function isDbnHeader(u8: Uint8Array): boolean {
  return u8.length >= 3 && u8[0] === 0x44 && u8[1] === 0x42 && u8[2] === 0x4e;
}

/** Total header size (8 + length) once at least 8 bytes are available, else -1. */
export function metadataSize(u8: Uint8Array): number {
  if (u8.length < 8) return -1;
  return 8 + new DataView(u8.buffer, u8.byteOffset, 8).getUint32(4, true);
}

/** Decodes the header at the start of `u8` (which must hold metadataSize(u8) bytes). */
export function decodeMetadata(u8: Uint8Array, file: string): DbnMetadata {
  const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const fail = (offset: number, field: string, value: string, detail: string): never => {
    throw new DataError({ file, offset, field, value }, detail);
  };
  const version = u8[3]!;
  if (version < 1 || version > 3)
    fail(3, 'version', String(version), 'unsupported DBN version (1, 2 or 3 expected)');
  const end = 8 + dv.getUint32(4, true);
  if (end - 8 < METADATA_FIXED_LEN + 4)
    fail(4, 'length', String(end - 8), `metadata length is below the ${METADATA_FIXED_LEN + 4}-byte minimum`);
  if (u8.length < end)
    fail(u8.length, 'length', String(end - 8), `truncated metadata: ${end} bytes declared`);
  const str = (p: number, len: number): string => {
    let e = 0;
    while (e < len && u8[p + e] !== 0) e++;
    return String.fromCharCode(...u8.subarray(p, p + e));
  };
  const v1 = version === 1;
  const cstrLen = v1 ? SYMBOL_CSTR_LEN_V1 : dv.getUint16(53, true);
  if (cstrLen === 0) fail(53, 'symbol_cstr_len', '0', 'symbol length must be positive');
  const schemaCode = dv.getUint16(24, true);
  const endNs = dv.getBigUint64(34, true);
  const recordCount = v1 ? dv.getBigUint64(50, true) : U64_MAX;
  const byte = (off: number): number | null => (u8[off] === 0xff ? null : u8[off]!);
  const defLen = dv.getUint32(108, true);
  if (defLen !== 0)
    fail(108, 'schema_definition_length', String(defLen), 'schema definitions are not supported');
  let pos = 112;
  const need = (n: number, field: string): void => {
    if (pos + n > end) fail(pos, field, String(n), `metadata ends at byte ${end}; ${n} more bytes needed`);
  };
  const u32 = (field: string): number => {
    need(4, field);
    pos += 4;
    return dv.getUint32(pos - 4, true);
  };
  const sym = (field: string): string => {
    need(cstrLen, field);
    pos += cstrLen;
    return str(pos - cstrLen, cstrLen);
  };
  const list = (field: string): string[] => {
    const n = u32(field + '.count');
    need(n * cstrLen, field);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(sym(field));
    return out;
  };
  const symbols = list('symbols');
  const partial = list('partial');
  const notFound = list('not_found');
  const nMap = u32('mappings.count');
  need(nMap * (cstrLen + 4), 'mappings');
  const mappings: SymbolMappingEntry[] = [];
  for (let i = 0; i < nMap; i++) {
    const rawSymbol = sym('mappings.raw_symbol');
    const nInt = u32('mappings.interval_count');
    need(nInt * (8 + cstrLen), 'mappings.intervals');
    const intervals: MappingInterval[] = [];
    for (let j = 0; j < nInt; j++) {
      const startDate = u32('mappings.start_date');
      const endDate = u32('mappings.end_date');
      intervals.push({ startDate, endDate, symbol: sym('mappings.symbol') });
    }
    mappings.push({ rawSymbol, intervals });
  }
  return {
    version: version as 1 | 2 | 3,
    dataset: str(8, 16),
    schema: (SCHEMA_NAMES[schemaCode] as SchemaName | undefined) ?? null,
    schemaCode,
    start: tsFromBigInt(dv.getBigUint64(26, true)),
    end: endNs === U64_MAX ? null : tsFromBigInt(endNs),
    limit: Number(dv.getBigUint64(42, true)),
    recordCount: recordCount === U64_MAX ? null : Number(recordCount),
    stypeIn: byte(v1 ? 58 : 50),
    stypeOut: byte(v1 ? 59 : 51),
    tsOut: u8[v1 ? 60 : 52] !== 0,
    symbolCstrLen: cstrLen,
    symbols,
    partial,
    notFound,
    mappings,
  };
}

/** What the writer needs; everything but the version has a default. */
export type DbnMetadataInput = Partial<Omit<DbnMetadata, 'version' | 'symbolCstrLen' | 'schemaCode'>>;

/** Encodes a header for `version`; strings longer than the C-string width are an Error naming the field. */
export function encodeMetadata(m: DbnMetadataInput, version: 1 | 2 | 3): Uint8Array {
  const cstrLen = version === 1 ? SYMBOL_CSTR_LEN_V1 : SYMBOL_CSTR_LEN_V2;
  const symbols = m.symbols ?? [];
  const partial = m.partial ?? [];
  const notFound = m.notFound ?? [];
  const mappings = m.mappings ?? [];
  let varLen = 16 + (symbols.length + partial.length + notFound.length) * cstrLen;
  for (const mp of mappings) varLen += cstrLen + 4 + mp.intervals.length * (8 + cstrLen);
  let total = 8 + METADATA_FIXED_LEN + 4 + varLen;
  if (version === 3) total = Math.ceil(total / 8) * 8;
  const u8 = new Uint8Array(total);
  const dv = new DataView(u8.buffer);
  const putStr = (p: number, s: string, len: number, field: string): void => {
    if (s.length >= len || [...s].some((ch) => ch.charCodeAt(0) === 0 || ch.charCodeAt(0) > 0x7f))
      throw new RangeError(`DBN metadata ${field}: "${s}" is not ASCII of at most ${len - 1} characters`);
    for (let i = 0; i < s.length; i++) u8[p + i] = s.charCodeAt(i);
  };
  u8.set([0x44, 0x42, 0x4e, version]);
  dv.setUint32(4, total - 8, true);
  putStr(8, m.dataset ?? '', 16, 'dataset');
  dv.setUint16(24, m.schema ? SCHEMA_NAMES.indexOf(m.schema) : 0xffff, true);
  const start = m.start ?? { sec: 0, nsec: 0 };
  dv.setBigUint64(26, tsToBigInt(start.sec, start.nsec), true);
  dv.setBigUint64(34, m.end ? tsToBigInt(m.end.sec, m.end.nsec) : U64_MAX, true);
  dv.setBigUint64(42, BigInt(m.limit ?? 0), true);
  const v1 = version === 1;
  if (v1) dv.setBigUint64(50, m.recordCount == null ? U64_MAX : BigInt(m.recordCount), true);
  u8[v1 ? 58 : 50] = m.stypeIn ?? 0xff;
  u8[v1 ? 59 : 51] = m.stypeOut ?? 0xff;
  u8[v1 ? 60 : 52] = m.tsOut ? 1 : 0;
  if (!v1) dv.setUint16(53, cstrLen, true);
  let pos = 112;
  const putList = (list: string[], field: string): void => {
    dv.setUint32(pos, list.length, true);
    pos += 4;
    for (const s of list) {
      putStr(pos, s, cstrLen, field);
      pos += cstrLen;
    }
  };
  putList(symbols, 'symbols');
  putList(partial, 'partial');
  putList(notFound, 'not_found');
  dv.setUint32(pos, mappings.length, true);
  pos += 4;
  for (const mp of mappings) {
    putStr(pos, mp.rawSymbol, cstrLen, 'mappings.raw_symbol');
    dv.setUint32(pos + cstrLen, mp.intervals.length, true);
    pos += cstrLen + 4;
    for (const iv of mp.intervals) {
      dv.setUint32(pos, iv.startDate, true);
      dv.setUint32(pos + 4, iv.endDate, true);
      putStr(pos + 8, iv.symbol, cstrLen, 'mappings.symbol');
      pos += 8 + cstrLen;
    }
  }
  return u8;
}

/**
 * instrument_id -> symbol from the header's mappings: whichever side of a mapping is numeric is the id (the
 * interval symbol when stype_out is instrument_id, the raw symbol when stype_in is). Later intervals win.
 */
export function symbolMapFromMappings(mappings: SymbolMappingEntry[]): Map<number, string> {
  const out = new Map<number, string>();
  const isId = (s: string): boolean => /^\d{1,10}$/.test(s) && Number(s) <= 0xffffffff;
  for (const mp of mappings)
    for (const iv of mp.intervals) {
      if (isId(iv.symbol) && !isId(mp.rawSymbol)) out.set(Number(iv.symbol), mp.rawSymbol);
      else if (isId(mp.rawSymbol) && !isId(iv.symbol)) out.set(Number(mp.rawSymbol), iv.symbol);
    }
  return out;
}

/**
 * The header of a DBN file (plain or zstd), reading only as much of the file as the header needs:
 * 64 KB pieces, decompressed incrementally when compressed. For choosing a reader by schema.
 */
export async function peekDbnMetadata(path: string): Promise<DbnMetadata> {
  const { openSync, readSync, closeSync } = await import('node:fs');
  const { ZstdStream, isZstd } = await import('./zstd.js');
  const fd = openSync(path, 'r');
  try {
    const piece = new Uint8Array(1 << 16);
    let have = new Uint8Array(0);
    let z: InstanceType<typeof ZstdStream> | null | undefined;
    for (let pos = 0; ;) {
      const n = readSync(fd, piece, 0, piece.length, pos);
      pos += n;
      const raw = piece.subarray(0, n);
      if (z === undefined) z = isZstd(raw) ? new ZstdStream(path) : null;
      const got = z ? z.push(raw.slice(), n === 0) : [raw.slice()];
      for (const g of got) {
        const next = new Uint8Array(have.length + g.length);
        next.set(have);
        next.set(g, have.length);
        have = next;
      }
      const size = metadataSize(have);
      if (size >= 0 && have.length >= size) return decodeMetadata(have, path);
      if (n === 0) throw new DataError({ file: path }, 'the file ends inside its DBN header');
    }
  } finally {
    closeSync(fd);
  }
}
