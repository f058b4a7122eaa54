// ind_<name>: streaming updates per second of each microstructure signal (src/indicators/micro) over 10 M
//   pre-generated events (quotes, trades, or MBP-10 snapshots: 1 M distinct rows fed 10 times), after one
//   untimed pass for the JIT (a shorter one leaves rare paths unseen, and V8's later deopt/re-OSR boxes
//   doubles for a while); ind_<name>_batch: the batch twin over the same columns into preallocated outputs.
//   Data are seeded (sfc32), prices in integer ticks, sizes as Uint32Array like the schemas. Each figure is
//   the best of 5 runs (wall clock); cpu_ns_* is the process CPU time of that run, the steadier figure when
//   other processes share the cores.
import { Rng } from '../../dist/core/rng.js';
import * as micro from '../../dist/indicators/micro/index.js';
import { result } from '../lib.js';

const EVENTS = 10_000_000;
const BOOK_ROWS = 1_000_000;
const BOOK_PASSES = 10;

function quotes(n, seed) {
  const rng = new Rng(seed);
  const q = {
    ts: new Float64Array(n),
    bidPx: new Float64Array(n),
    askPx: new Float64Array(n),
    bidSz: new Uint32Array(n),
    askSz: new Uint32Array(n),
  };
  let t = 0;
  let bid = 10_000;
  let spread = 1;
  for (let i = 0; i < n; i++) {
    t += rng.next() * 0.5;
    const u = rng.next();
    if (u < 0.2) bid += 1;
    else if (u < 0.4) bid -= 1;
    if (u > 0.9) spread = 1 + (rng.nextU32() % 3);
    q.ts[i] = t;
    q.bidPx[i] = bid;
    q.askPx[i] = bid + spread;
    q.bidSz[i] = 1 + (rng.nextU32() % 500);
    q.askSz[i] = 1 + (rng.nextU32() % 500);
  }
  return q;
}

function trades(n, seed) {
  const rng = new Rng(seed);
  const t = {
    ts: new Float64Array(n),
    price: new Float64Array(n),
    volume: new Uint32Array(n),
    side: new Int8Array(n),
    signedVolume: new Float64Array(n),
  };
  let ts = 0;
  let px = 20_000;
  for (let i = 0; i < n; i++) {
    ts += rng.next() < 0.15 ? 0 : rng.next();
    const u = rng.next();
    if (u < 0.3) px += 1;
    else if (u < 0.6) px -= 1;
    const s = rng.nextU32() % 5;
    t.ts[i] = ts;
    t.price[i] = px;
    t.volume[i] = 1 + (rng.nextU32() % 1000);
    t.side[i] = s < 2 ? 1 : s < 4 ? -1 : 0;
    t.signedVolume[i] = t.side[i] * t.volume[i];
  }
  return t;
}

function book(rows, seed) {
  const rng = new Rng(seed);
  const b = {
    bidPx: new Float64Array(rows * 10),
    askPx: new Float64Array(rows * 10),
    bidSz: new Uint32Array(rows * 10),
    askSz: new Uint32Array(rows * 10),
  };
  let bid = 50_000;
  for (let i = 0; i < rows; i++) {
    const u = rng.next();
    if (u < 0.15) bid += 1;
    else if (u < 0.3) bid -= 1;
    for (let m = 0; m < 10; m++) {
      const j = i * 10 + m;
      b.bidPx[j] = bid - m;
      b.askPx[j] = bid + 1 + m;
      b.bidSz[j] = 1 + (rng.nextU32() % 300);
      b.askSz[j] = 1 + (rng.nextU32() % 300);
    }
  }
  return b;
}

