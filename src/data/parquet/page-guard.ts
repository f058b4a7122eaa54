/**
 * Structural check of a column chunk's pages before hyparquet decodes them. hyparquet trusts the lengths
 * and counts inside pages: an RLE run longer than its page makes it fill a growing JS array for up to
 * 2^31 entries (the fuzz run hung on a corrupted level-section length that made it read price bytes as
 * RLE runs), and a page claiming more values than the row group holds drives the size of its allocations
 * and loops. Here every page must lie inside the chunk, pages together hold at most the row group's rows,
 * and the RLE runs of definition levels and dictionary indices stay within their page. Snappy pages
 * decompress through `safeSnappy`.
 * Invariants: accepts every chunk a conforming writer produces; throws an Error (the caller turns it
 * into a DataError naming file, row group and column) before any decoding otherwise.
 * Limits: only the RLE sections are walked (bit-packed runs read bytes and stop at the buffer's end by
 * themselves); compressed pages holding such sections are decompressed once more for the check.
 */
import type { PageHeader } from 'hyparquet/src/types.js';
import { parquetHeader } from 'hyparquet/src/column.js';
import { snappyUncompress } from 'hyparquet/src/snappy.js';

function fail(why: string): never {
  throw new Error(`corrupt page: ${why}`);
}

export function checkPages(chunk: Uint8Array, rows: number, nullable: boolean, codec: string): void {
  const reader = { view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset: 0 };
  let values = 0;
  // The same stop rule as hyparquet's readColumn for flat columns.
  while (values < rows && reader.offset < chunk.length - 1) {
    const h = parquetHeader(reader);
    const start = reader.offset;
    const end = start + h.compressed_page_size;
    if (!(h.compressed_page_size >= 0 && end <= chunk.length)) fail('page extends past its column chunk');
    reader.offset = end;
    if (h.type === 'DICTIONARY_PAGE') continue;
    const v1 = h.data_page_header;
    const v2 = h.data_page_header_v2;
    const n = v1?.num_values ?? v2?.num_values;
    if (!(Number.isSafeInteger(n) && n! >= 0 && values + n! <= rows))
      fail(`a page of ${n} values in a row group of ${rows} rows`);
    const dictionary = /DICTIONARY/.test(v1?.encoding ?? v2?.encoding ?? '');
    if (v2) checkV2(chunk, start, end, h, n!, nullable, dictionary, codec);
    else if (nullable || dictionary) checkV1(chunk, start, end, h, n!, nullable, dictionary, codec);
    values += n!;
  }
}

function checkV2(
  b: Uint8Array,
  start: number,
  end: number,
  h: PageHeader,
  n: number,
  nullable: boolean,
  dictionary: boolean,
  codec: string,
): void {
  const d = h.data_page_header_v2!;
  const rep = d.repetition_levels_byte_length;
  const def = d.definition_levels_byte_length;
  if (!(rep >= 0 && def >= 0 && start + rep + def <= end)) fail('level sections exceed the page');
  if (!(d.num_nulls >= 0 && d.num_nulls <= n)) fail(`${d.num_nulls} nulls among ${n} values`);
  // hyparquet reads runs until it has its values, past the section if need be: so does the check.
  if (nullable) checkRuns(b, start + rep, end, n, 1);
  if (!dictionary) return;
  let page = b.subarray(start + rep + def, end);
  if (d.is_compressed !== false) page = decompress(page, h.uncompressed_page_size - rep - def, codec);
  if (page.length > 0) checkRuns(page, 1, page.length, n - d.num_nulls, page[0]!);
}

function checkV1(
  b: Uint8Array,
  start: number,
  end: number,
  h: PageHeader,
  n: number,
  nullable: boolean,
  dictionary: boolean,
  codec: string,
): void {
  const page = decompress(b.subarray(start, end), h.uncompressed_page_size, codec);
  let at = 0;
  if (nullable) {
    if (page.length < 4) fail('definition levels missing');
    const len = new DataView(page.buffer, page.byteOffset, page.byteLength).getUint32(0, true);
    if (4 + len > page.length) fail('definition levels exceed the page');
    checkRuns(page, 4, page.length, n, 1);
    at = 4 + len;
  }
  if (dictionary && at < page.length) checkRuns(page, at + 1, page.length, n, page[at]!);
}

