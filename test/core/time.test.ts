import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  daysFromCivil,
  formatIso,
  parseDuration,
  parseIso,
  tsAddNanos,
  tsCompare,
  tsDiffNanos,
  tsFromBigInt,
  tsToBigInt,
  TimeParseError,
} from '../../src/core/time.js';

// The largest signed 64-bit nanosecond stamp, 2262-04-11T23:47:16.854775807Z.
const I64_MAX = 2n ** 63n - 1n;

describe('timestamps (sec, nsec)', () => {
  it('round-trips BigInt nanoseconds exactly over 1970..2262', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: I64_MAX }), (ns) => {
        const t = tsFromBigInt(ns);
        expect(tsToBigInt(t.sec, t.nsec), 'sec/nsec must reproduce the exact nanosecond count').toBe(ns);
        expect(t.nsec).toBeGreaterThanOrEqual(0);
        expect(t.nsec).toBeLessThan(1e9);
      }),
    );
  });

  it('keeps the order of two stamps 1 ns apart anywhere in 1970..2262', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: I64_MAX - 1n }), (ns) => {
        const a = tsFromBigInt(ns);
        const b = tsFromBigInt(ns + 1n);
        expect(tsCompare(a.sec, a.nsec, b.sec, b.nsec), `${ns} must sort before ${ns + 1n}`).toBe(-1);
        expect(tsCompare(b.sec, b.nsec, a.sec, a.nsec)).toBe(1);
        expect(tsCompare(a.sec, a.nsec, a.sec, a.nsec)).toBe(0);
      }),
    );
  });

  it('orders the extreme ends of the range at 1 ns resolution', () => {
    const lo = tsFromBigInt(0n);
    const lo1 = tsFromBigInt(1n);
    const hi = tsFromBigInt(I64_MAX);
    const hi1 = tsFromBigInt(I64_MAX - 1n);
    expect(tsCompare(lo.sec, lo.nsec, lo1.sec, lo1.nsec)).toBe(-1);
    expect(tsCompare(hi1.sec, hi1.nsec, hi.sec, hi.nsec)).toBe(-1);
    expect(formatIso(hi.sec, hi.nsec)).toBe('2262-04-11T23:47:16.854775807Z');
    expect(formatIso(lo1.sec, lo1.nsec)).toBe('1970-01-01T00:00:00.000000001Z');
  });

  it('adds nanoseconds with carry, matching BigInt arithmetic', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: I64_MAX / 2n }),
        fc.integer({ min: -1e15, max: 1e15 }),
        (ns, d) => {
          const t = tsFromBigInt(ns);
          const out = tsAddNanos(t.sec, t.nsec, d, { sec: 0, nsec: 0 });
          expect(tsToBigInt(out.sec, out.nsec)).toBe(ns + BigInt(d));
        },
      ),
    );
  });

  it('diffs nanoseconds exactly for spans under 104 days', () => {
    const a = parseIso('2020-03-01T00:00:00.000000001Z');
    const b = parseIso('2020-05-01T12:00:00.999999999Z');
    expect(tsDiffNanos(a.sec, a.nsec, b.sec, b.nsec)).toBe(
      Number(tsToBigInt(b.sec, b.nsec) - tsToBigInt(a.sec, a.nsec)),
    );
  });

  it('formats and parses ISO 8601 round trip with 0, 3, 6 and 9 fraction digits', () => {
    for (const s of [
      '1970-01-01T00:00:00Z',
      '2000-02-29T12:34:56.789Z',
      '2021-12-31T23:59:59.123456Z',
      '2262-04-11T23:47:16.854775807Z',
    ]) {
      const t = parseIso(s);
      expect(formatIso(t.sec, t.nsec)).toBe(s);
    }
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: I64_MAX }), (ns) => {
        const t = tsFromBigInt(ns);
        const back = parseIso(formatIso(t.sec, t.nsec));
        expect(tsToBigInt(back.sec, back.nsec)).toBe(ns);
      }),
    );
  });

  it('agrees with Date for days and handles offsets and zones', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 200_000 }), (days) => {
        const out = [0, 0, 0];
        civilFromDays(days, out);
        expect(daysFromCivil(out[0]!, out[1]!, out[2]!)).toBe(days);
        const d = new Date(days * 86400_000);
        expect([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]).toEqual(out);
      }),
    );
    expect(parseIso('2020-01-02').sec).toBe(Date.UTC(2020, 0, 2) / 1000);
    expect(parseIso('2020-01-02 09:30:00-05:00').sec).toBe(Date.UTC(2020, 0, 2, 14, 30) / 1000);
    expect(parseIso('2020-01-02T09:30', 'America/New_York').sec).toBe(Date.UTC(2020, 0, 2, 14, 30) / 1000);
    // DST: July is UTC-4 in New York.
    expect(parseIso('2020-07-02T09:30', 'America/New_York').sec).toBe(Date.UTC(2020, 6, 2, 13, 30) / 1000);
  });

  it('rejects malformed timestamps with the text in the message', () => {
    for (const bad of [
      '2020-13-01',
      '2020-02-30',
      '20200101',
      '2020-01-01T25:00',
      '2020-01-01T10:00:00.',
      '2020-01-01X',
    ]) {
      expect(() => parseIso(bad)).toThrow(TimeParseError);
      expect(() => parseIso(bad)).toThrow(bad);
    }
  });

  it('parses durations', () => {
    expect(parseDuration('5ms')).toBe(5_000_000);
    expect(parseDuration('250us')).toBe(250_000);
    expect(parseDuration(42)).toBe(42);
    expect(parseDuration('1.5s')).toBe(1_500_000_000);
    expect(parseDuration('fast')).toBeNull();
    expect(parseDuration(-1)).toBeNull();
  });
});
