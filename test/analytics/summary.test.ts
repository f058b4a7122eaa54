import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/analytics/metrics.js';
import { formatSummary, groupDecimal } from '../../src/analytics/summary.js';
import { baseRun, dailyCurve, tinyRun } from './fixtures.js';

describe('formatSummary', () => {
  it('shows the key figures of a run, aligned', () => {
    const run = tinyRun();
    const m = computeMetrics(run);
    const text = formatSummary(run, m, '/tmp/out');
    const lines = text.split('\n');
    const line = (label: string): string => {
      const l = lines.find((x) => x.startsWith('  ' + label + ' '));
      expect(l, `a "${label}" line`).toBeDefined();
      return l!;
    };
    expect(lines[0]).toBe('Backtest summary');
    expect(line('Period')).toContain(
      '2020-01-02T14:30:00Z → 2020-01-03T15:00:00.000250Z  (1.0 days, 5 samples)',
    );
    // amounts share 3 decimals (the exact final equity needs them), so they line up on the point
    expect(line('Initial equity')).toMatch(/ 100,000\.000 USD$/);
    expect(line('Final equity')).toMatch(/ 100,073\.545 USD$/);
    expect(line('Fees')).toMatch(/ 2\.080 USD {2}5 fills$/);
    expect(line('Total return')).toMatch(/ 0\.07%$/); // 73.545 / 100,000
    expect(line('CAGR')).toMatch(new RegExp(` ${(m.cagr! * 100).toFixed(2)}%$`));
    expect(line('Sharpe')).toContain(` ${m.sharpe!.toFixed(2)}  P = 252/yr`);
    expect(line('Sortino')).toMatch(new RegExp(` ${m.sortino!.toFixed(2)}$`));
    expect(line('Max drawdown')).toContain(' -0.05%  longest 1.0 days under water');
    expect(line('Trades')).toMatch(/ 2$/);
    expect(line('Win rate')).toMatch(/ 100\.00%$/);
    expect(line('Profit factor')).toMatch(/ n\/a$/);
    expect(line('Events')).toMatch(/ 10 {2}20 events\/s$/);
    expect(line('Quarantined rows')).toMatch(/ 2 {2}in q\/bars\.quarantine\.csv$/);
    expect(line('Orders rejected')).toMatch(/ 1$/);
    expect(line('Fingerprint')).toContain(m.fingerprint);
    expect(line('Run folder')).toMatch(/ \/tmp\/out$/);
    // every numeric value column ends at the same place
    const ends = ['Initial equity', 'Final equity', 'Total return', 'CAGR', 'Trades', 'Win rate'].map(
      (l) => line(l).length,
    );
    expect(new Set(ends).size, 'right-aligned values').toBe(1);
    expect(line('Sharpe').indexOf('  P =')).toBe(ends[0]);
    expect(text).not.toContain('\x1b[');
  });

  it('uses colours only when asked', () => {
    const run = tinyRun();
    const text = formatSummary(run, computeMetrics(run), null, { color: true });
    expect(text).toContain('\x1b[1mBacktest summary\x1b[0m');
    expect(text).toContain('\x1b[32m0.07%\x1b[0m');
    expect(text).toContain('\x1b[31m-0.05%\x1b[0m');
    expect(text).toContain('(not written)');
  });

  it('prints n/a for undefined figures and leaves out lines that do not apply', () => {
    const run = baseRun({ equity: dailyCurve([10_000, 10_000]) });
    const text = formatSummary(run, computeMetrics(run), null);
    expect(text).toMatch(/Sharpe +n\/a {2}P = 365\.25\/yr\n/);
    expect(text).toMatch(/Win rate +n\/a\n/);
    expect(text).not.toContain('Quarantined');
    expect(text).not.toContain('Orders rejected');
    expect(text).not.toContain('under water');
    const empty = baseRun({ equity: dailyCurve([]) });
    expect(formatSummary(empty, computeMetrics(empty), null)).toContain(
      'Period             no equity samples',
    );
  });

  it('groups thousands and pads decimals', () => {
    expect(groupDecimal('1234567.5', 2)).toBe('1,234,567.50');
    expect(groupDecimal('-1000', 2)).toBe('-1,000.00');
    expect(groupDecimal('999')).toBe('999');
    expect(groupDecimal('0.12345', 2)).toBe('0.12345');
  });
});
