/**
 * Analytics workloads: `metrics_1m` times computeMetrics (the full set, with a buy-and-hold benchmark)
 * over a 1 M-sample equity curve (events = samples), median of 5 runs; extra fields: `cpu_seconds` (the
 * process CPU time of those runs) and `rf_series_seconds` (the same with a daily risk-free series
 * instead of the constant rate).
 * `metrics_series_1m` times the report's series functions over the same curve (calendar returns,
 * underwater curve, worst drawdown periods, rolling Sharpe/volatility, trade breakdowns), one figure per
 * function in the extra fields. `outputs_1m` times writeRunFolder for a 1 M-sample curve with 10 k fills
 * and 5 k round trips into a temporary folder (events = equity rows written). Synthetic data from the
 * seeded Rng, so every run measures the same bytes. Each is run once untimed first so the figure is
 * steady-state JIT code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Instrument } from '../../dist/core/instrument.js';
import { Rng } from '../../dist/core/rng.js';
import { computeMetrics } from '../../dist/analytics/metrics.js';
import { buyAndHoldBenchmark } from '../../dist/analytics/benchmark.js';
import { calendarReturns } from '../../dist/analytics/returns-calendar.js';
import { drawdownPeriods, drawdownSeries } from '../../dist/analytics/drawdown.js';
import { rollingMetrics } from '../../dist/analytics/rolling.js';
import { tradeBreakdowns } from '../../dist/analytics/trade-stats.js';
import { allocBarTable } from '../../dist/data/bars.js';
import { writeRunFolder } from '../../dist/analytics/outputs.js';

const SAMPLES = 1_000_000;
const FILLS = 10_000;

function syntheticRun(samples, fillCount) {
  const rng = new Rng(42);
  const instruments = [
    new Instrument(0, { symbol: 'AAA', tickSize: '0.01' }),
    new Instrument(1, { symbol: 'BBB', tickSize: '0.25' }),
  ];
  const tsSec = new Float64Array(samples);
  const tsNsec = new Uint32Array(samples);
  const equityUnits = new Float64Array(samples);
  const cashUnits = new Float64Array(samples);
  const t0 = 1_577_923_200; // 2020-01-02T00:00:00Z, one sample a minute
  let eq = 10_000_000;
  for (let i = 0; i < samples; i++) {
    tsSec[i] = t0 + i * 60;
    tsNsec[i] = 0;
    eq += Math.round(rng.normal() * 500);
    equityUnits[i] = eq;
    cashUnits[i] = eq - (i % 3) * 12_345;
  }
  const fills = [];
  const trades = [];
  const step = Math.floor(samples / fillCount);
  for (let k = 0; k < fillCount; k++) {
    const i = k * step;
    const instrumentId = k % 4 < 2 ? 0 : 1;
    const side = k % 2 === 0 ? 1 : -1;
    const priceTicks = 10_000 + rng.int(500);
    fills.push({
      tsSec: tsSec[i],
      tsNsec: tsNsec[i],
      strategyIndex: 0,
      instrumentId,
      orderId: k + 1,
      side,
      lots: 100,
      priceTicks,
      feeUnits: 100 + rng.int(50),
      liquidity: 'taker',
    });
    if (side < 0) {
      const open = fills[k - 1];
      trades.push({
        strategyIndex: 0,
        instrumentId,
        side: 1,
        lots: 100,
        entrySec: open.tsSec,
        entryNsec: open.tsNsec,
        exitSec: tsSec[i],
        exitNsec: tsNsec[i],
        entryNotionalTicks: open.priceTicks * 100,
        exitNotionalTicks: priceTicks * 100,
        pnlUnits: (priceTicks - open.priceTicks) * 100 - open.feeUnits - fills[k].feeUnits,
        feeUnits: open.feeUnits + fills[k].feeUnits,
      });
    }
  }
  return {
    instruments,
    strategies: [
      { id: 'bench', realizedUnits: 0, unrealizedUnits: 0, feeUnits: 0, orders: fillCount, fills: fillCount },
    ],
    currency: 'USD',
    cashScale: 2,
    initialCashUnits: 10_000_000,
    finalCashUnits: cashUnits[samples - 1],
    finalEquityUnits: eq,
    equity: { length: samples, tsSec, tsNsec, equityUnits, cashUnits },
    fills,
    trades,
    openPositions: [],
    ordersRejected: 0,
    ordersOpenAtEnd: 0,
    events: samples,
    loopSeconds: 0.1,
    riskFreeRate: 0.02,
    periodsPerYear: null,
    dataSources: [],
    config: { backtest: { initial_cash: 100000 }, strategy: { module: 'bench.ts' } },
  };
}

/** Hourly bars of a random walk covering the curve's minutes: the benchmark's price table. */
function syntheticBars(rec) {
  const rng = new Rng(7);
  const n = Math.ceil(rec.equity.length / 60);
  const t = allocBarTable('AAA', { units: 1, scale: 2 }, n);
  t.length = n;
  let px = 10_000;
  for (let i = 0; i < n; i++) {
    t.tsSec[i] = rec.equity.tsSec[0] + i * 3600;
    px = Math.max(100, px + Math.round(rng.normal() * 20));
    t.open[i] = t.high[i] = t.low[i] = t.close[i] = px;
  }
  return t;
}

