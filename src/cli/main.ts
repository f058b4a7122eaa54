/**
 * The `hindsight` command line: a thin layer over the library API (DESIGN.md §1). User errors
 * (HindsightError: bad config, data, flags) print one clear line and exit 2; anything else is a bug and
 * prints its stack (exit 1).
 */
import { Command, CommanderError } from 'commander';
import { HindsightError } from '../core/errors.js';
import { registerDataInspect } from './data-inspect.js';
import { registerDataImport } from './data-import.js';
import { registerDataSynth } from './data-synth.js';
import { registerRun } from './run-command.js';
import { buildReportCommand } from './report-command.js';
import { buildCompareCommand } from './compare-command.js';

export function buildProgram(): Command {
  const program = new Command('hindsight')
    .description('Event-driven backtesting engine: run strategies over historical market data.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerRun(program);
  program.addCommand(buildReportCommand());
  program.addCommand(buildCompareCommand());
  const data = program
    .command('data')
    .description('Data tools: synthetic data, file inspection, catalog import')
    .exitOverride();
  registerDataSynth(data);
  registerDataInspect(data);
  registerDataImport(data);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof HindsightError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`internal error (a bug in hindsight): ${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  }
}
