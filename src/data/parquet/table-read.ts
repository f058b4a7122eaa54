/**
 * readTableParquet: a Parquet file in the canonical table layout (table-layout.ts) back into a table of
 * its kind, synchronously, reading only the footer and the column chunks of the row groups it needs.
 *
 * Range reads: `start`/`end` apply to one timestamp column (`timeColumn`, default tsEvent) and
 * `instrumentIds`/`symbols` to instrument_id; a row group whose min/max statistics lie outside either is
 * skipped unread, and rows of the groups read are filtered one by one (no sort order assumed).
 * Measured (bench/workloads/parquet-ticks.js, default layout, page cache warm, on the shared 2-core box
 * while parallel jobs kept its load average near 11): 5 M trades (12 columns, 286 MB) in 0.33 s of CPU =
 * 14.9 M rows per CPU-second (0.86 s wall, 5.8 M rows/s); 5 M MBO records (13 columns, 324 MB) 15.5 M
 * rows per CPU-second (6.8 M rows/s wall); 1 M trades 27-29 M rows per CPU-second. Nearly half of the
 * CPU time is the kernel: the read copies and the first touch of the new table's memory. hyparquet's
 * PLAIN page decode hands us typed-array views; our part is the int64 -> (sec, nsec) split and the copies.
 * Invariants: the result is a trimmed table of the file's kind with every value as written (null
 * sentinels included); anything malformed is a DataError naming file, row group, row and column.
 * Limits: nullable columns decode value by value inside hyparquet (slow, only columns holding nulls);
 * files of other writers need our column names and a `kind` option when hindsight.kind is missing.
 */
import { DataError, UsageError } from '../../core/errors.js';
import type { Timestamp } from '../../core/time.js';
import type { KindTable, TableKind } from '../schemas.js';
import type { ParquetReadStats } from './read.js';
import { halves, UNITS_PER_SEC } from './int64.js';
import type { ChunkWhere } from './sink.js';
import {
  closeParquet,
  decodeChunk,
  flatPages,
  int32Pages,
  int64Pages,
  openParquet,
  type BufferPool,
  type Leaf,
  type ParquetFile,
} from './table-file.js';
import { intShape, parseTableMetadata, tableLayout, type FileColumn } from './table-layout.js';
import { TableSink, type RowFilter } from './table-sink.js';

export interface ReadTableOptions<K extends TableKind = TableKind> {
  /** The kind expected (a DataError if the file holds another); needed for files without hindsight.kind. */
  kind?: K;
  /** Rows with start <= time < end (either bound optional); time = `timeColumn`. */
  start?: Timestamp;
  end?: Timestamp;
  /** The timestamp column ranges apply to, as the table names it (default 'tsEvent'; e.g. 'tsRecv'). */
  timeColumn?: string;
  /** Only rows of these instruments. */
  instrumentIds?: number[];
  /** Only rows of these symbols, through the file's hindsight.symbols map (unknown symbols match nothing). */
  symbols?: string[];
  /** Filled in: row groups in the file and row groups actually read. */
  stats?: ParquetReadStats;
}

export interface TableReadResult<T> {
  table: T;
  /** instrument id -> symbol from the file metadata (empty when the file has none). */
  symbols: Map<number, string>;
}

export function readTableParquet<K extends TableKind = TableKind>(
  path: string,
  opts: ReadTableOptions<K> = {},
): TableReadResult<KindTable<K>> {
  const f = openParquet(path);
  try {
    return readOpen(f, opts) as TableReadResult<KindTable<K>>;
  } finally {
    closeParquet(f);
  }
}

