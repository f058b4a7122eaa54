import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';
import {
  readBarsArrow,
  readBarsParquet,
  writeBarsArrow,
  writeBarsParquet,
} from '../../../src/data/parquet/index.js';
import { generateSynthBars } from '../../../src/data/synth/bars.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-pq-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tables = generateSynthBars({
  symbols: ['AA', 'BB'],
  bars: 40,
  freq: '1h',
  start: '2022-05-02',
  seed: 9,
});

/** Mutates 1..8 bytes (random value, bit flip or truncation) of `src` with a seeded generator. */
function mutate(src: Buffer, rng: Rng): Buffer {
  const b = Buffer.from(src);
  const kind = rng.int(10);
  if (kind === 0) return b.subarray(0, rng.int(b.length));
  const count = 1 + rng.int(8);
  for (let k = 0; k < count; k++) {
    const at = rng.int(b.length);
    b[at] = kind < 5 ? rng.int(256) : b[at]! ^ (1 << rng.int(8));
  }
  return b;
}

function fuzz(
  name: string,
  original: Buffer,
  read: (f: string) => unknown,
  cases: number,
): { ok: number; errors: number } {
  const rng = new Rng(12345);
  const file = join(dir, name);
  let ok = 0;
  let errors = 0;
  for (let i = 0; i < cases; i++) {
    writeFileSync(file, mutate(original, rng));
    try {
      read(file);
      ok++;
    } catch (e) {
      if (!(e instanceof DataError))
        throw new Error(`case ${i}: ${name} crashed with ${(e as Error)?.stack ?? e}`);
      expect((e as Error).message.startsWith(file), 'the message names the file').toBe(true);
      errors++;
    }
  }
  return { ok, errors };
}

describe('fuzz: mutated files give a DataError or a valid result, never a crash or a hang', () => {
  for (const compression of ['none', 'snappy'] as const) {
    it(`Parquet (${compression})`, () => {
      const f = join(dir, `orig-${compression}.parquet`);
      writeBarsParquet(f, tables, { rowGroupSize: 16, compression });
      const r = fuzz(`m-${compression}.parquet`, readFileSync(f), (p) => readBarsParquet(p), 300);
      expect(r.ok + r.errors).toBe(300);
      expect(r.errors, 'most mutations are caught').toBeGreaterThan(0);
    });
  }
  for (const format of ['file', 'stream'] as const) {
    it(`Arrow IPC (${format})`, () => {
      const f = join(dir, `orig.${format}.arrow`);
      writeBarsArrow(f, tables, { format });
      const r = fuzz(`m.${format}.arrow`, readFileSync(f), (p) => readBarsArrow(p), 300);
      expect(r.ok + r.errors).toBe(300);
      expect(r.errors).toBeGreaterThan(0);
    });
  }
});
