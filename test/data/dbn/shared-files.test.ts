// The Databento test files in ../shared/data/dbn (skipped when that directory is absent): each decodes with
// the record counts of the table in ../shared/docs/dbn-layout.md §7, the same records decode identically from
// the v1, v2 and v3 files, sentinels become NaN, fragments need their version, multi-frame zstd works.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { readDbn, iterateDbn } from '../../../src/data/dbn/read.js';
import type { TableBase } from '../../../src/data/schemas.js';
import { layoutsFor } from '../../../src/data/dbn/layouts.js';
import { expectSameTable } from './helpers.js';

const DIR = new URL('../../../../shared/data/dbn/', import.meta.url).pathname;
const DOC = new URL('../../../../shared/docs/dbn-layout.md', import.meta.url).pathname;
const have = existsSync(DIR) && existsSync(DOC);

interface Row {
  file: string;
  version: 1 | 2 | 3;
  records: number;
  rtypes: Record<number, number>;
}

/** The §7 table: | file | version | schema | dataset | records | rtypes | note |. */
function docRows(): Row[] {
  const rows: Row[] = [];
  for (const line of readFileSync(DOC, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 8 || !/^(test_data|multi-frame)\./.test(cells[1]!) || !/^v\d$/.test(cells[2]!))
      continue;
    const rtypes: Record<number, number> = {};
    for (const m of cells[6]!.matchAll(/\(0x([0-9a-f]+)\)=(\d+)/g))
      rtypes[parseInt(m[1]!, 16)] = Number(m[2]);
    rows.push({
      file: cells[1]!,
      version: Number(cells[2]![1]) as 1 | 2 | 3,
      records: Number(cells[5]),
      rtypes,
    });
  }
  return rows;
}

const read = (file: string, version?: 1 | 2 | 3) => readDbn(DIR + file, version ? { version } : {});

