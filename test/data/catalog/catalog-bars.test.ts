import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { parseIso } from '../../../src/core/time.js';
import { rangeBarTable, sliceBarTable, type BarTable } from '../../../src/data/bars.js';
import { readBarsCsv } from '../../../src/data/csv/bars.js';
import { generateSynthBars } from '../../../src/data/synth/bars.js';
import { writeBarsCsv } from '../../../src/data/csv/write-bars.js';
import {
  importFile,
  openCatalog,
  type Catalog,
  type CatalogReadStats,
} from '../../../src/data/catalog/index.js';
import { sha256File } from '../../../src/data/catalog/fs-util.js';
import { plainBars, tempDir } from './helpers.js';

const dir = tempDir('catalog-bars');
let n = 0;
const fresh = (): Catalog => openCatalog(join(dir, `cat${n++}`), { create: true });
const csv = (name: string, tables: BarTable[]): string => {
  const p = join(dir, name);
  writeBarsCsv(p, tables, { symbolColumn: true });
  return p;
};
const stats = (): CatalogReadStats => ({ files: 0, filesRead: 0, rowGroups: 0, rowGroupsRead: 0, rows: 0 });
/** Files under the catalog root other than the manifest. */
const filesOn = (c: Catalog): string[] => {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }))
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(c.root, join(d, e.name)));
  };
  walk(c.root);
  return out.filter((f) => f !== 'catalog.json').sort();
};

const daily = generateSynthBars({
  symbols: ['AAA', 'BBB'],
  bars: 600,
  freq: '1d',
  start: '2019-01-02',
  seed: 1,
});
const minute = generateSynthBars({
  symbols: ['MMM'],
  bars: 390 * 45,
  freq: '1m',
  start: '2024-01-29',
  seed: 2,
});

