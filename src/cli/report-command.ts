/**
 * `hindsight report RUN_DIR [--out FILE] [--no-prices]`: rebuilds report.html from a run folder.
 * Prices come from re-loading the data named in config.resolved.yaml (strategy modules are not
 * needed, so they are dropped before validation); when that data is gone or unreadable the report is
 * still written, without price charts, and says why on the page and on stderr.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { HindsightError } from '../core/errors.js';
import type { BarTable } from '../data/bars.js';
import { validateConfig } from '../engine/config.js';
import { loadData } from '../engine/backtest.js';
import { buildReport } from '../report/page.js';
import { readRunFolder } from '../report/run-folder.js';

export interface RunPrices {
  prices: BarTable[] | null;
  /** Why prices are missing (null when loaded). */
  note: string | null;
}

/** Loads the bar data a resolved config names; never throws for missing or bad data (see `note`). */
export async function loadRunPrices(configYaml: string, runDir: string): Promise<RunPrices> {
  let raw: unknown;
  try {
    raw = parseYaml(configYaml);
  } catch (e) {
    return {
      prices: null,
      note: `config.resolved.yaml is not valid YAML (${(e as Error).message.split('\n')[0]})`,
    };
  }
  if (raw === null || typeof raw !== 'object')
    return { prices: null, note: 'config.resolved.yaml is missing or empty' };
  const cfgRaw = raw as { strategy?: Record<string, unknown>; strategies?: Record<string, unknown>[] };
  delete cfgRaw.strategy?.module;
  for (const s of cfgRaw.strategies ?? []) delete s.module;
  try {
    const cfg = validateConfig(cfgRaw, runDir, true);
    if (cfg.backtest.data.length === 0) return { prices: null, note: 'the config names no data sources' };
    return { prices: (await loadData(cfg, { quarantineDir: null, stream: false })).tables, note: null };
  } catch (e) {
    if (e instanceof HindsightError || (e instanceof Error && 'code' in e))
      return { prices: null, note: `the run's data could not be re-loaded: ${e.message}` };
    throw e;
  }
}

export interface ReportCommandOptions {
  /** Output file (default RUN_DIR/report.html). */
  out?: string;
  /** false: skip loading price data. */
  prices?: boolean;
}

export interface ReportCommandResult {
  path: string;
  bytes: number;
  pricesNote: string | null;
}

export async function runReportCommand(
  runDir: string,
  opts: ReportCommandOptions = {},
): Promise<ReportCommandResult> {
  const run = readRunFolder(runDir);
  const loaded =
    opts.prices === false
      ? { prices: null, note: 'price loading was turned off (--no-prices)' }
      : await loadRunPrices(run.configYaml, run.dir);
  const html = buildReport({ ...run, prices: loaded.prices, pricesNote: loaded.note });
  const path = resolve(opts.out ?? join(run.dir, 'report.html'));
  writeFileSync(path, html);
  return { path, bytes: Buffer.byteLength(html), pricesNote: loaded.note };
}

export function buildReportCommand(): Command {
  return new Command('report')
    .description('Build report.html (interactive, self-contained) from a run folder')
    .argument('<run_dir>', 'run folder written by hindsight run')
    .option('-o, --out <file>', 'output file (default: RUN_DIR/report.html)')
    .option('--no-prices', 'do not re-load the price data (no price charts)')
    .exitOverride()
    .action(async (runDir: string, opts: { out?: string; prices: boolean }) => {
      const res = await runReportCommand(runDir, opts);
      if (res.pricesNote) process.stderr.write(`note: no price charts: ${res.pricesNote}\n`);
      process.stdout.write(`${res.path}\n`);
    });
}
