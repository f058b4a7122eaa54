/**
 * Summary figures of a finished run (metrics.json, DESIGN.md §4): one flat object, snake_case keys
 * (metric-keys.ts), values number | string | null. A figure undefined for the run (Sharpe of a flat curve,
 * win rate without trades, CAGR that overflows a double over a few seconds) is null — never NaN/Infinity.
 *
 * Formulas here (E_t = equity samples, n = samples − 1 returns; the rest in the modules named):
 *   P              = run.periodsPerYear, else n / years between first and last sample, rounded to 2
 *                    decimals (daily stock bars ≈ 252, daily crypto ≈ 365); null with < 2 samples
 *   years          = elapsed seconds / (365.25 · 86400)
 *   total_return   = final / initial − 1;   cagr = (final / initial)^(1/years) − 1 (null: years <= 0,
 *                    final <= 0, or overflow)
 *   annual_vol     = stdev(r) · √P;   sharpe = mean(r − rf) / stdev(r − rf) · √P
 *   sortino        = mean(r − rf) / DD · √P;   omega (curve-stats.ts);   rf per period (risk-free.ts)
 *   calmar         = cagr / |max_drawdown| (null if max_drawdown = 0);   drawdowns, ulcer (drawdown.ts)
 *   turnover       = traded value / mean equity;   annual_turnover = turnover / years (exposure.ts)
 *   trade figures  (trade-stats.ts);  calendar figures (returns-calendar.ts);  benchmark (benchmark.ts)
 * Money figures are currency amounts as doubles (units / 10^cashScale), fine for display; outputs that
 * need exactness use the units.
 *
 * Invariant: keys come out in one fixed order (METRIC_KEYS, then strategy_* keys in strategy order), so
 * metrics.json is byte-stable apart from the wall-clock figures. Per-symbol and per-strategy trade
 * statistics are rows from tradeBreakdowns (trade-stats.ts), not keys: the key set stays fixed.
 * Speed: a handful of single passes over the curve's typed arrays (about 20 ms per million samples).
 */
import { formatIso } from '../core/time.js';
import { pow10 } from '../core/decimal.js';
import { benchmarkStats, type BenchmarkSeries } from './benchmark.js';
import { returnStats, SECONDS_PER_YEAR, type EquitySeries } from './curve-stats.js';
import { drawdownStats } from './drawdown.js';
import { exposureStats, tradedValueUnits } from './exposure.js';
import { fingerprint } from './fingerprint.js';
import { fillStats } from './fill-stats.js';
import type { Metrics } from './metric-keys.js';
import { calendarReturns } from './returns-calendar.js';
import { riskFreePerPeriod, type RiskFree } from './risk-free.js';
import type { RunRecord } from './run-record.js';
import { tradeBreakdowns } from './trade-stats.js';

export { METRIC_KEYS, type Metrics, type MetricValue } from './metric-keys.js';

export interface MetricsOptions {
  /** A benchmark aligned to the equity samples (buyAndHoldBenchmark); without one the figures are null. */
  benchmark?: BenchmarkSeries | null;
  /** Annual risk-free rate, a constant or a step-wise series; default run.riskFreeRate. */
  riskFree?: RiskFree;
}

/** A double that overflowed or is undefined becomes null. */
function num(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** snake_case form of a strategy id for metric keys ("SMA Cross#2" -> "sma_cross_2"). */
export function strategyKey(id: string): string {
  const k = id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return k === '' ? 'unnamed' : k;
}

/** Keys for strategy ids, made unique by a 1-based position suffix on a repeat ("fast", "fast_2"). */
function uniqueKeys(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name, i) => {
    let key = strategyKey(name);
    if (used.has(key)) key = `${key}_${i + 1}`;
    used.add(key);
    return key;
  });
}

/** Seconds from the first to the last sample (0 with fewer than 2). */
function elapsedSec(c: EquitySeries): number {
  const n = c.length;
  return n > 1 ? c.tsSec[n - 1]! - c.tsSec[0]! + (c.tsNsec[n - 1]! - c.tsNsec[0]!) * 1e-9 : 0;
}

