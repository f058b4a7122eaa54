/**
 * The stream worker (worker_threads entry; the main-thread side is worker.ts): reads one symbol's bars
 * from a Parquet, Arrow, DBN or CSV (csv-producer.ts) file or a catalog (producers: producer.ts) chunk by chunk and posts each
 * chunk's columns with a transfer list, so they move to the main thread without a copy.
 *
 * Protocol: the worker posts `open` (symbol, tick, rowsHint) once the file is opened and checked, then one
 * `chunk`, `end` or `error` message per `next` request, in order. It decodes only when asked (pull), so
 * memory holds the chunks requested, never the file. Errors are posted as data (class, message, code and
 * the fields to rebuild them) so a DataError reaches the main thread as a DataError with the same message.
 * Chunks: at most `chunkRows` rows (default 8,192). A one-symbol Parquet file is read slice by slice
 * (parquet/slice-read.ts); a file with a symbol column has each row group decoded whole, into buffers
 * reused from group to group, and handed out in pieces; DBN decodes `chunkRows` records per step. A DBN
 * file without a given tick or symbol is scanned once first (dbn-bars.ts says why). Memory:
 * stream-worker-buffers.ts. (8,192 rather than 16,384 rows: ~2 MB less in flight, no measurable time.)
 */
import { closeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError, DataError, HindsightError, UsageError } from '../../core/errors.js';
import { ChunkPacker, GarbagePacer } from './worker-buffers.js';
import { viewBarTable, type BarTable } from '../bars.js';
import type { WorkerBarSpec, WorkerError, WorkerReply, WorkerRequest } from './worker.js';
import type { ParquetReadStats } from '../parquet/read.js';
import { DEFAULT_CHUNK_ROWS, type Producer } from './producer.js';

/** Rows handed out between two explicit collections in the worker (stream-worker-buffers.ts). */
const GC_EVERY_ROWS = 131_072;
const port = parentPort!;
const spec = workerData as WorkerBarSpec;

async function parquetProducer(s: WorkerBarSpec): Promise<Producer> {
  const { openParquetBars } = await import('../parquet/footer.js');
  const { KEY_SYMBOL, TickResolver } = await import('../parquet/layout.js');
  const { iterateBarsParquet } = await import('../parquet/read.js');
  const f = openParquetBars(s.path);
  closeSync(f.fd);
  const fileSymbol = f.symbol ? null : (f.kv.get(KEY_SYMBOL) ?? null);
  if (s.symbol !== undefined && fileSymbol !== null && s.symbol !== fileSymbol)
    throw new DataError(
      { file: s.path, field: 'symbol', value: s.symbol },
      `the file holds only symbol ${fileSymbol}`,
    );
  // Per row group: the only symbol its statistics allow, or null (several, or no statistics).
  const groupSymbols = f.meta.row_groups.map((g) => {
    if (!f.symbol) return fileSymbol ?? s.symbol ?? null;
    const st = g.columns[f.symbol.chunk]?.meta_data?.statistics;
    const lo = st?.min_value;
    return typeof lo === 'string' && lo === st?.max_value ? lo : null;
  });
  let symbol = s.symbol ?? fileSymbol;
  if (symbol === null) {
    if (!f.symbol)
      throw new DataError(
        { file: s.path, field: 'symbol' },
        `no symbol column and no ${KEY_SYMBOL} metadata (pass the symbol option)`,
      );
    const distinct = new Set(groupSymbols);
    if (distinct.size !== 1 || distinct.has(null))
      throw new DataError(
        { file: s.path, field: 'symbol' },
        'the file holds several symbols (or no symbol statistics): choose one with the symbol option',
      );
    symbol = groupSymbols[0]!;
  }
  const tick = new TickResolver(s.path, f.kv, s.tick ?? null).tick(symbol);
  let rowsHint: number | null = 0;
  f.meta.row_groups.forEach((g, i) => {
    if (rowsHint !== null && groupSymbols[i] === symbol) rowsHint += Number(g.num_rows);
    else if (groupSymbols[i] === null) rowsHint = null;
  });
  if (s.start || s.end) rowsHint = null;
  const stats: ParquetReadStats = { rowGroups: 0, rowGroupsRead: 0 };
  const cut = s.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (!f.symbol) {
    // One symbol per file: read slice by slice (parquet/slice-read.ts), no row group held whole.
    const { iterateBarSlices } = await import('../parquet/slice-read.js');
    const slices = iterateBarSlices(s.path, {
      symbol,
      tick: s.tick,
      start: s.start,
      end: s.end,
      sliceRows: cut,
      stats,
    });
    let last = 0;
    return {
      symbol,
      tick,
      rowsHint,
      borrowed: true,
      // Slices are read into reused buffers unless a column needs the general decoder (then per group).
      garbageRows(): number {
        const rows = stats.generalChunks! > 0 ? last : 0;
        last = 0;
        return rows;
      },
      next(): BarTable | null {
        const r = slices.next();
        last = r.done ? 0 : r.value.length;
        return r.done ? null : r.value;
      },
    };
  }
  const groups = iterateBarsParquet(s.path, {
    symbol,
    symbols: [symbol],
    start: s.start,
    end: s.end,
    tick: s.tick,
    // Each group is handed out (and copied by the packer) before the next one is read.
    reuseBuffers: true,
    stats,
  });
  let generalSeen = 0;
  let garbage = 0;
  let group: BarTable | null = null;
  let at = 0;
  return {
    symbol,
    tick,
    rowsHint,
    borrowed: true,
    garbageRows(): number {
      const rows = garbage;
      garbage = 0;
      return rows;
    },
    next(): BarTable | null {
      while (group === null || at >= group.length) {
        const r = groups.next();
        if (r.done) return null;
        group = r.value.find((t) => t.symbol === symbol) ?? null;
        at = 0;
        if (stats.generalChunks! > generalSeen) garbage += group?.length ?? 0;
        generalSeen = stats.generalChunks!;
      }
      if (at === 0 && cut >= group.length) {
        at = group.length;
        return group;
      }
      const end = Math.min(group.length, at + cut);
      // A view: the packer copies it once, into a recycled set or a buffer of its own.
      const piece = viewBarTable(group, at, end);
      at = end;
      return piece;
    },
  };
}

