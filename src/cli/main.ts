/**
 * The `hindsight` command line: a thin layer over the library API (DESIGN.md §1). User errors
 * (HindsightError: bad config, data, flags) print one clear line and exit 2; anything else is a bug and
 * prints its stack (exit 1).
 *
 * Commands load on demand: each entry of COMMANDS imports its module only when the command line names it
 * (or when help lists them all), so `hindsight run` never loads the report, compare or catalog code. Module
 * loading is a visible share of a short run (measured in docs/architecture.md).
 */
import { Command, CommanderError } from 'commander';
import { HindsightError } from '../core/errors.js';

/** Adds a command to `parent`; `next` is the word after it on the command line (a subcommand's name). */
type Registrar = (parent: Command, next?: string) => Promise<void>;

const DATA_COMMANDS: Record<string, Registrar> = {
  synth: async (data) => (await import('./data-synth.js')).registerDataSynth(data),
  inspect: async (data) => (await import('./data-inspect.js')).registerDataInspect(data),
  import: async (data) => (await import('./data-import.js')).registerDataImport(data),
};

const COMMANDS: Record<string, Registrar> = {
  run: async (program) => (await import('./run-command.js')).registerRun(program),
  report: async (program) => {
    program.addCommand((await import('./report-command.js')).buildReportCommand());
  },
  compare: async (program) => {
    program.addCommand((await import('./compare-command.js')).buildCompareCommand());
  },
  data: async (program, sub) => {
    const data = program
      .command('data')
      .description('Data tools: synthetic data, file inspection, catalog import')
      .exitOverride();
    await registerNamed(data, DATA_COMMANDS, sub);
  },
};

/** Registers the command `name` when it is one of `table`'s, else all of them (for help, or a typo). */
async function registerNamed(
  parent: Command,
  table: Record<string, Registrar>,
  name?: string,
  next?: string,
): Promise<void> {
  const wanted = name !== undefined && Object.hasOwn(table, name) ? [name] : Object.keys(table);
  for (const n of wanted) await table[n]!(parent, n === name ? next : undefined);
}

/** The program with the commands `argv` needs (every command when it names none of them). */
export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command('hindsight')
    .description('Event-driven backtesting engine: run strategies over historical market data.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  await registerNamed(program, COMMANDS, argv[0], argv[1]);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
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
