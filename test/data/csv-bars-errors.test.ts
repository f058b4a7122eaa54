/** Malformed CSV input: every error names the file, the 1-based line, the column and the value. */
import { describe, expect, it } from 'vitest';
import { parseBarsCsv, type CsvBarOptions } from '../../src/data/csv/bars.js';
import { ConfigError, DataError } from '../../src/core/errors.js';

const HEADER = 'timestamp,open,high,low,close,volume\n';
const OK_ROW = '2020-01-02,10,11,9,10.5,100\n';

function parse(text: string, opts: Partial<CsvBarOptions> = {}) {
  return parseBarsCsv(new TextEncoder().encode(text), 'bad.csv', { format: 'generic', symbol: 'X', ...opts });
}

function rowError(text: string, opts: Partial<CsvBarOptions> = {}): DataError {
  try {
    parse(text, opts);
  } catch (e) {
    expect(e, 'a user data problem must be a DataError').toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected the file to be rejected');
}

interface Case {
  name: string;
  text: string;
  opts?: Partial<CsvBarOptions>;
  row: number;
  field: string;
  value: string;
  message: string;
}

const cases: Case[] = [
  {
    name: 'high below low',
    text: HEADER + OK_ROW + '2020-01-03,10,9,11,10,100\n',
    row: 3,
    field: 'high',
    value: '9',
    message: 'bad.csv:3: field "high": high is below low 11 (value "9")',
  },
  {
    name: 'high below close',
    text: HEADER + '2020-01-02,10,10.5,9,10.75,100\n',
    row: 2,
    field: 'high',
    value: '10.5',
    message: 'bad.csv:2: field "high": high is below close 10.75 (value "10.5")',
  },
  {
    name: 'low above open',
    text: HEADER + '2020-01-02,10,12,10.5,11,100\n',
    row: 2,
    field: 'low',
    value: '10.5',
    message: 'bad.csv:2: field "low": low is above open 10 (value "10.5")',
  },
  {
    name: 'negative volume',
    text: HEADER + OK_ROW + OK_ROW.replace('01-02', '01-03').replace(',100', ',-5'),
    row: 3,
    field: 'volume',
    value: '-5',
    message: 'bad.csv:3: field "volume": volume must be >= 0 (value "-5")',
  },
  {
    name: 'empty field',
    text: HEADER + '2020-01-02,10,,9,10,100\n',
    row: 2,
    field: 'high',
    value: '',
    message: 'bad.csv:2: field "high": empty field (value "")',
  },
  {
    name: 'non-numeric price',
    text: HEADER + OK_ROW + '2020-01-03,10,11,9,abc,100\n',
    row: 3,
    field: 'close',
    value: 'abc',
    message: 'bad.csv:3: field "close": not a number (value "abc")',
  },
  {
    name: 'zero price',
    text: HEADER + '2020-01-02,0,11,9,10,100\n',
    row: 2,
    field: 'open',
    value: '0',
    message: 'bad.csv:2: field "open": price must be > 0 (value "0")',
  },
  {
    name: 'negative price',
    text: HEADER + '2020-01-02,10,11,-9,10,100\n',
    row: 2,
    field: 'low',
    value: '-9',
    message: 'bad.csv:2: field "low": price must be > 0 (value "-9")',
  },
  {
    name: 'duplicate timestamp',
    text: HEADER + OK_ROW + OK_ROW,
    row: 3,
    field: 'timestamp',
    value: '2020-01-02',
    message:
      'bad.csv:3: field "timestamp": duplicate timestamp (line 2 has the same time) (value "2020-01-02")',
  },
  {
    name: 'time going backwards',
    text: HEADER + OK_ROW.replace('01-02', '01-05') + OK_ROW,
    row: 3,
    field: 'timestamp',
    value: '2020-01-02',
    message:
      'bad.csv:3: field "timestamp": timestamp goes back in time (line 2 is at 2020-01-05T00:00:00Z) (value "2020-01-02")',
  },
  {
    name: 'too few columns',
    text: HEADER + OK_ROW + '2020-01-03,10,11,9,10\n',
    row: 3,
    field: 'volume',
    value: '2020-01-03,10,11,9,10',
    message: 'bad.csv:3: field "volume": expected 6 columns, found 5 (value "2020-01-03,10,11,9,10")',
  },
  {
    name: 'too many columns',
    text: HEADER + '2020-01-02,10,11,9,10,100,7\n',
    row: 2,
    field: 'column 7',
    value: '7',
    message: 'bad.csv:2: field "column 7": expected 6 columns, found 7 (value "7")',
  },
  {
    name: 'bad date',
    text: HEADER + OK_ROW + '2020-02-30,10,11,9,10,100\n',
    row: 3,
    field: 'timestamp',
    value: '2020-02-30',
    message:
      'bad.csv:3: field "timestamp": invalid timestamp "2020-02-30": no such date (value "2020-02-30")',
  },
  {
    name: 'garbage after the time',
    text: HEADER + '2020-01-02T14:30:00Q,10,11,9,10,100\n',
    row: 2,
    field: 'timestamp',
    value: '2020-01-02T14:30:00Q',
    message:
      'bad.csv:2: field "timestamp": invalid timestamp "2020-01-02T14:30:00Q": unexpected trailing text (value "2020-01-02T14:30:00Q")',
  },
  {
    name: "Yahoo's null row",
    text: 'Date,Open,High,Low,Close,Adj Close,Volume\n2019-01-02,10,11,9,10,10,100\n2019-01-03,null,null,null,null,null,null\n',
    opts: { format: 'yahoo' },
    row: 3,
    field: 'Open',
    value: 'null',
    message: 'bad.csv:3: field "Open": null value (the row has no data) (value "null")',
  },
  {
    name: 'price off the explicit tick grid',
    text: HEADER + '2020-01-02,10,11,9,10.005,100\n',
    opts: { tickSize: '0.01' },
    row: 2,
    field: 'close',
    value: '10.005',
    message: 'bad.csv:2: field "close": price is not a multiple of the tick size 0.01 (value "10.005")',
  },
  {
    name: 'price off a non-decimal tick grid',
    text: HEADER + '2020-01-02,10,11,9,10.1,100\n',
    opts: { tickSize: '0.25' },
    row: 2,
    field: 'close',
    value: '10.1',
    message: 'bad.csv:2: field "close": price is not a multiple of the tick size 0.25 (value "10.1")',
  },
  {
    name: 'quoted thousands separator',
    text: HEADER + '2020-01-02,"1,234",1300,1200,1250,100\n',
    row: 2,
    field: 'open',
    value: '1,234',
    message: 'bad.csv:2: field "open": not a number (value "1,234")',
  },
  {
    name: 'unterminated quote',
    text: HEADER + '2020-01-02,"10,11,9,10,100\n',
    row: 2,
    field: 'open',
    value: '2020-01-02,"10,11,9,10,100',
    message: 'bad.csv:2: field "open": unterminated quoted field (value "2020-01-02,\\"10,11,9,10,100")',
  },
  {
    name: 'more than 9 decimals in auto tick mode',
    text: HEADER + '2020-01-02,10,11,9,10.0000000001,100\n',
    row: 2,
    field: 'close',
    value: '10.0000000001',
    message: 'bad.csv:2: field "close": more than 9 decimal places (value "10.0000000001")',
  },
  {
    name: 'bad epoch stamp',
    text: HEADER + '15778368x0,10,11,9,10,100\n',
    opts: { timestampFormat: 'epoch_s' },
    row: 2,
    field: 'timestamp',
    value: '15778368x0',
    message: 'bad.csv:2: field "timestamp": not an integer epoch timestamp (value "15778368x0")',
  },
  {
    name: 'non-numeric volume',
    text: HEADER + '2020-01-02,10,11,9,10,1.2.3\n',
    row: 2,
    field: 'volume',
    value: '1.2.3',
    message: 'bad.csv:2: field "volume": not a number (value "1.2.3")',
  },
];

describe('readBarsCsv strict mode: malformed rows', () => {
  it.each(cases)('$name', (c) => {
    const err = rowError(c.text, c.opts);
    expect(err.where, 'where the error points').toEqual({
      file: 'bad.csv',
      row: c.row,
      field: c.field,
      value: c.value,
    });
    expect(err.message).toBe(c.message.replace('\\"', '"'));
  });
});

describe('readBarsCsv: whole-file problems', () => {
  it('empty file names the file', () => {
    expect(rowError('').message).toBe('bad.csv: empty file: expected a header line');
    expect(rowError('\uFEFF\r\n\n').message).toBe('bad.csv: empty file: expected a header line');
  });

  it('header without data rows', () => {
    expect(rowError(HEADER + '\n\n').message).toBe('bad.csv: no data rows after the header');
  });

  it('missing column in the header names the file and the column', () => {
    const err = rowError('timestamp,open,high,low,close\n2020-01-02,10,11,9,10\n');
    expect(err.where.file).toBe('bad.csv');
    expect(err.where.row).toBe(1);
    expect(err.where.field).toBe('volume');
    expect(err.message).toBe(
      'bad.csv:1: field "volume": missing column "volume" in the header (found: timestamp, open, high, low, close) (value "timestamp,open,high,low,close")',
    );
  });

  it('missing Yahoo column', () => {
    const err = rowError('Date,Open,High,Low,Adj Close,Volume\n2019-01-02,10,11,9,10,100\n', {
      format: 'yahoo',
    });
    expect(err.where).toMatchObject({ file: 'bad.csv', row: 1, field: 'Close' });
  });

  it('a column given twice in the header', () => {
    const err = rowError('timestamp,open,high,low,close,volume,Close\n');
    expect(err.message).toContain('field "close": column "close" appears more than once in the header');
  });

  it('bad options are ConfigErrors', () => {
    expect(() => parse(HEADER + OK_ROW, { symbol: undefined })).toThrow(ConfigError);
    expect(() => parse(HEADER + OK_ROW, { timezone: 'Mars/Olympus' })).toThrow(
      'timezone: unknown time zone "Mars/Olympus"',
    );
    expect(() => parse(HEADER + OK_ROW, { tickSize: '-0.01' })).toThrow(
      'tickSize: must be "auto" or a positive decimal (got "-0.01")',
    );
    expect(() => parse(HEADER + OK_ROW, { delimiter: ';;' })).toThrow(ConfigError);
  });
});