function decompress(page: Uint8Array, size: number, codec: string): Uint8Array {
  if (codec === 'UNCOMPRESSED') return page;
  if (codec !== 'SNAPPY') fail(`codec ${codec}`);
  return safeSnappy(page, size);
}

/**
 * hyparquet's snappy decoder after a walk over the stream's tags: it reads a 4-byte literal length as a
 * signed int32, so a corrupted length moves its cursor backwards (a loop the fuzz test found). The walk
 * checks every literal against the input, every copy against the output so far, and the total against
 * the page size, without copying anything.
 */
export function safeSnappy(input: Uint8Array, size: number): Uint8Array {
  const n = input.length;
  if (!(size >= 0 && size <= snappyBound(n))) fail(`snappy page of ${n} bytes claims ${size} bytes`);
  let pos = 0;
  let declared = 0;
  for (let scale = 1; pos < n; scale *= 128) {
    const c = input[pos++]!;
    declared += (c & 0x7f) * scale;
    if (c < 128) break;
  }
  if (declared !== size) fail(`snappy stream of ${declared} bytes in a page of ${size}`);
  let out = 0;
  while (pos < n) {
    const c = input[pos++]!;
    const tag = c & 3;
    let len: number;
    let offset = 0;
    if (tag === 0) {
      len = (c >>> 2) + 1;
      if (len > 60) {
        const k = len - 60;
        if (pos + k > n) fail('snappy literal length past the input');
        len = 1;
        for (let j = 0, scale = 1; j < k; j++, scale *= 256) len += input[pos + j]! * scale;
        pos += k;
      }
      if (pos + len > n) fail('snappy literal past the input');
      pos += len;
    } else {
      const width = tag === 1 ? 1 : tag === 2 ? 2 : 4;
      if (pos + width > n) fail('snappy copy past the input');
      len = tag === 1 ? ((c >>> 2) & 7) + 4 : (c >>> 2) + 1;
      offset = tag === 1 ? input[pos]! + ((c >>> 5) << 8) : input[pos]! + input[pos + 1]! * 256;
      if (tag === 3) offset += input[pos + 2]! * 65536 + input[pos + 3]! * 16777216;
      pos += width;
      if (offset === 0 || offset > out) fail('snappy copy from before the start of the output');
    }
    out += len;
    if (out > size) fail('snappy data longer than its page');
  }
  if (out !== size) fail(`snappy data of ${out} bytes in a page of ${size}`);
  const page = new Uint8Array(size);
  snappyUncompress(input, page);
  return page;
}

/** What hyparquet's readColumn uses to decompress pages (through `compressors`). */
export const SAFE_COMPRESSORS = { SNAPPY: safeSnappy };

/** A snappy tag expands to at most 64 bytes from 3 (21.3x): a page claiming more is corrupt. */
function snappyBound(compressed: number): number {
  return compressed * 22 + 64;
}

/** The RLE / bit-packed hybrid runs from b[from] (up to `to`): no RLE run may go past `max` values in all. */
function checkRuns(b: Uint8Array, from: number, to: number, max: number, bitWidth: number): void {
  const valueBytes = (bitWidth + 7) >> 3;
  let seen = 0;
  let p = from;
  while (seen < max && p < to) {
    // hyparquet's varint: 32-bit, shifts wrap as JS shifts do.
    let header = 0;
    let shift = 0;
    let byte = 0x80;
    for (; byte & 0x80 && p < to; shift += 7) {
      byte = b[p++]!;
      header |= (byte & 0x7f) << shift;
    }
    if (header & 1) {
      seen += (header >>> 1) * 8;
      p += (header >>> 1) * bitWidth;
    } else {
      const count = header >>> 1;
      if (count > max - seen) fail(`an RLE run of ${count} values where ${max - seen} remain`);
      seen += count;
      p += valueBytes;
    }
  }
}
