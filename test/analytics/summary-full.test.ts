import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/analytics/metrics.js';
import { formatSummary } from '../../src/analytics/summary.js';
import { tinyRun } from './fixtures.js';

describe('formatSummary: figures of the full metrics set', () => {
  it('shows Calmar and time in market, and the benchmark only when there is one', () => {
    const run = tinyRun();
    const base = computeMetrics(run);
    const plain = formatSummary(run, base, null);
    expect(base.calmar, 'the tiny run has a drawdown, so Calmar is defined').not.toBeNull();
    expect(plain).toMatch(new RegExp(`\\n {2}Calmar +${base.calmar!.toFixed(2)}\\n`));
    expect(plain).toMatch(/\n {2}Time in market +100\.00%\n/);
    expect(plain, 'no benchmark line without a benchmark').not.toContain('Benchmark');
    const values = Float64Array.of(100, 101, 99, 102, 103);
    const m = computeMetrics(run, { benchmark: { label: 'buy and hold AAA', values } });
    const text = formatSummary(run, m, null);
    const line = text.split('\n').find((l) => l.startsWith('  Benchmark '));
    expect(line, 'a benchmark line').toBeDefined();
    expect(line).toContain(' 3.00%  buy and hold AAA; alpha ');
    expect(line).toMatch(/, beta -?\d+\.\d\d$/);
  });
});
