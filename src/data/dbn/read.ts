/**
 * Reading DBN: `readDbn` decodes a whole file or buffer (plain or zstd, any number of frames) into one set of
 * columnar tables; `iterateDbn` / `decodeDbnChunks` yield chunks of at most N records with bounded memory —
 * a file is read in blocks and zstd is decompressed incrementally, so neither the file nor its decompressed
 * form is ever held whole. The data layer's prefetching streams build on `iterateDbn`.
 *
 * Limits: legacy DBZ files (pre-DBN) are rejected with a DataError; schema definitions in the header are not
 * supported (Databento never writes them).
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { DataError } from '../../core/errors.js';
import type { DbnMetadata } from './metadata.js';
import { DbnStreamDecoder, type DbnChunk, type DbnReadOptions } from './stream.js';
import type { DbnKind, DbnTables } from './tables.js';
import { ZstdStream, isLegacyDbz, isZstd, zstdDecompress } from './zstd.js';
import { layoutsFor } from './layouts.js';
import type { RecordDecoder } from './decoder.js';

export interface DbnCounts {
  /** Records decoded into tables. */
  records: number;
  byKind: Partial<Record<DbnKind, number>>;
  /** Decoded records per rtype (decimal rtype keys). */
  byRtype: Record<number, number>;
  /** Records of unknown rtypes, skipped. */
  skipped: number;
  skippedByRtype: Record<number, number>;
}

export interface DbnReadResult {
  metadata: DbnMetadata | null;
  tables: DbnTables;
  /** instrument_id -> symbol, from the header's mappings and any symbol mapping records. */
  symbolMap: Map<number, string>;
  counts: DbnCounts;
}

export interface DbnSummary {
  metadata: DbnMetadata | null;
  symbolMap: Map<number, string>;
  counts: DbnCounts;
  chunks: number;
}

export interface DbnChunkOptions extends DbnReadOptions {
  /** Maximum records per chunk (default 1,000,000). */
  chunkRecords?: number;
  /** Bytes read from a file per step (default 1 MiB). */
  blockBytes?: number;
}

function labelOf(source: string | Uint8Array, opts: DbnReadOptions): string {
  return opts.fileLabel ?? (typeof source === 'string' ? source : '<bytes>');
}

function rejectDbz(u8: Uint8Array, file: string): void {
  if (isLegacyDbz(u8))
    throw new DataError(
      { file, offset: 0, field: 'magic' },
      'legacy DBZ file (pre-DBN format) is not supported',
    );
}

function readWhole(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new DataError({ file: path }, `cannot read file: ${(e as Error).message}`);
  }
}

export function countsOf(dec: RecordDecoder | null): DbnCounts {
  const counts: DbnCounts = { records: 0, byKind: {}, byRtype: {}, skipped: 0, skippedByRtype: {} };
  if (!dec) return counts;
  const layouts = layoutsFor(dec.setup.version);
  for (let r = 0; r < 256; r++) {
    const n = dec.decodedByRtype[r]!;
    if (n > 0) {
      counts.records += n;
      counts.byRtype[r] = n;
      const kind = layouts[r]!.kind;
      counts.byKind[kind] = (counts.byKind[kind] ?? 0) + n;
    }
    const s = dec.skippedByRtype[r]!;
    if (s > 0) {
      counts.skipped += s;
      counts.skippedByRtype[r] = s;
    }
  }
  return counts;
}

/** Decodes a whole DBN file or buffer (plain or zstd) into columnar tables. */
export function readDbn(source: string | Uint8Array, opts: DbnReadOptions = {}): DbnReadResult {
  const file = labelOf(source, opts);
  let bytes = typeof source === 'string' ? readWhole(source) : source;
  rejectDbz(bytes, file);
  if (isZstd(bytes)) bytes = zstdDecompress(bytes, file);
  const dec = new DbnStreamDecoder(file, opts, Infinity);
  dec.push(bytes, true);
  const tables = dec.next()!.tables;
  return { metadata: dec.metadata, tables, symbolMap: dec.symbolMap, counts: countsOf(dec.records) };
}

/**
 * Chunks of at most `chunkRecords` records, in stream order, with bounded memory. The generator's return
 * value summarises the stream (metadata, symbol map, counts).
 */
export function* iterateDbn(
  source: string | Uint8Array,
  opts: DbnChunkOptions = {},
): Generator<DbnChunk, DbnSummary, undefined> {
  const file = labelOf(source, opts);
  const dec = new DbnStreamDecoder(file, opts, opts.chunkRecords ?? 1_000_000);
  let zstd: ZstdStream | null = null;
  let first = true;
  // Pushes one piece (through zstd when the stream is compressed); the decoder's chunks are then pulled.
  const pieces: [Uint8Array, boolean][] = [];
  const feed = (piece: Uint8Array, final: boolean): void => {
    if (first) {
      first = false;
      rejectDbz(piece, file);
      if (isZstd(piece)) zstd = new ZstdStream(file);
    }
    if (!zstd) {
      pieces.push([piece, final]);
      return;
    }
    const out = (zstd as ZstdStream).push(piece, final);
    for (let i = 0; i < out.length; i++) pieces.push([out[i]!, final && i === out.length - 1]);
    if (final && out.length === 0) pieces.push([new Uint8Array(0), true]);
  };
  const block = opts.blockBytes ?? 1 << 20;
  let chunks = 0;
  if (typeof source !== 'string') {
    // Plain bytes are already in memory: one push (chunks still bound the tables). zstd streams in blocks.
    const step = isZstd(source) ? block : Math.max(source.length, 1);
    for (let p = 0; p < source.length || first; p += step) {
      feed(source.subarray(p, p + step), p + step >= source.length);
      for (const [piece, final] of pieces.splice(0)) {
        dec.push(piece, final);
        for (let c = dec.next(); c; c = dec.next()) {
          chunks++;
          yield c;
        }
      }
    }
  } else {
    let fd: number;
    try {
      fd = openSync(source, 'r');
    } catch (e) {
      throw new DataError({ file }, `cannot read file: ${(e as Error).message}`);
    }
    try {
      for (;;) {
        const buf = new Uint8Array(block);
        const n = readSync(fd, buf, 0, block, null);
        feed(buf.subarray(0, n), n === 0);
        for (const [piece, final] of pieces.splice(0)) {
          dec.push(piece, final);
          for (let c = dec.next(); c; c = dec.next()) {
            chunks++;
            yield c;
          }
        }
        if (n === 0) break;
      }
    } finally {
      closeSync(fd);
    }
  }
  return { metadata: dec.metadata, symbolMap: dec.symbolMap, counts: countsOf(dec.records), chunks };
}

/** Callback form of iterateDbn. */
export function decodeDbnChunks(
  source: string | Uint8Array,
  opts: DbnChunkOptions,
  onChunk: (chunk: DbnChunk) => void,
): DbnSummary {
  const it = iterateDbn(source, opts);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
    onChunk(r.value);
  }
}
