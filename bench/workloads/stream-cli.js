// stream_5m_cli_parquet: `hindsight run` (wall, peak RSS), 5 M 1-minute candles, one Parquet file, stream: true.
// stream_5m_cli_catalog: the same from a catalog (hindsight data import), no stream key: the CLI decides.
// stream_5m_cli_csv: the same from CSV, parse cache cold (`seconds`) then hit (`cache_hit_seconds`).
// All: SMA 10/30, daily equity samples, no report; medians of RUNS interleaved runs after a warm-up.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { result } from '../lib.js';
import { fiveMillionCandles, runMetrics, spread, timeHindsight, writeRunConfig } from '../cli-lib.js';

const ROWS = 5_000_000;
const RUNS = 3;

/** The cache entries (entry.json: path -> inode and mtime) under a parse-cache folder. */
function cacheEntries(dir) {
  const found = new Map();
  for (const f of readdirSync(dir, { recursive: true }))
    if (f.endsWith('entry.json')) {
      const s = statSync(join(dir, f));
      found.set(f, `${s.ino}:${s.mtimeMs}`);
    }
  return found;
}

export default async function run() {
  const src = await fiveMillionCandles();
  const work = mkdtempSync(join(tmpdir(), 'hindsight-bench-stream-cli-'));
  try {
    const day = { equityInterval: '1d' };
    const configs = {
      parquet: writeRunConfig(
        join(work, 'parquet.yaml'),
        { type: 'parquet', path: src.parquet, stream: true },
        day,
      ),
      catalog: writeRunConfig(join(work, 'catalog.yaml'), { type: 'catalog', path: src.catalog }, day),
      csv: writeRunConfig(join(work, 'csv.yaml'), { type: 'csv', path: src.csv, symbol: 'SYN000' }, day),
    };
    const out = join(work, 'out');
    const runOnce = (which, env) => {
      rmSync(out, { recursive: true, force: true });
      const r = timeHindsight(['run', configs[which], '--out', out, '--quiet'], env);
      const m = runMetrics(out);
      if (m.events !== ROWS)
        throw new Error(`stream_5m_cli_${which}: expected ${ROWS} events, got ${m.events}`);
      return { ...r, m };
    };
    // CSV runs: a cold run in an empty cache writes one entry; the hit must leave it as it was.
    const csvPair = () => {
      const cache = join(work, 'cache');
      rmSync(cache, { recursive: true, force: true });
      const first = runOnce('csv', { HINDSIGHT_CACHE: cache });
      const entries = cacheEntries(cache);
      if (entries.size !== 1)
        throw new Error(`stream_5m_cli_csv: first run left ${entries.size} cache entries`);
      const hit = runOnce('csv', { HINDSIGHT_CACHE: cache });
      if (JSON.stringify([...cacheEntries(cache)]) !== JSON.stringify([...entries]))
        throw new Error('stream_5m_cli_csv: the second run did not read the cache entry back');
      return { first, hit };
    };
    // Warm-up: page cache holds the inputs and the compiled strategy is in its temp-folder cache.
    runOnce('parquet');
    runOnce('catalog');
    csvPair();
    const runs = { parquet: [], catalog: [], first: [], hit: [] };
    for (let i = 0; i < RUNS; i++) {
      runs.parquet.push(runOnce('parquet'));
      runs.catalog.push(runOnce('catalog'));
      const { first, hit } = csvPair();
      runs.first.push(first);
      runs.hit.push(hit);
    }
    const r3 = (x) => Math.round(x * 1e3) / 1e3;
    const figures = (list) => {
      const s = spread(list.map((r) => r.seconds));
      const rss = spread(list.map((r) => r.rss_mb));
      return { s, rss };
    };
    const line = (name, list, what, extra = {}) => {
      const { s, rss } = figures(list);
      const m = list[0].m;
      return result(name, m.events, s.median, {
        what,
        rss_mb: rss.max,
        runs: RUNS,
        min_seconds: r3(s.min),
        max_seconds: r3(s.max),
        min_rss_mb: rss.min,
        rss_source: list[0].rss_source,
        loop_seconds: r3(spread(list.map((r) => r.m.loop_seconds)).median),
        trades: m.trades,
        ...extra,
      });
    };
    const hit = figures(runs.hit);
    return [
      line(
        'stream_5m_cli_parquet',
        runs.parquet,
        '`hindsight run`, 5 M 1-minute candles, one Parquet file, stream: true',
      ),
      line(
        'stream_5m_cli_catalog',
        runs.catalog,
        '`hindsight run`, 5 M 1-minute candles, a catalog (no stream key)',
      ),
      line(
        'stream_5m_cli_csv',
        runs.first,
        '`hindsight run`, 5 M 1-minute candles, CSV: cache cold (seconds), then hit',
        {
          cache_hit_seconds: r3(hit.s.median),
          cache_hit_min_seconds: r3(hit.s.min),
          cache_hit_max_seconds: r3(hit.s.max),
          cache_hit_rss_mb: hit.rss.max,
          cache_hit_min_rss_mb: hit.rss.min,
        },
      ),
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
