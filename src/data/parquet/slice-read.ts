/**
 * Row-slice reads of a single-symbol Parquet bar file (no `symbol` column), for the stream worker: yields
 * the rows in [start, end) as BarTables of at most `sliceRows` rows, so memory holds one slice of each
 * column instead of a whole row group (a 131,072-row group decoded whole costs ~14 MB; an 8,192-row slice
 * well under 1 MB per column).
 *
 * How: PLAIN int64/double column chunks that are uncompressed and required (what our writers produce) are
 * planned page by page from their headers alone (small positioned reads), then each slice reads exactly
 * its rows' bytes straight into an aligned typed array (no decode: PLAIN int64 is the halves layout of
 * int64.ts). The `ts` column, usually DELTA_BINARY_PACKED and small, is decoded whole per row group (it
 * also gives the exact range cut). Any other column chunk (compressed, dictionary, nullable) is decoded
 * whole through read.ts's ColumnDecoder, as the general reader does: correct for any file, just not lean.
 *
 * Invariants: the rows, values and errors are those of readBarsParquet for the same file and range
 * (validated by the same BarBuilder, row numbers counted from the file's first row; time order is checked
 * across slices and row groups). Each yielded table is a view that the next step overwrites.
 * Limits: one symbol per file; a file with a `symbol` column is read by iterateBarsParquet instead.
 */
import { closeSync } from 'node:fs';
import { parquetHeader } from 'hyparquet/src/column.js';
import type { Scaled } from '../../core/decimal.js';
import { DataError, UsageError } from '../../core/errors.js';
import type { Timestamp } from '../../core/time.js';
import type { BarTable } from '../bars.js';
import { openParquetBars, readInto, type ColumnPlan, type ParquetBarFile } from './footer.js';
import { planFlatPages, type HeaderAt, type PagePlan } from './flat-reader.js';
import { BAR_COLUMNS, KEY_SYMBOL, TickResolver } from './layout.js';
import { chunkSpan, ColumnDecoder, type ParquetReadStats } from './read.js';
import { cutRange, groupOverlap, makeRange } from './range.js';
import { BarBuilder, type ChunkWhere, type RawBars } from './sink.js';

export interface SliceReadOptions {
  /** The file's symbol (from its metadata or the caller). */
  symbol: string;
  /** Tick size when the file has no `hindsight.tick` metadata. */
  tick?: Scaled;
  start?: Timestamp;
  end?: Timestamp;
  /** Rows per yielded table at most. */
  sliceRows: number;
  /** Filled in as by readBarsParquet. */
  stats?: ParquetReadStats;
  /** The file's `hindsight.symbol` metadata must name `symbol` (catalog partitions), else a DataError. */
  requireSymbol?: boolean;
  /**
   * Buffers left by the read of a previous file, taken and left again for the next one (the catalog
   * streams one symbol's partitions one after the other): without them each file allocates its own slice
   * and decode buffers, garbage that piles up in the worker over hundreds of partitions.
   */
  reuse?: SliceReuse;
}

/** What one iterateBarSlices call leaves for the next (same symbol and sliceRows; `stats` shared). */
export interface SliceReuse {
  builder?: BarBuilder;
  decoder?: ColumnDecoder;
  columns?: ArrayBuffer[];
}

const ALL_COLUMNS = [true, true, true, true, true] as const;