// One loop function per indicator, so each call site sees one class. No accumulator: a loop-carried double
// can be boxed (allocated) per iteration in on-stack-replacement code, which would time V8, not the signal.
function runBookImbalance(ind, q, from, to) {
  const { bidSz, askSz } = q;
  for (let i = from; i < to; i++) ind.update(bidSz[i], askSz[i]);
}
function runMicroprice(ind, q, from, to) {
  const { bidPx, bidSz, askPx, askSz } = q;
  for (let i = from; i < to; i++) ind.update(bidPx[i], bidSz[i], askPx[i], askSz[i]);
}
function runOfi(ind, q, from, to) {
  const { bidPx, bidSz, askPx, askSz } = q;
  for (let i = from; i < to; i++) ind.update(bidPx[i], bidSz[i], askPx[i], askSz[i]);
}
function runTimedOfi(ind, q, from, to) {
  const { ts, bidPx, bidSz, askPx, askSz } = q;
  for (let i = from; i < to; i++) ind.update(ts[i], bidPx[i], bidSz[i], askPx[i], askSz[i]);
}
function runDepthImbalance(ind, b, from, to) {
  const { bidSz, askSz } = b;
  for (let i = from; i < to; i++) ind.update(bidSz, askSz, (i % BOOK_ROWS) * 10);
}
function runMlofi(ind, b, from, to) {
  const { bidPx, bidSz, askPx, askSz } = b;
  for (let i = from; i < to; i++) ind.update(bidPx, bidSz, askPx, askSz, (i % BOOK_ROWS) * 10);
}
function runVpin(ind, t, from, to) {
  const { price, volume } = t;
  for (let i = from; i < to; i++) ind.update(price[i], volume[i]);
}
function runHawkes(ind, t, from, to) {
  const { ts } = t;
  for (let i = from; i < to; i++) ind.update(ts[i]);
}
function runRealizedVol(ind, t, from, to) {
  const { price } = t;
  for (let i = from; i < to; i++) ind.update(price[i]);
}
function runTradeFlow(ind, t, from, to) {
  const { price, volume, side } = t;
  for (let i = from; i < to; i++) ind.update(price[i], volume[i], side[i]);
}
function runKyle(ind, t, from, to) {
  const { price, signedVolume } = t;
  for (let i = from; i < to; i++) ind.update(price[i], signedVolume[i]);
}

const RUNS = 5;

/** Best of RUNS timed runs (wall clock) with the process CPU time of that run. */
function timed(fn) {
  let best = { wall: Infinity, cpu: Infinity };
  for (let r = 0; r < RUNS; r++) {
    globalThis.gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    if (wall < best.wall) best = { wall, cpu: (c.user + c.system) / 1e6 };
  }
  return best;
}

function streaming(name, what, make, loop, data, events) {
  loop(make(), data, 0, events);
  const t = timed(() => loop(make(), data, 0, events));
  return result(`ind_${name}`, events, t.wall, {
    what,
    ns_per_update: round((t.wall * 1e9) / events),
    cpu_ns_per_update: round((t.cpu * 1e9) / events),
  });
}

function batch(name, what, run, rows) {
  run();
  const t = timed(run);
  return result(`ind_${name}_batch`, rows, t.wall, {
    what,
    ns_per_row: round((t.wall * 1e9) / rows),
    cpu_ns_per_row: round((t.cpu * 1e9) / rows),
  });
}

function round(x) {
  return Math.round(x * 100) / 100;
}

/** Streaming and batch figures of one signal: `loop` feeds `make()` row by row, `runBatch` runs its twin. */
function both(name, what, make, loop, data, events, runBatch) {
  return [
    streaming(name, what, make, loop, data, events),
    batch(name, `${what} (batch twin)`, runBatch, events),
  ];
}

