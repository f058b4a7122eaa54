// report_1m: report.html for a 1 M-bar run (SMA crossover on 1-minute synthetic bars, run in-process):
//   seconds = building the page from the finished run (downsampling, payload, HTML) as `hindsight run`
//   does; html_bytes = its size (must stay under 5 MB); from_folder_seconds = `hindsight report`'s path
//   (read the run folder's CSVs back, then build). events = bars.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  generateSynthBars,
  loadStrategyModule,
  runConfig,
  validateConfig,
  writeRunFolder,
} from '../../dist/index.js';
import { buildReport } from '../../dist/report/page.js';
import { reportInputFromRun } from '../../dist/report/record-input.js';
import { readRunFolder } from '../../dist/report/run-folder.js';
import { result } from '../lib.js';

const strategyPath = fileURLToPath(new URL('../../examples/strategies/sma-crossover.ts', import.meta.url));
const LIMIT = 5 * 2 ** 20;

export default async function run() {
  const tables = generateSynthBars({
    symbols: ['SYN'],
    bars: 1_000_000,
    freq: '1m',
    start: '2010-01-04',
    seed: 4,
  });
  const Sma = await loadStrategyModule(strategyPath);
  const cfg = validateConfig(
    {
      backtest: { initial_cash: 1e7, log_level: 'silent' },
      strategy: { params: { fast: 10, slow: 30, size: 100 } },
    },
    process.cwd(),
    true,
  );
  const { record, metrics } = await runConfig(cfg, { tables, strategies: [new Sma()] });
  // JIT warm-up on the same run, then the measured build.
  buildReport(reportInputFromRun(record, metrics, tables, 'report_1m'));
  globalThis.gc?.();
  const t0 = performance.now();
  const html = buildReport(reportInputFromRun(record, metrics, tables, 'report_1m'));
  const secs = (performance.now() - t0) / 1000;
  const bytes = Buffer.byteLength(html);
  if (bytes >= LIMIT) throw new Error(`report_1m: report.html is ${bytes} bytes, over the 5 MB budget`);

  const dir = mkdtempSync(join(tmpdir(), 'hindsight-report-bench-'));
  try {
    writeRunFolder(dir, record, metrics);
    globalThis.gc?.();
    const t1 = performance.now();
    const folder = readRunFolder(dir);
    buildReport({ ...folder, prices: tables });
    const folderSecs = (performance.now() - t1) / 1000;
    return result('report_1m', tables[0].length, secs, {
      what: 'report.html for a 1 M-bar run: downsample, payload, HTML (in-process, as hindsight run does)',
      html_bytes: bytes,
      from_folder_seconds: Math.round(folderSecs * 1e4) / 1e4,
      trades: record.trades.length,
      fills: record.fills.length,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