export function* iterateBarSlices(path: string, opts: SliceReadOptions): Generator<BarTable> {
  const sliceRows = opts.sliceRows;
  if (!Number.isInteger(sliceRows) || sliceRows < 1)
    throw new UsageError(`iterateBarSlices: sliceRows must be a positive integer (got ${sliceRows})`);
  const f = openParquetBars(path);
  try {
    if (f.symbol)
      throw new UsageError(`iterateBarSlices: ${path} has a symbol column (use iterateBarsParquet)`);
    const named = f.kv.get(KEY_SYMBOL);
    if (opts.requireSymbol && named !== opts.symbol)
      throw new DataError(
        { file: path },
        `expected the bars of "${opts.symbol}" only, found ${named === undefined ? 'no symbol' : `"${named}"`}`,
      );
    const tick = new TickResolver(path, f.kv, opts.tick ?? null).tick(opts.symbol);
    const reuse = opts.reuse ?? {};
    const kept = reuse.builder;
    // A builder kept from the previous file also orders this file's first row after that file's last.
    const builder =
      kept && kept.symbol === opts.symbol && kept.tick.units === tick.units && kept.tick.scale === tick.scale
        ? kept
        : new BarBuilder(opts.symbol, tick, sliceRows, ALL_COLUMNS);
    const stats: ParquetReadStats = opts.stats ?? { rowGroups: 0, rowGroupsRead: 0 };
    stats.rowGroups = f.meta.row_groups.length;
    stats.rowGroupsRead = 0;
    stats.generalChunks = 0;
    const whole = (opts.stats && reuse.decoder) || new ColumnDecoder(stats);
    const bufs =
      reuse.columns?.length === 5 && reuse.columns[0]!.byteLength === 8 * sliceRows ? reuse.columns : [];
    const slicers = BAR_COLUMNS.map(
      (c, k) =>
        new PlainSlicer(
          f,
          f.bars.get(c)!,
          c === 'volume' ? ['DOUBLE'] : ['INT64', 'DOUBLE'],
          bufs[k] ?? new ArrayBuffer(8 * sliceRows),
        ),
    );
    Object.assign(reuse, { builder, decoder: whole, columns: slicers.map((x) => x.buf) });
    const range = makeRange(opts.start, opts.end, f.unitsPerSec);
    const nsPerUnit = BigInt(1e9 / f.unitsPerSec);
    let rowBase = 0;
    for (let g = 0; g < f.meta.row_groups.length; g++) {
      const rg = f.meta.row_groups[g]!;
      const nRows = Number(rg.num_rows);
      const groupAt: ChunkWhere = { file: path, unit: 'row group', index: g, rowBase };
      rowBase += nRows;
      if (!(nRows > 0)) continue;
      const overlap = groupOverlap(rg.columns[f.ts.chunk]?.meta_data?.statistics, range, nsPerUnit);
      if (overlap === 'none') continue;
      stats.rowGroupsRead++;
      const ts = whole.int64(f, g, f.ts, nRows, groupAt, 5);
      const [from, to] = overlap === 'all' ? [0, nRows] : cutRange(ts, 0, nRows, range);
      if (from >= to) continue;
      // Columns the slicer cannot plan are decoded whole, once per group.
      const decoded = slicers.map((s, c) => {
        if (s.plan(g, nRows, groupAt)) return null;
        const plan = f.bars.get(BAR_COLUMNS[c]!)!;
        return c === 4 || plan.element.type === 'DOUBLE'
          ? whole.double(f, g, plan, nRows, groupAt, c)
          : whole.int64(f, g, plan, nRows, groupAt, c);
      });
      for (let r0 = from; r0 < to; r0 += sliceRows) {
        const r1 = Math.min(to, r0 + sliceRows);
        const raw: RawBars = {
          ts: ts.subarray(2 * r0, 2 * r1),
          unitsPerSec: f.unitsPerSec,
          prices: [null, null, null, null],
          volume: null,
        };
        for (let c = 0; c < 5; c++) {
          const d = decoded[c];
          const col = d
            ? d instanceof Float64Array
              ? d.subarray(r0, r1)
              : d.subarray(2 * r0, 2 * r1)
            : slicers[c]!.read(r0, r1, groupAt);
          if (c === 4) raw.volume = col as Float64Array;
          else raw.prices[c] = col instanceof Float64Array ? { f64: col } : { i64: col };
        }
        builder.clear();
        builder.append(raw, 0, r1 - r0, { ...groupAt, rowBase: groupAt.rowBase + r0 });
        yield builder.view();
      }
    }
  } finally {
    closeSync(f.fd);
  }
}

