/**
 * Row operations on canonical tables of any kind (schemas.ts), walking the column spec: join tables,
 * compare rows, gather rows by index, and split a multi-instrument table into one table per symbol.
 * Used at import and read time (once per partition), never per event.
 *
 * Invariants: every column is carried over, ts_out included when every input has it; NaN equals NaN
 * when rows are compared (a null price is the same null on both sides).
 */
import { DataError, UsageError } from '../../core/errors.js';
import {
  allocColumn,
  colWidth,
  columnsOf,
  type Column,
  type ColType,
  type TableBase,
  type TableKind,
} from '../schemas.js';
import type { ImportSeries } from './catalog.js';
import type { CatalogTable } from './codec.js';

type Columns = Record<string, Column>;

function shapeOf(parts: TableBase[]): [string, ColType][] {
  const withOut = parts.every((p) => p.tsOutSec !== undefined);
  return columnsOf(parts[0]!).filter(([name]) => withOut || (name !== 'tsOutSec' && name !== 'tsOutNsec'));
}

/** An empty table shaped like `like` (same kind, spec, tick; ts_out when `like` has it). */
function emptyLike<T extends TableBase>(like: T, rows: number, cols: [string, ColType][]): T {
  const out: Record<string, unknown> = {
    kind: like.kind,
    spec: like.spec,
    length: rows,
    capacity: rows,
    priceTick: like.priceTick,
  };
  for (const [name, type] of cols) out[name] = allocColumn(type, rows);
  return out as T;
}

/** The rows of `parts` one after another (at least one part; all of one kind). */
export function concatTables<T extends TableBase>(parts: T[]): T {
  if (parts.length === 1) return parts[0]!;
  const cols = shapeOf(parts);
  let n = 0;
  for (const p of parts) n += p.length;
  const out = emptyLike(parts[0]!, n, cols);
  const dst = out as unknown as Columns;
  let at = 0;
  for (const p of parts) {
    const src = p as unknown as Columns;
    for (const [name, type] of cols) {
      const w = colWidth(type);
      const s = src[name]!;
      if (Array.isArray(s)) for (let i = 0; i < p.length; i++) (dst[name] as string[])[at + i] = s[i]!;
      else (dst[name] as Float64Array).set((s as Float64Array).subarray(0, p.length * w), at * w);
    }
    at += p.length;
  }
  return out;
}

/** Rows i of a and j of b hold the same values in every column both tables have. */
export function tableRowsEqual(a: TableBase, i: number, b: TableBase, j: number): boolean {
  const ca = a as unknown as Columns;
  const cb = b as unknown as Columns;
  for (const [name, type] of shapeOf([a, b])) {
    const w = colWidth(type);
    const x = ca[name]!;
    const y = cb[name]!;
    for (let k = 0; k < w; k++) {
      const u = x[i * w + k];
      const v = y[j * w + k];
      if (u !== v && !(u !== u && v !== v)) return false;
    }
  }
  return true;
}

/** A new table of the rows `index[0..count)` of `t`, in that order. */
export function gatherRows<T extends TableBase>(t: T, index: Uint32Array, count: number): T {
  const cols = shapeOf([t]);
  const out = emptyLike(t, count, cols);
  const src = t as unknown as Columns;
  const dst = out as unknown as Columns;
  for (const [name, type] of cols) {
    const w = colWidth(type);
    const s = src[name]!;
    const d = dst[name]!;
    if (w === 1) for (let r = 0; r < count; r++) d[r] = s[index[r]!]!;
    else
      for (let r = 0; r < count; r++) {
        const from = index[r]! * w;
        for (let k = 0; k < w; k++) d[r * w + k] = s[from + k]!;
      }
  }
  return out;
}

/** Splits rows by a per-row group key (keyOf(instrumentId), instrument ids in the `instrumentId` column). */
export function splitByKey<T extends TableBase>(
  t: T,
  keyOf: (instrumentId: number) => string,
): { key: string; table: T; sourceRows: Uint32Array }[] {
  const ids = (t as unknown as { instrumentId: Uint32Array }).instrumentId;
  const groupOf = new Map<number, number>();
  const keys: string[] = [];
  const counts: number[] = [];
  const rowGroup = new Uint32Array(t.length);
  for (let i = 0; i < t.length; i++) {
    let g = groupOf.get(ids[i]!);
    if (g === undefined) {
      const key = keyOf(ids[i]!);
      g = keys.indexOf(key);
      if (g < 0) {
        g = keys.push(key) - 1;
        counts.push(0);
      }
      groupOf.set(ids[i]!, g);
    }
    rowGroup[i] = g;
    counts[g]!++;
  }
  const rows = counts.map((n) => new Uint32Array(n));
  const fill = new Array<number>(keys.length).fill(0);
  for (let i = 0; i < t.length; i++) rows[rowGroup[i]!]![fill[rowGroup[i]!]!++] = i;
  return keys.map((key, g) => ({
    key,
    table: keys.length === 1 ? t : gatherRows(t, rows[g]!, rows[g]!.length),
    sourceRows: rows[g]!,
  }));
}

/** One table per instrument id, in order of first row. */
export function splitByInstrument<T extends TableBase>(t: T): { instrumentId: number; table: T }[] {
  return splitByKey(t, String).map((p) => ({ instrumentId: Number(p.key), table: p.table }));
}

export type NamedSeries = ImportSeries & { sourceRows: Uint32Array };

/**
 * Per-symbol series of a tick table: instruments named through `symbols` (or `fallback` for a source of
 * one instrument); several instrument ids of one symbol (ids change over time) make one series.
 */
export function tickSeries(
  file: string,
  kind: TableKind,
  table: CatalogTable<TableKind>,
  symbols: Map<number, string>,
  fallback: string | undefined,
): NamedSeries[] {
  const parts = splitByKey(table, (id) => {
    const symbol = fallback ?? symbols.get(id);
    if (symbol === undefined || symbol === '')
      throw new DataError(
        { file, field: 'instrument_id', value: String(id) },
        `no symbol for this instrument in the file's metadata (pass the symbol option for a file of one instrument)`,
      );
    return symbol;
  });
  if (
    fallback !== undefined &&
    new Set((table as unknown as { instrumentId: Uint32Array }).instrumentId.subarray(0, table.length)).size >
      1
  )
    throw new UsageError(`${file}: the symbol option names one instrument, but the ${kind} hold several`);
  return parts.map((p) => ({ kind, symbol: p.key, table: p.table, sourceRows: p.sourceRows }));
}
