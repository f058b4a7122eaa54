import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBarsCsv } from '../../../src/data/csv/bars.js';
import { generateSynthMbo, readDbn, writeDbn } from '../../../src/data/dbn/index.js';
import { allocDbnTable, type SystemTable } from '../../../src/data/dbn/tables.js';
import { generateSynthBars } from '../../../src/data/synth/bars.js';
import { writeBarsCsv } from '../../../src/data/csv/write-bars.js';
import { cacheDir, cachedBars, cachedDbn, type CacheOptions } from '../../../src/data/catalog/index.js';
import { plainBars, plainTable, tempDir } from './helpers.js';

const dir = tempDir('cache');
let n = 0;
const freshCache = (): CacheOptions => ({ dir: join(dir, `cache${n++}`) });
const tables = generateSynthBars({
  symbols: ['AAA', 'BBB'],
  bars: 3000,
  freq: '5m',
  start: '2022-06-01',
  seed: 11,
});
const csvPath = join(dir, 'bars.csv');
writeBarsCsv(csvPath, tables, { symbolColumn: true });
const opts = { format: 'generic' as const, columns: { symbol: 'symbol' } };

/** The only entry directory of a cache. */
function entryOf(cache: CacheOptions): string {
  const root = cacheDir(cache.dir);
  const [prefix] = readdirSync(root).filter((d) => !d.startsWith('.'));
  const [key] = readdirSync(join(root, prefix!));
  return join(root, prefix!, key!);
}

function lenientCsv(path: string): void {
  const text = readFileSync(csvPath, 'utf8').split('\n');
  text[5] = text[5]!.replace(/,[^,]*$/, ',-3'); // negative volume
  text[9] = text[9]!.replace(/,([\d.]+),/, ',oops,'); // not a number
  writeFileSync(path, text.join('\n'));
}

