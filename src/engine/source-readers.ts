/**
 * One reader per `backtest.data[].type`, in one table (SOURCE_READERS): each turns its config entry into
 * bar tables held in memory, chunked bar streams, or a trade/quote table, plus what it read for the run's
 * data report. load-data.ts walks the config through this table and owns the cross-source rules (one
 * symbol from one source, closing streams after a failure).
 *
 * Format libraries load on demand, so a CSV-only run never pays for Parquet, Arrow or DBN. The parse cache
 * (src/data/catalog/cache.ts) serves CSV bars and DBN when `cache` is on: the first run stores the parsed
 * tables keyed by the file's content hash, later runs read them back.
 */
import { basename, join } from 'node:path';
import { parseDecimal } from '../core/decimal.js';
import { ConfigError } from '../core/errors.js';
import type { BarTable } from '../data/bars.js';
import type { BarChunkSource } from '../data/stream/bar-stream.js';
import type { CsvBarOptions, CsvBarResult } from '../data/csv/bars.js';
import { ohlcvRtype } from '../data/dbn/bars-write.js';
import type { TickReadOptions } from '../data/ticks/read.js';
import type { QuoteTable, TradeTable } from '../data/schemas.js';
import type { CacheStatus } from '../data/catalog/cache.js';
import type { DataSourceReport } from '../analytics/run-record.js';
import type { RunConfig } from './config.js';

export type SourceConfig = RunConfig['backtest']['data'][number];
export type SourceType = SourceConfig['type'];
type SourceOf<T extends SourceType> = Extract<SourceConfig, { type: T }>;

export interface LoadedTicks {
  kind: 'trades' | 'quotes';
  table: TradeTable | QuoteTable;
  /** instrument id -> symbol. */
  symbols: Map<number, string>;
  file: string;
  /** Instrument units per stored size unit. */
  lotSize: number;
}

/** What one source gave: bars in memory, streams or ticks, and what it read. */
export interface SourceLoad {
  tables?: BarTable[];
  streams?: BarChunkSource[];
  ticks?: LoadedTicks;
  report: DataSourceReport;
}

/** What every reader may use besides its own config entry. */
export interface SourceEnv {
  /** `backtest.data[i]`, for errors. */
  at: string;
  index: number;
  /** Where lenient-mode rejects go (null: counted only). */
  quarantineDir: string | null;
  cache: boolean;
  /** False: read `stream: true` sources whole (e.g. for the report's price charts). */
  stream: boolean;
}

export type SourceReader<T extends SourceType> = (d: SourceOf<T>, env: SourceEnv) => Promise<SourceLoad>;

export function counted(path: string, rows: number, cache?: CacheStatus): DataSourceReport {
  return {
    source: path,
    rowsRead: rows,
    rowsAccepted: rows,
    rowsQuarantined: 0,
    quarantinePath: null,
    ...(cache ? { cache } : {}),
  };
}

const rowsOf = (tables: BarTable[]): number => tables.reduce((n, t) => n + t.length, 0);

function quarantineFile(
  env: SourceEnv,
  mode: 'strict' | 'lenient',
  path: string,
  ext: string,
): string | undefined {
  return mode === 'lenient' && env.quarantineDir
    ? join(env.quarantineDir, `${env.index}-${basename(path)}.quarantine.${ext}`)
    : undefined;
}

/** A bar CSV, through the parse cache unless it is off (the cache keeps lenient counts and quarantine). */
const readCsv: SourceReader<'csv'> = async (d, env) => {
  const options: CsvBarOptions = {
    format: d.format,
    symbol: d.symbol,
    columns: d.columns,
    timestampFormat: d.timestamp_format,
    timezone: d.timezone,
    delimiter: d.delimiter,
    tickSize: d.tick_size,
    mode: d.mode,
    quarantinePath: quarantineFile(env, d.mode, d.path, 'csv'),
  };
  if (d.stream === true && env.stream) return openCsvStream(d, env, options);
  let res: CsvBarResult & { cache?: CacheStatus };
  if (env.cache) {
    const { cachedBars } = await import('../data/catalog/cache-readers.js');
    res = cachedBars(d.path, options, { enabled: true });
  } else {
    const { readBarsCsv } = await import('../data/csv/bars.js');
    res = readBarsCsv(d.path, options);
  }
  return {
    tables: res.tables,
    report: {
      source: d.path,
      rowsRead: res.rowsRead,
      rowsAccepted: res.rowsAccepted,
      rowsQuarantined: res.rowsQuarantined,
      quarantinePath: res.quarantinePath,
      cache: res.cache,
    },
  };
};

