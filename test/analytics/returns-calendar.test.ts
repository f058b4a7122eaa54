import { describe, expect, it } from 'vitest';
import { calendarReturns } from '../../src/analytics/returns-calendar.js';
import { curve } from './fixtures.js';

const at = (iso: string): number => Date.parse(iso) / 1000;

function close(actual: number | null | undefined, expected: number, what: string): void {
  expect(typeof actual, `${what} is a number`).toBe('number');
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-12);
}

/**
 * Initial cash 100. Samples: Jan 15 → 100, Jan 31 23:59:59 → 110, Feb 10 → 99, (no March sample),
 * Apr 1 → 108.9, Dec 31 → 120, 2021-01-01T00:00:00 → 132 (a new month and year to the second).
 */
const RUN = {
  initialCashUnits: 100,
  equity: curve([
    [at('2020-01-15T00:00:00Z'), 0, 100],
    [at('2020-01-31T23:59:59Z'), 999_999_999, 110],
    [at('2020-02-10T00:00:00Z'), 0, 99],
    [at('2020-04-01T00:00:00Z'), 0, 108.9],
    [at('2020-12-31T12:00:00Z'), 0, 120],
    [at('2021-01-01T00:00:00Z'), 0, 132],
  ]),
};

describe('calendarReturns', () => {
  it('computes UTC monthly returns from month-end equity, the first against the initial cash', () => {
    const { monthly } = calendarReturns(RUN);
    expect(monthly).toHaveLength(13);
    expect(monthly.map((m) => `${m.year}-${m.month}`)).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `2020-${i + 1}`),
      '2021-1',
    ]);
    close(monthly[0]!.return, 0.1, 'Jan: 110 / 100 − 1');
    expect(monthly[0]!.samples).toBe(2);
    close(monthly[1]!.return, 99 / 110 - 1, 'Feb: 99 / 110 − 1');
    expect(monthly[2], 'March has no sample').toEqual({ year: 2020, month: 3, return: null, samples: 0 });
    close(monthly[3]!.return, 108.9 / 99 - 1, 'Apr: against the end of Feb');
    for (let m = 4; m < 11; m++) expect(monthly[m]!.return, `month ${m + 1} is empty`).toBeNull();
    close(monthly[11]!.return, 120 / 108.9 - 1, 'Dec');
    close(monthly[12]!.return, 0.1, 'Jan 2021: 132 / 120 − 1 (midnight starts the new month)');
  });

  it('computes annual returns and compounds back to the total return', () => {
    const { monthly, annual } = calendarReturns(RUN);
    expect(annual).toHaveLength(2);
    expect(annual[0]!.year).toBe(2020);
    close(annual[0]!.return, 0.2, '2020: 120 / 100 − 1');
    expect(annual[0]!.samples).toBe(5);
    close(annual[1]!.return, 0.1, '2021: 132 / 120 − 1');
    const product = monthly.reduce((p, m) => (m.return === null ? p : p * (1 + m.return)), 1);
    close(product, 1.32, 'Π (1 + monthly) = final / initial');
  });

  it('handles no samples, a single sample and a non-positive base', () => {
    expect(calendarReturns({ initialCashUnits: 100, equity: curve([]) })).toEqual({
      monthly: [],
      annual: [],
    });
    const one = calendarReturns({
      initialCashUnits: 100,
      equity: curve([[at('2020-03-05T00:00:00Z'), 0, 95]]),
    });
    expect(one.monthly).toHaveLength(1);
    close(one.monthly[0]!.return, -0.05, 'one sample: against the initial cash');
    close(one.annual[0]!.return, -0.05, 'the year too');
    const wiped = calendarReturns({
      initialCashUnits: 100,
      equity: curve([
        [at('2020-01-05T00:00:00Z'), 0, -10],
        [at('2020-02-05T00:00:00Z'), 0, 20],
      ]),
    });
    close(wiped.monthly[0]!.return, -1.1, 'Jan: −10 / 100 − 1');
    expect(wiped.monthly[1]!.return, 'Feb: a base of −10 gives no return').toBeNull();
  });

  it('spans several years with empty years as null rows', () => {
    const r = calendarReturns({
      initialCashUnits: 100,
      equity: curve([
        [at('2019-06-01T00:00:00Z'), 0, 100],
        [at('2021-06-01T00:00:00Z'), 0, 150],
      ]),
    });
    expect(r.monthly).toHaveLength(25);
    expect(r.annual.map((a) => [a.year, a.return, a.samples])).toEqual([
      [2019, 0, 1],
      [2020, null, 0],
      [2021, 0.5, 1],
    ]);
  });
});
