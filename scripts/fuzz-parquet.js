#!/usr/bin/env node
// Long-running fuzz of the columnar readers (Parquet bars, Parquet canonical tables with and without
// nulls, snappy and range reads, Arrow IPC tables): mutated small files must each give a DataError naming
// the file or a result that keeps the reader's promises. Prints the cases tried and every failure with its
// seed and case index; exits 1 on a failure.
// Usage (after `npm run build`): node scripts/fuzz-parquet.js [count=20000] [seed=1] [first=0]
import { columnarFuzzTargets } from '../dist/data/fuzz-targets.js';
import { fuzzMain } from './fuzz-run.js';

fuzzMain('fuzz-parquet', columnarFuzzTargets, 20000);
