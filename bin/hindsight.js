#!/usr/bin/env node
// The installed command: runs the bundled CLI (npm install builds dist/ and dist/bin/ through the prepare script).
import { setFlagsFromString } from 'node:v8';

// V8's young generation starts at 1 MB semi-spaces and doubles them up to 16 MB as a process allocates;
// the engine's loop allocates little and survives less, so the larger spaces only cost memory: kept at
// their initial size, a 5 M-candle streamed run peaks ~15 MB lower at the same speed (docs/architecture.md).
// Set here, for the CLI process and its workers only: the library never changes V8's flags.
setFlagsFromString('--semi-space-growth-factor=1');

const { main } = await import('../dist/bin/main.js');
process.exitCode = await main(process.argv.slice(2));
