import { describe, expect, it } from 'vitest';
import { allocBarTable } from '../../src/data/bars.js';
import { FillLog } from '../../src/exec/fill-log.js';
import { buyAndHoldBenchmark } from '../../src/analytics/benchmark.js';
import { computeMetrics, METRIC_KEYS, resolvePeriodsPerYear } from '../../src/analytics/metrics.js';
import { metricsJson } from '../../src/analytics/outputs.js';
import type { RunRecord } from '../../src/analytics/run-record.js';
import { baseRun, curve, DAY, DAY0, dailyCurve, tinyRun, trade } from './fixtures.js';

function close(actual: number | string | null, expected: number, what: string): void {
  expect(typeof actual, `${what} is a number`).toBe('number');
  const a = actual as number;
  expect(Math.abs(a - expected), `${what}: ${a} vs ${expected}`).toBeLessThanOrEqual(
    1e-12 * Math.max(1, Math.abs(expected)),
  );
}

/** metrics.json of a run must be valid JSON without NaN / Infinity, and every key must be present. */
function jsonOk(run: RunRecord, what: string): Record<string, unknown> {
  const m = computeMetrics(run);
  const text = metricsJson(m);
  expect(text, `${what}: no NaN / Infinity`).not.toMatch(/NaN|Infinity/);
  const parsed = JSON.parse(text) as Record<string, unknown>;
  for (const k of METRIC_KEYS) expect(parsed, `${what}: key ${k}`).toHaveProperty(k);
  return parsed;
}

const YEAR = 365.25 * DAY;
/** r = .1, −.1, .1, .1 one year apart (P = 1), as in metrics.test.ts. */
function yearlyRun(over: Partial<RunRecord> = {}): RunRecord {
  return baseRun({
    equity: curve([10_000, 11_000, 9_900, 10_890, 11_979].map((e, i) => [DAY0 + i * YEAR, 0, e] as const)),
    initialCashUnits: 10_000,
    finalEquityUnits: 11_979,
    ...over,
  });
}

