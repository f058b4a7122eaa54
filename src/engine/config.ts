/**
 * The run configuration: its schema, defaults, validation and `--set` overrides.
 *
 * The YAML layout follows the design documents (`backtest:` + `strategy:`), snake_case keys. Validation
 * is by zod with strict objects (a misspelt key is an error, not ignored); every error names its path,
 * e.g. `backtest.data[0].path: file not found: data/ORCL.csv`. Relative paths resolve against the config
 * file's folder. The resolved config (defaults filled in) is what config.resolved.yaml records.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../core/errors.js';
import { tryParseDecimal } from '../core/decimal.js';
import { isKnownTimeZone, parseDuration, parseIso } from '../core/time.js';

const decimal = z.union([z.number(), z.string()]).superRefine((v, ctx) => {
  const ok = typeof v === 'number' ? Number.isFinite(v) : tryParseDecimal(v) !== null;
  if (!ok) ctx.addIssue({ code: 'custom', message: `not a decimal number: ${JSON.stringify(v)}` });
});
// `!(x <= 0)`: a value that is no number at all (NaN) has its own problem already; one report per mistake.
const positiveDecimal = decimal.refine((v) => !(Number(v) <= 0), 'must be greater than 0');
const nonNegative = z.number().finite().min(0);
const timestamp = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const text = v instanceof Date ? v.toISOString() : v;
  try {
    parseIso(text);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
  }
  return text;
});
const duration = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const ns = parseDuration(v);
  if (ns === null)
    ctx.addIssue({
      code: 'custom',
      message: `not a duration: ${JSON.stringify(v)} (use nanoseconds or e.g. "5ms", "250us")`,
    });
  return ns ?? 0;
});
const timeZone = z.string().refine(isKnownTimeZone, 'unknown time zone');

/**
 * The command that makes a generated data file (e.g. `npm run demo`): a missing file's error names it, so
 * an example config run before its data exists says how to get the data.
 */
const generatedBy = z.string().min(1).optional();

/**
 * Read the bars chunk by chunk through the run (a worker thread decodes while the engine runs; memory
 * bounded by a few chunks) instead of whole. Absent: automatic, streamed when the source holds more rows
 * than STREAM_ROWS_THRESHOLD (stream-choice.ts; docs/data-formats.md says how each format is measured).
 * `true` forces streaming, `false` a whole load. One stream per symbol. CSV: accepted, but read whole
 * until its streaming reader exists (source-readers.ts `streamCsv`).
 */
const streamOption = z.boolean().optional();

const csvSource = z.strictObject({
  type: z.literal('csv'),
  path: z.string().min(1),
  generated_by: generatedBy,
  format: z.enum(['yahoo', 'generic']).default('generic'),
  symbol: z.string().min(1).optional(),
  columns: z
    .strictObject({
      timestamp: z.string(),
      open: z.string(),
      high: z.string(),
      low: z.string(),
      close: z.string(),
      volume: z.string(),
      symbol: z.string(),
    })
    .partial()
    .optional(),
  timestamp_format: z.enum(['iso', 'epoch_s', 'epoch_ms', 'epoch_us', 'epoch_ns']).default('iso'),
  timezone: timeZone.default('UTC'),
  delimiter: z.string().length(1).default(','),
  tick_size: z.union([z.literal('auto'), positiveDecimal]).default('auto'),
  mode: z.enum(['strict', 'lenient']).default('strict'),
  stream: streamOption,
});

/** Bar files written by Hindsight (or other tools, see docs/data-formats.md): tick and symbol from metadata. */
const columnarSource = <T extends 'parquet' | 'arrow'>(type: T) =>
  z.strictObject({
    type: z.literal(type),
    path: z.string().min(1),
    generated_by: generatedBy,
    /** For files that carry no symbol (no symbol column or metadata). */
    symbol: z.string().min(1).optional(),
    /** Read only these symbols of a multi-symbol file. */
    symbols: z.array(z.string().min(1)).min(1).optional(),
    stream: streamOption,
  });

