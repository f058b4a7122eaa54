// Quick fuzz of the columnar readers (Parquet bars, Parquet canonical tables with nulls, snappy pages and
// range reads, Arrow IPC tables): a few hundred seeded byte mutations of small valid files must each end in
// a result that keeps the reader's promises or in a DataError naming the file — never another exception,
// never a hang (the seeds are a few kB). scripts/fuzz-parquet.ts runs the same targets for longer.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { columnarFuzzTargets, runFuzz } from '../../fuzz/targets.js';
import { safeSnappy } from '../../../src/data/parquet/page-guard.js';
import { readTableParquet } from '../../../src/data/parquet/table-read.js';
import { writeTableParquet } from '../../../src/data/parquet/table-write.js';
import { randomTable } from '../roundtrip/gen.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-parquet-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Parquet / Arrow reader fuzz (quick)', () => {
  it('mutated files give a DataError or a result that keeps every promise', () => {
    const targets = columnarFuzzTargets(dir);
    const r = runFuzz(targets, dir, 11, 700);
    expect(
      r.failures.map((f) => `${f.target} case ${f.index}: ${f.error}`),
      'crashes',
    ).toEqual([]);
    expect(r.ok, 'some mutations still read').toBeGreaterThan(30);
    expect(r.rejected, 'some mutations are rejected').toBeGreaterThan(100);
  });

  // Found by this fuzzing: hyparquet trusts RLE run lengths, so one corrupted varint made it fill a JS array
  // for 2^27 entries (a hang). page-guard.ts now rejects runs longer than their page.
  it('an RLE run longer than its page is a DataError, not a hang', () => {
    const t = randomTable('definitions', 40, 3);
    const file = join(dir, 'rle.parquet');
    writeTableParquet(file, t);
    const b = readFileSync(file);
    const meta = parquetMetadata(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
    const md = meta.row_groups[0]!.columns.find(
      (c) => c.meta_data!.path_in_schema[0] === 'raw_symbol',
    )!.meta_data!;
    const page = Number(md.data_page_offset);
    const reader = { view: new DataView(b.buffer, b.byteOffset + page, 64), offset: 0 };
    expect(parquetHeader(reader).data_page_header_v2!.encoding).toBe('RLE_DICTIONARY');
    // After the bit-width byte: an RLE run header of 2^27 - 1 values (the page keeps its size).
    b.set([0xfe, 0xff, 0xff, 0x7f], page + reader.offset + 1);
    writeFileSync(file, b);
    expect(() => readTableParquet(file)).toThrow(DataError);
    expect(() => readTableParquet(file)).toThrow(/raw_symbol.*RLE run of 134217727 values/);
  });

  // Found by scripts/fuzz-parquet.ts: hyparquet's snappy decoder reads a 4-byte literal length as a signed
  // int32, so a corrupted length sends its cursor backwards; this 16-byte page loops forever in it.
  it('a snappy literal whose length reads as negative is rejected before decoding', () => {
    const page = new Uint8Array([9, 28, 97, 98, 99, 100, 101, 102, 103, 104, 252, 0xf1, 0xff, 0xff, 0xff, 0]);
    expect(() => safeSnappy(page, 9)).toThrow(/snappy literal past the input/);
    expect(() => safeSnappy(page, 1e9), 'a page claiming more than snappy can expand to').toThrow(/claims/);
  });

  it('safeSnappy decodes every stream the writer produces', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 0, max: 4 }), (bytes, reps) => {
        const data = new Uint8Array(bytes.length * (reps + 1));
        for (let r = 0; r <= reps; r++) data.set(bytes, r * bytes.length);
        expect(safeSnappy(snappyCompress(data), data.length)).toEqual(data);
      }),
      { numRuns: 200 },
    );
  });
});
