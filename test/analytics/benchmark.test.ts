import { describe, expect, it } from 'vitest';
import { allocBarTable } from '../../src/data/bars.js';
import { UsageError } from '../../src/core/errors.js';
import { benchmarkStats, buyAndHoldBenchmark } from '../../src/analytics/benchmark.js';
import { riskFreePerPeriod } from '../../src/analytics/risk-free.js';
import { curve, DAY, DAY0, dailyCurve } from './fixtures.js';

function close(actual: number | null, expected: number, what: string): void {
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    1e-12 * Math.max(1, Math.abs(expected)),
  );
}

const YEAR = 365.25 * DAY;
/** Strategy r = .1, −.1, .1, .1; benchmark b = .1, 0, −.05, .1. */
const EQUITY = curve([10_000, 11_000, 9_900, 10_890, 11_979].map((e, i) => [DAY0 + i * YEAR, 0, e] as const));
const BENCH = { label: 'index', values: Float64Array.of(50, 55, 55, 52.25, 57.475) };
const noRf = (c = EQUITY, P: number | null = 1) => riskFreePerPeriod(0, c, P);

describe('benchmarkStats', () => {
  it('matches the hand-computed figures (rf = 0, P = 1)', () => {
    // mean r .05, mean b .0375; cov = Σ (r − .05)(b − .0375) / 3 = .0075 / 3 = .0025;
    // var b = .016875 / 3 = .005625; var r = .01
    const s = benchmarkStats(EQUITY, BENCH, noRf(), 1);
    expect(s.periods).toBe(4);
    close(s.beta, 0.0025 / 0.005625, 'beta = cov / var(b) = 4/9');
    close(s.alpha, 0.05 - (4 / 9) * 0.0375, 'alpha = mean r − beta · mean b = 1/30');
    close(s.correlation, 0.0025 / Math.sqrt(0.01 * 0.005625), 'correlation = 1/3');
    // a = r − b = 0, −.1, .15, 0: mean .0125, Σ (a − mean)² = .031875, var = .010625
    close(s.trackingError, Math.sqrt(0.010625), 'tracking error = sd(a)');
    close(s.informationRatio, 0.0125 / Math.sqrt(0.010625), 'IR = mean(a) / sd(a)');
    close(s.totalReturn, 57.475 / 50 - 1, 'benchmark return');
  });

  it('annualises with P and deducts the risk-free rate in the regression', () => {
    const P = 4;
    const rf = riskFreePerPeriod(0.1, EQUITY, P);
    const k = Math.pow(1.1, 1 / P) - 1;
    const s = benchmarkStats(EQUITY, BENCH, rf, P);
    close(s.beta, 4 / 9, 'a constant rf leaves beta unchanged');
    close(s.alpha, (0.05 - k - (4 / 9) * (0.0375 - k)) * P, 'alpha = (mean x − beta · mean y) · P');
    close(s.trackingError, Math.sqrt(0.010625) * 2, 'tracking error · √4');
    close(s.informationRatio, (0.0125 / Math.sqrt(0.010625)) * 2, 'IR · √4');
  });

  it('skips periods without a benchmark value and counts the ones used', () => {
    const values = Float64Array.of(NaN, 55, 55, 52.25, 57.475);
    const s = benchmarkStats(EQUITY, { label: 'late', values }, noRf(), 1);
    expect(s.periods, 'the first period has no benchmark return').toBe(3);
    close(s.totalReturn, 57.475 / 55 - 1, 'from the first value it has');
    const few = benchmarkStats(
      EQUITY,
      { label: 'x', values: Float64Array.of(NaN, NaN, NaN, 1, 2) },
      noRf(),
      1,
    );
    expect([few.periods, few.beta, few.alpha, few.trackingError]).toEqual([1, null, null, null]);
  });

  it('gives null where a variance is zero or returns are undefined, and rejects a misaligned series', () => {
    const flat = benchmarkStats(EQUITY, { label: 'cash', values: new Float64Array(5).fill(7) }, noRf(), 1);
    expect([flat.beta, flat.alpha, flat.correlation, flat.totalReturn]).toEqual([null, null, null, 0]);
    close(flat.trackingError, 0.1, 'tracking error against a flat benchmark = sd(r)');
    const same = benchmarkStats(
      dailyCurve([100, 110, 121]),
      { label: 's', values: Float64Array.of(1, 1.1, 1.21) },
      noRf(dailyCurve([100, 110, 121]), 252),
      252,
    );
    expect(same.informationRatio, 'identical returns: tracking error 0, IR undefined').toBeNull();
    expect(same.trackingError, 'rounding residue of equal returns counts as 0').toBe(0);
    const wiped = dailyCurve([100, -5, 10]);
    const w = benchmarkStats(wiped, { label: 'x', values: Float64Array.of(1, 2, 3) }, noRf(wiped, 252), 252);
    expect([w.beta, w.alpha, w.periods]).toEqual([null, null, 0]);
    expect(
      benchmarkStats(EQUITY, BENCH, noRf(EQUITY, null), null).alpha,
      'no P: no annualised alpha',
    ).toBeNull();
    expect(() => benchmarkStats(EQUITY, { label: 'short', values: new Float64Array(3) }, noRf(), 1)).toThrow(
      UsageError,
    );
    const infinite = Float64Array.of(50, Infinity, 55, 52.25, 57.475);
    expect(() => benchmarkStats(EQUITY, { label: 'inf', values: infinite }, noRf(), 1)).toThrow(
      /benchmark "inf": value 1 is Infinity/,
    );
  });
});

describe('buyAndHoldBenchmark', () => {
  it('takes the last close at or before each sample, NaN before the first bar', () => {
    const t = allocBarTable('AAA', { units: 1, scale: 2 }, 3);
    t.length = 3;
    t.tsSec.set([DAY0 + 100, DAY0 + 200, DAY0 + 300]);
    t.tsNsec.set([0, 500, 0]);
    t.close.set([1000, 1100, 1210]); // 10.00, 11.00, 12.10
    const c = curve([
      [DAY0 + 50, 0, 1],
      [DAY0 + 100, 0, 1],
      [DAY0 + 200, 499, 1],
      [DAY0 + 200, 500, 1],
      [DAY0 + 250, 0, 1],
      [DAY0 + 400, 0, 1],
    ]);
    const b = buyAndHoldBenchmark(t, c);
    expect(b.label).toBe('buy and hold AAA');
    expect(Array.from(b.values)).toEqual([NaN, 10, 10, 11, 11, 12.1]);
  });
});
