/**
 * stream_5m_candles — 5 M one-minute candles of one symbol streamed from a Parquet file (default layout:
 * 131,072-row groups) through the full engine (SMA crossover, fast 10 / slow 30 / size 100, equity sampled
 * daily): the file is decoded in a worker thread in chunks of 8,192 rows (2 prefetched, buffers recycled)
 * while the engine runs. Writing the file happens here; the measured run is bench/stream-run.js in a fresh
 * process, so rss_mb is the peak RSS of the streaming run alone (the write needs ~0.5 GB; the child reads
 * its peak from VmHWM because getrusage's maxRSS keeps the parent's size from fork time — max_rss_mb).
 * seconds = worker start to run end.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSynthBars } from '../../dist/data/synth/bars.js';
import { writeBarsParquet } from '../../dist/data/parquet/index.js';
import { result } from '../lib.js';

const ROWS = 5_000_000;
const runner = fileURLToPath(new URL('../stream-run.js', import.meta.url));

export default async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-bench-stream-'));
  try {
    const path = join(dir, 'candles-5m.parquet');
    writeBarsParquet(
      path,
      generateSynthBars({ symbols: ['SYN'], bars: ROWS, freq: '1m', start: '2000-01-03', seed: 1 }),
    );
    const child = spawnSync(process.execPath, [runner, path], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (child.status !== 0) throw new Error(`stream_5m_candles: ${runner} exited with code ${child.status}`);
    const r = JSON.parse(child.stdout);
    if (r.events !== ROWS) throw new Error(`stream_5m_candles: expected ${ROWS} events, got ${r.events}`);
    return result('stream_5m_candles', r.events, r.seconds, {
      ...r,
      what: `5 M 1-minute candles from Parquet (${Math.round(statSync(path).size / 2 ** 20)} MB) decoded in a worker thread through the engine, SMA crossover; rss_mb = peak RSS of the streaming process`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
