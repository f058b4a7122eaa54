/**
 * Test fixtures: a real run folder (synthetic daily bars written as CSV, a long/short SMA strategy,
 * per-share commission) and a large synthetic report input built without the engine.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/core/rng.js';
import { allocBarTable, type BarTable } from '../../src/data/bars.js';
import { generateSynthBars } from '../../src/data/synth/bars.js';
import { writeBarsCsv } from '../../src/data/csv/write-bars.js';
import { validateConfig } from '../../src/engine/config.js';
import { runToFolder, type BacktestResult } from '../../src/engine/backtest.js';
import { CrossOver, SMA } from '../../src/indicators/sma.js';
import { Strategy } from '../../src/strategy/strategy.js';
import type { BarView } from '../../src/strategy/bar-view.js';
import type { ReportInput } from '../../src/report/types.js';

/** Long `size` when the fast SMA crosses above the slow one, short `size` when it crosses below. */
class LongShort extends Strategy<{ fast: number; slow: number; size: number }> {
  private fast: SMA[] = [];
  private slow: SMA[] = [];
  private cross: CrossOver[] = [];

  override onStart(): void {
    for (let i = 0; i < this.ctx.symbols.length; i++) {
      this.fast.push(new SMA(this.params.fast));
      this.slow.push(new SMA(this.params.slow));
      this.cross.push(new CrossOver());
    }
  }

  override onBar(bar: BarView): void {
    const i = bar.instrument.id;
    const s = this.cross[i]!.update(this.fast[i]!.update(bar.close), this.slow[i]!.update(bar.close));
    if (s > 0) this.ctx.targetPosition(bar.symbol, this.params.size);
    else if (s < 0) this.ctx.targetPosition(bar.symbol, -this.params.size);
  }
}

export interface FixtureRun {
  runDir: string;
  dataDir: string;
  result: BacktestResult;
  tables: BarTable[];
}

/** A run folder at dir/run over CSVs in dir/data (two symbols, daily bars from 2018). */
export async function makeRun(
  dir: string,
  opts: { name?: string; initialCash?: number; seed?: number; bars?: number } = {},
): Promise<FixtureRun> {
  const symbols = ['AAA', 'BBB'];
  const dataDir = join(dir, `data-${opts.name ?? 'run'}`);
  const runDir = join(dir, opts.name ?? 'run');
  mkdirSync(dataDir, { recursive: true });
  const tables = generateSynthBars({
    symbols,
    bars: opts.bars ?? 1500,
    freq: '1d',
    start: '2018-01-02',
    seed: opts.seed ?? 5,
  });
  for (const t of tables) writeBarsCsv(join(dataDir, `${t.symbol}.csv`), [t]);
  const cfg = validateConfig(
    {
      backtest: {
        initial_cash: opts.initialCash ?? 100_000,
        log_level: 'silent',
        data: symbols.map((s) => ({ type: 'csv', path: `${s}.csv`, symbol: s })),
        execution: { commission: { type: 'per_share', rate: 0.005, min: 1 } },
      },
      strategy: { id: 'long-short', params: { fast: 5, slow: 20, size: 50 } },
    },
    dataDir,
    true,
  );
  const result = await runToFolder(cfg, runDir, { strategies: [new LongShort()] });
  return { runDir, dataDir, result, tables };
}

/**
 * A report input the size of a long intraday run, made directly: `samples` 1-minute equity samples (a
 * seeded random walk), `trades` round trips and twice as many fills on one symbol, and its bars.
 */
export function largeInput(samples: number, trades: number): ReportInput {
  const rng = new Rng(11);
  const t0 = 1_600_000_000;
  const time = new Float64Array(samples);
  const equity = new Float64Array(samples);
  const bars = allocBarTable('BIG', { units: 1, scale: 2 }, samples);
  let e = 1_000_000;
  let p = 10_000;
  for (let i = 0; i < samples; i++) {
    time[i] = t0 + i * 60;
    e *= 1 + rng.normal() * 0.0005;
    equity[i] = Math.round(e * 100) / 100;
    const o = p;
    p = Math.max(100, p + Math.round(rng.normal() * 10));
    bars.tsSec[i] = time[i]!;
    bars.open[i] = o;
    bars.close[i] = p;
    bars.high[i] = Math.max(o, p) + rng.int(5);
    bars.low[i] = Math.min(o, p) - rng.int(5);
    bars.volume[i] = 100;
  }
  bars.length = samples;
  const step = Math.max(1, Math.floor(samples / (trades + 1)));
  const tr: ReportInput['trades'] = {
    length: trades,
    symbols: ['BIG'],
    symbol: new Uint32Array(trades),
    side: new Int8Array(trades),
    qty: new Float64Array(trades).fill(10),
    entryTime: new Float64Array(trades),
    entryPrice: new Float64Array(trades),
    exitTime: new Float64Array(trades),
    exitPrice: new Float64Array(trades),
    pnl: new Float64Array(trades),
    fees: new Float64Array(trades).fill(0.5),
  };
  const fills: ReportInput['fills'] = {
    length: 2 * trades,
    symbols: ['BIG'],
    symbol: new Uint32Array(2 * trades),
    time: new Float64Array(2 * trades),
    side: new Int8Array(2 * trades),
    qty: new Float64Array(2 * trades).fill(10),
    price: new Float64Array(2 * trades),
  };
  for (let k = 0; k < trades; k++) {
    const a = k * step;
    const b = Math.min(samples - 1, a + Math.max(1, step >> 1));
    const side = k % 3 === 0 ? -1 : 1;
    tr.side[k] = side;
    tr.entryTime[k] = time[a]!;
    tr.exitTime[k] = time[b]!;
    tr.entryPrice[k] = bars.open[a]! / 100;
    tr.exitPrice[k] = bars.open[b]! / 100;
    tr.pnl[k] = Math.round(side * (tr.exitPrice[k]! - tr.entryPrice[k]!) * 10 * 100) / 100 - 1;
    fills.time[2 * k] = time[a]!;
    fills.side[2 * k] = side;
    fills.price[2 * k] = tr.entryPrice[k]!;
    fills.time[2 * k + 1] = time[b]!;
    fills.side[2 * k + 1] = -side as -1 | 1;
    fills.price[2 * k + 1] = tr.exitPrice[k]!;
  }
  return {
    title: 'large',
    metrics: {
      initial_equity: 1_000_000,
      final_equity: equity[samples - 1],
      trades,
      fingerprint: 'f'.repeat(64),
    },
    configYaml: 'backtest: {}\n',
    equity: { length: samples, time, equity },
    trades: tr,
    fills,
    prices: [bars],
  };
}
