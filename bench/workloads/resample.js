/**
 * resample_trades_1m — 5 M synthetic trades (5 chunks of 1 M rows, 1e-9 prices on a 0.01 grid, about 100
 * trades per second) fed through a streaming BarResampler into 1-minute bars; only the pushes are timed.
 * trades_csv_parse — readTradesCsv on a 1 M-row trades CSV (ISO nanosecond stamps, price, size, side,
 * one symbol); one untimed warm-up read first, as in csv-parse.js.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../dist/core/rng.js';
import { formatIso } from '../../dist/core/time.js';
import { newTable } from '../../dist/data/schemas.js';
import { BarResampler } from '../../dist/data/resample/resample.js';
import { readTradesCsv } from '../../dist/data/ticks/csv.js';
import { result } from '../lib.js';

const CHUNK = 1_000_000;
const CHUNKS = 5;
const CSV_ROWS = 1_000_000;

function tradeChunks(rng) {
  const chunks = [];
  let sec = 1_704_205_800;
  let nsec = 0;
  let ticks = 475_000;
  for (let c = 0; c < CHUNKS; c++) {
    const t = newTable('trades', CHUNK);
    for (let i = 0; i < CHUNK; i++) {
      nsec += 1 + rng.int(20_000_000);
      if (nsec >= 1e9) {
        nsec -= 1e9;
        sec++;
      }
      ticks += rng.int(3) - 1;
      t.tsEventSec[i] = t.tsRecvSec[i] = sec;
      t.tsEventNsec[i] = t.tsRecvNsec[i] = nsec;
      t.price[i] = ticks * 10_000_000;
      t.size[i] = 1 + rng.int(10);
      t.instrumentId[i] = 1;
      t.action[i] = 84;
    }
    t.length = CHUNK;
    chunks.push(t);
  }
  return chunks;
}

function resampleBench() {
  const chunks = tradeChunks(new Rng(7));
  globalThis.gc?.();
  const run = () => {
    const r = new BarResampler('trades', { interval: '1m', tickSize: '0.01', symbol: 'ES' });
    let bars = 0;
    for (const c of chunks) bars += r.push(c).length;
    return bars + r.flush().length;
  };
  run(); // warm-up
  const t0 = process.hrtime.bigint();
  const bars = run();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return result('resample_trades_1m', CHUNK * CHUNKS, seconds, {
    what: `5 M trades -> ${bars} 1-minute bars, streamed in 1 M-row chunks`,
  });
}

/** Writes the CSV in blocks, so no million strings stay alive to slow the timed read's garbage collection. */
function writeTradesCsv(path) {
  const rng = new Rng(3);
  const fd = openSync(path, 'w');
  writeSync(fd, 'timestamp,price,size,side\n');
  let sec = 1_704_205_800;
  let nsec = 0;
  let cents = 475_000;
  for (let done = 0; done < CSV_ROWS; done += 10_000) {
    let block = '';
    for (let i = 0; i < 10_000; i++) {
      nsec += 1 + rng.int(20_000_000);
      if (nsec >= 1e9) {
        nsec -= 1e9;
        sec++;
      }
      cents += rng.int(3) - 1;
      const px = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      block += `${formatIso(sec, nsec)},${px},${1 + rng.int(10)},${rng.int(2) === 0 ? 'B' : 'A'}\n`;
    }
    writeSync(fd, block);
  }
  closeSync(fd);
}

function csvBench() {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-bench-ticks-'));
  try {
    const path = join(dir, 'trades.csv');
    writeTradesCsv(path);
    const opts = { symbol: 'ES', tickSize: '0.01' };
    readTradesCsv(path, opts);
    globalThis.gc?.();
    const t0 = process.hrtime.bigint();
    const res = readTradesCsv(path, opts);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (res.rowsAccepted !== CSV_ROWS)
      throw new Error(`trades_csv_parse: expected ${CSV_ROWS} rows, read ${res.rowsAccepted}`);
    return result('trades_csv_parse', CSV_ROWS, seconds, {
      what: '1 M-row trades CSV (ISO ns stamps, price, size, side) -> trades table',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function run() {
  return [resampleBench(), csvBench()];
}
