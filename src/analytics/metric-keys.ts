/**
 * The metrics.json contract (DESIGN.md §4, docs/outputs.md): the Metrics type and its fixed key order.
 * Keys are flat snake_case; a value is a number, a string or null, and null means "undefined for this
 * run" (never NaN or Infinity). New keys are only ever appended to METRIC_KEYS, so tools reading the file
 * by position or name keep working. Formulas are in the modules that compute them (listed per group).
 */

export type MetricValue = number | string | null;

export type Metrics = {
  // run period and setup (metrics.ts)
  start: string | null;
  end: string | null;
  samples: number;
  periods_per_year: number | null;
  /** The constant annual rate, or the mean rate of a series over the return periods (risk-free.ts). */
  risk_free_rate: number;
  currency: string;
  initial_equity: number;
  final_equity: number;
  // returns and risk (metrics.ts, curve-stats.ts, drawdown.ts)
  total_return: number | null;
  cagr: number | null;
  annual_volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  max_drawdown: number | null;
  max_drawdown_duration_days: number | null;
  calmar: number | null;
  /** Fraction of samples with an open position (exposure.ts). */
  exposure: number | null;
  // trades (trade-stats.ts)
  trades: number;
  win_rate: number | null;
  profit_factor: number | null;
  avg_trade_pnl: number | null;
  avg_win: number | null;
  avg_loss: number | null;
  best_trade: number | null;
  worst_trade: number | null;
  total_fees: number;
  // run facts
  orders_rejected: number;
  orders_open_at_end: number;
  open_positions: number;
  rows_quarantined: number;
  events: number;
  loop_seconds: number;
  events_per_sec: number | null;
  fingerprint: string;
  // added with the full metrics set: risk (curve-stats.ts, drawdown.ts)
  omega: number | null;
  ulcer_index: number | null;
  max_drawdown_duration_samples: number | null;
  max_drawdown_peak: string | null;
  max_drawdown_trough: string | null;
  max_drawdown_recovery: string | null;
  current_drawdown: number | null;
  current_drawdown_days: number | null;
  // calendar returns (returns-calendar.ts)
  best_month: number | null;
  worst_month: number | null;
  positive_months: number | null;
  best_year: number | null;
  worst_year: number | null;
  // activity (exposure.ts)
  time_in_market: number | null;
  traded_value: number;
  turnover: number | null;
  annual_turnover: number | null;
  // trades (trade-stats.ts)
  winning_trades: number;
  losing_trades: number;
  expectancy: number | null;
  payoff_ratio: number | null;
  avg_trade_duration_days: number | null;
  max_trade_duration_days: number | null;
  max_win_streak: number;
  max_loss_streak: number;
  long_trades: number;
  long_win_rate: number | null;
  long_pnl: number;
  long_profit_factor: number | null;
  short_trades: number;
  short_win_rate: number | null;
  short_pnl: number;
  short_profit_factor: number | null;
  // benchmark (benchmark.ts)
  benchmark: string | null;
  benchmark_periods: number;
  benchmark_return: number | null;
  alpha: number | null;
  beta: number | null;
  correlation: number | null;
  tracking_error: number | null;
  information_ratio: number | null;
  // execution (fill-stats.ts)
  fills: number;
  maker_share: number | null;
  fill_ratio: number | null;
  total_rebates: number;
  avg_queue_wait_ms: number | null;
  implementation_shortfall: number | null;
  /**
   * Per strategy (id made snake_case, unique): _realized, _unrealized, _fees and _pnl = realized +
   * unrealized − fees (StrategyReport; realized is gross of fees).
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
  'omega',
  'ulcer_index',
  'max_drawdown_duration_samples',
  'max_drawdown_peak',
  'max_drawdown_trough',
  'max_drawdown_recovery',
  'current_drawdown',
  'current_drawdown_days',
  'best_month',
  'worst_month',
  'positive_months',
  'best_year',
  'worst_year',
  'time_in_market',
  'traded_value',
  'turnover',
  'annual_turnover',
  'winning_trades',
  'losing_trades',
  'expectancy',
  'payoff_ratio',
  'avg_trade_duration_days',
  'max_trade_duration_days',
  'max_win_streak',
  'max_loss_streak',
  'long_trades',
  'long_win_rate',
  'long_pnl',
  'long_profit_factor',
  'short_trades',
  'short_win_rate',
  'short_pnl',
  'short_profit_factor',
  'benchmark',
  'benchmark_periods',
  'benchmark_return',
  'alpha',
  'beta',
  'correlation',
  'tracking_error',
  'information_ratio',
  'fills',
  'maker_share',
  'fill_ratio',
  'total_rebates',
  'avg_queue_wait_ms',
  'implementation_shortfall',
] as const satisfies readonly (keyof Metrics)[];
