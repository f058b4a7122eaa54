/**
 * Data sources of a run config into what the engine consumes: in-memory bar tables (CSV, Parquet, Arrow,
 * DBN OHLCV, a catalog), chunked bar streams decoded in a worker (`stream: true` Parquet/DBN), and
 * trade/quote tables. One symbol comes from one source only (ConfigError otherwise).
 *
 * The parse cache (src/data/catalog/cache.ts) is on by default for CSV bars and DBN: the first run stores
 * the parsed tables keyed by the file's content hash, later runs read them back. Format libraries load on
 * demand, so a CSV-only run never pays for Parquet, Arrow or DBN.
 */
import { basename, join } from 'node:path';
import { parseDecimal } from '../core/decimal.js';
import { ConfigError } from '../core/errors.js';
import type { BarTable } from '../data/bars.js';
import type { BarChunkSource } from '../data/bar-stream.js';
import { readBarsCsv, type CsvBarOptions, type CsvBarResult } from '../data/csv-bars.js';
import { ohlcvRtype } from '../data/dbn-bars-write.js';
import { readQuotesCsv, readTradesCsv } from '../data/tick-csv.js';
import { readQuotesJsonl, readTradesJsonl } from '../data/tick-jsonl.js';
import type { TickReadOptions } from '../data/tick-read.js';
import type { QuoteTable, TradeTable } from '../data/schemas.js';
import type { CacheStatus } from '../data/catalog/cache.js';
import type { DataSourceReport } from '../analytics/run-record.js';
import type { RunConfig } from './config.js';

export interface LoadedTicks {
  kind: 'trades' | 'quotes';
  table: TradeTable | QuoteTable;
  /** instrument id -> symbol. */
  symbols: Map<number, string>;
  file: string;
  /** Instrument units per stored size unit. */
  lotSize: number;
}

export interface LoadedData {
  /** In-memory bar tables, one per symbol. */
  tables: BarTable[];
  /** Streamed bar sources (`stream: true`), one per symbol. */
  streams: BarChunkSource[];
  ticks: LoadedTicks[];
  sources: DataSourceReport[];
}

export interface LoadOptions {
  /** Where lenient-mode rejects go (null: beside nothing, counted only). */
  quarantineDir: string | null;
  /** Open `stream: true` sources as chunked streams (default true); false reads them whole (reports). */
  stream?: boolean;
  /** Use the parse cache (default: the config's `backtest.cache`). */
  cache?: boolean;
}

/** Reads (or opens, for streamed sources) every data source of the config. */
export async function loadData(cfg: RunConfig, opts: LoadOptions): Promise<LoadedData> {
  const out: LoadedData = { tables: [], streams: [], ticks: [], sources: [] };
  const seen = new Map<string, string>();
  const claim = (i: number, path: string, symbol: string): void => {
    const prior = seen.get(symbol);
    if (prior) throw new ConfigError(`backtest.data[${i}]`, `symbol ${symbol} already comes from ${prior}`);
    seen.set(symbol, path);
  };
  const addTables = (
    i: number,
    path: string,
    loaded: BarTable[],
    report?: Partial<DataSourceReport>,
  ): void => {
    for (const t of loaded) {
      claim(i, path, t.symbol);
      out.tables.push(t);
    }
    const rows = loaded.reduce((n, t) => n + t.length, 0);
    out.sources.push({ ...counted(path, rows), ...report });
  };
  const useCache = opts.cache ?? cfg.backtest.cache;
  try {
    for (const [i, d] of cfg.backtest.data.entries()) {
      const at = `backtest.data[${i}]`;
      if (d.type === 'trades' || d.type === 'quotes') {
        const t = await loadTicks(d, i, opts.quarantineDir);
        out.ticks.push(t.ticks);
        out.sources.push(t.report);
      } else if ((d.type === 'parquet' || d.type === 'dbn') && d.stream && opts.stream !== false) {
        const { openWorkerBarSource } = await import('../data/stream-worker.js');
        const symbols = d.symbols ?? (d.type === 'parquet' && d.symbol ? [d.symbol] : [undefined]);
        for (const symbol of symbols) {
          const src = await openWorkerBarSource({
            format: d.type,
            path: d.path,
            symbol,
            tick:
              d.type === 'dbn' && d.tick_size !== undefined
                ? parseDecimal(d.tick_size, `${at}.tick_size`)
                : undefined,
            rtype: d.type === 'dbn' && d.interval ? ohlcvRtype(d.interval) : undefined,
            recycle: true,
          });
          out.streams.push(src);
          claim(i, d.path, src.symbol);
          out.sources.push(counted(d.path, src.rowsHint ?? 0));
        }
      } else if (d.type === 'parquet') {
        const { readBarsParquet } = await import('../data/parquet/index.js');
        addTables(i, d.path, readBarsParquet(d.path, { symbol: d.symbol, symbols: d.symbols }));
      } else if (d.type === 'arrow') {
        const { readBarsArrow } = await import('../data/arrow/ipc.js');
        const want = d.symbols;
        const loaded = readBarsArrow(d.path, { symbol: d.symbol }).filter(
          (t) => !want || want.includes(t.symbol),
        );
        addTables(i, d.path, loaded);
      } else if (d.type === 'dbn') {
        const { cachedDbn } = await import('../data/catalog/cache-readers.js');
        const { ohlcvToBars } = await import('../data/dbn-bars.js');
        const res = cachedDbn(d.path, {}, { enabled: useCache });
        const ohlcv = res.tables.ohlcv;
        if (!ohlcv || ohlcv.length === 0)
          throw new ConfigError(`${at}.path`, `${d.path} holds no OHLCV bars`);
        const want = d.symbols;
        const bars = ohlcvToBars(ohlcv, res.symbolMap, {
          file: d.path,
          tick: d.tick_size !== undefined ? parseDecimal(d.tick_size, `${at}.tick_size`) : undefined,
          rtype: d.interval ? ohlcvRtype(d.interval) : undefined,
        }).filter((t) => !want || want.includes(t.symbol));
        addTables(i, d.path, bars, { cache: res.cache });
      } else if (d.type === 'catalog') {
        const { openCatalog } = await import('../data/catalog/index.js');
        const found = openCatalog(d.path).read({ kind: 'bars', symbols: d.symbols });
        for (const sym of d.symbols ?? [])
          if (!found.has(sym))
            throw new ConfigError(`${at}.symbols`, `no bars of ${sym} in the catalog ${d.path}`);
        addTables(i, d.path, [...found.values()]);
      } else {
        const res = await loadCsvBars(d, i, opts.quarantineDir, useCache);
        addTables(i, d.path, res.tables, res.report);
      }
    }
  } catch (e) {
    await Promise.all(out.streams.map((s) => s.close()));
    throw e;
  }
  return out;
}

