/**
 * Bars decoded in a worker thread (issue 3 §4): `openWorkerBarSource` starts a worker_threads Worker
 * (worker-entry.ts) that reads one symbol of a Parquet, Arrow or DBN file or of a catalog chunk by chunk,
 * and returns a BarChunkSource whose chunks arrive as transferred typed arrays (zero-copy). Flow control is pull: the
 * worker decodes a chunk only when one is requested, and the source keeps `prefetch` requests (8 by
 * default) posted ahead of the consumer, so the worker decodes chunks k+1.. back to back while the engine
 * runs chunk k, and memory holds a few chunks. (Requests are not chained through `prefetching`: a chain
 * posts the next request only when the main thread, busy in the engine loop, gets to handle a reply, which
 * left the worker idle most of the time.) 8 rather than 2: the engine waited on chunks in bursts of worker
 * jitter (5 M rows through `hindsight run`: Parquet 1.10-1.19 s with 2, 0.96-1.03 s with 8; 16 was no
 * faster and a CSV, whose chunks are fresh arrays, peaked ~5 MB higher).
 *
 * Errors: a HindsightError thrown in the worker (DataError, ConfigError, UsageError ...) is rebuilt here with
 * the same class, message and code (no worker stack: it is the user's input); any other exception keeps
 * the worker's stack. A worker that dies (crash, out of memory, exit) rejects the pending and later requests
 * with a HindsightError (code E_WORKER), never a hang. close() terminates the worker; an idle worker is
 * unref'd, so an abandoned source does not keep the process alive.
 * Memory (stream-worker-buffers.ts): `recycle` hands consumed chunk buffers back to the worker, and a
 * one-symbol Parquet file is read slice by slice (parquet/slice-read.ts) into reused buffers. Measured (bench
 * stream_5m_candles, 5 M rows, SMA crossover, 2026-11-21): 0.6 s, peak RSS 96-98 MB, of which ~42 MB is
 * Node's own mapped code, ~14 MB the worker isolate, ~20 MB the run's 195 k fills and 98 k trades, and the
 * stream itself (chunks in flight, one row group's timestamps) a few MB.
 * Limits: one symbol per source; a Parquet file with a `symbol` column has each row group decoded whole
 * in the worker (its memory scales with the file's row-group size); DBN has no index, so a time range still decodes the rows before it.
 * An Arrow stream holds one record batch at a time (arrow/batch-read.ts); a catalog stream one partition's
 * slice buffers (catalog-producer.ts).
 * Worker script: `./worker-entry.js` beside this module (or the bundle's chunk), else the build's copy in
 * dist/ when running from TypeScript sources (core/worker-script.ts).
 */
import { Worker } from 'node:worker_threads';
import { workerScript } from '../../core/worker-script.js';
import type { Scaled } from '../../core/decimal.js';
import {
  ConfigError,
  DataError,
  HindsightError,
  UsageError,
  type DataErrorWhere,
} from '../../core/errors.js';
import type { Timestamp } from '../../core/time.js';
import type { BarTable } from '../bars.js';
import type { BarChunkSource } from './bar-stream.js';
import type { ChunkColumns } from './worker-buffers.js';
import type { CsvBarOptions } from '../csv/plan.js';
import type { CsvStreamReport } from './csv-producer.js';

/** One catalog partition file to read, with the range to cut it by (none: read whole, rows checked). */
export interface CatalogPart {
  path: string;
  /** Size and rows the manifest lists. */
  bytes: number;
  rows: number;
  start?: Timestamp;
  end?: Timestamp;
}

export const WORKER_FORMATS = ['parquet', 'dbn', 'arrow', 'catalog', 'csv'] as const;

