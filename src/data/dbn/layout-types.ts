/**
 * The vocabulary of DBN record layouts: a layout is a list of fields (column, byte offset, wire type) bound
 * to the table kind its records decode into. Kept apart from layouts.ts so the per-version definition
 * layouts can share it without an import cycle.
 */
import type { DbnKind } from './tables.js';

/**
 * Wire types: u8..i32 into the same-width integer column; i64 = nullable i64 (i64::MAX -> NaN) and u64 into an
 * exact double; u32d = u32 into a double column; q32 = i32 with i32::MAX -> NaN into a double; ts = u64 ns into
 * <col>Sec/<col>Nsec; oid = u64 into <col>Hi/<col>Lo; str = NUL-padded C string of `len` bytes.
 */
export type FieldType =
  'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'i64' | 'u64' | 'u32d' | 'q32' | 'ts' | 'oid' | 'str';

export interface Field {
  readonly col: string;
  readonly off: number;
  readonly type: FieldType;
  /** Byte length of a 'str' field. */
  readonly len?: number;
  /** Repeated fields (MBP-10 levels): `count` entries `stride` bytes apart. */
  readonly count?: number;
  readonly stride?: number;
}

export interface RecordLayout {
  readonly name: string;
  readonly kind: DbnKind;
  /** Struct size in bytes, without the ts_out suffix. */
  readonly size: number;
  readonly fields: readonly Field[];
  /** Double columns of the kind this layout lacks, set to NaN (null) on decode. */
  readonly nanCols?: readonly string[];
  /** A hand-written decoder equivalent to `fields` (fast-decoders.ts); false = use the generic path. */
  readonly fast?: (dv: DataView, off: number, rs: number, n: number, t: never, row: number) => boolean;
}

export const f = (col: string, off: number, type: FieldType, len?: number): Field =>
  len === undefined ? { col, off, type } : { col, off, type, len };

export const HD: readonly Field[] = [
  f('publisherId', 2, 'u16'),
  f('instrumentId', 4, 'u32'),
  f('tsEvent', 8, 'ts'),
];