describe('catalog: bars import and read', () => {
  it('imports a bar CSV and reads back exactly the parsed tables, in yearly partitions', () => {
    const c = fresh();
    const src = csv('daily.csv', daily);
    const res = importFile(c, src);
    const parsed = readBarsCsv(src, { format: 'generic', columns: { symbol: 'symbol' } }).tables;
    expect(res.series.map((s) => [s.kind, s.symbol, s.rows])).toEqual([
      ['bars', 'AAA', 600],
      ['bars', 'BBB', 600],
    ]);
    const got = c.read({ kind: 'bars', symbols: ['BBB', 'AAA'] });
    expect([...got.keys()], 'tables come in the order asked').toEqual(['BBB', 'AAA']);
    expect(plainBars(got.get('AAA')!), 'every column equal to the CSV parse').toEqual(plainBars(parsed[0]!));
    expect(plainBars(got.get('BBB')!)).toEqual(plainBars(parsed[1]!));
    const entries = c.list({ symbol: 'AAA' });
    expect(
      entries.map((e) => e.period),
      'daily bars go to one file per year',
    ).toEqual(['2019', '2020', '2021']);
    expect(entries.reduce((s, e) => s + e.rows, 0)).toBe(600);
    expect(entries[0]!.firstTs).toBe('2019-01-02T00:00:00Z');
    expect(entries[0]!.sources).toEqual([{ file: src, sha256: sha256File(src) }]);
    expect(entries[0]!.priceTick).toBe('0.01');
    expect(filesOn(c), 'exactly the listed files are on disk, no temp files').toEqual(
      c
        .list()
        .map((e) => e.path)
        .sort(),
    );
    const onDisk = JSON.parse(readFileSync(c.manifestPath, 'utf8'));
    expect(onDisk.files).toHaveLength(6);
    expect(openCatalog(c.root).list(), 're-opening reads the same manifest').toEqual(c.list());
  });

  it('keeps minute bars in monthly partitions', () => {
    const c = fresh();
    c.write([{ kind: 'bars', symbol: 'MMM', table: minute[0]! }], { file: 'mem', sha256: '0'.repeat(64) });
    expect(c.list().map((e) => e.period)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(plainBars(c.read({ kind: 'bars' }).get('MMM')!)).toEqual(plainBars(minute[0]!));
  });

  it('range reads return exactly the rows in [start, end) and open only overlapping partitions and row groups', () => {
    const c = fresh();
    const t = minute[0]!;
    c.write(
      [{ kind: 'bars', symbol: 'MMM', table: t }],
      { file: 'mem', sha256: '0'.repeat(64) },
      { rowGroupSize: 500 },
    );
    const cases: [number, number][] = [
      [0, t.length],
      [100, 101],
      [1234, 5678],
      [7000, 7000],
      [t.length - 10, t.length],
    ];
    for (const [a, b] of cases) {
      const start = { sec: t.tsSec[a]!, nsec: 0 };
      const end = b < t.length ? { sec: t.tsSec[b]!, nsec: 0 } : { sec: t.tsSec[b - 1]! + 1, nsec: 0 };
      const s = stats();
      const got = c.read({ kind: 'bars', symbols: ['MMM'], start, end, stats: s }).get('MMM')!;
      const want = rangeBarTable(t, start.sec, 0, end.sec, 0);
      expect(plainBars(got), `rows ${a}..${b}`).toEqual(plainBars(want));
      expect(s.rows).toBe(b - a);
      const overlapping = c.list().filter((e) => {
        const first = parseIso(e.firstTs);
        const last = parseIso(e.lastTs);
        return first.sec < end.sec && last.sec >= start.sec;
      }).length;
      expect(s.filesRead, `rows ${a}..${b}: only the partitions overlapping [start, end) are opened`).toBe(
        overlapping,
      );
      expect(s.files).toBe(3);
      if (b === a + 1) expect(s.filesRead, 'one row: one partition').toBe(1);
      if (a === 0 && b === t.length) expect(s.filesRead, 'everything: all three').toBe(3);
      if (b - a < 1000)
        expect(s.rowGroupsRead, 'row groups outside the range are skipped').toBeLessThanOrEqual(3);
    }
    const s = stats();
    const none = c.read({
      kind: 'bars',
      start: { sec: t.tsSec[0]! - 100, nsec: 0 },
      end: { sec: t.tsSec[0]!, nsec: 0 },
      stats: s,
    });
    expect(none.get('MMM')!.length, 'a range before the data is empty').toBe(0);
    expect(s.filesRead).toBe(0);
    const edge = c.read({ kind: 'bars', start: { sec: t.tsSec[3]!, nsec: 1 } }).get('MMM')!;
    expect(edge.tsSec[0], 'start is inclusive to the nanosecond').toBe(t.tsSec[4]);
  });

  it('importing the same file twice changes nothing', () => {
    const c = fresh();
    const src = csv('twice.csv', daily);
    importFile(c, src);
    const before = c.list();
    const files = filesOn(c);
    const again = importFile(c, src);
    expect(again.series.flatMap((s) => s.partitions.map((p) => p.status))).toEqual(
      Array(6).fill('unchanged'),
    );
    expect(c.list()).toEqual(before);
    expect(filesOn(c)).toEqual(files);
  });

  it('merges adjacent and overlapping-identical imports into one series', () => {
    const c = fresh();
    const [a] = daily;
    importFile(c, csv('first.csv', [sliceBarTable(a!, 0, 350)]));
    const r = importFile(c, csv('second.csv', [sliceBarTable(a!, 300, 600)]));
    expect(r.series[0]!.partitions.map((p) => p.status)).toEqual(['merged', 'new']);
    expect(plainBars(c.read({ kind: 'bars' }).get('AAA')!)).toEqual(
      plainBars(
        readBarsCsv(csv('all.csv', [a!]), { format: 'generic', columns: { symbol: 'symbol' } }).tables[0]!,
      ),
    );
    const sources = c
      .list()
      .find((e) => e.period === '2020')!
      .sources.map((s) => s.file);
    expect(sources, 'a merged partition lists both sources').toEqual([
      join(dir, 'first.csv'),
      join(dir, 'second.csv'),
    ]);
    expect(filesOn(c), 'superseded partition files are deleted').toEqual(
      c
        .list()
        .map((e) => e.path)
        .sort(),
    );
  });

  it('refuses different rows for the same time, leaving the catalog untouched; replace overwrites the range', () => {
    const c = fresh();
    const [a] = daily;
    importFile(c, csv('base.csv', [a!]));
    const before = c.list();
    const files = filesOn(c);
    const changed = sliceBarTable(a!, 400, 450);
    changed.close[10] = changed.high[10] = changed.high[10]! + 7;
    const bad = csv('changed.csv', [changed]);
    let err: unknown;
    try {
      importFile(c, bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toContain(bad);
    expect((err as Error).message).toContain('already holds different rows');
    expect(c.list()).toEqual(before);
    expect(filesOn(c), 'no partition file is left behind by the failed import').toEqual(files);

    const r = importFile(c, bad, { replace: true });
    expect(r.series[0]!.partitions.map((p) => p.status)).toEqual(['replaced']);
    const got = c.read({ kind: 'bars' }).get('AAA')!;
    expect(got.length, 'rows outside the replaced range stay').toBe(600);
    expect(got.close[410]).toBe(changed.close[10]);
    expect(got.close[409]).toBe(a!.close[409]);
  });

  it('joins partitions of different ticks in the finest common tick', () => {
    const c = fresh();
    const [a] = daily;
    const coarse = sliceBarTable(a!, 0, 100);
    const fine = sliceBarTable(a!, 100, 200);
    fine.tick = { units: 5, scale: 3 };
    for (const col of ['open', 'high', 'low', 'close'] as const)
      for (let i = 0; i < 100; i++) fine[col][i] = fine[col][i]! * 2 + 1;
    const src = { file: 'mem', sha256: '0'.repeat(64) };
    c.write([{ kind: 'bars', symbol: 'AAA', table: coarse }], src);
    c.write([{ kind: 'bars', symbol: 'AAA', table: fine }], src);
    const got = c.read({ kind: 'bars' }).get('AAA')!;
    expect(got.tick, '0.01 and 0.005 join in 0.005').toEqual({ units: 5, scale: 3 });
    expect(got.close[0]! * 0.005).toBeCloseTo(coarse.close[0]! * 0.01, 9);
    expect(got.close[0]).toBe(coarse.close[0]! * 2);
    expect(got.close[150]).toBe(fine.close[50]);
  });

  it('refuses bars of another interval class for an existing series', () => {
    const c = fresh();
    const src = { file: 'minute.csv', sha256: '0'.repeat(64) };
    c.write([{ kind: 'bars', symbol: 'AAA', table: daily[0]! }], src);
    const m = { ...minute[0]!, symbol: 'AAA' };
    expect(() => c.write([{ kind: 'bars', symbol: 'AAA', table: m }], src)).toThrow(
      /minute\.csv: bars AAA: the catalog keeps this series in yearly partitions .* monthly partitions/,
    );
  });

  it('re-cuts a one-row series to the granularity of the bars that follow', () => {
    const c = fresh();
    const src = { file: 'mem', sha256: '0'.repeat(64) };
    const t = minute[0]!;
    c.write([{ kind: 'bars', symbol: 'MMM', table: sliceBarTable(t, 0, 1) }], src);
    expect(
      c.list().map((e) => e.period),
      'one bar: no spacing known, yearly',
    ).toEqual(['2024']);
    c.write([{ kind: 'bars', symbol: 'MMM', table: sliceBarTable(t, 1, t.length) }], src);
    expect(c.list().map((e) => e.period)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(plainBars(c.read({ kind: 'bars' }).get('MMM')!)).toEqual(plainBars(t));
    expect(filesOn(c)).toEqual(
      c
        .list()
        .map((e) => e.path)
        .sort(),
    );
  });

  it('replace removes partitions the new series covers but has no rows for', () => {
    const c = fresh();
    const src = { file: 'mem', sha256: '0'.repeat(64) };
    const [a] = daily;
    c.write([{ kind: 'bars', symbol: 'AAA', table: a! }], src);
    const ends = sliceBarTable(a!, 0, 2);
    ends.tsSec[1] = a!.tsSec[599]!;
    const r = c.write([{ kind: 'bars', symbol: 'AAA', table: ends }], src, { replace: true });
    expect(r[0]!.partitions.map((p) => [p.period, p.status, p.rows])).toEqual([
      ['2019', 'replaced', 1],
      ['2020', 'removed', 0],
      ['2021', 'replaced', 1],
    ]);
    expect(c.read({ kind: 'bars' }).get('AAA')!.length).toBe(2);
    expect(filesOn(c)).toEqual(
      c
        .list()
        .map((e) => e.path)
        .sort(),
    );
  });

  it('ignores leftovers of a crashed write and takes over a stale lock', () => {
    const c = fresh();
    c.write([{ kind: 'bars', symbol: 'AAA', table: daily[0]! }], { file: 'mem', sha256: '0'.repeat(64) });
    writeFileSync(join(c.root, '.tmp-1-deadbeef-catalog.json'), '{"format": "hindsight-cat');
    writeFileSync(join(c.root, 'bars', 'AAA', '2030.0123456789abcdef.parquet'), 'half a file');
    writeFileSync(join(c.root, '.catalog.lock'), '999999999');
    const again = openCatalog(c.root);
    expect(again.read({ kind: 'bars' }).get('AAA')!.length).toBe(600);
    again.write([{ kind: 'bars', symbol: 'BBB', table: daily[1]! }], { file: 'mem', sha256: '0'.repeat(64) });
    expect(again.symbols('bars')).toEqual(['AAA', 'BBB']);
    expect(existsSync(join(c.root, '.catalog.lock')), 'the lock is released').toBe(false);
  });

  it('refuses to write while another live process holds the lock', () => {
    const c = fresh();
    writeFileSync(join(c.root, '.catalog.lock'), String(process.ppid));
    expect(() =>
      c.write([{ kind: 'bars', symbol: 'AAA', table: daily[0]! }], { file: 'mem', sha256: '0'.repeat(64) }),
    ).toThrow(`is locked by process ${process.ppid}`);
  });
});
