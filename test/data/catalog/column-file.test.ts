import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scaled } from '../../../src/core/decimal.js';
import { DataError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';
import { allocBarTable, type BarTable } from '../../../src/data/bars.js';
import { DBN_KINDS, allocDbnTable, type DbnKind } from '../../../src/data/dbn/tables.js';
import {
  decodeColumnFile,
  readColumnFile,
  writeColumnFile,
  type ColumnFileTable,
} from '../../../src/data/catalog/column-file.js';
import { UNDEF_SIZE, colWidth, columnsOf, type ColType, type TableBase } from '../../../src/data/schemas.js';
import { tempDir } from './helpers.js';

const dir = tempDir('column-file');
let n = 0;
const freshPath = (): string => join(dir, `t${n++}.col`);

const F64 = [0, -0, 1.5, -2, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53), 9999900000000000, 1e-300];
const STRINGS = ['', 'AAPL', 'é€😀', 'a"b\\c\nd', '\u0000x', 'ES.FUT'];

function value(type: ColType, rng: Rng): number | string {
  switch (type) {
    case 'f64':
    case 'f64x10':
      return rng.nextU32() % 3 === 0 ? F64[rng.nextU32() % F64.length]! : rng.nextU32() * 1000 + 0.25;
    case 'u32':
    case 'u32x10':
      return rng.nextU32() % 4 === 0 ? UNDEF_SIZE : rng.nextU32();
    case 'i32':
      return rng.nextU32() | 0;
    case 'u16':
      return rng.nextU32() & 0xffff;
    case 'i16':
      return (rng.nextU32() & 0xffff) - 0x8000;
    case 'u8':
      return rng.nextU32() & 0xff;
    case 'i8':
      return (rng.nextU32() & 0xff) - 0x80;
    case 'str':
      return STRINGS[rng.nextU32() % STRINGS.length]!;
  }
}

/** A table of `kind` with `rows` rows of sentinel-rich values and `spare` unused rows of capacity. */
function filledTable(kind: DbnKind, rows: number, tsOut: boolean, seed: number, spare = 3): TableBase {
  const rng = new Rng(seed);
  const t = allocDbnTable(kind, rows + spare, { tsOut, priceTick: { units: 25, scale: 3 } });
  const rec = t as unknown as Record<string, (number | string)[]>;
  for (const [name, type] of columnsOf(t))
    for (let i = 0; i < rows * colWidth(type); i++) rec[name]![i] = value(type, rng);
  t.length = rows;
  return t;
}

function filledBars(rows: number, seed: number, tick: Scaled = { units: 1, scale: 2 }): BarTable {
  const rng = new Rng(seed);
  const t = allocBarTable('ES.FUT', tick, rows + 2);
  for (const c of ['tsSec', 'open', 'high', 'low', 'close', 'volume'] as const)
    for (let i = 0; i < rows; i++) t[c][i] = value('f64', rng) as number;
  for (let i = 0; i < rows; i++) t.tsNsec[i] = rng.nextU32();
  t.length = rows;
  return t;
}

const BAR_COLUMNS = ['tsSec', 'tsNsec', 'open', 'high', 'low', 'close', 'volume'];

/** The first `count` values' bytes: an exact comparison (NaN payloads, -0) that toEqual cannot make. */
function bytesOf(col: unknown, count: number): number[] | unknown[] {
  if (Array.isArray(col)) return col.slice(0, count);
  const a = col as Float64Array;
  return Array.from(new Uint8Array(a.buffer, a.byteOffset, count * a.BYTES_PER_ELEMENT));
}

function expectSameTable(got: ColumnFileTable, want: ColumnFileTable): void {
  expect([got.kind, got.name, got.table.length], 'kind, name, rows').toEqual([
    want.kind,
    want.name,
    want.table.length,
  ]);
  const g = got.table as unknown as Record<string, unknown>;
  const w = want.table as unknown as Record<string, unknown>;
  const cols: [string, ColType][] =
    want.kind === 'bars'
      ? BAR_COLUMNS.map((c) => [c, c === 'tsNsec' ? 'u32' : 'f64'])
      : columnsOf(want.table as TableBase);
  for (const [name, type] of cols) {
    const count = want.table.length * colWidth(type);
    expect(g[name]!.constructor, `${name}: array type`).toBe(w[name]!.constructor);
    expect((g[name] as unknown[]).length, `${name}: trimmed to the rows`).toBe(count);
    expect(bytesOf(g[name], count), `${name}: every value bit for bit`).toEqual(bytesOf(w[name], count));
  }
  if (want.kind === 'bars') {
    expect([g.symbol, g.tick], 'symbol and tick').toEqual([w.symbol, w.tick]);
    return;
  }
  const t = got.table as TableBase;
  expect(t.spec, 'the canonical spec object').toBe((want.table as TableBase).spec);
  expect([t.capacity, t.priceTick], 'capacity = length, price tick with its scale').toEqual([
    t.length,
    (want.table as TableBase).priceTick,
  ]);
  expect('tsOutSec' in t, 'ts_out columns only when written').toBe('tsOutSec' in (want.table as TableBase));
  const fresh = allocDbnTable(want.kind as DbnKind, 0, { tsOut: 'tsOutSec' in t });
  expect(Object.keys(t), 'same keys in the same order as a parsed table').toEqual(Object.keys(fresh));
}