describe('computeMetrics: the full set', () => {
  it('adds omega, ulcer, drawdown dates and calendar extremes to the curve figures', () => {
    const m = computeMetrics(yearlyRun());
    close(m.omega, 0.3 / 0.1, 'omega = Σ gains above rf / Σ shortfalls = .3 / .1');
    // drawdowns: 0, 0, −.1, 108.9/110 − 1 = −.01, 0 over 5 samples
    close(m.ulcer_index, Math.sqrt((0.01 + 0.0001) / 5), 'ulcer');
    expect(m.max_drawdown_duration_samples).toBe(3);
    expect([m.max_drawdown_peak, m.max_drawdown_trough, m.max_drawdown_recovery]).toEqual([
      '2020-12-31T06:00:00Z',
      '2021-12-31T12:00:00Z',
      '2024-01-01T00:00:00Z',
    ]);
    expect([m.current_drawdown, m.current_drawdown_days]).toEqual([0, 0]);
    // samples (365.25 days apart, 2020 is a leap year) fall in Jan 2020 (0 % against the initial cash),
    // Dec 2020 (+10 %), Dec 2021 (−10 %), Dec 2022 (+10 %) and Jan 2024 (+10 %): one month per year with a
    // sample except 2020, whose two samples make the year +10 %
    expect(m.best_year).toBe(m.best_month);
    close(m.best_month, 0.1, 'best month +10 %');
    close(m.worst_month, -0.1, 'worst month −10 %');
    expect(m.positive_months, '3 of the 5 months with samples are up').toBe(0.6);
    close(m.worst_year, -0.1, 'worst year');
  });

  it('uses a risk-free series in Sharpe, Sortino and Omega and reports its mean rate', () => {
    const rates = { tsSec: [DAY0, DAY0 + 2 * YEAR], annualRate: [0.02, 0.05] };
    const m = computeMetrics(yearlyRun(), { riskFree: rates });
    const x = [0.1 - 0.02, -0.1 - 0.02, 0.1 - 0.05, 0.1 - 0.05];
    const mean = x.reduce((s, v) => s + v, 0) / 4;
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / 3);
    close(m.sharpe, mean / sd, 'sharpe = mean(r − rf) / sd(r − rf) · √1');
    close(m.sortino, mean / Math.sqrt(0.12 ** 2 / 4), 'sortino: only −.12 is below the rate');
    close(m.omega, (0.08 + 0.05 + 0.05) / 0.12, 'omega at rf per period');
    close(m.risk_free_rate, (0.02 + 0.02 + 0.05 + 0.05) / 4, 'mean rate over the periods');
    const constant = computeMetrics(yearlyRun({ riskFreeRate: 0.5 }), { riskFree: 0.02 });
    expect(constant.risk_free_rate, 'the option overrides the run').toBe(0.02);
  });

  it('computes benchmark figures when given one, null otherwise', () => {
    const values = Float64Array.of(50, 55, 55, 52.25, 57.475);
    const m = computeMetrics(yearlyRun(), { benchmark: { label: 'index', values } });
    expect(m.benchmark).toBe('index');
    expect(m.benchmark_periods).toBe(4);
    close(m.beta, 4 / 9, 'beta');
    close(m.alpha, 1 / 30, 'alpha');
    close(m.correlation, 1 / 3, 'correlation');
    close(m.tracking_error, Math.sqrt(0.010625), 'tracking error');
    close(m.information_ratio, 0.0125 / Math.sqrt(0.010625), 'information ratio');
    close(m.benchmark_return, 0.1495, 'benchmark return');
    const none = computeMetrics(yearlyRun());
    expect([none.benchmark, none.benchmark_periods, none.alpha, none.beta]).toEqual([null, 0, null, null]);
  });

  it('aligns a buy-and-hold benchmark from bars and feeds it through', () => {
    const t = allocBarTable('AAA', { units: 1, scale: 2 }, 5);
    t.length = 5;
    for (let i = 0; i < 5; i++) t.tsSec[i] = DAY0 + i * YEAR;
    t.close.set([5000, 5500, 5500, 5225, 5747]); // 50.00 … 57.47
    const run = yearlyRun();
    const m = computeMetrics(run, { benchmark: buyAndHoldBenchmark(t, run.equity) });
    expect(m.benchmark).toBe('buy and hold AAA');
    close(m.benchmark_return, 5747 / 5000 - 1, 'first to last close');
  });

  it('reports activity and trade figures of the tiny run exactly', () => {
    const m = computeMetrics(tinyRun());
    expect(m.exposure, 'sample-weighted: the last sample is flat').toBe(0.8);
    expect(m.time_in_market, 'time-weighted: a position is open over every interval').toBe(1);
    // AAA 100 × (100.50 + 101.25) = 20,175; BBB 0.5 × 4.25 × 3 + 0.5 × 4.00 + 0.5 × 3.75 × 2 = 12.125
    expect(m.traded_value).toBe(20_187.125);
    close(m.turnover, 201_871_250 / (5_000_933_950 / 5), 'traded value / mean equity (units)');
    const years = (88_200 + 0.00025) / (365.25 * DAY);
    close(m.annual_turnover, 201_871_250 / (5_000_933_950 / 5) / years, 'turnover per year');
    expect([m.winning_trades, m.losing_trades, m.max_win_streak, m.max_loss_streak]).toEqual([2, 0, 2, 0]);
    expect([m.long_trades, m.long_win_rate, m.long_pnl, m.long_profit_factor]).toEqual([1, 1, 73, null]);
    expect([m.short_trades, m.short_win_rate, m.short_pnl]).toEqual([1, 1, 0.545]);
    close(
      m.avg_trade_duration_days,
      (86_400 + 86_400 - 0.49975) / 2 / DAY,
      'AAA 1 day, BBB 1 day − 0.49975 s',
    );
    close(m.max_trade_duration_days, 1, 'max duration: AAA, 1 day');
    expect([m.expectancy, m.payoff_ratio], 'no losing trades: no expectancy in loss units').toEqual([
      null,
      null,
    ]);
  });

  it('gives the same figures from the engine fill log and from fills in any order', () => {
    const run = tinyRun();
    const log = new FillLog();
    for (const f of run.fills) log.push(f);
    const reference = computeMetrics(run);
    expect(computeMetrics({ ...run, fills: log })).toEqual(reference);
    const reversed = computeMetrics({ ...run, fills: [...run.fills].reverse() });
    expect([reversed.time_in_market, reversed.exposure, reversed.traded_value]).toEqual([1, 0.8, 20_187.125]);
  });

  it('weights time in market by time, so a held weekend counts in full', () => {
    // Fri 2020-01-03, Mon 01-06, Tue 01-07; bought Friday, sold Monday: 3 of 4 days in the market
    const fri = DAY0 + 2 * DAY;
    const fill = (ts: number, side: 1 | -1) => ({
      tsSec: ts,
      tsNsec: 0,
      strategyIndex: 0,
      instrumentId: 0,
      orderId: 1,
      side,
      lots: 1,
      priceTicks: 100,
      feeUnits: 0,
      liquidity: 'taker' as const,
    });
    const m = computeMetrics(
      baseRun({
        equity: curve([
          [fri, 0, 100],
          [fri + 3 * DAY, 0, 100],
          [fri + 4 * DAY, 0, 100],
        ]),
        fills: [fill(fri, 1), fill(fri + 3 * DAY, -1)],
      }),
    );
    expect(m.time_in_market).toBe(0.75);
    expect(m.exposure, 'one of three samples holds the position').toBe(1 / 3);
  });

  it('appends the new keys after the original contract keys, in a fixed order', () => {
    const keys = Object.keys(computeMetrics(tinyRun()));
    expect(keys.slice(0, METRIC_KEYS.length)).toEqual([...METRIC_KEYS]);
    expect(METRIC_KEYS.indexOf('fingerprint'), 'the original keys keep their positions').toBe(33);
    expect(METRIC_KEYS.slice(34, 36)).toEqual(['omega', 'ulcer_index']);
    expect(new Set(METRIC_KEYS).size, 'no duplicate keys').toBe(METRIC_KEYS.length);
  });

  it('exposes the periods-per-year rule', () => {
    expect(resolvePeriodsPerYear(dailyCurve([1, 2, 3]), null)).toBe(365.25);
    expect(resolvePeriodsPerYear(dailyCurve([1, 2, 3]), 252)).toBe(252);
    expect(resolvePeriodsPerYear(dailyCurve([1]), null)).toBeNull();
  });
});

