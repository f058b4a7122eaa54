/** The CSV bar reader on good input: formats, time zones, epochs, ticks, layout quirks, real Yahoo files. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBarsCsv, readBarsCsv, type CsvBarOptions } from '../../src/data/csv/bars.js';
import { formatIso, parseIso } from '../../src/core/time.js';
import type { BarTable } from '../../src/data/bars.js';

function parse(text: string, opts: Partial<CsvBarOptions> = {}) {
  return parseBarsCsv(new TextEncoder().encode(text), 'test.csv', {
    format: 'generic',
    symbol: 'X',
    ...opts,
  });
}

const isoCol = (t: BarTable): string[] =>
  Array.from({ length: t.length }, (_, i) => formatIso(t.tsSec[i]!, t.tsNsec[i]!));
const col = (a: Float64Array): number[] => Array.from(a);

describe('readBarsCsv: generic layout', () => {
  it('parses prices to exact ticks at the auto tick and timestamps exactly', () => {
    const r = parse(
      'timestamp,open,high,low,close,volume\n' +
        '2020-01-02T14:31:00Z,100.12,100.50,99.98,100.33,12345\n' +
        '2020-01-02T14:32:00.000000001Z,100.33,100.4,100.1,100.2,0.5\n',
    );
    expect(r.rowsRead).toBe(2);
    expect(r.rowsAccepted).toBe(2);
    expect(r.rowsQuarantined).toBe(0);
    expect(r.quarantinePath).toBeNull();
    const t = r.tables[0]!;
    expect(t.symbol).toBe('X');
    expect(t.tick).toEqual({ units: 1, scale: 2 });
    expect(t.length).toBe(2);
    expect(col(t.open)).toEqual([10012, 10033]);
    expect(col(t.high)).toEqual([10050, 10040]);
    expect(col(t.low)).toEqual([9998, 10010]);
    expect(col(t.close)).toEqual([10033, 10020]);
    expect(col(t.volume)).toEqual([12345, 0.5]);
    expect(isoCol(t)).toEqual(['2020-01-02T14:31:00Z', '2020-01-02T14:32:00.000000001Z']);
  });

  it('auto tick rescales earlier rows when a finer price appears', () => {
    const r = parse(
      'timestamp,open,high,low,close,volume\n2020-01-02,10,11,9,10.5,1\n2020-01-03,10.25,11,9.125,10,1\n',
    );
    const t = r.tables[0]!;
    expect(t.tick).toEqual({ units: 1, scale: 3 });
    expect(col(t.open)).toEqual([10000, 10250]);
    expect(col(t.high)).toEqual([11000, 11000]);
    expect(col(t.low)).toEqual([9000, 9125]);
    expect(col(t.close)).toEqual([10500, 10000]);
  });

  it('trailing zeros do not make the auto tick finer', () => {
    const r = parse('timestamp,open,high,low,close,volume\n2020-01-02,45.660000,45.700000,45.5,45.6,1\n');
    expect(r.tables[0]!.tick).toEqual({ units: 1, scale: 2 });
    expect(col(r.tables[0]!.open)).toEqual([4566]);
  });

  it('explicit tick sizes, including non-decimal ones', () => {
    const t1 = parse('timestamp,open,high,low,close,volume\n2020-01-02,10,11,9,10.5,1\n', {
      tickSize: '0.001',
    }).tables[0]!;
    expect(t1.tick).toEqual({ units: 1, scale: 3 });
    expect(col(t1.close)).toEqual([10500]);
    const t2 = parse('timestamp,open,high,low,close,volume\n2020-01-02,10,11.75,9.25,10.5,1\n', {
      tickSize: 0.25,
    }).tables[0]!;
    expect(t2.tick).toEqual({ units: 25, scale: 2 });
    expect([t2.open[0], t2.high[0], t2.low[0], t2.close[0]]).toEqual([40, 47, 37, 42]);
  });

  it('exponent notation and more than 15 digits take the exact slow path', () => {
    const t = parse('timestamp,open,high,low,close,volume\n2020-01-02,1e1,1.1e1,9.000000000000000,10,1.5e6\n')
      .tables[0]!;
    expect(t.tick).toEqual({ units: 1, scale: 0 });
    expect([t.open[0], t.high[0], t.low[0], t.close[0], t.volume[0]]).toEqual([10, 11, 9, 10, 1_500_000]);
  });

  it('custom column names, any column order, case-insensitive header, extra columns ignored', () => {
    const r = parse('Vol;C;L;H;O;When;Note\n5;2;1;3;2;2021-06-01 10:00;x\n', {
      delimiter: ';',
      columns: { timestamp: 'when', open: 'o', high: 'h', low: 'l', close: 'c', volume: 'vol' },
    });
    const t = r.tables[0]!;
    expect(isoCol(t)).toEqual(['2021-06-01T10:00:00Z']);
    expect([t.open[0], t.high[0], t.low[0], t.close[0], t.volume[0]]).toEqual([2, 3, 1, 2, 5]);
  });

  it('handles a BOM, CRLF, quoted fields, spaces, blank lines and no final newline', () => {
    const text =
      '\uFEFF"timestamp","open",high,low,close,volume\r\n\r\n' +
      '2020-01-02,"10.5", 11 ,9,10,100\r\n' +
      '\r\n' +
      '2020-01-03,10,11,9,"10",200';
    const r = parse(text);
    expect(r.rowsRead).toBe(2);
    const t = r.tables[0]!;
    expect(isoCol(t)).toEqual(['2020-01-02T00:00:00Z', '2020-01-03T00:00:00Z']);
    expect(col(t.open)).toEqual([105, 100]);
    expect(col(t.high)).toEqual([110, 110]);
    expect(col(t.volume)).toEqual([100, 200]);
    const trailing = parse('timestamp,open,high,low,close,volume\n2020-01-02,10,11,9,10,100\n\n\n  \n');
    expect(trailing.rowsRead).toBe(1);
  });

  it('a multi-symbol file gives one table per symbol, sorted by symbol, each with its own auto tick', () => {
    const r = parse(
      'timestamp,symbol,open,high,low,close,volume\n' +
        '2020-01-02,ZZZ,10,11,9,10,1\n' +
        '2020-01-02,AAA,1.5,1.75,1.25,1.5,2\n' +
        '2020-01-03,ZZZ,10,12,9,11,3\n' +
        '2020-01-03,AAA,1.5,1.5,1.5,1.5,4\n',
      { symbol: undefined, columns: { symbol: 'symbol' } },
    );
    expect(r.tables.map((t) => t.symbol)).toEqual(['AAA', 'ZZZ']);
    expect(r.tables[0]!.tick).toEqual({ units: 1, scale: 2 });
    expect(col(r.tables[0]!.open)).toEqual([150, 150]);
    expect(r.tables[1]!.tick).toEqual({ units: 1, scale: 0 });
    expect(col(r.tables[1]!.close)).toEqual([10, 11]);
    expect(col(r.tables[1]!.volume)).toEqual([1, 3]);
    expect(r.rowsAccepted).toBe(4);
  });

  it('tables are trimmed to their length', () => {
    const t = parse('timestamp,open,high,low,close,volume\n2020-01-02,10,11,9,10,100\n').tables[0]!;
    for (const a of [t.tsSec, t.tsNsec, t.open, t.high, t.low, t.close, t.volume]) expect(a.length).toBe(1);
  });
});

describe('readBarsCsv: time zones', () => {
  it('New York local times convert to the right UTC instants across both DST changes of 2021', () => {
    const text =
      'timestamp,open,high,low,close,volume\n' +
      '2021-03-12 09:30,10,11,9,10,1\n' +
      '2021-03-12 15:59:59.5,10,11,9,10,1\n' +
      '2021-03-15 09:30,10,11,9,10,1\n' +
      '2021-03-15T09:31:00-04:00,10,11,9,10,1\n' +
      '2021-11-05 09:30,10,11,9,10,1\n' +
      '2021-11-08 09:30,10,11,9,10,1\n';
    const t = parse(text, { timezone: 'America/New_York' }).tables[0]!;
    expect(isoCol(t)).toEqual([
      '2021-03-12T14:30:00Z',
      '2021-03-12T20:59:59.500Z',
      '2021-03-15T13:30:00Z',
      '2021-03-15T13:31:00Z',
      '2021-11-05T13:30:00Z',
      '2021-11-08T14:30:00Z',
    ]);
  });

  it('date-only stamps are local midnight in the zone; explicit offsets win over the zone', () => {
    const t = parse(
      'timestamp,open,high,low,close,volume\n2021-07-01,1,1,1,1,1\n2021-07-02T00:00:00Z,1,1,1,1,1\n',
      {
        timezone: 'Asia/Tokyo',
      },
    ).tables[0]!;
    expect(isoCol(t)).toEqual(['2021-06-30T15:00:00Z', '2021-07-02T00:00:00Z']);
  });
});

describe('readBarsCsv: epoch timestamps', () => {
  const rows = (stamps: string[]): string =>
    'timestamp,open,high,low,close,volume\n' + stamps.map((s) => `${s},1,1,1,1,1\n`).join('');

  it('epoch_s, with an optional fraction and negative values', () => {
    const t = parse(rows(['-1', '0', '1577836800', '1577836800.5']), { timestampFormat: 'epoch_s' })
      .tables[0]!;
    expect(col(t.tsSec)).toEqual([-1, 0, 1577836800, 1577836800]);
    expect(Array.from(t.tsNsec)).toEqual([0, 0, 0, 500_000_000]);
  });

  it('epoch_ms and epoch_us', () => {
    const ms = parse(rows(['-1', '1577836800123']), { timestampFormat: 'epoch_ms' }).tables[0]!;
    expect(col(ms.tsSec)).toEqual([-1, 1577836800]);
    expect(Array.from(ms.tsNsec)).toEqual([999_000_000, 123_000_000]);
    const us = parse(rows(['1577836800123456', '1577836800123456.5']), { timestampFormat: 'epoch_us' })
      .tables[0]!;
    expect(Array.from(us.tsNsec)).toEqual([123_456_000, 123_456_500]);
  });

  it('epoch_ns stays exact beyond 2^53 (19 digits, 1 ns apart)', () => {
    const t = parse(rows(['1577836800123456789', '1577836800123456790', '9223372036854775807']), {
      timestampFormat: 'epoch_ns',
    }).tables[0]!;
    expect(col(t.tsSec)).toEqual([1577836800, 1577836800, 9223372036]);
    expect(Array.from(t.tsNsec)).toEqual([123456789, 123456790, 854775807]);
  });
});

describe('readBarsCsv: the backtrader sample files', () => {
  // The Oracle file ships with the examples; the other one is in the shared data when present.
  const orcl = new URL('../../examples/data/orcl-1995-2014.txt', import.meta.url).pathname;
  const day = '/work/shared/data/backtrader/2006-day-001.txt';

  it('orcl-1995-2014.txt (Yahoo layout, Adj Close ignored)', () => {
    const r = readBarsCsv(orcl, { format: 'yahoo', symbol: 'ORCL' });
    expect(r.rowsRead).toBe(5036);
    expect(r.rowsAccepted).toBe(5036);
    const t = r.tables[0]!;
    expect(t.symbol).toBe('ORCL');
    expect(t.tick).toEqual({ units: 1, scale: 6 });
    expect(formatIso(t.tsSec[0]!, t.tsNsec[0]!)).toBe('1995-01-03T00:00:00Z');
    expect([t.open[0], t.high[0], t.low[0], t.close[0], t.volume[0]]).toEqual([
      2179012, 2191358, 2117284, 2117284, 36301200,
    ]);
    const last = t.length - 1;
    expect(formatIso(t.tsSec[last]!, 0)).toBe('2014-12-31T00:00:00Z');
    expect([t.open[last], t.close[last], t.volume[last]]).toEqual([45450001, 44970001, 13269200]);
  });

  it.skipIf(!existsSync(day))('2006-day-001.txt (no Adj Close, extra OpenInterest column)', () => {
    const r = readBarsCsv(day, { format: 'yahoo', symbol: 'IDX' });
    expect(r.rowsRead).toBe(255);
    const t = r.tables[0]!;
    expect(t.tick).toEqual({ units: 1, scale: 2 });
    expect(formatIso(t.tsSec[0]!, 0)).toBe('2006-01-02T00:00:00Z');
    expect([t.open[0], t.high[0], t.low[0], t.close[0]]).toEqual([357873, 360595, 357873, 360433]);
    expect(t.tsSec[t.length - 1]).toBe(parseIso('2006-12-29').sec);
    expect(t.close[t.length - 1]).toBe(411994);
  });
});
