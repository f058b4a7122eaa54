// Helpers for the `*_cli` workloads, which time the `hindsight` command as a whole child process: input
// files kept in a folder under the OS temp dir across bench runs (generating 5 M rows would dominate every
// run), run configs, and one timed `hindsight` process (wall time, peak RSS from the OS).
//
// Peak RSS is the child's ru_maxrss as wait4() returns it, read through GNU/BusyBox `/usr/bin/time -f %M`:
// `time` forks itself (a ~2 MB process) and execs node, so the figure is node's own peak. Reading
// getrusage(RUSAGE_CHILDREN) here instead would not do: a child forked from this process keeps this
// process's RSS at fork time as its maxRSS across exec (see bench/stream-run.js). Without a usable
// /usr/bin/time (macOS, minimal images) the child is given a preload that writes its VmHWM (Linux) or
// maxRSS at exit — exact too, not a sampled poll — and `rss_source` says which one was used.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin/hindsight.js');
const smaStrategy = join(root, 'examples/strategies/sma-crossover.ts');

/** Where generated inputs live between bench runs ($HINDSIGHT_BENCH_DATA overrides). */
const dataRoot = process.env.HINDSIGHT_BENCH_DATA ?? join(tmpdir(), 'hindsight-bench-data');

/** SHA-256 over the files (relative names and bytes) under `paths` (files or folders) of this checkout. */
function contentKey(paths) {
  const h = createHash('sha256');
  const add = (abs) => {
    if (statSync(abs).isDirectory()) for (const name of readdirSync(abs).sort()) add(join(abs, name));
    else h.update(relative(root, abs)).update('\0').update(readFileSync(abs));
  };
  for (const p of paths) {
    const abs = join(root, p);
    if (!existsSync(abs)) throw new Error(`bench inputs: ${abs} does not exist (npm run build first)`);
    add(abs);
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * The folder of a generated input, built once by `build(dir)` and reused while the code that writes it
 * (`producers`: paths under the checkout, e.g. dist/data/synth) is unchanged: the folder's name carries
 * a hash of their content, so a changed generator or format gives a new folder and older ones of the same
 * `name` are removed. Built under a temporary name and renamed, so an interrupted build is never reused.
 * `build` may be async.
 */
export async function cachedInput(name, producers, build) {
  mkdirSync(dataRoot, { recursive: true });
  const final = join(dataRoot, `${name}-${contentKey(producers)}`);
  if (existsSync(final)) return final;
  const mine = new RegExp(`^${name}-[0-9a-f]{16}(\\.tmp-\\d+)?$`);
  for (const old of readdirSync(dataRoot))
    if (mine.test(old)) rmSync(join(dataRoot, old), { recursive: true, force: true });
  const temp = `${final}.tmp-${process.pid}`;
  mkdirSync(temp);
  await build(temp);
  renameSync(temp, final);
  return final;
}

/** Runs `hindsight ARGS` for setup; throws with its stderr when it fails. */
export function hindsight(args, opts = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`hindsight ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const TIME = '/usr/bin/time';
/** Writes the process's own peak RSS (KiB) to the file named by HINDSIGHT_BENCH_RSS_FILE at exit. */
const PEAK_RSS_PRELOAD =
  'data:text/javascript,' +
  encodeURIComponent(
    `import { readFileSync, writeFileSync } from 'node:fs';
process.on('exit', () => {
  let kib = process.resourceUsage().maxRSS;
  try { kib = Number(/VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]); } catch {}
  writeFileSync(process.env.HINDSIGHT_BENCH_RSS_FILE, String(kib));
});`,
  );

let timeWorks = null;
/** Whether `/usr/bin/time -f %M -o FILE` works here (GNU or BusyBox; BSD's has neither flag). */
function haveTime(probeFile) {
  if (timeWorks === null) {
    const r = spawnSync(TIME, ['-f', '%M', '-o', probeFile, process.execPath, '-e', '0']);
    timeWorks = r.status === 0 && existsSync(probeFile) && /^\d+\s*$/.test(readFileSync(probeFile, 'utf8'));
    rmSync(probeFile, { force: true });
  }
  return timeWorks;
}

/**
 * One timed `hindsight ARGS` process: `seconds` = wall time from spawn to exit as seen from here (node
 * start-up, module loading and exit included), `rss_mb` = its peak RSS. Throws when it fails.
 */
export function timeHindsight(args, env = {}) {
  const rssFile = join(tmpdir(), `hindsight-bench-rss-${process.pid}`);
  rmSync(rssFile, { force: true });
  const nodeArgs = [bin, ...args];
  const viaTime = haveTime(rssFile);
  const [cmd, cmdArgs] = viaTime
    ? [TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...nodeArgs]]
    : [process.execPath, ['--import', PEAK_RSS_PRELOAD, ...nodeArgs]];
  const t0 = performance.now();
  const r = spawnSync(cmd, cmdArgs, {
    encoding: 'utf8',
    env: { ...process.env, ...env, HINDSIGHT_BENCH_RSS_FILE: rssFile },
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`hindsight ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const kib = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  rmSync(rssFile, { force: true });
  return {
    seconds,
    rss_mb: Math.round((kib / 1024) * 10) / 10,
    rss_source: viaTime ? 'wait4' : 'exit-hook',
    stdout: r.stdout,
  };
}

/** Writes a run config (SMA crossover 10/30, size 100, report off) for `data` into `path`. */
export function writeRunConfig(path, data, { equityInterval } = {}) {
  writeFileSync(
    path,
    [
      'backtest:',
      '  initial_cash: 1000000',
      '  log_level: silent',
      '  output: { report: false }',
      ...(equityInterval ? [`  analytics: { equity_interval: ${equityInterval} }`] : []),
      `  data: [${JSON.stringify(data)}]`,
      'strategy:',
      `  module: ${JSON.stringify(smaStrategy)}`,
      '  params: { fast: 10, slow: 30, size: 100 }',
    ].join('\n') + '\n',
  );
  return path;
}

const SYNTH = ['dist/cli/data-synth.js', 'dist/data/synth', 'dist/data/csv'];

/** A `hindsight data synth` CSV of ROWS one-minute bars of one symbol (SYN000). */
export async function synthCsv(rows) {
  const dir = await cachedInput(`synth-${rows}-1m`, SYNTH, (out) =>
    hindsight(['data', 'synth', '--symbols', '1', '--bars', String(rows), '--freq', '1m', '--out', out]),
  );
  return join(dir, 'SYN000.csv');
}

/** The 5 M one-minute candles of the stream_5m_cli_* workloads as CSV, one Parquet file and a catalog. */
export async function fiveMillionCandles() {
  const csv = await synthCsv(5_000_000);
  const parquet = await cachedInput(
    'synth-5000000-1m-parquet',
    [...SYNTH, 'dist/data/parquet'],
    async (dir) => {
      const { readBarsCsv } = await import('../dist/data/csv/bars.js');
      const { writeBarsParquet } = await import('../dist/data/parquet/index.js');
      writeBarsParquet(join(dir, 'SYN000.parquet'), readBarsCsv(csv, { symbol: 'SYN000' }).tables);
    },
  );
  const catalog = await cachedInput(
    'synth-5000000-1m-catalog',
    [...SYNTH, 'dist/cli/data-import.js', 'dist/data/catalog', 'dist/data/parquet'],
    (dir) => hindsight(['data', 'import', csv, '--catalog', join(dir, 'catalog'), '--symbol', 'SYN000']),
  );
  return {
    csv,
    parquet: join(parquet, 'SYN000.parquet'),
    catalog: join(catalog, 'catalog'),
  };
}

/** `metrics.json` of a run folder. */
export const runMetrics = (outDir) => JSON.parse(readFileSync(join(outDir, 'metrics.json'), 'utf8'));

/** Median, minimum and maximum of a list of numbers. */
export function spread(values) {
  const s = [...values].sort((a, b) => a - b);
  return { median: s[s.length >> 1], min: s[0], max: s[s.length - 1] };
}
