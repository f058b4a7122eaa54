// Bars from DBN OHLCV records: files the tests write themselves (so they pass without ../shared), converted
// whole and chunk by chunk, must equal the bar tables they were made from; ticks are inferred per symbol;
// mixed intervals, null values, time going back and off-grid prices are DataErrors naming file and record.
// The Databento ohlcv test files in ../shared/data/dbn are converted too when present.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { allocBarTable, rangeBarTable, type BarTable } from '../../../src/data/bars.js';
import { iterateDbnBars, ohlcvToBars, readDbnBars, scanDbnBars } from '../../../src/data/dbn/bars.js';
import { encodeDbn, writeDbn } from '../../../src/data/dbn/writer.js';
import { generateSynthBars } from '../../../src/data/synth/bars.js';
import { randomTable } from '../dbn/helpers.js';
import { RTYPE_1H, RTYPE_1M, concat, ohlcvFromBars, plain, writeOhlcvDbn } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-dbn-bars-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const [aaa, bbb] = generateSynthBars({
  symbols: ['AAA', 'BBB'],
  bars: 5000,
  freq: '1m',
  start: '2022-06-01',
  seed: 11,
});
const names = new Map([
  [101, 'AAA'],
  [202, 'BBB'],
]);
const both = join(dir, 'both.dbn');
writeOhlcvDbn(both, [ohlcvFromBars([aaa!, bbb!], [101, 202])], names);

/** Two rows of AAA with their prices replaced (ticks of 0.01). */
function twoRows(prices: [number, number, number, number][], seconds = [0, 60]): BarTable {
  const t = allocBarTable('AAA', { units: 1, scale: 2 }, 2);
  prices.forEach(([o, h, l, c], i) => {
    t.tsSec[i] = 1.65e9 + seconds[i]!;
    t.open[i] = o;
    t.high[i] = h;
    t.low[i] = l;
    t.close[i] = c;
    t.volume[i] = 7;
  });
  t.length = 2;
  return t;
}

