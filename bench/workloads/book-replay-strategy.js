/**
 * mbo_replay_strategy — `hindsight run` (a whole process) over a synthetic MBO DBN file of 4 instruments
 * (5 M records; generated once with `hindsight data synth --kind mbo`, cached): the book venue with the
 * L3 FIFO queue, log-normal random latency and market impact on, and bench/strategies/book-touch.ts, which
 * reads the top of book at every consistent point and places or cancels an order on 2.5 % of them.
 * events_per_sec = records / the engine loop's time (metrics.json); wall_events_per_sec = records / the
 * whole process (start-up, reading the file, outputs). Median of RUNS runs after a warm-up.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { result } from '../lib.js';
import { cachedInput, hindsight, root, runMetrics, spread, timeHindsight } from '../cli-lib.js';

const RECORDS = 5_000_000;
const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD'];
const RUNS = 3;

export default async function run() {
  const data = await cachedInput('synth-mbo-5m', ['dist/data/dbn', 'dist/cli/data-synth.js'], (dir) => {
    hindsight([
      'data',
      'synth',
      '--kind',
      'mbo',
      '--out',
      join(dir, 'flow.mbo.dbn'),
      '--events',
      String(RECORDS),
      '--symbols',
      SYMBOLS.join(','),
      '--seed',
      '3',
    ]);
  });
  const work = mkdtempSync(join(tmpdir(), 'hindsight-bench-mbo-'));
  try {
    const config = join(work, 'run.yaml');
    writeFileSync(
      config,
      [
        'backtest:',
        '  initial_cash: 10000000',
        '  log_level: silent',
        '  output: { report: false }',
        `  data: [{ type: dbn, path: ${JSON.stringify(join(data, 'flow.mbo.dbn'))} }]`,
        '  execution:',
        '    latency_model: { type: lognormal, entry: { median: 40us, sigma: 0.5, floor: 10us }, response: { median: 30us, sigma: 0.5, floor: 5us } }',
        '    fill_model: { queue_position_model: l3_fifo }',
        '    market_impact: { type: propagator, permanent_ticks: 0.05, temporary_ticks: 0.5, half_life: 50ms }',
        'strategy:',
        `  module: ${JSON.stringify(join(root, 'bench/strategies/book-touch.ts'))}`,
        `  params: { symbols: ${JSON.stringify(SYMBOLS)} }`,
      ].join('\n') + '\n',
    );
    const out = join(work, 'out');
    const args = ['run', config, '--out', out, '--quiet'];
    timeHindsight(args);
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      rmSync(out, { recursive: true, force: true });
      const t = timeHindsight(args);
      runs.push({ ...t, m: runMetrics(out) });
    }
    const m = runs[0].m;
    // The generator ends on a complete exchange event: a few records past RECORDS.
    if (m.events < RECORDS)
      throw new Error(`mbo_replay_strategy: expected ${RECORDS} events, got ${m.events}`);
    const loop = spread(runs.map((r) => r.m.loop_seconds));
    const wall = spread(runs.map((r) => r.seconds));
    return result('mbo_replay_strategy', m.events, loop.median, {
      what: '`hindsight run`, 5 M synthetic MBO records of 4 instruments, L3 FIFO, log-normal latency, impact, a strategy reading the touch at every consistent point',
      rss_mb: spread(runs.map((r) => r.rss_mb)).max,
      wall_seconds: Math.round(wall.median * 1e3) / 1e3,
      wall_events_per_sec: Math.round(m.events / wall.median),
      trades: m.trades,
      runs: RUNS,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
