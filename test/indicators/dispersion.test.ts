import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { BollingerBands, bollingerBatch } from '../../src/indicators/bollinger.js';
import { smaBatch } from '../../src/indicators/sma.js';
import { StdDev, ZScore, stddevBatch, zscoreBatch } from '../../src/indicators/stddev.js';
import { indicatorContract, ohlcvWalk } from './contract-suite.js';
import { exactMean, exactPopulationStdDev } from './exact-arith.js';
import { CentsWalk, signedSeries, WideValues } from './series-data.js';

const walk = ohlcvWalk(3000, 1);
const datasets = [
  ['walk', { x: walk.close! }],
  ['signed', { x: signedSeries(3000, 2) }],
] as const;

for (const period of [1, 2, 3, 20, 200])
  for (const [label, data] of datasets) {
    indicatorContract({
      name: `StdDev(${period}) on ${label}`,
      make: () => new StdDev(period),
      warmup: period,
      update: (ind, cols, i) => ind.update(cols.x![i]!),
      batch: (cols) => ({ value: stddevBatch(cols.x!, period) }),
      fields: ['x'],
      data,
    });
    indicatorContract({
      name: `ZScore(${period}) on ${label}`,
      make: () => new ZScore(period),
      warmup: period,
      update: (ind, cols, i) => ind.update(cols.x![i]!),
      batch: (cols) => ({ value: zscoreBatch(cols.x!, period) }),
      fields: ['x'],
      data,
    });
    for (const k of [2, 0.5])
      indicatorContract({
        name: `BollingerBands(${period}, ${k}) on ${label}`,
        make: () => new BollingerBands(period, k),
        warmup: period,
        update: (ind, cols, i) => ind.update(cols.x![i]!),
        batch: (cols) => ({ ...bollingerBatch(cols.x!, period, k) }),
        fields: ['x'],
        data,
        // bandwidth divides by the middle band, which is 0 on some windows of the signed series.
        mayBeNaN: label === 'signed' ? ['bandwidth'] : [],
      });
  }

