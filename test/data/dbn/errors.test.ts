// Bad input gives a DataError naming file, byte offset and field; unknown record types are skipped and
// counted; ts_out suffixes and fragments are handled; the writer refuses values it cannot encode exactly.
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { readDbn } from '../../../src/data/dbn/read.js';
import { encodeDbn } from '../../../src/data/dbn/writer.js';
import { newTable } from '../../../src/data/schemas.js';
import { expectSameTable, randomTable } from './helpers.js';

function mbo3(): Uint8Array {
  const t = newTable('mbo', 3);
  for (let i = 0; i < 3; i++) {
    t.tsEventSec[i] = 1_700_000_000 + i;
    t.tsRecvSec[i] = 1_700_000_000 + i;
    t.price[i] = 100_000_000_000 + i;
    t.size[i] = 5;
    t.action[i] = 65;
    t.side[i] = 66;
  }
  t.length = 3;
  return encodeDbn({ tables: [t], metadata: { dataset: 'TEST' } });
}

const firstRecord = (bytes: Uint8Array): number => bytes.length - 3 * 56;

function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

describe('DBN reader errors', () => {
  it('truncated last record: names file, offset of the record and the length field', () => {
    const b = mbo3();
    const e = dataError(() => readDbn(b.subarray(0, b.length - 10), { fileLabel: 'x.dbn' }));
    expect(e.where).toEqual({ file: 'x.dbn', offset: firstRecord(b) + 112, field: 'length', value: '14' });
    expect(e.message).toMatch(/truncated record: 56 bytes expected, 46 remain/);
  });

  it('a length byte that does not match the record type, or is below the header, is an error', () => {
    const b = mbo3();
    const at = firstRecord(b) + 56;
    b[at] = 13;
    const e = dataError(() => readDbn(b, { fileLabel: 'f' }));
    expect(e.where.offset).toBe(at);
    expect(e.message).toContain('rtype 0xa0 (MboMsg) records are 56 bytes, the length byte says 52');
    b[at] = 0;
    expect(dataError(() => readDbn(b)).message).toContain('below the 16-byte header');
  });

  it('unknown record types are skipped and counted; the records around them decode', () => {
    const b = mbo3();
    const rec = firstRecord(b);
    const odd = new Uint8Array(24);
    odd[0] = 6;
    odd[1] = 0x99;
    const joined = new Uint8Array(b.length + 24);
    joined.set(b.subarray(0, rec + 56));
    joined.set(odd, rec + 56);
    joined.set(b.subarray(rec + 56), rec + 80);
    const r = readDbn(joined);
    expect(r.counts.skipped).toBe(1);
    expect(r.counts.skippedByRtype).toEqual({ 153: 1 });
    expect(r.counts.records).toBe(3);
    expect(Array.from(r.tables.mbo!.price)).toEqual([100000000000, 100000000001, 100000000002]);
  });

  it('a price that a double cannot hold exactly is an error naming the price field and its offset', () => {
    const b = mbo3();
    const p = firstRecord(b) + 56 + 24;
    new DataView(b.buffer).setBigInt64(p, 9007199254740993n, true);
    const e = dataError(() => readDbn(b, { fileLabel: 'p.dbn' }));
    expect(e.where).toEqual({ file: 'p.dbn', offset: p, field: 'price', value: '9007199254740993' });
    // The same value is fine when exactly representable (even, here).
    new DataView(b.buffer).setBigInt64(p, 9007199254740994n, true);
    expect(readDbn(b).tables.mbo!.price[1]).toBe(9007199254740994);
  });

  it('header problems: bad version, truncated metadata, legacy DBZ, corrupt zstd, missing fragment version', () => {
    const b = mbo3();
    const v = b.slice();
    v[3] = 4;
    expect(dataError(() => readDbn(v)).where.field).toBe('version');
    expect(dataError(() => readDbn(b.subarray(0, 60))).message).toMatch(/truncated metadata/);
    expect(dataError(() => readDbn(new Uint8Array([0x50, 0x2a, 0x4d, 0x18, 0, 0, 0, 0]))).message).toMatch(
      /DBZ/,
    );
    const z = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(dataError(() => readDbn(z, { fileLabel: 'z.zst' })).where).toEqual({
      file: 'z.zst',
      field: 'zstd',
    });
    expect(dataError(() => readDbn(b.subarray(firstRecord(b)))).where.field).toBe('magic');
    expect(dataError(() => readDbn(new Uint8Array(0))).where.field).toBe('magic');
    const m = b.slice();
    new DataView(m.buffer).setUint32(112, 0xffffffff, true); // symbols.count far beyond the header
    expect(dataError(() => readDbn(m)).where.field).toBe('symbols');
  });

  it('ts_out: records grow by 8 bytes, the length byte includes them, fragments take tsOut from options', () => {
    const t = randomTable(3, 'mbo', 5, 11, true);
    const bytes = encodeDbn({ tables: [t] });
    const rec = bytes.length - 5 * 64;
    expect(bytes[rec]).toBe(16);
    const r = readDbn(bytes);
    expect(r.metadata!.tsOut).toBe(true);
    expectSameTable(t, r.tables.mbo, 'ts_out file');
    expectSameTable(
      t,
      readDbn(bytes.subarray(rec), { version: 3, tsOut: true }).tables.mbo,
      'ts_out fragment',
    );
    // Read without ts_out, the 64-byte records are the wrong length for MBO.
    expect(dataError(() => readDbn(bytes.subarray(rec), { version: 3 })).where.field).toBe('length');
  });
});

describe('DBN writer errors', () => {
  it('refuses fractional or out-of-range prices, long strings, bad rtypes and timestamps', () => {
    const t = newTable('trades', 2);
    t.length = 2;
    t.price[1] = 1.5;
    let e = dataError(() => encodeDbn({ tables: [t] }, { file: 'out.dbn' }));
    expect(e.where).toEqual({ file: 'out.dbn', row: 2, field: 'price', value: '1.5' });
    t.price[1] = 2 ** 63;
    expect(dataError(() => encodeDbn({ tables: [t] })).where.field).toBe('price');
    t.price[1] = 0;
    t.tsEventSec[0] = -1;
    expect(dataError(() => encodeDbn({ tables: [t] })).where.field).toBe('ts_event');
    const d = newTable('definitions', 1);
    d.length = 1;
    d.rawSymbol[0] = 'X'.repeat(71);
    e = dataError(() => encodeDbn({ tables: [d] }));
    expect(e.where.field).toBe('raw_symbol');
    const q = newTable('ohlcv', 1);
    q.length = 1;
    q.rtype[0] = 0xa0;
    expect(dataError(() => encodeDbn({ tables: [q] })).where).toMatchObject({ row: 1, field: 'rtype' });
  });
});
