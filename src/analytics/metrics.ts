/**
 * Summary figures of a finished run (metrics.json, DESIGN.md §4): one flat object, snake_case keys,
 * values number | string | null. A figure that is undefined for the run (Sharpe of a flat curve, win rate
 * without trades, CAGR that overflows a double over a few seconds) is null — never NaN or Infinity.
 *
 * Formulas (E_t = equity samples, n = number of returns = samples − 1):
 *   r_t            = E_t / E_{t-1} − 1
 *   P              = run.periodsPerYear, else (samples − 1) / years between first and last sample, rounded
 *                    to 2 decimals (daily stock bars ≈ 252, daily crypto ≈ 365); null with < 2 samples
 *   years          = elapsed seconds / (365.25 · 86400)
 *   rf             = (1 + riskFreeRate)^(1/P) − 1, per period
 *   sharpe         = mean(r − rf) / stdev(r) · √P, stdev with n − 1; null if n < 2 or stdev = 0
 *   sortino        = mean(r − rf) / DD · √P, DD = √(Σ min(0, r − rf)² / n); null if n < 2 or DD = 0
 *   annual_vol     = stdev(r) · √P
 *   total_return   = final / initial − 1;   cagr = (final / initial)^(1/years) − 1 (null: years <= 0, final <= 0)
 *   drawdown_t     = E_t / max_{s<=t} E_s − 1;   max_drawdown = min_t drawdown_t (<= 0)
 *   calmar         = cagr / |max_drawdown| (null if max_drawdown = 0)
 *   trade figures  over run.trades, pnl net of fees; win = pnl > 0
 * Means and variances use compensated (Neumaier) sums, see curve-stats.ts. Money figures are currency
 * amounts as doubles (units / 10^cashScale), fine for display; outputs needing exactness use the units.
 *
 * Invariant: keys come out in one fixed order (METRIC_KEYS, then strategy_* keys in strategy order), so
 * metrics.json is byte-stable apart from the wall-clock figures (loop_seconds, events_per_sec).
 * Limits: return-based figures are null when some E_{t-1} <= 0 (returns undefined there).
 */
import { formatIso } from '../core/time.js';
import { pow10 } from '../core/decimal.js';
import { curveStats, SECONDS_PER_YEAR } from './curve-stats.js';
import { exposure } from './exposure.js';
import { fingerprint } from './fingerprint.js';
import type { RunRecord } from './run-record.js';

export type MetricValue = number | string | null;

export type Metrics = {
  /** ISO 8601 UTC time of the first / last equity sample; null without samples. */
  start: string | null;
  end: string | null;
  /** Number of equity samples. */
  samples: number;
  /** P above: configured, or inferred from the sample spacing (null with fewer than 2 samples). */
  periods_per_year: number | null;
  /** Annual risk-free rate as configured (fraction). */
  risk_free_rate: number;
  currency: string;
  /** initialCashUnits / 10^cashScale. */
  initial_equity: number;
  /** finalEquityUnits / 10^cashScale. */
  final_equity: number;
  /** final / initial − 1; null if initial <= 0. */
  total_return: number | null;
  /** (final / initial)^(1/years) − 1; null if years <= 0, final <= 0 or the power overflows. */
  cagr: number | null;
  /** stdev(r) · √P; null with fewer than 2 returns or no P. */
  annual_volatility: number | null;
  /** mean(r − rf) / stdev(r) · √P; null if stdev is 0 or fewer than 2 returns. */
  sharpe: number | null;
  /** mean(r − rf) / DD · √P, DD = √(Σ min(0, r − rf)² / n); null if DD is 0 or fewer than 2 returns. */
  sortino: number | null;
  /** min over t of E_t / running peak − 1 (<= 0); null if the first sample is <= 0. */
  max_drawdown: number | null;
  /** Longest time in days from a peak to the sample regaining it (or the last sample if never). */
  max_drawdown_duration_days: number | null;
  /** cagr / |max_drawdown|; null if either is null or max_drawdown is 0. */
  calmar: number | null;
  /** Fraction of equity samples with any open position, rebuilt from the fills (exposure.ts). */
  exposure: number | null;
  /** Closed round trips. */
  trades: number;
  /** Trades with pnl > 0 over all trades; null without trades. */
  win_rate: number | null;
  /**
   * Σ winning pnl / |Σ losing pnl|; null without losing trades (with wins only the ratio would be
   * infinite, and JSON has no Infinity).
   */
  profit_factor: number | null;
  /** Mean pnl per trade (net of fees); null without trades. */
  avg_trade_pnl: number | null;
  /** Mean pnl of winning / losing trades; null without such trades. */
  avg_win: number | null;
  avg_loss: number | null;
  /** Highest / lowest trade pnl; null without trades. */
  best_trade: number | null;
  worst_trade: number | null;
  /** Σ fees of all fills. */
  total_fees: number;
  orders_rejected: number;
  orders_open_at_end: number;
  /** Positions with non-zero lots at the end. */
  open_positions: number;
  /** Σ rowsQuarantined over the data sources. */
  rows_quarantined: number;
  /** Market-data events processed. */
  events: number;
  /** Wall-clock seconds of the event loop (not deterministic). */
  loop_seconds: number;
  /** events / loop_seconds; null when loop_seconds is 0. */
  events_per_sec: number | null;
  /** fingerprint.ts: SHA-256 over fills and final state. */
  fingerprint: string;
  /**
   * Per strategy (id made snake_case): realized, unrealized, fees and pnl = realized + unrealized − fees,
   * StrategyReport.realizedUnits being gross of fees (Portfolio: Σ (realized + unrealized − fees) = equity − initial).
   */
  [key: `strategy_${string}`]: number;
};

