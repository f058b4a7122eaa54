import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { DEMA, TEMA, demaBatch, temaBatch } from '../../src/indicators/dema-tema.js';
import { EMA, emaBatch } from '../../src/indicators/ema.js';
import { KAMA, kamaBatch } from '../../src/indicators/kama.js';
import { MACD, macdBatch } from '../../src/indicators/macd.js';
import { smaBatch } from '../../src/indicators/sma.js';
import { WMA, wmaBatch } from '../../src/indicators/wma.js';
import { indicatorContract, ohlcvWalk } from './contract-suite.js';
import { signedSeries } from './series-data.js';

const walk = ohlcvWalk(3000, 1);
const data = { x: walk.close! };
const signed = { x: signedSeries(3000, 2) };
const onX = <I extends { update(x: number): number }>(
  ind: I,
  cols: Record<string, Float64Array>,
  i: number,
) => ind.update(cols.x![i]!);

for (const period of [1, 2, 10, 50])
  for (const [label, d] of [
    ['walk', data],
    ['signed', signed],
  ] as const) {
    indicatorContract({
      name: `EMA(${period}) on ${label}`,
      make: () => new EMA(period),
      warmup: period,
      update: onX,
      batch: (cols) => ({ value: emaBatch(cols.x!, period) }),
      fields: ['x'],
      data: d,
    });
    indicatorContract({
      name: `WMA(${period}) on ${label}`,
      make: () => new WMA(period),
      warmup: period,
      update: onX,
      batch: (cols) => ({ value: wmaBatch(cols.x!, period) }),
      fields: ['x'],
      data: d,
    });
    indicatorContract({
      name: `DEMA(${period}) on ${label}`,
      make: () => new DEMA(period),
      warmup: 2 * period - 1,
      update: onX,
      batch: (cols) => ({ value: demaBatch(cols.x!, period) }),
      fields: ['x'],
      data: d,
    });
    indicatorContract({
      name: `TEMA(${period}) on ${label}`,
      make: () => new TEMA(period),
      warmup: 3 * period - 2,
      update: onX,
      batch: (cols) => ({ value: temaBatch(cols.x!, period) }),
      fields: ['x'],
      data: d,
    });
  }

for (const [period, fast, slow] of [
  [10, 2, 30],
  [2, 2, 30],
  [1, 2, 30],
  [20, 5, 50],
] as const)
  for (const [label, d] of [
    ['walk', data],
    ['signed', signed],
  ] as const)
    indicatorContract({
      name: `KAMA(${period}, ${fast}, ${slow}) on ${label}`,
      make: () => new KAMA(period, fast, slow),
      warmup: period + 1,
      update: onX,
      batch: (cols) => ({ value: kamaBatch(cols.x!, period, fast, slow) }),
      fields: ['x'],
      data: d,
    });

for (const [fast, slow, signal] of [
  [12, 26, 9],
  [2, 3, 2],
  [1, 2, 1],
  [5, 35, 5],
] as const)
  for (const [label, d] of [
    ['walk', data],
    ['signed', signed],
  ] as const)
    indicatorContract({
      name: `MACD(${fast}, ${slow}, ${signal}) on ${label}`,
      make: () => new MACD(fast, slow, signal),
      warmup: slow + signal - 1,
      update: onX,
      batch: (cols) => {
        const r = macdBatch(cols.x!, fast, slow, signal);
        return { ...r };
      },
      fields: ['x'],
      data: d,
    });

// Independent plain-array references, written from the textbook definitions.
function emaRef(xs: ArrayLike<number>, n: number, from = 0): number[] {
  const out: number[] = new Array(xs.length).fill(NaN);
  const a = 2 / (n + 1);
  let seed = 0;
  for (let i = from; i < from + n && i < xs.length; i++) seed += xs[i]!;
  let v = seed / n;
  for (let i = from + n - 1; i < xs.length; i++) {
    if (i >= from + n) v = a * xs[i]! + (1 - a) * v;
    out[i] = v;
  }
  return out;
}

function closeTo(got: ArrayLike<number>, want: ArrayLike<number>, rel: number, what: string): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (Number.isNaN(w) !== Number.isNaN(g)) expect.fail(`${what}: row ${i}: ${g} vs ${w} (NaN-ness)`);
    if (!Number.isNaN(w) && Math.abs(g - w) > rel * Math.max(1, Math.abs(w)))
      expect.fail(`${what}: row ${i}: ${g} vs ${w}`);
  }
}

