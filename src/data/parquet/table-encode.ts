/**
 * Checks a canonical table handed to the Parquet or Arrow writer and turns its columns into the file
 * columns of table-layout.ts: timestamps and 64-bit integers as int64 arrays (joined through 32-bit halves,
 * no BigInt per row), order ids as uint64, small integers as their own typed arrays, strings as they are.
 *
 * Null sentinels: a NaN in an f64-backed column (timestamp seconds, prices, quantities) is a null in the
 * file; `nulls` marks them (null when the column has none, so writers can declare it non-nullable).
 * Integer sentinels (UNDEF_SIZE = 0xFFFFFFFF) are ordinary values.
 * Invariants enforced (UsageError naming table, row and column): the spec is the kind's canonical spec,
 * every column holds `length` rows, f64 values are integers inside int64 (uint64 for unsigned columns),
 * timestamps lie in 1677-09-21 .. 2262-04-11 with 0 <= nsec < 1e9 (a null timestamp has nsec 0), strings
 * are well-formed UTF-16 (so UTF-8 round-trips them).
 */
import { UsageError } from '../../core/errors.js';
import { TABLE_SPECS, colWidth, type Column, type TableBase, type TableKind } from '../schemas.js';
import { halves, joinIntegers, joinTimestamps, tsFitsInt64 } from './int64.js';
import { isTableKind, tableLayout, type FileColumn } from './table-layout.js';

export type IntArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

export interface EncodedColumn {
  readonly fc: FileColumn;
  /** int64 values: BigInt64Array for 'ts' and 'i64', BigUint64Array for 'u64' and 'oid'. */
  readonly big: BigInt64Array | BigUint64Array | null;
  /** 'int' values in the table's own integer type. */
  readonly int: IntArray | null;
  readonly str: string[] | null;
  /** 1 where the value is null (NaN in the table); null when the column has no null. */
  readonly nulls: Uint8Array | null;
}

export interface EncodedTable {
  kind: TableKind;
  length: number;
  columns: EncodedColumn[];
}

const TWO63 = 9223372036854775808;
const TWO64 = 18446744073709551616;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function encodeTable(who: string, t: TableBase): EncodedTable {
  const kind = t?.kind;
  if (!isTableKind(kind)) throw new UsageError(`${who}: "${String(kind)}" is not a canonical table kind`);
  const spec = TABLE_SPECS[kind] as Readonly<Record<string, string>>;
  const n = t.length;
  if (!(Number.isInteger(n) && n >= 0))
    throw new UsageError(`${who}: ${kind}: length ${n} is not a row count`);
  const own = t.spec as Readonly<Record<string, string>>;
  const names = Object.keys(spec);
  if (Object.keys(own).length !== names.length || names.some((c) => own[c] !== spec[c]))
    throw new UsageError(`${who}: ${kind}: the table's column spec is not the canonical ${kind} spec`);
  const rec = t as unknown as Record<string, Column | undefined>;
  const tsOut = t.tsOutSec !== undefined;
  for (const [c, type] of Object.entries(spec).concat(
    tsOut
      ? [
          ['tsOutSec', 'f64'],
          ['tsOutNsec', 'u32'],
        ]
      : [],
  )) {
    const col = rec[c];
    const need = n * colWidth(type as never);
    if (!col || col.length < need)
      throw new UsageError(`${who}: ${kind}: column ${c} has ${col?.length ?? 0} entries, ${need} needed`);
  }
  const columns = tableLayout(kind, tsOut).map((fc) => encodeColumn(who, kind, rec, fc, n));
  return { kind, length: n, columns };
}

function bad(who: string, kind: string, row: number, col: string, v: unknown, why: string): never {
  throw new UsageError(`${who}: ${kind} row ${row}: ${col} = ${String(v)} ${why}`);
}

function encodeColumn(
  who: string,
  kind: string,
  rec: Record<string, Column | undefined>,
  fc: FileColumn,
  n: number,
): EncodedColumn {
  const src = rec[fc.col]!;
  if (fc.role === 'str') {
    const s = src as string[];
    const out = s.slice(0, n);
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const v = out[i];
      if (typeof v !== 'string') bad(who, kind, i, fc.col, v, 'is not a string');
      if (!seen.has(v)) {
        if (LONE_SURROGATE.test(v)) bad(who, kind, i, fc.col, JSON.stringify(v), 'is not well-formed UTF-16');
        seen.add(v);
      }
    }
    return { fc, big: null, int: null, str: out, nulls: null };
  }
  if (fc.role === 'int') return { fc, big: null, int: lane(src as IntArray, fc, n), str: null, nulls: null };
  if (fc.role === 'oid') {
    const hi = src as Uint32Array;
    const lo = rec[fc.col2] as Uint32Array;
    const pairs = new Uint32Array(2 * n);
    for (let i = 0; i < n; i++) {
      pairs[2 * i] = lo[i]!;
      pairs[2 * i + 1] = hi[i]!;
    }
    return { fc, big: new BigUint64Array(pairs.buffer), int: null, str: null, nulls: null };
  }
  const values = lane(src as Float64Array, fc, n) as Float64Array;
  const nulls = nullMask(values, n);
  if (fc.role === 'ts') {
    const nsec = rec[fc.col2] as Uint32Array;
    const sec = nulls ? values.slice() : values;
    for (let i = 0; i < n; i++) {
      if (nulls && nulls[i]) {
        if (nsec[i] !== 0)
          bad(who, kind, i, fc.col2, nsec[i], 'with a null (NaN) timestamp: a null has nsec 0');
        sec[i] = 0;
      } else if (!(Number.isInteger(sec[i]) && nsec[i]! < 1e9 && tsFitsInt64(sec[i]!, nsec[i]!)))
        bad(
          who,
          kind,
          i,
          fc.col,
          `(${sec[i]}, ${nsec[i]})`,
          'is not a timestamp within 1677-09-21 .. 2262-04-11',
        );
    }
    const big = new BigInt64Array(n);
    joinTimestamps(sec, nsec, 0, n, halves(big), 0);
    return { fc, big, int: null, str: null, nulls };
  }
  const unsigned = fc.role === 'u64';
  const lo = unsigned ? 0 : -TWO63;
  const hi = unsigned ? TWO64 : TWO63;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v === v && !(Number.isInteger(v) && v >= lo && v < hi))
      bad(
        who,
        kind,
        i,
        fc.stride > 1 ? `${fc.col}[${fc.lane}]` : fc.col,
        v,
        `is not an integer in the ${unsigned ? 'uint64' : 'int64'} range`,
      );
  }
  const big = unsigned ? new BigUint64Array(n) : new BigInt64Array(n);
  joinIntegers(values, 0, n, new Int32Array(big.buffer), 0);
  return { fc, big, int: null, str: null, nulls };
}

/** Rows 0..n of one lane of `src` (the column itself as a view when it has one entry per row). */
function lane<T extends Float64Array | IntArray>(src: T, fc: FileColumn, n: number): T {
  if (fc.stride === 1) return src.subarray(0, n) as T;
  const out = new (src.constructor as new (k: number) => T)(n);
  for (let i = 0, j = fc.lane; i < n; i++, j += fc.stride) out[i] = src[j]!;
  return out;
}

function nullMask(v: Float64Array, n: number): Uint8Array | null {
  let first = -1;
  for (let i = 0; i < n; i++)
    if (v[i] !== v[i]) {
      first = i;
      break;
    }
  if (first < 0) return null;
  const m = new Uint8Array(n);
  for (let i = first; i < n; i++) m[i] = v[i] !== v[i] ? 1 : 0;
  return m;
}
