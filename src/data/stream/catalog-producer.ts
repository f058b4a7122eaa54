/**
 * The stream worker's catalog producer (worker-entry.ts; the producer contract: producer.ts): one symbol of
 * a catalog, in time order, at most `chunkRows` rows per table.
 *
 * The partitions are those the main thread planned (`Catalog.planRead`, the plan `Catalog.read` follows:
 * the files overlapping [start, end), each with the range to cut it by), read one after the other through
 * the one-symbol Parquet slice reader (parquet/slice-read.ts: row groups outside the range skipped by their
 * statistics; one set of buffers reused for every partition), prices re-expressed in the series' common
 * tick as `Catalog.read` joins partitions. Each file's size is checked against the manifest when the
 * stream opens, its symbol when it is read, and an uncut partition's row count at its end.
 * Invariants: the rows are exactly those of `Catalog.read` with the same range, in the same tick.
 */
import { statSync } from 'node:fs';
import type { Scaled } from '../../core/decimal.js';
import { DataError, UsageError } from '../../core/errors.js';
import { allocBarTable, type BarTable } from '../bars.js';
import { tickFactor } from '../catalog/codec.js';
import type { ParquetReadStats } from '../parquet/read.js';
import { iterateBarSlices, type SliceReuse } from '../parquet/slice-read.js';
import type { WorkerBarSpec } from './worker.js';
import { DEFAULT_CHUNK_ROWS, type Producer } from './producer.js';

/** One symbol of a catalog: its partitions in order, each read slice by slice, in the common tick. */
export function catalogProducer(s: WorkerBarSpec): Producer {
  const parts = s.parts;
  if (!parts || s.symbol === undefined || !s.tick)
    throw new UsageError('catalogProducer: the spec needs parts, symbol and tick');
  const symbol = s.symbol;
  const tick = s.tick;
  for (const p of parts) checkSize(p.path, p.bytes, s.path);
  const stats: ParquetReadStats = { rowGroups: 0, rowGroupsRead: 0 };
  // One set of slice and decode buffers for every partition (slice-read.ts).
  const reuse: SliceReuse = {};
  const cut = s.chunkRows ?? DEFAULT_CHUNK_ROWS;
  let k = 0;
  let slices: Generator<BarTable> | null = null;
  let factor = 1;
  let rowsIn = 0;
  let last = 0;
  let scaled: BarTable | null = null;
  const open = (): void => {
    const p = parts[k]!;
    slices = iterateBarSlices(p.path, {
      symbol,
      start: p.start,
      end: p.end,
      sliceRows: cut,
      stats,
      reuse,
      requireSymbol: true,
    });
    rowsIn = 0;
  };
  return {
    symbol,
    tick,
    // Exact without a range; with one, the rows of the partitions it overlaps (an upper bound).
    rowsHint: parts.reduce((n, p) => n + p.rows, 0),
    borrowed: true,
    garbageRows(): number {
      const rows = stats.generalChunks! > 0 ? last : 0;
      last = 0;
      return rows;
    },
    next(): BarTable | null {
      for (;;) {
        if (slices === null) {
          if (k >= parts.length) return null;
          open();
        }
        const r = slices!.next();
        const p = parts[k]!;
        if (r.done) {
          if (!p.start && !p.end && rowsIn !== p.rows)
            throw new DataError(
              { file: p.path },
              `partition has ${rowsIn} rows, the manifest says ${p.rows}`,
            );
          slices = null;
          k++;
          continue;
        }
        const t = r.value;
        if (rowsIn === 0) factor = tickFactor(t.tick, tick);
        rowsIn += t.length;
        last = t.length;
        if (factor === 1) return { ...t, tick };
        scaled = rescale(t, factor, tick, scaled, p.path);
        return scaled;
      }
    },
  };
}

function checkSize(path: string, bytes: number, catalog: string): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new DataError(
      { file: path },
      `partition listed in the catalog ${catalog} is missing (the catalog was changed outside hindsight)`,
    );
  }
  if (size !== bytes)
    throw new DataError(
      { file: path },
      `partition has ${size} bytes, the manifest says ${bytes} (the file was changed or truncated)`,
    );
}

/** `t`'s prices times `factor` (an integer: the common tick divides the file's) into reused columns. */
function rescale(t: BarTable, factor: number, tick: Scaled, into: BarTable | null, file: string): BarTable {
  const n = t.length;
  const out = into && into.tsSec.length >= n ? into : allocBarTable(t.symbol, tick, n);
  out.length = n;
  out.tsSec.set(t.tsSec.subarray(0, n));
  out.tsNsec.set(t.tsNsec.subarray(0, n));
  out.volume.set(t.volume.subarray(0, n));
  for (const c of ['open', 'high', 'low', 'close'] as const) {
    const src = t[c];
    const dst = out[c];
    for (let i = 0; i < n; i++) {
      const v = src[i]! * factor;
      if (!Number.isSafeInteger(v))
        throw new DataError(
          { file, row: i + 1, field: c },
          `price ${src[i]} x ${factor} leaves the exact integer range when joining ticks`,
        );
      dst[i] = v;
    }
  }
  return { ...out, length: n };
}