async function dbnProducer(s: WorkerBarSpec): Promise<Producer> {
  const { iterateDbnBars, scanDbnBars } = await import('../dbn/bars.js');
  const chunkRecords = s.chunkRows ?? DEFAULT_CHUNK_ROWS;
  let symbol = s.symbol ?? null;
  let tick = s.tick ?? null;
  let rowsHint: number | null = null;
  if (symbol === null || tick === null) {
    const scan = scanDbnBars(s.path, { rtype: s.rtype, chunkRecords });
    const found = [...scan.symbols.keys()];
    if (symbol === null && found.length !== 1)
      throw new DataError(
        { file: s.path, field: 'symbol' },
        found.length === 0
          ? 'no OHLCV records'
          : `the file holds several symbols (${found.join(', ')}): choose one with the symbol option`,
      );
    symbol ??= found[0]!;
    const info = scan.symbols.get(symbol);
    if (!info)
      throw new DataError(
        { file: s.path, field: 'symbol', value: symbol },
        `no OHLCV records of this symbol (the file holds ${found.join(', ') || 'none'})`,
      );
    tick ??= info.tick;
    rowsHint = s.start || s.end ? null : info.rows;
  }
  const it = iterateDbnBars(s.path, {
    symbol,
    tick,
    rtype: s.rtype,
    chunkRecords,
    start: s.start,
    end: s.end,
  });
  let last = 0;
  return {
    symbol,
    tick,
    rowsHint,
    borrowed: false,
    // Every DBN chunk is converted into fresh arrays.
    garbageRows(): number {
      const rows = last;
      last = 0;
      return rows;
    },
    next(): BarTable | null {
      const r = it.next();
      last = r.done ? 0 : r.value.length;
      return r.done ? null : r.value;
    },
  };
}

/** A one-symbol bar CSV, parsed in the worker (csv-producer.ts). */
async function csvStreamProducer(s: WorkerBarSpec): Promise<Producer> {
  const { csvProducer } = await import('./csv-producer.js');
  if (!s.csv) throw new UsageError('stream worker: a csv source needs its csv options');
  return csvProducer({
    path: s.path,
    csv: s.csv,
    chunkRows: s.chunkRows ?? DEFAULT_CHUNK_ROWS,
    cacheDir: s.cacheDir,
  });
}

/** The producer of each format (Arrow and catalog: modules of their own, loaded when used). */
const PRODUCERS: Record<WorkerBarSpec['format'], (s: WorkerBarSpec) => Promise<Producer>> = {
  parquet: parquetProducer,
  dbn: dbnProducer,
  arrow: async (s) => (await import('./arrow-producer.js')).arrowProducer(s),
  catalog: async (s) => (await import('./catalog-producer.js')).catalogProducer(s),
  csv: csvStreamProducer,
};

function errorReply(e: unknown): WorkerError {
  if (e instanceof DataError)
    return {
      type: 'error',
      kind: 'data',
      where: e.where,
      detail: e.detail,
      message: e.message,
      code: e.code,
    };
  if (e instanceof ConfigError)
    return {
      type: 'error',
      kind: 'config',
      path: e.path,
      detail: e.detail,
      message: e.message,
      code: e.code,
    };
  if (e instanceof UsageError) return { type: 'error', kind: 'usage', message: e.message, code: e.code };
  if (e instanceof HindsightError) return { type: 'error', kind: 'other', message: e.message, code: e.code };
  const err = e instanceof Error ? e : new Error(String(e));
  return { type: 'error', kind: 'bug', message: err.message, code: '', stack: err.stack ?? '' };
}

/** Answers each request in order; a failure to open is the answer to the handshake. */
async function main(): Promise<void> {
  let producer: Producer;
  try {
    producer = await PRODUCERS[spec.format](spec);
  } catch (e) {
    // Stays alive (the listener) until the main thread, which has the error, terminates it.
    port.on('message', () => undefined);
    port.postMessage(errorReply(e));
    return;
  }
  const packer = new ChunkPacker();
  const pacer = new GarbagePacer(GC_EVERY_ROWS);
  const recycle = spec.recycle === true;
  port.on('message', (req: WorkerRequest) => {
    try {
      if (req.reuse) packer.give(req.reuse);
      const t = producer.next();
      if (t === null) {
        port.postMessage({ type: 'end' } satisfies WorkerReply);
        return;
      }
      if (
        t.symbol !== producer.symbol ||
        t.tick.units !== producer.tick.units ||
        t.tick.scale !== producer.tick.scale
      )
        throw new Error(`a chunk of ${t.symbol} does not match the stream of ${producer.symbol}`);
      const [cols, transfer] = packer.pack(t, recycle, producer.borrowed);
      port.postMessage({ type: 'chunk', ...cols } satisfies WorkerReply, transfer);
      pacer.afterChunk(producer.garbageRows());
    } catch (e) {
      port.postMessage(errorReply(e));
    }
  });
  const open: WorkerReply = {
    type: 'open',
    symbol: producer.symbol,
    tick: producer.tick,
    rowsHint: producer.rowsHint,
    ...(producer.report ? { report: producer.report } : {}),
  };
  port.postMessage(open);
}

await main();
