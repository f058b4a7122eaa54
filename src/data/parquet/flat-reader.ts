/**
 * A fast decoder for the simple column chunks our own writers produce (the reading twin of
 * flat-writer.ts): uncompressed, required (no levels), no dictionary, data pages V1 or V2 whose values are
 * PLAIN int64 / double or DELTA_BINARY_PACKED int64. Values land straight in caller-owned arrays (int64 as
 * little-endian (lo, hi) halves, int64.ts), so a reader that keeps its arrays across row groups decodes
 * with no allocation per row group and no BigInt anywhere.
 *
 * Why: hyparquet's general decoder allocates a BigInt64Array (or Float64Array) per page and decodes delta
 * int64 through BigInt; on the 5 M-candle stream that garbage cost the worker thread more than the decode
 * itself (garbage collection ~260 ms of its ~760 ms busy time, stream_5m_candles).
 *
 * Contract: `decodeFlat` returns false, having written nothing the caller may rely on, when any page lies
 * outside that subset (the caller then decodes through hyparquet); it throws an Error (the caller names
 * file, row group and column) when a page in the subset is corrupt: pages outside the chunk, value counts
 * that disagree with the row group, delta streams that end early or claim impossible sizes. Every read is
 * bounds-checked; loops are bounded by the row count.
 * Delta int64 arithmetic wraps modulo 2^64 as the format requires, done on 32-bit halves (exact for any
 * bit width 0..64).
 */
import { parquetHeader } from 'hyparquet/src/column.js';
import type { PageHeader } from 'hyparquet/src/types.js';

export type FlatOutput = { int64: Int32Array } | { double: Float64Array };

const TWO32 = 4294967296;

export function corrupt(why: string): never {
  throw new Error(`corrupt page: ${why}`);
}

/** One data page of a flat column chunk: offsets relative to the chunk. */
export interface PagePlan {
  delta: boolean;
  /** First byte of the page's values (past its header and any empty level sections). */
  start: number;
  end: number;
  values: number;
}

/** The page header at chunk offset `at`, and the offset just past it. */
export type HeaderAt = (at: number) => { header: PageHeader; next: number };

/**
 * Page plans of a column chunk of `chunkLength` bytes and `rows` rows, or null when a page is outside the
 * flat subset; PLAIN only unless `delta` (int64 columns).
 */
export function planFlatPages(
  headerAt: HeaderAt,
  chunkLength: number,
  rows: number,
  delta: boolean,
): PagePlan[] | null {
  const plans: PagePlan[] = [];
  let values = 0;
  let at = 0;
  // The same stop rule as hyparquet's readColumn (and page-guard.ts) for flat columns.
  while (values < rows && at < chunkLength - 1) {
    const { header: h, next } = headerAt(at);
    let start = next;
    const end = start + h.compressed_page_size;
    if (!(h.compressed_page_size >= 0 && end <= chunkLength)) corrupt('page extends past its column chunk');
    at = end;
    const v1 = h.data_page_header;
    const v2 = h.data_page_header_v2;
    if (h.type === 'DATA_PAGE_V2' && v2) {
      if (v2.num_nulls !== 0) return null;
      const levels = v2.repetition_levels_byte_length + v2.definition_levels_byte_length;
      if (!(levels >= 0 && start + levels <= end)) corrupt('level sections exceed the page');
      start += levels;
    } else if (h.type !== 'DATA_PAGE' || !v1) return null;
    const encoding = (v1 ?? v2)!.encoding;
    const n = (v1 ?? v2)!.num_values;
    if (!(Number.isSafeInteger(n) && n >= 0 && values + n <= rows))
      corrupt(`a page of ${n} values in a row group of ${rows} rows`);
    const isDelta = encoding === 'DELTA_BINARY_PACKED';
    if (!(encoding === 'PLAIN' || (isDelta && delta))) return null;
    if (!isDelta && n * 8 > end - start) corrupt(`a PLAIN page of ${n} values holds ${end - start} bytes`);
    plans.push({ delta: isDelta, start, end, values: n });
    values += n;
  }
  if (values !== rows) corrupt(`column has ${values} values but the row group has ${rows} rows`);
  return plans;
}

/**
 * Decodes `rows` values of one uncompressed, required column chunk into `out` (int64: 2 * rows halves;
 * double: rows values). False when the chunk is outside the flat subset.
 */
export function decodeFlat(chunk: Uint8Array, rows: number, out: FlatOutput): boolean {
  const int64 = 'int64' in out;
  const reader = { view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset: 0 };
  const headerAt: HeaderAt = (at) => {
    reader.offset = at;
    const header = parquetHeader(reader);
    return { header, next: reader.offset };
  };
  const plans = planFlatPages(headerAt, chunk.length, rows, int64);
  if (plans === null) return false;
  const target = int64 ? out.int64 : out.double;
  if (target.length < (int64 ? 2 * rows : rows)) throw new RangeError('decodeFlat: output array too short');
  const bytes = new Uint8Array(target.buffer, target.byteOffset, rows * 8);
  let at = 0;
  for (const p of plans) {
    if (p.delta) deltaInt64(chunk, p.start, p.end, p.values, (out as { int64: Int32Array }).int64, at);
    else bytes.set(chunk.subarray(p.start, p.start + p.values * 8), at * 8);
    at += p.values;
  }
  return true;
}

