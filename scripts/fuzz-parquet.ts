// Long-running fuzz of the columnar readers (Parquet bars, Parquet canonical tables with and without
// nulls, snappy and range reads, Arrow IPC tables): mutated small files must each give a DataError naming
// the file or a result that keeps the reader's promises. Arguments and output: scripts/fuzz-run.ts.
// Usage: npx tsx scripts/fuzz-parquet.ts --count 20000
import { columnarFuzzTargets } from '../test/fuzz/targets.js';
import { fuzzMain } from './fuzz-run.js';

await fuzzMain('fuzz-parquet', columnarFuzzTargets, 20000);
