// CSV and JSONL trade/quote readers: exact values into the canonical tables, options, and the error and
// quarantine conventions of the bar reader (file, line, field, value).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../../src/core/errors.js';
import { readQuotesCsv, readTradesCsv } from '../../../src/data/ticks/csv.js';
import { readQuotesJsonl, readTradesJsonl } from '../../../src/data/ticks/jsonl.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-ticks-'));
let k = 0;
function file(text: string, ext = 'csv'): string {
  const p = join(dir, `f${k++}.${ext}`);
  writeFileSync(p, text);
  return p;
}

describe('readTradesCsv', () => {
  it('reads ISO nanosecond stamps, prices to 1e-9 ticks, sides and symbols', () => {
    const p = file(
      'timestamp,symbol,price,size,side\n' +
        '2024-01-02T14:30:00.123456789Z,ES,4750.25,3,B\n' +
        '2024-01-02T14:30:00.123456790Z,NQ,16500.5,1,sell\n' +
        '2024-01-02T14:30:01Z,ES,4750.5,10,\n',
    );
    const r = readTradesCsv(p);
    const t = r.table;
    expect(r.rowsRead).toBe(3);
    expect(r.rowsQuarantined).toBe(0);
    expect(t.length).toBe(3);
    expect(t.priceTick).toEqual({ units: 1, scale: 9 });
    expect([...t.tsEventSec]).toEqual([1_704_205_800, 1_704_205_800, 1_704_205_801]);
    expect([...t.tsEventNsec]).toEqual([123_456_789, 123_456_790, 0]);
    expect([...t.tsRecvNsec]).toEqual([123_456_789, 123_456_790, 0]);
    expect([...t.price]).toEqual([4_750_250_000_000, 16_500_500_000_000, 4_750_500_000_000]);
    expect([...t.size]).toEqual([3, 1, 10]);
    expect([...t.side].map((c) => String.fromCharCode(c))).toEqual(['B', 'A', 'N']);
    expect([...t.action]).toEqual([84, 84, 84]);
    expect([...t.instrumentId]).toEqual([1, 2, 1]);
    expect([...r.symbols]).toEqual([
      [1, 'ES'],
      [2, 'NQ'],
    ]);
  });

  it('takes configured names, epoch units, tick and lot sizes, a delimiter, quotes and CRLF', () => {
    const p = file(
      '"Time";Px;Qty;Seq;Recv\r\n1704205800.5;"4750.25";0.003;17;1704205800.500001\r\n1704205801;4750.50;1.5;18;1704205801\r\n',
    );
    const r = readTradesCsv(p, {
      symbol: 'BTC',
      instrumentId: 42,
      delimiter: ';',
      columns: { timestamp: 'time', price: 'px', size: 'qty', sequence: 'seq', tsRecv: 'recv' },
      timestampFormat: 'epoch_s',
      tickSize: '0.25',
      lotSize: '0.001',
    });
    const t = r.table;
    expect([...t.tsEventSec]).toEqual([1_704_205_800, 1_704_205_801]);
    expect([...t.tsEventNsec]).toEqual([500_000_000, 0]);
    expect([...t.tsRecvNsec]).toEqual([500_001_000, 0]);
    expect([...t.price]).toEqual([19001, 19002]);
    expect(t.priceTick).toEqual({ units: 25, scale: 2 });
    expect([...t.size]).toEqual([3, 1500]);
    expect([...t.sequence]).toEqual([17, 18]);
    expect([...t.instrumentId]).toEqual([42, 42]);
    expect([...r.symbols]).toEqual([[42, 'BTC']]);
  });

  it('epoch_ns stays exact to the nanosecond', () => {
    const r = readTradesCsv(file('timestamp,price,size\n1704205800123456789,1,1\n'), {
      symbol: 'X',
      timestampFormat: 'epoch_ns',
    });
    expect([r.table.tsEventSec[0], r.table.tsEventNsec[0]]).toEqual([1_704_205_800, 123_456_789]);
  });

  it('strict mode names file, line, field and value', () => {
    const p = file('timestamp,price,size\n2024-01-02T14:30:00Z,1.00,1\n2024-01-02T14:30:01Z,1.005,1\n');
    expect(() => readTradesCsv(p, { symbol: 'X', tickSize: '0.01' })).toThrow(
      new DataError(
        { file: p, row: 3, field: 'price', value: '1.005' },
        'price is not a multiple of the tick size 0.01',
      ),
    );
    const q = file('timestamp,price,size\n2024-13-02T14:30:00Z,1,1\n');
    expect(() => readTradesCsv(q, { symbol: 'X' })).toThrow(`${q}:2: field "timestamp": `);
    const s = file('timestamp,price,size\n2024-01-02T14:30:00Z,1,-2\n');
    expect(() => readTradesCsv(s, { symbol: 'X' })).toThrow(
      `${s}:2: field "size": size must be >= 0 (value "-2")`,
    );
    const side = file('timestamp,price,size,side\n2024-01-02T14:30:00Z,1,2,up\n');
    expect(() => readTradesCsv(side, { symbol: 'X' })).toThrow(
      `${side}:2: field "side": side must be one of B, A, S, N, buy, sell, bid, ask (value "up")`,
    );
  });

  it('lenient mode quarantines bad rows with a reason and counts them', () => {
    const p = file(
      'timestamp,price,size\n2024-01-02T14:30:00Z,1.00,1\nbad,1,1\n2024-01-02T14:30:02Z,,1\n2024-01-02T14:30:03Z,2,3,4\n\n2024-01-02T14:30:04Z,2.5,0.5\n2024-01-02T14:30:05Z,3,7\n',
    );
    const r = readTradesCsv(p, { symbol: 'X', mode: 'lenient', tickSize: '0.01' });
    expect(r.rowsRead).toBe(6);
    expect(r.rowsAccepted).toBe(2);
    expect(r.rowsQuarantined).toBe(4);
    expect([...r.table.price]).toEqual([100, 300]);
    expect(r.quarantinePath).toBe(`${p}.quarantine.csv`);
    const lines = readFileSync(r.quarantinePath!, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('timestamp,price,size,reason');
    expect(lines.slice(1).map((l) => l.slice(0, l.indexOf(',"')))).toEqual([
      'bad,1,1',
      '2024-01-02T14:30:02Z,,1',
      '2024-01-02T14:30:03Z,2,3,4',
      '2024-01-02T14:30:04Z,2.5,0.5',
    ]);
    expect(lines[2]).toBe(`2024-01-02T14:30:02Z,,1,"${p}:4: field ""price"": empty field (value """")"`);
    expect(lines[3]).toContain('expected 3 columns, found 4');
    expect(lines[4]).toContain('size is not a whole number of lots (1)');
  });

  it('reports header and option problems', () => {
    expect(() => readTradesCsv(file('time,price,size\n'), { symbol: 'X' })).toThrow(
      'missing column "timestamp" in the header (found: time, price, size)',
    );
    expect(() => readTradesCsv(file('timestamp,price,size\n1,1,1\n'), {})).toThrow(ConfigError);
    expect(() => readTradesCsv(file('timestamp,price,size\n'), { symbol: 'X', tickSize: 'x' })).toThrow(
      'tickSize: must be a positive decimal',
    );
    expect(() => readTradesCsv(file('timestamp,price,size\n'), { symbol: 'X' })).toThrow('no data rows');
    expect(() => readTradesCsv(join(dir, 'missing.csv'), { symbol: 'X' })).toThrow('cannot read the file');
  });
});

describe('readQuotesCsv', () => {
  it('reads L1 quotes into the quotes table', () => {
    const r = readQuotesCsv(
      file('timestamp,bid_px,ask_px,bid_sz,ask_sz\n2024-01-02T14:30:00Z,99.99,100.01,5,7\n'),
      { symbol: 'X', tickSize: '0.01' },
    );
    const q = r.table;
    expect([q.bidPx[0], q.askPx[0], q.bidSz[0], q.askSz[0], q.rtype[0], q.action[0], q.side[0]]).toEqual([
      9999, 10001, 5, 7, 1, 78, 78,
    ]);
    expect(q.price[0]).toBeNaN();
    expect(() =>
      readQuotesCsv(file('timestamp,bid_px,ask_px,bid_sz,ask_sz\n2024-01-02T14:30:00Z,,100.01,5,7\n'), {
        symbol: 'X',
      }),
    ).toThrow(':2: field "bid_px": empty field');
  });
});

describe('JSONL readers', () => {
  it('reads numbers and strings exactly, skips unknown and nested keys, treats null as empty', () => {
    const p = file(
      '{"ts": 1704205800123456789, "px": "4750.25", "qty": 2, "sym": "ES", "meta": {"a": [1, {"b": "}"}]}, "side": "buy"}\n' +
        '\n' +
        '{"sym":"NQ","qty":1,"px":16500.5,"ts":1704205800123456790,"side":null}\r\n',
      'jsonl',
    );
    const r = readTradesJsonl(p, {
      timestampFormat: 'epoch_ns',
      columns: { timestamp: 'ts', price: 'px', size: 'qty', symbol: 'sym' },
    });
    const t = r.table;
    expect([...t.tsEventSec]).toEqual([1_704_205_800, 1_704_205_800]);
    expect([...t.tsEventNsec]).toEqual([123_456_789, 123_456_790]);
    expect([...t.price]).toEqual([4_750_250_000_000, 16_500_500_000_000]);
    expect([...t.size]).toEqual([2, 1]);
    expect([...t.side]).toEqual([66, 78]);
    expect([...r.symbols]).toEqual([
      [1, 'ES'],
      [2, 'NQ'],
    ]);
  });

  it('ISO strings and quotes', () => {
    const p = file(
      '{"timestamp":"2024-01-02T14:30:00.5Z","bid_px":1.5,"ask_px":1.75,"bid_sz":1,"ask_sz":2}\n',
      'jsonl',
    );
    const q = readQuotesJsonl(p, { symbol: 'X', tickSize: '0.25' }).table;
    expect([q.tsEventNsec[0], q.bidPx[0], q.askPx[0], q.bidSz[0], q.askSz[0]]).toEqual([
      500_000_000, 6, 7, 1, 2,
    ]);
  });

  it('strict errors name line and key; lenient quarantines JSON lines with the reason', () => {
    const p = file(
      '{"timestamp":"2024-01-02T14:30:00Z","price":1,"size":1}\n{"timestamp":"2024-01-02T14:30:01Z","price":1}\n',
      'jsonl',
    );
    expect(() => readTradesJsonl(p, { symbol: 'X' })).toThrow(
      new DataError({ file: p, row: 2, field: 'size', value: '' }, 'missing key "size"'),
    );
    const q = file(
      '{"timestamp":"2024-01-02T14:30:00Z","price":1,"size":1}\n' +
        'not json\n' +
        '{"timestamp":"2024-01-02T14:30:00Z","price":true,"size":1}\n' +
        '{"timestamp":"2024-01-02T14:30:00Z","price":1,"size":1} x\n' +
        '{"timestamp":"2024-01-02T14:30:00Z","price":[1],"size":1}\n' +
        '{"timestamp":"2024-01-02T14:30:09Z","price":"2.5","size":3}\n',
      'jsonl',
    );
    const r = readTradesJsonl(q, { symbol: 'X', mode: 'lenient' });
    expect([r.rowsRead, r.rowsAccepted, r.rowsQuarantined]).toEqual([6, 2, 4]);
    expect([...r.table.price]).toEqual([1e9, 2.5e9]);
    const lines = readFileSync(`${q}.quarantine.jsonl`, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.line)).toEqual([2, 3, 4, 5]);
    expect(lines[0]).toEqual({
      line: 2,
      reason: `${q}:2: field "line": not a JSON object (value "not json")`,
      text: 'not json',
    });
    expect(lines[1].reason).toContain('field "price": expected a number or a string (value "true")');
    expect(lines[2].reason).toContain('text after the closing "}"');
    expect(lines[3].reason).toContain('field "price": expected a number or a string');
  });
});
