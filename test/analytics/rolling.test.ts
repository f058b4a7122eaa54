import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UsageError } from '../../src/core/errors.js';
import { rollingMetrics, rollingSharpe, rollingVolatility } from '../../src/analytics/rolling.js';
import { dailyCurve } from './fixtures.js';

/** Two-pass reference over one window of returns: [vol, sharpe] or NaN. */
function naive(e: number[], i: number, w: number, P: number, rf: number): [number, number] {
  if (i < w) return [NaN, NaN];
  const r: number[] = [];
  for (let j = i - w + 1; j <= i; j++) {
    if (!(e[j - 1]! > 0)) return [NaN, NaN];
    r.push(e[j]! / e[j - 1]! - 1);
  }
  const x = r.map((v) => v - rf);
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const sd = (a: number[]) => {
    const m = mean(a);
    return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1));
  };
  const sx = sd(x);
  return [sd(r) * Math.sqrt(P), sx > 0 ? (mean(x) / sx) * Math.sqrt(P) : NaN];
}

function near(a: number, b: number, what: string): void {
  if (Number.isNaN(b)) expect(a, `${what}: NaN expected`).toBeNaN();
  else expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
}

describe('rollingMetrics', () => {
  it('matches hand-computed windows of two returns', () => {
    // r = 1, −0.5, 1, 1 (exact): windows (1, −.5): mean .25, sd √(2 · .75² / 1) = 1.0607;
    // (−.5, 1) the same; (1, 1): sd 0 → vol 0, Sharpe undefined
    const c = dailyCurve([100, 200, 100, 200, 400]);
    const { volatility, sharpe } = rollingMetrics(c, { window: 2, periodsPerYear: 1 });
    const sd = Math.sqrt(2 * 0.75 ** 2);
    expect(Array.from(volatility)).toEqual([NaN, NaN, sd, sd, 0]);
    expect(Array.from(sharpe)).toEqual([NaN, NaN, 0.25 / sd, 0.25 / sd, NaN]);
  });

  it('agrees with a two-pass reference on random curves (including flat stretches and a wipe-out)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -300, max: 300 }), fc.constant(0)), {
          minLength: 1,
          maxLength: 120,
        }),
        fc.integer({ min: 2, max: 12 }),
        fc.constantFrom(0, 0.03),
        fc.boolean(),
        (steps, w, rate, wipe) => {
          const e: number[] = [10_000];
          for (const s of steps) e.push(e[e.length - 1]! + s * 7);
          if (wipe && e.length > 5) e[Math.floor(e.length / 2)] = 0;
          const P = 252;
          const rf = Math.pow(1 + rate, 1 / P) - 1;
          const out = rollingMetrics(dailyCurve(e), { window: w, periodsPerYear: P, riskFree: rate });
          for (let i = 0; i < e.length; i++) {
            const [v, s] = naive(e, i, w, P, rf);
            near(out.volatility[i]!, v, `vol at ${i}`);
            near(out.sharpe[i]!, s, `sharpe at ${i}`);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives an exact 0 volatility and no Sharpe over a flat stretch of a long curve', () => {
    const e: number[] = [];
    for (let i = 0; i < 5000; i++) e.push(i < 3000 ? 1_000_000 + ((i * 7919) % 1000) : 2_000_000);
    const { volatility, sharpe } = rollingMetrics(dailyCurve(e), { window: 50, periodsPerYear: 252 });
    expect(volatility[4999]).toBe(0);
    expect(sharpe[4999]).toBeNaN();
    expect(volatility[3010]).toBeGreaterThan(0);
  });

  it('offers volatility and Sharpe alone, and rejects bad windows', () => {
    const c = dailyCurve([100, 110, 99, 120, 130]);
    const both = rollingMetrics(c, { window: 3, periodsPerYear: 12, riskFree: 0.02 });
    expect(rollingVolatility(c, 3, 12)).toEqual(both.volatility);
    expect(rollingSharpe(c, 3, 12, 0.02)).toEqual(both.sharpe);
    expect(() => rollingMetrics(c, { window: 1, periodsPerYear: 12 })).toThrow(UsageError);
    expect(() => rollingMetrics(c, { window: 2.5, periodsPerYear: 12 })).toThrow(/integer >= 2/);
    expect(() => rollingMetrics(c, { window: 2, periodsPerYear: 0 })).toThrow(/periods per year/);
    expect(rollingMetrics(dailyCurve([]), { window: 2, periodsPerYear: 1 }).volatility.length).toBe(0);
  });
});
