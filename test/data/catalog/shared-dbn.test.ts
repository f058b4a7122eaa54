// The Databento test files in ../shared/data/dbn (skipped when absent): every file imports into a catalog
// with each record imported or counted as not imported, and reads back.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDbn } from '../../../src/data/dbn/index.js';
import { importFile, openCatalog } from '../../../src/data/catalog/index.js';
import { tempDir } from './helpers.js';

const SHARED = new URL('../../../../shared/data/dbn/', import.meta.url).pathname;
const files = existsSync(SHARED)
  ? readdirSync(SHARED).filter((f) => /^test_data\.[a-z0-9-]+\.(v[123]\.)?dbn(\.zst)?$/.test(f))
  : [];
const dir = tempDir('catalog-shared');

describe.skipIf(files.length === 0)('catalog over the Databento test files (../shared/data/dbn)', () => {
  it.each(files)('imports %s and reads every record back', (f) => {
    const path = join(SHARED, f);
    const c = openCatalog(join(dir, f), { create: true });
    let res;
    try {
      res = importFile(c, path);
    } catch (e) {
      // Some files carry no symbol mappings: a single-instrument file then takes the symbol option.
      expect((e as Error).message).toContain('no symbol for this instrument');
      res = importFile(c, path, { symbol: 'ONE' });
    }
    const decoded = readDbn(path);
    const imported = res.series.reduce((n, s) => n + s.rows, 0);
    const skipped = res.skipped.reduce((n, s) => n + s.rows, 0);
    expect(imported + skipped, 'every record is imported or counted as not imported').toBe(
      decoded.counts.records,
    );
    for (const s of c.series()) {
      const t = c.read({ kind: s.kind, symbols: [s.symbol] }).get(s.symbol)!;
      expect(t.length).toBe(s.rows);
    }
  });
});
