// Long-running fuzz of the DBN reader: mutated DBN streams (the project's writer, plus the shared
// Databento test files when present) must each decode consistently or give a DataError naming the file.
// Arguments and output: scripts/fuzz-run.ts. Usage: npx tsx scripts/fuzz-dbn.ts --seconds 60
import { dbnFuzzTargets } from '../test/fuzz/dbn-targets.js';
import { fuzzMain } from './fuzz-run.js';

await fuzzMain('fuzz-dbn', dbnFuzzTargets, 20000);