describe('StdDev, ZScore and Bollinger by hand', () => {
  it('population standard deviation of 2, 4, 4, 4, 5, 5, 7, 9 is 2; its last z-score is 2', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(stddevBatch(xs, 8)[7], 'σ = √(32/8)').toBe(2);
    expect(zscoreBatch(xs, 8)[7], '(9 − 5)/2').toBe(2);
    const sd = new StdDev(8);
    xs.forEach((x) => sd.update(x));
    expect(sd.value, 'streaming').toBe(2);
  });

  it('Bollinger(5, 2) of 1..5: middle 3, σ = √2, bands 3 ± 2√2, %B of 5 = ½ + 1/(2√2)', () => {
    const bb = new BollingerBands(5, 2);
    [1, 2, 3, 4].forEach((x) => expect(bb.update(x), 'warming').toBeNaN());
    expect(bb.update(5), 'value is the middle band').toBe(3);
    expect(bb.middle, 'middle').toBe(3);
    expect(bb.upper, 'upper').toBeCloseTo(3 + 2 * Math.SQRT2, 14);
    expect(bb.lower, 'lower').toBeCloseTo(3 - 2 * Math.SQRT2, 14);
    expect(bb.bandwidth, '(upper − lower)/middle').toBeCloseTo((4 * Math.SQRT2) / 3, 14);
    expect(bb.percentB, '(5 − lower)/(upper − lower)').toBeCloseTo(0.5 + 1 / (2 * Math.SQRT2), 14);
  });

  it('a flat window has σ = 0, z = 0, %B = ½ and bands on the middle', () => {
    const flat = [5, 5, 5, 5, 5, 5];
    expect(Array.from(stddevBatch(flat, 3)).slice(2), 'σ').toEqual([0, 0, 0, 0]);
    expect(Array.from(zscoreBatch(flat, 3)).slice(2), 'z').toEqual([0, 0, 0, 0]);
    const bb = bollingerBatch(flat, 3);
    expect(Array.from(bb.percentB).slice(2), '%B').toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(bb.upper).slice(2), 'upper').toEqual([5, 5, 5, 5]);
    // 0.1² is not a double: a flat window of 0.1 right after a 9 is 0 to within an ulp of 9 (1.8e-15).
    const out = stddevBatch([1, 9, 3, 0.1, 0.1, 0.1, 0.1], 3);
    expect(out[5], 'flat window 0.1, 0.1, 0.1').toBeLessThan(1.8e-15);
    expect(out[6], 'flat window 0.1, 0.1, 0.1').toBeLessThan(1.8e-15);
  });

  it('the middle band is the SMA bit for bit; σ agrees with a two-pass reference', () => {
    const xs = walk.close!;
    for (const n of [2, 20, 77]) {
      const bb = bollingerBatch(xs, n);
      const sma = smaBatch(xs, n);
      const sd = stddevBatch(xs, n);
      for (let i = n - 1; i < xs.length; i++) {
        if (bb.middle[i] !== sma[i]) expect.fail(`n ${n} row ${i}: middle ${bb.middle[i]} != SMA ${sma[i]}`);
        let m = 0;
        for (let j = i + 1 - n; j <= i; j++) m += xs[j]!;
        m /= n;
        let v = 0;
        for (let j = i + 1 - n; j <= i; j++) v += (xs[j]! - m) ** 2;
        const want = Math.sqrt(v / n);
        // Relative agreement, or within an ulp-sized floor where σ is ~0 (flat bars repeat a close).
        if (Math.abs(sd[i]! - want) > 1e-12 * want + 1e-13)
          expect.fail(`n ${n} row ${i}: σ ${sd[i]} vs two-pass ${want}`);
        if (Math.abs(bb.upper[i]! - (sma[i]! + 2 * sd[i]!)) > 1e-12 * sma[i]!)
          expect.fail(`n ${n} row ${i}: upper band`);
      }
    }
  });

  it('rejects a bad k and period', () => {
    expect(() => new BollingerBands(20, 0), 'k = 0').toThrow(UsageError);
    expect(() => new BollingerBands(20, NaN), 'k = NaN').toThrow(UsageError);
    expect(() => new StdDev(0), 'period 0').toThrow(UsageError);
  });
});

// Bollinger's middle band is the SMA bit for bit (checked above; SMA exactness in sma.test.ts) and its σ
// comes from the same WindowMoments as StdDev, so the long run checks StdDev against exact moments.
describe('StdDev exactness over 10 M updates', () => {
  const periods = [2, 20, 1000];
  const total = 10_000_000;
  const checkEvery = 1_000_000;

  function run(label: string, next: () => number): void {
    const sds = periods.map((p) => new StdDev(p));
    const window = new Float64Array(1000);
    for (let u = 1; u <= total; u++) {
      const x = next();
      window[u % 1000] = x;
      for (let k = 0; k < periods.length; k++) {
        sds[k]!.update(x);
      }
      // Check at a wrap of every period (multiples of 1000) and between wraps (u ≡ 7).
      if (u < checkEvery || (u % checkEvery !== 0 && u % checkEvery !== 7)) continue;
      periods.forEach((p, k) => {
        const last = Array.from({ length: p }, (_, j) => window[(u - p + 1 + j) % 1000]!);
        const mean = exactMean(last);
        const sd = exactPopulationStdDev(last);
        // A flat window (exact σ = 0) may leave about an ulp of the recent values (see stddev.ts).
        const rel = sd === 0 ? Math.abs(sds[k]!.value / mean) / 4 : Math.abs(sds[k]!.value - sd) / sd;
        if (!(rel < 1e-15))
          expect.fail(`${label}: StdDev(${p}) after ${u} updates ${sds[k]!.value}, exact ${sd} (rel ${rel})`);
      });
    }
  }

  it('prices in cents: σ within 1e-15 relative of the exact σ at every checkpoint (no drift)', () => {
    const w = new CentsWalk(11);
    run('cents walk', () => w.next());
  });

  it('signed values from 1e-3 to 1e6: the same', () => {
    const w = new WideValues(12);
    run('wide values', () => w.next());
  });
});
