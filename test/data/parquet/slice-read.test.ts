import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { sliceBarTable, type BarTable } from '../../../src/data/bars.js';
import { readBarsParquet, writeBarsParquet } from '../../../src/data/parquet/index.js';
import type { ParquetReadStats } from '../../../src/data/parquet/read.js';
import { iterateBarSlices } from '../../../src/data/parquet/slice-read.js';
import { generateSynthBars } from '../../../src/data/synth/bars.js';
import { plain, tableArb } from './arb.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-pq-slice-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let k = 0;

/** The slices joined into one table (copies: each slice is overwritten by the next). */
function drain(it: Iterable<BarTable>, max: number): Record<string, unknown> | null {
  const parts: Record<string, unknown>[] = [];
  for (const t of it) {
    expect(t.length, 'a slice holds 1..sliceRows rows').toBeGreaterThan(0);
    expect(t.length).toBeLessThanOrEqual(max);
    parts.push(plain(sliceBarTable(t)));
  }
  if (parts.length === 0) return null;
  const cols = ['tsSec', 'tsNsec', 'open', 'high', 'low', 'close', 'volume'];
  const out: Record<string, unknown> = { ...parts[0]!, length: 0 };
  for (const c of cols) out[c] = parts.flatMap((p) => p[c] as number[]);
  out.length = (out.tsSec as number[]).length;
  return out;
}

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  return 'no error';
}

describe('iterateBarSlices', () => {
  it('yields the rows readBarsParquet reads, for any row groups, pages, codec, slice size and range', () => {
    fc.assert(
      fc.property(
        tableArb('SLC', 120),
        fc.integer({ min: 1, max: 50 }),
        fc.constantFrom('none', 'snappy'),
        fc.integer({ min: 1, max: 70 }),
        fc.option(fc.tuple(fc.nat(130), fc.nat(130))),
        (t, rowGroupSize, compression, sliceRows, cut) => {
          const file = join(dir, `s${k++}.parquet`);
          writeBarsParquet(file, [t], { rowGroupSize, compression: compression as 'none' | 'snappy' });
          const at = (i: number) => ({
            sec: t.tsSec[Math.min(i, t.length - 1)]!,
            nsec: t.tsNsec[Math.min(i, t.length - 1)]!,
          });
          const range = cut ? { start: at(Math.min(...cut)), end: at(Math.max(...cut)) } : {};
          const want: ParquetReadStats = { rowGroups: 0, rowGroupsRead: 0 };
          const got: ParquetReadStats = { rowGroups: 0, rowGroupsRead: 0 };
          const [whole] = readBarsParquet(file, { ...range, stats: want });
          const sliced = drain(
            iterateBarSlices(file, { symbol: 'SLC', sliceRows, ...range, stats: got }),
            sliceRows,
          );
          expect(sliced).toEqual(whole && whole.length > 0 ? plain(whole) : null);
          expect([got.rowGroups, got.rowGroupsRead]).toEqual([want.rowGroups, want.rowGroupsRead]);
          if (compression === 'none')
            expect(got.generalChunks, 'our own files are sliced, not decoded whole').toBe(0);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('bad rows fail with the message readBarsParquet gives, also across slices and row groups', () => {
    const base = (): BarTable =>
      sliceBarTable(
        generateSynthBars({ symbols: ['X'], bars: 40, freq: '1m', start: '2020-01-02', seed: 3 })[0]!,
      );
    const cases: [string, (t: BarTable) => void][] = [
      ['NaN volume', (t) => (t.volume[17] = NaN)],
      ['duplicate time at a slice boundary', (t) => (t.tsSec[10] = t.tsSec[9]!)],
      ['time going back at a row group boundary', (t) => (t.tsSec[20] = t.tsSec[3]!)],
      ['high below low', (t) => (t.high[33] = t.low[33]! - 1)],
      ['a price of zero', (t) => (t.low[5] = 0)],
    ];
    for (const [what, spoil] of cases) {
      const t = base();
      spoil(t);
      const file = join(dir, `bad${k++}.parquet`);
      writeBarsParquet(file, [t], { rowGroupSize: 20 });
      const want = message(() => readBarsParquet(file));
      expect(want, what).toMatch(/^.*bad\d+\.parquet:\d+: field "\w+": row group \d: /);
      expect(
        message(() => drain(iterateBarSlices(file, { symbol: 'X', sliceRows: 10 }), 10)),
        what,
      ).toBe(want);
    }
  });

  it('refuses a file with a symbol column and a non-positive slice size', () => {
    const [a, b] = generateSynthBars({
      symbols: ['A', 'B'],
      bars: 5,
      freq: '1d',
      start: '2020-01-02',
      seed: 1,
    });
    const file = join(dir, 'two.parquet');
    writeBarsParquet(file, [a!, b!]);
    expect(() => iterateBarSlices(file, { symbol: 'A', sliceRows: 4 }).next()).toThrow(/has a symbol column/);
    expect(() => iterateBarSlices(file, { symbol: 'A', sliceRows: 0 }).next()).toThrow(
      'iterateBarSlices: sliceRows must be a positive integer (got 0)',
    );
  });
});
