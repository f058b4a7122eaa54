/**
 * Hindsight's library API: what users import. The CLI is a thin layer over these same functions.
 *
 *   import { Strategy, SMA, CrossOver, backtest } from 'hindsight';
 */
import type { BarTable } from './data/bars.js';
import type { StrategyLike } from './strategy/strategy.js';
import { validateConfig } from './engine/config.js';
import { runConfig, type BacktestResult } from './engine/backtest.js';

export * from './core/time.js';
export * from './core/decimal.js';
export * from './core/errors.js';
export { Rng } from './core/rng.js';
export { Instrument, type InstrumentSpec } from './core/instrument.js';
export * from './data/bars.js';
export { readBarsCsv, parseBarsCsv, type CsvBarOptions, type CsvBarResult } from './data/csv/bars.js';
export { writeBarsCsv } from './data/csv/write-bars.js';
export { generateSynthBars } from './data/synth/bars.js';
export * from './book/index.js';
export * from './exec/order.js';
export type { FillRecord, Liquidity } from './exec/fill.js';
export * from './exec/models.js';
export { BarVenue, type ContingentRouter } from './exec/bar-venue.js';
export { Contingency, ContingentLink, linkOco, linkOto, type ReleaseOn } from './exec/contingency.js';
export type { Bracket, BracketRequest, OtoOptions } from './exec/contingent-request.js';
export { Portfolio } from './portfolio/portfolio.js';
export type { RoundTrip } from './portfolio/round-trip.js';
export { RiskLimits } from './risk/limits.js';
export { Strategy, type StrategyLike, type TimerEvent } from './strategy/strategy.js';
export type { Context, OrderOptions, Logger, StrategyPnl } from './strategy/context.js';
export * from './indicators/index.js';
export { BarView, BarHistory } from './strategy/bar-view.js';
export { TradeView, QuoteView } from './strategy/tick-view.js';
export { TimeframeBars, type BindInput } from './strategy/timeframe.js';
export type { TimeframeOptions } from './strategy/context.js';
export { prefetching, tableChunks, mapChunks, type BarChunkSource } from './data/stream/bar-stream.js';
export { openWorkerBarSource, WorkerBarSource, type WorkerBarSpec } from './data/stream/worker.js';
export {
  openCsvBarStream,
  type CsvBarStream,
  type CsvStreamOptions,
  type CsvStreamReport,
} from './data/stream/csv-stream.js';
export { Engine, type EngineOptions } from './engine/engine.js';
export { loadConfigFile, validateConfig, applySet, type RunConfig } from './engine/config.js';
export {
  runConfig,
  runToFolder,
  loadData,
  loadStrategyModule,
  type BacktestResult,
  type RunOptions,
} from './engine/backtest.js';
export type { RunRecord, EquityCurve } from './analytics/run-record.js';
export {
  computeMetrics,
  resolvePeriodsPerYear,
  type Metrics,
  type MetricsOptions,
} from './analytics/metrics.js';
export {
  buyAndHoldBenchmark,
  benchmarkStats,
  type BenchmarkSeries,
  type BenchmarkStats,
} from './analytics/benchmark.js';
export {
  calendarReturns,
  type CalendarReturns,
  type MonthlyReturn,
  type AnnualReturn,
} from './analytics/returns-calendar.js';
export { drawdownSeries, drawdownPeriods, drawdownStats, type DrawdownPeriod } from './analytics/drawdown.js';
export {
  rollingMetrics,
  rollingSharpe,
  rollingVolatility,
  type RollingOptions,
} from './analytics/rolling.js';
export {
  tradeBreakdowns,
  tradeStats,
  type TradeStats,
  type TradeBreakdowns,
} from './analytics/trade-stats.js';
export { periodReturns, type EquitySeries } from './analytics/curve-stats.js';
export type { RiskFree, RiskFreeSeries } from './analytics/risk-free.js';
export { writeRunFolder } from './analytics/outputs.js';
export { fingerprint } from './analytics/fingerprint.js';
export { formatSummary } from './analytics/summary.js';

export interface BacktestOptions {
  /** Bar tables, one per symbol (from readBarsCsv, generateSynthBars or your own columns). */
  bars: BarTable[];
  /** One strategy instance, or several (each gets its own id, orders and P&L). */
  strategy: StrategyLike | StrategyLike[];
  /** Parameters per strategy (same order), exposed as `this.params`. */
  params?: Record<string, unknown> | Record<string, unknown>[];
  /** Strategy ids (default strategy1, strategy2 ...). */
  ids?: string[];
  /** The `backtest:` section of a config (snake_case keys as in YAML), without `data`. */
  config?: Record<string, unknown>;
}

/** Runs a backtest in memory and returns the run record and metrics (writes no files). */
export async function backtest(o: BacktestOptions): Promise<BacktestResult> {
  const strategies = Array.isArray(o.strategy) ? o.strategy : [o.strategy];
  const params = Array.isArray(o.params)
    ? o.params
    : strategies.map(() => (o.params as Record<string, unknown>) ?? {});
  const raw = {
    backtest: { ...(o.config ?? {}) },
    strategies: strategies.map((_, i) => ({ id: o.ids?.[i] ?? `strategy${i + 1}`, params: params[i] ?? {} })),
  };
  const cfg = validateConfig(raw, process.cwd(), true);
  return runConfig(cfg, { tables: o.bars, strategies });
}