describe('parse cache: cachedBars', () => {
  afterEach(() => {
    delete process.env.HINDSIGHT_CACHE;
  });

  it('parses on the first run and reads the same tables and counts back on the next', () => {
    const cache = freshCache();
    const first = cachedBars(csvPath, opts, cache);
    const second = cachedBars(csvPath, opts, cache);
    expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
    const plain = readBarsCsv(csvPath, opts);
    for (const r of [first, second]) {
      expect(r.tables.map(plainBars), 'every column equals the plain parse').toEqual(
        plain.tables.map(plainBars),
      );
      expect([r.rowsRead, r.rowsAccepted, r.rowsQuarantined, r.quarantinePath]).toEqual([
        6000,
        6000,
        0,
        null,
      ]);
    }
    expect(readdirSync(entryOf(cache)).sort()).toEqual(['entry.json', 't0.col', 't1.col']);
  });

  it('uses $HINDSIGHT_CACHE when no directory is given, and nothing when disabled', () => {
    const root = join(dir, 'from-env');
    process.env.HINDSIGHT_CACHE = root;
    expect(cacheDir()).toBe(root);
    expect(cachedBars(csvPath, opts).cache).toBe('miss');
    expect(cachedBars(csvPath, opts).cache).toBe('hit');
    const off = join(dir, 'never');
    const r = cachedBars(csvPath, opts, { dir: off, enabled: false });
    expect(r.cache).toBe('off');
    expect(existsSync(off), 'a disabled cache writes nothing').toBe(false);
  });

  it('keeps lenient counts, issues and the quarantine file across a hit', () => {
    const cache = freshCache();
    const src = join(dir, 'lenient.csv');
    lenientCsv(src);
    const q = join(dir, 'lenient.quarantine.csv');
    const first = cachedBars(src, { ...opts, mode: 'lenient', quarantinePath: q }, cache);
    expect([first.cache, first.rowsQuarantined, first.rowsAccepted]).toEqual(['miss', 2, 5998]);
    const text = readFileSync(q, 'utf8');
    rmSync(q);
    const second = cachedBars(src, { ...opts, mode: 'lenient', quarantinePath: q }, cache);
    expect(second.cache).toBe('hit');
    expect(second.tables.map(plainBars)).toEqual(first.tables.map(plainBars));
    expect([second.rowsRead, second.rowsAccepted, second.rowsQuarantined, second.firstIssues]).toEqual([
      first.rowsRead,
      first.rowsAccepted,
      first.rowsQuarantined,
      first.firstIssues,
    ]);
    expect(readFileSync(q, 'utf8'), 'the quarantine file is rewritten as the parse wrote it').toBe(text);
    const elsewhere = join(dir, 'other-q.csv');
    const third = cachedBars(src, { ...opts, mode: 'lenient', quarantinePath: elsewhere }, cache);
    expect(third.cache, 'the quarantine path is not part of the key').toBe('hit');
    expect(readFileSync(elsewhere, 'utf8')).toBe(text);
    const moved = join(dir, 'lenient-moved.csv');
    copyFileSync(src, moved);
    const fourth = cachedBars(moved, { ...opts, mode: 'lenient', quarantinePath: elsewhere }, cache);
    expect(fourth.cache, 'issues name the source file: another path parses again').toBe('miss');
    expect(fourth.firstIssues[0]).toContain(moved);
  });

  it('misses when the content or an option changes, hits for the same bytes at another path', () => {
    const cache = freshCache();
    const src = join(dir, 'changing.csv');
    copyFileSync(csvPath, src);
    expect(cachedBars(src, opts, cache).cache).toBe('miss');
    expect(cachedBars(src, { ...opts, tickSize: '0.01' }, cache).cache, 'another option').toBe('miss');
    const copy = join(dir, 'copy.csv');
    copyFileSync(src, copy);
    expect(cachedBars(copy, opts, cache).cache, 'same bytes elsewhere').toBe('hit');
    const text = readFileSync(src, 'utf8').split('\n');
    text[3] = text[3]!.replace(/,(\d+)$/, (_m, v: string) => ',' + (Number(v) + 1));
    writeFileSync(src, text.join('\n'));
    const changed = cachedBars(src, opts, cache);
    expect(changed.cache, 'one changed byte').toBe('miss');
    expect(changed.tables.map(plainBars), 'the new content is parsed').toEqual(
      readBarsCsv(src, opts).tables.map(plainBars),
    );
    expect(changed.tables.map(plainBars)).not.toEqual(readBarsCsv(copy, opts).tables.map(plainBars));
  });

  it('rebuilds corrupt, partial or tampered entries instead of trusting them', () => {
    const cache = freshCache();
    const want = cachedBars(csvPath, opts, cache).tables.map(plainBars);
    const entry = entryOf(cache);
    const damage: [string, () => void][] = [
      ['truncated table file', () => truncateSync(join(entry, 't1.col'), 1000)],
      [
        'one flipped byte (same size)',
        () => {
          const p = join(entry, 't0.col');
          const b = readFileSync(p);
          b[b.length >> 1] ^= 0xff;
          writeFileSync(p, b);
        },
      ],
      ['garbage entry.json', () => writeFileSync(join(entry, 'entry.json'), '{"version": 1, "ke')],
      ['missing table file', () => rmSync(join(entry, 't0.col'))],
      [
        'entry.json naming another kind for a table',
        () => {
          const e = JSON.parse(readFileSync(join(entry, 'entry.json'), 'utf8')) as {
            tables: { kind: string }[];
          };
          e.tables[0]!.kind = 'trades';
          writeFileSync(join(entry, 'entry.json'), JSON.stringify(e));
        },
      ],
    ];
    for (const [what, hurt] of damage) {
      hurt();
      const r = cachedBars(csvPath, opts, cache);
      expect(r.cache, what).toBe('rebuilt');
      expect(r.tables.map(plainBars), what).toEqual(want);
      expect(cachedBars(csvPath, opts, cache).cache, `${what}: the rebuilt entry serves`).toBe('hit');
    }
  });

  it("with verify 'size', still rebuilds entries whose files fail the format's checks", () => {
    const cache: CacheOptions = { ...freshCache(), verify: 'size' };
    const want = cachedBars(csvPath, opts, cache).tables.map(plainBars);
    const file = join(entryOf(cache), 't0.col');
    const b = readFileSync(file);
    b.write('X', 0); // magic
    writeFileSync(file, b);
    const r = cachedBars(csvPath, opts, cache);
    expect(r.cache, 'a damaged header is caught without a checksum').toBe('rebuilt');
    expect(r.tables.map(plainBars)).toEqual(want);
    expect(cachedBars(csvPath, opts, cache).cache).toBe('hit');
  });

  it('rebuilds when the stored quarantine file is damaged', () => {
    const cache = freshCache();
    const src = join(dir, 'lenient-q.csv');
    lenientCsv(src);
    const q = join(dir, 'lenient-q.quarantine.csv');
    const lenient = { ...opts, mode: 'lenient' as const, quarantinePath: q };
    expect(cachedBars(src, lenient, cache).cache).toBe('miss');
    const stored = join(entryOf(cache), 'quarantine');
    const b = readFileSync(stored);
    b[0] ^= 1;
    writeFileSync(stored, b);
    const r = cachedBars(src, lenient, cache);
    expect(r.cache).toBe('rebuilt');
    expect(r.rowsQuarantined).toBe(2);
  });

  it('still returns the data when the cache cannot be written', () => {
    const blocked = join(dir, 'blocked');
    writeFileSync(blocked, 'a file where the cache directory should be');
    const r = cachedBars(csvPath, opts, { dir: blocked });
    expect(r.cache).toBe('miss');
    expect(r.cacheError).toMatch(/EEXIST|ENOTDIR/);
    expect(r.tables.map(plainBars)).toEqual(readBarsCsv(csvPath, opts).tables.map(plainBars));
  });
});

