/**
 * `hindsight compare RUN_DIR... [--out FILE]`: prints the runs' metrics side by side and writes one
 * HTML page with that table and the equity curves overlaid (default ./compare.html).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { buildComparePageFromRuns, formatCompareTable, loadCompareRuns } from '../report/compare.js';

export interface CompareCommandResult {
  path: string;
  table: string;
}

export function runCompareCommand(
  runDirs: readonly string[],
  opts: { out?: string } = {},
): CompareCommandResult {
  const runs = loadCompareRuns(runDirs);
  const path = resolve(opts.out ?? 'compare.html');
  writeFileSync(path, buildComparePageFromRuns(runs));
  return { path, table: formatCompareTable(runs) };
}

export function buildCompareCommand(): Command {
  return new Command('compare')
    .description('Compare run folders: metrics side by side (console and HTML) and equity curves overlaid')
    .argument('<run_dirs...>', 'run folders written by hindsight run')
    .option('-o, --out <file>', 'HTML output file (default: compare.html)')
    .exitOverride()
    .action((runDirs: string[], opts: { out?: string }) => {
      const res = runCompareCommand(runDirs, opts);
      process.stdout.write(res.table + `wrote ${res.path}\n`);
    });
}
