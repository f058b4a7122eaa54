/**
 * Typed errors. Anything a user can cause (bad file, bad config, bad flag, bad order) is a HindsightError
 * whose message names where and what; the CLI prints such messages without a stack trace. Any other
 * exception is a bug in Hindsight and is shown with its stack.
 */

export class HindsightError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** One mistake in a config: the dotted path, e.g. `backtest.data[0].path`, and what is wrong there. */
export interface ConfigProblem {
  path: string;
  detail: string;
}

/**
 * A configuration value is wrong. `path` and `detail` are the first problem; `problems` lists every problem
 * found (validation reports them all at once, so a user fixes a config in one pass, not one error a run).
 */
export class ConfigError extends HindsightError {
  readonly problems: readonly ConfigProblem[];

  constructor(
    readonly path: string,
    readonly detail: string,
    more: readonly ConfigProblem[] = [],
  ) {
    const problems = [{ path, detail }, ...more];
    super(
      problems.length === 1
        ? problemText(problems[0]!)
        : `the config has ${problems.length} problems:\n` +
            problems.map((p) => `  ${problemText(p)}`).join('\n'),
      'E_CONFIG',
    );
    this.problems = problems;
  }

  /** One error for a non-empty list of problems. */
  static of(problems: readonly ConfigProblem[]): ConfigError {
    return new ConfigError(problems[0]!.path, problems[0]!.detail, problems.slice(1));
  }
}

function problemText(p: ConfigProblem): string {
  return p.path ? `${p.path}: ${p.detail}` : p.detail;
}

export interface DataErrorWhere {
  file: string;
  /** 1-based line (text formats) or record number; omitted when the problem is the whole file. */
  row?: number;
  /** Byte offset, for binary formats. */
  offset?: number;
  field?: string;
  value?: string;
}

/** Malformed input data. The message reads `file:row: field "f": problem (value "v")`. */
export class DataError extends HindsightError {
  constructor(
    readonly where: DataErrorWhere,
    readonly detail: string,
  ) {
    super(formatDataMessage(where, detail), 'E_DATA');
  }
}

export function formatDataMessage(w: DataErrorWhere, detail: string): string {
  let at = w.file;
  if (w.row !== undefined) at += `:${w.row}`;
  if (w.offset !== undefined) at += ` (byte ${w.offset})`;
  let text = `${at}: `;
  if (w.field !== undefined) text += `field "${w.field}": `;
  text += detail;
  if (w.value !== undefined) text += ` (value "${truncate(w.value, 60)}")`;
  return text;
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}

/** A strategy asked for something impossible (unknown symbol, bad quantity ...). */
export class OrderError extends HindsightError {
  constructor(message: string) {
    super(message, 'E_ORDER');
  }
}

/** Where a strategy was when it threw; each part is omitted when unknown or meaningless for the hook. */
export interface StrategyErrorContext {
  /** The symbol of the event being handled (onBar, onTrade, onQuote, onOrderUpdate). */
  symbol?: string | null;
  /** The simulated time, ISO 8601. */
  time?: string | null;
  /** `file:line:column` of the throw in the user's own source. */
  location?: string | null;
}

/**
 * A strategy hook threw. Wraps the original error with the strategy id and hook name, and says where:
 * `strategy "x" threw in onBar (symbol ES, simulated time 2024-01-02T14:30:00Z) at /my/strat.ts:12:11: boom`.
 */
export class StrategyError extends HindsightError {
  constructor(
    readonly strategyId: string,
    readonly hook: string,
    readonly original: unknown,
    readonly context: StrategyErrorContext = {},
  ) {
    const when = [
      context.symbol ? `symbol ${context.symbol}` : '',
      context.time ? `simulated time ${context.time}` : '',
    ].filter(Boolean);
    super(
      `strategy "${strategyId}" threw in ${hook}` +
        (when.length ? ` (${when.join(', ')})` : '') +
        (context.location ? ` at ${context.location}` : '') +
        `: ${original instanceof Error ? original.message : String(original)}`,
      'E_STRATEGY',
    );
    if (original instanceof Error && original.stack) this.stack = original.stack;
  }
}

/** A run folder cannot be written where asked (file-system trouble). `path` is the folder asked for. */
export class OutputError extends HindsightError {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`cannot write the run folder ${path}: ${detail}`, 'E_OUTPUT');
  }
}

/** Bad command-line usage. */
export class UsageError extends HindsightError {
  constructor(message: string) {
    super(message, 'E_USAGE');
  }
}
