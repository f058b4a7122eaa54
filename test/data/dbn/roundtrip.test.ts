// Write -> read round trips over random valid tables of every kind and DBN version, plain and zstd, whole
// and chunked: decoding what the writer produced must give back exactly the columns written.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeDbn, encodeDbnZstd } from '../../../src/data/dbn/writer.js';
import { iterateDbn, readDbn } from '../../../src/data/dbn/read.js';
import { DBN_KINDS, type DbnKind } from '../../../src/data/dbn/tables.js';
import { rtypesOfKind } from '../../../src/data/dbn/layouts.js';
import { expectSameTable, randomTable } from './helpers.js';

const VERSIONS = [1, 2, 3] as const;

describe('DBN write -> read round trip', () => {
  for (const version of VERSIONS)
    for (const kind of DBN_KINDS) {
      if (rtypesOfKind(version, kind).length === 0) continue;
      it(`v${version} ${kind}: plain, random tables`, () => {
        fc.assert(
          fc.property(fc.integer(), fc.integer({ min: 0, max: 40 }), fc.boolean(), (seed, rows, tsOut) => {
            const t = randomTable(version, kind, rows, seed, tsOut);
            const bytes = encodeDbn({ tables: [t], metadata: { dataset: 'TEST.X', tsOut } }, { version });
            const back = readDbn(bytes);
            expect(back.metadata!.version).toBe(version);
            expect(back.metadata!.tsOut).toBe(tsOut);
            if (rows === 0) expect(back.tables[kind]).toBeUndefined();
            else expectSameTable(t, back.tables[kind], `v${version} ${kind}`);
            expect(back.counts.records).toBe(rows);
          }),
          { numRuns: 40 },
        );
      });
    }

  const HOT: DbnKind[] = [
    'mbo',
    'trades',
    'quotes',
    'cquotes',
    'mbp10',
    'ohlcv',
    'definitions',
    'statistics',
  ];
  for (const kind of HOT)
    it(`v3 ${kind}: zstd`, async () => {
      for (let seed = 1; seed <= 5; seed++) {
        const t = randomTable(3, kind, 25 * seed, seed);
        const z = await encodeDbnZstd({ tables: [t] });
        expect(Array.from(z.subarray(0, 4))).toEqual([0x28, 0xb5, 0x2f, 0xfd]);
        expectSameTable(t, readDbn(z).tables[kind], `zstd ${kind}`);
      }
    });

  it('chunked reading gives the same rows as a whole read, for any chunk size and block size', async () => {
    const mbo = randomTable(3, 'mbo', 300, 7);
    const trades = randomTable(3, 'trades', 200, 8);
    const plain = encodeDbn({ tables: [mbo, trades] });
    const z = await encodeDbnZstd({ tables: [mbo, trades] });
    for (const [chunkRecords, blockBytes, reuseTables] of [
      [1, 64, false],
      [7, 100, true],
      [128, 1000, true],
      [1000, 1 << 20, false],
    ] as const)
      for (const src of [plain, z]) {
        const rows: Record<string, number[]> = { mbo: [], trades: [] };
        let records = 0;
        for (const c of iterateDbn(src, { chunkRecords, blockBytes, reuseTables })) {
          expect(c.records).toBeLessThanOrEqual(chunkRecords);
          records += c.records;
          for (const k of ['mbo', 'trades'] as const) {
            const t = c.tables[k];
            if (t)
              for (let i = 0; i < t.length; i++)
                rows[k]!.push(t.price[i]!, t.tsEventNsec[i]!, t.sequence[i]!);
          }
        }
        expect(records).toBe(500);
        for (const [k, t] of [
          ['mbo', mbo],
          ['trades', trades],
        ] as const) {
          const want: number[] = [];
          const tt = t as any;
          for (let i = 0; i < t.length; i++) want.push(tt.price[i], tt.tsEventNsec[i], tt.sequence[i]);
          expect(rows[k], `${k} rows, chunk ${chunkRecords}`).toEqual(want);
        }
      }
  });

  it("chunk byte offsets point at each chunk's first record", () => {
    const t = randomTable(2, 'trades', 10, 3);
    const bytes = encodeDbn({ tables: [t] }, { version: 2 });
    const offsets = [...iterateDbn(bytes, { chunkRecords: 4 })].map((c) => c.firstOffset);
    const start = bytes.length - 10 * 48;
    expect(offsets).toEqual([start, start + 4 * 48, start + 8 * 48]);
  });

  it('metadata round-trips (v1, v2, v3), including mappings and the symbol map', () => {
    for (const version of VERSIONS) {
      const metadata = {
        dataset: 'GLBX.MDP3',
        schema: 'mbo' as const,
        start: { sec: 1609160400, nsec: 5 },
        end: { sec: 1609200000, nsec: 0 },
        limit: 7,
        stypeIn: 1,
        stypeOut: 0,
        symbols: ['ESH1', 'NQH1'],
        partial: ['X'],
        notFound: ['ZZZ'],
        mappings: [
          { rawSymbol: 'ESH1', intervals: [{ startDate: 20201228, endDate: 20201229, symbol: '5482' }] },
          { rawSymbol: 'NQH1', intervals: [{ startDate: 20201228, endDate: 20201229, symbol: '1234' }] },
        ],
      };
      const back = readDbn(encodeDbn({ metadata, tables: [] }, { version }));
      expect(back.metadata).toEqual({
        ...metadata,
        version,
        schemaCode: 0,
        recordCount: null,
        tsOut: false,
        symbolCstrLen: version === 1 ? 22 : 71,
      });
      expect([...back.symbolMap]).toEqual([
        [5482, 'ESH1'],
        [1234, 'NQH1'],
      ]);
    }
  });
});
