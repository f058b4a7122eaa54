/**
 * The record decoder: turns a byte range of back-to-back DBN records into columnar tables.
 *
 * Two passes over each range. `scan` walks the length bytes only: it checks every record's length against
 * its layout (with ts_out), finds truncation and counts records per kind, so `decode` can size every table
 * exactly once (no growth while decoding a whole file). `decode` groups consecutive records of one rtype in
 * blocks of BLOCK records and moves them into columns one field at a time (fields.ts). Nothing per record is
 * allocated. Unknown rtypes are skipped and counted; their length byte must still be at least the header.
 *
 * Errors are DataErrors naming the file, the absolute byte offset (in the decompressed stream) and the field.
 * Limits: interleaving across kinds is not kept (each kind keeps its own record order).
 */
import { DataError } from '../../core/errors.js';
import { ensureCapacity, trimTable, type TableBase } from '../schemas.js';
import * as F from './fields.js';
import { layoutsFor, type Field, type RecordLayout } from './layouts.js';
import { DBN_KINDS, allocDbnTable, type DbnKind, type DbnTables } from './tables.js';

const BLOCK = 512;
const FAST_BLOCK = 1 << 20;
type Cols = Record<string, never>;

export interface DecoderSetup {
  file: string;
  version: 1 | 2 | 3;
  tsOut: boolean;
  /** Use the hand-written decoders where a layout has one (default true; tests compare both paths). */
  fast?: boolean;
  /** Keep each kind's table between chunks and hand out views of it (see DbnChunkOptions.reuseTables). */
  reuseTables?: boolean;
}

export function snakeName(f: Field, k: number): string {
  const base = f.col.replace(/[A-Z]/g, (m) => '_' + m.toLowerCase());
  return f.count ? `levels[${k}].${base}` : base;
}

export class RecordDecoder {
  readonly layouts: readonly (RecordLayout | undefined)[];
  /** Expected record size in bytes per rtype (0 = unknown rtype). */
  private readonly sizes = new Int32Array(256);
  private readonly kindOf = new Int8Array(256).fill(-1);
  private readonly pending = new Int32Array(DBN_KINDS.length);
  tables: DbnTables = {};
  /** Records decoded into the current chunk's tables. */
  chunkRecords = 0;
  /** Records (decoded or skipped) the last `scan` accepted. */
  lastScanned = 0;
  readonly skippedByRtype = new Float64Array(256);
  readonly decodedByRtype = new Float64Array(256);

  constructor(readonly setup: DecoderSetup) {
    this.layouts = layoutsFor(setup.version);
    this.layouts.forEach((l, r) => {
      if (!l) return;
      this.sizes[r] = l.size + (setup.tsOut ? 8 : 0);
      this.kindOf[r] = DBN_KINDS.indexOf(l.kind);
    });
  }

  /**
   * Validates and counts complete records in u8[start, end), at most `maxRecords`. Returns the offset after the
   * last complete record taken. When `final`, an incomplete trailing record is a DataError.
   */
  scan(u8: Uint8Array, start: number, end: number, maxRecords: number, final: boolean, base: number): number {
    const { sizes, kindOf, pending } = this;
    pending.fill(0);
    let off = start;
    let recs = 0;
    while (off < end && recs < maxRecords) {
      const len = u8[off]! * 4;
      if (len < 16)
        this.fail(
          base + off,
          'length',
          String(u8[off]),
          `record length ${len} bytes is below the 16-byte header`,
        );
      if (off + len > end) {
        if (!final) break;
        this.fail(
          base + off,
          'length',
          String(u8[off]),
          `truncated record: ${len} bytes expected, ${end - off} remain`,
        );
      }
      const rt = u8[off + 1]!;
      const want = sizes[rt]!;
      if (want !== 0 && len !== want)
        this.fail(
          base + off,
          'length',
          String(u8[off]),
          `rtype 0x${rt.toString(16)} (${this.layouts[rt]!.name}) records are ${want} bytes, the length byte says ${len}`,
        );
      const k = kindOf[rt]!;
      if (k >= 0) pending[k]!++;
      off += len;
      recs++;
    }
    this.lastScanned = recs;
    return off;
  }

  /** Decodes the records of u8[start, stop) (a range `scan` accepted) into the current chunk's tables. */
  decode(u8: Uint8Array, dv: DataView, start: number, stop: number, base: number): void {
    const tables = this.tables as Record<string, TableBase>;
    for (let k = 0; k < DBN_KINDS.length; k++) {
      const n = this.pending[k]!;
      if (n === 0) continue;
      const kind = DBN_KINDS[k]!;
      const t = tables[kind];
      if (!t) tables[kind] = allocDbnTable(kind as DbnKind, n, { tsOut: this.setup.tsOut });
      else ensureCapacity(t, t.length + n);
    }
    let off = start;
    while (off < stop) {
      const rt = u8[off + 1]!;
      const size = u8[off]! * 4;
      const layout = this.layouts[rt];
      if (!layout) {
        this.skippedByRtype[rt]!++;
        off += size;
        continue;
      }
      // The field-by-field path works in cache-sized blocks; a hand-written decoder takes the whole run.
      const block = layout.fast ? FAST_BLOCK : BLOCK;
      let n = 1;
      let j = off + size;
      while (j < stop && n < block && u8[j + 1] === rt) {
        j += size;
        n++;
      }
      const t = tables[layout.kind]!;
      this.decodeRun(layout, t, u8, dv, off, size, n, base);
      t.length += n;
      this.chunkRecords += n;
      this.decodedByRtype[rt]! += n;
      off = j;
    }
  }

