// Random canonical tables of any kind for the round-trip tests, driven by the file layout so every column
// gets random and edge values: null sentinels (NaN prices and times, UNDEF_SIZE), the first and last int64
// nanosecond instants (1677 and 2262), 1970, 1 ns steps, the largest exact prices and u64 volumes, empty
// and non-ASCII strings. Plus the exact column comparison (Object.is per element).
import { expect } from 'vitest';
import type { Scaled } from '../../../src/core/decimal.js';
import { Rng } from '../../../src/core/rng.js';
import {
  allocTable,
  columnsOf,
  colWidth,
  newTable,
  UNDEF_SIZE,
  type Column,
  type TableBase,
  type TableKind,
} from '../../../src/data/schemas.js';
import { tableLayout, type FileColumn } from '../../../src/data/parquet/table-layout.js';
import { tickText } from '../../../src/data/parquet/layout.js';

const TWO53 = 9007199254740992;
const TWO63 = 9223372036854775808;
export const TICKS: Scaled[] = [
  { units: 1, scale: 9 },
  { units: 1, scale: 2 },
  { units: 25, scale: 2 },
  { units: 5, scale: 0 },
];

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)]!;
}

/** (sec, nsec) of an int64-nanosecond instant, or a null; edges often. */
function timestamp(rng: Rng, base: number): [number, number] {
  switch (rng.int(10)) {
    case 0:
      return [NaN, 0];
    case 1:
      return pick(rng, [
        [-9223372037, 145224192], // 1677-09-21T00:12:43.145224192Z, the first int64 ns instant
        [9223372036, 854775807], // 2262-04-11T23:47:16.854775807Z, the last
        [0, 0],
        [0, 1],
        [-1, 999999999],
      ] as [number, number][]);
    case 2:
      return [base, rng.int(3)]; // 1 ns apart
    default:
      return [-9223372036 + rng.int(2 * 9223372036), rng.int(1e9)];
  }
}

function int64Value(rng: Rng, unsigned: boolean): number {
  if (rng.int(4) === 0)
    return unsigned
      ? pick(rng, [0, NaN, TWO53, TWO53 + 2, TWO63, 18446744073709549568, 1])
      : pick(rng, [NaN, 0, TWO53 - 1, -(TWO53 - 1), TWO53, -TWO63, TWO63 - 1024, 9999900000000000, -1]);
  if (rng.int(3) === 0) {
    const big = Math.round((rng.next() * 2 - 1) * 2 ** (54 + rng.int(9))); // exact doubles beyond 2^53
    return (unsigned ? Math.abs(big) : big) + 0; // never -0: an int64 has no negative zero
  }
  const v = Math.floor((rng.next() * 2 - 1) * TWO53);
  return unsigned ? Math.abs(v) : v;
}

function intValue(rng: Rng, type: string): number {
  const edge = rng.int(4) === 0;
  switch (type) {
    case 'u8':
      return edge ? pick(rng, [0, 255]) : rng.int(256);
    case 'i8':
      return edge ? pick(rng, [-128, 127]) : rng.int(256) - 128;
    case 'u16':
      return edge ? pick(rng, [0, 65535]) : rng.int(65536);
    case 'i16':
      return edge ? pick(rng, [-32768, 32767]) : rng.int(65536) - 32768;
    case 'i32':
      return edge ? pick(rng, [-0x80000000, 0x7fffffff, 0]) : rng.nextU32() | 0;
    default:
      return edge ? pick(rng, [0, UNDEF_SIZE, 0x7fffffff, 0x80000000]) : rng.nextU32();
  }
}

const CHARS = ['a', 'Z', '0', ' ', ',', '"', '\n', 'é', '😀', '東', '\u0000'];

function stringValue(rng: Rng): string {
  if (rng.int(4) === 0) return '';
  let s = '';
  for (let k = 1 + rng.int(8); k > 0; k--) s += pick(rng, CHARS);
  return s;
}

function fill(rng: Rng, t: Record<string, any>, fc: FileColumn, rows: number): void {
  for (let i = 0; i < rows; i++) {
    const j = i * fc.stride + fc.lane;
    switch (fc.role) {
      case 'ts': {
        const [s, n] = timestamp(rng, 1_700_000_000);
        t[fc.col][j] = s;
        t[fc.col2][j] = n;
        break;
      }
      case 'oid':
        t[fc.col][j] = rng.int(3) === 0 ? pick(rng, [0, 0xffffffff]) : rng.nextU32();
        t[fc.col2][j] = rng.int(3) === 0 ? pick(rng, [0, 0xffffffff]) : rng.nextU32();
        break;
      case 'i64':
      case 'u64':
        t[fc.col][j] = int64Value(rng, fc.role === 'u64');
        break;
      case 'str':
        t[fc.col][j] = stringValue(rng);
        break;
      default:
        t[fc.col][j] = intValue(rng, fc.type);
    }
  }
}

/** A table of `rows` random rows of `kind` (capacity above length, so writers must honour `length`). */
export function randomTable(kind: TableKind, rows: number, seed: number, tsOut = false): TableBase {
  const rng = new Rng(seed);
  const t = newTable(kind, rows + rng.int(3), { tsOut, priceTick: pick(rng, TICKS) });
  for (const fc of tableLayout(kind, tsOut)) fill(rng, t as unknown as Record<string, any>, fc, rows);
  t.length = rows;
  return t;
}

/** `b` holds exactly the rows of `a`: same kind, tick, columns, and Object.is for every entry. */
export function expectSameTable(a: TableBase, b: TableBase, what: string): void {
  expect(b.kind, `${what}: kind`).toBe(a.kind);
  expect(b.length, `${what}: row count`).toBe(a.length);
  expect(tickText(b.priceTick), `${what}: price tick`).toBe(tickText(a.priceTick));
  expect(b.tsOutSec !== undefined, `${what}: ts_out presence`).toBe(a.tsOutSec !== undefined);
  const ra = a as unknown as Record<string, ArrayLike<unknown>>;
  const rb = b as unknown as Record<string, ArrayLike<unknown>>;
  for (const [name, type] of columnsOf(a)) {
    const n = a.length * colWidth(type);
    const ca = ra[name]!;
    const cb = rb[name]!;
    expect(cb.length, `${what}: column ${name} is trimmed to the rows`).toBe(n);
    for (let i = 0; i < n; i++)
      if (!Object.is(ca[i], cb[i]))
        expect.fail(`${what}: column ${name}[${i}] is ${String(cb[i])}, written ${String(ca[i])}`);
  }
}

/** The rows of `t` for which `keep(i)` holds, as a new table (the reference for the readers). */
export function selectRows<T extends TableBase>(t: T, keep: (i: number) => boolean): T {
  const rows = [...Array(t.length).keys()].filter(keep);
  const out = allocTable(t.kind, t.spec, rows.length, {
    tsOut: t.tsOutSec !== undefined,
  }) as unknown as Record<string, Column>;
  const src = t as unknown as Record<string, Column>;
  for (const [name, type] of columnsOf(t)) {
    const w = colWidth(type);
    rows.forEach((r, k) => {
      for (let j = 0; j < w; j++) out[name]![k * w + j] = src[name]![r * w + j]!;
    });
  }
  (out as unknown as TableBase).length = rows.length;
  (out as unknown as TableBase).priceTick = t.priceTick;
  return out as unknown as T;
}