/** A one-symbol bar CSV parsed chunk by chunk in a worker thread (through the parse cache unless off). */
async function openCsvStream(d: SourceOf<'csv'>, env: SourceEnv, csv: CsvBarOptions): Promise<SourceLoad> {
  if (d.columns?.symbol)
    throw new ConfigError(
      `${env.at}.stream`,
      'a CSV with a symbol column cannot be streamed (one stream per symbol would parse the file once per symbol): remove stream: true',
    );
  const { openCsvBarStream } = await import('../data/stream/csv-stream.js');
  const src = await openCsvBarStream({
    path: d.path,
    csv,
    recycle: true,
    cache: { enabled: env.cache },
  });
  const r = src.report;
  return {
    streams: [src],
    report: {
      source: d.path,
      rowsRead: r.rowsRead,
      rowsAccepted: r.rowsAccepted,
      rowsQuarantined: r.rowsQuarantined,
      quarantinePath: r.quarantinePath,
      cache: r.cache,
    },
  };
}

/** Parquet or DBN OHLCV decoded chunk by chunk in a worker thread, one stream per symbol. */
async function openStreams(d: SourceOf<'parquet'> | SourceOf<'dbn'>, env: SourceEnv): Promise<SourceLoad> {
  const { openWorkerBarSource } = await import('../data/stream/worker.js');
  const symbols = d.symbols ?? (d.type === 'parquet' && d.symbol ? [d.symbol] : [undefined]);
  const streams: BarChunkSource[] = [];
  try {
    for (const symbol of symbols)
      streams.push(
        await openWorkerBarSource({
          format: d.type,
          path: d.path,
          symbol,
          tick: d.type === 'dbn' ? dbnTick(d, env) : undefined,
          rtype: d.type === 'dbn' && d.interval ? ohlcvRtype(d.interval) : undefined,
          recycle: true,
        }),
      );
  } catch (e) {
    await Promise.all(streams.map((s) => s.close()));
    throw e;
  }
  return {
    streams,
    report: counted(
      d.path,
      streams.reduce((n, s) => n + (s.rowsHint ?? 0), 0),
    ),
  };
}

const dbnTick = (d: SourceOf<'dbn'>, env: SourceEnv): ReturnType<typeof parseDecimal> | undefined =>
  d.tick_size !== undefined ? parseDecimal(d.tick_size, `${env.at}.tick_size`) : undefined;

const readParquet: SourceReader<'parquet'> = async (d, env) => {
  if (d.stream && env.stream) return openStreams(d, env);
  const { readBarsParquet } = await import('../data/parquet/index.js');
  const tables = readBarsParquet(d.path, { symbol: d.symbol, symbols: d.symbols });
  return { tables, report: counted(d.path, rowsOf(tables)) };
};

const readArrow: SourceReader<'arrow'> = async (d) => {
  const { readBarsArrow } = await import('../data/arrow/ipc.js');
  const want = d.symbols;
  const tables = readBarsArrow(d.path, { symbol: d.symbol }).filter((t) => !want || want.includes(t.symbol));
  return { tables, report: counted(d.path, rowsOf(tables)) };
};

const readDbnBars: SourceReader<'dbn'> = async (d, env) => {
  if (d.stream && env.stream) return openStreams(d, env);
  const { cachedDbn } = await import('../data/catalog/cache-readers.js');
  const { ohlcvToBars } = await import('../data/dbn/bars.js');
  const res = cachedDbn(d.path, {}, { enabled: env.cache });
  const ohlcv = res.tables.ohlcv;
  if (!ohlcv || ohlcv.length === 0) throw new ConfigError(`${env.at}.path`, `${d.path} holds no OHLCV bars`);
  const want = d.symbols;
  const tables = ohlcvToBars(ohlcv, res.symbolMap, {
    file: d.path,
    tick: dbnTick(d, env),
    rtype: d.interval ? ohlcvRtype(d.interval) : undefined,
  }).filter((t) => !want || want.includes(t.symbol));
  return { tables, report: counted(d.path, rowsOf(tables), res.cache) };
};