export interface WorkerBarSpec {
  /** `catalog`: `path` is the catalog directory (for errors), the files are `parts`. */
  format: (typeof WORKER_FORMATS)[number];
  path: string;
  /** Catalog: the symbol's partitions in time order (`symbol` and `tick` are then required). */
  parts?: CatalogPart[];
  /** Rows the caller knows the source holds (Arrow: from the batch headers), for progress. */
  rowsHint?: number;
  /** CSV: the reader's options (csv/plan.ts). */
  csv?: CsvBarOptions;
  /** CSV: stream through the parse cache in this directory (catalog/cache.ts cacheDir); absent: no cache. */
  cacheDir?: string;
  /** The symbol to read; default: the file's only symbol. */
  symbol?: string;
  /** Tick size: Parquet, when the file has no tick metadata; DBN, else inferred by a first pass. */
  tick?: Scaled;
  /** Rows with start <= ts < end. */
  start?: Timestamp;
  end?: Timestamp;
  /** Rows per chunk at most (default 8,192): Parquet row groups are cut; DBN, records decoded per step. */
  chunkRows?: number;
  /** DBN: the OHLCV rtype to read when the file mixes intervals. */
  rtype?: number;
  /** Chunks requested ahead of the consumer (default 2; 0 = none). */
  prefetch?: number;
  /**
   * Reuse the buffers of chunks the consumer is done with (default false): flat memory, no allocation per
   * chunk. Only for consumers that keep no chunk once they have asked for the next one but one — as
   * Engine.runAsync (it keeps the current chunk, and the previous one only while fetching the next). A chunk
   * is handed back `prefetch + 3` requests after it arrived; its arrays are then detached (length 0).
   */
  recycle?: boolean;
}

/** A request for the next chunk, returning buffer sets (7 per chunk, column order) for reuse. */
export interface WorkerRequest {
  reuse?: ArrayBuffer[];
}

export type WorkerError =
  | { type: 'error'; kind: 'data'; where: DataErrorWhere; detail: string; message: string; code: string }
  | { type: 'error'; kind: 'config'; path: string; detail: string; message: string; code: string }
  | { type: 'error'; kind: 'usage' | 'other'; message: string; code: string }
  | { type: 'error'; kind: 'bug'; message: string; code: string; stack: string };

export type WorkerReply =
  | { type: 'open'; symbol: string; tick: Scaled; rowsHint: number | null; report?: CsvStreamReport }
  | ({ type: 'chunk' } & ChunkColumns)
  | { type: 'end' }
  | WorkerError;

/**
 * The worker's young generation: V8 grows it up to tens of MB under the decoder's allocation rate, which
 * shows in RSS; 4 MB costs no measurable decode time (measured on 5 M rows: RSS -12 MB).
 */
const YOUNG_GENERATION_MB = 4;

/** The worker's script (see core/worker-script.ts for where it is found). */
export function barWorkerScript(): URL {
  return workerScript(import.meta.url, 'data/stream/worker-entry.js');
}

function rebuild(e: WorkerError): Error {
  switch (e.kind) {
    case 'data':
      return new DataError(e.where, e.detail);
    case 'config':
      return new ConfigError(e.path, e.detail);
    case 'usage':
      return new UsageError(e.message);
    case 'other':
      return new HindsightError(e.message, e.code);
    case 'bug': {
      const err = new Error(`stream worker: ${e.message}`);
      err.stack = `${err.message}\n--- in the worker ---\n${e.stack}`;
      return err;
    }
  }
}

interface Waiter {
  resolve: (t: BarTable | null) => void;
  reject: (e: Error) => void;
}

/**
 * The main-thread end of a bar worker (exported for tests and custom workers speaking the protocol of
 * stream-worker-entry.ts): await `opened` before the first next().
 */
export class WorkerBarSource implements BarChunkSource {
  symbol = '';
  tick: Scaled = { units: 1, scale: 0 };
  rowsHint: number | null = null;
  /** What the worker reported when it opened (CSV: counts and cache status), else null. */
  report: CsvStreamReport | null = null;
  /** Requests in flight, answered in order; the first is the `open` handshake. */
  private readonly waiting: Waiter[] = [];
  private finished = false;
  private failure: Error | null = null;
  /** Recycling: buffers of the chunks delivered and not yet returned, oldest first, with their index. */
  private readonly delivered: { index: number; buffers: ArrayBuffer[] }[] = [];
  private received = 0;
  /** Chunks asked for by the consumer (calls of next()). */
  private consumed = 0;
  /** Replies requested ahead of the consumer, oldest first. */
  private readonly ahead: Promise<BarTable | null>[] = [];
  readonly opened: Promise<void>;

  /**
   * `depth`: requests kept posted ahead of the consumer, so the worker decodes while the consumer works
   * (they queue in the worker, which answers them back to back). `recycle`: return a chunk's buffers to
   * the worker once the consumer asks for the chunk three after it (it holds at most the current chunk
   * and the one before).
   */
  constructor(
    private readonly worker: Worker,
    private readonly file: string,
    private readonly depth = 0,
    private readonly recycle = false,
  ) {
    this.opened = new Promise((resolve, reject) => this.waiting.push({ resolve: () => resolve(), reject }));
    worker.on('message', (m: WorkerReply) => this.onReply(m));
    worker.on('error', (e: Error) =>
      this.fail(new HindsightError(`stream worker for ${file} crashed: ${e.message}`, 'E_WORKER')),
    );
    worker.on('exit', (code) => {
      if (!this.finished)
        this.fail(
          new HindsightError(
            `stream worker for ${file} exited (code ${code}) before the end of the data`,
            'E_WORKER',
          ),
        );
    });
  }

