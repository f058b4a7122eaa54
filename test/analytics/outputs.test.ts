import type { FillRecord } from '../../src/exec/fill.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Instrument } from '../../src/core/instrument.js';
import { computeMetrics, METRIC_KEYS } from '../../src/analytics/metrics.js';
import { metricsJson, writeRunFolder } from '../../src/analytics/outputs.js';
import { baseRun, dailyCurve, tinyRun } from './fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hindsight-outputs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = (name: string): string => readFileSync(join(dir, 'run', name), 'utf8');

describe('writeRunFolder', () => {
  it('writes exactly the five contract files and returns their paths', () => {
    const run = tinyRun();
    const paths = writeRunFolder(join(dir, 'run'), run, computeMetrics(run));
    const names = ['metrics.json', 'trades.csv', 'fills.csv', 'equity.csv', 'config.resolved.yaml'];
    expect(paths).toEqual(names.map((n) => join(dir, 'run', n)));
    expect(readdirSync(join(dir, 'run')).sort()).toEqual([...names].sort());
  });

  it('writes trades.csv with exact VWAP prices, pnl and fees', () => {
    const run = tinyRun();
    writeRunFolder(join(dir, 'run'), run, computeMetrics(run));
    expect(read('trades.csv')).toBe(
      'symbol,side,qty,entry_ts,entry_price,exit_ts,exit_price,pnl,fees\n' +
        'AAA,long,100,2020-01-02T14:30:00Z,100.5,2020-01-03T14:30:00Z,101.25,73,2\n' +
        // exit: 46 tick-lots / 3 lots × 0.25 = 3.8333… rounded to 2 + 6 places
        'BBB,short,1.5,2020-01-02T15:00:00.500Z,4.25,2020-01-03T15:00:00.000250Z,3.83333333,0.545,0.08\n',
    );
  });

  it('writes fills.csv', () => {
    const run = tinyRun();
    writeRunFolder(join(dir, 'run'), run, computeMetrics(run));
    expect(read('fills.csv')).toBe(
      'ts,symbol,order_id,side,qty,price,fee,liquidity\n' +
        '2020-01-02T14:30:00Z,AAA,1,buy,100,100.5,1,taker\n' +
        '2020-01-02T15:00:00.500Z,BBB,2,sell,1.5,4.25,0.05,maker\n' +
        '2020-01-03T14:30:00Z,AAA,3,sell,100,101.25,1,taker\n' +
        '2020-01-03T15:00:00.000250Z,BBB,4,buy,0.5,4,0,maker\n' +
        '2020-01-03T15:00:00.000250Z,BBB,5,buy,1,3.75,0.03,taker\n',
    );
  });

  it('writes equity.csv with exact money and 10-digit drawdowns', () => {
    const run = tinyRun();
    writeRunFolder(join(dir, 'run'), run, computeMetrics(run));
    // 99,998.95 / 99,999 − 1 = −5.0000500005e-7 → 10 significant digits −5.000050001e-7;
    // 99,948.95 / 99,999 − 1 = −5.005050050505e-4 → −5.005050051e-4
    expect(read('equity.csv')).toBe(
      'ts,equity,cash,drawdown\n' +
        '2020-01-02T14:30:00Z,99999,89949,0\n' +
        '2020-01-02T15:00:00.500Z,99998.95,89955.325,-0.0000005000050001\n' +
        '2020-01-02T21:00:00Z,99948.95,89955.325,-0.0005005050051\n' +
        '2020-01-03T14:30:00Z,100072.95,100079.325,0\n' +
        '2020-01-03T15:00:00.000250Z,100073.545,100073.545,0\n',
    );
  });

  it('leaves drawdown empty when the first equity sample is not positive', () => {
    const run = baseRun({ equity: dailyCurve([0, 100]) });
    writeRunFolder(join(dir, 'run'), run, computeMetrics(run));
    expect(read('equity.csv')).toBe(
      'ts,equity,cash,drawdown\n2020-01-01T00:00:00Z,0,0,\n2020-01-02T00:00:00Z,1,1,\n',
    );
  });

  it('writes headers only for a run without fills, trades or samples', () => {
    const run = baseRun({ equity: dailyCurve([]) });
    writeRunFolder(join(dir, 'run'), run, computeMetrics(run));
    expect(read('trades.csv')).toBe('symbol,side,qty,entry_ts,entry_price,exit_ts,exit_price,pnl,fees\n');
    expect(read('fills.csv')).toBe('ts,symbol,order_id,side,qty,price,fee,liquidity\n');
    expect(read('equity.csv')).toBe('ts,equity,cash,drawdown\n');
  });

  it('quotes a symbol that holds a comma or a quote', () => {
    const run = tinyRun();
    run.instruments = [
      new Instrument(0, { symbol: 'BRK,B', tickSize: '0.01' }),
      new Instrument(1, { symbol: 'X"Y', tickSize: '0.25', lotSize: '0.5' }),
    ];
    writeRunFolder(join(dir, 'run'), run, computeMetrics(run));
    const lines = read('fills.csv').split('\n');
    expect(lines[1]).toBe('2020-01-02T14:30:00Z,"BRK,B",1,buy,100,100.5,1,taker');
    expect(lines[2]).toBe('2020-01-02T15:00:00.500Z,"X""Y",2,sell,1.5,4.25,0.05,maker');
    expect(read('trades.csv').split('\n')[1]).toMatch(/^"BRK,B",long,/);
  });

  it('writes the resolved config as YAML', () => {
    const run = tinyRun();
    writeRunFolder(join(dir, 'run'), run, computeMetrics(run));
    expect(read('config.resolved.yaml')).toBe(
      'backtest:\n' +
        '  initial_cash: 100000\n' +
        '  data:\n' +
        '    - path: bars.csv\n' +
        '      mode: lenient\n' +
        'strategy:\n' +
        '  module: pair.ts\n' +
        '  params:\n' +
        '    fast: 5\n',
    );
  });

  it('writes metrics.json in contract key order with null for undefined figures', () => {
    const run = baseRun({
      equity: dailyCurve([100, 100, 100]),
      strategies: [{ id: 'b', realizedUnits: 1, unrealizedUnits: 0, feeUnits: 0, orders: 0, fills: 0 }],
    });
    const m = computeMetrics(run);
    writeRunFolder(join(dir, 'run'), run, m);
    const text = read('metrics.json');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "sharpe": null,\n');
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed).toEqual(m);
    expect(Object.keys(parsed)).toEqual([
      ...METRIC_KEYS,
      'strategy_b_fees',
      'strategy_b_pnl',
      'strategy_b_realized',
      'strategy_b_unrealized',
    ]);
  });

  it('is byte-identical for the same record', () => {
    const run = tinyRun();
    const m = computeMetrics(run);
    writeRunFolder(join(dir, 'a'), run, m);
    writeRunFolder(join(dir, 'b'), run, m);
    for (const f of ['metrics.json', 'trades.csv', 'fills.csv', 'equity.csv', 'config.resolved.yaml'])
      expect(readFileSync(join(dir, 'a', f)), f).toEqual(readFileSync(join(dir, 'b', f)));
  });

  it('refuses a non-finite metric instead of writing a silent null', () => {
    const m = computeMetrics(tinyRun());
    expect(() => metricsJson({ ...m, sharpe: NaN })).toThrow(/metric sharpe is NaN/);
  });

  it('names an instrument id the record does not list', () => {
    const run = tinyRun();
    (run.fills as FillRecord[])[0] = { ...run.fills.at(0)!, instrumentId: 7 };
    expect(() => writeRunFolder(join(dir, 'run'), run, computeMetrics({ ...run, fills: [] }))).toThrow(
      /instrument id 7/,
    );
  });
});
