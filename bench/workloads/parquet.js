/**
 * parquet_ohlcv_load — measures readBarsParquet of 5 M synthetic 1-minute bars (one symbol, default
 * layout: uncompressed pages, 131,072-row groups) into BarTable typed arrays; only the read is timed.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthBars } from '../../dist/data/synth/bars.js';
import { readBarsParquet, writeBarsParquet } from '../../dist/data/parquet/index.js';

const ROWS = 5_000_000;

export default async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-bench-parquet-'));
  try {
    const path = join(dir, 'bars-5m.parquet');
    writeBarsParquet(
      path,
      generateSynthBars({ symbols: ['SYN'], bars: ROWS, freq: '1m', start: '2000-01-03', seed: 1 }),
    );
    globalThis.gc?.();
    // One untimed pass warms the JIT and the page cache, as a long-running process would be.
    readBarsParquet(path);
    globalThis.gc?.();
    const t0 = process.hrtime.bigint();
    const tables = readBarsParquet(path);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const rows = tables[0]?.length ?? 0;
    if (rows !== ROWS) throw new Error(`parquet_ohlcv_load: expected ${ROWS} rows, read ${rows}`);
    return {
      name: 'parquet_ohlcv_load',
      events: rows,
      seconds,
      events_per_sec: rows / seconds,
      rss_mb: Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10,
      what: `readBarsParquet of ${ROWS} 1-minute bars (${Math.round(statSync(path).size / 2 ** 20)} MB file) into typed arrays`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
