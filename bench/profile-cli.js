// Where a `hindsight run` process spends its time and memory, phase by phase, for the e2e_cli_1m and
// stream_5m_cli_parquet workloads (same inputs and configs as bench/workloads/*-cli.js).
//
// How: the CLI runs from an instrumented copy of dist/ in a temp folder (src/ and dist/ stay untouched).
// The copy's bin marks node start-up and module loading; shim modules placed beside the copied files wrap
// the functions a run goes through (loadConfigFile, loadData, loadStrategyModule, Engine#runAsync, the
// benchmark, computeMetrics and its fingerprint, each Parquet twin, each file of the run folder), and the
// importing files are pointed at the shims. Each mark closes a phase: wall ms since the previous mark, CPU
// ms of the main thread (Linux schedstat: exact to a scheduler tick), its GC pauses (perf_hooks, wall) and
// CPU ms of the whole process (stream worker and libuv threads too); RSS, peak RSS (VmHWM) and JS heap +
// ArrayBuffers at its end. The parent adds spawn-to-start and the teardown after the last mark. No loader
// hooks: they would slow the module loading that is being measured. Plain runs (timeHindsight, as the
// workloads) are interleaved with the instrumented ones and their wall time and wait4 peak RSS printed
// below, so the instrumentation's own cost shows. A shim that the current dist/ no longer matches (moved
// import, renamed export) stops the script rather than silently measuring less. On a loaded machine trust
// the CPU columns over wall time. The real command runs from the bundle (dist/bin/); the copy runs the
// per-file build, so its module-loading phase is longer than the command's (compare the plain runs).
//
// Usage: node bench/profile-cli.js [--runs N] [--only e2e_cli_1m|stream_5m_cli_parquet]  (after npm run
// build). Prints a Markdown table per workload: median (min–max) over N runs (default 5) after a warm-up.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { fiveMillionCandles, root, spread, synthCsv, timeHindsight, writeRunConfig } from './cli-lib.js';

const { values: opts } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, only: { type: 'string' } },
});
const RUNS = Number(opts.runs);
if (!Number.isInteger(RUNS) || RUNS < 1)
  throw new Error(`--runs must be a whole number >= 1, got ${opts.runs}`);

/** The recorder every shim imports: marks into a list written as JSON at exit to $HINDSIGHT_PROFILE_OUT. */
const RECORDER = `import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
const marks = [];
function hwmKib() {
  try { return Number(/VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]); }
  catch { return process.resourceUsage().maxRSS; }
}
/** CPU time of the calling (main) thread in ms: Linux schedstat (ns), else null. */
function threadCpuMs() {
  try { return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6; }
  catch { return null; }
}
export function mark(phase) {
  const mainCpuMs = threadCpuMs();
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  marks.push({ phase, ms: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000, mainCpuMs,
    rssMb: mem.rss / 2 ** 20, hwmMb: hwmKib() / 1024, heapMb: mem.heapUsed / 2 ** 20,
    buffersMb: mem.arrayBuffers / 2 ** 20 });
}
/** fn wrapped: marks 'before' (if given) when called, 'after' when it returns or its promise settles. */
export function wrap(fn, before, after) {
  return function (...args) {
    if (before) mark(before);
    const out = fn.apply(this, args);
    const label = typeof after === 'function' ? after(...args) : after;
    if (out && typeof out.then === 'function') return out.finally(() => mark(label));
    mark(label);
    return out;
  };
}
export const fileLabel = (prefix) => (path) => prefix + basename(String(path));
// GC pauses on the main thread, as [start, duration] on the marks' clock; assigned to phases by the parent.
const gcs = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push([e.startTime, e.duration]);
});
gcObserver.observe({ entryTypes: ['gc'] });
process.on('exit', () => {
  mark('exit event (event loop drained)');
  for (const e of gcObserver.takeRecords()) gcs.push([e.startTime, e.duration]);
  writeFileSync(process.env.HINDSIGHT_PROFILE_OUT,
    JSON.stringify({ timeOrigin: performance.timeOrigin, marks, gcs }));
});
`;

/**
 * Points `importer`'s import of `spec` at a shim beside it that re-exports the module with `exports`
 * (name -> JS expression over `real`, the module's namespace) replaced; `extra` is code run in the shim.
 */
function shim(dist, importer, spec, exports, extra = '') {
  const file = join(dist, importer);
  const code = readFileSync(file, 'utf8');
  const shimName = `./__shim_${importer.replace(/[/.]/g, '_')}_${spec.replace(/[^a-z0-9]/gi, '_')}.js`;
  const pattern = new RegExp(`(from\\s*|import\\(\\s*)'${spec.replace(/[.]/g, '\\.')}'`, 'g');
  if (!pattern.test(code)) throw new Error(`profile-cli: dist/${importer} no longer imports '${spec}'`);
  writeFileSync(file, code.replace(pattern, `$1'${shimName}'`));
  // The shim sits beside the importer, so the importer's specifier resolves to the same module from it.
  const recorder = relative(dirname(file), join(dist, '__profile.js'));
  const lines = [
    `import * as real from '${spec}';`,
    `import { mark, wrap, fileLabel } from '${recorder.startsWith('.') ? recorder : './' + recorder}';`,
    `export * from '${spec}';`,
  ];
  for (const [name, expr] of Object.entries(exports)) {
    lines.push(
      `if (typeof real.${name} !== 'function') throw new Error("profile-cli: '${spec}' has no export ${name}");`,
    );
    lines.push(`export const ${name} = ${expr};`);
  }
  lines.push(extra);
  writeFileSync(join(dirname(file), shimName), lines.join('\n') + '\n');
}

