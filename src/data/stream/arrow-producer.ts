/**
 * The stream worker's Arrow producer (worker-entry.ts): one symbol of an Arrow IPC file or stream, record
 * batch by record batch (arrow/batch-read.ts), in tables of at most `chunkRows` rows. Kept apart from
 * producers.ts so that only Arrow streams load apache-arrow into the worker.
 */
import { DataError } from '../../core/errors.js';
import type { BarTable } from '../bars.js';
import { iterateArrowBars } from '../arrow/batch-read.js';
import { DEFAULT_CHUNK_ROWS, type Producer } from './producer.js';
import type { WorkerBarSpec } from './worker.js';

/** One symbol of an Arrow IPC file or stream, record batch by record batch (arrow/batch-read.ts). */
export function arrowProducer(s: WorkerBarSpec): Producer {
  const it = iterateArrowBars(s.path, {
    symbol: s.symbol,
    tick: s.tick,
    chunkRows: s.chunkRows ?? DEFAULT_CHUNK_ROWS,
  });
  // The first chunk is read now: it tells the symbol and tick (and a bad file fails the handshake).
  let ahead: BarTable | null = it.next().value ?? null;
  let last = 0;
  const symbol = ahead?.symbol ?? s.symbol;
  if (symbol === undefined)
    throw new DataError({ file: s.path, field: 'symbol' }, 'no bars (and no symbol given)');
  if (!s.tick && !ahead)
    throw new DataError({ file: s.path, field: 'symbol', value: symbol }, 'no bars of this symbol');
  return {
    symbol,
    tick: ahead?.tick ?? s.tick!,
    rowsHint: s.rowsHint ?? null,
    borrowed: true,
    // Every record batch is decoded into fresh objects by apache-arrow.
    garbageRows(): number {
      const rows = last;
      last = 0;
      return rows;
    },
    next(): BarTable | null {
      const t = ahead ?? it.next().value ?? null;
      ahead = null;
      last = t?.length ?? 0;
      return t;
    },
  };
}
