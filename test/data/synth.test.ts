/** Synthetic bars: determinism, calendar, OHLC validity, gaps, volatility clustering, regimes, volume. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  generateSynth,
  generateSynthBars,
  REGIME_DOWN,
  REGIME_MEAN_REVERT,
  REGIME_UP,
  type SynthFreq,
} from '../../src/data/synth/bars.js';
import { writeBarsCsv } from '../../src/data/csv/write-bars.js';
import { readBarsCsv } from '../../src/data/csv/bars.js';
import { ConfigError } from '../../src/core/errors.js';
import { formatIso } from '../../src/core/time.js';
import type { BarTable } from '../../src/data/bars.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-synth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FREQS: SynthFreq[] = ['1m', '5m', '15m', '1h', '1d'];

function logReturns(t: BarTable): Float64Array {
  const r = new Float64Array(t.length - 1);
  for (let i = 1; i < t.length; i++) r[i - 1] = Math.log(t.close[i]! / t.close[i - 1]!);
  return r;
}

function corr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const lagged = (x: Float64Array, lag: number): [Float64Array, Float64Array] => [
  x.subarray(lag),
  x.subarray(0, x.length - lag),
];

describe('generateSynthBars', () => {
  it('is deterministic: same seed -> identical tables, another seed -> different prices', () => {
    const opts = { symbols: ['A', 'B'], bars: 2000, freq: '5m' as const, start: '2021-03-01', seed: 42 };
    const a = generateSynthBars(opts);
    const b = generateSynthBars(opts);
    expect(a).toEqual(b);
    const c = generateSynthBars({ ...opts, seed: 43 });
    expect(Array.from(c[0]!.close)).not.toEqual(Array.from(a[0]!.close));
    expect(Array.from(a[0]!.close), 'symbols get independent paths').not.toEqual(Array.from(a[1]!.close));
  });

  it('produces valid OHLC on the tick grid for every frequency', () => {
    for (const freq of FREQS) {
      for (const t of generateSynthBars({
        symbols: ['A', 'B', 'C'],
        bars: 3000,
        freq,
        start: '2019-06-03',
        seed: 7,
      })) {
        expect(t.length).toBe(3000);
        expect(t.tick).toEqual({ units: 1, scale: 2 });
        for (let i = 0; i < t.length; i++) {
          const [o, h, l, c] = [t.open[i]!, t.high[i]!, t.low[i]!, t.close[i]!];
          const ok =
            Number.isInteger(o + h + l + c) &&
            l >= 1 &&
            l <= Math.min(o, c) &&
            h >= Math.max(o, c) &&
            t.volume[i]! >= 0;
          if (!ok) expect.fail(`${freq} ${t.symbol} row ${i}: o=${o} h=${h} l=${l} c=${c} v=${t.volume[i]}`);
          if (i > 0 && !(t.tsSec[i]! > t.tsSec[i - 1]!)) expect.fail(`${freq} row ${i}: time not increasing`);
        }
      }
    }
  });

  it('keeps prices positive from a tiny start price and honours startPrice / tickSize', () => {
    const [t] = generateSynthBars({
      symbols: ['P'],
      bars: 5000,
      freq: '1d',
      start: '2000-01-03',
      seed: 3,
      startPrice: 0.03,
      tickSize: '0.01',
    });
    expect(t!.open[0]).toBe(3);
    expect(Math.min(...t!.low)).toBeGreaterThanOrEqual(1);
    const [u] = generateSynthBars({
      symbols: ['Q'],
      bars: 10,
      freq: '1d',
      start: '2000-01-03',
      seed: 3,
      startPrice: 250,
      tickSize: '0.25',
    });
    expect(u!.tick).toEqual({ units: 25, scale: 2 });
    expect(u!.open[0]).toBe(1000);
  });

  it('puts intraday bars on weekday sessions 14:30-21:00 UTC and daily bars on weekdays', () => {
    const perDay: Record<string, number> = { '1m': 390, '5m': 78, '15m': 26, '1h': 7 };
    for (const freq of ['1m', '5m', '15m', '1h'] as const) {
      const [t] = generateSynthBars({
        symbols: ['A'],
        bars: perDay[freq]! * 10,
        freq,
        start: '2021-01-01',
        seed: 1,
      });
      const days = new Map<number, number>();
      for (let i = 0; i < t!.length; i++) {
        const s = t!.tsSec[i]!;
        const day = Math.floor(s / 86400);
        const sod = s - day * 86400;
        expect((day + 3) % 7, 'weekday').toBeLessThan(5);
        expect(sod >= 14.5 * 3600 && sod < 21 * 3600, `${freq} inside the session`).toBe(true);
        days.set(day, (days.get(day) ?? 0) + 1);
      }
      expect([...days.values()], `${freq}: full sessions`).toEqual(Array(10).fill(perDay[freq]));
      expect(formatIso(t!.tsSec[0]!, 0)).toBe('2021-01-01T14:30:00Z');
    }
    const [d] = generateSynthBars({ symbols: ['A'], bars: 6, freq: '1d', start: '2015-01-02', seed: 1 });
    expect(Array.from(d!.tsSec, (s) => formatIso(s, 0))).toEqual([
      '2015-01-02T00:00:00Z',
      '2015-01-05T00:00:00Z',
      '2015-01-06T00:00:00Z',
      '2015-01-07T00:00:00Z',
      '2015-01-08T00:00:00Z',
      '2015-01-09T00:00:00Z',
    ]);
    const [late] = generateSynthBars({
      symbols: ['A'],
      bars: 3,
      freq: '1h',
      start: '2021-01-04T20:00:00Z',
      seed: 1,
    });
    expect(Array.from(late!.tsSec, (s) => formatIso(s, 0))).toEqual([
      '2021-01-04T20:30:00Z',
      '2021-01-05T14:30:00Z',
      '2021-01-05T15:30:00Z',
    ]);
  });

  it('every generated table passes the reader after a write/read round trip', () => {
    for (const freq of FREQS) {
      const tables = generateSynthBars({
        symbols: ['AA', 'BB'],
        bars: 1500,
        freq,
        start: '2018-02-01',
        seed: 11,
      });
      const path = join(dir, `rt-${freq}.csv`);
      writeBarsCsv(path, tables, { symbolColumn: true });
      const r = readBarsCsv(path, { format: 'generic', columns: { symbol: 'symbol' }, tickSize: '0.01' });
      expect(r.rowsAccepted).toBe(3000);
      expect(r.tables).toEqual(tables);
    }
  });

  it('gaps the open at each new session and keeps open = previous close inside a session', () => {
    const [t] = generateSynthBars({
      symbols: ['G'],
      bars: 78 * 60,
      freq: '5m',
      start: '2020-01-06',
      seed: 5,
    });
    let sessions = 0;
    let gapped = 0;
    for (let i = 1; i < t!.length; i++) {
      const newDay = Math.floor(t!.tsSec[i]! / 86400) !== Math.floor(t!.tsSec[i - 1]! / 86400);
      if (newDay) {
        sessions++;
        if (t!.open[i] !== t!.close[i - 1]) gapped++;
      } else if (t!.open[i] !== t!.close[i - 1])
        expect.fail(`row ${i}: open differs from the previous close inside a session`);
    }
    expect(sessions).toBe(59);
    expect(gapped / sessions).toBeGreaterThan(0.9);
  });

  it('shows volatility clustering: |returns| are autocorrelated while returns are not', () => {
    for (const seed of [1, 2, 3]) {
      const [t] = generateSynthBars({ symbols: ['V'], bars: 20000, freq: '1d', start: '1990-01-01', seed });
      const r = logReturns(t!);
      const abs = r.map(Math.abs);
      const acfAbs = corr(...lagged(abs, 1));
      const acfAbs5 = corr(...lagged(abs, 5));
      const acfRet = corr(...lagged(r, 1));
      expect(acfAbs, `seed ${seed}: lag-1 autocorrelation of |r|`).toBeGreaterThan(0.05);
      expect(acfAbs5, `seed ${seed}: lag-5 autocorrelation of |r|`).toBeGreaterThan(0.04);
      expect(Math.abs(acfRet), `seed ${seed}: returns themselves are nearly uncorrelated`).toBeLessThan(0.03);
    }
  });

  it('shows regimes: trends drift their way, regimes persist, the mean-reverting regime pulls back', () => {
    for (const seed of [1, 2, 3]) {
      const { tables, regimes } = generateSynth({
        symbols: ['R'],
        bars: 20000,
        freq: '1d',
        start: '1990-01-01',
        seed,
      });
      const t = tables[0]!;
      const reg = regimes[0]!;
      const r = logReturns(t);
      const sums = [0, 0, 0];
      const counts = [0, 0, 0];
      let runs = 1;
      for (let i = 1; i < t.length; i++) {
        sums[reg[i]!]! += r[i - 1]!;
        counts[reg[i]!]!++;
        if (reg[i] !== reg[i - 1]) runs++;
      }
      const mean = (k: number): number => sums[k]! / counts[k]!;
      for (const k of [REGIME_UP, REGIME_DOWN, REGIME_MEAN_REVERT])
        expect(counts[k]!, `seed ${seed}: regime ${k} occurs`).toBeGreaterThan(3000);
      expect(mean(REGIME_UP), `seed ${seed}: up-trend bars rise on average`).toBeGreaterThan(0.001);
      expect(mean(REGIME_DOWN), `seed ${seed}: down-trend bars fall on average`).toBeLessThan(-0.0005);
      const meanRun = t.length / runs;
      expect(meanRun, `seed ${seed}: regimes last about 60 bars`).toBeGreaterThan(45);
      expect(meanRun).toBeLessThan(80);
      // Mean reversion: in that regime, being above a slow moving average predicts a lower next return.
      const x = Array.from(t.close, Math.log);
      let ema = x[0]!;
      const devMr: number[] = [];
      const nextMr: number[] = [];
      const devTrend: number[] = [];
      const nextTrend: number[] = [];
      for (let i = 1; i < x.length; i++) {
        const dev = x[i - 1]! - ema;
        if (reg[i] === REGIME_MEAN_REVERT) {
          devMr.push(dev);
          nextMr.push(r[i - 1]!);
        } else {
          devTrend.push(dev);
          nextTrend.push(r[i - 1]!);
        }
        ema += 0.01 * (x[i]! - ema);
      }
      const cMr = corr(devMr, nextMr);
      expect(cMr, `seed ${seed}: mean-reverting regime pulls back`).toBeLessThan(-0.05);
      expect(cMr).toBeLessThan(corr(devTrend, nextTrend) - 0.05);
    }
  });

  it('volume rises with |return| and follows a U-shape over the session', () => {
    const [d] = generateSynthBars({ symbols: ['D'], bars: 10000, freq: '1d', start: '1990-01-01', seed: 9 });
    const r = logReturns(d!);
    expect(corr(r.map(Math.abs), d!.volume.subarray(1)), 'volume vs |return|').toBeGreaterThan(0.2);
    const [m] = generateSynthBars({
      symbols: ['M'],
      bars: 390 * 40,
      freq: '1m',
      start: '2020-01-06',
      seed: 9,
    });
    const bySlot = new Float64Array(390);
    for (let i = 0; i < m!.length; i++) bySlot[i % 390] += m!.volume[i]!;
    const avg = (a: number, b: number): number => bySlot.subarray(a, b).reduce((s, v) => s + v, 0) / (b - a);
    expect(avg(0, 30) / avg(165, 225), 'busy open').toBeGreaterThan(1.8);
    expect(avg(360, 390) / avg(165, 225), 'busy close').toBeGreaterThan(1.8);
  });

  it('rejects bad options with ConfigErrors naming the option', () => {
    const ok = { symbols: ['A'], bars: 10, freq: '1d' as const, start: '2020-01-01', seed: 1 };
    expect(() => generateSynthBars({ ...ok, bars: 1.5 })).toThrow(
      new ConfigError('bars', 'must be a positive integer (got 1.5)'),
    );
    expect(() => generateSynthBars({ ...ok, freq: '2m' as SynthFreq })).toThrow(
      'freq: must be one of 1m, 5m, 15m, 1h, 1d (got "2m")',
    );
    expect(() => generateSynthBars({ ...ok, symbols: [] })).toThrow(
      'symbols: at least one symbol is required',
    );
    expect(() => generateSynthBars({ ...ok, symbols: ['A', 'A'] })).toThrow(
      'symbols: duplicate symbol names in A,A',
    );
    expect(() => generateSynthBars({ ...ok, start: '2020-13-01' })).toThrow(ConfigError);
    expect(() => generateSynthBars({ ...ok, startPrice: -1 })).toThrow(
      'startPrice: must be a positive number (got -1)',
    );
    expect(() => generateSynthBars({ ...ok, tickSize: 'abc' })).toThrow(ConfigError);
  });
});
