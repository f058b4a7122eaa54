// Shared loop of scripts/fuzz-csv.js and scripts/fuzz-parquet.js: runs `count` cases of the given fuzz
// targets (src/data/fuzz-targets.ts) in batches, prints progress on stderr, each failure with its seed and
// case index (replay one with `first` = that index and count 1), and a JSON summary; exits 1 on a failure.
// Args: [count] [seed=1] [first=0], checked by fuzzArgs (also used by fuzz-dbn.js; --help prints the usage).
// A case slower than 5 s counts as a failure (seeds are a few kB).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFuzz } from '../dist/data/fuzz-targets.js';

/**
 * The script's positional arguments as whole numbers >= 0, `defaults` giving their names and values:
 * `--help` prints the usage and exits 0; a value that is not such a number names it and exits 2.
 */
export function fuzzArgs(name, defaults) {
  const names = Object.keys(defaults);
  const usage = `usage: node scripts/${name}.js ${names.map((n) => `[${n}=${defaults[n]}]`).join(' ')}`;
  const args = process.argv.slice(2);
  if (args.some((a) => a === '--help' || a === '-h')) {
    console.log(usage);
    process.exit(0);
  }
  if (args.length > names.length) {
    console.error(`${name}: at most ${names.length} arguments\n${usage}`);
    process.exit(2);
  }
  return Object.fromEntries(
    names.map((n, i) => {
      const text = args[i];
      if (text === undefined) return [n, defaults[n]];
      const v = Number(text);
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(v)) {
        console.error(`${name}: ${n} must be a whole number >= 0 (got "${text}")\n${usage}`);
        process.exit(2);
      }
      return [n, v];
    }),
  );
}

export function fuzzMain(name, makeTargets, defaultCount) {
  const { count, seed, first } = fuzzArgs(name, { count: defaultCount, seed: 1, first: 0 });
  const dir = mkdtempSync(join(tmpdir(), `hindsight-${name}-`));
  const t0 = Date.now();
  const total = { cases: 0, ok: 0, rejected: 0, failures: [] };
  try {
    const targets = makeTargets(dir);
    while (total.cases < count) {
      const n = Math.min(1000, count - total.cases);
      const r = runFuzz(targets, dir, seed, n, first + total.cases, 5000);
      total.cases += r.cases;
      total.ok += r.ok;
      total.rejected += r.rejected;
      for (const f of r.failures) {
        total.failures.push(f);
        console.error(`FAIL ${f.target}: seed ${f.seed} case ${f.index}\n${f.error}\n`);
      }
      process.stderr.write(`${name}: ${total.cases}/${count} cases, ${total.failures.length} failures\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = Math.round((Date.now() - t0) / 100) / 10;
  const { failures, ...counts } = total;
  console.log(JSON.stringify({ fuzz: name, ...counts, failures: failures.length, seed, first, seconds }));
  if (failures.length) process.exitCode = 1;
}
