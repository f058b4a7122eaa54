import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Instrument } from '../../src/core/instrument.js';
import type { FillRecord } from '../../src/exec/fill.js';
import { exposureStats, tradedValueUnits } from '../../src/analytics/exposure.js';
import { curve, DAY0 } from './fixtures.js';

/** Per-sample reference: replay every fill at or before each sample, count samples and intervals held. */
function naive(
  times: number[],
  fills: FillRecord[],
): { exposure: number | null; timeInMarket: number | null } {
  const n = times.length;
  if (n === 0) return { exposure: null, timeInMarket: null };
  const openAt: boolean[] = times.map((t) => {
    const lots = new Map<string, number>();
    for (const f of fills)
      if (f.tsSec <= t) {
        const k = `${f.strategyIndex}/${f.instrumentId}`;
        lots.set(k, (lots.get(k) ?? 0) + f.side * f.lots);
      }
    return [...lots.values()].some((v) => v !== 0);
  });
  let held = 0;
  for (let i = 1; i < n; i++) if (openAt[i - 1]) held += times[i]! - times[i - 1]!;
  const span = times[n - 1]! - times[0]!;
  return { exposure: openAt.filter(Boolean).length / n, timeInMarket: span > 0 ? held / span : null };
}

describe('exposureStats', () => {
  it('agrees with a per-sample replay for random fills and sample times', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 25 }),
        fc.array(
          fc.record({
            t: fc.integer({ min: -5, max: 65 }),
            s: fc.integer({ min: 0, max: 1 }),
            inst: fc.integer({ min: 0, max: 2 }),
            side: fc.constantFrom(1 as const, -1 as const),
            lots: fc.integer({ min: 1, max: 3 }),
          }),
          { maxLength: 30 },
        ),
        (rawTimes, raw) => {
          const times = [...rawTimes].sort((a, b) => a - b).map((t) => DAY0 + t * 60);
          const fills: FillRecord[] = raw.map((r, k) => ({
            tsSec: DAY0 + r.t * 60,
            tsNsec: 0,
            strategyIndex: r.s,
            instrumentId: r.inst,
            orderId: k + 1,
            side: r.side,
            lots: r.lots,
            priceTicks: 100,
            feeUnits: 0,
            liquidity: 'taker',
          }));
          const got = exposureStats(curve(times.map((t) => [t, 0, 100] as const)), fills);
          const want = naive(times, fills);
          expect(got.exposure).toBeCloseTo(want.exposure!, 12);
          if (want.timeInMarket === null) expect(got.timeInMarket).toBeNull();
          else expect(got.timeInMarket).toBeCloseTo(want.timeInMarket, 12);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('orders fills at one second by nanoseconds against the samples', () => {
    const c = curve([
      [DAY0, 100, 1],
      [DAY0, 200, 1],
      [DAY0 + 1, 0, 1],
    ]);
    const f = (ns: number, side: 1 | -1): FillRecord => ({
      tsSec: DAY0,
      tsNsec: ns,
      strategyIndex: 0,
      instrumentId: 0,
      orderId: 1,
      side,
      lots: 1,
      priceTicks: 1,
      feeUnits: 0,
      liquidity: 'maker',
    });
    // bought at 150 ns (counts from the 200 ns sample), sold at 200 ns (same sample): never held at a sample
    expect(exposureStats(c, [f(150, 1), f(200, -1)]).exposure).toBe(0);
    expect(exposureStats(c, [f(150, 1), f(201, -1)]).exposure, 'held at the 200 ns sample only').toBe(1 / 3);
  });
});

describe('tradedValueUnits', () => {
  it('sums |price × quantity × multiplier| in cash units at the account scale', () => {
    const es = new Instrument(0, { symbol: 'ES', tickSize: '0.25', multiplier: 50 });
    const fill = (lots: number, priceTicks: number, side: 1 | -1): FillRecord => ({
      tsSec: DAY0,
      tsNsec: 0,
      strategyIndex: 0,
      instrumentId: 0,
      orderId: 1,
      side,
      lots,
      priceTicks,
      feeUnits: 0,
      liquidity: 'taker',
    });
    // 2 × 4000.00 × 50 + 1 × 4000.25 × 50 = 600,012.50 → units at scale 2
    expect(tradedValueUnits([fill(2, 16_000, 1), fill(1, 16_001, -1)], [es], 2)).toBe(60_001_250);
    expect(() => tradedValueUnits([{ ...fill(1, 1, 1), instrumentId: 3 }], [es], 2)).toThrow(
      /instrument id 3/,
    );
  });
});
