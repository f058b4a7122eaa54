import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../src/core/errors.js';
import { parseIso } from '../../src/core/time.js';
import { allocBarTable } from '../../src/data/bars.js';
import { deltaTimes, embedJson, formatMetric, isPercentKey, roundSig } from '../../src/report/format.js';
import { reportView } from '../../src/report/report-data.js';
import { readEquityCsv, readRunFolder, splitCsvLine } from '../../src/report/run-folder.js';
import {
  calendarGrid,
  periodsPerYear,
  returnHistogram,
  rollingRisk,
  toEquityCurve,
  underwater,
} from '../../src/report/series.js';
import type { EquityColumns, ReportInput } from '../../src/report/types.js';
import { makeRun, type FixtureRun } from './fixture.js';

const at = (iso: string): number => parseIso(iso).sec;

function equity(points: [string, number][]): EquityColumns {
  return {
    length: points.length,
    time: Float64Array.from(points, ([t]) => at(t)),
    equity: Float64Array.from(points, ([, e]) => e),
  };
}

let dir: string;
let run: FixtureRun;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-report-data-'));
  run = await makeRun(dir, { bars: 300 });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('series', () => {
  it('splits report times into exact (sec, nsec) for analytics', () => {
    const c = toEquityCurve({
      length: 2,
      time: Float64Array.from([10.5, 11.25]),
      equity: Float64Array.from([1, 2]),
    });
    expect(Array.from(c.tsSec)).toEqual([10, 11]);
    expect(Array.from(c.tsNsec)).toEqual([500_000_000, 250_000_000]);
  });

  it('lays calendar returns out as a year × month grid (first base = initial equity, gaps empty)', () => {
    const eq = equity([
      ['2020-01-15', 100],
      ['2020-01-31', 110],
      ['2020-02-10', 99],
      ['2020-03-05', 99],
      ['2021-01-04', 108.9],
    ]);
    const g = calendarGrid(toEquityCurve(eq), 100);
    expect(g.years).toEqual([2020, 2021]);
    expect(g.months[0]!.slice(0, 4)).toEqual([110 / 100 - 1, 99 / 110 - 1, 0, null]);
    expect(g.months[1]![0]).toBe(108.9 / 99 - 1);
    expect(
      g.months[1]!.slice(1).every((m) => m === null),
      'months without samples stay empty',
    ).toBe(true);
    expect(g.yearTotals).toEqual([99 / 100 - 1, 108.9 / 99 - 1]);
  });

  it('gives no underwater curve when the first equity sample is not positive', () => {
    expect(underwater(toEquityCurve(equity([['2020-01-01', 0]])))).toBeNull();
    expect(
      Array.from(
        underwater(
          toEquityCurve(
            equity([
              ['2020-01-01', 10],
              ['2020-01-02', 8],
              ['2020-01-03', 12],
            ]),
          ),
        )!,
      ),
    ).toEqual([0, 8 / 10 - 1, 0]);
  });

  it('chooses a rolling window of P / 2 returns, a third of the returns for short runs, none below 6 returns', () => {
    const daily = (n: number): EquityColumns => ({
      length: n,
      time: Float64Array.from({ length: n }, (_, i) => 1_600_000_000 + i * 86_400),
      equity: Float64Array.from({ length: n }, (_, i) => 100 * (1 + 0.01 * Math.sin(i))),
    });
    expect(rollingRisk(toEquityCurve(daily(1000)), 252, 0)!.window).toBe(126);
    expect(rollingRisk(toEquityCurve(daily(31)), 252, 0)!.window).toBe(10);
    expect(rollingRisk(toEquityCurve(daily(6)), 252, 0), 'five returns: no rolling figures').toBeNull();
    expect(rollingRisk(toEquityCurve(daily(100)), null, 0), 'no P: no rolling figures').toBeNull();
    const r = rollingRisk(toEquityCurve(daily(1000)), 252, 0)!;
    expect(Number.isNaN(r.volatility[125]!), 'undefined before the first full window').toBe(true);
    expect(r.volatility[126]! > 0 && Number.isFinite(r.sharpe[126]!)).toBe(true);
    expect(r.days).toBe(182.625);
  });

  it('uses the metric P when given, else infers it from the spacing', () => {
    const c = toEquityCurve(
      equity([
        ['2020-01-01', 1],
        ['2021-01-01', 2],
        ['2022-01-01', 3],
      ]),
    );
    expect(periodsPerYear(c, 12)).toBe(12);
    expect(periodsPerYear(c, null)).toBe(1);
  });

  it('histograms daily returns of intraday samples, per-period returns otherwise', () => {
    const intraday = equity([
      ['2020-01-01T10:00:00Z', 100],
      ['2020-01-01T15:00:00Z', 105],
      ['2020-01-02T10:00:00Z', 100],
      ['2020-01-02T15:00:00Z', 110],
      ['2020-01-03T10:00:00Z', 99],
    ]);
    const h = returnHistogram(intraday, 4)!;
    expect(h.basis).toBe('daily');
    // day closes: start 100, day 1 105, day 2 110, day 3 99
    expect(h.count).toBe(3);
    expect(h.min).toBe(99 / 110 - 1);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(3);
    const flat = returnHistogram(
      equity([
        ['2020-01-01', 5],
        ['2020-01-02', 5],
        ['2020-01-03', 5],
      ]),
    )!;
    expect(flat).toEqual({ basis: 'per period', count: 2, mean: 0, min: 0, width: 0, counts: [2] });
  });
});

