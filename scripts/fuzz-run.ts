/**
 * The loop behind scripts/fuzz-csv.ts, fuzz-parquet.ts and fuzz-dbn.ts: runs cases of the given fuzz
 * targets (test/fuzz/) in batches until `--count` cases are done or `--seconds` have passed, prints progress
 * on stderr, each failure with its seed and case index, and a JSON summary; exits 1 on a failure.
 * Every script takes the same named arguments:
 *   --count N     cases to run (default: the script's own), or
 *   --seconds S   run batches until S seconds have passed (overrides --count)
 *   --seed S      the run's seed (default 1)
 *   --first K     the first case index (replay a failure with --first K --count 1)
 * A bad value names the argument and exits 2. A case slower than 5 s counts as a failure (seeds are a few kB).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runFuzz, type FuzzTarget } from '../test/fuzz/targets.js';

export interface FuzzArgs {
  count: number;
  seconds: number | null;
  seed: number;
  first: number;
}

const NAMES = ['count', 'seconds', 'seed', 'first'] as const;

/** The named arguments as whole numbers >= 0; `--help` prints the usage and exits 0, a bad one exits 2. */
export function fuzzArgs(name: string, defaultCount: number, argv = process.argv.slice(2)): FuzzArgs {
  const usage =
    `usage: npx tsx scripts/${name}.ts [--count N (default ${defaultCount}) | --seconds S] ` +
    '[--seed S (default 1)] [--first K (default 0)]';
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(NAMES.map((n) => [n, { type: 'string' as const }])),
      },
    }).values;
  } catch (e) {
    console.error(`${name}: ${(e as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const whole = (n: (typeof NAMES)[number], fallback: number | null): number | null => {
    const text = values[n] as string | undefined;
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
      console.error(`${name}: --${n} must be a whole number >= 0 (got "${text}")\n${usage}`);
      process.exit(2);
    }
    return Number(text);
  };
  return {
    count: whole('count', defaultCount)!,
    seconds: whole('seconds', null),
    seed: whole('seed', 1)!,
    first: whole('first', 0)!,
  };
}

export async function fuzzMain(
  name: string,
  makeTargets: (dir: string) => FuzzTarget[] | Promise<FuzzTarget[]>,
  defaultCount: number,
): Promise<void> {
  const { count, seconds, seed, first } = fuzzArgs(name, defaultCount);
  const dir = mkdtempSync(join(tmpdir(), `hindsight-${name}-`));
  const t0 = Date.now();
  const deadline = seconds === null ? Infinity : t0 + seconds * 1000;
  const more = (done: number): boolean => (seconds === null ? done < count : Date.now() < deadline);
  const total = { cases: 0, ok: 0, rejected: 0, failures: 0 };
  try {
    const targets = await makeTargets(dir);
    while (more(total.cases)) {
      const n = seconds === null ? Math.min(1000, count - total.cases) : 200;
      const r = runFuzz(targets, dir, seed, n, first + total.cases, 5000);
      total.cases += r.cases;
      total.ok += r.ok;
      total.rejected += r.rejected;
      total.failures += r.failures.length;
      for (const f of r.failures)
        console.error(`FAIL ${f.target}: seed ${f.seed} case ${f.index}\n${f.error}\n`);
      process.stderr.write(`${name}: ${total.cases} cases, ${total.failures} failures\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const elapsed = Math.round((Date.now() - t0) / 100) / 10;
  console.log(JSON.stringify({ fuzz: name, ...total, seed, first, seconds: elapsed }));
  if (total.failures) process.exitCode = 1;
}
