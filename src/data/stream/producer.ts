/**
 * The contract of a stream worker producer (worker-entry.ts): one symbol's bars in time order, handed out
 * synchronously one table (at most `chunkRows` rows) per request. Its own module so each producer
 * (worker-entry.ts, arrow-producer.ts, catalog-producer.ts) loads only its format's readers.
 */
import type { Scaled } from '../../core/decimal.js';
import type { BarTable } from '../bars.js';
import type { CsvStreamReport } from './csv-producer.js';

export interface Producer {
  symbol: string;
  tick: Scaled;
  rowsHint: number | null;
  /** True when a table handed out lives in buffers the producer overwrites later (the packer must copy). */
  borrowed: boolean;
  /** Rows decoded into fresh (allocated) buffers since the last call: garbage to collect, GarbagePacer. */
  garbageRows(): number;
  next(): BarTable | null;
  /** What the source reports when it opens (CSV: the whole reader's counts, csv-producer.ts). */
  report?: CsvStreamReport;
}

/** Rows per chunk when the spec gives none: a few chunks in flight stay within a few MB. */
export const DEFAULT_CHUNK_ROWS = 8_192;
