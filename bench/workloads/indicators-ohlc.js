// ind_<name>: streaming updates per second of one OHLC/volume indicator over 10 M pre-generated 1-minute
//   bars. events_per_sec: `ind.update(view)` with the engine's own BarView re-pointed per bar (what a
//   strategy passes; its getters turn integer ticks into prices on every read; RSI: `update(view.close)`).
//   plain_*: a reusable plain object whose fields the indicator reads are re-set per bar (RSI: the close
//   straight from a Float64Array).
// ind_<name>_batch: the batch twin over the price columns (updates per second).
// Each variant loads its own copy of the indicator module (a distinct import URL) and runs in a loop
// compiled for it alone, so every call site stays monomorphic as it is in a strategy. Each loop first
// runs on a 300 k-bar prefix (JIT warm-up), then is timed over all bars, best of 3 runs; cpu_ns_* is the
// process CPU time of that run (the machine is shared: wall time also counts time descheduled);
// gc_events counts garbage collections during the 3 timed runs (0: the updates allocated nothing).
import { BarView, Instrument, generateSynthBars } from '../../dist/index.js';
import { PerformanceObserver } from 'node:perf_hooks';
import { result } from '../lib.js';

const BARS = 10_000_000;
const WARM = 300_000;
const REPS = 3;

// GC entries arrive asynchronously, stamped on the performance.now() clock: after a run, `tick()` lets
// them in, and those that started inside the run are counted.
const gcStarts = [];
const tick = () => new Promise((resolve) => setImmediate(resolve));
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcStarts.push(e.startTime);
}).observe({ entryTypes: ['gc'] });
const gcsBetween = (t0, t1) => gcStarts.filter((t) => t >= t0 && t < t1).length;

const HLC = ['high', 'low', 'close'];

const SPECS = [
  {
    name: 'rsi',
    file: 'rsi.js',
    make: (m) => new m.RSI(14),
    reads: 'close',
    batch: (m, c, o) => m.rsiBatch(c.close, 14, o),
  },
  {
    name: 'atr',
    reads: HLC,
    file: 'atr.js',
    make: (m) => new m.ATR(14),
    batch: (m, c, o) => m.atrBatch(c, 14, o),
  },
  { name: 'adx', reads: HLC, file: 'adx.js', make: (m) => new m.ADX(14), batch: (m, c) => m.adxBatch(c, 14) },
  {
    name: 'stochastic',
    reads: HLC,
    file: 'stochastic.js',
    make: (m) => new m.Stochastic(14, 3, 3),
    batch: (m, c) => m.stochasticBatch(c, 14, 3, 3),
  },
  {
    name: 'williams_r',
    reads: HLC,
    file: 'williams-r.js',
    make: (m) => new m.WilliamsR(14),
    batch: (m, c, o) => m.williamsRBatch(c, 14, o),
  },
  {
    name: 'cci',
    reads: HLC,
    file: 'cci.js',
    make: (m) => new m.CCI(20),
    batch: (m, c, o) => m.cciBatch(c, 20, 0.015, o),
  },
  {
    name: 'obv',
    reads: ['close', 'volume'],
    file: 'obv.js',
    make: (m) => new m.OBV(),
    batch: (m, c, o) => m.obvBatch(c, o),
  },
  {
    name: 'vwap',
    reads: ['tsSec', 'high', 'low', 'close', 'volume'],
    file: 'vwap.js',
    make: (m) => new m.VWAP(),
    batch: (m, c, o) => m.vwapBatch(c, {}, o),
  },
  {
    name: 'keltner',
    reads: HLC,
    file: 'keltner.js',
    make: (m) => new m.Keltner(20, 10, 2),
    batch: (m, c) => m.keltnerBatch(c, 20, 10, 2),
  },
  {
    name: 'psar',
    reads: ['high', 'low'],
    file: 'psar.js',
    make: (m) => new m.PSAR(),
    batch: (m, c) => m.psarBatch(c),
  },
  {
    name: 'ichimoku',
    reads: HLC,
    file: 'ichimoku.js',
    make: (m) => new m.Ichimoku(),
    batch: (m, c) => m.ichimokuBatch(c),
  },
];

