import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport, inspectFile } from '../../src/cli/data-inspect.js';
import { generateSynthBars } from '../../src/data/synth/bars.js';
import { writeBarsCsv } from '../../src/data/csv/write-bars.js';
import { writeBarsParquet } from '../../src/data/parquet/index.js';
import { writeBarsArrow } from '../../src/data/arrow/ipc.js';
import { generateSynthMbo, RTYPE, writeDbn } from '../../src/data/dbn/index.js';
import { newTable, UNDEF_SIZE, type TableBase } from '../../src/data/schemas.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-inspect-'));
const tables = generateSynthBars({
  symbols: ['AAA', 'BBB'],
  bars: 50,
  freq: '1d',
  start: '2020-01-02',
  seed: 4,
});

describe('hindsight data inspect', () => {
  it('describes bar files in CSV, Parquet and Arrow alike', async () => {
    writeBarsCsv(join(dir, 'bars.csv'), tables, { symbolColumn: true });
    writeBarsParquet(join(dir, 'bars.parquet'), tables);
    writeBarsArrow(join(dir, 'bars.arrow'), tables, { format: 'file' });
    const reports = [];
    for (const f of ['bars.csv', 'bars.parquet', 'bars.arrow'])
      reports.push(await inspectFile(join(dir, f), 2));
    expect(reports.map((r) => r.format)).toEqual(['csv', 'parquet', 'arrow']);
    for (const r of reports) {
      expect(r.sections.map((s) => [s.symbols[0], s.rows, s.start])).toEqual([
        ['AAA', 50, '2020-01-02T00:00:00Z'],
        ['BBB', 50, '2020-01-02T00:00:00Z'],
      ]);
      expect(r.sections[0]!.firstRows).toEqual(reports[0]!.sections[0]!.firstRows);
      expect(r.sections[0]!.firstRows).toHaveLength(2);
    }
    expect(formatReport(reports[1]!)).toContain('bars: 50 rows, 2020-01-02T00:00:00Z .. ');
  });

  it('describes a DBN file: schema, rows, instruments, time range', async () => {
    const mbo = generateSynthMbo({ seed: 3, events: 500, instruments: 2 });
    await writeDbn(join(dir, 'mbo.dbn.zst'), { tables: { mbo } }, { zstd: true });
    const r = await inspectFile(join(dir, 'mbo.dbn.zst'), 3);
    expect(r.format).toBe('dbn');
    expect(r.sections).toHaveLength(1);
    expect(r.sections[0]!.kind).toBe('mbo');
    expect(r.sections[0]!.rows).toBe(mbo.length);
    expect(r.sections[0]!.symbols).toHaveLength(2);
    expect(r.sections[0]!.firstRows).toHaveLength(3);
  });
});

// DBN rows show what a user reads: ISO times, symbols, decimal prices, one 64-bit order id, letters for
// action and side, sizes as numbers (null values empty). Files written here (so the tests need no shared
// data); the Databento test files are checked too when present.

const metadata = {
  dataset: 'GLBX.MDP3',
  start: { sec: 1609160400, nsec: 0 },
  stypeIn: 1,
  stypeOut: 0,
  symbols: ['ESH1'],
  mappings: [{ rawSymbol: 'ESH1', intervals: [{ startDate: 20201228, endDate: 20201229, symbol: '5482' }] }],
};
const T0 = 1609160400; // 2020-12-28T13:00:00Z
const c = (ch: string): number => ch.charCodeAt(0);

/** A table of `kind` holding `rows` (values by column name; other columns 0). */
function table(kind: 'mbo' | 'trades' | 'quotes', rows: Record<string, number[]>): TableBase {
  const n = Object.values(rows)[0]!.length;
  const t = newTable(kind, n) as unknown as TableBase & Record<string, Float64Array>;
  for (const [name, values] of Object.entries(rows)) t[name]!.set(values);
  t.length = n;
  return t;
}

/** The rows part of `hindsight data inspect` for a file holding `t`, through the real CLI. */
async function inspectRows(name: string, t: TableBase): Promise<string[]> {
  const path = join(dir, name);
  await writeDbn(path, { metadata, tables: [t] });
  const r = spawnSync(
    process.execPath,
    [resolve(__dirname, '../../bin/hindsight.js'), 'data', 'inspect', path],
    {
      encoding: 'utf8',
    },
  );
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines[2]).toBe('  symbols: ESH1');
  return lines.slice(3).map((l) => l.trim());
}

const header = {
  tsEventSec: [T0, T0],
  tsEventNsec: [429831, 431665],
  tsRecvSec: [T0, T0 + 1],
  tsRecvNsec: [704060, 0],
  instrumentId: [5482, 5482],
  publisherId: [1, 1],
};

