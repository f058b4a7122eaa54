/** writeBarsCsv: exact text (formatIso / formatScaled), multi-symbol merge, and the read-back round trip. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeBarsCsv } from '../../src/data/csv/write-bars.js';
import { readBarsCsv } from '../../src/data/csv/bars.js';
import { allocBarTable, type BarTable } from '../../src/data/bars.js';
import { formatScaled } from '../../src/core/decimal.js';
import { formatIso } from '../../src/core/time.js';
import { UsageError } from '../../src/core/errors.js';
import { barTable } from '../support/bars.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeBarsCsv', () => {
  it('writes the generic layout with exact decimals and ISO UTC stamps', () => {
    const t = barTable('X', [
      ['2020-01-02T14:31:00Z', 10012, 10050, 9998, 10033, 12345],
      ['2020-01-02T14:32:00.25Z', 5, 10100, 1, 100, 0.5],
    ]);
    const path = join(dir, 'x.csv');
    writeBarsCsv(path, [t], {});
    expect(readFileSync(path, 'utf8')).toBe(
      'timestamp,open,high,low,close,volume\n' +
        '2020-01-02T14:31:00Z,100.12,100.5,99.98,100.33,12345\n' +
        '2020-01-02T14:32:00.250Z,0.05,101,0.01,1,0.5\n',
    );
  });

  it('merges several symbols in time order (ties in table order) with a symbol column', () => {
    const a = barTable('AAA', [
      ['2020-01-02', 100, 100, 100, 100, 1],
      ['2020-01-04', 100, 100, 100, 100, 2],
    ]);
    const b = barTable(
      'BBB',
      [
        ['2020-01-02', 7, 7, 7, 7, 3],
        ['2020-01-03', 8, 8, 8, 8, 4],
      ],
      0,
    );
    const path = join(dir, 'multi.csv');
    writeBarsCsv(path, [a, b], {});
    expect(readFileSync(path, 'utf8')).toBe(
      'timestamp,symbol,open,high,low,close,volume\n' +
        '2020-01-02T00:00:00Z,AAA,1,1,1,1,1\n' +
        '2020-01-02T00:00:00Z,BBB,7,7,7,7,3\n' +
        '2020-01-03T00:00:00Z,BBB,8,8,8,8,4\n' +
        '2020-01-04T00:00:00Z,AAA,1,1,1,1,2\n',
    );
    expect(() => writeBarsCsv(path, [a, b], { symbolColumn: false })).toThrow(UsageError);
  });

  it('formats exactly like formatIso and formatScaled (any tick, any stamp)', () => {
    const path = join(dir, 'fmt.csv');
    fc.assert(
      fc.property(
        fc.integer({ min: -2e9, max: 8e9 }),
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom(1, 5, 25),
        (sec, nsec, ticks, scale, units) => {
          const t = allocBarTable('F', { units, scale }, 1);
          t.tsSec[0] = sec;
          t.tsNsec[0] = nsec;
          t.open[0] = t.high[0] = t.low[0] = t.close[0] = ticks;
          t.length = 1;
          writeBarsCsv(path, [t]);
          const p = formatScaled(ticks * units, scale);
          expect(readFileSync(path, 'utf8').split('\n')[1]).toBe(
            `${formatIso(sec, nsec)},${p},${p},${p},${p},0`,
          );
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});

/** Random valid tables: increasing stamps (any ns), OHLC consistent, any tick, volumes of any double. */
const tableArb = (symbol: string) =>
  fc
    .record({
      scale: fc.integer({ min: 0, max: 8 }),
      units: fc.constantFrom(1, 2, 5, 25),
      start: fc.integer({ min: -1e9, max: 6e9 }),
      rows: fc.array(
        fc.record({
          dsec: fc.integer({ min: 0, max: 5 * 86400 }),
          nsec: fc.integer({ min: 0, max: 999_999_999 }),
          low: fc.integer({ min: 1, max: 1e9 }),
          a: fc.integer({ min: 0, max: 1e6 }),
          b: fc.integer({ min: 0, max: 1e6 }),
          up: fc.integer({ min: 0, max: 1e6 }),
          volume: fc.oneof(
            fc.integer({ min: 0, max: 2 ** 53 - 1 }),
            fc.double({ min: 0, max: 1e300, noNaN: true }),
            fc.constant(1e-7),
          ),
        }),
        { minLength: 1, maxLength: 40 },
      ),
    })
    .map(({ scale, units, start, rows }) => {
      const t: BarTable = allocBarTable(symbol, { units, scale }, rows.length);
      let sec = start;
      let prevNsec = -1;
      rows.forEach((r, i) => {
        let nsec = r.nsec;
        if (r.dsec === 0 && nsec <= prevNsec) {
          if (prevNsec === 999_999_999) sec += 1;
          else nsec = prevNsec + 1;
        }
        sec += r.dsec;
        prevNsec = nsec;
        t.tsSec[i] = sec;
        t.tsNsec[i] = nsec;
        t.low[i] = r.low;
        t.open[i] = r.low + r.a;
        t.close[i] = r.low + r.b;
        t.high[i] = r.low + Math.max(r.a, r.b) + r.up;
        t.volume[i] = r.volume;
      });
      t.length = rows.length;
      return t;
    });

describe('write -> read round trip (property)', () => {
  it('one table: identical columns when read back at the same tick', () => {
    const path = join(dir, 'rt1.csv');
    fc.assert(
      fc.property(tableArb('SYM'), (t) => {
        writeBarsCsv(path, [t]);
        const tick = formatScaled(t.tick.units, t.tick.scale);
        const r = readBarsCsv(path, { format: 'generic', symbol: 'SYM', tickSize: tick });
        expect(r.rowsAccepted).toBe(t.length);
        expect(r.tables).toEqual([t]);
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('several symbols in one file: identical tables per symbol', () => {
    const path = join(dir, 'rt2.csv');
    fc.assert(
      fc.property(tableArb('AAA'), tableArb('BBB'), tableArb('CCC'), (a, b, c) => {
        b.tick = a.tick;
        c.tick = a.tick;
        writeBarsCsv(path, [a, b, c], { symbolColumn: true });
        const r = readBarsCsv(path, {
          format: 'generic',
          columns: { symbol: 'symbol' },
          tickSize: formatScaled(a.tick.units, a.tick.scale),
        });
        expect(r.tables).toEqual([a, b, c]);
      }),
      { numRuns: 100, seed: 12 },
    );
  });

  it('auto tick reads back the same prices (at the finest scale the values need)', () => {
    const path = join(dir, 'rt3.csv');
    fc.assert(
      fc.property(tableArb('SYM'), (t) => {
        writeBarsCsv(path, [t]);
        const back = readBarsCsv(path, { format: 'generic', symbol: 'SYM' }).tables[0]!;
        expect(back.tick.units).toBe(1);
        for (let i = 0; i < t.length; i++)
          for (const k of ['open', 'high', 'low', 'close'] as const)
            expect(formatScaled(back[k][i]!, back.tick.scale)).toBe(
              formatScaled(t[k][i]! * t.tick.units, t.tick.scale),
            );
        expect(back.volume).toEqual(t.volume);
      }),
      { numRuns: 100, seed: 13 },
    );
  });
});
