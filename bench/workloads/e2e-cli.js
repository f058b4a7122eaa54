// e2e_cli_1m: `hindsight run` process (wall, peak RSS), 1 M-row 1-minute CSV, SMA 10/30, --no-cache, no report
// Median of RUNS runs after a warm-up; rss_mb the largest peak (bench/cli-lib.js).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { result } from '../lib.js';
import { runMetrics, spread, synthCsv, timeHindsight, writeRunConfig } from '../cli-lib.js';

const ROWS = 1_000_000;
const RUNS = 5;

export default async function run() {
  const csv = await synthCsv(ROWS);
  const work = mkdtempSync(join(tmpdir(), 'hindsight-bench-e2e-cli-'));
  try {
    const config = writeRunConfig(join(work, 'run.yaml'), {
      type: 'csv',
      path: csv,
      symbol: 'SYN000',
    });
    const out = join(work, 'out');
    const args = ['run', config, '--out', out, '--no-cache', '--quiet'];
    // The warm-up puts the CSV in the page cache and the compiled strategy in its temp-folder cache, as
    // for a user's second run; every timed run then writes its run folder afresh.
    timeHindsight(args);
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      rmSync(out, { recursive: true, force: true });
      runs.push(timeHindsight(args));
    }
    const m = runMetrics(out);
    if (m.events !== ROWS) throw new Error(`e2e_cli_1m: expected ${ROWS} events, got ${m.events}`);
    const s = spread(runs.map((r) => r.seconds));
    const rss = spread(runs.map((r) => r.rss_mb));
    const r3 = (x) => Math.round(x * 1e3) / 1e3;
    return result('e2e_cli_1m', m.events, s.median, {
      what: '`hindsight run` process, 1 M-row 1-minute CSV, SMA crossover, --no-cache, outputs on, report off',
      rss_mb: rss.max,
      runs: RUNS,
      min_seconds: r3(s.min),
      max_seconds: r3(s.max),
      min_rss_mb: rss.min,
      rss_source: runs[0].rss_source,
      loop_seconds: r3(m.loop_seconds),
      trades: m.trades,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