// Loop bodies are compiled per (indicator, variant) with new Function so that no two indicators share a
// call site's type feedback (a shared loop would turn `ind.update` megamorphic and measure that instead).
// The plain bar gets only the fields its indicator reads, as the BarView getters read only those.
function compile(spec, variant) {
  let body;
  if (spec.reads === 'close')
    body =
      variant === 'plain'
        ? 'const close = c.close; for (let i = 0; i < n; i++) ind.update(close[i]);'
        : 'for (let i = 0; i < n; i++) { view.row = i; ind.update(view.close); }';
  else if (variant === 'plain') {
    const cols = spec.reads.map((f) => `const ${f} = c.${f};`).join(' ');
    const sets = spec.reads.map((f) => `bar.${f} = ${f}[i];`).join(' ');
    body = `${cols} for (let i = 0; i < n; i++) { ${sets} ind.update(bar); }`;
  } else body = 'for (let i = 0; i < n; i++) { view.row = i; ind.update(view); }';
  return new Function('ind', 'c', 'bar', 'view', 'n', `'use strict'; ${body} return ind.value;`);
}

/**
 * Best of REPS timed runs: wall seconds, the process CPU seconds of that run (robust to sharing the
 * machine), and the garbage collections during all of them (0 = the updates allocated nothing).
 */
async function best(runOnce) {
  let wall = Infinity;
  let cpu = Infinity;
  let gcs = 0;
  let last = NaN;
  for (let r = 0; r < REPS; r++) {
    globalThis.gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = runOnce();
    const t1 = performance.now();
    const c = process.cpuUsage(c0);
    await tick();
    const t = (t1 - t0) / 1000;
    gcs += gcsBetween(t0, t1);
    if (t < wall) [wall, cpu] = [t, (c.user + c.system) / 1e6];
  }
  return { wall, cpu, gcs, last };
}

async function timeLoop(spec, variant, ind, cols, view) {
  const loop = compile(spec, variant);
  const bar = { open: 0, high: 0, low: 0, close: 0, volume: 0, tsSec: 0 };
  loop(ind, cols, bar, view, WARM);
  return best(() => {
    ind.reset();
    return loop(ind, cols, bar, view, BARS);
  });
}

async function timeBatch(spec, mod, cols) {
  const warmCols = {};
  for (const k of Object.keys(cols)) warmCols[k] = cols[k].subarray(0, WARM);
  spec.batch(mod, warmCols, new Float64Array(WARM));
  const out = new Float64Array(BARS);
  return best(() => spec.batch(mod, cols, out));
}

const ns = (seconds) => Math.round((seconds / BARS) * 1e10) / 10;

export default async function run() {
  const [table] = generateSynthBars({
    symbols: ['SYN'],
    bars: BARS,
    freq: '1m',
    start: '2000-01-03',
    seed: 1,
  });
  const instrument = new Instrument(0, { symbol: 'SYN', tickSize: '0.01' });
  const price = (ticks) => Float64Array.from(ticks, (t) => instrument.price(t));
  const cols = {
    open: price(table.open),
    high: price(table.high),
    low: price(table.low),
    close: price(table.close),
    volume: table.volume,
    tsSec: table.tsSec,
  };
  const view = new BarView();
  view.table = table;
  view.instrument = instrument;

  const out = [];
  for (const spec of SPECS) {
    const url = (variant) => new URL(`../../dist/indicators/${spec.file}?${variant}`, import.meta.url).href;
    const closeOnly = spec.reads === 'close';
    const plain = await timeLoop(spec, 'plain', spec.make(await import(url('plain'))), cols);
    const viewed = await timeLoop(spec, 'view', spec.make(await import(url('view'))), cols, view);
    out.push(
      result(`ind_${spec.name}`, BARS, viewed.wall, {
        what: `${spec.name}: streaming update from a BarView, 10 M bars`,
        ns_per_update: ns(viewed.wall),
        cpu_ns_per_update: ns(viewed.cpu),
        gc_events: viewed.gcs,
        plain_input: closeOnly ? 'close from a Float64Array' : `plain object (${spec.reads})`,
        plain_events_per_sec: Math.round(BARS / plain.wall),
        plain_ns_per_update: ns(plain.wall),
        plain_cpu_ns_per_update: ns(plain.cpu),
        plain_gc_events: plain.gcs,
        last_value: viewed.last,
      }),
    );
    const batch = await timeBatch(spec, await import(url('batch')), cols);
    out.push(
      result(`ind_${spec.name}_batch`, BARS, batch.wall, {
        what: `${spec.name}: batch twin over 10 M-row columns`,
        ns_per_update: ns(batch.wall),
        cpu_ns_per_update: ns(batch.cpu),
      }),
    );
  }
  return out;
}
