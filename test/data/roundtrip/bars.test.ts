// Bar tables through every bar format we write — CSV, Parquet (both codecs), Arrow IPC file and stream —
// must come back identical: timestamps over the whole int64 nanosecond range (1677 .. 2262, 1 ns steps),
// the largest exact prices (ticks * tick units up to 2^53 - 1), non-power-of-ten ticks, fractional and huge
// volumes, several symbols per file. Empty tables cannot be written (nothing would say they exist): the
// writers refuse them with a UsageError and the CSV reader rejects a header-only file with a DataError.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Scaled } from '../../../src/core/decimal.js';
import { DataError, UsageError } from '../../../src/core/errors.js';
import { tsFromBigInt } from '../../../src/core/time.js';
import { allocBarTable, type BarTable } from '../../../src/data/bars.js';
import { readBarsCsv } from '../../../src/data/csv/bars.js';
import { writeBarsCsv } from '../../../src/data/csv/write-bars.js';
import {
  readBarsArrow,
  readBarsParquet,
  writeBarsArrow,
  writeBarsParquet,
} from '../../../src/data/parquet/index.js';
import { tickText } from '../../../src/data/parquet/layout.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-rt-bars-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TICKS: Scaled[] = [
  { units: 1, scale: 2 },
  { units: 25, scale: 2 },
  { units: 1, scale: 9 },
  { units: 5, scale: 0 },
];
const MIN_NS = -(2n ** 63n) + 145224192n; // 1677-09-21T00:12:43.145224192Z, whole-second aligned start
const MAX_NS = 2n ** 63n - 1n; // 2262-04-11T23:47:16.854775807Z

const timeArb = fc.oneof(
  fc.bigInt({ min: MIN_NS, max: MAX_NS }),
  fc.constantFrom(MIN_NS, MAX_NS, 0n, 1n, -1n),
  fc.bigInt({ min: 1_577_836_800_000_000_000n, max: 1_577_836_800_000_000_009n }),
);

function barArb(symbol: string): fc.Arbitrary<BarTable> {
  return fc
    .record({
      tick: fc.constantFrom(...TICKS),
      times: fc.uniqueArray(timeArb, { minLength: 1, maxLength: 30 }),
      seed: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(), fc.nat()), {
        minLength: 30,
        maxLength: 30,
      }),
      volumes: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e300, noNaN: true }), fc.nat()), {
        minLength: 30,
        maxLength: 30,
      }),
    })
    .map(({ tick, times, seed, volumes }) => {
      const ts = [...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const t = allocBarTable(symbol, tick, ts.length);
      // The largest tick count whose price text (ticks * units) is still an exact integer in a double.
      const maxTicks = Math.floor((2 ** 53 - 1) / tick.units);
      ts.forEach((v, i) => {
        const { sec, nsec } = tsFromBigInt(v);
        t.tsSec[i] = sec;
        t.tsNsec[i] = nsec;
        const [u, a, b] = seed[i]!;
        const high = u < 0.2 ? maxTicks : 1 + Math.floor(u * (maxTicks - 1));
        const low = u < 0.3 ? 1 : 1 + (a % high);
        t.high[i] = high;
        t.low[i] = low;
        t.open[i] = low + (a % (high - low + 1));
        t.close[i] = low + (b % (high - low + 1));
        t.volume[i] = volumes[i]! + 0;
      });
      t.length = ts.length;
      return t;
    });
}

const tablesArb = fc
  .uniqueArray(fc.stringMatching(/^[A-Z][A-Z0-9]{0,5}$/), { minLength: 1, maxLength: 3 })
  .chain((syms) => fc.tuple(...syms.map(barArb)));

function plain(t: BarTable): unknown {
  const rows = (a: ArrayLike<number>): number[] => Array.from(a).slice(0, t.length);
  return {
    symbol: t.symbol,
    tick: tickText(t.tick),
    length: t.length,
    ...Object.fromEntries(
      (['tsSec', 'tsNsec', 'open', 'high', 'low', 'close', 'volume'] as const).map((c) => [c, rows(t[c])]),
    ),
  };
}

const bySymbol = (ts: BarTable[]): unknown[] =>
  [...ts].sort((a, b) => (a.symbol < b.symbol ? -1 : 1)).map(plain);

type Writer = (path: string, tables: BarTable[]) => BarTable[];

const FORMATS: [string, Writer][] = [
  [
    'csv',
    (p, tables) => {
      // One CSV read has one tick: tables sharing a tick share a (multi-symbol) file.
      const groups = new Map<string, BarTable[]>();
      for (const t of tables) groups.set(tickText(t.tick), [...(groups.get(tickText(t.tick)) ?? []), t]);
      const out: BarTable[] = [];
      [...groups].forEach(([tick, group], g) => {
        const file = `${p}-${g}`;
        const multi = group.length > 1;
        writeBarsCsv(file, group, { symbolColumn: multi });
        const r = readBarsCsv(file, {
          format: 'generic',
          tickSize: tick,
          ...(multi ? { columns: { symbol: 'symbol' } } : { symbol: group[0]!.symbol }),
        });
        out.push(...r.tables);
      });
      return out;
    },
  ],
  ['parquet', (p, tables) => (writeBarsParquet(p, tables, { rowGroupSize: 7 }), readBarsParquet(p))],
  [
    'parquet-snappy',
    (p, tables) => (writeBarsParquet(p, tables, { compression: 'snappy' }), readBarsParquet(p)),
  ],
  ['arrow-file', (p, tables) => (writeBarsArrow(p, tables, { format: 'file' }), readBarsArrow(p))],
  ['arrow-stream', (p, tables) => (writeBarsArrow(p, tables, { format: 'stream' }), readBarsArrow(p))],
];

describe('bars: write -> read is the identity', () => {
  for (const [format, roundTrip] of FORMATS)
    it(`${format}`, () => {
      let k = 0;
      fc.assert(
        fc.property(tablesArb, (tables) => {
          const back = roundTrip(join(dir, `bars-${k++}.${format}`), tables);
          expect(bySymbol(back), `${format} keeps every timestamp, price and volume`).toEqual(
            bySymbol(tables),
          );
        }),
        { numRuns: 40 },
      );
    });

  it('empty tables are refused with clear errors', () => {
    const empty = allocBarTable('E', { units: 1, scale: 2 }, 0);
    expect(() => writeBarsParquet(join(dir, 'e.parquet'), [empty])).toThrow(UsageError);
    expect(() => writeBarsArrow(join(dir, 'e.arrow'), [empty], { format: 'file' })).toThrow(UsageError);
    const csv = join(dir, 'e.csv');
    writeBarsCsv(csv, [empty]);
    expect(() => readBarsCsv(csv, { format: 'generic', symbol: 'E' })).toThrow(DataError);
  });
});
