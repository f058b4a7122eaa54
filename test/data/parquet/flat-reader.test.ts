import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { decodeFlat } from '../../../src/data/parquet/flat-reader.js';

type Encoding = 'PLAIN' | 'DELTA_BINARY_PACKED' | 'RLE_DICTIONARY';

/** One required column written by hyparquet-writer; returns its first column chunk's bytes. */
function chunkOf(
  data: BigInt64Array | Float64Array,
  encoding: Encoding,
  pageSize?: number,
): { bytes: Uint8Array; rows: number } {
  const type = data instanceof BigInt64Array ? 'INT64' : 'DOUBLE';
  const buf = parquetWriteBuffer({
    schema: [
      { name: 'root', num_children: 1 },
      { name: 'x', type, repetition_type: 'REQUIRED' },
    ],
    columnData: [{ name: 'x', data, encoding }],
    codec: 'UNCOMPRESSED',
    rowGroupSize: data.length + 1,
    pageSize,
  });
  const md = parquetMetadata(buf).row_groups[0]!.columns[0]!.meta_data!;
  const start = Number(md.dictionary_page_offset ?? md.data_page_offset);
  return { bytes: new Uint8Array(buf, start, Number(md.total_compressed_size)), rows: data.length };
}

function asBigInts(h: Int32Array, n: number): bigint[] {
  return Array.from(new BigInt64Array(h.buffer, h.byteOffset, n));
}

const int64 = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, 2n ** 32n, 2n ** 32n - 1n, -(2n ** 31n)),
);

/** Sequences whose deltas exercise every bit width: random walks with steps of a random magnitude. */
const walk = fc
  .tuple(int64, fc.array(fc.tuple(fc.integer({ min: 0, max: 64 }), fc.bigInt()), { maxLength: 700 }))
  .map(([first, steps]) => {
    const out = [first];
    let v = first;
    for (const [bits, r] of steps) {
      v = BigInt.asIntN(64, v + (bits === 0 ? 0n : r % (1n << BigInt(bits))));
      out.push(v);
    }
    return BigInt64Array.from(out);
  });

describe('flat Parquet column decoder', () => {
  it('DELTA_BINARY_PACKED int64 equals the values written, for every bit width and wrap-around', () => {
    fc.assert(
      fc.property(walk, fc.constantFrom(undefined, 64, 1000), (values, pageSize) => {
        const { bytes, rows } = chunkOf(values, 'DELTA_BINARY_PACKED', pageSize);
        const out = new Int32Array(2 * rows + 6).fill(-7);
        expect(decodeFlat(bytes, rows, { int64: out })).toBe(true);
        expect(asBigInts(out, rows)).toEqual(Array.from(values));
        expect(Array.from(out.subarray(2 * rows)), 'nothing written past the rows').toEqual([
          -7, -7, -7, -7, -7, -7,
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('PLAIN int64 and double equal the values written, across page boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(int64, { minLength: 1, maxLength: 300 }),
        fc.array(fc.double(), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(undefined, 80),
        (ints, doubles, pageSize) => {
          const i = chunkOf(BigInt64Array.from(ints), 'PLAIN', pageSize);
          const hi = new Int32Array(2 * i.rows);
          expect(decodeFlat(i.bytes, i.rows, { int64: hi })).toBe(true);
          expect(asBigInts(hi, i.rows)).toEqual(ints);
          const d = chunkOf(Float64Array.from(doubles), 'PLAIN', pageSize);
          const out = new Float64Array(d.rows);
          expect(decodeFlat(d.bytes, d.rows, { double: out })).toBe(true);
          expect(Array.from(out)).toEqual(doubles);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('declines chunks outside its subset (dictionary pages) without throwing', () => {
    const dict = chunkOf(BigInt64Array.from([5n, 5n, 7n, 5n]), 'RLE_DICTIONARY');
    expect(decodeFlat(dict.bytes, dict.rows, { int64: new Int32Array(8) })).toBe(false);
  });

  it('corrupt chunks throw a "corrupt page" error, never hang or write past the rows', () => {
    const values = BigInt64Array.from({ length: 500 }, (_, i) => BigInt(i * i) * 1_000_003n);
    const { bytes, rows } = chunkOf(values, 'DELTA_BINARY_PACKED');
    const out = new Int32Array(2 * rows);
    // Cut inside the bit-packed data.
    expect(() => decodeFlat(bytes.subarray(0, bytes.length - 40), rows, { int64: out })).toThrow(
      /corrupt page/,
    );
    // More rows than the chunk holds, and fewer.
    expect(() => decodeFlat(bytes, rows + 1, { int64: new Int32Array(2 * rows + 2) })).toThrow(
      /column has 500 values but the row group has 501 rows/,
    );
    expect(() => decodeFlat(bytes, rows - 1, { int64: out })).toThrow(
      /a page of 500 values in a row group of 499 rows/,
    );
    // Every single-byte corruption: an error or a result, never anything else.
    for (let at = 0; at < Math.min(bytes.length, 200); at++) {
      const copy = bytes.slice();
      copy[at] ^= 0x5a;
      try {
        decodeFlat(copy, rows, { int64: out });
      } catch (e) {
        // The reader turns any such Error into a DataError naming file, row group and column.
        expect(e).toBeInstanceOf(Error);
      }
    }
  });
});