const readCatalog: SourceReader<'catalog'> = async (d, env) => {
  const { openCatalog } = await import('../data/catalog/index.js');
  const found = openCatalog(d.path).read({ kind: 'bars', symbols: d.symbols });
  for (const sym of d.symbols ?? [])
    if (!found.has(sym))
      throw new ConfigError(`${env.at}.symbols`, `no bars of ${sym} in the catalog ${d.path}`);
  const tables = [...found.values()];
  return { tables, report: counted(d.path, rowsOf(tables)) };
};

type TickSource = SourceOf<'trades' | 'quotes'>;

function tickFormat(d: TickSource, env: SourceEnv): 'csv' | 'jsonl' | 'dbn' {
  if (d.format) return d.format;
  const p = d.path.toLowerCase();
  if (p.endsWith('.csv')) return 'csv';
  if (p.endsWith('.jsonl') || p.endsWith('.ndjson')) return 'jsonl';
  if (p.endsWith('.dbn') || p.endsWith('.dbn.zst')) return 'dbn';
  throw new ConfigError(`${env.at}.format`, `cannot tell the format of ${d.path}: set csv, jsonl or dbn`);
}

async function readDbnTicks(d: TickSource, env: SourceEnv): Promise<SourceLoad> {
  const { readDbn } = await import('../data/dbn/read.js');
  const res = readDbn(d.path);
  const table = d.type === 'trades' ? res.tables.trades : res.tables.quotes;
  if (!table || table.length === 0) throw new ConfigError(env.at, `${d.path} holds no ${d.type} records`);
  return {
    ticks: { kind: d.type, table, symbols: res.symbolMap, file: d.path, lotSize: 1 },
    report: counted(d.path, table.length),
  };
}

/** The text readers of trades and quotes, by format, loaded when first used. */
const TICK_TEXT_READERS = {
  csv: async () => {
    const m = await import('../data/ticks/csv.js');
    return { trades: m.readTradesCsv, quotes: m.readQuotesCsv };
  },
  jsonl: async () => {
    const m = await import('../data/ticks/jsonl.js');
    return { trades: m.readTradesJsonl, quotes: m.readQuotesJsonl };
  },
};

/** Trades or quotes from CSV, JSONL or DBN (strategies' onTrade / onQuote). */
const readTicks: SourceReader<'trades' | 'quotes'> = async (d, env) => {
  const format = tickFormat(d, env);
  if (format === 'dbn') return readDbnTicks(d, env);
  const options: TickReadOptions = {
    columns: d.columns,
    symbol: d.symbol,
    timestampFormat: d.timestamp_format,
    timezone: d.timezone,
    tickSize: d.tick_size,
    lotSize: d.lot_size,
    delimiter: d.delimiter,
    mode: d.mode,
    quarantinePath: quarantineFile(env, d.mode, d.path, format),
  };
  const res = (await TICK_TEXT_READERS[format]())[d.type](d.path, options);
  return {
    ticks: {
      kind: d.type,
      table: res.table,
      symbols: res.symbols,
      file: d.path,
      lotSize: Number(d.lot_size),
    },
    report: {
      source: d.path,
      rowsRead: res.rowsRead,
      rowsAccepted: res.rowsAccepted,
      rowsQuarantined: res.rowsQuarantined,
      quarantinePath: res.quarantinePath,
    },
  };
};

/** The reader of each source type. */
export const SOURCE_READERS: { [T in SourceType]: SourceReader<T> } = {
  csv: readCsv,
  parquet: readParquet,
  arrow: readArrow,
  dbn: readDbnBars,
  catalog: readCatalog,
  trades: (d, env) => readTicks(d, env),
  quotes: (d, env) => readTicks(d, env),
};
