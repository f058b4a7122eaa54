import { describe, expect, it } from 'vitest';
import { computeMetrics, METRIC_KEYS, strategyKey } from '../../src/analytics/metrics.js';
import { metricsJson } from '../../src/analytics/outputs.js';
import { baseRun, curve, DAY, DAY0, dailyCurve, tinyRun, trade } from './fixtures.js';

/** Relative closeness for derived doubles (a few ulps of float error in returns and powers). */
function close(actual: number | string | null, expected: number, what: string): void {
  expect(typeof actual, `${what} is a number`).toBe('number');
  const a = actual as number;
  expect(Math.abs(a - expected), `${what}: ${a} vs ${expected}`).toBeLessThanOrEqual(
    1e-12 * Math.max(1, Math.abs(expected)),
  );
}

const YEAR = 365.25 * DAY;

/**
 * Equity 100 → 110 → 99 → 108.9 → 119.79 (units at scale 2), one sample per 365.25 days.
 * Returns r = +0.1, −0.1, +0.1, +0.1: mean 0.05; deviations 0.05, −0.15, 0.05, 0.05; Σ squares = 0.03;
 * variance 0.03 / 3 = 0.01; stdev 0.1. P inferred = 4 returns / 4 years = 1.
 */
const SERIES = [10_000, 11_000, 9_900, 10_890, 11_979];
function yearlyRun(over = {}) {
  return baseRun({
    equity: curve(SERIES.map((e, i) => [DAY0 + i * YEAR, 0, e] as const)),
    initialCashUnits: 10_000,
    finalEquityUnits: 11_979,
    ...over,
  });
}

