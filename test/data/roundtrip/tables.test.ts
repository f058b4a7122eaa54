// Write -> read round trips of every canonical table kind through every table format we write (Parquet,
// Arrow IPC file, Arrow IPC stream): random tables with null sentinels, int64-edge timestamps, extreme
// exact prices, non-ASCII strings, empty tables and small row groups / record batches must come back with
// identical columns (Object.is per entry), the same price tick and the same symbol map.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TABLE_SPECS, type TableBase, type TableKind } from '../../../src/data/schemas.js';
import { writeTableParquet } from '../../../src/data/parquet/table-write.js';
import { readTableParquet, type TableReadResult } from '../../../src/data/parquet/table-read.js';
import { readTableArrow, writeTableArrow } from '../../../src/data/arrow/table-ipc.js';
import { expectSameTable, randomTable } from './gen.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-rt-tables-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Format = 'parquet' | 'parquet-snappy' | 'arrow-file' | 'arrow-stream';
const FORMATS: Format[] = ['parquet', 'parquet-snappy', 'arrow-file', 'arrow-stream'];
const KINDS = Object.keys(TABLE_SPECS) as TableKind[];

function roundTrip(
  format: Format,
  path: string,
  t: TableBase,
  chunk: number,
  symbols?: Map<number, string>,
): TableReadResult<TableBase> {
  if (format.startsWith('parquet')) {
    const compression = format === 'parquet-snappy' ? 'snappy' : 'none';
    writeTableParquet(path, t, { rowGroupSize: chunk, compression, ...(symbols ? { symbols } : {}) });
    return readTableParquet(path);
  }
  const f = format === 'arrow-file' ? 'file' : 'stream';
  writeTableArrow(path, t, { format: f, batchSize: chunk, ...(symbols ? { symbols } : {}) });
  return readTableArrow(path);
}

describe('canonical tables: write -> read is the identity', () => {
  for (const kind of KINDS)
    for (const format of FORMATS)
      it(`${kind} through ${format}`, () => {
        let k = 0;
        fc.assert(
          fc.property(
            fc.integer(),
            fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })),
            fc.boolean(),
            fc.integer({ min: 1, max: 17 }),
            (seed, rows, tsOut, chunk) => {
              const t = randomTable(kind, rows, seed, tsOut);
              const symbols = new Map([
                [(t as any).instrumentId[0] ?? 7, 'ESZ4'],
                [4294967295, 'Ünïcode ✓'],
              ]);
              const back = roundTrip(format, join(dir, `${kind}-${k++}.${format}`), t, chunk, symbols);
              expectSameTable(t, back.table, `${kind} ${format} (seed ${seed}, ${rows} rows)`);
              expect([...back.symbols], 'the symbol map comes back').toEqual([...symbols]);
            },
          ),
          { numRuns: kind === 'definitions' || kind === 'mbp10' ? 8 : 20 },
        );
      });

  it('a file without a symbol map reads back an empty map; the kind option is checked', () => {
    const t = randomTable('trades', 5, 1);
    const p = join(dir, 'nosym.parquet');
    writeTableParquet(p, t);
    expect(readTableParquet(p).symbols.size).toBe(0);
    expectSameTable(t, readTableParquet(p, { kind: 'trades' }).table, 'kind option matches');
    expect(() => readTableParquet(p, { kind: 'mbo' }), 'asking for another kind fails').toThrow(
      /holds trades, not mbo/,
    );
    const a = join(dir, 'nosym.arrow');
    writeTableArrow(a, t, { format: 'stream' });
    expect(() => readTableArrow(a, { kind: 'quotes' })).toThrow(/holds trades, not quotes/);
  });
});