/** Databento DBN OHLCV bars (ohlcv-1s/1m/1h/1d), symbols from the file's mappings. */
const dbnSource = z.strictObject({
  type: z.literal('dbn'),
  path: z.string().min(1),
  generated_by: generatedBy,
  symbols: z.array(z.string().min(1)).min(1).optional(),
  /** Price tick of the bars (default: the coarsest power of ten that fits every price). */
  tick_size: positiveDecimal.optional(),
  /** Which OHLCV interval to read when the file mixes several. */
  interval: z.enum(['1s', '1m', '1h', '1d']).optional(),
  stream: streamOption,
});

/** A data catalog directory (hindsight data import): bars of the listed symbols (default all). */
const catalogSource = z.strictObject({
  type: z.literal('catalog'),
  path: z.string().min(1),
  generated_by: generatedBy,
  symbols: z.array(z.string().min(1)).min(1).optional(),
  stream: streamOption,
});

/** Trades or L1 quotes (strategies' onTrade / onQuote); format from the extension unless given. */
const tickSource = <T extends 'trades' | 'quotes'>(type: T) =>
  z.strictObject({
    type: z.literal(type),
    path: z.string().min(1),
    generated_by: generatedBy,
    format: z.enum(['csv', 'jsonl', 'dbn']).optional(),
    /** The file's symbol when rows carry none (CSV/JSONL). */
    symbol: z.string().min(1).optional(),
    /** Field names, as in the readers (timestamp, price, size, side, symbol / bid_px, ask_px ...). */
    columns: z.record(z.string(), z.string()).optional(),
    timestamp_format: z.enum(['iso', 'epoch_s', 'epoch_ms', 'epoch_us', 'epoch_ns']).default('iso'),
    timezone: timeZone.default('UTC'),
    /** Price tick of the file's prices (CSV/JSONL; default 0.000000001). DBN prices are 1e-9 fixed point. */
    tick_size: positiveDecimal.optional(),
    /** Size unit of the file (CSV/JSONL; default 1). */
    lot_size: positiveDecimal.default(1),
    delimiter: z.string().length(1).default(','),
    mode: z.enum(['strict', 'lenient']).default('strict'),
  });

const dataSource = z.discriminatedUnion('type', [
  csvSource,
  columnarSource('parquet'),
  columnarSource('arrow'),
  tickSource('trades'),
  tickSource('quotes'),
  dbnSource,
  catalogSource,
]);

const bookFees = z
  .strictObject({
    maker_bps: decimal.optional(),
    taker_bps: decimal.optional(),
    maker_per_unit: decimal.optional(),
    taker_per_unit: decimal.optional(),
  })
  .refine(
    (f) =>
      !(
        (f.maker_bps !== undefined || f.taker_bps !== undefined) &&
        (f.maker_per_unit !== undefined || f.taker_per_unit !== undefined)
      ),
    'give fees either in bps or per unit, not both',
  );

const instrumentSpec = z.strictObject({
  tick_size: positiveDecimal.optional(),
  lot_size: positiveDecimal.default(1),
  multiplier: positiveDecimal.default(1),
  currency: z.string().min(1).default('USD'),
  /** Book venue: this instrument's maker/taker fees, instead of `execution.fees`. */
  fees: bookFees.optional(),
});

const commission = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('per_share'), rate: decimal, min: decimal.optional() }),
  z.strictObject({ type: z.literal('per_order'), amount: decimal }),
  z.strictObject({ type: z.literal('percentage'), rate: decimal, min: decimal.optional() }),
]);

const slippage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('ticks'), ticks: z.number().int().min(0) }),
  z.strictObject({ type: z.literal('bps'), bps: decimal.refine((v) => !(Number(v) < 0), 'must be >= 0') }),
]);

