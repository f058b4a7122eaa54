/**
 * The on-disk column layout of the canonical tables (data/schemas.ts TABLE_SPECS) in Parquet and Arrow
 * IPC (docs/data-formats.md, "Canonical tables"), derived from each kind's column spec so every kind has
 * one layout and the writers and readers cannot disagree.
 *
 * Mapping: a `<x>Sec`/`<x>Nsec` pair is one timestamp column `x` (int64 ns); an `<x>Hi`/`<x>Lo` pair is
 * one uint64 column (MBO order id); other f64 columns are int64 (uint64 for volume and raw instrument
 * id, whose DBN range is u64); u8..i32 keep their width and sign; strings are dictionary strings; x10 level
 * columns become ten columns `<x>_00`..`<x>_09`. Names are the snake_case of the table names
 * (tsEvent -> ts_event, bidPx level 3 -> bid_px_03), as Databento spells them.
 * File metadata: hindsight.kind, hindsight.version, hindsight.tick (decimal text of the price tick) and,
 * when given, hindsight.symbols = JSON object instrument id -> symbol.
 * Invariants: layout(kind) is a pure function of TABLE_SPECS; names are unique within a kind.
 */
import { parseDecimal, type Scaled } from '../../core/decimal.js';
import { DataError, UsageError } from '../../core/errors.js';
import { TABLE_SPECS, colWidth, type ColType, type TableKind } from '../schemas.js';
import { KEY_KIND, KEY_TICK, KEY_VERSION, tickText } from './layout.js';

export { KEY_KIND, KEY_TICK, KEY_VERSION };
export const KEY_SYMBOLS = 'hindsight.symbols';
export const TABLE_LAYOUT_VERSION = '1';

/** How a file column is stored: timestamp, signed/unsigned 64-bit integer, order id, 8..32-bit int, string. */
export type FileRole = 'ts' | 'i64' | 'u64' | 'oid' | 'int' | 'str';

export interface FileColumn {
  /** Name in the file. */
  readonly name: string;
  readonly role: FileRole;
  /** The table column (seconds for 'ts', high half for 'oid'). */
  readonly col: string;
  /** The second table column of a pair (nanoseconds for 'ts', low half for 'oid'), else ''. */
  readonly col2: string;
  /** Table type of `col` ('int': u8..i32, which sets the file's integer width and sign). */
  readonly type: ColType;
  /** Entries per table row (10 for level columns) and the level this file column holds. */
  readonly stride: number;
  readonly lane: number;
}

/** f64 columns whose domain is unsigned 64-bit (DBN u64 fields). */
const UNSIGNED_F64 = new Set(['volume', 'rawInstrumentId']);

export function snakeName(camel: string): string {
  return camel.replace(/[A-Z]/g, (m) => '_' + m.toLowerCase());
}

const cache = new Map<string, FileColumn[]>();

