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
import { ConfigError } from '../core/errors.js';
import { tryParseDecimal } from '../core/decimal.js';
import { isKnownTimeZone, parseDuration, parseIso } from '../core/time.js';

const decimal = z.union([z.number(), z.string()]).superRefine((v, ctx) => {
  const ok = typeof v === 'number' ? Number.isFinite(v) : tryParseDecimal(v) !== null;
  if (!ok) ctx.addIssue({ code: 'custom', message: `not a decimal number: ${JSON.stringify(v)}` });
});
const positiveDecimal = decimal.refine((v) => Number(v) > 0, 'must be greater than 0');
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

const csvSource = z.strictObject({
  type: z.literal('csv'),
  path: z.string().min(1),
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
  /** Parse in a worker thread chunk by chunk while the engine runs (one-symbol files; data/stream/csv-stream.ts). */
  stream: z.boolean().optional(),
});

/** Bar files written by Hindsight (or other tools, see docs/data-formats.md): tick and symbol from metadata. */
const columnarSource = <T extends 'parquet' | 'arrow'>(type: T) =>
  z.strictObject({
    type: z.literal(type),
    path: z.string().min(1),
    /** For files that carry no symbol (no symbol column or metadata). */
    symbol: z.string().min(1).optional(),
    /** Read only these symbols of a multi-symbol file. */
    symbols: z.array(z.string().min(1)).min(1).optional(),
    /**
     * Parquet: stream the file through the run chunk by chunk (decoded in a worker thread while the engine
     * runs; bounded memory). One symbol per stream: a multi-symbol file needs `symbols`.
     */
    stream: z.boolean().default(false),
  });

/** Databento DBN OHLCV bars (ohlcv-1s/1m/1h/1d), symbols from the file's mappings. */
const dbnSource = z.strictObject({
  type: z.literal('dbn'),
  path: z.string().min(1),
  symbols: z.array(z.string().min(1)).min(1).optional(),
  /** Price tick of the bars (default: the coarsest power of ten that fits every price). */
  tick_size: positiveDecimal.optional(),
  /** Which OHLCV interval to read when the file mixes several. */
  interval: z.enum(['1s', '1m', '1h', '1d']).optional(),
  /** Stream through the run (worker thread, bounded memory); needs `symbols` if the file has several. */
  stream: z.boolean().default(false),
});

/** A data catalog directory (hindsight data import): bars of the listed symbols (default all). */
const catalogSource = z.strictObject({
  type: z.literal('catalog'),
  path: z.string().min(1),
  symbols: z.array(z.string().min(1)).min(1).optional(),
});

/** Trades or L1 quotes (strategies' onTrade / onQuote); format from the extension unless given. */
const tickSource = <T extends 'trades' | 'quotes'>(type: T) =>
  z.strictObject({
    type: z.literal(type),
    path: z.string().min(1),
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

const instrumentSpec = z.strictObject({
  tick_size: positiveDecimal.optional(),
  lot_size: positiveDecimal.default(1),
  multiplier: positiveDecimal.default(1),
  currency: z.string().min(1).default('USD'),
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
  z.strictObject({ type: z.literal('bps'), bps: decimal.refine((v) => Number(v) >= 0, 'must be >= 0') }),
]);

const latency = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('fixed'), entry: duration.default(0), response: duration.default(0) }),
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
          latency_model: latency.default({ type: 'fixed', entry: 0, response: 0 }),
          commission: commission.default({ type: 'none' }),
          slippage: slippage.default({ type: 'none' }),
          volume_participation: z.number().gt(0).max(1).nullable().default(null),
        })
        .default({
          fill_at: 'next_open',
          latency_model: { type: 'fixed', entry: 0, response: 0 },
          commission: { type: 'none' },
          slippage: { type: 'none' },
          volume_participation: null,
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
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    let message = issue.message;
    if (issue.code === 'unrecognized_keys')
      message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    const more =
      parsed.error.issues.length > 1
        ? ` (and ${parsed.error.issues.length - 1} more problem${parsed.error.issues.length > 2 ? 's' : ''})`
        : '';
    throw new ConfigError(formatPath(issue.path), message + more);
  }
  const cfg = parsed.data;
  if (!inMemory && cfg.backtest.data.length === 0)
    throw new ConfigError('backtest.data', 'at least one data source is required');
  cfg.backtest.data.forEach((d, i) => {
    d.path = resolvePath(baseDir, d.path);
    if (d.type === 'catalog') checkDir(d.path, `backtest.data[${i}].path`);
    else checkFile(d.path, `backtest.data[${i}].path`);
    if (d.type === 'arrow' && d.stream)
      throw new ConfigError(`backtest.data[${i}].stream`, 'streaming reads Parquet and DBN files');
  });
  const specs = cfg.strategies ?? [cfg.strategy!];
  specs.forEach((s, i) => {
    const where = cfg.strategies ? `strategies[${i}].module` : 'strategy.module';
    if (s.module === undefined) {
      if (!inMemory) throw new ConfigError(where, 'a strategy module path is required');
      return;
    }
    s.module = resolvePath(baseDir, s.module);
    checkFile(s.module, where);
  });
  if (cfg.backtest.output.dir) cfg.backtest.output.dir = resolvePath(baseDir, cfg.backtest.output.dir);
  const rf = cfg.backtest.analytics.risk_free_rate;
  if (typeof rf === 'string') {
    cfg.backtest.analytics.risk_free_rate = resolvePath(baseDir, rf);
    checkFile(cfg.backtest.analytics.risk_free_rate, 'backtest.analytics.risk_free_rate');
  }
  return cfg;
}

function resolvePath(baseDir: string, p: string): string {
  return isAbsolute(p) ? p : resolve(baseDir, p);
}

function checkDir(path: string, where: string): void {
  if (!existsSync(path)) throw new ConfigError(where, `catalog directory not found: ${path}`);
  if (!statSync(path).isDirectory()) throw new ConfigError(where, `not a directory: ${path}`);
}

function checkFile(path: string, where: string): void {
  if (!existsSync(path)) throw new ConfigError(where, `file not found: ${path}`);
  if (!statSync(path).isFile()) throw new ConfigError(where, `not a file: ${path}`);
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