/** When the strategy sees a book record: at its ts_recv ("recv"), or a duration after its ts_event. */
const feedClock = z.union([z.literal('recv'), duration]).default('recv');
const lognormalSide = z.strictObject({
  median: duration,
  sigma: z.number().finite().min(0),
  floor: duration.default(0),
});
const latency = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('fixed'),
    entry: duration.default(0),
    response: duration.default(0),
    feed: feedClock,
  }),
  // Book venue only: seeded random latency, or latency interpolated from recorded orders.
  z.strictObject({
    type: z.literal('lognormal'),
    entry: lognormalSide,
    response: lognormalSide,
    feed: feedClock,
    reorder: z.boolean().default(false),
  }),
  z.strictObject({
    type: z.literal('empirical'),
    path: z.string().min(1),
    feed: feedClock,
  }),
]);

/** Book venue: queue position on price-level data (MBO feeds follow their real FIFO with l3_fifo). */
const queueModel = z.union([
  z.enum(['l3_fifo', 'risk_averse', 'prob_log']),
  z.strictObject({ prob_power: z.strictObject({ n: z.number().finite().positive() }) }),
]);
const fillModel = z.strictObject({
  /** Default: l3_fifo for MBO feeds, risk_averse for MBP-10. */
  queue_position_model: queueModel.optional(),
  /** Market orders trade at most this many ticks beyond the touch at arrival. */
  protection_ticks: z.number().int().min(0).default(10),
});
const marketImpact = z.union([
  z.literal('none'),
  z.strictObject({
    type: z.literal('propagator'),
    permanent_ticks: nonNegative.default(0),
    temporary_ticks: nonNegative.default(0),
    half_life: duration.refine((ns) => ns > 0, 'must be greater than 0').default(1e9),
    exponent: z.number().gt(0).max(1).default(1),
    unit_qty: z.number().finite().positive().default(1),
    maker_fills: z.boolean().default(false),
  }),
]);

const strategySpec = z.strictObject({
  /** Required when strategies are loaded from files (not for in-memory library runs). */
  module: z.string().min(1).optional(),
  id: z.string().min(1).optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  symbols: z.array(z.string().min(1)).min(1).optional(),
});

