/**
 * DBN writer: columnar tables -> a DBN stream (v3 by default; v1/v2 layouts are available for tests and
 * interop), plain or zstd-compressed, for every kind the reader produces. Records are encoded field by field
 * with the same layouts the reader uses (layouts.ts), so write -> read is the identity on columns.
 *
 * Tables are written one after another, each in its own row order (a caller that wants one time-ordered
 * stream across kinds merges first). Tables with an `rtype` column (quotes, cquotes, ohlcv) choose the record
 * type per row. Values a field cannot carry (a fractional price, a string too long for its C string, a
 * timestamp before 1970) are a DataError naming the output, row, field and value; nothing is clamped.
 */
import { writeFileSync } from 'node:fs';
import { DataError } from '../../core/errors.js';
import type { TableBase } from '../schemas.js';
import { SCHEMA_NAMES, SCHEMA_RTYPE, type SchemaName } from './constants.js';
import { snakeName } from './decoder.js';
import * as F from './fields-encode.js';
import { layoutsFor, rtypesOfKind, type Field, type RecordLayout } from './layouts.js';
import { encodeMetadata, type DbnMetadataInput } from './metadata.js';
import type { DbnKind, DbnTables } from './tables.js';
import { zstdCompress } from './zstd.js';

export interface DbnWriteInput {
  metadata?: DbnMetadataInput;
  /** Tables by kind (as readDbn returns them) or a list (written in list order). */
  tables: DbnTables | TableBase[];
}

export interface DbnWriteOptions {
  version?: 1 | 2 | 3;
  zstd?: boolean;
  /** zstd level (default 3). */
  level?: number;
  /** Name used in error messages (writeDbn: the path). */
  file?: string;
}

const BLOCK = 512;
type Cols = Record<string, never>;

interface Plan {
  t: TableBase;
  /** The record type of every row (tables without an rtype column), else -1. */
  single: number;
  /** The per-row record types (tables with an rtype column), else null. */
  rtypes: Uint8Array | null;
}

function planTables(input: DbnWriteInput, version: 1 | 2 | 3, file: string): Plan[] {
  const layouts = layoutsFor(version);
  const list = Array.isArray(input.tables) ? input.tables : (Object.values(input.tables) as TableBase[]);
  return list.map((t) => {
    const own = rtypesOfKind(version, t.kind as DbnKind);
    if (own.length === 0)
      throw new DataError({ file, field: 'kind', value: t.kind }, 'no DBN record type for this table kind');
    const rt = (t as unknown as { rtype?: Uint8Array }).rtype;
    if (!('rtype' in t.spec) || !rt) return { t, single: own[0]!, rtypes: null };
    for (let i = 0; i < t.length; i++)
      if (layouts[rt[i]!]?.kind !== t.kind)
        throw new DataError(
          { file, row: i + 1, field: 'rtype', value: String(rt[i]) },
          `not a record type of ${t.kind}`,
        );
    return { t, single: -1, rtypes: rt };
  });
}

/** The schema of a stream whose records all share one rtype (mbp-1 for MBP_1), else null (mixed). */
function inferSchema(plans: Plan[]): SchemaName | null {
  let rtype = -1;
  for (const p of plans)
    for (let i = 0; i < p.t.length; i++) {
      const r = p.rtypes ? p.rtypes[i]! : p.single;
      if (rtype !== -1 && r !== rtype) return null;
      rtype = r;
      if (!p.rtypes) break;
    }
  return SCHEMA_NAMES.find((s) => SCHEMA_RTYPE[s] === rtype) ?? null;
}

/** Encodes tables (and metadata) as an uncompressed DBN stream. */
export function encodeDbn(input: DbnWriteInput, opts: DbnWriteOptions = {}): Uint8Array {
  const version = opts.version ?? 3;
  const file = opts.file ?? '<output>';
  const plans = planTables(input, version, file);
  const tsOut = input.metadata?.tsOut ?? plans.some((p) => p.t.tsOutSec !== undefined);
  for (const p of plans)
    if (tsOut && !p.t.tsOutSec)
      throw new DataError(
        { file, field: 'ts_out', value: p.t.kind },
        'ts_out is set but this table has no tsOut columns',
      );
  const layouts = layoutsFor(version);
  const meta = encodeMetadata({ schema: inferSchema(plans), ...input.metadata, tsOut }, version);
  const extra = tsOut ? 8 : 0;
  let total = meta.length;
  for (const p of plans) {
    const size = layouts[p.rtypes ? (p.rtypes[0] ?? 0) : p.single]?.size ?? 0;
    total += p.t.length * (size + extra);
  }
  const u8 = new Uint8Array(total);
  u8.set(meta);
  const dv = new DataView(u8.buffer);
  let off = meta.length;
  for (const p of plans) {
    const { t, rtypes } = p;
    for (let row = 0; row < t.length;) {
      const rtype = rtypes ? rtypes[row]! : p.single;
      const l = layouts[rtype]!;
      let n = 1;
      while (row + n < t.length && n < BLOCK && (!rtypes || rtypes[row + n] === rtype)) n++;
      const rs = l.size + extra;
      for (let r = 0; r < n; r++) {
        u8[off + r * rs] = rs / 4;
        u8[off + r * rs + 1] = rtype;
      }
      encodeRun(l, t, u8, dv, off, rs, row, n, file);
      off += n * rs;
      row += n;
    }
  }
  return u8;
}