/** A risk-free series with one entry a day over the curve's span, drifting between 1 % and 5 %. */
function dailyRates(rec) {
  const days = Math.ceil((rec.equity.tsSec[rec.equity.length - 1] - rec.equity.tsSec[0]) / 86_400) + 1;
  const tsSec = new Float64Array(days);
  const annualRate = new Float64Array(days);
  for (let d = 0; d < days; d++) {
    tsSec[d] = rec.equity.tsSec[0] + d * 86_400;
    annualRate[d] = 0.03 + 0.02 * Math.sin(d / 50);
  }
  return { tsSec, annualRate };
}

function result(name, events, seconds, extra = {}) {
  return {
    name,
    events,
    seconds,
    events_per_sec: events / seconds,
    rss_mb: Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10,
    ...extra,
  };
}

/**
 * Median wall seconds of `runs` calls after one untimed warm-up call, and the median process CPU seconds
 * (user + system) of the same calls: on a shared machine the CPU figure shows the work, the wall figure
 * the wait too.
 */
function median(fn, runs = 5) {
  fn();
  const wall = [];
  const cpu = [];
  for (let k = 0; k < runs; k++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    fn();
    wall.push(Number(process.hrtime.bigint() - t0) / 1e9);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  const mid = (a) => a.sort((x, y) => x - y)[runs >> 1];
  return { wall: mid(wall), cpu: mid(cpu) };
}

const medianSeconds = (fn) => median(fn).wall;

export default async function run() {
  const rec = syntheticRun(SAMPLES, FILLS);
  const benchmark = buyAndHoldBenchmark(syntheticBars(rec), rec.equity);
  const rates = dailyRates(rec);

  const metrics = computeMetrics(rec, { benchmark });
  const metricsTime = median(() => computeMetrics(rec, { benchmark }));
  const rfSeriesSec = medianSeconds(() => computeMetrics(rec, { benchmark, riskFree: rates }));
  const r4 = (x) => Math.round(x * 1e4) / 1e4;
  const series = {
    calendar_seconds: r4(medianSeconds(() => calendarReturns(rec))),
    underwater_seconds: r4(medianSeconds(() => drawdownSeries(rec.equity))),
    drawdown_periods_seconds: r4(medianSeconds(() => drawdownPeriods(rec.equity, 10))),
    rolling_seconds: r4(
      medianSeconds(() =>
        rollingMetrics(rec.equity, { window: 1000, periodsPerYear: metrics.periods_per_year }),
      ),
    ),
    trade_breakdowns_seconds: r4(medianSeconds(() => tradeBreakdowns(rec))),
  };
  const seriesSec = Object.values(series).reduce((a, b) => a + b, 0);
  let t;

  const dir = mkdtempSync(join(tmpdir(), 'hindsight-bench-outputs-'));
  try {
    writeRunFolder(join(dir, 'warm'), rec, metrics);
    t = process.hrtime.bigint();
    writeRunFolder(join(dir, 'run'), rec, metrics);
    const outSec = Number(process.hrtime.bigint() - t) / 1e9;
    return [
      result('metrics_1m', SAMPLES, metricsTime.wall, {
        cpu_seconds: r4(metricsTime.cpu),
        rf_series_seconds: r4(rfSeriesSec),
      }),
      result('metrics_series_1m', SAMPLES, seriesSec, series),
      result('outputs_1m', SAMPLES, outSec),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