export const configSchema = z
  .strictObject({
    backtest: z.strictObject({
      start: timestamp.optional(),
      end: timestamp.optional(),
      initial_cash: positiveDecimal.default(100_000),
      seed: z.number().int().default(1),
      data: z.array(dataSource).default([]),
      /** Parse cache for CSV and compressed DBN sources (src/data/catalog/cache.ts). */
      cache: z.boolean().default(true),
      instruments: z.record(z.string(), instrumentSpec).default({}),
      execution: z
        .strictObject({
          fill_at: z.enum(['next_open', 'close']).default('next_open'),
          latency_model: latency.default({ type: 'fixed', entry: 0, response: 0, feed: 'recv' }),
          commission: commission.default({ type: 'none' }),
          slippage: slippage.default({ type: 'none' }),
          volume_participation: z.number().gt(0).max(1).nullable().default(null),
          // Book venue (instruments with an MBO or MBP-10 feed): docs/execution-book.md.
          fill_model: fillModel.default({ protection_ticks: 10 }),
          market_impact: marketImpact.default('none'),
          fees: bookFees.default({}),
          self_trade_prevention: z
            .enum(['cancel_newest', 'cancel_oldest', 'cancel_both'])
            .default('cancel_newest'),
          /** Book venue: new orders above `max_orders` per `per` (a sliding window) are rejected. */
          throttle: z
            .strictObject({
              max_orders: z.number().int().positive(),
              per: duration.refine((ns) => ns > 0, 'must be greater than 0'),
            })
            .nullable()
            .default(null),
        })
        .default({
          fill_at: 'next_open',
          latency_model: { type: 'fixed', entry: 0, response: 0, feed: 'recv' },
          commission: { type: 'none' },
          slippage: { type: 'none' },
          volume_participation: null,
          fill_model: { protection_ticks: 10 },
          market_impact: 'none',
          fees: {},
          self_trade_prevention: 'cancel_newest',
          throttle: null,
        }),
      risk_limits: z
        .strictObject({
          max_position: nonNegative.nullable().default(null),
          max_order_size: nonNegative.nullable().default(null),
        })
        .default({ max_position: null, max_order_size: null }),
      analytics: z
        .strictObject({
          /** Annual rate as a fraction, or a CSV file of `timestamp,rate` rows (a step-wise series). */
          risk_free_rate: z.union([z.number().finite().gt(-1), z.string().min(1)]).default(0),
          periods_per_year: z.number().positive().nullable().default(null),
          /** "0" = an equity sample per data timestamp; else the last sample of each interval (whole seconds). */
          equity_interval: duration
            .refine((ns) => ns % 1e9 === 0, 'must be a whole number of seconds (e.g. "1h", "1d") or 0')
            .default(0),
        })
        .default({ risk_free_rate: 0, periods_per_year: null, equity_interval: 0 }),
      output: z
        .strictObject({
          dir: z.string().min(1).optional(),
          /** Write report.html into the run folder. */
          report: z.boolean().default(true),
          /** Write trades/fills/equity.parquet beside the CSVs. */
          parquet: z.boolean().default(true),
        })
        .default({ report: true, parquet: true }),
      log_level: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    }),
    strategy: strategySpec.optional(),
    strategies: z.array(strategySpec).min(1).optional(),
  })
  .superRefine((cfg, ctx) => {
    if (!cfg.strategy && !cfg.strategies)
      ctx.addIssue({
        code: 'custom',
        path: ['strategy'],
        message: 'a strategy is required (strategy: or strategies:)',
      });
    if (cfg.strategy && cfg.strategies)
      ctx.addIssue({
        code: 'custom',
        path: ['strategies'],
        message: 'give either strategy: or strategies:, not both',
      });
    cfg.backtest.data.forEach((d, i) => {
      if (d.type !== 'csv') return;
      if (!d.symbol && !d.columns?.symbol)
        ctx.addIssue({
          code: 'custom',
          path: ['backtest', 'data', i, 'symbol'],
          message: 'a symbol is required unless columns.symbol names a symbol column',
        });
      if (d.format === 'yahoo' && d.columns?.symbol)
        ctx.addIssue({
          code: 'custom',
          path: ['backtest', 'data', i, 'columns'],
          message: 'yahoo files hold one symbol: use symbol:',
        });
    });
    const { start, end } = cfg.backtest;
    if (start && end) {
      const a = parseIso(start);
      const b = parseIso(end);
      if (a.sec > b.sec || (a.sec === b.sec && a.nsec >= b.nsec))
        ctx.addIssue({
          code: 'custom',
          path: ['backtest', 'end'],
          message: `end ${end} is not after start ${start}`,
        });
    }
  });

export type RunConfig = z.output<typeof configSchema>;
export type StrategyConfig = z.output<typeof strategySpec>;
export type CsvSourceConfig = z.output<typeof csvSource>;

/** `a.b[0].c` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/**
 * Validates a raw config object. `baseDir` resolves relative paths and checks that files exist. With
 * `inMemory`, data and strategy modules may be absent (the caller passes tables and instances).
 */
