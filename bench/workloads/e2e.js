// e2e_csv_1m: a 1 M-row OHLCV CSV written by `hindsight data synth` -> parse -> run (SMA crossover) ->
//   run folder (metrics, trades, fills, equity, config). `seconds` is in-process wall time of parse + run +
//   outputs; `cli_seconds` is the whole `hindsight run` process, start-up included.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigFile, runToFolder } from '../../dist/index.js';
import { result } from '../lib.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-e2e-'));
  try {
    const bin = join(root, 'bin/hindsight.js');
    const synth = spawnSync(
      process.execPath,
      [
        bin,
        'data',
        'synth',
        '--out',
        dir,
        '--symbols',
        '1',
        '--bars',
        '1000000',
        '--freq',
        '1m',
        '--seed',
        '3',
      ],
      {
        encoding: 'utf8',
      },
    );
    if (synth.status !== 0) throw new Error(`data synth failed: ${synth.stderr}`);
    const config = join(dir, 'run.yaml');
    writeFileSync(
      config,
      [
        'backtest:',
        '  initial_cash: 1000000',
        '  log_level: silent',
        '  output: { report: false }',
        `  data: [{ type: csv, path: ${join(dir, 'SYN000.csv')}, symbol: SYN000 }]`,
        'strategy:',
        `  module: ${join(root, 'examples/strategies/sma-crossover.ts')}`,
        '  params: { fast: 10, slow: 30, size: 100 }',
      ].join('\n'),
    );
    const cfg = loadConfigFile(config);
    globalThis.gc?.();
    const t0 = performance.now();
    const res = await runToFolder(cfg, join(dir, 'out'));
    const secs = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const cli = spawnSync(process.execPath, [bin, 'run', config, '--out', join(dir, 'out-cli'), '--quiet'], {
      encoding: 'utf8',
    });
    const cliSecs = (performance.now() - t1) / 1000;
    if (cli.status !== 0) throw new Error(`hindsight run failed: ${cli.stderr}`);
    const t2 = performance.now();
    const withReport = spawnSync(
      process.execPath,
      [
        bin,
        'run',
        config,
        '--out',
        join(dir, 'out-report'),
        '--quiet',
        '--set',
        'backtest.output.report=true',
      ],
      { encoding: 'utf8' },
    );
    const reportSecs = (performance.now() - t2) / 1000;
    if (withReport.status !== 0) throw new Error(`hindsight run (report) failed: ${withReport.stderr}`);
    return result('e2e_csv_1m', res.record.events, secs, {
      what: '1 M-row CSV -> parse (through the parse cache) -> run -> run folder (CSVs, Parquet twins, metrics; report.html measured separately)',
      cli_seconds: Math.round(cliSecs * 1e3) / 1e3,
      cli_with_report_seconds: Math.round(reportSecs * 1e3) / 1e3,
      loop_seconds: Math.round(res.record.loopSeconds * 1e4) / 1e4,
      trades: res.record.trades.length,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
