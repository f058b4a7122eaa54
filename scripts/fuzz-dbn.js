#!/usr/bin/env node
// Long-running fuzz of the DBN reader: mutates DBN streams (written by the writer, plus the shared Databento
// test files when present) and checks that each one gives a DataError or a consistent decode — never another
// exception. Prints the cases tried. Usage (after `npm run build`):
//   node scripts/fuzz-dbn.js [seconds=60] [seed=1]
import { DataError } from '../dist/core/errors.js';
import { Rng } from '../dist/core/rng.js';
import { encodeDbn, encodeDbnZstd, generateSynthMbo, readDbn } from '../dist/data/dbn/index.js';
import { fuzzCorpus } from '../dist/data/dbn/fuzz.js';
import { mutate } from '../dist/data/fuzz-inputs.js';
import { newTable } from '../dist/data/schemas.js';
import { fuzzArgs } from './fuzz-run.js';

const { seconds, seed } = fuzzArgs('fuzz-dbn', { seconds: 60, seed: 1 });

function definitions(version) {
  const d = newTable('definitions', 3);
  d.length = 3;
  for (let i = 0; i < 3; i++) {
    d.rawSymbol[i] = `SYM${i}`;
    d.minPriceIncrement[i] = 10_000_000;
    d.instrumentId[i] = 100 + i;
  }
  return { bytes: encodeDbn({ tables: [d] }, { version }) };
}

const mbo = generateSynthMbo({ seed, events: 200, instruments: 2 });
const seeds = [
  { bytes: encodeDbn({ tables: { mbo } }) },
  { bytes: await encodeDbnZstd({ tables: { mbo } }) },
  { bytes: encodeDbn({ tables: { mbo } }).subarray(128), version: 3 },
  definitions(1),
  definitions(2),
  definitions(3),
  ...fuzzCorpus(),
];
const rng = new Rng(seed);
const deadline = Date.now() + seconds * 1000;
let cases = 0;
let decoded = 0;
let rejected = 0;
while (Date.now() < deadline) {
  for (let k = 0; k < 100; k++) {
    const s = seeds[cases % seeds.length];
    const bytes = mutate(s.bytes, rng);
    try {
      const r = readDbn(bytes, s.version ? { version: s.version } : {});
      const rows = Object.values(r.tables).reduce((a, t) => a + t.length, 0);
      if (rows !== r.counts.records) throw new Error(`rows ${rows} != counts ${r.counts.records}`);
      decoded++;
    } catch (e) {
      if (!(e instanceof DataError)) {
        console.error(`FAIL case ${cases} (seed ${seed}): ${e.stack}`);
        process.exit(1);
      }
      rejected++;
    }
    cases++;
  }
}
console.log(JSON.stringify({ cases, decoded, rejected, seed, seconds }));
