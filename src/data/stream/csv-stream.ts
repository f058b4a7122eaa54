/**
 * A bar CSV as a chunked stream (issue 10): parsed in a worker thread (csv-producer.ts) while the engine
 * runs, with bounded memory, giving the same rows, tick, counts, quarantine and errors as readBarsCsv,
 * through the parse cache when asked. The stream opens once the worker's first pass is done: the tick
 * (`auto` needs every price), the counts and a strict-mode error are known before the first chunk.
 * Limits: one symbol per file — a file with a symbol column is refused with a ConfigError (one stream
 * per symbol would parse the whole file once per symbol; read such files whole).
 */
import { ConfigError } from '../../core/errors.js';
import type { CsvBarOptions } from '../csv/plan.js';
import type { BarChunkSource } from './bar-stream.js';
import type { CsvStreamReport } from './csv-producer.js';

export type { CsvStreamReport } from './csv-producer.js';

export interface CsvStreamOptions {
  path: string;
  csv: CsvBarOptions;
  /** Rows per chunk at most (default 8,192). */
  chunkRows?: number;
  /** Chunks requested ahead of the consumer (default 2). */
  prefetch?: number;
  /** Reuse consumed chunk buffers (worker.ts WorkerBarSpec.recycle: only for Engine.runAsync-like consumers). */
  recycle?: boolean;
  /** The parse cache: on when `enabled` (default false here), in `dir` (default: cache.ts cacheDir). */
  cache?: { enabled?: boolean; dir?: string };
}

export interface CsvBarStream extends BarChunkSource {
  /** The whole reader's counts and the quarantine path, known when the stream opens; cache status. */
  readonly report: CsvStreamReport;
}

export async function openCsvBarStream(o: CsvStreamOptions): Promise<CsvBarStream> {
  if (o.csv.columns?.symbol)
    throw new ConfigError(
      'stream',
      `${o.path}: a CSV with a symbol column cannot be streamed (one stream per symbol would parse the ` +
        'file once per symbol): read it whole (stream: false)',
    );
  if (o.csv.symbol === undefined || o.csv.symbol === '')
    throw new ConfigError('symbol', `${o.path}: a streamed CSV needs its symbol`);
  const { openWorkerBarSource } = await import('./worker.js');
  let cacheDir: string | undefined;
  if (o.cache?.enabled) cacheDir = (await import('../catalog/cache.js')).cacheDir(o.cache.dir);
  const src = await openWorkerBarSource({
    format: 'csv',
    path: o.path,
    csv: o.csv,
    cacheDir,
    chunkRows: o.chunkRows,
    prefetch: o.prefetch,
    recycle: o.recycle,
  });
  const report = src.report!;
  return Object.assign(src, { report });
}
