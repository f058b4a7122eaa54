// DBN round trips for every schema the DBN writer writes (every record type of every kind, v3), plus the
// chain DBN -> table -> Parquet / Arrow -> table: what the DBN reader produces is a valid input to the table
// writers and comes back identical. Timestamps cover null (UNDEF_TIMESTAMP), 1970, ns steps and the DBN
// maximum (2^64 - 2 ns, year 2554); for the chain, times past int64 (2262) become the last int64 instant.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeDbn } from '../../../src/data/dbn/writer.js';
import { readDbn } from '../../../src/data/dbn/read.js';
import { DBN_KINDS } from '../../../src/data/dbn/tables.js';
import { rtypesOfKind } from '../../../src/data/dbn/layouts.js';
import { SCHEMA_NAMES, SCHEMA_RTYPE } from '../../../src/data/dbn/constants.js';
import { TABLE_SPECS, type TableBase, type TableKind } from '../../../src/data/schemas.js';
import { tableLayout } from '../../../src/data/parquet/table-layout.js';
import { writeTableParquet } from '../../../src/data/parquet/table-write.js';
import { readTableParquet } from '../../../src/data/parquet/table-read.js';
import { readTableArrow, writeTableArrow } from '../../../src/data/arrow/table-ipc.js';
import { randomTable as randomDbnTable } from '../dbn/helpers.js';
import { expectSameTable, selectRows } from './gen.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-rt-dbn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Times past the last int64 nanosecond become that instant (the same table is still valid DBN). */
function clampToInt64(t: TableBase): TableBase {
  const rec = t as unknown as Record<string, number[]>;
  for (const fc of tableLayout(t.kind as TableKind, t.tsOutSec !== undefined))
    if (fc.role === 'ts')
      for (let i = 0; i < t.length; i++)
        if (
          rec[fc.col]![i]! > 9223372036 ||
          (rec[fc.col]![i] === 9223372036 && rec[fc.col2]![i]! > 854775807)
        ) {
          rec[fc.col]![i] = 9223372036;
          rec[fc.col2]![i] = 854775807;
        }
  return t;
}

describe('DBN v3: every schema the writer writes round-trips', () => {
  for (const kind of DBN_KINDS) {
    const rtypes = rtypesOfKind(3, kind);
    if (rtypes.length === 0) continue;
    it(`${kind} (rtypes ${rtypes.join(', ')}): random tables, empty tables`, () => {
      fc.assert(
        fc.property(fc.integer(), fc.integer({ min: 0, max: 30 }), fc.boolean(), (seed, rows, tsOut) => {
          const t = randomDbnTable(3, kind, rows, seed, tsOut);
          const back = readDbn(encodeDbn({ tables: [t], metadata: { dataset: 'TEST', tsOut } }));
          if (rows === 0)
            expect(back.tables[kind as 'mbo'], 'an empty table writes no records').toBeUndefined();
          else expectSameTable(t, back.tables[kind as 'mbo']!, `DBN ${kind}`);
          expect(back.counts.records).toBe(rows);
        }),
        { numRuns: 25 },
      );
    });
  }

  it('each schema on its own (metadata naming it): records and schema come back', () => {
    for (const schema of SCHEMA_NAMES) {
      const rtype = SCHEMA_RTYPE[schema];
      const kind = DBN_KINDS.find((k) => rtypesOfKind(3, k).includes(rtype));
      if (!kind) continue;
      const mixed = randomDbnTable(3, kind, 60, rtype) as TableBase & { rtype?: Uint8Array };
      const t = selectRows(mixed, (i) => !mixed.rtype || mixed.rtype[i] === rtype);
      expect(t.length, `some ${schema} rows`).toBeGreaterThan(0);
      const back = readDbn(encodeDbn({ tables: [t], metadata: { dataset: 'TEST', schema } }));
      expect(back.metadata?.schema, `schema of a ${schema} stream`).toBe(schema);
      expectSameTable(t, back.tables[kind as 'mbo']!, `DBN ${schema}`);
    }
  });
});

describe('DBN-decoded tables through Parquet and Arrow', () => {
  for (const kind of Object.keys(TABLE_SPECS) as TableKind[]) {
    if (rtypesOfKind(3, kind).length === 0) continue;
    it(`${kind}`, () => {
      let k = 0;
      fc.assert(
        fc.property(fc.integer(), fc.integer({ min: 1, max: 25 }), fc.boolean(), (seed, rows, tsOut) => {
          const t = clampToInt64(randomDbnTable(3, kind, rows, seed, tsOut));
          const decoded = readDbn(encodeDbn({ tables: [t], metadata: { dataset: 'TEST', tsOut } })).tables[
            kind as 'mbo'
          ]!;
          const p = join(dir, `${kind}-${k++}`);
          writeTableParquet(p + '.parquet', decoded, { rowGroupSize: 7 });
          expectSameTable(t, readTableParquet(p + '.parquet').table, `DBN -> Parquet ${kind}`);
          writeTableArrow(p + '.arrows', decoded, { format: 'stream', batchSize: 9 });
          expectSameTable(t, readTableArrow(p + '.arrows').table, `DBN -> Arrow ${kind}`);
        }),
        { numRuns: 10 },
      );
    });
  }
});
