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
import { closeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseDecimal, type Scaled } from '../core/decimal.js';
import { ConfigError } from '../core/errors.js';
import type { BarTable } from '../data/bars.js';
import type { BarChunkSource } from '../data/stream/bar-stream.js';
import type { WorkerBarSpec } from '../data/stream/worker.js';
import type { Timestamp } from '../core/time.js';
import type { CsvBarOptions, CsvBarResult } from '../data/csv/bars.js';
import { ohlcvRtype } from '../data/dbn/bars-write.js';
import type { TickReadOptions } from '../data/ticks/read.js';
import type { MboTable, Mbp10Table, QuoteTable, TradeTable } from '../data/schemas.js';
import type { CacheStatus } from '../data/catalog/cache.js';
import type { DataSourceReport } from '../analytics/run-record.js';
import type { RunConfig } from './config.js';
import { chooseStream, csvRowsEstimate, dbnRowsEstimate } from './stream-choice.js';

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

/** An order-book feed: a DBN MBO or MBP-10 table and the symbols the run trades from it. */
export interface LoadedBook {
  kind: 'mbo' | 'mbp10';
  table: MboTable | Mbp10Table;
  /** DBN instrument id -> symbol, for the symbols selected (all when the source lists none). */
  symbols: Map<number, string>;
  file: string;
  /** The source's `tick_size`, if given. */
  tick?: Scaled;
}

/** What one source gave: bars in memory, streams, ticks or a book feed, and what it read. */
export interface SourceLoad {
  tables?: BarTable[];
  streams?: BarChunkSource[];
  ticks?: LoadedTicks;
  book?: LoadedBook;
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
  /** False: read every source whole, whatever its `stream` option (e.g. for the report's price charts). */
  stream: boolean;
  /** The run's range, start <= ts < end (end = backtest.end + 1 ns): catalogs and streams skip the rest. */
  range: { start?: Timestamp; end?: Timestamp };
  /** Rows above which a source without a `stream` option streams (stream-choice.ts). */
  streamRowsThreshold: number;
  /** Rows per streamed chunk at most (default: the worker's, 8,192); small values are for tests. */
  chunkRows?: number;
}

export type SourceReader<T extends SourceType> = (d: SourceOf<T>, env: SourceEnv) => Promise<SourceLoad>;

export function counted(
  path: string,
  rows: number,
  cache?: CacheStatus,
  streamed?: boolean,
): DataSourceReport {
  return {
    source: path,
    rowsRead: rows,
    rowsAccepted: rows,
    rowsQuarantined: 0,
    quarantinePath: null,
    ...(cache ? { cache } : {}),
    ...(streamed !== undefined ? { streamed } : {}),
  };
}

/** Whether this source streams: its `stream` option, else its size (stream-choice.ts). */
function streams(d: { stream?: boolean }, env: SourceEnv, rows: () => number): boolean {
  return env.stream && chooseStream(d.stream, rows, env.streamRowsThreshold);
}

const rowsOf = (tables: BarTable[]): number => tables.reduce((n, t) => n + t.length, 0);

/**
 * Every symbol the config lists must have bars in the file, streamed or whole alike (a typo would
 * otherwise drop a symbol silently). `have`: the file's symbols, or only the listed ones it has (`all`
 * false: then the message does not list them).
 */
function requireSymbols(
  want: string[] | undefined,
  have: Iterable<string>,
  env: SourceEnv,
  path: string,
  all = true,
  what = 'bars',
): void {
  if (!want) return;
  const found = new Set(have);
  const list = all ? ` (it has ${[...found].slice(0, 10).join(', ') || 'none'})` : '';
  for (const sym of want)
    if (!found.has(sym)) throw new ConfigError(`${env.at}.symbols`, `no ${what} of ${sym} in ${path}${list}`);
}

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

/**
 * A bar CSV: streamed by its `stream` option, or when large and streamable (one symbol, given by `symbol`,
 * no symbol column: a file of several symbols would be parsed once per symbol); else read whole.
 */
const readCsv: SourceReader<'csv'> = async (d, env) => {
  const streamable = d.symbol !== undefined && !d.columns?.symbol;
  const stream = d.stream ?? (streamable && streams(d, env, () => csvRowsEstimate(d.path)));
  return stream && env.stream ? streamCsv(d, env) : readCsvWhole(d, env);
};