  private decodeRun(
    l: RecordLayout,
    t: TableBase,
    u8: Uint8Array,
    dv: DataView,
    off: number,
    rs: number,
    n: number,
    base: number,
  ): void {
    const c = t as unknown as Cols;
    const row = t.length;
    if (l.fast && this.setup.fast !== false && l.fast(dv, off, rs, n, t as never, row)) {
      this.finishRun(l, t, dv, off, rs, n, row);
      return;
    }
    for (const fld of l.fields) {
      const w = fld.count ?? 1;
      for (let k = 0; k < w; k++) {
        const p0 = off + fld.off + k * (fld.stride ?? 0);
        const i0 = row * w + k;
        let bad = -1;
        switch (fld.type) {
          case 'u8':
            F.dU8(dv, p0, rs, n, c[fld.col], i0, w);
            break;
          case 'i8':
            F.dI8(dv, p0, rs, n, c[fld.col], i0, w);
            break;
          case 'u16':
            F.dU16(dv, p0, rs, n, c[fld.col], i0, w);
            break;
          case 'i16':
            F.dI16(dv, p0, rs, n, c[fld.col], i0, w);
            break;
          case 'u32':
            F.dU32(dv, p0, rs, n, c[fld.col], i0, w);
            break;
          case 'i32':
            F.dI32(dv, p0, rs, n, c[fld.col], i0, w);
            break;
          case 'u32d':
            F.dU32d(dv, p0, rs, n, c[fld.col], i0, w);
            break;
          case 'q32':
            F.dQ32(dv, p0, rs, n, c[fld.col], i0, w);
            break;
          case 'i64':
            bad = F.dI64(dv, p0, rs, n, c[fld.col], i0, w);
            break;
          case 'u64':
            bad = F.dU64(dv, p0, rs, n, c[fld.col], i0, w);
            break;
          case 'ts':
            F.dTs(dv, p0, rs, n, c[fld.col + 'Sec'], c[fld.col + 'Nsec'], i0);
            break;
          case 'oid':
            F.dOid(dv, p0, rs, n, c[fld.col + 'Hi'], c[fld.col + 'Lo'], i0);
            break;
          case 'str':
            F.dStr(u8, p0, rs, n, fld.len!, c[fld.col], i0);
            break;
        }
        if (bad >= 0) this.inexact(dv, base, off + bad * rs, fld, k, p0 + bad * rs);
      }
    }
    this.finishRun(l, t, dv, off, rs, n, row);
  }

  /** The parts of a run outside the layout's fields: ts_out and the columns this version lacks. */
  private finishRun(
    l: RecordLayout,
    t: TableBase,
    dv: DataView,
    off: number,
    rs: number,
    n: number,
    row: number,
  ): void {
    if (t.tsOutSec) F.dTs(dv, off + l.size, rs, n, t.tsOutSec, t.tsOutNsec!, row);
    if (l.nanCols)
      for (const name of l.nanCols)
        ((t as unknown as Cols)[name] as unknown as Float64Array).fill(NaN, row, row + n);
  }

  private inexact(dv: DataView, shift: number, recOff: number, fld: Field, k: number, p: number): never {
    const v = fld.type === 'u64' ? dv.getBigUint64(p, true) : dv.getBigInt64(p, true);
    this.fail(
      shift + p,
      snakeName(fld, k),
      String(v),
      `64-bit value does not fit a double exactly (|v| > 2^53; record at byte ${shift + recOff})`,
    );
  }

  fail(offset: number, field: string, value: string, detail: string): never {
    throw new DataError({ file: this.setup.file, offset, field, value }, detail);
  }

  /**
   * The current chunk's tables cut to their lengths; starts a new chunk. With `reuseTables` the tables are
   * views of buffers that the next chunk overwrites (no allocation, no page faults after the first chunk).
   */
  takeChunk(): DbnTables {
    const own = this.tables as Record<string, TableBase>;
    this.chunkRecords = 0;
    if (!this.setup.reuseTables) {
      for (const t of Object.values(own)) trimTable(t);
      this.tables = {};
      return own as DbnTables;
    }
    const out: Record<string, TableBase> = {};
    for (const [kind, t] of Object.entries(own)) {
      if (t.length > 0) out[kind] = trimTable({ ...t });
      t.length = 0;
    }
    return out as DbnTables;
  }
}
