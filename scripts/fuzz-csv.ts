// Long-running fuzz of the text readers (bar CSV generic and Yahoo, trades/quotes CSV and JSONL, strict and
// lenient): mutated small files must each give a DataError naming the file or a result that keeps the
// reader's promises. Arguments and output: scripts/fuzz-run.ts. Usage: npx tsx scripts/fuzz-csv.ts --count 20000
import { textFuzzTargets } from '../test/fuzz/targets.js';
import { fuzzMain } from './fuzz-run.js';

await fuzzMain('fuzz-csv', textFuzzTargets, 20000);
