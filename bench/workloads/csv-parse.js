/**
 * csv_parse_1m — measures readBarsCsv on a 1 M-row generic OHLCV CSV with ISO minute stamps (one symbol,
 * synthetic 1-minute bars written by writeBarsCsv); only the read is timed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthBars } from '../../dist/data/synth/bars.js';
import { writeBarsCsv } from '../../dist/data/csv/write-bars.js';
import { readBarsCsv } from '../../dist/data/csv/bars.js';

const ROWS = 1_000_000;

export default async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-bench-csv-'));
  try {
    const path = join(dir, 'bars-1m.csv');
    writeBarsCsv(
      path,
      generateSynthBars({ symbols: ['SYN'], bars: ROWS, freq: '1m', start: '2020-01-02', seed: 1 }),
      {},
    );
    // One untimed pass warms the JIT and the page cache, as a long-running process would be.
    readBarsCsv(path, { format: 'generic', symbol: 'SYN' });
    globalThis.gc?.();
    const t0 = process.hrtime.bigint();
    const res = readBarsCsv(path, { format: 'generic', symbol: 'SYN' });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (res.rowsAccepted !== ROWS)
      throw new Error(`csv_parse_1m: expected ${ROWS} rows, read ${res.rowsAccepted}`);
    const rows = res.rowsAccepted;
    return {
      name: 'csv_parse_1m',
      events: rows,
      seconds,
      events_per_sec: rows / seconds,
      rss_mb: Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