// StockCharts ChartSchool "Moving Averages" worked example: 10-day EMA (SMA-seeded), published to
// 2 decimals from the 10th close on; the sheet keeps unrounded closes, hence a 0.01 tolerance.
const chartSchoolCloses = [
  22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24, 22.29, 22.15, 22.39, 22.38, 22.61, 23.36,
  24.05, 23.75, 23.83, 23.95, 23.63, 23.82, 23.87, 23.65, 23.19, 23.1, 23.33, 22.68, 23.1, 22.4, 22.17,
];
const chartSchoolEma10 = [
  22.22, 22.21, 22.24, 22.27, 22.33, 22.52, 22.8, 22.97, 23.13, 23.28, 23.34, 23.43, 23.51, 23.54, 23.47,
  23.4, 23.39, 23.26, 23.23, 23.08, 22.92,
];

describe('EMA by hand', () => {
  it('is seeded with the SMA of its first `period` inputs, then alpha = 2/(n+1)', () => {
    const ema = new EMA(3);
    expect(
      [1, 2, 3, 4, 5].map((x) => ema.update(x)),
      'seed 2, then 2 + ½(4 − 2), 3 + ½(5 − 3)',
    ).toEqual([NaN, NaN, 2, 3, 4]);
    expect(emaBatch([7, 7, 7, 7], 1), 'EMA(1) is the input').toEqual(new Float64Array([7, 7, 7, 7]));
  });

  it('seeds with exactly the SMA of the first `period` inputs (bit for bit)', () => {
    for (const xs of [walk.close!, signed.x])
      for (const n of [1, 3, 20, 200]) {
        const sma = smaBatch(xs.subarray(0, n), n);
        expect(emaBatch(xs.subarray(0, n), n)[n - 1], `EMA(${n}) seed`).toBe(sma[n - 1]);
      }
  });

  it("matches StockCharts' 10-day EMA example to the published 2 decimals", () => {
    const out = emaBatch(chartSchoolCloses, 10);
    chartSchoolEma10.forEach((want, k) =>
      expect(Math.abs(out[9 + k]! - want), `row ${9 + k}: ${out[9 + k]} vs ${want}`).toBeLessThanOrEqual(
        0.01,
      ),
    );
  });

  it('agrees with a plain reference on a long walk', () => {
    closeTo(emaBatch(walk.close!, 20), emaRef(walk.close!, 20), 1e-12, 'EMA(20)');
  });
});

describe('WMA by hand', () => {
  it('weighs the newest input n, the oldest 1', () => {
    const w = new WMA(3);
    expect(
      [1, 2, 3, 4].map((x) => w.update(x)),
      '(1+4+9)/6, (2+6+12)/6',
    ).toEqual([NaN, NaN, 14 / 6, 20 / 6]);
  });

  it('agrees with the direct weighted sum on a long walk (no drift across wraps)', () => {
    const xs = walk.close!;
    for (const n of [3, 20, 100]) {
      const want = Array.from(xs, (_, i) => {
        if (i + 1 < n) return NaN;
        let s = 0;
        for (let j = 0; j < n; j++) s += (j + 1) * xs[i + 1 - n + j]!;
        return s / ((n * (n + 1)) / 2);
      });
      closeTo(wmaBatch(xs, n), want, 1e-13, `WMA(${n})`);
    }
  });
});

