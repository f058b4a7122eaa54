/**
 * parquet_trades_load / parquet_mbo_load / arrow_trades_load — rows/s of readTableParquet and
 * readTableArrow into the canonical typed-array tables: 5 M synthetic trades (10 instruments, default
 * layout: uncompressed, 131,072-row groups) and 5 M synthetic MBO records (generateSynthMbo). Only the
 * reads are timed, after one untimed read (JIT and page cache warm, as in a long-running process).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../dist/core/rng.js';
import { generateSynthMbo } from '../../dist/data/dbn/synth-mbo.js';
import { newTable } from '../../dist/data/schemas.js';
import { readTableArrow, writeTableArrow } from '../../dist/data/arrow/table-ipc.js';
import { readTableParquet } from '../../dist/data/parquet/table-read.js';
import { writeTableParquet } from '../../dist/data/parquet/table-write.js';
import { result } from '../lib.js';

const ROWS = 5_000_000;

function synthTrades(rows, seed) {
  const rng = new Rng(seed);
  const t = newTable('trades', rows);
  let sec = 1_700_000_000;
  let nsec = 0;
  let price = 4_500_250_000_000;
  for (let i = 0; i < rows; i++) {
    nsec += 1 + rng.int(200_000);
    if (nsec >= 1e9) {
      sec++;
      nsec -= 1e9;
    }
    t.tsEventSec[i] = sec;
    t.tsEventNsec[i] = nsec;
    const delay = 1_000 + rng.int(20_000);
    const carry = nsec + delay >= 1e9 ? 1 : 0;
    t.tsRecvSec[i] = sec + carry;
    t.tsRecvNsec[i] = nsec + delay - carry * 1e9;
    t.instrumentId[i] = 1 + rng.int(10);
    t.publisherId[i] = 1;
    price += (rng.int(3) - 1) * 250_000_000;
    t.price[i] = price;
    t.size[i] = 1 + rng.int(100);
    t.action[i] = 84;
    t.side[i] = rng.int(2) ? 65 : 66;
    t.flags[i] = 0x80;
    t.tsInDelta[i] = rng.int(50_000);
    t.sequence[i] = i;
  }
  t.length = rows;
  return t;
}

function timedRead(read, path, rows, name, what) {
  read(path);
  globalThis.gc?.();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const { table } = read(path);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  if (table.length !== rows) throw new Error(`${name}: expected ${rows} rows, read ${table.length}`);
  const mb = Math.round(statSync(path).size / 2 ** 20);
  // CPU time (user + system) of the read, for comparisons on a shared, busy machine.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return result(name, rows, seconds, {
    cpu_seconds: Math.round(cpuSeconds * 1e4) / 1e4,
    events_per_cpu_sec: Math.round(rows / cpuSeconds),
    what: `${what} (${mb} MB file) into typed arrays`,
  });
}

export default async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-bench-ticks-'));
  try {
    const out = [];
    const trades = synthTrades(ROWS, 1);
    const tp = join(dir, 'trades.parquet');
    const ta = join(dir, 'trades.arrow');
    writeTableParquet(tp, trades);
    writeTableArrow(ta, trades, { format: 'file' });
    out.push(
      timedRead(readTableParquet, tp, ROWS, 'parquet_trades_load', `readTableParquet of ${ROWS} trades`),
    );
    out.push(timedRead(readTableArrow, ta, ROWS, 'arrow_trades_load', `readTableArrow of ${ROWS} trades`));
    rmSync(ta);
    const mbo = generateSynthMbo({ seed: 1, events: ROWS, instruments: 10 });
    mbo.length = ROWS;
    const mp = join(dir, 'mbo.parquet');
    writeTableParquet(mp, mbo);
    out.push(
      timedRead(readTableParquet, mp, ROWS, 'parquet_mbo_load', `readTableParquet of ${ROWS} MBO records`),
    );
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
