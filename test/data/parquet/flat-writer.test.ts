import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import {
  writeFlatParquet,
  writeFlatParquetAsync,
  type FlatColumn,
} from '../../../src/data/parquet/flat-writer.js';
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

  it('writes many columns through its reused buffers in the background, and leaves no file on a bad value', async () => {
    const rows = 3000;
    const sec = Float64Array.from({ length: rows }, (_, i) => 1_700_000_000 + i);
    const nsec = Uint32Array.from({ length: rows }, (_, i) => i * 333);
    const ids = Float64Array.from({ length: rows }, (_, i) => 2 ** 40 + i);
    const derived = (name: string, scale: number): FlatColumn => ({
      name,
      type: 'derived',
      rows,
      fill: (out) => {
        for (let i = 0; i < out.length; i++) out[i] = i * scale;
      },
    });
    const codes = Uint8Array.from({ length: rows }, (_, i) => i % 3);
    // Columns of every kind, each kind several times, so every scratch buffer is reused by later columns.
    const columns: FlatColumn[] = [
      { name: 'ts', type: 'timestamp', sec, nsec },
      derived('a', 0.5),
      { name: 's', type: 'string', dictionary: ['x', 'yy', 'zzz'], codes },
      derived('b', -3),
      { name: 'id', type: 'int64', values: ids },
      { name: 'ts2', type: 'timestamp', sec, nsec: new Uint32Array(rows) },
      derived('c', 7),
      { name: 's2', type: 'string', dictionary: ['long-entry', 'q'], codes: codes.map((c) => c % 2) },
    ];
    const path = join(dir, 'async.parquet');
    await writeFlatParquetAsync(path, rows, columns);
    const got = await parquetReadObjects({
      file: await asyncBufferFromFile(path),
      utf8: true,
      parsers: { timestampFromNanoseconds: (x: bigint) => x },
    });
    expect(got.length).toBe(rows);
    got.forEach((g, i) => {
      const ns = BigInt(1_700_000_000 + i) * 1_000_000_000n;
      expect(g).toEqual({
        ts: ns + BigInt(i * 333),
        a: i * 0.5,
        s: ['x', 'yy', 'zzz'][i % 3],
        b: i * -3,
        id: BigInt(2 ** 40 + i),
        ts2: ns,
        c: i * 7,
        s2: ['long-entry', 'q'][(i % 3) % 2],
      });
    });
    const bad = join(dir, 'async-bad.parquet');
    const badIds = ids.slice();
    badIds[rows - 1] = 2 ** 60;
    const failing = [...columns.slice(0, 4), { name: 'id', type: 'int64', values: badIds } as FlatColumn];
    await expect(writeFlatParquetAsync(bad, rows, failing)).rejects.toThrow(/column id row 3000/);
    expect(existsSync(bad)).toBe(false);
    expect(() => writeFlatParquet(bad, rows, failing)).toThrow(/column id row 3000/);
    expect(existsSync(bad)).toBe(false);
  });
});
