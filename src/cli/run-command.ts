/**
 * `hindsight run CONFIG [--out DIR] [--set key=value ...]`: runs a backtest from a YAML config, writes
 * the run folder (DESIGN.md §4) and prints a summary. The output folder is --out, else
 * backtest.output.dir, else results/<config name>.
 */
import { basename, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfigFile } from '../engine/config.js';
import { runToFolder } from '../engine/backtest.js';
import { ProgressBar } from '../analytics/progress.js';
import { formatSummary } from '../analytics/summary.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('Run a backtest from a YAML config and write its run folder')
    .argument('<config>', 'YAML config file (backtest: + strategy:)')
    .option('-o, --out <dir>', 'output folder (default: backtest.output.dir, else results/<config name>)')
    .option(
      '-s, --set <key=value>',
      'override a config value, e.g. strategy.params.fast=5 (repeatable)',
      collect,
      [],
    )
    .option('-q, --quiet', 'print only the run folder path')
    .option('--no-progress', 'no progress bar')
    .option('--no-cache', 'parse CSV/DBN sources again instead of reading the parse cache')
    .action(
      async (
        configPath: string,
        opts: { out?: string; set: string[]; quiet?: boolean; progress: boolean; cache: boolean },
      ) => {
        const cfg = loadConfigFile(configPath, opts.set);
        if (!opts.cache) cfg.backtest.cache = false;
        const outDir = resolve(
          opts.out ?? cfg.backtest.output.dir ?? `results/${basename(configPath, extname(configPath))}`,
        );
        cfg.backtest.output.dir = outDir;
        let bar: ProgressBar | null = null;
        const res = await runToFolder(cfg, outDir, {
          onProgress:
            opts.progress && process.stderr.isTTY
              ? (done, total) => {
                  bar ??= new ProgressBar(total, process.stderr);
                  bar.update(done);
                }
              : undefined,
        });
        (bar as ProgressBar | null)?.finish();
        if (opts.quiet) process.stdout.write(outDir + '\n');
        else process.stdout.write(formatSummary(res.record, res.metrics, outDir) + '\n');
      },
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