/** The row filter for the options (null = keep every row), shared with the Arrow reader. */
export function rowFilter(
  file: string,
  kind: TableKind,
  symbols: Map<number, string>,
  opts: ReadTableOptions,
): RowFilter | null {
  const timeBase = opts.timeColumn ?? 'tsEvent';
  const ts = tableLayout(kind, false).find((c) => c.role === 'ts' && c.col === timeBase + 'Sec');
  if (!ts) throw new UsageError(`timeColumn "${timeBase}" is not a timestamp column of ${kind}`);
  for (const b of [opts.start, opts.end])
    if (b && !(Number.isInteger(b.sec) && Number.isInteger(b.nsec) && b.nsec >= 0 && b.nsec < 1e9))
      throw new UsageError(`start/end must be timestamps {sec, nsec} (got ${JSON.stringify(b)})`);
  let ids: Set<number> | null = opts.instrumentIds ? new Set(opts.instrumentIds) : null;
  if (opts.symbols) {
    if (symbols.size === 0)
      throw new DataError(
        { file, field: 'hindsight.symbols' },
        'no symbol map in the file: select by instrumentIds',
      );
    const want = new Set(opts.symbols);
    const bySymbol = new Set<number>();
    for (const [id, sym] of symbols) if (want.has(sym)) bySymbol.add(id);
    ids = ids ? new Set([...ids].filter((i) => bySymbol.has(i))) : bySymbol;
  }
  if (!opts.start && !opts.end && !ids) return null;
  return { timeSec: ts.col, timeNsec: ts.col2, start: opts.start, end: opts.end, instrumentIds: ids };
}

function readOpen(f: ParquetFile, opts: ReadTableOptions): TableReadResult<unknown> {
  const file = f.file;
  const info = parseTableMetadata(file, f.kv, opts.kind);
  const tsOut = f.leaves.has('ts_out');
  const layout = tableLayout(info.kind, tsOut);
  const plans = layout.map((fc) => [fc, checkLeaf(file, fc, f.leaves.get(fc.name))] as const);
  const filter = rowFilter(file, info.kind, info.symbols, opts);
  const timeLeaf = filter && plans.find(([fc]) => fc.col === filter.timeSec)![1];
  const idLeaf = f.leaves.get('instrument_id')!;
  const stats = opts.stats ?? { rowGroups: 0, rowGroupsRead: 0 };
  stats.rowGroups = f.meta.row_groups.length;
  const groups: { g: number; nRows: number; at: ChunkWhere }[] = [];
  let rowBase = 0;
  let rows = 0;
  for (let g = 0; g < f.meta.row_groups.length; g++) {
    const rg = f.meta.row_groups[g]!;
    const nRows = Number(rg.num_rows);
    const at: ChunkWhere = { file, unit: 'row group', index: g, rowBase };
    if (!(nRows >= 0 && Number.isSafeInteger(nRows)))
      throw new DataError({ file }, `row group ${g}: impossible row count ${String(rg.num_rows)}`);
    rowBase += nRows;
    if (nRows === 0) continue;
    if (filter && timeLeaf && !timeMayMatch(rg.columns[timeLeaf.chunk], timeLeaf, filter)) continue;
    if (filter?.instrumentIds && !idsMayMatch(rg.columns[idLeaf.chunk], filter.instrumentIds)) continue;
    groups.push({ g, nRows, at });
    rows += nRows;
  }
  if (rowBase !== Number(f.meta.num_rows))
    throw new DataError(
      { file },
      `corrupt Parquet footer: row groups hold ${rowBase} rows, the file says ${f.meta.num_rows}`,
    );
  stats.rowGroupsRead = groups.length;
  // The footer's row counts size the table once; a corrupt count cannot make it larger than the file.
  const sink = new TableSink(info.kind, tsOut, info.priceTick, filter, Math.min(rows, f.size));
  const pool: BufferPool = new Map();
  for (const { g, nRows, at } of groups) {
    const decoded = plans.map(([, leaf]) => decodeChunk(f, g, leaf, nRows, at, pool));
    sink.begin(nRows);
    plans.forEach(([fc, leaf], c) => put(sink, fc, leaf, decoded[c]!, nRows, at));
    sink.end(nRows);
  }
  return { table: sink.finish(), symbols: info.symbols };
}