describe('DBN OHLCV to bars', () => {
  it('a whole file converts to the source tables exactly, one per symbol, tick inferred', () => {
    const res = readDbnBars(both);
    expect(res.tables.map(plain), 'AAA and BBB as generated (tick 0.01 inferred)').toEqual([
      plain(aaa!),
      plain(bbb!),
    ]);
    expect({ records: res.records, rows: res.rows, ignored: res.ignored }).toEqual({
      records: 10000,
      rows: 10000,
      ignored: 0,
    });
  });

  it('chunked reads of one symbol concatenate to the whole read (plain and zstd), with a time range', async () => {
    const zst = join(dir, 'both.dbn.zst');
    await writeDbn(
      zst,
      { metadata: { mappings: [] }, tables: [ohlcvFromBars([aaa!, bbb!], [101, 202])] },
      {
        zstd: true,
      },
    );
    for (const [file, symbol, want] of [
      [both, 'BBB', bbb!],
      [zst, '202', bbb!],
    ] as const) {
      const chunks = [...iterateDbnBars(file, { symbol, tick: { units: 1, scale: 2 }, chunkRecords: 777 })];
      expect(chunks.length, 'one table per decoded chunk of 777 records').toBe(Math.ceil(10000 / 777));
      expect(plain(concat(symbol, { units: 1, scale: 2 }, chunks))).toEqual({ ...plain(want), symbol });
    }
    const start = { sec: bbb!.tsSec[1234]!, nsec: 0 };
    const end = { sec: bbb!.tsSec[3210]!, nsec: 0 };
    const cut = [...iterateDbnBars(both, { symbol: 'BBB', tick: bbb!.tick, chunkRecords: 500, start, end })];
    expect(plain(concat('BBB', bbb!.tick, cut)), 'rows start <= ts < end').toEqual(
      plain(rangeBarTable(bbb!, start.sec, 0, end.sec, 0)),
    );
  });

  it('a chunked read without a symbol needs a one-symbol file', () => {
    const one = join(dir, 'one.dbn');
    writeOhlcvDbn(one, [ohlcvFromBars([aaa!], [101])], names);
    const got = [...iterateDbnBars(one, { tick: aaa!.tick, chunkRecords: 1000 })];
    expect(plain(concat('AAA', aaa!.tick, got))).toEqual(plain(aaa!));
    expect(() => [...iterateDbnBars(both, { tick: aaa!.tick })]).toThrow(
      /both\.dbn: field "instrument_id": the file holds several symbols \(AAA, BBB\)/,
    );
    expect(() => [...iterateDbnBars(both, { symbol: 'CCC', tick: aaa!.tick })]).toThrow(
      /field "symbol": no OHLCV records of this symbol \(the file holds AAA, BBB\) \(value "CCC"\)/,
    );
  });

  it('scanDbnBars counts rows and infers the tick of each symbol in bounded chunks', () => {
    const scan = scanDbnBars(both, { chunkRecords: 999 });
    expect(scan.records).toBe(10000);
    expect([...scan.symbols]).toEqual([
      ['AAA', { rows: 5000, tick: { units: 1, scale: 2 } }],
      ['BBB', { rows: 5000, tick: { units: 1, scale: 2 } }],
    ]);
  });

  it('infers the coarsest power-of-ten tick per symbol; a given tick rescales or rejects', () => {
    const cents = twoRows([
      [1000, 1100, 900, 1050],
      [1050, 1060, 1040, 1050],
    ]);
    const dollars = twoRows([
      [1000, 1100, 900, 1000],
      [1000, 1100, 1000, 1100],
    ]);
    dollars.symbol = 'BBB';
    const t = ohlcvFromBars([cents, dollars], [101, 202]);
    const got = ohlcvToBars(t, names, { file: 'x.dbn' });
    expect(got.map((b) => [b.symbol, b.tick])).toEqual([
      ['AAA', { units: 1, scale: 1 }],
      ['BBB', { units: 1, scale: 0 }],
    ]);
    expect(Array.from(got[0]!.open), 'AAA in ticks of 0.1').toEqual([100, 105]);
    expect(Array.from(got[1]!.high), 'BBB in ticks of 1').toEqual([11, 11]);
    const fine = ohlcvToBars(t, names, { file: 'x.dbn', tick: { units: 1, scale: 3 } });
    expect(Array.from(fine[0]!.close), 'a finer tick than needed is exact').toEqual([10500, 10500]);
    const quarter = ohlcvToBars(ohlcvFromBars([dollars], [202]), new Map(), {
      file: 'x.dbn',
      tick: { units: 25, scale: 2 },
    });
    expect(
      quarter.map((b) => b.symbol),
      'no symbol map: the instrument id is the symbol',
    ).toEqual(['202']);
    expect(Array.from(quarter[0]!.low), 'ticks of 0.25').toEqual([36, 40]);
    expect(() => ohlcvToBars(t, names, { file: 'x.dbn', tick: { units: 1, scale: 0 } })).toThrow(
      'x.dbn:3: field "open": OHLCV record of AAA: price is not a whole number of ticks of 1 (value "10.5")',
    );
    const sub = ohlcvFromBars(
      [
        twoRows([
          [1, 1, 1, 1],
          [1, 1, 1, 1],
        ]),
      ],
      [101],
    );
    for (const c of [sub.open, sub.high, sub.low, sub.close]) c[1] = 100_000_001; // 0.100000001
    expect(ohlcvToBars(sub, names, { file: 'x.dbn' })[0]!.tick, 'down to 1e-9').toEqual({
      units: 1,
      scale: 9,
    });
  });

  it('mixed intervals are an error naming the file and the rtypes, unless one is chosen', () => {
    const t = ohlcvFromBars([aaa!, bbb!], [101, 202]);
    for (let i = 0; i < t.length; i += 3) t.rtype[i] = RTYPE_1H;
    const err = (() => {
      try {
        ohlcvToBars(t, names, { file: 'mixed.dbn' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toBe(
      'mixed.dbn: field "rtype": the file mixes several OHLCV intervals: choose one with the rtype option (value "ohlcv-1m (0x21) x6666, ohlcv-1h (0x22) x3334")',
    );
    const only1m = ohlcvToBars(t, names, { file: 'mixed.dbn', rtype: RTYPE_1M });
    expect(
      only1m.reduce((n, b) => n + b.length, 0),
      'rows of the other interval are skipped',
    ).toBe(6666);
  });

  it('null values, time going back, duplicates and inconsistent bars name file, record and value', () => {
    const cases: [string, (t: ReturnType<typeof ohlcvFromBars>) => void, string][] = [
      [
        'null price',
        (t) => (t.close[1] = NaN),
        'f.dbn:2: field "close": OHLCV record of AAA: null price (value "null")',
      ],
      [
        'null volume',
        (t) => (t.volume[0] = NaN),
        'f.dbn:1: field "volume": OHLCV record of AAA: null volume (value "null")',
      ],
      [
        'back in time',
        (t) => (t.tsEventSec[1] = t.tsEventSec[0]! - 60),
        'f.dbn:2: field "ts_event": OHLCV record of AAA: timestamp goes back in time (previous record is at 2022-04-15T05:20:00Z) (value "2022-04-15T05:19:00Z")',
      ],
      [
        'duplicate',
        (t) => (t.tsEventSec[1] = t.tsEventSec[0]!),
        'f.dbn:2: field "ts_event": OHLCV record of AAA: duplicate timestamp (value "2022-04-15T05:20:00Z")',
      ],
      [
        'high below close',
        (t) => (t.high[0] = 1040e7),
        'f.dbn:1: field "high": OHLCV record of AAA: high must be >= open and close, low <= open and close (value "10.4")',
      ],
      [
        'zero low',
        (t) => {
          t.low[1] = 0;
        },
        'f.dbn:2: field "low": OHLCV record of AAA: price must be > 0 (value "0")',
      ],
    ];
    for (const [what, spoil, message] of cases) {
      const t = ohlcvFromBars(
        [
          twoRows([
            [1000, 1100, 900, 1050],
            [1050, 1060, 1040, 1055],
          ]),
        ],
        [101],
      );
      spoil(t);
      expect(() => ohlcvToBars(t, names, { file: 'f.dbn' }), what).toThrow(message);
    }
  });

  it('time order is checked across chunks, with the record number in the file', () => {
    const t = ohlcvFromBars([aaa!], [101]);
    t.tsEventSec[1500] = t.tsEventSec[1499]!;
    const bad = join(dir, 'bad.dbn');
    writeOhlcvDbn(bad, [t], names);
    expect(() => [...iterateDbnBars(bad, { tick: aaa!.tick, chunkRecords: 1500 })]).toThrow(
      /bad\.dbn:1501: field "ts_event": OHLCV record of AAA: duplicate timestamp/,
    );
  });

  it('a file without OHLCV records is an error; an empty one gives no tables', () => {
    const empty = join(dir, 'empty.dbn');
    writeOhlcvDbn(empty, [ohlcvFromBars([], [])], names);
    expect(readDbnBars(empty)).toEqual({ tables: [], records: 0, rows: 0, ignored: 0 });
    const trades = join(dir, 'trades.dbn');
    writeFileSync(trades, encodeDbn({ tables: [randomTable(3, 'trades', 3, 5)] }));
    expect(() => readDbnBars(trades)).toThrow(
      /trades\.dbn: field "rtype": no OHLCV records \(the file holds trades x3\)/,
    );
    expect(() => scanDbnBars(trades)).toThrow(/no OHLCV records \(the file holds trades x3\)/);
  });
});

const SHARED = new URL('../../../../shared/data/dbn/', import.meta.url).pathname;
const DOC = new URL('../../../../shared/docs/dbn-layout.md', import.meta.url).pathname;

describe.skipIf(!existsSync(SHARED) || !existsSync(DOC))(
  'Databento ohlcv test files (shared/data/dbn)',
  () => {
    it('convert without error, with the record counts of dbn-layout.md', () => {
      const counts = new Map<string, number>();
      for (const line of readFileSync(DOC, 'utf8').split('\n')) {
        const cells = line.split('|').map((c) => c.trim());
        if (cells.length >= 8 && /^test_data\.ohlcv-/.test(cells[1]!))
          counts.set(cells[1]!, Number(cells[5]));
      }
      const files = readdirSync(SHARED).filter(
        (f) => f.startsWith('test_data.ohlcv-') && !f.endsWith('.dbz'),
      );
      expect(files.length, 'the ohlcv files are present').toBeGreaterThan(0);
      for (const f of files) {
        const res = readDbnBars(SHARED + f);
        expect(res.records, `${f}: records as in the doc table`).toBe(counts.get(f));
        expect(res.rows, `${f}: every record is a bar`).toBe(res.records);
        for (const t of res.tables) expect(t.length, `${f}: ${t.symbol} has bars`).toBeGreaterThan(0);
      }
    });
  },
);