describe('parse cache: cachedDbn', () => {
  const mbo = generateSynthMbo({ seed: 3, events: 5000, instruments: 3 });
  const system = allocDbnTable('system', 2) as SystemTable;
  for (let i = 0; i < 2; i++) {
    system.tsEventSec[i] = mbo.tsEventSec[i * 100]!;
    system.tsEventNsec[i] = mbo.tsEventNsec[i * 100]!;
    system.publisherId[i] = 1;
    system.text[i] = i ? 'Finished replay "x" \\ y' : 'Heartbeat';
  }
  system.length = 2;
  const mappings = [1, 2, 3].map((id) => ({
    rawSymbol: `S${id}`,
    intervals: [{ startDate: 20240101, endDate: 20240201, symbol: String(id) }],
  }));
  const write = (path: string, zstd: boolean): Promise<void> =>
    writeDbn(
      path,
      { metadata: { dataset: 'SYNTH', schema: 'mbo', mappings }, tables: { mbo, system } },
      { zstd },
    );

  function expectSameAsPlain(r: ReturnType<typeof cachedDbn>, path: string): void {
    const plain = readDbn(path);
    expect(Object.keys(r.tables).sort(), 'the same kinds').toEqual(Object.keys(plain.tables).sort());
    expect(plainTable(r.tables.mbo!), 'mbo rows').toEqual(plainTable(plain.tables.mbo!));
    expect(plainTable(r.tables.system!), 'control rows (strings)').toEqual(plainTable(plain.tables.system!));
    expect(r.metadata).toEqual(plain.metadata);
    expect([...r.symbolMap]).toEqual([...plain.symbolMap]);
    expect(r.counts).toEqual(plain.counts);
  }

  it('caches zstd DBN: the same tables, metadata, symbol map and counts on a hit', async () => {
    const path = join(dir, 'flow.dbn.zst');
    await write(path, true);
    const cache = freshCache();
    const first = cachedDbn(path, {}, cache);
    const second = cachedDbn(path, {}, cache);
    expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
    for (const r of [first, second]) expectSameAsPlain(r, path);
    expect(readdirSync(entryOf(cache)).sort(), 'one file per kind').toEqual([
      'entry.json',
      't0.col',
      't1.col',
    ]);
  });

  it('reads plain DBN directly unless asked to cache it', async () => {
    const path = join(dir, 'flow.dbn');
    await write(path, false);
    const cache = freshCache();
    const r = cachedDbn(path, {}, cache);
    expect(r.cache, 'plain DBN decodes as fast as the cache reads').toBe('off');
    expect(existsSync(cacheDir(cache.dir)), 'nothing written').toBe(false);
    expectSameAsPlain(r, path);
    const forced = { ...cache, plain: true };
    expect([cachedDbn(path, {}, forced).cache, cachedDbn(path, {}, forced).cache]).toEqual(['miss', 'hit']);
    expectSameAsPlain(cachedDbn(path, {}, forced), path);
  });
});
