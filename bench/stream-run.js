// The measured half of the stream_5m_candles workload (bench/workloads/stream.js), in a fresh process so
// that its peak RSS is the streaming run's alone: opens a worker bar source on a Parquet file (decoded in a
// worker thread, chunks of 8,192 rows unless CHUNK_ROWS is given, 2 prefetched, buffers recycled) and runs
// the engine with the SMA-crossover example strategy over it.
// Usage: node bench/stream-run.js FILE.parquet [CHUNK_ROWS] — prints one JSON object: seconds (worker start
// to run end), events, rss_mb (peak RSS of this process), and where the time went (CPU of the main thread
// and of the whole process, worker included).
// Peak RSS is Linux's VmHWM: getrusage's maxRSS (reported too, as max_rss_mb) survives exec, so in a
// child spawned by a parent holding the 5 M-row table it reports the parent's size at fork time.
import { readFileSync } from 'node:fs';
// Only the modules a streaming run needs: the `hindsight` entry point also loads config parsing (zod,
// yaml: +23 MB) that a program driving the engine directly does not use.
import { Engine } from '../dist/engine/engine.js';
import { Instrument } from '../dist/core/instrument.js';
import { FixedLatency, NoCommission, NoSlippage } from '../dist/exec/models.js';
import { Strategy } from '../dist/strategy/strategy.js';
import { SMA, CrossOver } from '../dist/indicators/sma.js';
import { openWorkerBarSource } from '../dist/data/stream/worker.js';

/** Peak RSS of this address space in KiB (VmHWM; maxRSS where /proc is missing). */
function peakRssKib() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

/** CPU seconds: [main thread (Linux /proc, else null), whole process incl. threads that have ended]. */
function cpuSeconds() {
  const u = process.cpuUsage();
  let main = null;
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    main = (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    // not Linux
  }
  return [main, (u.user + u.system) / 1e6];
}

const file = process.argv[2];
const chunkRows = process.argv[3] ? Number(process.argv[3]) : undefined;
/** The SMA crossover of examples/strategies/sma-crossover.ts, as plain JS (no esbuild in this process). */
class SmaCrossover extends Strategy {
  fast = new SMA(FAST);
  slow = new SMA(SLOW);
  cross = new CrossOver();
  onBar(bar) {
    const c = bar.close;
    const signal = this.cross.update(this.fast.update(c), this.slow.update(c));
    if (signal > 0) this.ctx.targetPosition(bar.symbol, 100);
    else if (signal < 0) this.ctx.targetPosition(bar.symbol, 0);
  }
}
const FAST = Number(process.env.FAST ?? 10);
const SLOW = Number(process.env.SLOW ?? 30);

const cpu0 = cpuSeconds();
const t0 = performance.now();
const src = await openWorkerBarSource({
  format: 'parquet',
  path: file,
  chunkRows,
  recycle: true,
});
const opened = performance.now();
const first = await src.next();
const firstChunk = performance.now();
const tickSize = `${src.tick.units}e-${src.tick.scale}`;
const engine = new Engine({
  instruments: [new Instrument(0, { symbol: src.symbol, tickSize })],
  bars: [{ instrumentId: 0, table: first, more: src }],
  strategies: [{ id: 'sma', strategy: new SmaCrossover(), params: {}, symbols: null }],
  initialCash: 1e9,
  fillAtClose: false,
  volumeParticipation: null,
  commission: () => new NoCommission(),
  slippage: new NoSlippage(),
  latency: new FixedLatency(0, 0),
  risk: { maxPosition: null, maxOrderSize: null },
  logLevel: 'silent',
  equityIntervalSec: 86400,
});
const res = await engine.runAsync();
const seconds = (performance.now() - t0) / 1000;
const cpu1 = cpuSeconds();
const round = (x) => Math.round(x * 1e4) / 1e4;
const mb = (kib) => Math.round((kib / 1024) * 10) / 10;
process.stdout.write(
  JSON.stringify({
    seconds: round(seconds),
    events: res.events,
    rss_mb: mb(peakRssKib()),
    max_rss_mb: mb(process.resourceUsage().maxRSS),
    open_seconds: round((opened - t0) / 1000),
    first_chunk_seconds: round((firstChunk - opened) / 1000),
    loop_seconds: round(res.loopSeconds),
    main_thread_cpu_seconds: cpu0[0] === null ? null : round(cpu1[0] - cpu0[0]),
    process_cpu_seconds: round(cpu1[1] - cpu0[1]),
    fills: res.fills.length,
    equity_samples: res.equity.length,
  }) + '\n',
);
