#!/usr/bin/env node
// Long-running fuzz of the text readers (bar CSV generic and Yahoo, trades/quotes CSV and JSONL, strict and
// lenient): mutated small files must each give a DataError naming the file or a result that keeps the
// reader's promises. Prints the cases tried and every failure with its seed and case index; exits 1 on a
// failure. Usage (after `npm run build`): node scripts/fuzz-csv.js [count=20000] [seed=1] [first=0]
import { textFuzzTargets } from '../dist/data/fuzz-targets.js';
import { fuzzMain } from './fuzz-run.js';

fuzzMain('fuzz-csv', textFuzzTargets, 20000);
