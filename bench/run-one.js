// Runs one workload module (default export: async () => result | result[]) and prints JSON lines.
import { pathToFileURL } from 'node:url';

const mod = await import(pathToFileURL(process.argv[2]).href);
const out = await mod.default();
for (const r of Array.isArray(out) ? out : [out]) process.stdout.write(JSON.stringify(r) + '\n');