/** Cursor and the last varint read ((lo, hi) of an int64), module state to keep the loops allocation-free. */
let pos = 0;
let vLo = 0;
let vHi = 0;

/** Reads a ULEB128 varint of up to 64 bits at `pos` into (vLo unsigned, vHi int32). */
function varint64(b: Uint8Array, end: number): void {
  let lo = 0;
  let hi = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= end) corrupt('delta stream ends inside a varint');
    if (shift > 63) corrupt('varint longer than 10 bytes');
    const byte = b[pos++]!;
    const bits = byte & 0x7f;
    if (shift < 32) {
      lo |= bits << shift;
      if (shift > 25) hi |= bits >>> (32 - shift);
    } else hi |= bits << (shift - 32);
    if (byte < 0x80) break;
  }
  vLo = lo >>> 0;
  vHi = hi | 0;
}

/** A varint that must fit a small non-negative count. */
function count(b: Uint8Array, end: number, what: string, max: number): number {
  varint64(b, end);
  if (vHi !== 0 || vLo > max) corrupt(`delta ${what} of ${vHi * TWO32 + vLo} (at most ${max})`);
  return vLo;
}

/** Zig-zag decodes (vLo, vHi) in place. */
function unzigzag(): void {
  const neg = vLo & 1;
  let lo = ((vLo >>> 1) | (vHi << 31)) >>> 0;
  let hi = vHi >>> 1;
  if (neg) {
    lo = ~lo >>> 0;
    hi = ~hi;
  }
  vLo = lo;
  vHi = hi | 0;
}

/** `w` bits (1..32) from bit `skip` (0..7) of byte `p` of b (LSB first); bytes past `end` read as 0. */
function bitsAt(b: Uint8Array, end: number, p: number, skip: number, w: number): number {
  if (w <= 25 && p + 3 < end) {
    const word = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
    return (word >>> skip) & ((1 << w) - 1);
  }
  let v = 0;
  for (let got = -skip; got < w; got += 8, p++) {
    const byte = p < end ? b[p]! : 0;
    v = got < 0 ? byte >>> skip : v + byte * 2 ** got;
  }
  return v % 2 ** w;
}

/**
 * One DELTA_BINARY_PACKED stream of `n` int64 values from b[start, end) into halves `out` from value `at`.
 */
function deltaInt64(b: Uint8Array, start: number, end: number, n: number, out: Int32Array, at: number): void {
  pos = start;
  const blockSize = count(b, end, 'block size', 1 << 20);
  const miniblocks = count(b, end, 'miniblock count', 1 << 10);
  const total = count(b, end, 'value count', n);
  if (total !== n) corrupt(`delta stream of ${total} values in a page of ${n}`);
  if (n === 0) return;
  if (!(
    blockSize > 0 &&
    miniblocks > 0 &&
    blockSize % miniblocks === 0 &&
    (blockSize / miniblocks) % 8 === 0
  ))
    corrupt(`delta block of ${blockSize} values in ${miniblocks} miniblocks`);
  const perMini = blockSize / miniblocks;
  varint64(b, end);
  unzigzag();
  let lo = vLo;
  let hi = vHi;
  let o = 2 * at;
  out[o++] = lo;
  out[o++] = hi;
  let left = n - 1;
  while (left > 0) {
    varint64(b, end);
    unzigzag();
    const minLo = vLo;
    const minHi = vHi;
    const widths = pos;
    pos += miniblocks;
    if (pos > end) corrupt('delta stream ends inside the bit widths');
    for (let m = 0; m < miniblocks && left > 0; m++) {
      const w = b[widths + m]!;
      if (w > 64) corrupt(`delta bit width ${w}`);
      const k = Math.min(perMini, left);
      const bytes = (perMini * w) >>> 3;
      // A partly used last miniblock may be cut short by some writers: only the bits read must be there.
      if (pos + Math.ceil((k * w) / 8) > end) corrupt('delta stream ends inside a miniblock');
      for (let i = 0, bit = 0; i < k; i++, bit += w) {
        // delta = minDelta + packed, value += delta, both modulo 2^64 on halves.
        let pLo = 0;
        let pHi = 0;
        if (w > 0) {
          const p = pos + (bit >>> 3);
          if (w <= 32) pLo = bitsAt(b, end, p, bit & 7, w);
          else {
            pLo = bitsAt(b, end, p, bit & 7, 32);
            pHi = bitsAt(b, end, p + 4, bit & 7, w - 32);
          }
        }
        const dLo = minLo + pLo;
        const dHi = (minHi + pHi + (dLo >= TWO32 ? 1 : 0)) | 0;
        const sLo = lo + (dLo >>> 0);
        hi = (hi + dHi + (sLo >= TWO32 ? 1 : 0)) | 0;
        lo = sLo >>> 0;
        out[o++] = lo;
        out[o++] = hi;
      }
      left -= k;
      pos += bytes;
    }
  }
}
