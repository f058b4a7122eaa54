// equity.csv and equity.parquet written on the worker thread are byte-identical to the in-process files,
// and a file-system error in the worker comes back with its errno code (so the run reports it).
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEquityFiles } from '../../src/analytics/equity-outputs.js';
import { Rng } from '../../src/core/rng.js';
import { curve, DAY0 } from './fixtures.js';

/** A long random-walk curve with drawdowns, sub-second stamps and cash steps. */
function walk(n: number) {
  const rng = new Rng(5);
  let e = 10_000_000;
  return curve(
    Array.from({ length: n }, (_, i) => {
      e += Math.round((rng.next() - 0.5) * 20_000);
      return [DAY0 + i * 60, (i * 7919) % 1_000_000_000, e, e - (i % 97) * 1_000] as const;
    }),
  );
}

describe('equity outputs', () => {
  const root = mkdtempSync(join(tmpdir(), 'hindsight-equity-out-'));

  it('the worker writes the same bytes as this thread', async () => {
    const c = walk(5_000);
    const [inProcess, inWorker] = [join(root, 'here'), join(root, 'worker')];
    mkdirSync(inProcess);
    mkdirSync(inWorker);
    const here = await startEquityFiles(inProcess, c, 4, true, Infinity);
    const there = await startEquityFiles(inWorker, c, 4, true, 0);
    expect(here.map((p) => p.slice(inProcess.length))).toEqual(['/equity.csv', '/equity.parquet']);
    for (const [k, p] of here.entries())
      expect(readFileSync(there[k]!).equals(readFileSync(p)), `${p} equal both ways`).toBe(true);
    expect(readFileSync(here[0]!, 'utf8').split('\n').length, 'header, 5,000 rows, final newline').toBe(
      5_002,
    );
    expect(c.length, 'the caller keeps its columns (the worker got copies)').toBe(5_000);
  });

  it('a write error in the worker keeps its errno code', async () => {
    await expect(startEquityFiles(join(root, 'missing', 'dir'), walk(10), 4, false, 0)).rejects.toMatchObject(
      {
        code: 'ENOENT',
      },
    );
  });
});
