/**
 * Bars delivered chunk by chunk (issue 3 §4: bounded memory, decoding overlapped with the run). A
 * BarChunkSource hands out BarTables of one symbol in time order; the engine pulls the next one when the
 * current chunk's rows are used up (src/engine/engine.ts), so memory holds a few chunks, not the file.
 *
 * `tableChunks` cuts an in-memory table into zero-copy chunks (tests, and the same code path as files);
 * `prefetching` keeps the next chunks requested ahead, so a source that decodes asynchronously (a worker
 * thread, src/data/stream/worker.ts) works while the engine is busy with the current chunk.
 * Invariants: chunks are non-empty, rows strictly increase in time within and across chunks (the engine
 * checks at every chunk boundary), all chunks share the source's symbol and tick.
 */
import type { Scaled } from '../../core/decimal.js';
import { UsageError } from '../../core/errors.js';
import { viewBarTable, type BarTable } from '../bars.js';

export interface BarChunkSource {
  readonly symbol: string;
  readonly tick: Scaled;
  /** Rows the source expects to deliver (for progress), or null when unknown. */
  readonly rowsHint: number | null;
  /** The next chunk (at least one row), or null once the rows are exhausted. One call at a time. */
  next(): Promise<BarTable | null>;
  /** Stops early and frees what the source holds (worker, file); next() then returns null. */
  close(): Promise<void>;
}

/** An in-memory table as a chunked source of `rows`-row zero-copy views. */
export function tableChunks(t: BarTable, rows: number): BarChunkSource {
  if (!Number.isInteger(rows) || rows < 1)
    throw new UsageError(`tableChunks: rows must be a positive integer, got ${rows}`);
  let at = 0;
  return {
    symbol: t.symbol,
    tick: t.tick,
    rowsHint: t.length,
    next(): Promise<BarTable | null> {
      if (at >= t.length) return Promise.resolve(null);
      const end = Math.min(t.length, at + rows);
      const chunk = viewBarTable(t, at, end);
      at = end;
      return Promise.resolve(chunk);
    },
    close(): Promise<void> {
      at = t.length;
      return Promise.resolve();
    },
  };
}

/**
 * Keeps up to `depth` chunks requested ahead of the consumer. With a source that decodes elsewhere (a
 * worker), chunk k+1 is being decoded while the engine runs chunk k; memory holds at most depth + 1 chunks.
 */
export function prefetching(src: BarChunkSource, depth = 2): BarChunkSource {
  if (!Number.isInteger(depth) || depth < 1)
    throw new UsageError(`prefetching: depth must be a positive integer, got ${depth}`);
  const ahead: Promise<BarTable | null>[] = [];
  let ended = false;
  // Requests are chained so the source sees one call at a time, in order.
  let tail: Promise<unknown> = Promise.resolve();
  const request = (): void => {
    const p = tail.then(() => (ended ? null : src.next()));
    tail = p.then(
      (c) => {
        if (c === null) ended = true;
      },
      () => {
        ended = true;
      },
    );
    // Marks the rejection handled even if close() drops the promise; the consumer still sees it.
    p.catch(() => undefined);
    ahead.push(p);
  };
  return {
    symbol: src.symbol,
    tick: src.tick,
    rowsHint: src.rowsHint,
    next(): Promise<BarTable | null> {
      while (ahead.length < depth) request();
      const p = ahead.shift()!;
      request();
      return p;
    },
    async close(): Promise<void> {
      ended = true;
      ahead.length = 0;
      await src.close();
    },
  };
}

/**
 * A source whose chunks pass through `fn` (re-ticking, cutting to a time range ...); chunks `fn` leaves
 * empty are skipped. `rowsHint` stays the source's (an upper bound after cutting).
 */
export function mapChunks(src: BarChunkSource, tick: Scaled, fn: (t: BarTable) => BarTable): BarChunkSource {
  return {
    symbol: src.symbol,
    tick,
    rowsHint: src.rowsHint,
    async next(): Promise<BarTable | null> {
      for (;;) {
        const t = await src.next();
        if (t === null) return null;
        const out = fn(t);
        if (out.length > 0) return out;
      }
    },
    close: () => src.close(),
  };
}

/** The same source, with `onChunk` shown every chunk before the consumer gets it (taps that keep a summary). */
export function tapChunks(src: BarChunkSource, onChunk: (t: BarTable) => void): BarChunkSource {
  return {
    symbol: src.symbol,
    tick: src.tick,
    rowsHint: src.rowsHint,
    async next(): Promise<BarTable | null> {
      const t = await src.next();
      if (t !== null) onChunk(t);
      return t;
    },
    close: () => src.close(),
  };
}