/** P: the configured periods per year, else inferred from the sample spacing; null if neither works. */
export function resolvePeriodsPerYear(c: EquitySeries, configured: number | null): number | null {
  let P = configured;
  const elapsed = elapsedSec(c);
  if (P === null && c.length > 1 && elapsed > 0)
    P = Math.round(((c.length - 1) / (elapsed / SECONDS_PER_YEAR)) * 100) / 100;
  return P !== null && P > 0 && Number.isFinite(P) ? P : null;
}

const iso = (c: EquitySeries, i: number): string | null =>
  i >= 0 && i < c.length ? formatIso(c.tsSec[i]!, c.tsNsec[i]!) : null;

function extremes(values: (number | null)[]): {
  best: number | null;
  worst: number | null;
  up: number | null;
} {
  let best: number | null = null;
  let worst: number | null = null;
  let count = 0;
  let up = 0;
  for (const v of values) {
    if (v === null) continue;
    count++;
    if (v > 0) up++;
    if (best === null || v > best) best = v;
    if (worst === null || v < worst) worst = v;
  }
  return { best, worst, up: count > 0 ? up / count : null };
}

export function computeMetrics(run: RunRecord, opts: MetricsOptions = {}): Metrics {
  const c = run.equity;
  const n = c.length;
  const cash = pow10(run.cashScale);
  const initial = run.initialCashUnits / cash;
  const final = run.finalEquityUnits / cash;
  const years = elapsedSec(c) / SECONDS_PER_YEAR;
  const P = resolvePeriodsPerYear(c, run.periodsPerYear);
  const rf =
    opts.riskFree === undefined
      ? riskFreePerPeriod(run.riskFreeRate, c, P, 'backtest.analytics.risk_free_rate')
      : riskFreePerPeriod(opts.riskFree, c, P);

  const s = returnStats(c, rf);
  const d = drawdownStats(c);
  const usable = P !== null && s.valid && s.returns >= 2;
  const rootP = P === null ? 0 : Math.sqrt(P);
  const totalReturn = initial > 0 ? final / initial - 1 : null;
  const cagr = years > 0 && final > 0 && initial > 0 ? num(Math.pow(final / initial, 1 / years) - 1) : null;
  const mdd = d.maxDrawdown;
  const tb = tradeBreakdowns(run);
  const t = tb.all;
  const ex = exposureStats(c, run.fills);
  const traded = tradedValueUnits(run.fills, run.instruments, run.cashScale);
  const fx = fillStats(run);
  const turnover = d.meanEquityUnits !== null && d.meanEquityUnits > 0 ? traded / d.meanEquityUnits : null;
  const cal = calendarReturns(run);
  const months = extremes(cal.monthly.map((r) => r.return));
  const annual = extremes(cal.annual.map((r) => r.return));
  const b = opts.benchmark ? benchmarkStats(c, opts.benchmark, rf, P) : null;
  const bUsable = b !== null && s.valid;
  let feeSum = 0;
  for (const f of run.fills) feeSum += f.feeUnits;
  let quarantined = 0;
  for (const src of run.dataSources) quarantined += src.rowsQuarantined;
  let openPositions = 0;
  for (const p of run.openPositions) if (p.lots !== 0) openPositions++;
  const days = (sec: number | null): number | null => (sec === null ? null : sec / 86_400);

  const m: Metrics = {
    start: iso(c, 0),
    end: iso(c, n - 1),
    samples: n,
    periods_per_year: P,
    risk_free_rate: rf.meanAnnualRate,
    currency: run.currency,
    initial_equity: initial,
    final_equity: final,
    total_return: totalReturn === null ? null : num(totalReturn),
    cagr,
    annual_volatility: usable ? num(s.stdev * rootP) : null,
    sharpe: usable && s.excessStdev > 0 ? num((s.excess / s.excessStdev) * rootP) : null,
    sortino: usable && s.downsideDev > 0 ? num((s.excess / s.downsideDev) * rootP) : null,
    max_drawdown: mdd,
    max_drawdown_duration_days: days(d.longestSec),
    calmar: cagr !== null && mdd !== null && mdd < 0 ? num(cagr / -mdd) : null,
    exposure: ex.exposure,
    trades: t.trades,
    win_rate: t.winRate,
    profit_factor: t.profitFactor,
    avg_trade_pnl: t.avgPnl,
    avg_win: t.avgWin,
    avg_loss: t.avgLoss,
    best_trade: t.best,
    worst_trade: t.worst,
    total_fees: feeSum / cash,
    orders_rejected: run.ordersRejected,
    orders_open_at_end: run.ordersOpenAtEnd,
    open_positions: openPositions,
    rows_quarantined: quarantined,
    events: run.events,
    loop_seconds: run.loopSeconds,
    events_per_sec: run.loopSeconds > 0 ? num(run.events / run.loopSeconds) : null,
    fingerprint: fingerprint(run),
    omega: usable && s.omega !== null ? num(s.omega) : null,
    ulcer_index: d.ulcerIndex,
    max_drawdown_duration_samples: d.longestSamples,
    max_drawdown_peak: iso(c, d.maxPeakIndex),
    max_drawdown_trough: iso(c, d.maxTroughIndex),
    max_drawdown_recovery: iso(c, d.maxRecoveryIndex),
    current_drawdown: d.current,
    current_drawdown_days: days(d.currentSec),
    best_month: months.best,
    worst_month: months.worst,
    positive_months: months.up,
    best_year: annual.best,
    worst_year: annual.worst,
    time_in_market: ex.timeInMarket,
    traded_value: traded / cash,
    turnover: turnover === null ? null : num(turnover),
    annual_turnover: turnover !== null && years > 0 ? num(turnover / years) : null,
    winning_trades: t.wins,
    losing_trades: t.losses,
    expectancy: t.expectancy,
    payoff_ratio: t.payoffRatio,
    avg_trade_duration_days: days(t.avgDurationSec),
    max_trade_duration_days: days(t.maxDurationSec),
    max_win_streak: t.maxWinStreak,
    max_loss_streak: t.maxLossStreak,
    long_trades: tb.long.trades,
    long_win_rate: tb.long.winRate,
    long_pnl: tb.long.pnl,
    long_profit_factor: tb.long.profitFactor,
    short_trades: tb.short.trades,
    short_win_rate: tb.short.winRate,
    short_pnl: tb.short.pnl,
    short_profit_factor: tb.short.profitFactor,
    benchmark: opts.benchmark ? opts.benchmark.label : null,
    benchmark_periods: bUsable ? b.periods : 0,
    benchmark_return: b === null ? null : nullable(b.totalReturn),
    alpha: bUsable ? nullable(b.alpha) : null,
    beta: bUsable ? nullable(b.beta) : null,
    correlation: bUsable ? nullable(b.correlation) : null,
    tracking_error: bUsable ? nullable(b.trackingError) : null,
    information_ratio: bUsable ? nullable(b.informationRatio) : null,
    fills: fx.fills,
    maker_share: fx.makerShare,
    fill_ratio: fx.fillRatio,
    total_rebates: fx.rebateUnits / cash,
    avg_queue_wait_ms: fx.avgQueueWaitMs,
    implementation_shortfall: fx.shortfallUnits === null ? null : fx.shortfallUnits / cash,
  };

  uniqueKeys(run.strategies.map((st) => st.id)).forEach((key, i) => {
    const st = run.strategies[i]!;
    m[`strategy_${key}_realized`] = st.realizedUnits / cash;
    m[`strategy_${key}_unrealized`] = st.unrealizedUnits / cash;
    m[`strategy_${key}_fees`] = st.feeUnits / cash;
    m[`strategy_${key}_pnl`] = (st.realizedUnits + st.unrealizedUnits - st.feeUnits) / cash;
  });
  return m;
}

function nullable(x: number | null): number | null {
  return x === null ? null : num(x);
}