export default async function run() {
  const n = EVENTS;
  const f64 = () => new Float64Array(n);
  const one = f64();

  const q = quotes(n, 1);
  const mp = { microprice: f64(), mid: f64() };
  const quoteResults = [
    both(
      'book_imbalance',
      'L1 imbalance per quote',
      () => new micro.BookImbalance(),
      runBookImbalance,
      q,
      n,
      () => micro.bookImbalanceBatch(q.bidSz, q.askSz, one),
    ),
    both(
      'microprice',
      'weighted mid per quote',
      () => new micro.Microprice(),
      runMicroprice,
      q,
      n,
      () => micro.micropriceBatch(q.bidPx, q.bidSz, q.askPx, q.askSz, mp),
    ),
    both(
      'ofi',
      'OFI over 100 events, per quote',
      () => new micro.OFI(100),
      runOfi,
      q,
      n,
      () => micro.ofiBatch(q.bidPx, q.bidSz, q.askPx, q.askSz, 100, one),
    ),
    both(
      'ofi_timed',
      'OFI over 10 s (~40 quotes), per quote',
      () => new micro.TimedOFI(10),
      runTimedOfi,
      q,
      n,
      () => micro.timedOfiBatch(q.ts, q.bidPx, q.bidSz, q.askPx, q.askSz, 10, one),
    ),
  ];

  const t = trades(n, 2);
  const rv = { volatility: f64(), variance: f64(), annualized: f64() };
  const tf = { imbalance: f64(), net: f64(), volume: f64() };
  const vpinOptions = { bucketVolume: 10_000, buckets: 50, sigmaWindow: 50 };
  const tradeResults = [
    both(
      'vpin',
      'VPIN (V = 10 k ~ 20 trades, n = 50, K = 50), per trade',
      () => new micro.VPIN(vpinOptions),
      runVpin,
      t,
      n,
      () => micro.vpinBatch(t.price, t.volume, vpinOptions, one),
    ),
    both(
      'hawkes',
      'Hawkes intensity (exp kernel), per event',
      () => new micro.HawkesIntensity(0.5, 0.8, 1.2),
      runHawkes,
      t,
      n,
      () => micro.hawkesBatch(t.ts, 0.5, 0.8, 1.2, one),
    ),
    both(
      'realized_vol',
      'realized volatility over 100 returns, per price',
      () => new micro.RealizedVolatility(100),
      runRealizedVol,
      t,
      n,
      () => micro.realizedVolatilityBatch(t.price, 100, 252, rv),
    ),
    both(
      'trade_flow',
      'trade-flow imbalance over 100 trades (20 % by tick rule), per trade',
      () => new micro.TradeFlowImbalance(100),
      runTradeFlow,
      t,
      n,
      () => micro.tradeFlowImbalanceBatch(t.price, t.volume, t.side, 100, tf),
    ),
    both(
      'kyle_lambda',
      "Kyle's lambda over 100 trades, per trade",
      () => new micro.KyleLambda(100),
      runKyle,
      t,
      n,
      () => micro.kyleLambdaBatch(t.price, t.signedVolume, 100, one),
    ),
  ];

  const b = book(BOOK_ROWS, 3);
  const snapshots = BOOK_ROWS * BOOK_PASSES;
  const depthOut = new Float64Array(BOOK_ROWS);
  const bookResults = [
    both(
      'depth_imbalance',
      'imbalance over 10 levels, per MBP-10 snapshot',
      () => new micro.DepthImbalance(10),
      runDepthImbalance,
      b,
      snapshots,
      () => {
        for (let p = 0; p < BOOK_PASSES; p++) micro.depthImbalanceBatch(b.bidSz, b.askSz, 10, 10, depthOut);
      },
    ),
    both(
      'mlofi',
      'multi-level OFI, 10 levels over 100 snapshots, per MBP-10 snapshot',
      () => new micro.MultiLevelOFI(10, 100),
      runMlofi,
      b,
      snapshots,
      () => {
        // The batch twin allocates its 11 output columns on each of the 10 passes.
        for (let p = 0; p < BOOK_PASSES; p++)
          micro.multiLevelOfiBatch(b.bidPx, b.bidSz, b.askPx, b.askSz, 10, 100, 10);
      },
    ),
  ];
  return [...quoteResults, ...tradeResults, ...bookResults].flat();
}