describe('computeMetrics: edge cases', () => {
  it('no trades: counts are 0, ratios null', () => {
    const m = jsonOk(baseRun({ equity: dailyCurve([10_000, 10_100, 10_050]) }), 'no trades');
    expect(m).toMatchObject({
      trades: 0,
      winning_trades: 0,
      win_rate: null,
      expectancy: null,
      avg_trade_duration_days: null,
      max_win_streak: 0,
      long_trades: 0,
      long_pnl: 0,
      short_win_rate: null,
      traded_value: 0,
      turnover: 0,
      time_in_market: 0,
    });
  });

  it('one trade', () => {
    const m = jsonOk(baseRun({ trades: [trade(-250)] }), 'one trade');
    expect(m).toMatchObject({
      trades: 1,
      losing_trades: 1,
      win_rate: 0,
      profit_factor: 0,
      expectancy: -1,
      payoff_ratio: null,
      max_loss_streak: 1,
      avg_trade_duration_days: 1,
      long_trades: 1,
      long_pnl: -2.5,
      short_trades: 0,
    });
  });

  it('flat equity: Sharpe, Sortino and Omega are null in JSON, drawdown figures 0', () => {
    const m = jsonOk(baseRun({ equity: dailyCurve([10_000, 10_000, 10_000, 10_000]) }), 'flat');
    expect(m).toMatchObject({
      sharpe: null,
      sortino: null,
      omega: null,
      annual_volatility: 0,
      ulcer_index: 0,
      current_drawdown: 0,
      max_drawdown_duration_samples: 0,
      max_drawdown_peak: null,
      max_drawdown_recovery: null,
      best_month: 0,
      positive_months: 0,
    });
    const withRate = computeMetrics(
      baseRun({ equity: dailyCurve([10_000, 10_000, 10_000]), riskFreeRate: 0.03 }),
    );
    expect([withRate.sharpe, withRate.omega], 'flat below a positive rate: sd 0, no gain').toEqual([null, 0]);
  });

  it('all losing trades', () => {
    const m = jsonOk(baseRun({ trades: [trade(-100), trade(-300), trade(-200)] }), 'all losers');
    expect(m).toMatchObject({
      win_rate: 0,
      profit_factor: 0,
      expectancy: -1,
      max_loss_streak: 3,
      max_win_streak: 0,
    });
  });

  it('a single sample', () => {
    const m = jsonOk(baseRun({ finalEquityUnits: 9_900, equity: dailyCurve([9_900]) }), 'single sample');
    expect(m).toMatchObject({
      samples: 1,
      sharpe: null,
      omega: null,
      ulcer_index: 0,
      current_drawdown_days: 0,
      time_in_market: null,
      turnover: 0,
      annual_turnover: null,
    });
    close(m.best_month as number, 9_900 / 10_000 - 1, 'the one month, against the initial cash');
    close(m.best_year as number, 9_900 / 10_000 - 1, 'the one year');
    const none = jsonOk(baseRun({ equity: curve([]) }), 'no samples');
    expect(none).toMatchObject({
      ulcer_index: null,
      best_month: null,
      turnover: null,
      current_drawdown: null,
    });
  });

  it('negative equity: return figures null, drawdowns below −100 %', () => {
    const run = baseRun({
      equity: dailyCurve([10_000, 5_000, -2_000, 1_000]),
      finalEquityUnits: 1_000,
      periodsPerYear: 252,
    });
    const values = Float64Array.of(1, 2, 3, 4);
    const m = computeMetrics(run, { benchmark: { label: 'b', values } });
    expect([m.sharpe, m.sortino, m.omega, m.annual_volatility]).toEqual([null, null, null, null]);
    expect([m.alpha, m.beta, m.tracking_error, m.benchmark_periods]).toEqual([null, null, null, 0]);
    close(m.benchmark_return, 3, 'the benchmark itself is still measured');
    close(m.max_drawdown, -1.2, '−2000 / 10000 − 1');
    close(m.current_drawdown, -0.9, '1000 / 10000 − 1');
    close(m.total_return, -0.9, 'total return');
    expect(metricsJson(m)).not.toMatch(/NaN|Infinity/);
    const negativeStart = jsonOk(
      baseRun({ initialCashUnits: -100, equity: dailyCurve([-100, 50]) }),
      'negative start',
    );
    expect(negativeStart).toMatchObject({
      max_drawdown: null,
      ulcer_index: null,
      best_month: null,
      turnover: null,
    });
  });
});
