/**
 * Whether a bar source is streamed (read chunk by chunk in a worker thread, memory bounded by a few
 * chunks) or loaded whole: `stream: true` / `false` in the config decide; absent, a source streams when it
 * holds more than STREAM_ROWS_THRESHOLD rows, so a user need not know the option.
 *
 * The threshold (measured 2026-12-08, docs/data-formats.md "Streaming bar sources"): a whole load costs
 * ~55 MB of peak RSS per million bar rows (the table's 52 bytes a row plus the reader's buffers); a stream
 * costs a fixed ~10 MB (the worker isolate) and no measurable time, whatever the size. Below ~250 k rows
 * the two are within noise; at 1 M rows streaming saves ~65 MB and is no slower, so that is where the
 * default switches.
 *
 * Rows are counted without reading the data: Parquet from its footer, Arrow from its record batch headers,
 * a catalog from its manifest (the partitions in the run's range), DBN from the file size (56-byte OHLCV
 * records; a zstd file counted at an assumed 4x compression ratio), CSV from the file size (64 bytes a
 * row, a rough figure for bar CSVs).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** Rows above which a source with no `stream` option streams. */
export const STREAM_ROWS_THRESHOLD = 1_000_000;
/** Bytes of one DBN OHLCV record (header 16 + four prices and the volume, 8 each). */
export const DBN_OHLCV_RECORD_BYTES = 56;
/** Assumed zstd compression ratio of DBN OHLCV files, to estimate rows from a compressed file's size. */
export const DBN_ZSTD_RATIO = 4;
/** Rough bytes per row of a bar CSV (an ISO timestamp, five numbers, maybe a symbol). */
export const CSV_BYTES_PER_ROW = 64;

/**
 * The decision: the option when given, else whether `rows()` (called only then) exceeds `threshold`.
 */
export function chooseStream(
  option: boolean | undefined,
  rows: () => number,
  threshold: number = STREAM_ROWS_THRESHOLD,
): boolean {
  if (option !== undefined) return option;
  return rows() > threshold;
}

/** Estimated OHLCV rows of a DBN file from its size (see the header). */
export function dbnRowsEstimate(path: string): number {
  const bytes = statSync(path).size;
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  const zstd = head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd;
  return Math.floor(((zstd ? DBN_ZSTD_RATIO : 1) * bytes) / DBN_OHLCV_RECORD_BYTES);
}

/** Estimated rows of a bar CSV from its size. */
export function csvRowsEstimate(path: string): number {
  return Math.floor(statSync(path).size / CSV_BYTES_PER_ROW);
}