describe.skipIf(!have)('Databento test files (shared/data/dbn)', () => {
  it('every non-DBZ file is in the doc table, decodes, and has the documented counts per rtype', () => {
    const rows = docRows();
    const files = readdirSync(DIR).filter((f) => !f.endsWith('.dbz'));
    expect(rows.map((r) => r.file).sort(), 'doc table lists exactly the files present').toEqual(files.sort());
    for (const row of rows) {
      const r = read(row.file, row.file.includes('.frag') ? row.version : undefined);
      if (r.metadata) expect(r.metadata.version, row.file).toBe(row.version);
      expect(r.counts.records, row.file).toBe(row.records);
      expect(r.counts.byRtype, row.file).toEqual(row.rtypes);
      expect(r.counts.skipped, row.file).toBe(0);
    }
    expect(rows.length).toBe(71);
  });

  it('decodes the first MBO record of test_data.mbo.v3.dbn exactly', () => {
    const r = read('test_data.mbo.v3.dbn');
    const t = r.tables.mbo!;
    expect(r.metadata!.dataset).toBe('GLBX.MDP3');
    expect(r.metadata!.schema).toBe('mbo');
    expect(r.metadata!.start).toEqual({ sec: 1609160400, nsec: 0 });
    expect(r.metadata!.limit).toBe(2);
    expect([...r.symbolMap]).toEqual([[5482, 'ESH1']]);
    expect([t.tsEventSec[0], t.tsEventNsec[0], t.tsRecvSec[0], t.tsRecvNsec[0]]).toEqual([
      1609160400, 429831, 1609160400, 704060,
    ]);
    expect(t.orderIdHi[0]! * 2 ** 32 + t.orderIdLo[0]!).toBe(647784973705);
    expect([t.price[0], t.size[0], t.flags[0], t.channelId[0], t.action[0], t.side[0]]).toEqual([
      3722750000000,
      1,
      128,
      0,
      'C'.charCodeAt(0),
      'A'.charCodeAt(0),
    ]);
    expect([t.tsInDelta[0], t.sequence[0], t.instrumentId[0], t.publisherId[0]]).toEqual([
      22993, 1170352, 5482, 1,
    ]);
  });

  const MARKET = ['mbo', 'mbp-1', 'mbp-10', 'tbbo', 'trades', 'ohlcv-1s', 'ohlcv-1m', 'ohlcv-1h', 'ohlcv-1d'];
  const V2V3 = ['bbo-1s', 'bbo-1m', 'cbbo-1s', 'cmbp-1', 'status'];
  it('market-data records are identical across the v1, v2 and v3 files (and the plain v2 file)', () => {
    for (const schema of [...MARKET, ...V2V3, 'imbalance']) {
      const files = readdirSync(DIR).filter(
        (f) => f.startsWith(`test_data.${schema}.`) && !f.endsWith('.dbz'),
      );
      expect(files.length, schema).toBeGreaterThanOrEqual(3);
      const decoded = files.map((f) => read(f).tables);
      for (let i = 1; i < decoded.length; i++) {
        const kinds = Object.keys(decoded[0]!);
        expect(Object.keys(decoded[i]!), schema).toEqual(kinds);
        for (const k of kinds)
          expectSameTable((decoded[0] as any)[k], (decoded[i] as any)[k], `${files[i]} ${k}`);
      }
    }
  });

  /** Columns every version's definition (or stat) layout fills. */
  function commonColumns(kind: string): string[] {
    const sets = ([1, 2, 3] as const).map((v) => {
      const l = layoutsFor(v).find((x) => x?.kind === kind)!;
      const cols = new Set<string>();
      for (const f of l.fields) {
        if (f.type === 'ts') cols.add(f.col + 'Sec').add(f.col + 'Nsec');
        else cols.add(f.col);
      }
      return cols;
    });
    return [...sets[0]!].filter((c) => sets[1]!.has(c) && sets[2]!.has(c));
  }

  function expectSameColumns(a: TableBase, b: TableBase, cols: string[], what: string): void {
    expect(b.length, what).toBe(a.length);
    for (const c of cols)
      expect(Array.from((b as any)[c]), `${what}: ${c}`).toEqual(Array.from((a as any)[c]));
  }

  it('definitions and statistics agree across versions on their common fields', () => {
    for (const [schema, kind] of [
      ['definition', 'definitions'],
      ['statistics', 'statistics'],
    ] as const) {
      const cols = commonColumns(kind);
      expect(cols.length, kind).toBeGreaterThan(kind === 'statistics' ? 14 : 60);
      const [v1, v2, v3] = [1, 2, 3].map((v) => read(`test_data.${schema}.v${v}.dbn.zst`).tables[kind]!);
      expectSameColumns(v1!, v2!, cols, `${kind} v1/v2`);
      expectSameColumns(v1!, v3!, cols, `${kind} v1/v3`);
    }
    // The fragments hold other definitions than the full files, but the same ones in every version and in
    // their plain and zstd forms.
    const defCols = commonColumns('definitions');
    const frags = ([1, 2, 3] as const).map(
      (v) => read(`test_data.definition.v${v}.dbn.frag`, v).tables.definitions!,
    );
    expectSameColumns(frags[0]!, frags[1]!, defCols, 'fragment v1/v2');
    expectSameColumns(frags[0]!, frags[2]!, defCols, 'fragment v1/v3');
    for (const v of [1, 3] as const) {
      const z = read(`test_data.definition.v${v}.dbn.frag.zst`, v).tables.definitions!;
      expectSameTable(frags[v - 1]!, z, `fragment v${v} zst`);
    }
    expectSameTable(
      frags[1]!,
      read('test_data.definition.dbn.frag.zst', 2).tables.definitions!,
      'fragment v2 zst',
    );
    const d = read('test_data.definition.v3.dbn.zst').tables.definitions!;
    expect(d.rawSymbol).toEqual(['MSFT', 'MSFT']);
    expect(d.exchange).toEqual(['XNAS', 'XNAS']);
    expect(Array.from(d.minLotSizeRoundLot)).toEqual([100, 100]);
  });

  it('null sentinels: UNDEF_PRICE and stat quantities become NaN, UNDEF_TIMESTAMP becomes (NaN, 0)', () => {
    for (const v of [1, 2, 3]) {
      const s = read(`test_data.statistics.v${v}.dbn.zst`).tables.statistics!;
      expect(Array.from(s.quantity), `v${v} quantity (i32/i64 MAX)`).toEqual([NaN, NaN]);
      expect(Array.from(s.tsRefSec)).toEqual([NaN, NaN]);
      expect(Array.from(s.tsRefNsec)).toEqual([0, 0]);
      expect(Array.from(s.price)).toEqual([100000000000, 100000000000]);
      const d = read(`test_data.definition.v${v}.dbn.zst`).tables.definitions!;
      expect(Array.from(d.minPriceIncrement), `v${v} UNDEF_PRICE`).toEqual([NaN, NaN]);
      expect(Array.from(d.expirationSec)).toEqual([NaN, NaN]);
      expect(Array.from(d.maxTradeVol), 'u32 sentinel stays 0xFFFFFFFF').toEqual([0xffffffff, 0xffffffff]);
    }
  });

  it('fragments need an explicit version; multi-frame zstd yields all 8 records, also chunked', () => {
    expect(() => read('test_data.definition.v3.dbn.frag')).toThrow(DataError);
    expect(() => read('test_data.definition.v3.dbn.frag')).toThrow(
      /fragment \(records only\) pass its version/,
    );
    const r = read('multi-frame.definition.v1.dbn.frag.zst', 1);
    expect(r.tables.definitions!.length).toBe(8);
    let n = 0;
    for (const c of iterateDbn(DIR + 'multi-frame.definition.v1.dbn.frag.zst', {
      version: 1,
      chunkRecords: 3,
      blockBytes: 100,
    }))
      n += c.tables.definitions?.length ?? 0;
    expect(n).toBe(8);
  });

  it('reading a file in small blocks and chunks matches reading it whole', () => {
    for (const f of [
      'test_data.mbp-10.v3.dbn.zst',
      'test_data.definition.dbn',
      'test_data.imbalance.v1.dbn.zst',
    ]) {
      const whole = read(f).tables as any;
      const kind = Object.keys(whole)[0]!;
      const seq: number[] = [];
      for (const c of iterateDbn(DIR + f, { chunkRecords: 1, blockBytes: 37 })) {
        const t = (c.tables as any)[kind];
        if (!t) continue;
        for (let i = 0; i < t.length; i++) seq.push(t.tsEventNsec[i]);
      }
      expect(seq, f).toEqual(Array.from(whole[kind].tsEventNsec));
    }
  });
});
