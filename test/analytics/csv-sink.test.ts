import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatScaled } from '../../src/core/decimal.js';
import { formatIso } from '../../src/core/time.js';
import {
  CsvSink,
  DayCache,
  putAscii,
  putInt,
  putIso,
  putScaled,
  putSig10,
  writeCsvFile,
} from '../../src/analytics/csv-sink.js';

const buf = new Uint8Array(256);
const text = (end: number): string => Buffer.from(buf.subarray(0, end)).toString('latin1');

describe('csv-sink writers agree with the core formatters', () => {
  it('putScaled prints exactly what formatScaled prints', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 0, max: 22 }), (units, scale) => {
        expect(text(putScaled(buf, 0, units, scale))).toBe(formatScaled(units, scale));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -1e7, max: 1e7 }), fc.integer({ min: 0, max: 9 }), (units, scale) => {
        expect(text(putScaled(buf, 0, units, scale))).toBe(formatScaled(units, scale));
      }),
      { numRuns: 2000 },
    );
    for (const [u, s] of [
      [0, 2],
      [-0, 2],
      [5, 3],
      [-5, 3],
      [120, 2],
      [1e9, 9],
      [999_999_999, 9],
      [Number.MAX_SAFE_INTEGER, 0],
      [-Number.MAX_SAFE_INTEGER, 16],
      [1, 22],
    ] as const)
      expect(text(putScaled(buf, 0, u, s)), `${u} @ ${s}`).toBe(formatScaled(u, s));
  });

  it('putInt prints String(n)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(text(putInt(buf, 0, n))).toBe(String(n));
      }),
    );
  });

  it('putIso prints exactly what formatIso prints, across days and sub-second patterns', () => {
    const day = new DayCache();
    const nsec = fc.oneof(
      fc.constant(0),
      fc.integer({ min: 1, max: 999 }).map((ms) => ms * 1_000_000),
      fc.integer({ min: 1, max: 999_999 }).map((us) => us * 1000),
      fc.integer({ min: 1, max: 999_999_999 }),
    );
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800, max: 253_402_300_799 }), nsec, (sec, ns) => {
        expect(text(putIso(buf, 0, sec, ns, day))).toBe(formatIso(sec, ns));
      }),
      { numRuns: 3000 },
    );
    // consecutive stamps in one day reuse the cached date part
    expect(text(putIso(buf, 0, 1_577_923_200, 0, day))).toBe('2020-01-02T00:00:00Z');
    expect(text(putIso(buf, 0, 1_577_923_200 + 86_399, 7, day))).toBe('2020-01-02T23:59:59.000000007Z');
    expect(text(putIso(buf, 0, 1_577_923_200 + 86_400, 0, day))).toBe('2020-01-03T00:00:00Z');
  });

  it('putSig10 writes fixed notation within half a unit of the 10th significant digit', () => {
    expect(text(putSig10(buf, 0, 0))).toBe('0');
    expect(text(putSig10(buf, 0, -0.05))).toBe('-0.05');
    expect(text(putSig10(buf, 0, -0.123456789012))).toBe('-0.123456789');
    expect(text(putSig10(buf, 0, -1 / 3))).toBe('-0.3333333333');
    expect(text(putSig10(buf, 0, -2 / 3))).toBe('-0.6666666667');
    expect(text(putSig10(buf, 0, -1e-7))).toBe('-0.0000001');
    expect(text(putSig10(buf, 0, -1.5))).toBe('-1.5');
    expect(text(putSig10(buf, 0, -12.3456789012345))).toBe('-12.3456789');
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: -1e-30, noNaN: true }), (x) => {
        const s = text(putSig10(buf, 0, x));
        expect(s).toMatch(/^-\d+(\.\d*[1-9])?$/);
        const value = Number(s);
        const ulp10 = 10 ** (Math.floor(Math.log10(-x)) - 9);
        expect(Math.abs(value - x)).toBeLessThanOrEqual(0.5 * ulp10 * (1 + 1e-6) + Math.abs(x) * 1e-13);
      }),
      { numRuns: 3000 },
    );
    expect(text(putSig10(buf, 0, -0.99999999999))).toBe('-1');
    expect(text(putSig10(buf, 0, -0.099999999999))).toBe('-0.1');
    expect(text(putSig10(buf, 0, -1.0000000005000016e-15))).toBe('-0.000000000000001000000001');
    expect(() => putSig10(buf, 0, NaN)).toThrow(RangeError);
    expect(() => putSig10(buf, 0, -1e-31)).toThrow(RangeError);
  });

  it('refuses units that are not safe integers', () => {
    expect(() => putScaled(buf, 0, 1.5, 2)).toThrow(/not a safe integer/);
    expect(() => putInt(buf, 0, 2 ** 60)).toThrow(/not a safe integer/);
  });
});

describe('CsvSink', () => {
  it('flushes across its buffer boundary without losing or reordering bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hindsight-sink-'));
    try {
      const path = join(dir, 'out.csv');
      const fd = openSync(path, 'w');
      const sink = new CsvSink(fd, 64);
      let expected = '';
      for (let i = 0; i < 500; i++) {
        let o = sink.reserve(60);
        o = putIso(sink.buf, o, 1_600_000_000 + i * 3_607, i * 1000, sink.day);
        sink.buf[o++] = 44;
        o = putScaled(sink.buf, o, i * 1_234_567 - 300_000_000, 4);
        sink.buf[o++] = 10;
        sink.commit(o);
        expected +=
          formatIso(1_600_000_000 + i * 3_607, i * 1000) +
          ',' +
          formatScaled(i * 1_234_567 - 300_000_000, 4) +
          '\n';
      }
      sink.text('é€ end\n');
      const long = 'x'.repeat(300);
      const o = sink.reserve(long.length);
      sink.commit(putAscii(sink.buf, o, long));
      sink.flush();
      closeSync(fd);
      expect(readFileSync(path, 'utf8')).toBe(expected + 'é€ end\n' + long);

      writeCsvFile(join(dir, 'small.csv'), (s) => s.text('a,b\n'));
      expect(readFileSync(join(dir, 'small.csv'), 'utf8')).toBe('a,b\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
