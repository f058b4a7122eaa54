import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { DataError } from '../../../src/core/errors.js';
import {
  EmpiricalOrderLatency,
  FixedOrderLatency,
  LatencyOp,
  LogNormalOrderLatency,
  OrderedArrivals,
} from '../../../src/exec/book/latency.js';

describe('book venue latency models', () => {
  it('fixed: one constant per operation and direction', () => {
    const m = new FixedOrderLatency([50_000, 40_000, 30_000], [60_000, 61_000, 62_000]);
    expect([LatencyOp.Submit, LatencyOp.Modify, LatencyOp.Cancel].map((op) => m.entryNs(op, 0))).toEqual([
      50_000, 40_000, 30_000,
    ]);
    expect(m.responseNs(LatencyOp.Cancel, 123)).toBe(62_000);
    expect(() => new FixedOrderLatency([-1, 0, 0], [0, 0, 0])).toThrow(
      /entry latency must be a non-negative/,
    );
  });

  it('log-normal: floor + median × exp(sigma Z), seeded, in call order', () => {
    const spec = { medianNs: 40_000, sigma: 0.5, floorNs: 10_000 };
    const a = new LogNormalOrderLatency(spec, spec, new Rng(7));
    const b = new LogNormalOrderLatency(spec, spec, new Rng(7));
    const draws = Array.from({ length: 20_001 }, () => a.entryNs());
    expect(Array.from({ length: 20_001 }, () => b.entryNs())).toEqual(draws);
    // The same draws by hand from the same generator.
    const rng = new Rng(7);
    expect(draws.slice(0, 5)).toEqual(
      Array.from({ length: 5 }, () => Math.round(10_000 + 40_000 * Math.exp(0.5 * rng.normal()))),
    );
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(10_000);
    const sorted = [...draws].sort((x, y) => x - y);
    const median = sorted[10_000]!;
    expect(median).toBeGreaterThan(48_500);
    expect(median).toBeLessThan(51_500);
    const fixed = new LogNormalOrderLatency({ ...spec, sigma: 0 }, spec, new Rng(1));
    expect(fixed.entryNs()).toBe(50_000);
    expect(() => new LogNormalOrderLatency({ ...spec, sigma: -1 }, spec, new Rng(1))).toThrow(/sigma/);
  });

  it('empirical: gaps interpolated between the recorded requests around t, ends held', () => {
    const m = new EmpiricalOrderLatency({
      file: 'lat.csv',
      requestNs: Float64Array.of(1_000, 2_000, 4_000),
      venueNs: Float64Array.of(1_100, 2_300, 4_100),
      responseNs: Float64Array.of(1_150, 2_500, 4_600),
    });
    // entry gaps 100, 300, 100 at requests 1000, 2000, 4000
    expect(m.entryNs(LatencyOp.Submit, 500)).toBe(100);
    expect(m.entryNs(LatencyOp.Submit, 1_500)).toBe(200);
    expect(m.entryNs(LatencyOp.Submit, 3_000)).toBe(200);
    expect(m.entryNs(LatencyOp.Submit, 3_500)).toBe(150);
    expect(m.entryNs(LatencyOp.Cancel, 9_000)).toBe(100);
    // backwards in time still finds its row
    expect(m.entryNs(LatencyOp.Submit, 1_250)).toBe(150);
    // response gaps 50, 200, 500 at venue times 1100, 2300, 4100
    expect(m.responseNs(LatencyOp.Submit, 1_700)).toBe(125);
    expect(m.responseNs(LatencyOp.Submit, 3_200)).toBe(350);
    expect(m.responseNs(LatencyOp.Submit, 5_000)).toBe(500);
  });

  it('empirical: refuses records that go back in time or answer before they were asked, naming the row', () => {
    const rec = (req: number[], venue: number[], resp: number[]) => ({
      file: 'lat.csv',
      requestNs: Float64Array.from(req),
      venueNs: Float64Array.from(venue),
      responseNs: Float64Array.from(resp),
    });
    expect(() => new EmpiricalOrderLatency(rec([2, 1], [3, 3], [4, 4]))).toThrow(DataError);
    expect(() => new EmpiricalOrderLatency(rec([2, 1], [3, 3], [4, 4]))).toThrow(
      /lat.csv:2: field "request"/,
    );
    expect(() => new EmpiricalOrderLatency(rec([1, 2], [3, 1], [4, 4]))).toThrow(/lat.csv:2: field "venue"/);
    expect(() => new EmpiricalOrderLatency(rec([5], [4], [6]))).toThrow(/venue time before request time/);
    expect(() => new EmpiricalOrderLatency(rec([1], [4], [3]))).toThrow(/response time before venue time/);
    expect(() => new EmpiricalOrderLatency(rec([], [], []))).toThrow(/no latency records/);
  });

  it('ordered arrivals: a later message never overtakes an earlier one unless reordering is allowed', () => {
    const ordered = new OrderedArrivals(false);
    expect(ordered.arrival(0, 100)).toBe(100);
    expect(ordered.arrival(10, 30)).toBe(100);
    expect(ordered.arrival(20, 200)).toBe(220);
    const free = new OrderedArrivals(true);
    expect(free.arrival(0, 100)).toBe(100);
    expect(free.arrival(10, 30)).toBe(40);
  });
});
