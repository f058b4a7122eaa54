#!/usr/bin/env node
// The installed command: runs the bundled CLI (npm install builds dist/ and dist/bin/ through the prepare script).
import { main } from '../dist/bin/main.js';

process.exitCode = await main(process.argv.slice(2));
