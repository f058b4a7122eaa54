import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  readBarsArrow,
  readBarsParquet,
  writeBarsArrow,
  writeBarsParquet,
} from '../../../src/data/parquet/index.js';
import { plain, tablesArb } from './arb.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-pq-rt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Parquet and Arrow round trips', () => {
  it('writeBarsParquet then readBarsParquet returns the same tables (both codecs, small row groups)', () => {
    let k = 0;
    fc.assert(
      fc.property(
        tablesArb,
        fc.integer({ min: 1, max: 50 }),
        fc.constantFrom('none', 'snappy'),
        (tables, rg, compression) => {
          const file = join(dir, `rt-${k++}.parquet`);
          writeBarsParquet(file, tables, { rowGroupSize: rg, compression: compression as 'none' | 'snappy' });
          const back = readBarsParquet(file);
          expect(back.map(plain), 'every symbol, timestamp, tick and value survives').toEqual(
            tables.map(plain),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  for (const format of ['file', 'stream'] as const) {
    it(`writeBarsArrow(${format}) then readBarsArrow returns the same tables`, () => {
      let k = 0;
      fc.assert(
        fc.property(tablesArb, (tables) => {
          const file = join(dir, `rt-${format}-${k++}.arrow`);
          writeBarsArrow(file, tables, { format });
          expect(readBarsArrow(file).map(plain), 'Arrow IPC keeps every value exactly').toEqual(
            tables.map(plain),
          );
        }),
        { numRuns: 60 },
      );
    });
  }
});
