import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { tsFromBigInt, tsToBigInt } from '../../../src/core/time.js';
import { rangeBarTable } from '../../../src/data/bars.js';
import { halves, joinTimestamps, splitTimestamps } from '../../../src/data/parquet/int64.js';
import { readBarsParquet, writeBarsParquet, type ParquetReadStats } from '../../../src/data/parquet/index.js';
import { generateSynthBars } from '../../../src/data/synth/bars.js';
import { plain } from './arb.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-pq-range-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const [a, b, c] = generateSynthBars({
  symbols: ['AAA', 'BBB', 'CCC'],
  bars: 1000,
  freq: '5m',
  start: '2021-03-01',
  seed: 3,
});
const file = join(dir, 'three.parquet');
writeBarsParquet(file, [a!, b!, c!], { rowGroupSize: 100 });

describe('readBarsParquet range and projection reads', () => {
  it('reads only the row groups that overlap [start, end) and cuts rows exactly', () => {
    const stats: ParquetReadStats = { rowGroups: 0, rowGroupsRead: 0 };
    const start = { sec: a!.tsSec[250]!, nsec: 0 };
    const end = { sec: a!.tsSec[430]!, nsec: 0 };
    const got = readBarsParquet(file, { start, end, stats });
    expect(
      stats,
      '3 symbols x 10 groups; rows 250..429 lie in groups 2, 3, 4 of each symbol; only their symbol (string) columns need the general decoder',
    ).toEqual({ rowGroups: 30, rowGroupsRead: 9, generalChunks: 9 });
    const want = [a!, b!, c!].map((t) => plain(rangeBarTable(t, start.sec, 0, end.sec, 0)));
    expect(got.map(plain)).toEqual(want);
    expect(got[0]!.length).toBe(180);
  });

  it('skips row groups of other symbols by the symbol statistics', () => {
    const stats: ParquetReadStats = { rowGroups: 0, rowGroupsRead: 0 };
    const got = readBarsParquet(file, { symbols: ['BBB'], stats });
    expect(stats.rowGroupsRead, 'only the 10 groups of BBB are decoded').toBe(10);
    expect(got.map(plain)).toEqual([plain(b!)]);
  });

  it('an empty range reads no row group', () => {
    const stats: ParquetReadStats = { rowGroups: 0, rowGroupsRead: 0 };
    const got = readBarsParquet(file, { start: { sec: 0, nsec: 0 }, end: { sec: 1, nsec: 0 }, stats });
    expect(stats.rowGroupsRead).toBe(0);
    expect(got).toEqual([]);
  });

  it('column projection loads ts and the chosen columns; the others come back empty', () => {
    const [t] = readBarsParquet(file, { symbols: ['CCC'], columns: ['close'] });
    expect(Array.from(t!.close)).toEqual(Array.from(c!.close));
    expect(Array.from(t!.tsSec)).toEqual(Array.from(c!.tsSec));
    expect([t!.open.length, t!.high.length, t!.low.length, t!.volume.length]).toEqual([0, 0, 0, 0]);
  });

  it('nanosecond bounds cut between rows 1 ns apart', () => {
    const t = generateSynthBars({ symbols: ['N'], bars: 50, freq: '1d', start: '2030-01-01', seed: 1 })[0]!;
    for (let i = 0; i < 50; i++) {
      t.tsSec[i] = 1_900_000_000;
      t.tsNsec[i] = 1000 + i;
    }
    const f = join(dir, 'ns.parquet');
    writeBarsParquet(f, [t], { rowGroupSize: 8 });
    const stats: ParquetReadStats = { rowGroups: 0, rowGroupsRead: 0 };
    const [got] = readBarsParquet(f, {
      start: { sec: 1_900_000_000, nsec: 1017 },
      end: { sec: 1_900_000_000, nsec: 1020 },
      stats,
    });
    expect(Array.from(got!.tsNsec)).toEqual([1017, 1018, 1019]);
    expect(stats, 'rows 17..19 are all in group 2 (rows 16..23), decoded by the flat path').toEqual({
      rowGroups: 7,
      rowGroupsRead: 1,
      generalChunks: 0,
    });
  });
});

describe('int64 halves conversion', () => {
  it('joinTimestamps/splitTimestamps agree with BigInt over the whole int64 range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { minLength: 1, maxLength: 50 }),
        (ns) => {
          const n = ns.length;
          const big = BigInt64Array.from(ns);
          const sec = new Float64Array(n);
          const nsec = new Uint32Array(n);
          splitTimestamps(halves(big), 0, n, 1e9, sec, nsec, 0);
          for (let i = 0; i < n; i++) expect(tsToBigInt(sec[i]!, nsec[i]!)).toBe(ns[i]);
          const back = new BigInt64Array(n);
          joinTimestamps(sec, nsec, 0, n, halves(back), 0);
          expect(Array.from(back)).toEqual(ns);
        },
      ),
    );
  });

  it('splits microsecond and millisecond units exactly', () => {
    const us = BigInt64Array.from([-1n, 1_700_000_000_123_456n]);
    const sec = new Float64Array(2);
    const nsec = new Uint32Array(2);
    splitTimestamps(halves(us), 0, 2, 1e6, sec, nsec, 0);
    expect([sec[0], nsec[0], sec[1], nsec[1]]).toEqual([-1, 999_999_000, 1_700_000_000, 123_456_000]);
    expect(tsFromBigInt(-1000n)).toEqual({ sec: -1, nsec: 999_999_000 });
  });
});
