import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../../src/indicators/micro/normal.js';
import { VPIN, vpinBatch, type VpinOptions } from '../../../src/indicators/micro/vpin.js';
import { indicatorContract } from '../contract-suite.js';
import { tradeStream } from './gen.js';

// Readiness is volume-driven; `warmup` (K + 1) is attained when update K + 1 alone fills the n buckets, so
// the contract runs on trades of at least n · V: every update completes and splits many buckets.
const bigTrades = tradeStream(2000, 7, 1000, 5000);
const BIG: VpinOptions = { bucketVolume: 100, buckets: 10, sigmaWindow: 20 };

indicatorContract({
  name: 'VPIN(V=100, n=10, K=20) on trades of >= n·V',
  make: () => new VPIN(BIG),
  warmup: 21,
  update: (ind, c, i) => ind.update(c.price![i]!, c.volume![i]!),
  batch: (c) => ({ value: vpinBatch(c.price!, c.volume!, BIG) }),
  fields: ['price', 'volume'],
  data: bigTrades,
});

/** Straightforward VPIN: every bucket stored one by one, the window re-summed each time. */
function naiveVpin(price: number[], volume: number[], o: Required<VpinOptions>): number[] {
  const V = o.bucketVolume;
  const changes: number[] = [];
  const buckets: number[] = [];
  let fill = 0;
  let fillBuy = 0;
  const out: number[] = [];
  for (let i = 0; i < price.length; i++) {
    if (i > 0) changes.push(price[i]! - price[i - 1]!);
    if (changes.length >= o.sigmaWindow) {
      const w = changes.slice(-o.sigmaWindow);
      const mean = w.reduce((s, x) => s + x, 0) / w.length;
      const sd = Math.sqrt(w.reduce((s, x) => s + (x - mean) ** 2, 0) / (w.length - 1));
      const d = changes[changes.length - 1]!;
      const f = d === 0 ? 0.5 : normalCdf(d / sd);
      let v = volume[i]!;
      while (v >= V - fill) {
        const part = V - fill;
        buckets.push(Math.abs(V - 2 * (fillBuy + f * part)));
        v -= part;
        fill = 0;
        fillBuy = 0;
      }
      fill += v;
      fillBuy += f * v;
    }
    out.push(
      buckets.length >= o.buckets
        ? buckets.slice(-o.buckets).reduce((s, x) => s + x, 0) / (o.buckets * V)
        : NaN,
    );
  }
  return out;
}