export const METRIC_KEYS = [
  'start',
  'end',
  'samples',
  'periods_per_year',
  'risk_free_rate',
  'currency',
  'initial_equity',
  'final_equity',
  'total_return',
  'cagr',
  'annual_volatility',
  'sharpe',
  'sortino',
  'max_drawdown',
  'max_drawdown_duration_days',
  'calmar',
  'exposure',
  'trades',
  'win_rate',
  'profit_factor',
  'avg_trade_pnl',
  'avg_win',
  'avg_loss',
  'best_trade',
  'worst_trade',
  'total_fees',
  'orders_rejected',
  'orders_open_at_end',
  'open_positions',
  'rows_quarantined',
  'events',
  'loop_seconds',
  'events_per_sec',
  'fingerprint',
] as const;

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

export function computeMetrics(run: RunRecord): Metrics {
  const c = run.equity;
  const cash = pow10(run.cashScale);
  const initial = run.initialCashUnits / cash;
  const final = run.finalEquityUnits / cash;

  const n = c.length;
  const elapsed = n > 1 ? c.tsSec[n - 1]! - c.tsSec[0]! + (c.tsNsec[n - 1]! - c.tsNsec[0]!) * 1e-9 : 0;
  const years = elapsed / SECONDS_PER_YEAR;
  let P: number | null = run.periodsPerYear;
  if (P === null && n > 1 && elapsed > 0) P = Math.round(((n - 1) / years) * 100) / 100;
  if (P !== null && !(P > 0 && Number.isFinite(P))) P = null;
  const rf = P === null ? 0 : Math.pow(1 + run.riskFreeRate, 1 / P) - 1;

  const s = curveStats(c, rf);
  const usable = P !== null && s.returnsValid && s.returns >= 2;
  const rootP = P === null ? 0 : Math.sqrt(P);
  const excess = s.meanReturn - rf;

  const totalReturn = initial > 0 ? final / initial - 1 : null;
  const cagr = years > 0 && final > 0 && initial > 0 ? num(Math.pow(final / initial, 1 / years) - 1) : null;
  const mdd = s.maxDrawdown;

  let wins = 0;
  let losses = 0;
  let winSum = 0;
  let lossSum = 0;
  let best = -Infinity;
  let worst = Infinity;
  for (const t of run.trades) {
    const p = t.pnlUnits;
    if (p > 0) {
      wins++;
      winSum += p;
    } else if (p < 0) {
      losses++;
      lossSum += p;
    }
    if (p > best) best = p;
    if (p < worst) worst = p;
  }
  const nt = run.trades.length;
  // Integer unit sums stay exact; only the final division rounds.
  let pnlSum = 0;
  for (const t of run.trades) pnlSum += t.pnlUnits;
  let feeSum = 0;
  for (const f of run.fills) feeSum += f.feeUnits;
  let quarantined = 0;
  for (const d of run.dataSources) quarantined += d.rowsQuarantined;
  let openPositions = 0;
  for (const p of run.openPositions) if (p.lots !== 0) openPositions++;

  const m: Metrics = {
    start: n > 0 ? formatIso(c.tsSec[0]!, c.tsNsec[0]!) : null,
    end: n > 0 ? formatIso(c.tsSec[n - 1]!, c.tsNsec[n - 1]!) : null,
    samples: n,
    periods_per_year: P,
    risk_free_rate: run.riskFreeRate,
    currency: run.currency,
    initial_equity: initial,
    final_equity: final,
    total_return: totalReturn === null ? null : num(totalReturn),
    cagr,
    annual_volatility: usable ? num(s.stdevReturn * rootP) : null,
    sharpe: usable && s.stdevReturn > 0 ? num((excess / s.stdevReturn) * rootP) : null,
    sortino: usable && s.downsideDev > 0 ? num((excess / s.downsideDev) * rootP) : null,
    max_drawdown: mdd,
    max_drawdown_duration_days: s.maxDrawdownSec === null ? null : s.maxDrawdownSec / 86_400,
    calmar: cagr !== null && mdd !== null && mdd < 0 ? num(cagr / -mdd) : null,
    exposure: exposure(c, run.fills),
    trades: nt,
    win_rate: nt > 0 ? wins / nt : null,
    profit_factor: losses > 0 ? winSum / -lossSum : null,
    avg_trade_pnl: nt > 0 ? pnlSum / nt / cash : null,
    avg_win: wins > 0 ? winSum / wins / cash : null,
    avg_loss: losses > 0 ? lossSum / losses / cash : null,
    best_trade: nt > 0 ? best / cash : null,
    worst_trade: nt > 0 ? worst / cash : null,
    total_fees: feeSum / cash,
    orders_rejected: run.ordersRejected,
    orders_open_at_end: run.ordersOpenAtEnd,
    open_positions: openPositions,
    rows_quarantined: quarantined,
    events: run.events,
    loop_seconds: run.loopSeconds,
    events_per_sec: run.loopSeconds > 0 ? num(run.events / run.loopSeconds) : null,
    fingerprint: fingerprint(run),
  };

  const used = new Set<string>();
  run.strategies.forEach((st, i) => {
    let key = strategyKey(st.id);
    if (used.has(key)) key = `${key}_${i + 1}`;
    used.add(key);
    m[`strategy_${key}_realized`] = st.realizedUnits / cash;
    m[`strategy_${key}_unrealized`] = st.unrealizedUnits / cash;
    m[`strategy_${key}_fees`] = st.feeUnits / cash;
    m[`strategy_${key}_pnl`] = (st.realizedUnits + st.unrealizedUnits - st.feeUnits) / cash;
  });
  return m;
}
