/**
 * Memory handling on the worker side of the stream worker (stream-worker-entry.ts).
 *
 * Chunks leave the worker as transferred ArrayBuffers. By default a chunk's own column buffers are
 * transferred (a column that is a view or shares its buffer is copied first). With recycling, the main
 * thread sends back the buffers of chunks its consumer is done with, and each chunk is copied (one memcpy
 * per column) into a returned buffer set instead: steady state then allocates nothing per chunk on the main
 * thread, whose engine loop allocates so little that V8 would otherwise let ~64 MB of dead chunk buffers
 * pile up before collecting them (V8 collects on external-memory growth of that size; measured).
 * The same holds for the worker's own decoding garbage where a decoder allocates (DBN chunks, Parquet
 * column chunks outside the flat subset of parquet/flat-reader.ts), so the worker collects explicitly every
 * so many such rows; `gc` is obtained through V8's expose-gc flag, set only while this isolate creates the
 * context that exposes it. Flat Parquet files decode into reused arrays and need no collection at all (a
 * full collection per row group cost ~260 ms per 5 M rows for nothing).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { BarTable } from '../bars.js';

/** Column order of a buffer set: tsSec, tsNsec, open, high, low, close, volume. */
export const SET_SIZE = 7;

export interface ChunkColumns {
  length: number;
  tsSec: Float64Array;
  tsNsec: Uint32Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Packs tables into transferable column sets, from recycled buffers when the main thread returns some. */
export class ChunkPacker {
  private readonly free: ArrayBuffer[][] = [];

  /** Buffer sets (SET_SIZE buffers each, in column order) the main thread is done with. */
  give(buffers: ArrayBuffer[]): void {
    for (let i = 0; i + SET_SIZE <= buffers.length; i += SET_SIZE)
      this.free.push(buffers.slice(i, i + SET_SIZE));
  }

  /** The columns to post and the buffers to transfer; a `borrowed` table's buffers are never given away. */
  pack(t: BarTable, recycle: boolean, borrowed: boolean): [ChunkColumns, ArrayBuffer[]] {
    return recycle ? this.copyToSet(t) : ownBuffers(t, borrowed);
  }

  private copyToSet(t: BarTable): [ChunkColumns, ArrayBuffer[]] {
    const n = t.length;
    const k = this.free.findIndex((s) => s[0]!.byteLength >= 8 * n);
    // No set fits (a longer chunk than before): one too small is dropped, so the pool cannot grow.
    if (k < 0 && this.free.length > 0) this.free.shift();
    const set =
      k >= 0
        ? this.free.splice(k, 1)[0]!
        : [8, 4, 8, 8, 8, 8, 8].map((bytes) => new ArrayBuffer(bytes * Math.max(n, 1)));
    const f64 = (i: number, src: Float64Array): Float64Array => {
      const a = new Float64Array(set[i]!, 0, n);
      a.set(src.subarray(0, n));
      return a;
    };
    const tsNsec = new Uint32Array(set[1]!, 0, n);
    tsNsec.set(t.tsNsec.subarray(0, n));
    const cols: ChunkColumns = {
      length: n,
      tsSec: f64(0, t.tsSec),
      tsNsec,
      open: f64(2, t.open),
      high: f64(3, t.high),
      low: f64(4, t.low),
      close: f64(5, t.close),
      volume: f64(6, t.volume),
    };
    return [cols, set];
  }
}

/** The table's columns on buffers of their own (copied when borrowed, a view or shared), ready to transfer. */
function ownBuffers(t: BarTable, borrowed: boolean): [ChunkColumns, ArrayBuffer[]] {
  const n = t.length;
  const seen = new Set<ArrayBufferLike>();
  const own = <T extends Float64Array | Uint32Array>(col: T): T => {
    const a = col.subarray(0, n) as T;
    const whole =
      !borrowed && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && !seen.has(a.buffer);
    const b = whole ? a : (a.slice() as T);
    seen.add(b.buffer);
    return b;
  };
  const cols: ChunkColumns = {
    length: n,
    tsSec: own(t.tsSec),
    tsNsec: own(t.tsNsec),
    open: own(t.open),
    high: own(t.high),
    low: own(t.low),
    close: own(t.close),
    volume: own(t.volume),
  };
  return [cols, [...seen] as ArrayBuffer[]];
}

/**
 * Collects this isolate's garbage after every `everyRows` rows handed out. Paced by rows, not by V8's
 * external-memory figure: that figure lags (buffers are freed by a background sweeper after a collection),
 * and a decoded row group still being handed out keeps it high. Measured on 5 M rows (16,384-row chunks):
 * every 131,072 rows costs ~0.3 s of worker CPU and saves ~55 MB of peak RSS against no explicit collection.
 */
export class GarbagePacer {
  private readonly gc: (() => void) | null = exposedGc();
  private rows = 0;

  constructor(private readonly everyRows: number) {}

  /** `rows`: rows just decoded into fresh buffers. */
  afterChunk(rows: number): void {
    this.rows += rows;
    if (this.gc === null || this.rows < this.everyRows) return;
    this.rows = 0;
    this.gc();
  }
}

function exposedGc(): (() => void) | null {
  const own = (globalThis as { gc?: () => void }).gc;
  if (typeof own === 'function') return own;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