function csvOptions(d: SourceOf<'csv'>, env: SourceEnv): CsvBarOptions {
  return {
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
}

/** What a text reader (bar CSV, trades/quotes CSV or JSONL) counted, as the run's report of the source. */
function readerReport(path: string, r: ReaderCounts, streamed?: boolean): DataSourceReport {
  return {
    source: path,
    rowsRead: r.rowsRead,
    rowsAccepted: r.rowsAccepted,
    rowsQuarantined: r.rowsQuarantined,
    quarantinePath: r.quarantinePath,
    ...(r.cache ? { cache: r.cache } : {}),
    ...(streamed !== undefined ? { streamed } : {}),
  };
}

type ReaderCounts = Pick<CsvBarResult, 'rowsRead' | 'rowsAccepted' | 'rowsQuarantined' | 'quarantinePath'> & {
  cache?: CacheStatus;
};

/** A one-symbol bar CSV parsed chunk by chunk in a worker thread (through the parse cache unless off). */
export const streamCsv: SourceReader<'csv'> = async (d, env) => {
  if (d.columns?.symbol)
    throw new ConfigError(
      `${env.at}.stream`,
      'a CSV with a symbol column cannot be streamed (one stream per symbol would parse the file once per symbol): remove stream: true',
    );
  const { openCsvBarStream } = await import('../data/stream/csv-stream.js');
  const src = await openCsvBarStream({
    path: d.path,
    csv: csvOptions(d, env),
    recycle: true,
    chunkRows: env.chunkRows,
    cache: { enabled: env.cache },
  });
  return { streams: [src], report: readerReport(d.path, src.report, true) };
};

/** A bar CSV read whole, through the parse cache unless it is off (it keeps lenient counts and quarantine). */
const readCsvWhole: SourceReader<'csv'> = async (d, env) => {
  const options = csvOptions(d, env);
  let res: CsvBarResult & { cache?: CacheStatus };
  if (env.cache) {
    const { cachedBars } = await import('../data/catalog/cache-readers.js');
    res = cachedBars(d.path, options, { enabled: true });
  } else {
    const { readBarsCsv } = await import('../data/csv/bars.js');
    res = readBarsCsv(d.path, options);
  }
  return { tables: res.tables, report: readerReport(d.path, res, false) };
};

/**
 * One worker stream per spec (one symbol each); closes the ones opened if one fails. A stream whose
 * worker knows no row count (a range cut, a tick given) gets the spec's `rowsHint`, an upper bound, for
 * the progress bar and the engine's fill reserve.
 */
async function openStreams(specs: WorkerBarSpec[], env: SourceEnv): Promise<BarChunkSource[]> {
  const { openWorkerBarSource } = await import('../data/stream/worker.js');
  const out: BarChunkSource[] = [];
  try {
    for (const spec of specs) {
      const src = await openWorkerBarSource({
        ...spec,
        start: env.range.start,
        end: env.range.end,
        chunkRows: env.chunkRows,
        recycle: true,
      });
      out.push(src.rowsHint === null && spec.rowsHint !== undefined ? withRowsHint(src, spec.rowsHint) : src);
    }
  } catch (e) {
    await Promise.all(out.map((s) => s.close()));
    throw e;
  }
  return out;
}

function withRowsHint(src: BarChunkSource, rowsHint: number): BarChunkSource {
  return {
    symbol: src.symbol,
    tick: src.tick,
    rowsHint,
    next: () => src.next(),
    close: () => src.close(),
  };
}

const dbnTick = (d: SourceOf<'dbn'>, env: SourceEnv): ReturnType<typeof parseDecimal> | undefined =>
  d.tick_size !== undefined ? parseDecimal(d.tick_size, `${env.at}.tick_size`) : undefined;

/** The symbols of a Parquet bar file: its one symbol (undefined: the worker finds it) or every symbol. */
async function parquetSymbols(path: string): Promise<(string | undefined)[]> {
  const { openParquetBars } = await import('../data/parquet/footer.js');
  const { iterateBarsParquet } = await import('../data/parquet/read.js');
  const f = openParquetBars(path);
  closeSync(f.fd);
  if (!f.symbol) return [undefined];
  // Row groups whose statistics name one symbol tell it without reading; otherwise read the symbols.
  const found = new Set<string>();
  for (const g of f.meta.row_groups) {
    const st = g.columns[f.symbol.chunk]?.meta_data?.statistics;
    const lo = st?.min_value;
    if (typeof lo !== 'string' || lo !== st?.max_value) {
      found.clear();
      for (const tables of iterateBarsParquet(path, { columns: [], reuseBuffers: true }))
        for (const t of tables) found.add(t.symbol);
      break;
    }
    found.add(lo);
  }
  return [...found];
}

/** One worker stream per symbol of a Parquet or Arrow file (its row count as the hint when it has one). */
async function fileStreams(
  format: 'parquet' | 'arrow',
  path: string,
  symbols: (string | undefined)[],
  rows: number,
  env: SourceEnv,
): Promise<SourceLoad> {
  const specs = symbols.map((symbol): WorkerBarSpec => ({
    format,
    path,
    symbol,
    rowsHint: symbols.length === 1 ? rows : undefined,
  }));
  return { streams: await openStreams(specs, env), report: counted(path, rows, undefined, true) };
}

const readParquet: SourceReader<'parquet'> = async (d, env) => {
  const { parquetBarRows } = await import('../data/parquet/read.js');
  const rows = parquetBarRows(d.path);
  if (streams(d, env, () => rows)) {
    const inFile = d.symbols || !d.symbol ? await parquetSymbols(d.path) : [d.symbol];
    // A file without a symbol column names its symbol in metadata, which the worker checks.
    if (inFile[0] !== undefined) requireSymbols(d.symbols, inFile as string[], env, d.path);
    const symbols = d.symbols ?? inFile;
    return fileStreams('parquet', d.path, symbols, rows, env);
  }
  const { readBarsParquet } = await import('../data/parquet/index.js');
  const tables = readBarsParquet(d.path, { symbol: d.symbol, symbols: d.symbols });
  requireSymbols(
    d.symbols,
    tables.map((t) => t.symbol),
    env,
    d.path,
    false,
  );
  return { tables, report: counted(d.path, rowsOf(tables), undefined, false) };
};

const readArrow: SourceReader<'arrow'> = async (d, env) => {
  // The framing module, not apache-arrow: counting rows reads only the record batch headers.
  const { arrowBarRows } = await import('../data/arrow/ipc-frames.js');
  const rows = arrowBarRows(d.path);
  if (streams(d, env, () => rows)) {
    const { arrowBarSymbols } = await import('../data/arrow/batch-read.js');
    // A pass over the file's symbols (the first batch only when it has no symbol column).
    const inFile = arrowBarSymbols(d.path, { symbol: d.symbol });
    requireSymbols(d.symbols, inFile, env, d.path);
    const symbols = d.symbols ?? inFile;
    return fileStreams('arrow', d.path, symbols, rows, env);
  }
  const { readBarsArrow } = await import('../data/arrow/ipc.js');
  const want = d.symbols;
  const all = readBarsArrow(d.path, { symbol: d.symbol });
  requireSymbols(
    want,
    all.map((t) => t.symbol),
    env,
    d.path,
  );
  const tables = all.filter((t) => !want || want.includes(t.symbol));
  return { tables, report: counted(d.path, rowsOf(tables), undefined, false) };
};

/** DBN OHLCV streams; one first pass finds the symbols and ticks the config leaves open. */
async function streamDbn(d: SourceOf<'dbn'>, env: SourceEnv): Promise<SourceLoad> {
  const tick = dbnTick(d, env);
  const rtype = d.interval ? ohlcvRtype(d.interval) : undefined;
  let symbols: (string | undefined)[] = d.symbols ?? [];
  let found: Map<string, { rows: number; tick: Scaled }> | null = null;
  if (!d.symbols || tick === undefined) {
    const { scanDbnBars } = await import('../data/dbn/bars.js');
    found = scanDbnBars(d.path, { rtype }).symbols;
    requireSymbols(d.symbols, found.keys(), env, d.path);
    if (!d.symbols) symbols = found.size > 0 ? [...found.keys()] : [undefined];
  }
  const specs = symbols.map((symbol): WorkerBarSpec => ({
    format: 'dbn',
    path: d.path,
    symbol,
    tick: tick ?? (symbol !== undefined ? found?.get(symbol)?.tick : undefined),
    rtype,
    rowsHint: symbol !== undefined ? found?.get(symbol)?.rows : undefined,
  }));
  const rows = found ? [...found.values()].reduce((n, x) => n + x.rows, 0) : dbnRowsEstimate(d.path);
  return { streams: await openStreams(specs, env), report: counted(d.path, rows, undefined, true) };
}

/**
 * An MBO or MBP-10 file: read whole (through the parse cache when on) as a book feed. Limits: book feeds
 * are not streamed yet; a file's records must fit in memory (~70 bytes per MBO record).
 */
async function readDbnBook(d: SourceOf<'dbn'>, env: SourceEnv, kind: 'mbo' | 'mbp10'): Promise<SourceLoad> {
  if (d.stream === true)
    throw new ConfigError(
      `${env.at}.stream`,
      `${kind === 'mbo' ? 'MBO' : 'MBP-10'} book feeds are read whole (stream: true is for bars)`,
    );
  const { cachedDbn } = await import('../data/catalog/cache-readers.js');
  const res = cachedDbn(d.path, {}, { enabled: env.cache });
  const table = kind === 'mbo' ? res.tables.mbo : res.tables.mbp10;
  if (!table || table.length === 0)
    throw new ConfigError(`${env.at}.path`, `${d.path} holds no ${kind} records`);
  const all =
    res.symbolMap.size > 0
      ? res.symbolMap
      : new Map([[table.instrumentId[0]!, String(table.instrumentId[0])]]);
  requireSymbols(d.symbols, all.values(), env, d.path, true, `${kind} records`);
  const symbols = new Map([...all].filter(([, sym]) => !d.symbols || d.symbols.includes(sym)));
  return {
    book: { kind, table, symbols, file: d.path, tick: dbnTick(d, env) },
    report: counted(d.path, table.length, res.cache),
  };
}

const readDbnBars: SourceReader<'dbn'> = async (d, env) => {
  const { peekDbnMetadata } = await import('../data/dbn/metadata.js');
  const schema = (await peekDbnMetadata(d.path)).schema;
  if (schema === 'mbo' || schema === 'mbp-10') return readDbnBook(d, env, schema === 'mbo' ? 'mbo' : 'mbp10');
  if (streams(d, env, () => dbnRowsEstimate(d.path))) return streamDbn(d, env);
  const { cachedDbn } = await import('../data/catalog/cache-readers.js');
  const { ohlcvToBars } = await import('../data/dbn/bars.js');
  const res = cachedDbn(d.path, {}, { enabled: env.cache });
  const ohlcv = res.tables.ohlcv;
  if (!ohlcv || ohlcv.length === 0) throw new ConfigError(`${env.at}.path`, `${d.path} holds no OHLCV bars`);
  const want = d.symbols;
  const all = ohlcvToBars(ohlcv, res.symbolMap, {
    file: d.path,
    tick: dbnTick(d, env),
    rtype: d.interval ? ohlcvRtype(d.interval) : undefined,
  });
  requireSymbols(
    want,
    all.map((t) => t.symbol),
    env,
    d.path,
  );
  const tables = all.filter((t) => !want || want.includes(t.symbol));
  return { tables, report: counted(d.path, rowsOf(tables), res.cache, false) };
};

/**
 * A catalog's bars in the run's range: only the partitions overlapping it are read (catalog.ts), whole
 * or streamed partition by partition (one stream per symbol; rows counted from the manifest).
 */
const readCatalog: SourceReader<'catalog'> = async (d, env) => {
  // catalog.js, not the catalog's index: that one also loads the importers and the cache (+18 MB RSS).
  const { openCatalog } = await import('../data/catalog/catalog.js');
  const cat = openCatalog(d.path);
  const { start, end } = env.range;
  const symbols = d.symbols ?? cat.symbols('bars');
  const plans = symbols.map((sym) => {
    const plan = cat.planRead('bars', sym, start, end);
    if (!plan) throw new ConfigError(`${env.at}.symbols`, `no bars of ${sym} in the catalog ${d.path}`);
    return { symbol: sym, ...plan };
  });
  const rows = plans.reduce((n, p) => p.parts.reduce((m, x) => m + x.entry.rows, n), 0);
  if (streams(d, env, () => rows)) {
    const specs = plans.map((p): WorkerBarSpec => ({
      format: 'catalog',
      path: cat.root,
      symbol: p.symbol,
      tick: p.tick,
      parts: p.parts.map((x) => ({
        path: x.path,
        bytes: x.entry.bytes,
        rows: x.entry.rows,
        ...x.range,
      })),
    }));
    return { streams: await openStreams(specs, env), report: counted(d.path, rows, undefined, true) };
  }
  const tables = [...cat.read({ kind: 'bars', symbols, start, end }).values()];
  return { tables, report: counted(d.path, rowsOf(tables), undefined, false) };
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
    report: readerReport(d.path, res),
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