  private onReply(m: WorkerReply): void {
    const w = this.waiting.shift();
    if (this.waiting.length === 0) this.worker.unref();
    if (!w) return;
    switch (m.type) {
      case 'open':
        this.symbol = m.symbol;
        this.tick = m.tick;
        this.rowsHint = m.rowsHint;
        this.report = m.report ?? null;
        w.resolve(null);
        return;
      case 'chunk':
        if (this.recycle)
          this.delivered.push({
            index: this.received++,
            buffers: [m.tsSec, m.tsNsec, m.open, m.high, m.low, m.close, m.volume].map(
              (a) => a.buffer as ArrayBuffer,
            ),
          });
        w.resolve({
          symbol: this.symbol,
          tick: this.tick,
          length: m.length,
          tsSec: m.tsSec,
          tsNsec: m.tsNsec,
          open: m.open,
          high: m.high,
          low: m.low,
          close: m.close,
          volume: m.volume,
        });
        return;
      case 'end':
        w.resolve(null);
        this.stop();
        return;
      case 'error':
        this.waiting.unshift(w);
        this.fail(rebuild(m));
        return;
    }
  }

  /** Rejects every request in flight and every later one with `e`; ends the worker. */
  private fail(e: Error): void {
    if (this.finished) return;
    this.failure = e;
    for (const w of this.waiting.splice(0)) w.reject(e);
    this.stop();
  }

  /** No more requests reach the worker: the ones in flight get null, the worker is ended. */
  private stop(): Promise<number> {
    this.finished = true;
    for (const w of this.waiting.splice(0)) w.resolve(null);
    return this.worker.terminate();
  }

  next(): Promise<BarTable | null> {
    if (this.failure) return Promise.reject(this.failure);
    const c = this.consumed++;
    while (this.ahead.length <= this.depth && !this.finished) this.ahead.push(this.request(c));
    return this.ahead.shift() ?? Promise.resolve(null);
  }

  /** Posts one request, returning the buffers of chunks before `consumed - 2` when recycling. */
  private request(consumed: number): Promise<BarTable | null> {
    const reuse: ArrayBuffer[] = [];
    while (this.delivered.length > 0 && this.delivered[0]!.index <= consumed - 3)
      reuse.push(...this.delivered.shift()!.buffers);
    const p = new Promise<BarTable | null>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ reuse } satisfies WorkerRequest, reuse);
    });
    // A request still ahead when the worker fails is rejected unobserved; the consumer sees the failure
    // through the request it awaits.
    p.catch(() => undefined);
    return p;
  }

  async close(): Promise<void> {
    if (this.finished) return;
    await this.stop();
  }
}

/**
 * A chunked source of one symbol's bars decoded in a worker thread; resolves once the worker has opened
 * the file (symbol, tick and rowsHint known) and rejects with the worker's error if it cannot.
 */
export async function openWorkerBarSource(spec: WorkerBarSpec): Promise<WorkerBarSource> {
  if (!WORKER_FORMATS.includes(spec.format))
    throw new UsageError(
      `openWorkerBarSource: format must be one of ${WORKER_FORMATS.join(', ')} (got ${String(spec.format)})`,
    );
  if (typeof spec.path !== 'string' || spec.path === '')
    throw new UsageError('openWorkerBarSource: path must be a non-empty string');
  if (spec.chunkRows !== undefined && !(Number.isInteger(spec.chunkRows) && spec.chunkRows >= 1))
    throw new UsageError(`openWorkerBarSource: chunkRows must be a positive integer (got ${spec.chunkRows})`);
  const depth = spec.prefetch ?? 8;
  if (!Number.isInteger(depth) || depth < 0)
    throw new UsageError(`openWorkerBarSource: prefetch must be an integer >= 0 (got ${depth})`);
  const src = new WorkerBarSource(
    new Worker(barWorkerScript(), {
      workerData: spec,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    }),
    spec.path,
    depth,
    spec.recycle === true,
  );
  await src.opened;
  return src;
}