function roundTrip(entry: ColumnFileTable): ColumnFileTable {
  const path = freshPath();
  const size = writeColumnFile(path, entry);
  expect(statSync(path).size, 'the returned size is the file size').toBe(size);
  expect(size % 8, 'the file is padded to 8 bytes').toBe(0);
  return readColumnFile(path);
}

describe('column file: round trips', () => {
  it('keeps every kind (canonical and DBN control), with and without ts_out, any row count', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DBN_KINDS),
        fc.integer({ min: 0, max: 40 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (kind, rows, tsOut, seed) => {
          const entry = { kind, name: `n-${kind}`, table: filledTable(kind, rows, tsOut, seed) };
          expectSameTable(roundTrip(entry), entry);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('keeps bars, their symbol and a tick with trailing zeros', () => {
    for (const [rows, tick] of [
      [0, { units: 1, scale: 2 }],
      [1, { units: 10, scale: 3 }],
      [257, { units: 5, scale: 0 }],
      [64, { units: 1, scale: 9 }],
    ] as [number, Scaled][]) {
      const entry: ColumnFileTable = { kind: 'bars', name: 'ES', table: filledBars(rows, rows, tick) };
      expectSameTable(roundTrip(entry), entry);
    }
  });

  it('maps the columns over the file bytes without copying, and copies once when they are unaligned', () => {
    const path = freshPath();
    writeColumnFile(path, { kind: 'mbo', name: 'mbo', table: filledTable('mbo', 50, false, 7) });
    const bytes = readFileSync(path);
    const got = decodeColumnFile(bytes, path).table as unknown as Record<string, Float64Array>;
    expect(got.price!.buffer, 'a view of the bytes read').toBe(bytes.buffer);
    const shifted = new Uint8Array(bytes.length + 4).subarray(4);
    shifted.set(bytes);
    const moved = decodeColumnFile(shifted, path).table as unknown as Record<string, Float64Array>;
    expect(moved.price!.byteOffset % 8, 'an aligned copy').toBe(0);
    expect(Array.from(moved.price!), 'same values from the copy').toEqual(Array.from(got.price!));
  });

  it('feeds the hash exactly the bytes of the file', () => {
    for (const entry of [
      { kind: 'definitions' as const, name: 'd', table: filledTable('definitions', 3, true, 5) },
      { kind: 'errors' as const, name: 'e', table: filledTable('errors', 0, false, 5) },
      { kind: 'bars' as const, name: 'b', table: filledBars(11, 2) },
    ]) {
      const path = freshPath();
      const parts: Uint8Array[] = [];
      writeColumnFile(path, entry, { update: (b) => parts.push(Uint8Array.from(b)) });
      expect(Buffer.concat(parts).equals(readFileSync(path)), `${entry.kind}: hashed bytes = file`).toBe(
        true,
      );
    }
  });
});

/** A valid file's bytes with its JSON header edited (the length prefix and padding recomputed). */
function withHeader(bytes: Buffer, edit: (h: Record<string, unknown>) => void): Buffer {
  const start = 12 + bytes.readUInt32LE(8);
  const h = JSON.parse(bytes.subarray(12, start).toString('utf8')) as Record<string, unknown>;
  edit(h);
  const json = Buffer.from(JSON.stringify(h));
  const pad = (8 - ((12 + json.length) % 8)) % 8;
  const head = Buffer.alloc(12 + json.length + pad, 0x20);
  bytes.copy(head, 0, 0, 8);
  head.writeUInt32LE(json.length + pad, 8);
  json.copy(head, 12);
  return Buffer.concat([head, bytes.subarray(start)]);
}

/** A valid file's bytes with the header text replaced as is. */
function rawHeader(bytes: Buffer, text: string): Buffer {
  return withHeader(bytes, () => undefined)
    .fill(0x20, 12, 12 + bytes.readUInt32LE(8))
    .fill(text, 12, 12 + text.length);
}

describe('column file: damaged files are DataErrors, never tables', () => {
  const path = freshPath();
  writeColumnFile(path, { kind: 'definitions', name: 'defs', table: filledTable('definitions', 6, true, 9) });
  const good = readFileSync(path);
  const columns = (h: Record<string, unknown>): Record<string, unknown>[] =>
    h.columns as Record<string, unknown>[];

  const cases: [string, () => Uint8Array][] = [
    ['empty file', () => new Uint8Array(0)],
    ['bad magic', () => Buffer.concat([Buffer.from('PAR1'), good.subarray(4)])],
    [
      'header length beyond the file',
      () => Buffer.concat([good.subarray(0, 8), Buffer.from([255, 255, 0, 0])]),
    ],
    ['header not JSON', () => Buffer.concat([good.subarray(0, 12), Buffer.alloc(good.length - 12, 0xff)])],
    ['truncated by one byte', () => good.subarray(0, good.length - 1)],
    ['truncated in the header', () => good.subarray(0, 40)],
    ['cut after the header', () => good.subarray(0, 12 + good.readUInt32LE(8))],
    ['bytes appended', () => Buffer.concat([good, Buffer.alloc(8)])],
    ['unknown version', () => withHeader(good, (h) => (h.version = 2))],
    ['other byte order', () => withHeader(good, (h) => (h.le = !h.le))],
    ['unknown kind', () => withHeader(good, (h) => (h.kind = 'candles'))],
    ['kind of another layout', () => withHeader(good, (h) => (h.kind = 'trades'))],
    ['no name', () => withHeader(good, (h) => delete h.name)],
    ['negative rows', () => withHeader(good, (h) => (h.length = -1))],
    ['more rows than the bytes hold', () => withHeader(good, (h) => (h.length = 7))],
    ['bad tick', () => withHeader(good, (h) => (h.tick = '1e-9'))],
    ['no tsOut flag', () => withHeader(good, (h) => delete h.tsOut)],
    ['tsOut flag without its columns', () => withHeader(good, (h) => (h.tsOut = false))],
    ['a column renamed', () => withHeader(good, (h) => (columns(h)[3]!.name = 'px'))],
    ['a column retyped', () => withHeader(good, (h) => (columns(h)[0]!.type = 'u32'))],
    ['a column missing', () => withHeader(good, (h) => columns(h).pop())],
    [
      'misaligned offset',
      () => withHeader(good, (h) => (columns(h)[2]!.offset = 4 + Number(columns(h)[2]!.offset))),
    ],
    ['overlapping columns', () => withHeader(good, (h) => (columns(h)[2]!.offset = columns(h)[1]!.offset))],
    ['offset beyond the data', () => withHeader(good, (h) => (columns(h).at(-1)!.offset = h.dataBytes))],
    ['byte count of another type', () => withHeader(good, (h) => (columns(h)[1]!.bytes = 6 * 8))],
    ['odd data size', () => withHeader(good, (h) => (h.dataBytes = Number(h.dataBytes) - 4))],
    ['header a JSON array', () => rawHeader(good, '[1, 2]')],
    ['header JSON null', () => rawHeader(good, 'null')],
  ];

  it.each(cases)('%s', (_what, make) => {
    expect(() => decodeColumnFile(make(), path)).toThrow(DataError);
  });

  it('rejects a string column that is not an array of its row count of strings', () => {
    const strings = columns(JSON.parse(good.subarray(12, 12 + good.readUInt32LE(8)).toString()) as never);
    const col = strings.find((c) => c.type === 'str')!;
    const at = 12 + good.readUInt32LE(8) + Number(col.offset);
    // Every text fits the shortest possible column of 6 strings, '["","","","","",""]'.
    for (const text of ['{"a":1}', '["a"]', '[1,2,3,4,5,6]', '["",1,"","","",""]', '["a",']) {
      const bad = Buffer.from(good);
      const padded = text.padEnd(Number(col.bytes), ' ');
      expect(padded.length, 'the test text fits the column').toBe(Number(col.bytes));
      bad.write(padded, at, 'utf8');
      expect(() => decodeColumnFile(bad, path), text).toThrow(DataError);
    }
  });

  it('names the file when it cannot be read', () => {
    expect(() => readColumnFile(join(dir, 'missing.col'))).toThrow(/missing\.col: cannot read/);
  });

  it('mutated bytes give a DataError or a table, never another exception', () => {
    const rng = new Rng(42);
    let tables = 0;
    for (let trial = 0; trial < 400; trial++) {
      const bad = Buffer.from(good);
      for (let k = 1 + (rng.nextU32() % 4); k > 0; k--)
        bad[rng.nextU32() % bad.length] = rng.nextU32() & 0xff;
      try {
        decodeColumnFile(bad, path);
        tables++;
      } catch (e) {
        expect(e, 'a typed error').toBeInstanceOf(DataError);
      }
    }
    expect(tables, 'flips in the data still decode (the cache checksum catches those)').toBeGreaterThan(0);
  });

  it('writes only what it can map back: a column of the wrong array type is refused', () => {
    const t = filledTable('trades', 2, false, 1) as unknown as Record<string, unknown>;
    t.size = new Float64Array(2);
    expect(() => writeColumnFile(freshPath(), { kind: 'trades', name: 'x', table: t as never })).toThrow(
      /size: not a Uint32Array/,
    );
  });
});