describe('VPIN', () => {
  it('hand-computed: classification, splitting across buckets, the rolling mean', () => {
    // V = 10, n = 2, K = 2 (σ: sample sd of the last 2 price changes, current included).
    const ind = new VPIN({ bucketVolume: 10, buckets: 2, sigmaWindow: 2 });
    ind.update(100, 5); // reference price, σ warm-up
    ind.update(101, 3); // d = +1, only one change: warm-up
    expect(ind.unbucketedVolume, 'the first K updates are not bucketed').toBe(8);
    // d = −1, changes [1, −1]: sd = √2, buy fraction f3 = Φ(−1/√2) ≈ 0.23975; bucket 1 holds 4.
    expect(ind.update(100, 4)).toBeNaN();
    const f3 = normalCdf(-1 / Math.sqrt(2));
    expect(Math.abs(f3 - 0.23975006109347674), 'Φ(−1/√2) vs mpmath').toBeLessThanOrEqual(1.5e-16);
    // d = +2, changes [−1, 2]: sd = √4.5, f4 = Φ(2/√4.5); 6 of 12 complete bucket 1, 6 carry over.
    expect(ind.update(102, 12), 'one bucket of two').toBeNaN();
    const f4 = normalCdf(2 / Math.sqrt(4.5));
    // d = −1, changes [2, −1]: f5 = Φ(−1/√4.5); 4 complete bucket 2, the other 21 fill buckets 3 and 4
    // (each |10 − 20 f5|) and leave 1 in bucket 5. The window is buckets 3 and 4.
    const f5 = normalCdf(-1 / Math.sqrt(4.5));
    expect(ind.update(101, 25), 'VPIN = |1 − 2 f5|').toBeCloseTo(Math.abs(1 - 2 * f5), 15);
    expect(ind.completedBuckets).toBe(4);
    // d = +2, changes [−1, 2]: f6 = f4; 9 exactly complete bucket 5 (1 at f5 + 9 at f6). Window: 4 and 5.
    const bucket5 = Math.abs(10 - 2 * (f5 + 9 * f4));
    expect(ind.update(103, 9)).toBeCloseTo((10 * Math.abs(1 - 2 * f5) + bucket5) / 20, 15);
  });

  it('one giant trade costs O(1) and fills the whole window with its own imbalance', () => {
    const ind = new VPIN({ bucketVolume: 1, buckets: 50, sigmaWindow: 2 });
    ind.update(100, 0);
    ind.update(101, 0);
    ind.update(100, 0);
    // d = 0.5, changes [−1, 0.5]: sample variance (1.25 − 0.25/2) / 1 = 1.125.
    const f = normalCdf(0.5 / Math.sqrt(1.125));
    expect(ind.update(100.5, 1e12), 'VPIN of 1e12 single-unit buckets = |1 − 2f|').toBeCloseTo(
      Math.abs(1 - 2 * f),
      15,
    );
    expect(ind.completedBuckets).toBe(1e12);
  });

  it('agrees with a bucket-by-bucket implementation on random trades (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ dp: fc.integer({ min: -3, max: 3 }), v: fc.integer({ min: 0, max: 40 }) }), {
          minLength: 1,
          maxLength: 120,
        }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 2, max: 5 }),
        (rows, V, n, K) => {
          const price: number[] = [];
          let p = 100;
          for (const r of rows) price.push((p += r.dp));
          const volume = rows.map((r) => r.v);
          const o = { bucketVolume: V, buckets: n, sigmaWindow: K };
          const got = vpinBatch(price, volume, o);
          const want = naiveVpin(price, volume, o);
          for (let i = 0; i < rows.length; i++) {
            if (Number.isNaN(want[i]!) !== Number.isNaN(got[i]!)) return false;
            if (Math.abs(want[i]! - got[i]!) > 1e-12) return false;
          }
          return true;
        },
      ),
    );
  });

  it('on ordinary trades: streaming equals batch, in [0, 1], and reset replays', () => {
    const t = tradeStream(20_000, 8);
    const o = { bucketVolume: 5000, buckets: 20, sigmaWindow: 50 };
    const batch = vpinBatch(t.price!, t.volume!, o);
    const ind = new VPIN(o);
    let firstReady = -1;
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < t.price!.length; i++) {
        const v = ind.update(t.price![i]!, t.volume![i]!);
        if (!Object.is(v, batch[i]!)) expect.fail(`pass ${pass} row ${i}: ${v} != batch ${batch[i]}`);
        if (ind.isReady && firstReady < 0) firstReady = i;
        if (ind.isReady && !(v >= 0 && v <= 1)) expect.fail(`row ${i}: VPIN ${v} outside [0, 1]`);
        if (!ind.isReady && !Number.isNaN(v)) expect.fail(`row ${i}: value before 20 buckets`);
      }
      ind.reset();
    }
    expect(firstReady, 'ready once 20 buckets of 5000 are full (~200 trades)').toBeGreaterThan(150);
  });

  it('rejects negative volume and bad options', () => {
    const ind = new VPIN({ bucketVolume: 10 });
    expect(() => ind.update(100, -1)).toThrow(/"volume" must be >= 0/);
    expect(() => new VPIN({ bucketVolume: 0 })).toThrow(/bucketVolume/);
    expect(() => new VPIN({ bucketVolume: 1, sigmaWindow: 1 })).toThrow(/sigmaWindow/);
  });
});
