/**
 * A bar CSV as a chunked stream (issue 10): parsed in a worker thread (csv-producer.ts) while the engine
 * runs, with bounded memory, giving the same rows, tick, counts, quarantine and errors as readBarsCsv,
 * through the parse cache when asked. The stream opens once the worker's first pass is done: the tick
 * (`auto` needs every price), the counts and a strict-mode error are known before the first chunk.
 * Measured through the CLI (`hindsight run`, 5 M one-minute rows of `data synth` in one 269 MB CSV, SMA
 * crossover 10/30/100, daily equity, report off; 2026-12-08 on the shared 2-core VM at load average 5-9, so
 * wall times are up to twice the idle ones; CPU = user + sys of both threads), strategy bundled while the
 * worker opens (backtest.ts): cache miss 1.9-3.9 s wall, 2.4-2.6 s CPU, peak RSS 223-261 MB; hit 1.7-2.4 s,
 * 1.7-1.8 s CPU, 219-244 MB. Without the Parquet outputs (`output.parquet: false`, ~95 MB and ~0.4 s of
 * the above): miss 2.8-3.4 s, 2.1-2.2 s CPU, 129-149 MB; hit 1.7-1.9 s, 1.3-1.5 s CPU, 126-146 MB. The
 * whole-file read of the same run peaks at 468-478 MB. A miss spends the source's SHA-256 (~0.2 s) and
 * the first pass (~0.37 s CPU) before the first chunk; a hit the SHA-256 and the entry's CRC (~0.07 s).
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