/** An instrumented copy of bin/ + dist/ in `dir`, with node_modules linked; returns its bin path. */
function instrumentedCopy(dir) {
  cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const dist = join(dir, 'dist');
  writeFileSync(join(dist, '__profile.js'), RECORDER);
  const realBin = readFileSync(join(root, 'bin/hindsight.js'), 'utf8');
  // The real command runs the bundle (dist/bin/main.js); phases need the per-file modules to shim, so the
  // copy runs dist/cli/main.js: its module-loading phase is the unbundled graph's, longer than the bundle's.
  if (!realBin.includes("await import('../dist/bin/main.js')"))
    throw new Error('profile-cli: bin/hindsight.js no longer imports main from dist/bin/main.js');
  // The V8 flags the real bin sets, set the same way in the copy.
  const flags = [...realBin.matchAll(/setFlagsFromString\('([^']*)'\)/g)].map((m) => m[1]);
  mkdirSync(join(dir, 'bin'));
  writeFileSync(
    join(dir, 'bin/hindsight.js'),
    [
      "import { setFlagsFromString } from 'node:v8';",
      ...flags.map((f) => `setFlagsFromString('${f}');`),
      "import { mark } from '../dist/__profile.js';",
      "mark('node start-up (to first line of bin)');",
      "const { main } = await import('../dist/cli/main.js');",
      "mark('module loading (cli/main.js graph)');",
      'process.exitCode = await main(process.argv.slice(2));',
      "mark('summary + return from main');",
    ].join('\n') + '\n',
  );
  shim(dist, 'cli/run-command.js', '../engine/config.js', {
    loadConfigFile: "wrap(real.loadConfigFile, 'argument parsing (commander)', 'config (YAML + zod)')",
  });
  shim(dist, 'engine/backtest.js', './load-data.js', {
    loadData: "wrap(real.loadData, 'run setup', 'data: read / parse / open')",
  });
  shim(dist, 'engine/backtest.js', './strategy-loader.js', {
    loadStrategyModule: "wrap(real.loadStrategyModule, null, 'strategy: esbuild + import')",
  });
  shim(
    dist,
    'engine/backtest.js',
    './engine.js',
    { Engine: 'real.Engine' },
    "real.Engine.prototype.runAsync = wrap(real.Engine.prototype.runAsync, 'engine build (cut, first chunk, new Engine)', 'event loop (Engine.runAsync)');",
  );
  shim(dist, 'engine/backtest.js', '../analytics/benchmark.js', {
    buyAndHoldBenchmark: "wrap(real.buyAndHoldBenchmark, 'run record', 'benchmark (buy and hold)')",
  });
  shim(dist, 'engine/backtest.js', '../analytics/metrics.js', {
    computeMetrics: "wrap(real.computeMetrics, null, 'metrics (after fingerprint)')",
  });
  shim(dist, 'analytics/metrics.js', './fingerprint.js', {
    fingerprint: "wrap(real.fingerprint, 'metrics (before fingerprint)', 'fingerprint')",
  });
  shim(dist, 'engine/backtest.js', '../analytics/outputs-parquet.js', {
    writeRunParquet:
      "(dir, run) => { mark('mkdir + load Parquet writer modules'); const p = real.writeRunParquet(dir, run); mark('Parquet twins: rest of the sync part'); return p.finally(() => mark('Parquet twins: wait for writes')); }",
  });
  shim(dist, 'analytics/outputs-parquet.js', '../data/parquet/flat-writer.js', {
    writeFlatParquetAsync:
      "(path, ...rest) => { const name = path.split('/').pop(); mark(`twin columns: ${name}`); const p = real.writeFlatParquetAsync(path, ...rest); mark(`twin encode + submit: ${name}`); return p; }",
  });
  shim(dist, 'analytics/outputs.js', './csv-sink.js', {
    writeCsvFile: "wrap(real.writeCsvFile, null, fileLabel('write '))",
  });
  shim(dist, 'analytics/outputs.js', 'node:fs', {
    writeFileSync: "wrap(real.writeFileSync, null, fileLabel('write '))",
  });
  return join(dir, 'bin/hindsight.js');
}

/** One instrumented run: its phases in order ({ label, wallMs, gcMs, mainCpuMs, cpuMs, mem }), total wall. */
function profiledRun(copyBin, args, env, outFile) {
  rmSync(outFile, { force: true });
  const spawnAt = performance.timeOrigin + performance.now();
  const r = spawnSync(process.execPath, [copyBin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env, HINDSIGHT_PROFILE_OUT: outFile },
  });
  const exitAt = performance.timeOrigin + performance.now();
  if (r.status !== 0) throw new Error(`instrumented hindsight ${args.join(' ')} failed: ${r.stderr}`);
  const { timeOrigin, marks, gcs } = JSON.parse(readFileSync(outFile, 'utf8'));
  const outside = (label, wallMs) => ({ label, wallMs, gcMs: null, mainCpuMs: null, cpuMs: null, mem: null });
  const gcBetween = (from, to) =>
    gcs.reduce((sum, [start, duration]) => (start >= from && start < to ? sum + duration : sum), 0);
  const phases = [outside('spawn to node start (exec, dynamic linking)', timeOrigin - spawnAt)];
  let prev = { ms: 0, cpuMs: 0, mainCpuMs: 0 };
  for (const m of marks) {
    phases.push({
      label: m.phase,
      wallMs: m.ms - prev.ms,
      gcMs: gcBetween(prev.ms, m.ms),
      mainCpuMs: m.mainCpuMs === null ? null : m.mainCpuMs - prev.mainCpuMs,
      cpuMs: m.cpuMs - prev.cpuMs,
      mem: { rss: m.rssMb, peak: m.hwmMb, js: m.heapMb + m.buffersMb },
    });
    prev = m;
  }
  phases.push(outside('process teardown (after exit event)', exitAt - (timeOrigin + prev.ms)));
  return { phases, wallMs: exitAt - spawnAt };
}

