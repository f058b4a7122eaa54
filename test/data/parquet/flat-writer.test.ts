import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { writeFlatParquet, type FlatColumn } from '../../../src/data/parquet/flat-writer.js';
import { UsageError } from '../../../src/core/errors.js';

/** A string column from plain values (one dictionary entry per distinct value, in first-seen order). */
function stringColumn(name: string, values: readonly string[]): FlatColumn {
  const index = new Map<string, number>();
  const codes = new Uint32Array(values.length);
  values.forEach((v, i) => {
    let code = index.get(v);
    if (code === undefined) index.set(v, (code = index.size));
    codes[i] = code;
  });
  return { name, type: 'string', dictionary: [...index.keys()], codes };
}

const dir = mkdtempSync(join(tmpdir(), 'hs-flat-'));
let n = 0;

describe('flat Parquet writer', () => {
  it('round-trips timestamps (exact ns), doubles, safe int64s and UTF-8 strings through hyparquet', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            sec: fc.integer({ min: -9223372035, max: 9223372035 }),
            nsec: fc.integer({ min: 0, max: 999_999_999 }),
            d: fc.double({ noNaN: true }),
            i: fc.maxSafeInteger(),
            s: fc.string({ unit: 'grapheme', maxLength: 12 }),
          }),
          { maxLength: 40 },
        ),
        async (rows) => {
          const path = join(dir, `p${n++}.parquet`);
          writeFlatParquet(
            path,
            rows.length,
            [
              {
                name: 'ts',
                type: 'timestamp',
                sec: Float64Array.from(rows, (r) => r.sec),
                nsec: Uint32Array.from(rows, (r) => r.nsec),
              },
              { name: 'd', type: 'double', values: Float64Array.from(rows, (r) => r.d) },
              { name: 'i', type: 'int64', values: Float64Array.from(rows, (r) => r.i) },
              stringColumn(
                's',
                rows.map((r) => r.s),
              ),
            ],
            { 'hindsight.kind': 'test' },
          );
          const file = await asyncBufferFromFile(path);
          const meta = await parquetMetadataAsync(file);
          expect(Number(meta.num_rows)).toBe(rows.length);
          expect(meta.key_value_metadata).toEqual([{ key: 'hindsight.kind', value: 'test' }]);
          // Raw int64 nanoseconds (no Date conversion) to check every nanosecond.
          const got = await parquetReadObjects({
            file,
            utf8: true,
            parsers: { timestampFromNanoseconds: (x: bigint) => x },
          });
          expect(got.length).toBe(rows.length);
          got.forEach((g, k) => {
            const r = rows[k]!;
            expect(g.ts, `row ${k} ts`).toBe(BigInt(r.sec) * 1_000_000_000n + BigInt(r.nsec));
            expect(Object.is(g.d, r.d) || (g.d === 0 && r.d === 0), `row ${k} double`).toBe(true);
            expect(g.i, `row ${k} int64`).toBe(BigInt(r.i));
            expect(g.s, `row ${k} string`).toBe(r.s);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses timestamps outside int64 nanoseconds and unsafe integers, naming the column and row', () => {
    expect(() =>
      writeFlatParquet(join(dir, 'bad.parquet'), 1, [
        { name: 'ts', type: 'timestamp', sec: Float64Array.of(1e11), nsec: Uint32Array.of(0) },
      ]),
    ).toThrow(
      new UsageError(
        `${join(dir, 'bad.parquet')}: column ts row 1: timestamp outside the int64 nanosecond range (1677..2262)`,
      ),
    );
    expect(() =>
      writeFlatParquet(join(dir, 'bad2.parquet'), 1, [
        { name: 'i', type: 'int64', values: Float64Array.of(2 ** 60) },
      ]),
    ).toThrow(/column i row 1: 1152921504606847000 is not a safe integer/);
  });

  it('refuses a string code with no dictionary entry, naming the column and row', () => {
    expect(() =>
      writeFlatParquet(join(dir, 'bad3.parquet'), 2, [
        { name: 'side', type: 'string', dictionary: ['buy', 'sell'], codes: Uint8Array.of(1, 2) },
      ]),
    ).toThrow(/column side row 2: no dictionary entry 2/);
  });
});