function counted(path: string, rows: number): DataSourceReport {
  return { source: path, rowsRead: rows, rowsAccepted: rows, rowsQuarantined: 0, quarantinePath: null };
}

type CsvSourceConfig = Extract<RunConfig['backtest']['data'][number], { type: 'csv' }>;

/** A bar CSV, through the parse cache unless it is off (the cache keeps lenient counts and quarantine). */
async function loadCsvBars(
  d: CsvSourceConfig,
  i: number,
  quarantineDir: string | null,
  useCache: boolean,
): Promise<{ tables: BarTable[]; report: DataSourceReport }> {
  const options: CsvBarOptions = {
    format: d.format,
    symbol: d.symbol,
    columns: d.columns,
    timestampFormat: d.timestamp_format,
    timezone: d.timezone,
    delimiter: d.delimiter,
    tickSize: d.tick_size,
    mode: d.mode,
    quarantinePath:
      d.mode === 'lenient' && quarantineDir
        ? join(quarantineDir, `${i}-${basename(d.path)}.quarantine.csv`)
        : undefined,
  };
  let res: CsvBarResult & { cache?: CacheStatus };
  if (useCache) {
    const { cachedBars } = await import('../data/catalog/cache-readers.js');
    res = cachedBars(d.path, options, { enabled: true });
  } else res = readBarsCsv(d.path, options);
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
}

type TickSourceConfig = Extract<RunConfig['backtest']['data'][number], { type: 'trades' | 'quotes' }>;

function tickFormat(d: TickSourceConfig, i: number): 'csv' | 'jsonl' | 'dbn' {
  if (d.format) return d.format;
  const p = d.path.toLowerCase();
  if (p.endsWith('.csv')) return 'csv';
  if (p.endsWith('.jsonl') || p.endsWith('.ndjson')) return 'jsonl';
  if (p.endsWith('.dbn') || p.endsWith('.dbn.zst')) return 'dbn';
  throw new ConfigError(
    `backtest.data[${i}].format`,
    `cannot tell the format of ${d.path}: set csv, jsonl or dbn`,
  );
}

async function loadTicks(
  d: TickSourceConfig,
  i: number,
  quarantineDir: string | null,
): Promise<{ ticks: LoadedTicks; report: DataSourceReport }> {
  const format = tickFormat(d, i);
  if (format === 'dbn') {
    const { readDbn } = await import('../data/dbn/read.js');
    const res = readDbn(d.path);
    const table = d.type === 'trades' ? res.tables.trades : res.tables.quotes;
    if (!table || table.length === 0)
      throw new ConfigError(`backtest.data[${i}]`, `${d.path} holds no ${d.type} records`);
    return {
      ticks: { kind: d.type, table, symbols: res.symbolMap, file: d.path, lotSize: 1 },
      report: {
        source: d.path,
        rowsRead: table.length,
        rowsAccepted: table.length,
        rowsQuarantined: 0,
        quarantinePath: null,
      },
    };
  }
  const options: TickReadOptions = {
    columns: d.columns,
    symbol: d.symbol,
    timestampFormat: d.timestamp_format,
    timezone: d.timezone,
    tickSize: d.tick_size,
    lotSize: d.lot_size,
    delimiter: d.delimiter,
    mode: d.mode,
    quarantinePath:
      d.mode === 'lenient' && quarantineDir
        ? join(quarantineDir, `${i}-${basename(d.path)}.quarantine.${format}`)
        : undefined,
  };
  const res =
    format === 'csv'
      ? d.type === 'trades'
        ? readTradesCsv(d.path, options)
        : readQuotesCsv(d.path, options)
      : d.type === 'trades'
        ? readTradesJsonl(d.path, options)
        : readQuotesJsonl(d.path, options);
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
}