describe('format', () => {
  it('formats any metric: percent for fraction keys, grouped numbers, n/a for null, text as is', () => {
    expect(formatMetric('total_return', 0.1234)).toBe('12.34%');
    expect(formatMetric('best_month', -0.05)).toBe('-5.00%');
    expect(formatMetric('periods_per_year', 260.86)).toBe('260.86');
    expect(formatMetric('final_equity', 1234567.5)).toBe('1,234,567.50');
    expect(formatMetric('trades', 1200)).toBe('1,200');
    expect(formatMetric('sharpe', null)).toBe('n/a');
    expect(formatMetric('benchmark', 'SPY')).toBe('SPY');
    expect(formatMetric('nested', { a: 1 })).toBe('{"a":1}');
    expect(isPercentKey('max_drawdown_duration_days')).toBe(false);
    expect(isPercentKey('turnover')).toBe(false);
  });

  it('embeds JSON that cannot close its script element, and rounds and delta-encodes compactly', () => {
    expect(embedJson({ s: '</script><b>' })).toBe('{"s":"\\u003c/script>\\u003cb>"}');
    expect(roundSig(98880.123456, 6)).toBe(98880.1);
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, min: -1e300, max: 1e300 }),
        fc.integer({ min: 1, max: 12 }),
        (x, d) => {
          const r = roundSig(x, d);
          const ulp = x === 0 ? 0 : 10 ** (Math.floor(Math.log10(Math.abs(x))) - d + 1);
          expect(Math.abs(r - x), 'within half a unit of the last kept digit').toBeLessThanOrEqual(
            0.5 * ulp * (1 + 1e-9),
          );
          expect(
            r.toExponential().split('e')[0]!.replace(/[-.]/g, '').length,
            'at most d digits',
          ).toBeLessThanOrEqual(d);
        },
      ),
    );
    expect(roundSig(1.5e308, 1), 'never rounds up to Infinity').toBe(1.5e308);
    const d = deltaTimes([100, 100.0004, 101.5, 101.5, 103]);
    expect(d.t, 'ms deltas; a repeat at ms resolution is dropped').toEqual([100, 1.5, 1.5]);
    expect(d.kept).toEqual([0, 2, 4]);
  });
});

describe('run folder', () => {
  it('splits quoted CSV fields', () => {
    expect(splitCsvLine('"A,B","say ""hi""",3')).toEqual(['A,B', 'say "hi"', '3']);
    expect(splitCsvLine('a,,b')).toEqual(['a', '', 'b']);
  });

  it('reads back what the run wrote: every equity sample, trade and fill', () => {
    const f = readRunFolder(run.runDir);
    const r = run.result.record;
    expect(f.title).toBe('run');
    expect(f.equity.length).toBe(r.equity.length);
    expect(f.equity.time[5]).toBe(r.equity.tsSec[5]);
    expect(f.equity.equity[r.equity.length - 1]).toBe(r.finalEquityUnits / 10 ** r.cashScale);
    expect(f.trades.length).toBe(r.trades.length);
    expect(Array.from(f.trades.pnl)).toEqual(Array.from(r.trades, (t) => t.pnlUnits / 10 ** r.cashScale));
    expect(f.fills.length).toBe(r.fills.length);
    expect(f.metrics.fingerprint).toBe(run.result.metrics.fingerprint);
  });

  it('names file, row, field and value of a malformed row, and refuses a folder that is not a run', () => {
    const bad = join(dir, 'equity-bad.csv');
    writeFileSync(
      bad,
      'ts,equity,cash,drawdown\n2020-01-01T00:00:00Z,100,100,0\n2020-01-02T00:00:00Z,abc,100,0\n',
    );
    expect(() => readEquityCsv(bad)).toThrow(DataError);
    expect(() => readEquityCsv(bad)).toThrow(`${bad}:3: field "equity": not a number (value "abc")`);
    expect(() => readRunFolder(dir)).toThrow(UsageError);
    expect(() => readRunFolder(dir)).toThrow('not a run folder (metrics.json is missing)');
  });
});

describe('payload', () => {
  it('marks fills as entries and exits per candle: a reversal is both', () => {
    const day = (i: number): number => at('2020-01-06') + i * 86_400;
    const bars = allocBarTable('X', { units: 1, scale: 2 }, 4);
    for (let i = 0; i < 4; i++) {
      bars.tsSec[i] = day(i);
      bars.open[i] = bars.close[i] = 1000;
      bars.high[i] = 1010;
      bars.low[i] = 990;
    }
    bars.length = 4;
    const fills = {
      length: 3,
      symbols: ['X'],
      symbol: new Uint32Array(3),
      time: Float64Array.from([day(1), day(2), day(3)]),
      side: Int8Array.from([1, -1, 1]),
      qty: Float64Array.from([10, 20, 10]),
      price: Float64Array.from([10, 10, 10]),
    };
    const input: ReportInput = {
      title: 't',
      metrics: {},
      configYaml: '',
      equity: {
        length: 4,
        time: Float64Array.from([0, 1, 2, 3], day),
        equity: Float64Array.from([100, 101, 102, 103]),
      },
      trades: {
        length: 0,
        symbols: [],
        symbol: new Uint32Array(0),
        side: new Int8Array(0),
        qty: new Float64Array(0),
        entryTime: new Float64Array(0),
        entryPrice: new Float64Array(0),
        exitTime: new Float64Array(0),
        exitPrice: new Float64Array(0),
        pnl: new Float64Array(0),
        fees: new Float64Array(0),
      },
      fills,
      prices: [bars],
    };
    const { payload } = reportView(input);
    const m = payload.prices[0]!.markers;
    // buy 10 opens (buy entry 0); sell 20 closes the long (sell exit 3) and opens a short (sell entry 2);
    // buy 10 covers it (buy exit 1).
    expect(m.k).toEqual([0, 2, 3, 1]);
    expect(m.n).toEqual([1, 1, 1, 1]);
    expect(payload.prices[0]!.c, 'prices in decimals').toEqual([10, 10, 10, 10]);
  });
});
