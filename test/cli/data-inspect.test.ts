import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport, inspectFile } from '../../src/cli/data-inspect.js';
import { generateSynthBars } from '../../src/data/synth/bars.js';
import { writeBarsCsv } from '../../src/data/csv/write-bars.js';
import { writeBarsParquet } from '../../src/data/parquet/index.js';
import { writeBarsArrow } from '../../src/data/arrow/ipc.js';
import { generateSynthMbo, writeDbn } from '../../src/data/dbn/index.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-inspect-'));
const tables = generateSynthBars({
  symbols: ['AAA', 'BBB'],
  bars: 50,
  freq: '1d',
  start: '2020-01-02',
  seed: 4,
});

describe('hindsight data inspect', () => {
  it('describes bar files in CSV, Parquet and Arrow alike', async () => {
    writeBarsCsv(join(dir, 'bars.csv'), tables, { symbolColumn: true });
    writeBarsParquet(join(dir, 'bars.parquet'), tables);
    writeBarsArrow(join(dir, 'bars.arrow'), tables, { format: 'file' });
    const reports = [];
    for (const f of ['bars.csv', 'bars.parquet', 'bars.arrow'])
      reports.push(await inspectFile(join(dir, f), 2));
    expect(reports.map((r) => r.format)).toEqual(['csv', 'parquet', 'arrow']);
    for (const r of reports) {
      expect(r.sections.map((s) => [s.symbols[0], s.rows, s.start])).toEqual([
        ['AAA', 50, '2020-01-02T00:00:00Z'],
        ['BBB', 50, '2020-01-02T00:00:00Z'],
      ]);
      expect(r.sections[0]!.firstRows).toEqual(reports[0]!.sections[0]!.firstRows);
      expect(r.sections[0]!.firstRows).toHaveLength(2);
    }
    expect(formatReport(reports[1]!)).toContain('bars: 50 rows, 2020-01-02T00:00:00Z .. ');
  });

  it('describes a DBN file: schema, rows, instruments, time range', async () => {
    const mbo = generateSynthMbo({ seed: 3, events: 500, instruments: 2 });
    await writeDbn(join(dir, 'mbo.dbn.zst'), { tables: { mbo } }, { zstd: true });
    const r = await inspectFile(join(dir, 'mbo.dbn.zst'), 3);
    expect(r.format).toBe('dbn');
    expect(r.sections).toHaveLength(1);
    expect(r.sections[0]!.kind).toBe('mbo');
    expect(r.sections[0]!.rows).toBe(mbo.length);
    expect(r.sections[0]!.symbols).toHaveLength(2);
    expect(r.sections[0]!.firstRows).toHaveLength(3);
  });
});