describe('DEMA and TEMA by hand', () => {
  it('DEMA(2) of 1..5: e1 = 1.5, 2.5, 3.5, 4.5; e2 seeded at 2 → 2·e1 − e2 = 3, 4, 5', () => {
    const out = demaBatch([1, 2, 3, 4, 5], 2);
    expect(out[0], 'warming').toBeNaN();
    expect(out[1], 'warming (warm-up 2n − 1 = 3)').toBeNaN();
    for (let i = 2; i < 5; i++) expect(out[i], `row ${i}`).toBeCloseTo(i + 1, 12);
  });

  it('have no lag on a straight line (their defining property)', () => {
    const line = Array.from({ length: 200 }, (_, i) => 50 + 0.25 * i);
    const d = demaBatch(line, 10);
    const t = temaBatch(line, 10);
    for (let i = 27; i < 200; i++) {
      expect(d[i], `DEMA row ${i}`).toBeCloseTo(line[i]!, 9);
      expect(t[i], `TEMA row ${i}`).toBeCloseTo(line[i]!, 9);
    }
    expect(t[26], 'TEMA(10) warms after 3·10 − 2 = 28 updates (row 27)').toBeNaN();
  });

  it('agree with EMA-of-EMA references on a long walk', () => {
    const xs = walk.close!;
    const e1 = emaRef(xs, 15);
    const e2 = emaRef(e1, 15, 14);
    const e3 = emaRef(e2, 15, 28);
    closeTo(
      demaBatch(xs, 15),
      e1.map((v, i) => 2 * v - e2[i]!),
      1e-12,
      'DEMA(15)',
    );
    closeTo(
      temaBatch(xs, 15),
      e1.map((v, i) => 3 * v - 3 * e2[i]! + e3[i]!),
      1e-12,
      'TEMA(15)',
    );
  });
});

describe('MACD by hand', () => {
  it('on a straight line of slope 1 is (slow − fast)/2 = 7 from the first value, signal 7, histogram 0', () => {
    const m = new MACD();
    expect(m.warmup, '26 + 9 − 1').toBe(34);
    for (let t = 1; t <= 33; t++) expect(m.update(t), `update ${t} warming`).toBeNaN();
    for (let t = 34; t <= 80; t++) {
      m.update(t);
      expect(m.macd, `macd at ${t}`).toBeCloseTo(7, 10);
      expect(m.signal, `signal at ${t}`).toBeCloseTo(7, 10);
      expect(m.histogram, `histogram at ${t}`).toBeCloseTo(0, 10);
    }
  });

  it('agrees with EMA references on a long walk', () => {
    const xs = walk.close!;
    const fast = emaRef(xs, 12);
    const slow = emaRef(xs, 26);
    const line = fast.map((f, i) => f - slow[i]!);
    const signal = emaRef(line, 9, 25);
    const r = macdBatch(xs);
    const mask = (v: number, i: number) => (i < 33 ? NaN : v);
    closeTo(r.macd, line.map(mask), 1e-11, 'macd');
    closeTo(r.signal, signal.map(mask), 1e-11, 'signal');
    closeTo(
      r.histogram,
      line.map((v, i) => mask(v - signal[i]!, i)),
      1e-11,
      'histogram',
    );
  });

  it('rejects fast >= slow', () => {
    expect(() => new MACD(26, 12, 9), 'fast above slow').toThrow(UsageError);
    expect(() => macdBatch([1], 5, 5, 2), 'fast equal to slow').toThrow(UsageError);
  });
});

describe('KAMA by hand', () => {
  function kamaRef(xs: ArrayLike<number>, n: number, fast: number, slow: number): number[] {
    const out: number[] = new Array(xs.length).fill(NaN);
    const fs = 2 / (fast + 1);
    const ss = 2 / (slow + 1);
    let k = xs[n - 1]!;
    for (let t = n; t < xs.length; t++) {
      const dir = Math.abs(xs[t]! - xs[t - n]!);
      let vol = 0;
      for (let i = t - n + 1; i <= t; i++) vol += Math.abs(xs[i]! - xs[i - 1]!);
      const er = vol <= dir ? 1 : dir / vol;
      const sc = (er * (fs - ss) + ss) ** 2;
      k = k + sc * (xs[t]! - k);
      out[t] = k;
    }
    return out;
  }

  it('KAMA(2) of 1, 2, 3, 2: seeded with 2, ER 1 then 0', () => {
    const out = kamaBatch([1, 2, 3, 2], 2);
    expect(out[1], 'warm-up is period + 1').toBeNaN();
    const k2 = 2 + (2 / 3) ** 2 * (3 - 2);
    expect(out[2], 'ER = |3 − 1| / (1 + 1) = 1: fastest constant (2/3)²').toBeCloseTo(k2, 14);
    expect(out[3], 'ER = 0: slowest constant (2/31)²').toBeCloseTo(k2 + (2 / 31) ** 2 * (2 - k2), 14);
  });

  it('agrees with the direct definition on a long walk', () => {
    closeTo(kamaBatch(walk.close!, 10), kamaRef(walk.close!, 10, 2, 30), 1e-12, 'KAMA(10)');
  });
});
