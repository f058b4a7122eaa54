// `npm run bench`: runs each workload in its own Node process (fresh heap, honest rss_mb) and prints one
// JSON object per workload: { name, events, seconds, events_per_sec, rss_mb, ... }.
// Usage: node bench/run.js [name-filter]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(join(here, 'workloads'))
  .filter((f) => f.endsWith('.js'))
  .sort();
let failed = 0;
for (const f of files) {
  if (filter && !f.includes(filter)) continue;
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', join(here, 'run-one.js'), join(here, 'workloads', f)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) {
    failed++;
    console.error(`bench ${f} failed with exit code ${r.status}`);
  }
  process.stdout.write(r.stdout);
}
process.exitCode = failed ? 1 : 0;