/** "median (min–max)" of numbers, rounded; empty when there are none. */
function range(values) {
  const known = values.filter((v) => v !== null);
  if (!known.length) return '';
  const s = spread(known);
  return `${Math.round(s.median)} (${Math.round(s.min)}–${Math.round(s.max)})`;
}

function report(name, profiled, plain) {
  // Phases by label in first-seen order (every label occurs once per run today).
  const byLabel = new Map();
  for (const run of profiled)
    for (const p of run.phases) {
      if (!byLabel.has(p.label)) byLabel.set(p.label, []);
      byLabel.get(p.label).push(p);
    }
  const out = [
    `### ${name}: ${profiled.length} instrumented runs, median (min–max)`,
    '',
    '| phase | wall ms | main-thread CPU ms | GC pauses ms (wall, main thread) | process CPU ms | RSS at end MB | peak RSS at end MB | JS heap + buffers MB |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const [label, ps] of byLabel) {
    const col = (f) => range(ps.map(f));
    out.push(
      `| ${label} | ${col((p) => p.wallMs)} | ${col((p) => p.mainCpuMs)} | ${col((p) => p.gcMs)} | ${col((p) => p.cpuMs)} | ` +
        `${col((p) => p.mem?.rss ?? null)} | ${col((p) => p.mem?.peak ?? null)} | ${col((p) => p.mem?.js ?? null)} |`,
    );
  }
  out.push(
    `| **instrumented process, spawn to exit** | ${range(profiled.map((r) => r.wallMs))} | | | | | | |`,
    `| **plain process (timeHindsight), spawn to exit** | ${range(plain.map((r) => r.seconds * 1000))} | | | | | ` +
      `${range(plain.map((r) => r.rss_mb))} (wait4) | |`,
    '',
  );
  return out.join('\n');
}

const work = mkdtempSync(join(tmpdir(), 'hindsight-profile-cli-'));
try {
  const copyBin = instrumentedCopy(join(work, 'copy'));
  const cases = [];
  if (!opts.only || opts.only === 'e2e_cli_1m') {
    const csv = await synthCsv(1_000_000);
    const config = writeRunConfig(join(work, 'e2e.yaml'), { type: 'csv', path: csv, symbol: 'SYN000' });
    cases.push({ name: 'e2e_cli_1m', args: ['run', config, '--no-cache', '--quiet'] });
  }
  if (!opts.only || opts.only === 'stream_5m_cli_parquet') {
    const { parquet } = await fiveMillionCandles();
    const config = writeRunConfig(
      join(work, 'parquet.yaml'),
      { type: 'parquet', path: parquet, stream: true },
      { equityInterval: '1d' },
    );
    cases.push({ name: 'stream_5m_cli_parquet', args: ['run', config, '--quiet'] });
  }
  if (!cases.length) throw new Error(`--only: unknown workload ${opts.only}`);
  const outFile = join(work, 'profile.json');
  for (const c of cases) {
    const args = [...c.args, '--out', join(work, 'out')];
    const env = { HINDSIGHT_CACHE: join(work, 'cache') };
    profiledRun(copyBin, args, env, outFile);
    timeHindsight(args, env);
    const profiled = [];
    const plain = [];
    for (let i = 0; i < RUNS; i++) {
      rmSync(join(work, 'out'), { recursive: true, force: true });
      profiled.push(profiledRun(copyBin, args, env, outFile));
      rmSync(join(work, 'out'), { recursive: true, force: true });
      plain.push(timeHindsight(args, env));
    }
    process.stdout.write(report(c.name, profiled, plain) + '\n');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
