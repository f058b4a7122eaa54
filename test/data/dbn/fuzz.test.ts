// Quick fuzz of the DBN reader: a few hundred mutated or truncated streams (plain, zstd, fragments) must
// each give a DataError or a consistent result, never another exception or a hang. scripts/fuzz-dbn.ts runs
// the same mutations for as long as asked.
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';
import { readDbn } from '../../../src/data/dbn/read.js';
import { encodeDbn, encodeDbnZstd } from '../../../src/data/dbn/writer.js';
import { fuzzCorpus } from '../../fuzz/dbn-corpus.js';
import { mutate } from '../../fuzz/inputs.js';
import { randomTable } from './helpers.js';

describe('DBN reader fuzz (quick)', () => {
  it('mutated inputs give a DataError or a consistent decode', async () => {
    const seeds: { bytes: Uint8Array; version?: 1 | 2 | 3 }[] = [
      { bytes: encodeDbn({ tables: [randomTable(3, 'mbo', 20, 1), randomTable(3, 'trades', 5, 2)] }) },
      { bytes: encodeDbn({ tables: [randomTable(1, 'definitions', 3, 3)] }, { version: 1 }) },
      { bytes: encodeDbn({ tables: [randomTable(2, 'statistics', 4, 4)] }, { version: 2 }) },
      { bytes: await encodeDbnZstd({ tables: [randomTable(3, 'mbp10', 6, 5)] }) },
      { bytes: encodeDbn({ tables: [randomTable(3, 'quotes', 8, 6)] }).subarray(128), version: 3 },
      ...fuzzCorpus(),
    ];
    const rng = new Rng(2024);
    let ok = 0;
    let errors = 0;
    for (let i = 0; i < 600; i++) {
      const seed = seeds[i % seeds.length]!;
      const bytes = mutate(seed.bytes, rng);
      try {
        const r = readDbn(bytes, seed.version ? { version: seed.version } : {});
        const rows = Object.values(r.tables).reduce((a, t) => a + t.length, 0);
        expect(rows).toBe(r.counts.records);
        ok++;
      } catch (e) {
        if (!(e instanceof DataError)) throw new Error(`case ${i}: ${(e as Error).stack}`);
        expect(e.message.length).toBeGreaterThan(10);
        errors++;
      }
    }
    expect(ok + errors).toBe(600);
    expect(ok, 'some mutations still decode').toBeGreaterThan(20);
    expect(errors, 'some mutations are rejected').toBeGreaterThan(20);
  });
});