/** The file columns of `kind`, in file order, plus `ts_out` when the table carries send timestamps. */
export function tableLayout(kind: TableKind, tsOut: boolean): readonly FileColumn[] {
  const key = `${kind}:${tsOut}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const spec = TABLE_SPECS[kind] as Readonly<Record<string, ColType>>;
  const out: FileColumn[] = [];
  const add = (c: Omit<FileColumn, 'stride' | 'lane'>): void => {
    out.push({ ...c, stride: 1, lane: 0 });
  };
  for (const [col, type] of Object.entries(spec)) {
    if (col.endsWith('Nsec') || col.endsWith('Lo')) {
      const partner = col.endsWith('Nsec') ? col.slice(0, -4) + 'Sec' : col.slice(0, -2) + 'Hi';
      if (partner in spec) continue;
    }
    if (col.endsWith('Sec') && spec[col.slice(0, -3) + 'Nsec'] === 'u32') {
      const base = col.slice(0, -3);
      add({ name: snakeName(base), role: 'ts', col, col2: base + 'Nsec', type });
    } else if (col.endsWith('Hi') && spec[col.slice(0, -2) + 'Lo'] === 'u32') {
      const base = col.slice(0, -2);
      add({ name: snakeName(base), role: 'oid', col, col2: base + 'Lo', type });
    } else if (colWidth(type) === 10) {
      for (let lane = 0; lane < 10; lane++)
        out.push({
          name: `${snakeName(col)}_0${lane}`,
          role: type === 'f64x10' ? 'i64' : 'int',
          col,
          col2: '',
          type: type === 'f64x10' ? 'f64' : 'u32',
          stride: 10,
          lane,
        });
    } else if (type === 'f64')
      add({ name: snakeName(col), role: UNSIGNED_F64.has(col) ? 'u64' : 'i64', col, col2: '', type });
    else add({ name: snakeName(col), role: type === 'str' ? 'str' : 'int', col, col2: '', type });
  }
  if (tsOut) add({ name: 'ts_out', role: 'ts', col: 'tsOutSec', col2: 'tsOutNsec', type: 'f64' });
  cache.set(key, out);
  return out;
}

/** Bit width and sign of an 'int' column of table type `t`. */
export function intShape(t: ColType): { bits: 8 | 16 | 32; signed: boolean } {
  switch (t) {
    case 'u8':
      return { bits: 8, signed: false };
    case 'i8':
      return { bits: 8, signed: true };
    case 'u16':
      return { bits: 16, signed: false };
    case 'i16':
      return { bits: 16, signed: true };
    case 'i32':
      return { bits: 32, signed: true };
    default:
      return { bits: 32, signed: false };
  }
}

export function isTableKind(k: unknown): k is TableKind {
  return typeof k === 'string' && Object.prototype.hasOwnProperty.call(TABLE_SPECS, k);
}

/** instrument id -> symbol, as callers may give it. */
export type SymbolMapInput = Map<number, string> | Record<number, string>;

function symbolEntries(who: string, symbols: SymbolMapInput): [number, string][] {
  const entries: [number | string, unknown][] =
    symbols instanceof Map ? [...symbols] : Object.entries(symbols as Record<string, unknown>);
  return entries.map(([id, sym]) => {
    const n = Number(id);
    if (!(Number.isInteger(n) && n >= 0 && n <= 0xffffffff) || typeof sym !== 'string')
      throw new UsageError(`${who}: symbols: ${String(id)} -> ${String(sym)} is not (uint32 id -> string)`);
    return [n, sym];
  });
}

/** The key-value metadata a writer stores. */
export function tableMetadata(
  who: string,
  kind: TableKind,
  tick: Scaled,
  symbols: SymbolMapInput | undefined,
): Map<string, string> {
  const kv = new Map<string, string>([
    [KEY_KIND, kind],
    [KEY_VERSION, TABLE_LAYOUT_VERSION],
    [KEY_TICK, tickText(tick)],
  ]);
  if (symbols) kv.set(KEY_SYMBOLS, JSON.stringify(Object.fromEntries(symbolEntries(who, symbols))));
  return kv;
}

export interface TableFileInfo {
  kind: TableKind;
  priceTick: Scaled;
  symbols: Map<number, string>;
}

/** Reads kind, tick and symbol map back from file metadata; `expect` is the caller's `kind` option. */
export function parseTableMetadata(
  file: string,
  kv: Map<string, string>,
  expect: TableKind | undefined,
): TableFileInfo {
  const kindText = kv.get(KEY_KIND);
  if (kindText === undefined && expect === undefined)
    throw new DataError(
      { file, field: KEY_KIND },
      'not a Hindsight table file: no hindsight.kind metadata (pass the kind option)',
    );
  if (kindText !== undefined && !isTableKind(kindText))
    throw new DataError(
      { file, field: KEY_KIND, value: kindText },
      `unknown table kind (expected one of ${Object.keys(TABLE_SPECS).join(', ')})`,
    );
  const kind = (kindText ?? expect) as TableKind;
  if (expect !== undefined && kind !== expect)
    throw new DataError({ file, field: KEY_KIND, value: kind }, `the file holds ${kind}, not ${expect}`);
  const version = kv.get(KEY_VERSION);
  if (version !== undefined && version !== TABLE_LAYOUT_VERSION)
    throw new DataError(
      { file, field: KEY_VERSION, value: version },
      `unsupported layout version (this reader knows ${TABLE_LAYOUT_VERSION})`,
    );
  const tickText = kv.get(KEY_TICK);
  let priceTick: Scaled = { units: 1, scale: 9 };
  if (tickText !== undefined) {
    const t = tryTick(tickText);
    if (!t) throw new DataError({ file, field: KEY_TICK, value: tickText }, 'tick size is not a decimal > 0');
    priceTick = t;
  }
  return { kind, priceTick, symbols: parseSymbols(file, kv.get(KEY_SYMBOLS)) };
}

function tryTick(text: string): Scaled | null {
  try {
    const t = parseDecimal(text, KEY_TICK);
    return t.units > 0 ? t : null;
  } catch {
    return null;
  }
}

function parseSymbols(file: string, text: string | undefined): Map<number, string> {
  const out = new Map<number, string>();
  if (text === undefined) return out;
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    obj = null;
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj))
    throw new DataError({ file, field: KEY_SYMBOLS, value: text }, 'metadata is not a JSON object');
  for (const [id, sym] of Object.entries(obj as Record<string, unknown>)) {
    const n = Number(id);
    if (!(Number.isInteger(n) && n >= 0 && n <= 0xffffffff) || typeof sym !== 'string')
      throw new DataError(
        { file, field: KEY_SYMBOLS, value: `${id}: ${String(sym)}` },
        'entry is not instrument id -> symbol',
      );
    out.set(n, sym);
  }
  return out;
}
