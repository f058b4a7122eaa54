// readTableParquet / readTableArrow options: time ranges on any timestamp column, instrument and symbol
// selection (row groups skipped by their statistics, rows filtered exactly), and the writers' input checks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';
import { tsCompare, type Timestamp } from '../../../src/core/time.js';
import { newTable, type TableBase, type TradeTable } from '../../../src/data/schemas.js';
import { writeTableParquet } from '../../../src/data/parquet/table-write.js';
import { readTableParquet } from '../../../src/data/parquet/table-read.js';
import { readTableArrow, writeTableArrow } from '../../../src/data/arrow/table-ipc.js';
import { splitNanos } from '../../../src/data/parquet/table-sink.js';
import { expectSameTable, randomTable, selectRows } from '../roundtrip/gen.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-table-range-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 600 trades in tsEvent order, 1 ns to 2 s apart, instruments 1..5 in runs, some null ts_recv. */
function sortedTrades(): TradeTable {
  const rng = new Rng(5);
  const t = newTable('trades', 600);
  let sec = 1_600_000_000;
  let nsec = 0;
  for (let i = 0; i < 600; i++) {
    nsec += rng.int(3) === 0 ? 1 : rng.int(2e9);
    sec += Math.floor(nsec / 1e9);
    nsec %= 1e9;
    t.tsEventSec[i] = sec;
    t.tsEventNsec[i] = nsec;
    t.tsRecvSec[i] = rng.int(10) === 0 ? NaN : sec + 1;
    t.tsRecvNsec[i] = t.tsRecvSec[i] !== t.tsRecvSec[i] ? 0 : nsec;
    t.instrumentId[i] = 1 + Math.floor(i / 120);
    t.price[i] = 1000 + i;
    t.size[i] = i;
  }
  t.length = 600;
  return t;
}

const t = sortedTrades();
const pq = join(dir, 'trades.parquet');
const ar = join(dir, 'trades.arrow');
writeTableParquet(pq, t, {
  rowGroupSize: 50,
  symbols: new Map([
    [1, 'AAA'],
    [2, 'BBB'],
    [3, 'CCC'],
  ]),
});
writeTableArrow(ar, t, { format: 'file', batchSize: 50, symbols: { 1: 'AAA', 2: 'BBB', 3: 'CCC' } });

function at(i: number, col: 'tsEvent' | 'tsRecv' = 'tsEvent'): Timestamp {
  return { sec: (t as any)[col + 'Sec'][i], nsec: (t as any)[col + 'Nsec'][i] };
}

function inRange(i: number, col: 'tsEvent' | 'tsRecv', s?: Timestamp, e?: Timestamp): boolean {
  const sec = (t as any)[col + 'Sec'][i];
  const ns = (t as any)[col + 'Nsec'][i];
  if (sec !== sec) return false;
  return (!s || tsCompare(sec, ns, s.sec, s.nsec) >= 0) && (!e || tsCompare(sec, ns, e.sec, e.nsec) < 0);
}