describe('computeMetrics: curve figures', () => {
  it('matches the hand-computed figures of a small series', () => {
    const m = computeMetrics(yearlyRun());
    expect(m.periods_per_year).toBe(1);
    expect(m.samples).toBe(5);
    expect(m.initial_equity).toBe(100);
    expect(m.final_equity).toBe(119.79);
    close(m.total_return, 0.1979, 'total_return = 119.79 / 100 − 1');
    close(m.cagr, Math.pow(1.1979, 1 / 4) - 1, 'cagr = 1.1979^(1/4 years) − 1');
    close(m.annual_volatility, 0.1, 'vol = stdev 0.1 · √1');
    close(m.sharpe, 0.5, 'sharpe = 0.05 / 0.1 · √1');
    // downside: only −0.1 → √(0.01 / 4) = 0.05; sortino = 0.05 / 0.05
    close(m.sortino, 1, 'sortino');
    // peak 110, trough 99: 99 / 110 − 1 = −0.1; under water from year 1 to year 4 (119.79 > 110)
    close(m.max_drawdown, -0.1, 'max_drawdown');
    close(m.max_drawdown_duration_days, 3 * 365.25, 'duration: 3 years of 365.25 days');
    close(m.calmar, (Math.pow(1.1979, 1 / 4) - 1) / 0.1, 'calmar = cagr / 0.1');
    expect(m.start).toBe('2020-01-01T00:00:00Z');
    expect(m.end).toBe('2024-01-01T00:00:00Z');
  });

  it('annualises with the configured periods per year and deducts the risk-free rate per period', () => {
    const m = computeMetrics(yearlyRun({ periodsPerYear: 252, riskFreeRate: 0.05 }));
    const rf = Math.pow(1.05, 1 / 252) - 1;
    expect(m.periods_per_year).toBe(252);
    close(m.sharpe, ((0.05 - rf) / 0.1) * Math.sqrt(252), 'sharpe = (mean − rf) / stdev · √252');
    // only −0.1 − rf is below zero: DD = √((0.1 + rf)² / 4) = (0.1 + rf) / 2
    close(m.sortino, ((0.05 - rf) / ((0.1 + rf) / 2)) * Math.sqrt(252), 'sortino');
    close(m.annual_volatility, 0.1 * Math.sqrt(252), 'vol');
    expect(m.risk_free_rate).toBe(0.05);
  });

  it('infers periods per year from the sample spacing, rounded to 2 decimals', () => {
    expect(computeMetrics(baseRun({ equity: dailyCurve([100, 101, 102, 103, 104]) })).periods_per_year).toBe(
      365.25,
    );
    // 253 samples a day apart except one 3-day weekend per 5: spacing of a business-day calendar
    const pts: [number, number, number][] = [];
    let t = DAY0;
    for (let i = 0; i < 253; i++) {
      pts.push([t, 0, 100 + i]);
      t += i % 5 === 4 ? 3 * DAY : DAY;
    }
    const days = (pts[252]![0] - DAY0) / DAY; // 252 returns: 50 weekends of 3 days + 202 days = 352 days
    expect(days).toBe(352);
    const m = computeMetrics(baseRun({ equity: curve(pts) }));
    expect(m.periods_per_year).toBe(Math.round((252 / (352 / 365.25)) * 100) / 100);
    expect(m.periods_per_year).toBe(261.49);
  });

  it('gives null, not NaN, for a flat curve', () => {
    const m = computeMetrics(baseRun({ equity: dailyCurve([10_000, 10_000, 10_000, 10_000]) }));
    expect(m.sharpe).toBeNull();
    expect(m.sortino).toBeNull();
    expect(m.annual_volatility).toBe(0);
    expect(m.max_drawdown).toBe(0);
    expect(m.max_drawdown_duration_days).toBe(0);
    expect(m.calmar).toBeNull();
    expect(m.total_return).toBe(0);
    expect(m.cagr).toBe(0);
    const json = metricsJson(m);
    expect(json).toContain('"sharpe": null');
    expect(json).toContain('"sortino": null');
    expect(json).not.toMatch(/NaN|Infinity/);
  });

  it('handles a single equity sample and an empty curve', () => {
    const one = computeMetrics(baseRun());
    expect(one.samples).toBe(1);
    expect(one.periods_per_year).toBeNull();
    expect(one.sharpe).toBeNull();
    expect(one.sortino).toBeNull();
    expect(one.annual_volatility).toBeNull();
    expect(one.cagr).toBeNull();
    expect(one.max_drawdown).toBe(0);
    expect(one.start).toBe('2020-01-01T00:00:00Z');
    expect(one.end).toBe('2020-01-01T00:00:00Z');
    const none = computeMetrics(baseRun({ equity: curve([]) }));
    expect(none.start).toBeNull();
    expect(none.max_drawdown).toBeNull();
    expect(none.exposure).toBeNull();
    expect(metricsJson(none)).not.toMatch(/NaN|Infinity/);
  });

  it('needs two returns for Sharpe even when periods per year is configured', () => {
    const m = computeMetrics(baseRun({ equity: dailyCurve([100, 110]), periodsPerYear: 252 }));
    expect(m.sharpe).toBeNull();
    expect(m.sortino).toBeNull();
  });

  it('drops return figures when equity reaches zero, and gives null for an overflowing CAGR', () => {
    const m = computeMetrics(
      baseRun({ equity: dailyCurve([100, 0, 50]), finalEquityUnits: 50, initialCashUnits: 100 }),
    );
    expect(m.sharpe).toBeNull();
    expect(m.annual_volatility).toBeNull();
    close(m.max_drawdown, -1, 'equity 0 is a −100 % drawdown');
    close(m.total_return, -0.5, 'total_return');
    // +10 % in one second: 1.1^(31,557,600) overflows a double
    const fast = computeMetrics(
      baseRun({
        equity: curve([
          [DAY0, 0, 100],
          [DAY0 + 1, 0, 110],
        ]),
        initialCashUnits: 100,
        finalEquityUnits: 110,
      }),
    );
    expect(fast.cagr).toBeNull();
    expect(fast.calmar).toBeNull();
  });

  it('measures an unrecovered drawdown to the last sample', () => {
    const m = computeMetrics(baseRun({ equity: dailyCurve([100, 120, 90, 100, 110]) }));
    close(m.max_drawdown, 90 / 120 - 1, 'max_drawdown');
    expect(m.max_drawdown_duration_days).toBe(3);
  });
});

