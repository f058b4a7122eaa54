// cache_csv_1m_first / cache_csv_1m_hit — the parse cache on a 1 M-row generic OHLCV CSV (synthetic 1-minute
// bars written by writeBarsCsv, one symbol). `first` is a run with an empty cache: hash of the CSV + parse +
// entry write (column files, their checksum from memory, rename). `hit` is the next run: hash of the CSV +
// read + checksum of the entry. `seconds` are medians of REPS interleaved runs (`min_seconds` the
// minimums); both carry the plain parse time of the same process (`parse_seconds`, `vs_parse`, `speedup`),
// the SHA-256 of the CSV alone (`source_hash_seconds`) and, for `hit`, the hit with verify 'size'.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthBars } from '../../dist/data/synth/bars.js';
import { writeBarsCsv } from '../../dist/data/csv/write-bars.js';
import { readBarsCsv } from '../../dist/data/csv/bars.js';
import { cachedBars } from '../../dist/data/catalog/cache-readers.js';
import { sha256File } from '../../dist/data/catalog/fs-util.js';
import { result } from '../lib.js';

const ROWS = 1_000_000;
const OPTS = { format: 'generic', symbol: 'SYN' };

const REPS = 5;

function timed(fn) {
  globalThis.gc?.();
  const t0 = process.hrtime.bigint();
  const value = fn();
  return [value, Number(process.hrtime.bigint() - t0) / 1e9];
}

function expectRun(r, status, what) {
  if (r.cache !== status) throw new Error(`${what}: expected cache '${status}', got '${r.cache}'`);
  if (r.cacheError) throw new Error(`${what}: cache write failed: ${r.cacheError}`);
  if (r.rowsAccepted !== ROWS || r.tables[0].length !== ROWS)
    throw new Error(`${what}: expected ${ROWS} rows, got ${r.tables[0]?.length}`);
}

export default async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-bench-cache-'));
  try {
    const path = join(dir, 'bars-1m.csv');
    writeBarsCsv(
      path,
      generateSynthBars({ symbols: ['SYN'], bars: ROWS, freq: '1m', start: '2020-01-02', seed: 1 }),
      {},
    );
    // One untimed round warms the JIT and the page cache, as a long-running process would be.
    readBarsCsv(path, OPTS);
    const warm = { dir: join(dir, 'cache-warm') };
    expectRun(cachedBars(path, OPTS, warm), 'miss', 'warm-up first run');
    expectRun(cachedBars(path, OPTS, warm), 'hit', 'warm-up hit');

    // The three are interleaved REPS times (a fresh cache per first run): medians compare them under the
    // same load; minimums are reported too.
    const t = { parse: [], first: [], hit: [], size: [], sourceHash: [] };
    for (let rep = 0; rep < REPS; rep++) {
      t.parse.push(timed(() => readBarsCsv(path, OPTS))[1]);
      t.sourceHash.push(timed(() => sha256File(path))[1]);
      const cache = { dir: join(dir, `cache${rep}`) };
      const [first, firstSec] = timed(() => cachedBars(path, OPTS, cache));
      expectRun(first, 'miss', 'first run');
      t.first.push(firstSec);
      const [hit, hitSec] = timed(() => cachedBars(path, OPTS, cache));
      expectRun(hit, 'hit', 'hit');
      t.hit.push(hitSec);
      const [sized, sizeSec] = timed(() => cachedBars(path, OPTS, { ...cache, verify: 'size' }));
      expectRun(sized, 'hit', "hit (verify 'size')");
      t.size.push(sizeSec);
      // A run writes one entry; keeping every rep's 52 MB would make later writes pay for fresh page-cache
      // memory that a single run does not (the dev VM backs new guest pages lazily: ~5x the kernel time).
      rmSync(cache.dir, { recursive: true, force: true });
    }
    const med = {};
    const min = {};
    for (const [k, v] of Object.entries(t)) {
      med[k] = [...v].sort((a, b) => a - b)[v.length >> 1];
      min[k] = Math.min(...v);
    }
    const r4 = (x) => Math.round(x * 1e4) / 1e4;
    const r2 = (x) => Math.round(x * 100) / 100;
    const common = {
      reps: REPS,
      parse_seconds: r4(med.parse),
      parse_min_seconds: r4(min.parse),
      source_hash_seconds: r4(med.sourceHash),
    };
    return [
      result('cache_csv_1m_first', ROWS, med.first, {
        ...common,
        min_seconds: r4(min.first),
        vs_parse: r2(med.first / med.parse),
        vs_parse_min: r2(min.first / min.parse),
      }),
      result('cache_csv_1m_hit', ROWS, med.hit, {
        ...common,
        min_seconds: r4(min.hit),
        speedup: r2(med.parse / med.hit),
        speedup_min: r2(min.parse / min.hit),
        size_verify_seconds: r4(med.size),
      }),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
