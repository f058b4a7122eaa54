// Test helpers: random valid tables for any DBN kind/version (driven by the record layouts, so every field
// a layout carries gets random and edge values), and exact column comparison.
import { expect } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { columnsOf, type TableBase } from '../../../src/data/schemas.js';
import { layoutsFor, rtypesOfKind, type Field } from '../../../src/data/dbn/layouts.js';
import { allocDbnTable, type DbnKind } from '../../../src/data/dbn/tables.js';

const TWO53 = 9007199254740992;

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)]!;
}

function intIn(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

function randomValue(rng: Rng, f: Field): number {
  const edge = rng.int(4) === 0;
  switch (f.type) {
    case 'u8':
      return edge ? pick(rng, [0, 255]) : rng.int(256);
    case 'i8':
      return edge ? pick(rng, [-128, 127, 0]) : intIn(rng, -128, 127);
    case 'u16':
      return edge ? pick(rng, [0, 65535]) : rng.int(65536);
    case 'i16':
      return edge ? pick(rng, [-32768, 32767]) : intIn(rng, -32768, 32767);
    case 'u32':
      return edge ? pick(rng, [0, 0xffffffff]) : rng.nextU32();
    case 'i32':
      return edge ? pick(rng, [-0x80000000, 0x7fffffff]) : rng.nextU32() | 0;
    case 'u32d':
      return edge ? pick(rng, [0, 0xffffffff]) : rng.nextU32();
    case 'q32':
      return edge ? pick(rng, [NaN, -0x80000000, 0x7ffffffe]) : (rng.nextU32() | 0) % 0x7fffffff;
    case 'i64':
      return edge
        ? pick(rng, [NaN, TWO53, -TWO53, TWO53 - 1, 9999900000000000, -9223372036854775808, 0])
        : Math.floor((rng.next() * 2 - 1) * TWO53);
    case 'u64':
      return edge ? pick(rng, [0, TWO53, 18446744073709549568]) : Math.floor(rng.next() * TWO53);
    default:
      throw new Error(`no scalar for ${f.type}`);
  }
}

/** A table of `rows` random, encodable rows of `kind` as DBN `version` records (ts_out when asked). */
export function randomTable(
  version: 1 | 2 | 3,
  kind: DbnKind,
  rows: number,
  seed: number,
  tsOut = false,
): TableBase {
  const rng = new Rng(seed);
  const t = allocDbnTable(kind, rows, { tsOut });
  const c = t as unknown as Record<string, any>;
  const layouts = layoutsFor(version);
  const rtypes = rtypesOfKind(version, kind);
  const ts = (sec: Float64Array, nsec: Uint32Array, i: number): void => {
    const r = rng.int(8);
    if (r === 0) {
      sec[i] = NaN;
      nsec[i] = 0;
    } else if (r === 1) {
      sec[i] = 18446744073;
      nsec[i] = 709551614;
    } else {
      sec[i] = r === 2 ? 0 : 1_500_000_000 + rng.int(2_000_000_000);
      nsec[i] = rng.int(1_000_000_000);
    }
  };
  for (let i = 0; i < rows; i++) {
    const rtype = pick(rng, rtypes);
    const l = layouts[rtype]!;
    if ('rtype' in t.spec) c.rtype[i] = rtype;
    for (const f of l.fields) {
      if (f.col === 'rtype') continue;
      const w = f.count ?? 1;
      for (let k = 0; k < w; k++) {
        const j = i * w + k;
        if (f.type === 'ts') ts(c[f.col + 'Sec'], c[f.col + 'Nsec'], j);
        else if (f.type === 'oid') {
          c[f.col + 'Hi'][j] = rng.nextU32();
          c[f.col + 'Lo'][j] = rng.nextU32();
        } else if (f.type === 'str') {
          const n = rng.int(f.len!);
          let s = '';
          for (let q = 0; q < n; q++) s += String.fromCharCode(32 + rng.int(95));
          c[f.col][j] = s;
        } else c[f.col][j] = randomValue(rng, f);
      }
    }
    for (const name of l.nanCols ?? []) c[name][i] = NaN;
    if (tsOut) ts(c.tsOutSec, c.tsOutNsec, i);
  }
  t.length = rows;
  return t;
}

/** Every column of `a` and `b` holds the same values (NaN equals NaN) over their lengths. */
export function expectSameTable(a: TableBase | undefined, b: TableBase | undefined, what: string): void {
  expect(a, `${what}: table present`).toBeDefined();
  expect(b, `${what}: table present`).toBeDefined();
  expect(b!.length, `${what}: row count`).toBe(a!.length);
  for (const [name, type] of columnsOf(a!)) {
    const w = type.endsWith('x10') ? 10 : 1;
    const ca = Array.from((a as any)[name] as ArrayLike<unknown>).slice(0, a!.length * w);
    const cb = Array.from((b as any)[name] as ArrayLike<unknown>).slice(0, b!.length * w);
    expect(cb, `${what}: column ${name}`).toEqual(ca);
  }
}