describe('hindsight data inspect: DBN rows as a user reads them', () => {
  it('MBO: one exact 64-bit order id, decimal prices, action and side letters', async () => {
    const rows = await inspectRows(
      'mbo.dbn',
      table('mbo', {
        ...header,
        // 150 * 2^32 + 3539879305 (Databento's first test record), and 0x300000 * 2^32 + 5 (above 2^53).
        orderIdHi: [150, 0x00300000],
        orderIdLo: [3539879305, 5],
        price: [3722750000000, 1500000000],
        size: [1, 40],
        flags: [128, 0],
        channelId: [0, 3],
        action: [c('C'), c('A')],
        side: [c('A'), c('B')],
        sequence: [1170352, 1170353],
      }),
    );
    expect(rows).toEqual([
      'ts_event,ts_recv,symbol,order_id,action,side,price,size,flags,channel_id,sequence',
      '2020-12-28T13:00:00.000429831Z,2020-12-28T13:00:00.000704060Z,ESH1,647784973705,C,A,3722.75,1,128,0,1170352',
      `2020-12-28T13:00:00.000431665Z,2020-12-28T13:00:01Z,ESH1,${(0x00300000n << 32n) + 5n},A,B,1.5,40,0,3,1170353`,
    ]);
    expect(rows[2]).toContain(',13510798882111493,');
  });

  it('trades: action, side, depth, decimal price, size; a null price and size are empty', async () => {
    const rows = await inspectRows(
      'trades.dbn',
      table('trades', {
        ...header,
        price: [3720250000000, NaN],
        size: [5, UNDEF_SIZE],
        action: [c('T'), c('T')],
        side: [c('A'), c('N')],
        flags: [129, 128],
        depth: [0, 1],
        sequence: [1170380, 1170414],
      }),
    );
    expect(rows).toEqual([
      'ts_event,ts_recv,symbol,action,side,depth,price,size,flags,sequence',
      '2020-12-28T13:00:00.000429831Z,2020-12-28T13:00:00.000704060Z,ESH1,T,A,0,3720.25,5,129,1170380',
      '2020-12-28T13:00:00.000431665Z,2020-12-28T13:00:01Z,ESH1,T,N,1,,,128,1170414',
    ]);
  });

  it('mbp-1: the event, then the top of the book (bid/ask price, size, count)', async () => {
    const rows = await inspectRows(
      'mbp-1.dbn',
      table('quotes', {
        ...header,
        rtype: [RTYPE.MBP_1, RTYPE.MBP_1],
        price: [3720500000000, 3720250000000],
        size: [1, 2],
        action: [c('A'), c('C')],
        side: [c('A'), c('B')],
        flags: [128, 128],
        bidPx: [3720250000000, 3720000000000],
        askPx: [3720500000000, 3720500000000],
        bidSz: [24, 3],
        askSz: [11, 12],
        bidCt: [15, 2],
        askCt: [9, 10],
        sequence: [1170362, 1170364],
      }),
    );
    expect(rows).toEqual([
      'ts_event,ts_recv,symbol,action,side,depth,price,size,flags,bid_px_00,ask_px_00,bid_sz_00,ask_sz_00,bid_ct_00,ask_ct_00,sequence',
      '2020-12-28T13:00:00.000429831Z,2020-12-28T13:00:00.000704060Z,ESH1,A,A,0,3720.5,1,128,3720.25,3720.5,24,11,15,9,1170362',
      '2020-12-28T13:00:00.000431665Z,2020-12-28T13:00:01Z,ESH1,C,B,0,3720.25,2,128,3720,3720.5,3,12,2,10,1170364',
    ]);
  });

  it('generated MBO flow: every row reads as times, ids, letters and decimals', async () => {
    const mbo = generateSynthMbo({ seed: 5, events: 300, instruments: 1 });
    await writeDbn(join(dir, 'synth-mbo.dbn'), { tables: { mbo } });
    const r = await inspectFile(join(dir, 'synth-mbo.dbn'), 50);
    const s = r.sections[0]!;
    expect(s.columns).toEqual([
      'ts_event',
      'ts_recv',
      'symbol',
      'order_id',
      'action',
      'side',
      'price',
      'size',
      'flags',
      'channel_id',
      'sequence',
    ]);
    expect(s.firstRows).toHaveLength(50);
    s.firstRows.forEach((row, i) => {
      expect(row[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect(row[3]).toBe(((BigInt(mbo.orderIdHi[i]!) << 32n) | BigInt(mbo.orderIdLo[i]!)).toString());
      expect(row[4]).toBe(String.fromCharCode(mbo.action[i]!));
      expect('ACMRTFN').toContain(row[4]);
      expect('ABN').toContain(row[5]);
      // A book clear ('R') has no price: an empty cell.
      expect(row[4] === 'R' ? row[6] : Number(row[6])).toBe(row[4] === 'R' ? '' : mbo.price[i]! / 1e9);
      expect(row[7]).toBe(String(mbo.size[i]));
    });
  });
});

const SHARED = '/work/shared/data/dbn/';
describe.skipIf(!existsSync(SHARED + 'test_data.mbo.dbn'))('inspect over the Databento test files', () => {
  it('shows no stored column names for any schema; MBO reads as Databento prints it', async () => {
    for (const schema of [
      'mbo',
      'mbp-1',
      'mbp-10',
      'tbbo',
      'trades',
      'bbo-1s',
      'cmbp-1',
      'cbbo-1s',
      'status',
      'imbalance',
      'statistics',
      'definition',
      'ohlcv-1s',
    ]) {
      const r = await inspectFile(`${SHARED}test_data.${schema}.dbn`, 2);
      expect(r.sections.length, schema).toBeGreaterThan(0);
      for (const sec of r.sections) {
        expect(sec.columns.join(','), schema).not.toMatch(/Sec|Nsec|instrumentId|orderIdHi|publisherId/);
        expect(sec.firstRows.flat().join(','), schema).not.toMatch(/NaN/);
      }
    }
    const mbo = await inspectFile(`${SHARED}test_data.mbo.dbn`, 1);
    expect(mbo.sections[0]!.firstRows[0]).toEqual([
      '2020-12-28T13:00:00.000429831Z',
      '2020-12-28T13:00:00.000704060Z',
      'ESH1',
      '647784973705',
      'C',
      'A',
      '3722.75',
      '1',
      '128',
      '0',
      '1170352',
    ]);
  });
});
