import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { checkRiskFree, riskFreePerPeriod } from '../../src/analytics/risk-free.js';
import { DAY, DAY0, dailyCurve } from './fixtures.js';

const rfAt = (r: ReturnType<typeof riskFreePerPeriod>, i: number): number => r.perPeriod[i * r.stride]!;

describe('riskFreePerPeriod', () => {
  it('turns a constant annual rate into (1 + R)^(1/P) − 1 per period', () => {
    const r = riskFreePerPeriod(0.05, dailyCurve([1, 2, 3]), 252);
    expect(rfAt(r, 1)).toBe(Math.pow(1.05, 1 / 252) - 1);
    expect(rfAt(r, 2)).toBe(Math.pow(1.05, 1 / 252) - 1);
    expect(r.meanAnnualRate).toBe(0.05);
    expect(rfAt(riskFreePerPeriod(0.05, dailyCurve([1, 2]), null), 1), 'no P: no per-period rate').toBe(0);
  });

  it('applies a step-wise series with the rate in force at the start of each period', () => {
    // samples at days 0..3; rates: 5 % from day −1, 10 % from day 1.5, 20 % from day 3 (only the
    // last sample, which starts no period)
    const series = {
      tsSec: [DAY0 - DAY, DAY0 + 1.5 * DAY, DAY0 + 3 * DAY],
      annualRate: Float64Array.of(0.05, 0.1, 0.2),
    };
    const r = riskFreePerPeriod(series, dailyCurve([1, 2, 3, 4]), 252);
    expect(r.stride).toBe(1);
    expect(r.perPeriod[1], 'day 0 → 1 at 5 %').toBe(Math.pow(1.05, 1 / 252) - 1);
    expect(r.perPeriod[2], 'day 1 → 2 at 5 % (10 % starts mid-period)').toBe(Math.pow(1.05, 1 / 252) - 1);
    expect(r.perPeriod[3], 'day 2 → 3 at 10 %').toBe(Math.pow(1.1, 1 / 252) - 1);
    expect(r.meanAnnualRate).toBeCloseTo((0.05 + 0.05 + 0.1) / 3, 15);
  });

  it('uses the first rate before the series starts, and entries at a sample time from that sample on', () => {
    // P = 1 so the per-period rate is the annual rate (exact for 0.5 and 0.25)
    const series = { tsSec: [DAY0 + DAY, DAY0 + 2 * DAY], tsNsec: [0, 1], annualRate: [0.5, 0.25] };
    const r = riskFreePerPeriod(series, dailyCurve([1, 2, 3, 4]), 1);
    expect(Array.from(r.perPeriod), '25 % starts 1 ns after sample 2').toEqual([0, 0.5, 0.5, 0.5]);
    const onTime = riskFreePerPeriod({ ...series, tsNsec: [0, 0] }, dailyCurve([1, 2, 3, 4]), 1);
    expect(Array.from(onTime.perPeriod), '25 % starts at sample 2').toEqual([0, 0.5, 0.5, 0.25]);
    expect(riskFreePerPeriod(series, dailyCurve([1]), 1).meanAnnualRate, 'one sample: rate at it').toBe(0.5);
  });

  it('rejects malformed input with a UsageError naming the problem', () => {
    expect(() => checkRiskFree(NaN)).toThrow(UsageError);
    expect(() => checkRiskFree(-1)).toThrow(/> -1/);
    expect(() => checkRiskFree({ tsSec: [], annualRate: [] })).toThrow(/no entries/);
    expect(() => checkRiskFree({ tsSec: [1, 2], annualRate: [0.01] })).toThrow(/same length/);
    expect(() => checkRiskFree({ tsSec: [2, 2], annualRate: [0.01, 0.02] })).toThrow(/entry 1 is not later/);
    expect(() => checkRiskFree({ tsSec: [1, 2], annualRate: [0.01, Infinity] }, 'rf')).toThrow(
      /^rf: annualRate\[1\]/,
    );
  });
});
