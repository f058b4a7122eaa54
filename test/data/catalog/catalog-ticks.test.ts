import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { formatIso, tsCompare } from '../../../src/core/time.js';
import { generateSynthMbo, readDbn, writeDbn } from '../../../src/data/dbn/index.js';
import { newTable, sliceTable, type KindTable, type TableBase } from '../../../src/data/schemas.js';
import { readTradesCsv } from '../../../src/data/ticks/csv.js';
import { readQuotesJsonl } from '../../../src/data/ticks/jsonl.js';
import {
  importFile,
  openCatalog,
  type Catalog,
  type CatalogReadStats,
} from '../../../src/data/catalog/index.js';
import { splitByInstrument } from '../../../src/data/catalog/table-ops.js';
import { plainBars, plainTable, tempDir } from './helpers.js';

const dir = tempDir('catalog-ticks');
let n = 0;
const fresh = (): Catalog => openCatalog(join(dir, `cat${n++}`), { create: true });
const stats = (): CatalogReadStats => ({ files: 0, filesRead: 0, rowGroups: 0, rowGroupsRead: 0, rows: 0 });
const mapping = (raw: string, id: number) => ({
  rawSymbol: raw,
  intervals: [{ startDate: 20240101, endDate: 20240301, symbol: String(id) }],
});

/** Rows of t whose `col` timestamp lies in [start, end). */
function rowsIn<T extends TableBase>(
  t: T,
  col: string,
  start: { sec: number; nsec: number },
  end: { sec: number; nsec: number },
): T {
  const rec = t as unknown as Record<string, Float64Array | Uint32Array>;
  const keep: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const s = rec[col + 'Sec']![i]!;
    const ns = rec[col + 'Nsec']![i]!;
    if (tsCompare(s, ns, start.sec, start.nsec) >= 0 && tsCompare(s, ns, end.sec, end.nsec) < 0) keep.push(i);
  }
  const from = keep[0] ?? 0;
  expect(
    keep.length === 0 || keep[keep.length - 1]! - from + 1 === keep.length,
    'a time range of sorted rows is one slice',
  ).toBe(true);
  return sliceTable(t, from, from + keep.length);
}

