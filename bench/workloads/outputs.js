/**
 * Analytics workloads: `metrics_1m` times computeMetrics over a 1 M-sample equity curve (events = samples);
 * `outputs_1m` times writeRunFolder for a 1 M-sample curve with 10 k fills and 5 k round trips into a
 * temporary folder (events = equity rows written). Synthetic data from the seeded Rng, so every run
 * measures the same bytes. Each is run once untimed first so the figure is steady-state JIT code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Instrument } from '../../dist/core/instrument.js';
import { Rng } from '../../dist/core/rng.js';
import { computeMetrics } from '../../dist/analytics/metrics.js';
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

function result(name, events, seconds) {
  return {
    name,
    events,
    seconds,
    events_per_sec: events / seconds,
    rss_mb: Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10,
  };
}

export default async function run() {
  const rec = syntheticRun(SAMPLES, FILLS);

  computeMetrics(rec);
  let t = process.hrtime.bigint();
  const metrics = computeMetrics(rec);
  const metricsSec = Number(process.hrtime.bigint() - t) / 1e9;

  const dir = mkdtempSync(join(tmpdir(), 'hindsight-bench-outputs-'));
  try {
    writeRunFolder(join(dir, 'warm'), rec, metrics);
    t = process.hrtime.bigint();
    writeRunFolder(join(dir, 'run'), rec, metrics);
    const outSec = Number(process.hrtime.bigint() - t) / 1e9;
    return [result('metrics_1m', SAMPLES, metricsSec), result('outputs_1m', SAMPLES, outSec)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
