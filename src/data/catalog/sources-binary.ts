/**
 * The binary sources of sources.ts: DBN (every market-data kind; ohlcv becomes bars), Parquet and Arrow
 * (bar files and canonical table files, told apart by their hindsight.kind metadata).
 *
 * DBN ohlcv -> bars by dbn-bars.ts (per symbol, coarsest exact power-of-ten tick, bar checks, mixed
 * intervals refused), with the symbols named as for tick kinds (table-ops.ts tickSeries).
 * Limits: DBN files are decoded whole (imports are not streamed).
 */
import * as arrow from 'apache-arrow';
import { readFileSync } from 'node:fs';
import { DataError, HindsightError } from '../../core/errors.js';
import { ohlcvToBars } from '../dbn/bars.js';
import { readDbn } from '../dbn/read.js';
import type { DbnTables } from '../dbn/tables.js';
import { readBarsArrow } from '../arrow/ipc.js';
import { checkIpcFile, checkIpcStream } from '../arrow/ipc-guard.js';
import { readTableArrow } from '../arrow/table-ipc.js';
import { readBarsParquet } from '../parquet/read.js';
import { closeParquet, openParquet } from '../parquet/table-file.js';
import { readTableParquet } from '../parquet/table-read.js';
import { TABLE_SPECS, type OhlcvTable, type TableKind } from '../schemas.js';
import type { ImportSeries } from './catalog.js';
import type { CatalogKind, CatalogTable } from './codec.js';
import { tickSeries } from './table-ops.js';

export interface BinaryRead {
  series: ImportSeries[];
  skipped: { kind: string; rows: number }[];
  rows: number;
}

function isTableKind(k: string): k is TableKind {
  return Object.prototype.hasOwnProperty.call(TABLE_SPECS, k);
}

export function readDbnSeries(
  file: string,
  kind: CatalogKind | undefined,
  symbol: string | undefined,
): BinaryRead {
  const res = readDbn(file);
  const out: BinaryRead = { series: [], skipped: [], rows: res.counts.records };
  for (const [k, table] of Object.entries(res.tables) as [keyof DbnTables, CatalogTable<TableKind>][]) {
    const target: CatalogKind | null = !isTableKind(k)
      ? null
      : k === 'ohlcv' && kind !== 'ohlcv'
        ? 'bars'
        : k;
    if (target === null || (kind !== undefined && kind !== target)) {
      out.skipped.push({ kind: k, rows: table.length });
      continue;
    }
    if (target !== 'bars') {
      out.series.push(...tickSeries(file, k as TableKind, table, res.symbolMap, symbol));
      continue;
    }
    // tickSeries checks the naming (every instrument has a symbol; the symbol option names one instrument).
    const names = new Map<number, string>();
    for (const s of tickSeries(file, 'ohlcv', table, res.symbolMap, symbol)) {
      const ids = (s.table as OhlcvTable).instrumentId;
      for (let i = 0; i < s.table.length; i++) names.set(ids[i]!, s.symbol);
    }
    for (const t of ohlcvToBars(table as OhlcvTable, names, { file }))
      out.series.push({ kind: 'bars', symbol: t.symbol, table: t });
  }
  if (res.counts.skipped > 0) out.skipped.push({ kind: 'unknown record types', rows: res.counts.skipped });
  if (kind !== undefined && out.series.length === 0)
    throw new DataError(
      { file },
      `no ${kind} in this DBN file (it holds ${Object.keys(res.tables).join(', ') || 'no records'})`,
    );
  return out;
}

function checkKind(file: string, found: string, wanted: CatalogKind | undefined): void {
  if (wanted !== undefined && wanted !== found)
    throw new DataError(
      { file, field: 'hindsight.kind', value: found },
      `the file holds ${found}, not ${wanted}`,
    );
}

export function readParquetSeries(
  file: string,
  kind: CatalogKind | undefined,
  symbol: string | undefined,
): BinaryRead {
  const f = openParquet(file);
  const found = f.kv.get('hindsight.kind') ?? 'bars';
  closeParquet(f);
  checkKind(file, found, kind);
  if (found === 'bars') {
    const tables = readBarsParquet(file, { symbol });
    const series = tables.map((t) => ({ kind: 'bars' as const, symbol: t.symbol, table: t }));
    return { series, skipped: [], rows: tables.reduce((n, t) => n + t.length, 0) };
  }
  const { table, symbols } = readTableParquet(file);
  return {
    series: tickSeries(file, table.kind as TableKind, table as CatalogTable<TableKind>, symbols, symbol),
    skipped: [],
    rows: table.length,
  };
}

/** hindsight.kind of an Arrow file or stream (structure checked first: apache-arrow trusts lengths). */
function arrowKind(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new DataError({ file }, `cannot open: ${(e as Error).message}`);
  }
  try {
    if (bytes.toString('latin1', 0, 6) === 'ARROW1') checkIpcFile(file, bytes);
    else checkIpcStream(file, bytes);
    const reader = arrow.RecordBatchReader.from(bytes);
    reader.open();
    return reader.schema.metadata.get('hindsight.kind') ?? 'bars';
  } catch (e) {
    if (e instanceof HindsightError) throw e;
    throw new DataError({ file }, `corrupt Arrow IPC data: ${(e as Error).message}`);
  }
}

export function readArrowSeries(
  file: string,
  kind: CatalogKind | undefined,
  symbol: string | undefined,
): BinaryRead {
  const found = arrowKind(file);
  checkKind(file, found, kind);
  if (found === 'bars') {
    const tables = readBarsArrow(file, { symbol });
    const series = tables.map((t) => ({ kind: 'bars' as const, symbol: t.symbol, table: t }));
    return { series, skipped: [], rows: tables.reduce((n, t) => n + t.length, 0) };
  }
  const { table, symbols } = readTableArrow(file);
  return {
    series: tickSeries(file, table.kind as TableKind, table as CatalogTable<TableKind>, symbols, symbol),
    skipped: [],
    rows: table.length,
  };
}