/**
 * One PLAIN column's pages in the current row group, read a slice of rows at a time into a reused,
 * aligned buffer (int64 as halves, double as Float64Array).
 */
class PlainSlicer {
  readonly name: string;
  private pages: PagePlan[] = [];
  /** File offset of the current chunk and each page's first row. */
  private chunkStart = 0;
  private firstRow: number[] = [];
  private readonly head = new Uint8Array(512);

  /**
   * `types`: the physical types this column may have to be sliced (others are decoded whole); `buf`:
   * 8 bytes per slice row.
   */
  constructor(
    private readonly f: ParquetBarFile,
    private readonly column: ColumnPlan,
    private readonly types: readonly string[],
    readonly buf: ArrayBuffer,
  ) {
    this.name = column.name;
  }

  /** Plans row group `g`'s pages; false when the chunk is outside the PLAIN flat subset. */
  plan(g: number, rows: number, at: ChunkWhere): boolean {
    const md = this.f.meta.row_groups[g]!.columns[this.column.chunk]?.meta_data;
    if (!md || md.codec !== 'UNCOMPRESSED' || this.column.element.repetition_type !== 'REQUIRED')
      return false;
    if (md.dictionary_page_offset !== undefined || !this.types.includes(md.type)) return false;
    const [start, len] = chunkSpan(this.f, g, this.column, at);
    this.chunkStart = start;
    let pages: PagePlan[] | null;
    try {
      pages = planFlatPages(this.headerAt(len), len, rows, false);
    } catch (e) {
      throw new DataError(
        { file: at.file, row: at.rowBase + 1, field: this.name, offset: start },
        `${at.unit} ${at.index}: corrupt column data: ${(e as Error).message}`,
      );
    }
    if (pages === null) return false;
    this.pages = pages;
    this.firstRow = [];
    let row = 0;
    for (const p of pages) {
      this.firstRow.push(row);
      row += p.values;
    }
    return true;
  }

  /** Page headers read from the file: a few hundred bytes at a time, more when a header is longer. */
  private headerAt(chunkLength: number): HeaderAt {
    return (at) => {
      for (let size = this.head.length; ; size *= 4) {
        const want = Math.min(size, chunkLength - at);
        const got = readInto(
          this.f.fd,
          want <= this.head.length ? this.head : new Uint8Array(want),
          want,
          this.chunkStart + at,
        );
        const reader = { view: new DataView(got.buffer, got.byteOffset, got.byteLength), offset: 0 };
        try {
          const header = parquetHeader(reader);
          return { header, next: at + reader.offset };
        } catch (e) {
          // A header cut short by the read is read again, longer, unless the chunk has no more bytes.
          if (want >= chunkLength - at) throw e;
        }
      }
    };
  }

  /** Rows [r0, r1) of the planned group. */
  read(r0: number, r1: number, at: ChunkWhere): Int32Array | Float64Array {
    const n = r1 - r0;
    const bytes = new Uint8Array(this.buf, 0, 8 * n);
    for (let k = 0; k < this.pages.length; k++) {
      const p = this.pages[k]!;
      const first = this.firstRow[k]!;
      const lo = Math.max(r0, first);
      const hi = Math.min(r1, first + p.values);
      if (lo >= hi) continue;
      const pos = this.chunkStart + p.start + 8 * (lo - first);
      const dst = bytes.subarray(8 * (lo - r0), 8 * (hi - r0));
      if (readInto(this.f.fd, dst, dst.length, pos).length !== dst.length)
        throw new DataError(
          { file: at.file, row: at.rowBase + lo + 1, field: this.name, offset: pos },
          `${at.unit} ${at.index}: file ends inside a column chunk`,
        );
    }
    return this.column.element.type === 'DOUBLE'
      ? new Float64Array(this.buf, 0, n)
      : new Int32Array(this.buf, 0, 2 * n);
  }
}
