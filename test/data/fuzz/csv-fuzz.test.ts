// Quick fuzz of the text readers (bar CSV generic and Yahoo, trades/quotes CSV and JSONL, strict and
// lenient): a few hundred seeded mutations of small valid files must each end in a result that keeps the
// reader's promises or in a DataError naming the file — never another exception, never a hang (the seeds
// are a few kB). scripts/fuzz-csv.ts runs the same targets for as many cases as asked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { readBarsCsv } from '../../../src/data/csv/bars.js';
import { runFuzz, textFuzzTargets } from '../../fuzz/targets.js';
import { readTradesCsv } from '../../../src/data/ticks/csv.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-csv-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CSV / JSONL reader fuzz (quick)', () => {
  it('mutated files give a DataError or a result that keeps every promise', () => {
    const targets = textFuzzTargets(dir);
    for (const t of targets) expect(() => t.read(join(dir, 'unused')), `${t.name}: missing file`).toThrow();
    const r = runFuzz(targets, dir, 7, 600);
    expect(
      r.failures.map((f) => `${f.target} case ${f.index}: ${f.error}`),
      'crashes',
    ).toEqual([]);
    expect(r.ok, 'some mutations still read').toBeGreaterThan(100);
    expect(r.rejected, 'some mutations are rejected').toBeGreaterThan(100);
  });

  // Found by this fuzzing: parseIso read past the end of a cut stamp and returned a NaN time, which the
  // CSV readers accepted as a row (strict mode included).
  it('cut ISO stamps are rejected, not read as NaN times', () => {
    for (const stamp of ['2022-05-02T17:30:', '2022-05-02T17:3', '2022-05-02T17:', '2022-05-02T17:30:00.']) {
      const bars = join(dir, 'cut.csv');
      writeFileSync(bars, `timestamp,open,high,low,close,volume\n${stamp},1,1,1,1,1\n`);
      expect(() => readBarsCsv(bars, { format: 'generic', symbol: 'X' }), stamp).toThrow(DataError);
      writeFileSync(bars, `timestamp,price,size\n${stamp},1,1\n`);
      expect(() => readTradesCsv(bars, { symbol: 'X' }), stamp).toThrow(/invalid timestamp/);
    }
  });
});
