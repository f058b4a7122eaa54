// engine_sma_bars: the full engine (merge, venue, portfolio marks, equity curve, SMA-crossover strategy
//   loaded from examples/ like a user's) over 5 M in-memory 1-minute bars of one symbol; events/s = bars
//   per second of the event loop.
// engine_multi_symbol: the same strategy over 100 symbols × 100 k bars (10 M events), merged in time.
import { fileURLToPath } from 'node:url';
import { generateSynthBars, loadStrategyModule, validateConfig, runConfig } from '../../dist/index.js';
import { result } from '../lib.js';

const strategyPath = fileURLToPath(new URL('../../examples/strategies/sma-crossover.ts', import.meta.url));

async function runOnce(name, tables, what, warmup) {
  const Sma = await loadStrategyModule(strategyPath);
  const cfg = validateConfig(
    {
      backtest: { initial_cash: 1e9, log_level: 'silent' },
      strategy: { params: { fast: 10, slow: 30, size: 100 } },
    },
    process.cwd(),
    true,
  );
  // JIT warm-up on a short run of the same shape (the measured run is what a long backtest sees).
  await runConfig(cfg, { tables: warmup, strategies: [new Sma()] });
  globalThis.gc?.();
  const t0 = performance.now();
  const res = await runConfig(cfg, { tables, strategies: [new Sma()] });
  const total = (performance.now() - t0) / 1000;
  const r = res.record;
  return result(name, r.events, r.loopSeconds, {
    what,
    total_seconds: Math.round(total * 1e4) / 1e4,
    trades: r.trades.length,
    fills: r.fills.length,
  });
}

export default async function run() {
  const one = generateSynthBars({
    symbols: ['SYN'],
    bars: 5_000_000,
    freq: '1m',
    start: '2000-01-03',
    seed: 1,
  });
  const warmOne = generateSynthBars({
    symbols: ['SYN'],
    bars: 300_000,
    freq: '1m',
    start: '2000-01-03',
    seed: 9,
  });
  const a = await runOnce(
    'engine_sma_bars',
    one,
    'full engine, SMA crossover, 5 M in-memory bars, one symbol (after a 300 k-bar warm-up run)',
    warmOne,
  );
  const many = generateSynthBars({
    symbols: Array.from({ length: 100 }, (_, i) => `S${String(i).padStart(3, '0')}`),
    bars: 100_000,
    freq: '1m',
    start: '2010-01-04',
    seed: 2,
  });
  const warmMany = many.map((t) => ({ ...t, length: 3000 }));
  const b = await runOnce(
    'engine_multi_symbol',
    many,
    'full engine, SMA crossover, 100 symbols x 100 k bars (after a 300 k-event warm-up run)',
    warmMany,
  );
  return [a, b];
}