describe('catalog: tick kinds', async () => {
  // ~2.3 days of flow for two instruments at 0.1 events/s: three daily partitions each.
  const mbo = generateSynthMbo({ seed: 5, events: 20_000, instruments: 2, ratePerSec: 0.1 });
  const dbnPath = join(dir, 'flow.mbo.dbn.zst');
  await writeDbn(
    dbnPath,
    {
      metadata: { dataset: 'SYNTH', schema: 'mbo', mappings: [mapping('ESH4', 1), mapping('NQH4', 2)] },
      tables: { mbo },
    },
    { zstd: true },
  );
  const decoded = readDbn(dbnPath).tables.mbo!;
  const [es, nq] = splitByInstrument(decoded).map((p) => p.table);

  it('imports a DBN MBO file per symbol (from its metadata) and reads every column back exactly', () => {
    const c = fresh();
    const res = importFile(c, dbnPath);
    expect(res.format).toBe('dbn');
    expect(res.series.map((s) => [s.kind, s.symbol, s.rows])).toEqual([
      ['mbo', 'ESH4', es!.length],
      ['mbo', 'NQH4', nq!.length],
    ]);
    expect(
      c.list({ symbol: 'ESH4' }).map((e) => [e.period, e.index]),
      'generated flow is in capture order, like a Databento file (ts_recv never goes back)',
    ).toEqual([
      ['2024-01-02', 'ts_recv'],
      ['2024-01-03', 'ts_recv'],
      ['2024-01-04', 'ts_recv'],
    ]);
    const got = c.read({ kind: 'mbo' });
    expect(plainTable(got.get('ESH4')!)).toEqual(plainTable(es!));
    expect(plainTable(got.get('NQH4')!)).toEqual(plainTable(nq!));
  });

  it('makes one series of several instrument ids mapped to one symbol', async () => {
    const path = join(dir, 'two-ids.dbn');
    const both = {
      rawSymbol: 'ESH4',
      intervals: [
        { startDate: 20240101, endDate: 20240103, symbol: '1' },
        { startDate: 20240103, endDate: 20240301, symbol: '2' },
      ],
    };
    await writeDbn(path, { metadata: { schema: 'mbo', mappings: [both] }, tables: { mbo } });
    const c = fresh();
    importFile(c, path);
    expect(c.series().map((s) => [s.symbol, s.rows])).toEqual([['ESH4', mbo.length]]);
    expect(plainTable(c.read({ kind: 'mbo' }).get('ESH4')!)).toEqual(plainTable(readDbn(path).tables.mbo!));
  });

  it('range reads on the index timestamp return exactly [start, end) and skip other days and row groups', () => {
    const c = fresh();
    importFile(c, dbnPath, { rowGroupSize: 1000 });
    const t = es!;
    const start = { sec: t.tsRecvSec[4000]!, nsec: t.tsRecvNsec[4000]! };
    const end = { sec: t.tsRecvSec[4100]!, nsec: t.tsRecvNsec[4100]! + 1 };
    const s = stats();
    const got = c.read({ kind: 'mbo', symbols: ['ESH4'], start, end, stats: s }).get('ESH4')!;
    expect(plainTable(got)).toEqual(plainTable(rowsIn(t, 'tsRecv', start, end)));
    expect(got.length, 'rows sharing the end timestamp of row 4100 are all inside').toBeGreaterThan(101);
    expect(s.files).toBe(3);
    expect(s.filesRead, 'one day holds the range').toBe(1);
    expect(s.rowGroupsRead, 'row groups of that day outside the range are skipped').toBeLessThanOrEqual(2);
    expect(s.rowGroups).toBeGreaterThan(2);
  });

  it('keeps flow sorted by event time (ts_recv jittered) indexed by ts_event', () => {
    const fast = generateSynthMbo({ seed: 9, events: 3000, instruments: 1 });
    // A capture time that goes back (as in merged feeds): record 3 is stamped at its event time, before
    // record 2's capture (both belong to the opening snapshot, one ts_event).
    fast.tsRecvSec[2] = fast.tsEventSec[2]!;
    fast.tsRecvNsec[2] = fast.tsEventNsec[2]!;
    const c = fresh();
    c.write([{ kind: 'mbo', symbol: 'X', table: fast }], { file: 'mem', sha256: '0'.repeat(64) });
    expect(c.list()[0]!.index, 'ts_recv goes back here, ts_event does not').toBe('ts_event');
    expect(plainTable(c.read({ kind: 'mbo' }).get('X')!)).toEqual(
      plainTable(sliceTable(fast, 0, fast.length)),
    );
    const bad = sliceTable(fast, 0, 10);
    bad.tsEventSec[5] = bad.tsEventSec[5]! - 1;
    bad.tsRecvSec[5] = bad.tsRecvSec[5]! - 1;
    expect(() =>
      c.write([{ kind: 'mbo', symbol: 'Y', table: bad }], { file: 'bad.dbn', sha256: '0'.repeat(64) }),
    ).toThrow(
      /^bad\.dbn: field "ts_event": mbo Y: row 6 of the symbol's rows goes back in time .*neither ts_recv nor ts_event order/,
    );
  });

  it('imports trades CSV with a symbol column, merges overlapping identical windows and refuses different ones', () => {
    const lines = ['timestamp,symbol,price,size,side'];
    for (let i = 0; i < 3000; i++) {
      const ts = formatIso(1_704_200_000 + Math.floor(i * 97), (i * 7919) % 1_000_000_000);
      lines.push(
        `${ts},${i % 3 === 0 ? 'BBB' : 'AAA'},${100 + (i % 17) / 100},${1 + (i % 5)},${i % 2 ? 'B' : 'A'}`,
      );
    }
    const all = join(dir, 'trades.csv');
    writeFileSync(all, lines.join('\n') + '\n');
    const first = join(dir, 'trades-1.csv');
    const second = join(dir, 'trades-2.csv');
    writeFileSync(first, lines.slice(0, 1801).join('\n') + '\n');
    writeFileSync(second, [lines[0], ...lines.slice(1201)].join('\n') + '\n');
    const parsed = readTradesCsv(all);
    const want = new Map(
      splitByInstrument(parsed.table).map((p) => [parsed.symbols.get(p.instrumentId)!, p.table]),
    );

    const c = fresh();
    importFile(c, first, { kind: 'trades' });
    expect(c.list()[0]!.index, 'trades without ts_recv get ts_recv = ts_event: in order').toBe('ts_recv');
    const r = importFile(c, second, { kind: 'trades' });
    expect(r.series.flatMap((s) => s.partitions.map((p) => p.status))).toContain('merged');
    const got = c.read({ kind: 'trades' });
    for (const sym of ['AAA', 'BBB']) {
      const g = got.get(sym)! as KindTable<'trades'>;
      const w = want.get(sym)!;
      // Instrument ids are per file (order of first appearance), the same here; everything else too.
      expect(plainTable(g), `${sym}: the union of both halves equals the whole file`).toEqual(plainTable(w));
    }

    const changed = join(dir, 'trades-changed.csv');
    writeFileSync(
      changed,
      [lines[0], ...lines.slice(1500, 1600).map((l) => l.replace(/,B$/, ',A'))].join('\n') + '\n',
    );
    expect(() => importFile(c, changed, { kind: 'trades' })).toThrow(DataError);
    expect(() => importFile(c, changed, { kind: 'trades' })).toThrow(
      /trades-changed\.csv: field "ts_recv".*already holds different rows/,
    );
  });

  it('imports quotes from JSONL rows carrying their symbol', () => {
    const rows: string[] = [];
    for (let i = 0; i < 500; i++)
      rows.push(
        JSON.stringify({
          timestamp: formatIso(1_704_300_000 + i * 600, i * 1000),
          symbol: i % 2 ? 'EURUSD' : 'GBPUSD',
          bid_px: (1.1 + (i % 7) / 1e4).toFixed(5),
          ask_px: (1.1002 + (i % 7) / 1e4).toFixed(5),
          bid_sz: 1 + (i % 3),
          ask_sz: 2,
        }),
      );
    const path = join(dir, 'fx.jsonl');
    writeFileSync(path, rows.join('\n') + '\n');
    const c = fresh();
    const r = importFile(c, path, { kind: 'quotes', tickSize: '0.00001' });
    expect(r.format).toBe('jsonl');
    const parsed = readQuotesJsonl(path, { tickSize: '0.00001' });
    const got = c.read({ kind: 'quotes' });
    for (const p of splitByInstrument(parsed.table))
      expect(plainTable(got.get(parsed.symbols.get(p.instrumentId)!)!)).toEqual(plainTable(p.table));
    expect(c.list({ symbol: 'EURUSD' }).map((e) => [e.period, e.priceTick])).toEqual([
      ['2024-01-03', '0.00001'],
      ['2024-01-04', '0.00001'],
      ['2024-01-05', '0.00001'],
      ['2024-01-06', '0.00001'],
      ['2024-01-07', '0.00001'],
    ]);
  });

  it('imports DBN ohlcv as bars per symbol, in the coarsest exact tick', async () => {
    const t = newTable('ohlcv', 4);
    const day = 1_704_153_600; // 2024-01-02
    for (let i = 0; i < 4; i++) {
      t.tsEventSec[i] = day + Math.floor(i / 2) * 86_400;
      t.instrumentId[i] = 1 + (i % 2);
      t.rtype[i] = 35; // ohlcv-1d
      t.open[i] = 4_750_250_000_000 + i * 1e7;
      t.high[i] = 4_760_000_000_000;
      t.low[i] = 4_740_000_000_000;
      t.close[i] = 4_755_500_000_000;
      t.volume[i] = 1000 + i;
    }
    t.length = 4;
    const path = join(dir, 'daily.ohlcv.dbn');
    await writeDbn(path, {
      metadata: { schema: 'ohlcv-1d', mappings: [mapping('ESH4', 1), mapping('NQH4', 2)] },
      tables: { ohlcv: t },
    });
    const c = fresh();
    importFile(c, path);
    const bars = c.read({ kind: 'bars' });
    expect(plainBars(bars.get('NQH4')!)).toEqual({
      symbol: 'NQH4',
      tick: 0.01,
      length: 2,
      tsSec: [day, day + 86_400],
      tsNsec: [0, 0],
      open: [475_026, 475_028],
      high: [476_000, 476_000],
      low: [474_000, 474_000],
      close: [475_550, 475_550],
      volume: [1001, 1003],
    });
    const raw = fresh();
    importFile(raw, path, { kind: 'ohlcv' });
    expect(
      raw.series().map((s) => [s.kind, s.symbol, s.rows]),
      'kind ohlcv keeps the raw DBN table',
    ).toEqual([
      ['ohlcv', 'ESH4', 2],
      ['ohlcv', 'NQH4', 2],
    ]);
  });
});
