import { describe, expect, it } from 'vitest';
import { SIDE_ASK, SIDE_BID, SIDE_NONE } from '../../../src/data/schemas.js';
import { KyleLambda, kyleLambdaBatch } from '../../../src/indicators/micro/kyle-lambda.js';
import { RealizedVolatility, realizedVolatilityBatch } from '../../../src/indicators/micro/realized-vol.js';
import {
  aggressorSign,
  TradeFlowImbalance,
  tradeFlowImbalanceBatch,
} from '../../../src/indicators/micro/trade-flow.js';
import { indicatorContract } from '../contract-suite.js';
import { tradeStream } from './gen.js';

const trades = tradeStream(3000, 21);
const signedVolume = trades.volume!.map((v, i) => v * trades.side![i]!);
const tradesWithSigned = { ...trades, signedVolume };

indicatorContract({
  name: 'RealizedVolatility(20)',
  make: () => new RealizedVolatility(20, 252 * 390),
  warmup: 21,
  update: (ind, c, i) => ind.update(c.price![i]!),
  batch: (c) => realizedVolatilityBatch(c.price!, 20, 252 * 390),
  fields: ['price'],
  data: trades,
});

indicatorContract({
  name: 'TradeFlowImbalance(50)',
  make: () => new TradeFlowImbalance(50),
  warmup: 50,
  update: (ind, c, i) => ind.update(c.price![i]!, c.volume![i]!, c.side![i]!),
  batch: (c) => tradeFlowImbalanceBatch(c.price!, c.volume!, c.side!, 50),
  fields: ['price', 'volume', 'side'],
  data: trades,
});

indicatorContract({
  name: 'KyleLambda(30)',
  make: () => new KyleLambda(30),
  warmup: 31,
  update: (ind, c, i) => ind.update(c.price![i]!, c.signedVolume![i]!),
  batch: (c) => ({ value: kyleLambdaBatch(c.price!, c.signedVolume!, 30) }),
  fields: ['price', 'signedVolume'],
  data: tradesWithSigned,
});

describe('realized volatility, hand-computed', () => {
  it('is the root of the sum of the last N squared log returns, annualised by √(periods/N)', () => {
    const ind = new RealizedVolatility(3, 252);
    const px = [100, 101, 99, 99, 102];
    const r = [Math.log(101 / 100), Math.log(99 / 101), 0, Math.log(102 / 99)];
    const got = px.map((p) => ind.update(p));
    expect(got.slice(0, 3), 'NaN for the reference price and the first 2 returns').toEqual([NaN, NaN, NaN]);
    const v3 = r[0]! ** 2 + r[1]! ** 2 + 0;
    expect(got[3]).toBeCloseTo(Math.sqrt(v3), 15);
    const v4 = r[1]! ** 2 + 0 + r[3]! ** 2;
    expect(got[4]).toBeCloseTo(Math.sqrt(v4), 15);
    expect(ind.variance).toBeCloseTo(v4, 16);
    expect(ind.annualized).toBeCloseTo(Math.sqrt((v4 * 252) / 3), 14);
  });

  it('keeps tiny returns accurate (log1p of the relative change)', () => {
    const ind = new RealizedVolatility(1);
    ind.update(1e6);
    // r = ln(1 + ε), ε = 2^−20 / 1e6 ≈ 9.5e-13, = ε − ε²/2 to 1e-37; ln(p) − ln(p_prev) would be off by ~1e-15.
    const eps = 2 ** -20 / 1e6;
    expect(ind.update(1e6 + 2 ** -20)).toBeCloseTo(eps - eps * eps * 0.5, 27);
  });

  it('rejects non-positive prices', () => {
    expect(() => new RealizedVolatility(3).update(0)).toThrow(/"price" must be > 0/);
  });
});

describe('trade-flow imbalance, hand-computed', () => {
  it('signs by the given side, else by the tick rule (zero tick: last non-zero tick)', () => {
    const ind = new TradeFlowImbalance(3);
    // (price, volume, side) → sign: given +1; uptick +1; zero tick → +1; downtick −1; given −1.
    const rows = [
      [100, 10, 1],
      [101, 5, 0],
      [101, 7, 0],
      [100, 4, 0],
      [100, 6, -1],
    ] as const;
    const got = rows.map(([p, v, s]) => ind.update(p, v, s));
    // After 3: net 22 / 22 = 1; after 4: (5 + 7 − 4) / 16 = 0.5; after 5: (7 − 4 − 6) / 17.
    expect(got).toEqual([NaN, NaN, 1, 0.5, -3 / 17]);
    expect([ind.net, ind.volume]).toEqual([-3, 17]);
  });

  it('leaves the first trade unclassified when its side is unknown, and maps DBN side bytes', () => {
    const ind = new TradeFlowImbalance(2);
    ind.update(100, 10, 0);
    expect(ind.update(100, 10, -1), 'net −10 of 20').toBe(-0.5);
    expect([aggressorSign(SIDE_BID), aggressorSign(SIDE_ASK), aggressorSign(SIDE_NONE)]).toEqual([1, -1, 0]);
    expect(() => ind.update(100, 1, 2)).toThrow(/"side" must be \+1, -1 or 0/);
  });
});

describe("Kyle's lambda, hand-computed", () => {
  it('is the OLS slope of Δp on signed volume over the window', () => {
    const ind = new KyleLambda(3);
    // Δp = (1, 2, −1) for x = (10, 20, −10): exactly Δp = x / 10.
    const got = [
      [100, 0],
      [101, 10],
      [103, 20],
      [102, -10],
      [102, 0],
    ].map(([p, x]) => ind.update(p!, x!));
    expect(got).toEqual([NaN, NaN, NaN, 0.1, 0.1]);
    // Window x = (−10, 0, 10), y = (−1, 0, 2): Σx = 0, Σy = 1, Σxy = 30, Σx² = 200 → 3·30 / (3·200) = 0.15.
    expect(ind.update(104, 10)).toBe(0.15);
  });

  it('is NaN (slope undefined) when all signed volumes in the window are equal', () => {
    const ind = new KyleLambda(2);
    ind.update(100, 5);
    ind.update(101, 5);
    expect(ind.update(103, 5)).toBeNaN();
    expect(ind.isReady).toBe(true);
  });

  it('is the correctly rounded slope for integer inputs after 100 k updates (no drift)', () => {
    const t = tradeStream(100_000, 22);
    const out = kyleLambdaBatch(t.price!, signedVolumeOf(t), 25);
    const n = t.price!.length;
    let sx = 0n;
    let sy = 0n;
    let sxy = 0n;
    let sxx = 0n;
    const sv = signedVolumeOf(t);
    for (let i = n - 25; i < n; i++) {
      const x = BigInt(sv[i]!);
      const y = BigInt(t.price![i]! - t.price![i - 1]!);
      sx += x;
      sy += y;
      sxy += x * y;
      sxx += x * x;
    }
    const want = Number(25n * sxy - sx * sy) / Number(25n * sxx - sx * sx);
    expect(out[n - 1], 'exact integer sums, one rounding in the division').toBe(want);
  });
});

function signedVolumeOf(t: Record<string, Float64Array>): Float64Array {
  return t.volume!.map((v, i) => v * t.side![i]!);
}