describe('table range reads', () => {
  it('start/end and instrument selection give exactly the matching rows; Parquet skips row groups', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 599 }),
        fc.integer({ min: 0, max: 599 }),
        fc.subarray([1, 2, 3, 4, 5, 9]),
        fc.constantFrom<'tsEvent' | 'tsRecv'>('tsEvent', 'tsRecv'),
        (a, b, ids, col) => {
          const [s, e] = [at(Math.min(a, b)), at(Math.max(a, b))];
          const want = selectRows(t, (i) => inRange(i, col, s, e) && ids.includes(t.instrumentId[i]!));
          const stats = { rowGroups: 0, rowGroupsRead: 0 };
          const opts = { start: s, end: e, instrumentIds: ids, timeColumn: col };
          expectSameTable(want, readTableParquet(pq, { ...opts, stats }).table, 'Parquet range');
          expectSameTable(want, readTableArrow(ar, opts).table, 'Arrow range');
          expect(stats.rowGroups).toBe(12);
          if (col === 'tsEvent' && Math.max(a, b) - Math.min(a, b) < 100)
            expect(stats.rowGroupsRead, 'groups outside the range are not read').toBeLessThanOrEqual(3);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('symbols select through the file map; unknown symbols match nothing; a null time never matches', () => {
    const want = selectRows(t, (i) => t.instrumentId[i] === 2 || t.instrumentId[i] === 3);
    expectSameTable(want, readTableParquet(pq, { symbols: ['BBB', 'CCC', 'ZZZ'] }).table, 'Parquet symbols');
    expectSameTable(want, readTableArrow(ar, { symbols: ['CCC', 'BBB'] }).table, 'Arrow symbols');
    expect(readTableParquet(pq, { symbols: ['ZZZ'] }).table.length).toBe(0);
    const start = { sec: 0, nsec: 0 };
    const back = readTableParquet(pq, { start, timeColumn: 'tsRecv' }).table as TradeTable;
    expect(back.length, 'rows with a null ts_recv are left out of any range').toBe(
      Array.from(t.tsRecvSec).filter((x) => x === x).length,
    );
  });

  it('bad options are UsageErrors; symbols without a map in the file is a DataError', () => {
    expect(() => readTableParquet(pq, { timeColumn: 'price' })).toThrow(UsageError);
    expect(() => readTableArrow(ar, { start: { sec: 1.5, nsec: 0 } })).toThrow(UsageError);
    const plain = join(dir, 'plain.parquet');
    writeTableParquet(plain, t);
    expect(() => readTableParquet(plain, { symbols: ['AAA'] })).toThrow(DataError);
  });
});

describe('table writers refuse what they cannot write back exactly', () => {
  const cases: [string, (x: any) => void, RegExp][] = [
    ['a fractional price', (x) => (x.price[1] = 0.5), /row 1: price = 0.5 is not an integer/],
    ['a price beyond int64', (x) => (x.price[0] = 2 ** 63), /int64 range/],
    ['a timestamp after 2262', (x) => (x.tsEventSec[2] = 9223372037), /row 2: tsEventSec .* 2262-04-11/],
    ['a null time with nanoseconds', (x) => ((x.tsRecvSec[0] = NaN), (x.tsRecvNsec[0] = 5)), /null/],
    ['a lone surrogate', (x) => (x.rawSymbol = ['\uD800']), /well-formed/],
    ['a short column', (x) => (x.size = new Uint32Array(1)), /column size has 1 entries, 3 needed/],
  ];
  for (const [what, spoil, message] of cases)
    it(`${what} is a UsageError`, () => {
      const x = randomTable(what.includes('surrogate') ? 'definitions' : 'trades', 3, 1) as any;
      for (let i = 0; i < 3; i++) if (x.tsEventSec[i] !== x.tsEventSec[i]) x.tsEventSec[i] = 0;
      if (x.price) x.price.fill(1);
      spoil(x);
      if (what.includes('surrogate')) x.length = 1;
      expect(() => writeTableParquet(join(dir, 'bad.parquet'), x)).toThrow(message);
      expect(() => writeTableArrow(join(dir, 'bad.arrow'), x, { format: 'file' })).toThrow(UsageError);
    });

  it('a table of a non-canonical kind or spec is a UsageError', () => {
    const x = { ...randomTable('trades', 2, 1), kind: 'candles' };
    expect(() => writeTableParquet(join(dir, 'k.parquet'), x as TableBase)).toThrow(
      /not a canonical table kind/,
    );
    const y = { ...randomTable('trades', 2, 1), spec: { price: 'f64' } };
    expect(() => writeTableParquet(join(dir, 'k.parquet'), y as TableBase)).toThrow(/canonical trades spec/);
  });
});

describe('splitNanos', () => {
  it('equals BigInt division over the whole int64 range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 50 }),
        (xs) => {
          const big = BigInt64Array.from(xs);
          const sec = new Float64Array(xs.length);
          const nsec = new Uint32Array(xs.length);
          splitNanos(new Int32Array(big.buffer), xs.length, sec, nsec, 0);
          xs.forEach((v, i) => {
            const s = v / 1_000_000_000n - (v % 1_000_000_000n < 0n ? 1n : 0n);
            expect([sec[i], nsec[i]], `split of ${v}`).toEqual([Number(s), Number(v - s * 1_000_000_000n)]);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
