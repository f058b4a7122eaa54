import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerDataImport, runDataImport } from '../../../src/cli/data-import.js';
import { DataError, UsageError } from '../../../src/core/errors.js';
import { generateSynthMbo, writeDbn } from '../../../src/data/dbn/index.js';
import { writeBarsParquet } from '../../../src/data/parquet/index.js';
import { writeBarsArrow } from '../../../src/data/arrow/ipc.js';
import { generateSynthBars } from '../../../src/data/synth/bars.js';
import { writeBarsCsv } from '../../../src/data/csv/write-bars.js';
import { openCatalog } from '../../../src/data/catalog/index.js';
import { plainBars, tempDir } from './helpers.js';

const dir = tempDir('import-cli');
const bars = generateSynthBars({
  symbols: ['AAA', 'BBB'],
  bars: 300,
  freq: '1d',
  start: '2021-01-04',
  seed: 8,
});

/** The `hindsight data import` command as main.ts would wire it, run in-process; returns stdout. */
async function cli(args: string[]): Promise<string> {
  const program = new Command('hindsight').exitOverride();
  const data = program.command('data').exitOverride();
  registerDataImport(data);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['data', 'import', ...args], { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe('hindsight data import', () => {
  afterEach(() => vi.restoreAllMocks());

  it('imports CSV (file name as symbol), Parquet, Arrow and DBN files and prints what it imported', async () => {
    const cat = join(dir, 'cat');
    const aaa = join(dir, 'AAA.csv');
    writeBarsCsv(aaa, [bars[0]!], { symbolColumn: false });
    const pq = join(dir, 'bbb.parquet');
    writeBarsParquet(pq, [bars[1]!]);
    const arrowFile = join(dir, 'both.arrow');
    writeBarsArrow(arrowFile, bars, { format: 'stream' });
    const mbo = generateSynthMbo({ seed: 2, events: 2000, instruments: 1 });
    const dbn = join(dir, 'flow.dbn');
    const mappings = [
      { rawSymbol: 'ESH4', intervals: [{ startDate: 20240101, endDate: 20240201, symbol: '1' }] },
    ];
    await writeDbn(dbn, { metadata: { schema: 'mbo', mappings }, tables: { mbo } });

    const out = await cli([aaa, pq, arrowFile, dbn, '--catalog', cat]);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/AAA\.csv \(csv, .* kB, sha256 [0-9a-f]{12}\): 300 rows read$/);
    expect(lines[1]).toBe(
      '  bars AAA: 300 rows, 2021-01-04T00:00:00Z .. 2022-02-25T00:00:00Z -> 2 partition(s): 2 new',
    );
    expect(out).toContain('bbb.parquet (parquet');
    expect(out).toContain(
      '  bars BBB: 300 rows, 2021-01-04T00:00:00Z .. 2022-02-25T00:00:00Z -> 2 partition(s): 2 new',
    );
    expect(out, 'the Arrow file repeats both series').toContain(
      '  bars AAA: 300 rows, 2021-01-04T00:00:00Z .. 2022-02-25T00:00:00Z -> 2 partition(s): 2 unchanged',
    );
    expect(out).toMatch(/flow\.dbn \(dbn, .*\): \d+ rows read\n {2}mbo ESH4: \d+ rows, 2024-01-02T14:30:00/);
    expect(lines[lines.length - 1]).toBe(
      `imported 4 file(s), ${1200 + mbo.length} rows, 3 symbol(s) into ${cat}`,
    );

    const c = openCatalog(cat);
    expect(c.series().map((s) => [s.kind, s.symbol, s.rows])).toEqual([
      ['bars', 'AAA', 300],
      ['bars', 'BBB', 300],
      ['mbo', 'ESH4', mbo.length],
    ]);
    expect(plainBars(c.read({ kind: 'bars', symbols: ['BBB'] }).get('BBB')!)).toEqual(plainBars(bars[1]!));
  });

  it('passes the CSV options through (yahoo layout, explicit symbol, lenient mode)', async () => {
    const cat = join(dir, 'yahoo-cat');
    const y = join(dir, 'yahoo.csv');
    writeFileSync(
      y,
      'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10.5,11,10,10.75,10.7,1000\n2024-01-03,null,null,null,null,null,null\n2024-01-04,10.75,12,10.5,11.5,11.4,2000\n',
    );
    const out = await cli([y, '--catalog', cat, '--format', 'yahoo', '--symbol', 'XYZ', '--mode', 'lenient']);
    expect(out).toContain(
      '  bars XYZ: 2 rows, 2024-01-02T00:00:00Z .. 2024-01-04T00:00:00Z -> 1 partition(s): 1 new',
    );
    expect(out).toContain(`  quarantined 1 row(s) -> ${y}.quarantine.csv`);
    const t = openCatalog(cat).read({ kind: 'bars' }).get('XYZ')!;
    expect([t.tick, Array.from(t.close)]).toEqual([{ units: 1, scale: 2 }, [1075, 1150]]);
  });

  it('rejects bad flags and bad inputs with errors naming what is wrong', async () => {
    const cat = join(dir, 'err-cat');
    const src = join(dir, 'AAA.csv');
    writeBarsCsv(src, [bars[0]!], { symbolColumn: false });
    await expect(runDataImport([src], { catalog: cat, kind: 'candles' })).rejects.toThrow(
      new UsageError(
        '--kind must be one of bars, trades, quotes, cquotes, mbp10, mbo, ohlcv, status, imbalance, statistics, definitions (got "candles")',
      ),
    );
    await expect(runDataImport([src], {})).rejects.toThrow('--catalog DIR is required');
    await expect(runDataImport([src], { catalog: cat, rowGroupSize: '0' })).rejects.toThrow(
      /--row-group-size must be an integer/,
    );
    await expect(runDataImport([join(dir, 'nope.csv')], { catalog: cat })).rejects.toThrow(
      new RegExp(`^${join(dir, 'nope.csv')}: cannot read the file: ENOENT`),
    );
    await expect(runDataImport([src], { catalog: src })).rejects.toThrow(
      `${src}: is a file, not a catalog directory`,
    );
    await expect(runDataImport([src], { catalog: cat, kind: 'mbo' })).rejects.toThrow(UsageError);
    const dbn = join(dir, 'noid.dbn');
    await writeDbn(dbn, {
      metadata: { schema: 'mbo' },
      tables: { mbo: generateSynthMbo({ seed: 1, events: 50, instruments: 2 }) },
    });
    await expect(runDataImport([dbn], { catalog: cat })).rejects.toThrow(
      /noid\.dbn: field "instrument_id": no symbol for this instrument in the file's metadata \(pass the symbol option .*\(value "1"\)/,
    );
    await expect(runDataImport([dbn], { catalog: cat, kind: 'trades' })).rejects.toThrow(
      new DataError({ file: dbn }, 'no trades in this DBN file (it holds mbo)'),
    );
  });
});