export function validateConfig(raw: unknown, baseDir: string, inMemory = false): RunConfig {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw ConfigError.of(parsed.error.issues.map(issueProblem));
  const cfg = parsed.data;
  // Checks past the schema (files, folders) collect every problem too, then fail once.
  const problems: ConfigProblem[] = [];
  const report = (path: string, detail: string | null): void => {
    if (detail !== null) problems.push({ path, detail });
  };
  if (!inMemory && cfg.backtest.data.length === 0)
    report('backtest.data', 'at least one data source is required');
  cfg.backtest.data.forEach((d, i) => {
    d.path = resolvePath(baseDir, d.path);
    const where = `backtest.data[${i}].path`;
    if (d.type === 'catalog') report(where, dirProblem(d.path, d.generated_by));
    else report(where, fileProblem(d.path, d.generated_by));
  });
  const specs = cfg.strategies ?? [cfg.strategy!];
  specs.forEach((s, i) => {
    const where = cfg.strategies ? `strategies[${i}].module` : 'strategy.module';
    if (s.module === undefined) {
      if (!inMemory) report(where, 'a strategy module path is required');
      return;
    }
    s.module = resolvePath(baseDir, s.module);
    report(where, fileProblem(s.module));
  });
  if (cfg.backtest.output.dir) cfg.backtest.output.dir = resolvePath(baseDir, cfg.backtest.output.dir);
  const rf = cfg.backtest.analytics.risk_free_rate;
  if (typeof rf === 'string') {
    cfg.backtest.analytics.risk_free_rate = resolvePath(baseDir, rf);
    report('backtest.analytics.risk_free_rate', fileProblem(cfg.backtest.analytics.risk_free_rate));
  }
  if (problems.length > 0) throw ConfigError.of(problems);
  return cfg;
}

/** A zod issue as a config problem: its path, and unknown keys named (zod's own text does not). */
function issueProblem(issue: z.core.$ZodIssue): ConfigProblem {
  const detail =
    issue.code === 'unrecognized_keys'
      ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : issue.message;
  return { path: formatPath(issue.path), detail };
}

function resolvePath(baseDir: string, p: string): string {
  return isAbsolute(p) ? p : resolve(baseDir, p);
}

function dirProblem(path: string, generatedBy?: string): string | null {
  if (!existsSync(path)) return `catalog directory not found: ${path}` + generateHint(generatedBy);
  if (!statSync(path).isDirectory()) return `not a directory: ${path}`;
  return null;
}

/** `generatedBy`: the command that makes a generated data file, named when the file is missing. */
function generateHint(generatedBy: string | undefined): string {
  return generatedBy ? ` (generate it with \`${generatedBy}\`)` : '';
}

function fileProblem(path: string, generatedBy?: string): string | null {
  if (!existsSync(path)) return `file not found: ${path}` + generateHint(generatedBy);
  if (!statSync(path).isFile()) return `not a file: ${path}`;
  return null;
}

/** Reads, applies `--set` overrides to, and validates a YAML config file. */
export function loadConfigFile(path: string, sets: readonly string[] = []): RunConfig {
  if (!existsSync(path)) throw new ConfigError('', `config file not found: ${path}`);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    if (e instanceof YAMLParseError)
      throw new ConfigError('', `${path}: invalid YAML: ${e.message.split('\n')[0]}`);
    throw e;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError('', `${path}: the config must be a YAML mapping with backtest: and strategy:`);
  for (const s of sets) applySet(raw as Record<string, unknown>, s);
  return validateConfig(raw, dirname(resolve(path)));
}

/** Applies one `key.path[0].x=value` override (value parsed as a YAML scalar or flow collection). */
export function applySet(raw: Record<string, unknown>, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new ConfigError('--set', `expected key=value, got "${assignment}"`);
  const keyPath = assignment.slice(0, eq).trim();
  let value: unknown;
  try {
    value = parseYaml(assignment.slice(eq + 1));
  } catch {
    value = assignment.slice(eq + 1);
  }
  const parts: (string | number)[] = [];
  for (const seg of keyPath.split('.')) {
    const m = /^([A-Za-z_][\w-]*)((?:\[\d+\])*)$/.exec(seg);
    if (!m) throw new ConfigError('--set', `bad key path "${keyPath}"`);
    parts.push(m[1]!);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) parts.push(Number(idx[1]));
  }
  let node: Record<string | number, unknown> = raw;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i]!;
    let next = node[k];
    if (next === undefined || next === null) {
      next = typeof parts[i + 1] === 'number' ? [] : {};
      node[k] = next;
    }
    if (typeof next !== 'object')
      throw new ConfigError('--set', `${formatPath(parts.slice(0, i + 1))} is not a mapping or list`);
    node = next as Record<string | number, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}