function put(sink: TableSink, fc: FileColumn, leaf: Leaf, pages: unknown[], n: number, at: ChunkWhere): void {
  switch (fc.role) {
    case 'str':
      return sink.strings(fc, flatPages(pages), n, at);
    case 'int':
      return sink.ints(fc, int32Pages(pages, n, at, fc.name), n, at);
    case 'oid': {
      const { big } = int64Pages(pages, n, at, fc.name, false);
      return sink.orderIds(fc, halves(big), n);
    }
    case 'ts': {
      const { big, nulls } = int64Pages(pages, n, at, fc.name, true);
      return sink.timestamps(fc, halves(big), n, unitsPerSec(leaf), nulls);
    }
    default: {
      const { big, nulls } = int64Pages(pages, n, at, fc.name, true);
      return sink.int64(fc, halves(big), n, nulls, at);
    }
  }
}

function unitsPerSec(leaf: Leaf): number {
  const el = leaf.element;
  const lt = el.logical_type;
  if (lt?.type === 'TIMESTAMP') return UNITS_PER_SEC[lt.unit as keyof typeof UNITS_PER_SEC] ?? 0;
  if (el.converted_type === 'TIMESTAMP_MILLIS') return 1e3;
  if (el.converted_type === 'TIMESTAMP_MICROS') return 1e6;
  return 0;
}

/** The leaf of file column `fc`, checked against the type the layout expects. */
function checkLeaf(file: string, fc: FileColumn, leaf: Leaf | undefined): Leaf {
  if (!leaf) throw new DataError({ file, field: fc.name }, 'missing column');
  const el = leaf.element;
  const lt = el.logical_type;
  const found = [el.type, lt?.type ?? el.converted_type].filter(Boolean).join(' ');
  const wrong = (expected: string): never => {
    throw new DataError({ file, field: fc.name, value: found }, `wrong column type: expected ${expected}`);
  };
  if (el.repetition_type === 'REPEATED') wrong('a non-repeated column');
  if (fc.role === 'ts') {
    if (unitsPerSec(leaf) === 0) wrong('INT64 TIMESTAMP');
    return leaf;
  }
  if (fc.role === 'str') return el.type === 'BYTE_ARRAY' ? leaf : wrong('BYTE_ARRAY UTF8');
  const signed = fc.role === 'int' ? intShape(fc.type).signed : fc.role === 'i64';
  const physical = fc.role === 'int' ? 'INT32' : 'INT64';
  if (el.type !== physical) wrong(physical);
  if (lt && (lt.type !== 'INTEGER' || lt.isSigned !== signed))
    wrong(`${physical} ${signed ? 'signed' : 'unsigned'} INTEGER`);
  if (!lt && el.converted_type !== undefined && !el.converted_type.includes('INT')) wrong(physical);
  return leaf;
}

type Chunk = ParquetFile['meta']['row_groups'][number]['columns'][number] | undefined;

function minMax(c: Chunk): [unknown, unknown] {
  const s = c?.meta_data?.statistics;
  return [s?.min_value ?? s?.min, s?.max_value ?? s?.max];
}

function timeMayMatch(c: Chunk, leaf: Leaf, f: RowFilter): boolean {
  const [min, max] = minMax(c);
  if (typeof min !== 'bigint' || typeof max !== 'bigint') return true;
  const k = BigInt(1e9 / unitsPerSec(leaf));
  if (f.start && max * k < BigInt(f.start.sec) * 1_000_000_000n + BigInt(f.start.nsec)) return false;
  if (f.end && min * k >= BigInt(f.end.sec) * 1_000_000_000n + BigInt(f.end.nsec)) return false;
  return true;
}

function idsMayMatch(c: Chunk, ids: Set<number>): boolean {
  const [min, max] = minMax(c);
  if (
    (typeof min !== 'number' && typeof min !== 'bigint') ||
    (typeof max !== 'number' && typeof max !== 'bigint')
  )
    return true;
  for (const id of ids) if (id >= Number(min) && id <= Number(max)) return true;
  return false;
}