function encodeRun(
  l: RecordLayout,
  t: TableBase,
  u8: Uint8Array,
  dv: DataView,
  off: number,
  rs: number,
  row: number,
  n: number,
  file: string,
): void {
  const c = t as unknown as Cols;
  const bad = (fld: Field, k: number, r: number, value: unknown): never => {
    throw new DataError(
      { file, row: row + r + 1, field: snakeName(fld, k), value: String(value) },
      `cannot be encoded as DBN ${fld.type}`,
    );
  };
  for (const fld of l.fields) {
    if (fld.col === 'rtype') continue;
    const w = fld.count ?? 1;
    for (let k = 0; k < w; k++) {
      const p0 = off + fld.off + k * (fld.stride ?? 0);
      const i0 = row * w + k;
      let r = -1;
      switch (fld.type) {
        case 'u8':
        case 'i8':
          F.eInt(dv, p0, rs, n, c[fld.col], i0, w, 1);
          break;
        case 'u16':
        case 'i16':
          F.eInt(dv, p0, rs, n, c[fld.col], i0, w, 2);
          break;
        case 'u32':
        case 'i32':
          F.eInt(dv, p0, rs, n, c[fld.col], i0, w, 4);
          break;
        case 'u32d':
          r = F.eU32d(dv, p0, rs, n, c[fld.col], i0, w);
          break;
        case 'q32':
          r = F.eQ32(dv, p0, rs, n, c[fld.col], i0, w);
          break;
        case 'i64':
          r = F.eI64(dv, p0, rs, n, c[fld.col], i0, w);
          break;
        case 'u64':
          r = F.eU64(dv, p0, rs, n, c[fld.col], i0, w);
          break;
        case 'ts':
          r = F.eTs(dv, p0, rs, n, c[fld.col + 'Sec'], c[fld.col + 'Nsec'], i0);
          if (r >= 0)
            bad(
              fld,
              k,
              r,
              `${(c[fld.col + 'Sec'] as Float64Array)[i0 + r]}s+${(c[fld.col + 'Nsec'] as Uint32Array)[i0 + r]}ns`,
            );
          break;
        case 'oid':
          F.eOid(dv, p0, rs, n, c[fld.col + 'Hi'], c[fld.col + 'Lo'], i0);
          break;
        case 'str':
          r = F.eStr(u8, p0, rs, n, fld.len!, c[fld.col], i0);
          break;
      }
      if (r >= 0) bad(fld, k, r, (c[fld.col] as ArrayLike<unknown>)[i0 + r * w]);
    }
  }
  if (t.tsOutSec) {
    const r = F.eTs(dv, off + l.size, rs, n, t.tsOutSec, t.tsOutNsec!, row);
    if (r >= 0) bad({ col: 'tsOut', off: l.size, type: 'ts' }, 0, r, t.tsOutSec[row + r]);
  }
}

/** Encodes as DBN, compressed with zstd (independent frames of 16 MiB of input each). */
export async function encodeDbnZstd(input: DbnWriteInput, opts: DbnWriteOptions = {}): Promise<Uint8Array> {
  return zstdCompress(encodeDbn(input, opts), opts.level ?? 3);
}

/** Writes a DBN file (v3 unless `version` says otherwise), zstd-compressed when `zstd` is set. */
export async function writeDbn(
  path: string,
  input: DbnWriteInput,
  opts: DbnWriteOptions = {},
): Promise<void> {
  const o = { ...opts, file: opts.file ?? path };
  const bytes = opts.zstd ? await encodeDbnZstd(input, o) : encodeDbn(input, o);
  writeFileSync(path, bytes);
}
