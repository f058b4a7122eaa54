/**
 * Fuzz targets of the DBN reader: DBN streams written by the project's writer (MBO plain and zstd, a
 * stream without its metadata header, definitions in every version) plus the shared Databento test files
 * when present (dbn-corpus.ts). A mutated stream must decode consistently (rows = records counted) or give
 * a DataError naming the file. Used by scripts/fuzz-dbn.ts through the same loop as the other readers.
 */
import { readDbn } from '../../src/data/dbn/read.js';
import { encodeDbn, encodeDbnZstd } from '../../src/data/dbn/writer.js';
import { generateSynthMbo } from '../../src/data/dbn/synth-mbo.js';
import { newTable } from '../../src/data/schemas.js';
import { fuzzCorpus } from './dbn-corpus.js';
import type { FuzzTarget } from './targets.js';

function definitions(version: 1 | 2 | 3): Uint8Array {
  const d = newTable('definitions', 3);
  d.length = 3;
  for (let i = 0; i < 3; i++) {
    d.rawSymbol[i] = `SYM${i}`;
    d.minPriceIncrement[i] = 10_000_000;
    d.instrumentId[i] = 100 + i;
  }
  return encodeDbn({ tables: [d] }, { version });
}

function dbnTarget(name: string, seed: Uint8Array, version?: 1 | 2 | 3): FuzzTarget {
  return {
    name,
    seed,
    text: false,
    read(path) {
      const r = readDbn(path, version ? { version } : {});
      const rows = Object.values(r.tables).reduce((a, t) => a + t.length, 0);
      if (rows !== r.counts.records)
        throw new Error(`incorrect result: rows ${rows} != records ${r.counts.records}`);
    },
  };
}

export async function dbnFuzzTargets(): Promise<FuzzTarget[]> {
  const mbo = generateSynthMbo({ seed: 1, events: 200, instruments: 2 });
  return [
    dbnTarget('dbn mbo', encodeDbn({ tables: { mbo } })),
    dbnTarget('dbn mbo zstd', await encodeDbnZstd({ tables: { mbo } })),
    dbnTarget('dbn fragment v3', encodeDbn({ tables: { mbo } }).subarray(128), 3),
    dbnTarget('dbn definitions v1', definitions(1)),
    dbnTarget('dbn definitions v2', definitions(2)),
    dbnTarget('dbn definitions v3', definitions(3)),
    ...fuzzCorpus().map((c, i) => dbnTarget(`dbn corpus ${i}`, c.bytes, c.version)),
  ];
}