describe('computeMetrics: trades and run facts', () => {
  it('computes trade statistics over round trips (pnl net of fees)', () => {
    const m = computeMetrics(baseRun({ trades: [trade(500), trade(-200), trade(300), trade(-100)] }));
    expect(m.trades).toBe(4);
    expect(m.win_rate).toBe(0.5);
    close(m.profit_factor, 800 / 300, 'profit_factor = (5 + 3) / (2 + 1)');
    expect(m.avg_trade_pnl).toBe(1.25); // 500 units / 4 = 125 → 1.25
    expect(m.avg_win).toBe(4);
    expect(m.avg_loss).toBe(-1.5);
    expect(m.best_trade).toBe(5);
    expect(m.worst_trade).toBe(-2);
  });

  it('has null trade figures without trades', () => {
    const m = computeMetrics(baseRun());
    expect(m.trades).toBe(0);
    for (const k of [
      'win_rate',
      'profit_factor',
      'avg_trade_pnl',
      'avg_win',
      'avg_loss',
      'best_trade',
      'worst_trade',
    ] as const)
      expect(m[k], k).toBeNull();
  });

  it('handles one trade, all losers and all winners', () => {
    const one = computeMetrics(baseRun({ trades: [trade(250)] }));
    expect([one.win_rate, one.profit_factor, one.avg_trade_pnl, one.best_trade, one.worst_trade]).toEqual([
      1,
      null,
      2.5,
      2.5,
      2.5,
    ]);
    const losers = computeMetrics(baseRun({ trades: [trade(-100), trade(-300)] }));
    expect([losers.win_rate, losers.profit_factor, losers.avg_win, losers.avg_loss]).toEqual([
      0,
      0,
      null,
      -2,
    ]);
    // a zero-pnl trade is neither a win nor a loss
    const flat = computeMetrics(baseRun({ trades: [trade(0), trade(100)] }));
    expect([flat.win_rate, flat.profit_factor]).toEqual([0.5, null]);
  });

  it('reports the tiny run exactly', () => {
    const m = computeMetrics(tinyRun());
    expect(m.initial_equity).toBe(100_000);
    expect(m.final_equity).toBe(100_073.545);
    expect(m.total_fees).toBe(2.08);
    expect(m.trades).toBe(2);
    expect(m.win_rate).toBe(1);
    expect(m.best_trade).toBe(73);
    expect(m.worst_trade).toBe(0.545);
    // AAA open from the first sample, BBB until the last fill: 4 of 5 samples hold a position
    expect(m.exposure).toBe(0.8);
    expect(m.rows_quarantined).toBe(2);
    expect(m.orders_rejected).toBe(1);
    expect(m.events).toBe(10);
    expect(m.events_per_sec).toBe(20);
    expect(m.strategy_pair_pnl).toBe(73.545);
    expect(m.strategy_pair_realized).toBe(75.625);
    expect(m.strategy_pair_fees).toBe(2.08);
    expect(m.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('computes exposure from fills in any order', () => {
    const run = tinyRun();
    const reversed = { ...run, fills: [...run.fills].reverse() };
    expect(computeMetrics(reversed).exposure).toBe(0.8);
    expect(computeMetrics({ ...run, fills: [] }).exposure).toBe(0);
  });

  it('counts open positions and gives null events/s without a loop time', () => {
    const m = computeMetrics(
      baseRun({
        events: 5,
        openPositions: [
          { strategyIndex: 0, instrumentId: 0, lots: 10, markTicks: 100, unrealizedUnits: 0 },
          { strategyIndex: 0, instrumentId: 0, lots: 0, markTicks: 100, unrealizedUnits: 0 },
        ],
      }),
    );
    expect(m.open_positions).toBe(1);
    expect(m.events_per_sec).toBeNull();
  });

  it('keys per-strategy figures by a snake_case id, unique per strategy', () => {
    expect(strategyKey('SMA Cross#2')).toBe('sma_cross_2');
    expect(strategyKey('---')).toBe('unnamed');
    const s = (id: string) => ({
      id,
      realizedUnits: 100,
      unrealizedUnits: 50,
      feeUnits: 10,
      orders: 1,
      fills: 1,
    });
    const m = computeMetrics(baseRun({ strategies: [s('Fast'), s('fast')] }));
    expect(m.strategy_fast_pnl).toBe(1.4);
    expect(m.strategy_fast_2_pnl).toBe(1.4);
    expect(m.strategy_fast_unrealized).toBe(0.5);
  });

  it('emits every contract key in a fixed order', () => {
    const m = computeMetrics(tinyRun());
    const keys = Object.keys(m);
    expect(keys.slice(0, METRIC_KEYS.length)).toEqual([...METRIC_KEYS]);
    for (const k of [
      'initial_equity',
      'final_equity',
      'total_return',
      'cagr',
      'sharpe',
      'sortino',
      'max_drawdown',
      'trades',
      'win_rate',
      'profit_factor',
      'events',
      'events_per_sec',
      'fingerprint',
    ])
      expect(keys, k).toContain(k);
  });
});
