// The stream worker's Arrow and catalog producers (src/data/stream/arrow-producer.ts,
// catalog-producer.ts): chunks concatenate to exactly the whole read (readBarsArrow; Catalog.read with the
// same range, partitions in different ticks joined in their finest common tick), at most chunkRows rows
// each; a catalog partition changed behind the manifest and a corrupt Arrow file are DataErrors naming
// the file. The worker runs the built entry in dist/ (npm run build).
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { sliceBarTable, type BarTable } from '../../../src/data/bars.js';
import { arrowBarSymbols } from '../../../src/data/arrow/batch-read.js';
import { arrowBarRows } from '../../../src/data/arrow/ipc-frames.js';
import { readBarsArrow, writeBarsArrow } from '../../../src/data/arrow/ipc.js';
import { openCatalog, type Catalog } from '../../../src/data/catalog/index.js';
import { writeBarsParquet } from '../../../src/data/parquet/index.js';
import { openWorkerBarSource, type WorkerBarSpec } from '../../../src/data/stream/worker.js';
import { generateSynthBars } from '../../../src/data/synth/bars.js';
import { importFile } from '../../../src/data/catalog/import.js';
import type { Timestamp } from '../../../src/core/time.js';
import { drain, plain } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-stream-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const [aaa, bbb] = generateSynthBars({
  symbols: ['AAA', 'BBB'],
  bars: 4000,
  freq: '15m',
  start: '2021-01-20',
  seed: 8,
});

function catalogSpec(cat: Catalog, symbol: string, start?: Timestamp, end?: Timestamp): WorkerBarSpec {
  const plan = cat.planRead('bars', symbol, start, end)!;
  return {
    format: 'catalog',
    path: cat.root,
    symbol,
    tick: plan.tick,
    parts: plan.parts.map((p) => ({ path: p.path, bytes: p.entry.bytes, rows: p.entry.rows, ...p.range })),
  };
}

describe('Arrow streams', () => {
  for (const format of ['file', 'stream'] as const) {
    it(`an Arrow ${format}: one symbol's chunks equal the whole read, rows and symbols from the headers`, async () => {
      const file = join(dir, `both.${format}.arrow`);
      writeBarsArrow(file, [aaa!, bbb!], { format, batchRows: 900 });
      expect(arrowBarRows(file)).toBe(8000);
      expect(arrowBarSymbols(file)).toEqual(['AAA', 'BBB']);
      const src = await openWorkerBarSource({ format: 'arrow', path: file, symbol: 'BBB', chunkRows: 250 });
      const { table, lengths } = await drain(src);
      expect(plain(table)).toEqual(plain(readBarsArrow(file).find((t) => t.symbol === 'BBB')!));
      expect(Math.max(...lengths)).toBe(250);
      expect(lengths.length, '4 batches of 900 and one of 400, cut into 250-row chunks').toBe(18);
    });
  }

  it('a corrupt Arrow file is a DataError naming it', async () => {
    const file = join(dir, 'bad.arrow');
    writeBarsArrow(file, [aaa!], { format: 'stream', batchRows: 900 });
    const bytes = readFileSync(file);
    bytes.writeInt32LE(0x7fffff00, 4); // the schema message's length
    writeFileSync(file, bytes);
    await expect(openWorkerBarSource({ format: 'arrow', path: file })).rejects.toThrow(DataError);
    await expect(openWorkerBarSource({ format: 'arrow', path: file })).rejects.toThrow(file);
  });
});

describe('catalog streams', () => {
  // AAA in two imports: the later rows counted in ticks of 0.005 (their partitions keep that tick).
  const cat = openCatalog(join(dir, 'catalog'), { create: true });
  const half = 2500;
  const early = join(dir, 'early.parquet');
  writeBarsParquet(early, [sliceBarTable(aaa!, 0, half), bbb!], { rowGroupSize: 300 });
  importFile(cat, early, { rowGroupSize: 300 });
  const late = sliceBarTable(aaa!, half, aaa!.length);
  const fine: BarTable = { ...late, tick: { units: 5, scale: 3 } };
  for (const c of ['open', 'high', 'low', 'close'] as const) fine[c] = late[c].map((v) => 2 * v);
  const later = join(dir, 'late.parquet');
  writeBarsParquet(later, [fine], { rowGroupSize: 300 });
  importFile(cat, later, { rowGroupSize: 300 });
  const start = { sec: aaa!.tsSec[600]!, nsec: 0 };
  const end = { sec: aaa!.tsSec[3700]!, nsec: 0 };

  it('partition by partition, in the run range, partitions of two ticks in their common tick', async () => {
    expect(new Set(cat.list({ symbol: 'AAA' }).map((f) => f.priceTick))).toEqual(new Set(['0.01', '0.005']));
    for (const [s, e] of [
      [start, end],
      [undefined, undefined],
    ] as const) {
      const want = cat.read({ kind: 'bars', symbols: ['AAA'], start: s, end: e }).get('AAA')!;
      expect(want.tick).toEqual({ units: 5, scale: 3 });
      const src = await openWorkerBarSource({ ...catalogSpec(cat, 'AAA', s, e), chunkRows: 333 });
      const { table, lengths } = await drain(src);
      expect(plain(table), s ? 'a range' : 'everything').toEqual(plain(want));
      expect(Math.max(...lengths)).toBeLessThanOrEqual(333);
    }
  });

  it('a partition changed behind the manifest is a DataError naming the file', async () => {
    const spec = catalogSpec(cat, 'BBB');
    const victim = spec.parts![1]!.path;
    appendFileSync(victim, 'x');
    await expect(openWorkerBarSource(spec)).rejects.toThrow(DataError);
    await expect(openWorkerBarSource(spec)).rejects.toThrow(`${victim}: partition has`);
  });
});
