/**
 * ind_<name> — one price-series indicator (src/indicators: SMA, EMA, WMA, DEMA, TEMA, KAMA, MACD,
 *   Bollinger, StdDev, ZScore, ROC, Momentum, rolling max/min, Donchian, linear-regression slope,
 *   crossover) updated once per row of a pre-generated 10 M-row Float64Array (a log-normal random walk,
 *   0.1 % per row, like 1-minute bars; Donchian: high and low columns); events = updates,
 *   events_per_sec = streaming updates per second.
 * ind_<name>_batch — its batch twin over the same column (output arrays preallocated and reused).
 * Each figure is the best of 3 timed runs after untimed warm-up runs on a separate 1 M-row column (the
 * machine may be shared); `runs_ns` lists all three in ns per update (wall clock), `cpu_ns_per_update`
 * the best in process CPU time (steadier on a busy machine). Every streaming loop is compiled from its own
 * source text, so each one's call site sees a single class, as a strategy's does.
 */
import { Rng } from '../../dist/core/rng.js';
import * as ind from '../../dist/indicators/index.js';
import { result } from '../lib.js';

const ROWS = 10_000_000;
const WARM_ROWS = 1_000_000;
const REPEATS = 3;

function walk(rows, seed) {
  const rng = new Rng(seed);
  const close = new Float64Array(rows);
  const high = new Float64Array(rows);
  const low = new Float64Array(rows);
  let px = 100;
  for (let i = 0; i < rows; i++) {
    px *= Math.exp(0.001 * rng.normal());
    close[i] = px;
    high[i] = px * (1 + 0.005 * rng.next());
    low[i] = px * (1 - 0.005 * rng.next());
  }
  return { close, high, low };
}

/** A loop of its own (fresh source text → fresh feedback), so the update call stays monomorphic. */
function streamingLoop(name, body) {
  return new Function(
    'ind',
    'cols',
    'rows',
    `// ${name}\nfor (let i = 0; i < rows; i++) ${body};\nreturn ind.value;`,
  );
}

function best(fn) {
  const runs = [];
  const cpu = [];
  for (let r = 0; r < REPEATS; r++) {
    globalThis.gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    runs.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  return { seconds: Math.min(...runs), runs, cpuSeconds: Math.min(...cpu) };
}

const nsPerRow = (s) => Math.round((s / ROWS) * 1e9 * 100) / 100;

function report(name, what, timing) {
  return result(name, ROWS, timing.seconds, {
    what,
    ns_per_update: nsPerRow(timing.seconds),
    runs_ns: timing.runs.map(nsPerRow),
    // Process CPU time (best run): close to ns_per_update on an idle machine, steadier on a busy one.
    cpu_ns_per_update: nsPerRow(timing.cpuSeconds),
  });
}

const ONE = () => `ind.update(cols.close[i])`;
const col = () => new Float64Array(ROWS);
const cases = [
  ['sma', 'SMA(20)', () => new ind.SMA(20), ONE, (c, o) => ind.smaBatch(c.close, 20, o), col],
  ['ema', 'EMA(20)', () => new ind.EMA(20), ONE, (c, o) => ind.emaBatch(c.close, 20, o), col],
  ['wma', 'WMA(20)', () => new ind.WMA(20), ONE, (c, o) => ind.wmaBatch(c.close, 20, o), col],
  ['dema', 'DEMA(20)', () => new ind.DEMA(20), ONE, (c, o) => ind.demaBatch(c.close, 20, o), col],
  ['tema', 'TEMA(20)', () => new ind.TEMA(20), ONE, (c, o) => ind.temaBatch(c.close, 20, o), col],
  [
    'kama',
    'KAMA(10, 2, 30)',
    () => new ind.KAMA(10, 2, 30),
    ONE,
    (c, o) => ind.kamaBatch(c.close, 10, 2, 30, o),
    col,
  ],
  [
    'macd',
    'MACD(12, 26, 9): macd, signal, histogram',
    () => new ind.MACD(12, 26, 9),
    ONE,
    (c, o) => ind.macdBatch(c.close, 12, 26, 9, o),
    () => ({ macd: col(), signal: col(), histogram: col() }),
  ],
  [
    'bollinger',
    'Bollinger(20, 2): middle, upper, lower, bandwidth, %B',
    () => new ind.BollingerBands(20, 2),
    ONE,
    (c, o) => ind.bollingerBatch(c.close, 20, 2, o),
    () => ({ middle: col(), upper: col(), lower: col(), bandwidth: col(), percentB: col() }),
  ],
  [
    'stddev',
    'StdDev(20), population',
    () => new ind.StdDev(20),
    ONE,
    (c, o) => ind.stddevBatch(c.close, 20, o),
    col,
  ],
  ['zscore', 'ZScore(20)', () => new ind.ZScore(20), ONE, (c, o) => ind.zscoreBatch(c.close, 20, o), col],
  ['roc', 'ROC(10)', () => new ind.ROC(10), ONE, (c, o) => ind.rocBatch(c.close, 10, o), col],
  [
    'momentum',
    'Momentum(10)',
    () => new ind.Momentum(10),
    ONE,
    (c, o) => ind.momentumBatch(c.close, 10, o),
    col,
  ],
  [
    'rolling_max',
    'RollingMax(20)',
    () => new ind.RollingMax(20),
    ONE,
    (c, o) => ind.rollingMaxBatch(c.close, 20, o),
    col,
  ],
  [
    'rolling_min',
    'RollingMin(20)',
    () => new ind.RollingMin(20),
    ONE,
    (c, o) => ind.rollingMinBatch(c.close, 20, o),
    col,
  ],
  [
    'donchian',
    'Donchian(20) on high/low: upper, lower, middle',
    () => new ind.Donchian(20),
    () => 'ind.updateHighLow(cols.high[i], cols.low[i])',
    (c, o) => ind.donchianBatch(c, 20, o),
    () => ({ upper: col(), lower: col(), middle: col() }),
  ],
  [
    'linreg_slope',
    'LinRegSlope(20)',
    () => new ind.LinRegSlope(20),
    ONE,
    (c, o) => ind.linregSlopeBatch(c.close, 20, o),
    col,
  ],
  [
    'crossover',
    'CrossOver of close and high',
    () => new ind.CrossOver(),
    () => 'ind.update(cols.close[i], cols.high[i])',
  ],
];

export default async function run() {
  const cols = walk(ROWS, 1);
  const warm = walk(WARM_ROWS, 2);
  const out = [];
  for (const [name, what, make, body, batch, outputs] of cases) {
    const loop = streamingLoop(name, body());
    for (let r = 0; r < 3; r++) loop(make(), warm, WARM_ROWS);
    out.push(
      report(
        `ind_${name}`,
        `${what}, streaming`,
        best(() => loop(make(), cols, ROWS)),
      ),
    );
    if (!batch) continue;
    const dst = outputs();
    const warmDst = batch(warm);
    // Several calls: V8 reaches its steady optimised code for a batch kernel after a few.
    for (let r = 0; r < 6; r++) batch(warm, warmDst);
    out.push(
      report(
        `ind_${name}_batch`,
        `${what}, batch twin`,
        best(() => batch(cols, dst)),
      ),
    );
  }
  return out;
}
