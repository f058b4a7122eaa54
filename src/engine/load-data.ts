/**
 * The data sources of a run config into what the engine consumes: in-memory bar tables, chunked bar
 * streams decoded in a worker, and trade/quote tables. Each `type:` has its reader in one table
 * (source-readers.ts); this module walks the config through it and keeps the rules across sources: one
 * symbol comes from one source only (ConfigError otherwise), and streams already opened are closed when a
 * later source fails. Whether a bar source streams is its reader's choice (stream-choice.ts: its `stream`
 * option, else its size); `stream: false` here loads every source whole.
 */
import { ConfigError } from '../core/errors.js';
import { parseIso, tsAddNanos } from '../core/time.js';
import type { BarTable } from '../data/bars.js';
import type { BarChunkSource } from '../data/stream/bar-stream.js';
import type { DataSourceReport } from '../analytics/run-record.js';
import type { RunConfig } from './config.js';
import { STREAM_ROWS_THRESHOLD } from './stream-choice.js';
import {
  SOURCE_READERS,
  type LoadedTicks,
  type SourceConfig,
  type SourceEnv,
  type SourceLoad,
  type LoadedBook,
} from './source-readers.js';

export type { LoadedTicks, LoadedBook } from './source-readers.js';

export interface LoadedData {
  /** In-memory bar tables, one per symbol. */
  tables: BarTable[];
  /** Streamed bar sources, one per symbol. */
  streams: BarChunkSource[];
  ticks: LoadedTicks[];
  /** Order-book feeds (DBN MBO and MBP-10). */
  books: LoadedBook[];
  sources: DataSourceReport[];
}

export interface LoadOptions {
  /** Where lenient-mode rejects go (null: counted only). */
  quarantineDir: string | null;
  /** Open streamed sources as chunked streams (default true); false reads them whole (reports). */
  stream?: boolean;
  /** Use the parse cache (default: the config's `backtest.cache`). */
  cache?: boolean;
  /** Rows above which a source without a `stream` option streams (default STREAM_ROWS_THRESHOLD). */
  streamRowsThreshold?: number;
  /** Rows per streamed chunk at most (default 8,192); small values exercise chunk boundaries in tests. */
  streamChunkRows?: number;
}

/** Reads (or opens, for streamed sources) every data source of the config. */
export async function loadData(cfg: RunConfig, opts: LoadOptions): Promise<LoadedData> {
  const out: LoadedData = { tables: [], streams: [], ticks: [], books: [], sources: [] };
  const seen = new Map<string, string>();
  const claim = (at: string, path: string, symbol: string): void => {
    const prior = seen.get(symbol);
    if (prior) throw new ConfigError(at, `symbol ${symbol} already comes from ${prior}`);
    seen.set(symbol, path);
  };
  const range = runRange(cfg);
  try {
    for (const [index, d] of cfg.backtest.data.entries()) {
      const env: SourceEnv = {
        at: `backtest.data[${index}]`,
        index,
        quarantineDir: opts.quarantineDir,
        cache: opts.cache ?? cfg.backtest.cache,
        stream: opts.stream !== false,
        range,
        streamRowsThreshold: opts.streamRowsThreshold ?? STREAM_ROWS_THRESHOLD,
        chunkRows: opts.streamChunkRows,
      };
      const got = await readSource(d, env);
      // Streams join `out` before their symbols are claimed, so a clash still closes them below.
      out.streams.push(...(got.streams ?? []));
      for (const t of got.tables ?? []) claim(env.at, d.path, t.symbol);
      for (const s of got.streams ?? []) claim(env.at, d.path, s.symbol);
      out.tables.push(...(got.tables ?? []));
      if (got.ticks) out.ticks.push(got.ticks);
      if (got.book) {
        for (const sym of got.book.symbols.values()) claim(env.at, d.path, sym);
        out.books.push(got.book);
      }
      out.sources.push(got.report);
    }
  } catch (e) {
    await Promise.all(out.streams.map((s) => s.close()));
    throw e;
  }
  return out;
}

/** backtest.start/end as [start, end + 1 ns): the run keeps bars with start <= ts <= end (backtest.ts). */
function runRange(cfg: RunConfig): SourceEnv['range'] {
  const { start, end } = cfg.backtest;
  const e = end ? parseIso(end) : null;
  return {
    start: start ? parseIso(start) : undefined,
    end: e ? tsAddNanos(e.sec, e.nsec, 1, { sec: 0, nsec: 0 }) : undefined,
  };
}

function readSource(d: SourceConfig, env: SourceEnv): Promise<SourceLoad> {
  const reader = SOURCE_READERS[d.type] as (d: SourceConfig, env: SourceEnv) => Promise<SourceLoad>;
  return reader(d, env);
}
