import { describe, expect, it } from 'vitest';
import { ImpactModel, type ImpactSpec } from '../../../src/exec/book/impact.js';

const SPEC: ImpactSpec = {
  permanentTicks: 0.5,
  temporaryTicks: 2,
  halfLifeNs: 1_000_000,
  exponent: 1,
  unitLots: 10,
  makerFills: false,
};

describe('market impact (transient exponential + permanent)', () => {
  it('a taker buy of 20 lots shifts by 2 × (0.5 + 2) ticks, the temporary part halving every half-life', () => {
    const m = new ImpactModel(SPEC, 2);
    m.fill(1, 20, true, 5_000_000);
    expect(m.shift(1, 5_000_000)).toBeCloseTo(1 + 4, 12);
    expect(m.shift(1, 6_000_000)).toBeCloseTo(1 + 2, 12);
    expect(m.shift(1, 8_000_000)).toBeCloseTo(1 + 0.5, 12);
    expect(m.shift(0, 8_000_000)).toBe(0); // other instruments untouched
  });

  it('sells push down; the parts add up; the square-root law is concave', () => {
    const m = new ImpactModel(SPEC, 1);
    m.fill(0, 20, true, 0);
    m.fill(0, -10, true, 1_000_000); // temporary 4 -> 2 at t = 1 ms, then −2; permanent 1 − 0.5
    expect(m.shift(0, 1_000_000)).toBeCloseTo(0.5 + 0, 12);
    const sqrt = new ImpactModel({ ...SPEC, exponent: 0.5, temporaryTicks: 0 }, 1);
    sqrt.fill(0, 40, true, 0);
    expect(sqrt.shift(0, 0)).toBeCloseTo(0.5 * 2, 12);
  });

  it('maker fills move nothing unless makerFills is set', () => {
    const m = new ImpactModel(SPEC, 1);
    m.fill(0, 20, false, 0);
    expect(m.shift(0, 0)).toBe(0);
    const all = new ImpactModel({ ...SPEC, makerFills: true }, 1);
    all.fill(0, 20, false, 0);
    expect(all.shift(0, 0)).toBeCloseTo(5, 12);
  });

  it('prices as our orders meet them are rounded against us', () => {
    const m = new ImpactModel({ ...SPEC, temporaryTicks: 0 }, 1);
    m.fill(0, 30, true, 0); // shift +1.5 ticks
    expect(m.priceFor(0, 1, 100, 0)).toBe(102); // a buyer pays ceil(101.5)
    expect(m.priceFor(0, -1, 100, 0)).toBe(101); // a seller gets floor(101.5)
    const down = new ImpactModel({ ...SPEC, temporaryTicks: 0 }, 1);
    down.fill(0, -30, true, 0); // −1.5
    expect(down.priceFor(0, 1, 100, 0)).toBe(99);
    expect(down.priceFor(0, -1, 100, 0)).toBe(98);
    const whole = new ImpactModel({ ...SPEC, temporaryTicks: 0, permanentTicks: 0.1 }, 1);
    for (let i = 0; i < 20; i++) whole.fill(0, 10, true, 0); // 0.1 × 20 = 2 (up to float error)
    expect(whole.priceFor(0, 1, 100, 0)).toBe(102);
    expect(whole.priceFor(0, -1, 100, 0)).toBe(102);
  });

  it('zero parameters leave every price as replayed; bad parameters are refused', () => {
    const off = new ImpactModel({ ...SPEC, permanentTicks: 0, temporaryTicks: 0 }, 1);
    off.fill(0, 1000, true, 0);
    expect(off.priceFor(0, 1, 100, 10)).toBe(100);
    expect(() => new ImpactModel({ ...SPEC, halfLifeNs: 0 }, 1)).toThrow(/half_life/);
    expect(() => new ImpactModel({ ...SPEC, exponent: 1.5 }, 1)).toThrow(/exponent/);
    expect(() => new ImpactModel({ ...SPEC, permanentTicks: -1 }, 1)).toThrow(/permanent_ticks/);
  });
});
