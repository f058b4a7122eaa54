import { mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../../src/core/errors.js';
import { generateSynthBars } from '../../../src/data/synth/bars.js';
import { openCatalog, type Catalog, type CatalogKind } from '../../../src/data/catalog/index.js';
import { tempDir } from './helpers.js';

const dir = tempDir('catalog-errors');
const [aaa] = generateSynthBars({ symbols: ['AAA'], bars: 300, freq: '1d', start: '2021-01-04', seed: 3 });
let n = 0;
function withData(): Catalog {
  const c = openCatalog(join(dir, `c${n++}`), { create: true });
  c.write([{ kind: 'bars', symbol: 'AAA', table: aaa! }], { file: 'src.csv', sha256: 'a'.repeat(64) });
  return c;
}

describe('catalog errors name what is wrong', () => {
  it('a missing catalog, a file in its place, a foreign directory', () => {
    const missing = join(dir, 'missing');
    expect(() => openCatalog(missing)).toThrow(
      new DataError({ file: missing }, 'no catalog here (the directory does not exist)'),
    );
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    expect(() => openCatalog(file, { create: true })).toThrow(`${file}: is a file, not a catalog directory`);
    const foreign = join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    expect(() => openCatalog(foreign, { create: true })).toThrow(
      /foreign: not a catalog: the directory has files but no catalog\.json/,
    );
  });

  it('a corrupt manifest: not JSON, a bad field, a duplicate partition', () => {
    const c = withData();
    const good = readFileSync(c.manifestPath, 'utf8');
    writeFileSync(c.manifestPath, good.slice(0, 100));
    expect(() => openCatalog(c.root)).toThrow(
      new RegExp(`^${c.manifestPath}: corrupt catalog manifest \\(not JSON`),
    );
    const m = JSON.parse(good);
    m.files[1].rows = -4;
    writeFileSync(c.manifestPath, JSON.stringify(m));
    expect(() => openCatalog(c.root)).toThrow(
      `${c.manifestPath}: field "files.1.rows": corrupt catalog manifest`,
    );
    const d = JSON.parse(good);
    d.files[0].lastTs = 'yesterday';
    writeFileSync(c.manifestPath, JSON.stringify(d));
    expect(() => openCatalog(c.root)).toThrow(
      /field "files\.0\.lastTs": corrupt catalog manifest: expected an ISO 8601 UTC timestamp/,
    );
    const e = JSON.parse(good);
    e.files.push(e.files[0]);
    writeFileSync(c.manifestPath, JSON.stringify(e));
    expect(() => openCatalog(c.root)).toThrow(/two entries for bars AAA 2021/);
    const f = JSON.parse(good);
    f.version = 2;
    writeFileSync(c.manifestPath, JSON.stringify(f));
    expect(() => openCatalog(c.root)).toThrow(/field "version": corrupt catalog manifest/);
  });

  it('partition files missing or changed behind the catalog', () => {
    const c = withData();
    const [first, second] = c.list();
    rmSync(join(c.root, first!.path));
    expect(() => c.read({ kind: 'bars' })).toThrow(
      `${join(c.root, first!.path)}: partition listed in ${c.manifestPath} is missing (the catalog was changed outside hindsight)`,
    );
    truncateSync(join(c.root, second!.path), 100);
    expect(() => c.read({ kind: 'bars', start: { sec: 1_641_100_000, nsec: 0 } })).toThrow(
      `${join(c.root, second!.path)}: partition has 100 bytes, the manifest says ${second!.bytes}`,
    );
  });

  it('unknown kinds and symbols', () => {
    const c = withData();
    expect(() => c.read({ kind: 'candles' as CatalogKind })).toThrow(UsageError);
    expect(() => c.read({ kind: 'candles' as CatalogKind })).toThrow(
      /unknown data kind "candles" \(expected one of bars, trades/,
    );
    expect(() => c.read({ kind: 'bars', symbols: ['ZZZ'] })).toThrow(
      `${c.manifestPath}: the catalog has no bars for this symbol (it has AAA) (value "ZZZ")`,
    );
    expect(c.read({ kind: 'trades' }).size, 'a kind without series reads as no tables').toBe(0);
  });

  it('rows out of time order name the source', () => {
    const c = openCatalog(join(dir, 'order'), { create: true });
    const t = { ...aaa!, tsSec: aaa!.tsSec.slice() };
    t.tsSec[10] = t.tsSec[9]!;
    expect(() =>
      c.write([{ kind: 'bars', symbol: 'AAA', table: t }], { file: 'dup.csv', sha256: 'a'.repeat(64) }),
    ).toThrow(/^dup\.csv: field "ts": bars AAA: row 11 of the symbol's rows repeats the previous timestamp/);
    expect(c.list()).toEqual([]);
  });
});
