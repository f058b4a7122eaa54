import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, StrategyError } from '../../src/core/errors.js';
import { applySet, loadConfigFile, validateConfig } from '../../src/engine/config.js';
import { runConfig } from '../../src/engine/backtest.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-config-'));
const csv = join(dir, 'AAA.csv');
writeFileSync(
  csv,
  'timestamp,open,high,low,close,volume\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,1.5,2,1,1.8,100\n',
);
const strategy = resolve(__dirname, '../../examples/strategies/sma-crossover.ts');

function base(): Record<string, any> {
  return {
    backtest: { initial_cash: 1000, data: [{ type: 'csv', path: csv, symbol: 'AAA' }] },
    strategy: { module: strategy, params: { fast: 2, slow: 3, size: 1 } },
  };
}

function expectConfigError(mutate: (c: Record<string, any>) => void, path: string, text: RegExp): void {
  const c = base();
  mutate(c);
  let err: unknown;
  try {
    validateConfig(c, dir);
  } catch (e) {
    err = e;
  }
  expect(err, `expected a ConfigError at ${path}`).toBeInstanceOf(ConfigError);
  expect((err as ConfigError).path).toBe(path);
  expect((err as ConfigError).message).toMatch(text);
  expect((err as ConfigError).message.startsWith(path + ': ')).toBe(true);
}

describe('config validation names the path and the problem', () => {
  it('accepts the base config and fills defaults', () => {
    const cfg = validateConfig(base(), dir);
    expect(cfg.backtest.execution.fill_at).toBe('next_open');
    expect(cfg.backtest.execution.commission).toEqual({ type: 'none' });
    expect(cfg.backtest.data[0]).toMatchObject({ type: 'csv', mode: 'strict' });
  });
  it('data file not found', () =>
    expectConfigError(
      (c) => (c.backtest.data[0].path = 'nope/ORCL.csv'),
      'backtest.data[0].path',
      /file not found: .*nope\/ORCL.csv/,
    ));
  it('misspelt key', () =>
    expectConfigError((c) => (c.backtest.intial_cash = 5), 'backtest', /unknown key "intial_cash"/));
  it('negative cash', () =>
    expectConfigError((c) => (c.backtest.initial_cash = -5), 'backtest.initial_cash', /greater than 0/));
  it('non-numeric cash', () =>
    expectConfigError(
      (c) => (c.backtest.initial_cash = 'lots'),
      'backtest.initial_cash',
      /not a decimal number/,
    ));
  it('unknown commission type', () =>
    expectConfigError(
      (c) => (c.backtest.execution = { commission: { type: 'flat' } }),
      'backtest.execution.commission.type',
      /./,
    ));
  it('bad latency duration', () =>
    expectConfigError(
      (c) => (c.backtest.execution = { latency_model: { type: 'fixed', entry: 'soon' } }),
      'backtest.execution.latency_model.entry',
      /not a duration: "soon"/,
    ));
  it('end before start', () =>
    expectConfigError(
      (c) => Object.assign(c.backtest, { start: '2021-01-01', end: '2020-01-01' }),
      'backtest.end',
      /not after start/,
    ));
  it('bad start timestamp', () =>
    expectConfigError(
      (c) => (c.backtest.start = '2021-02-30'),
      'backtest.start',
      /invalid timestamp "2021-02-30"/,
    ));
  it('no strategy', () => expectConfigError((c) => delete c.strategy, 'strategy', /a strategy is required/));
  it('strategy module missing', () =>
    expectConfigError((c) => (c.strategy.module = './missing.ts'), 'strategy.module', /file not found/));
  it('unknown time zone', () =>
    expectConfigError(
      (c) => (c.backtest.data[0].timezone = 'Mars/Olympus'),
      'backtest.data[0].timezone',
      /unknown time zone/,
    ));
  it('volume participation above 1', () =>
    expectConfigError(
      (c) => (c.backtest.execution = { volume_participation: 2 }),
      'backtest.execution.volume_participation',
      /./,
    ));
  it('data source without a symbol', () =>
    expectConfigError(
      (c) => delete c.backtest.data[0].symbol,
      'backtest.data[0].symbol',
      /symbol is required/,
    ));
  it('negative slippage ticks', () =>
    expectConfigError(
      (c) => (c.backtest.execution = { slippage: { type: 'ticks', ticks: -1 } }),
      'backtest.execution.slippage.ticks',
      /./,
    ));
  it('unknown data type', () =>
    expectConfigError((c) => (c.backtest.data[0].type = 'xls'), 'backtest.data[0].type', /./));
  it('empty data list', () =>
    expectConfigError((c) => (c.backtest.data = []), 'backtest.data', /at least one data source/));
});

describe('a config with several mistakes lists every one', () => {
  it('schema mistakes: each on its own line with its path', () => {
    const c = base();
    c.backtest.initial_cash = -5;
    c.backtest.data[0].mode = 'sloppy';
    c.backtest.execution = { slippage: { type: 'ticks', ticks: -1 } };
    c.strategy.parms = {};
    const err = (() => {
      try {
        validateConfig(c, dir);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.problems.map((p) => p.path)).toEqual([
      'backtest.initial_cash',
      'backtest.data[0].mode',
      'backtest.execution.slippage.ticks',
      'strategy',
    ]);
    const lines = err.message.split('\n');
    expect(lines[0]).toBe('the config has 4 problems:');
    expect(lines.slice(1)).toEqual(err.problems.map((p) => `  ${p.path}: ${p.detail}`));
    expect(lines[4]).toBe('  strategy: unknown key "parms"');
    expect(err.message).not.toMatch(/more problem/);
  });
  it('missing files: every one named, with the command that generates generated data', () => {
    const c = base();
    c.backtest.data = [
      { type: 'csv', path: 'gone/A.csv', symbol: 'A' },
      { type: 'csv', path: 'gone/B.csv', symbol: 'B', generated_by: 'npm run demo' },
    ];
    c.strategy.module = './missing.ts';
    let err: ConfigError | null = null;
    try {
      validateConfig(c, dir);
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err?.problems).toEqual([
      { path: 'backtest.data[0].path', detail: `file not found: ${join(dir, 'gone/A.csv')}` },
      {
        path: 'backtest.data[1].path',
        detail: `file not found: ${join(dir, 'gone/B.csv')} (generate it with \`npm run demo\`)`,
      },
      { path: 'strategy.module', detail: `file not found: ${join(dir, 'missing.ts')}` },
    ]);
    expect(err?.message.split('\n')).toHaveLength(4);
  });
});

describe('config files and overrides', () => {
  it('reports invalid YAML with the file name', () => {
    const p = join(dir, 'bad.yaml');
    writeFileSync(p, 'backtest: [unclosed\n');
    expect(() => loadConfigFile(p)).toThrow(/bad.yaml: invalid YAML/);
  });
  it('reports a missing config file', () => {
    expect(() => loadConfigFile(join(dir, 'none.yaml'))).toThrow(/config file not found/);
  });
  it('applies --set overrides with YAML-typed values and rejects bad ones', () => {
    const c = base();
    applySet(c, 'strategy.params.fast=5');
    applySet(c, 'backtest.data[0].mode=lenient');
    expect(c.strategy.params.fast).toBe(5);
    expect(c.backtest.data[0].mode).toBe('lenient');
    expect(() => applySet(c, 'strategy.params.fast')).toThrow(/--set: expected key=value/);
    expect(() => applySet(c, 'a..b=1')).toThrow(/--set: bad key path/);
  });
  it('relative paths resolve against the config file folder', () => {
    const p = join(dir, 'rel.yaml');
    writeFileSync(
      p,
      `backtest:\n  data: [{ type: csv, path: AAA.csv, symbol: AAA }]\nstrategy:\n  module: ${strategy}\n`,
    );
    expect(loadConfigFile(p).backtest.data[0]!.path).toBe(csv);
  });
});

describe('run-time errors name the culprit', () => {
  it('a strategy module without a default class', async () => {
    const mod = join(dir, 'empty.js');
    writeFileSync(mod, 'export const x = 1;\n');
    const c = base();
    c.strategy.module = mod;
    await expect(runConfig(validateConfig(c, dir))).rejects.toThrow(
      /strategy.module: .*empty.js must export a Strategy class/,
    );
  });
  it('a strategy rejecting its params', async () => {
    const c = base();
    c.strategy.params = { fast: 5, slow: 3, size: 1 };
    const err = await runConfig(validateConfig(c, dir)).catch((e) => e);
    expect(err).toBeInstanceOf(StrategyError);
    // onStart runs before the first event: no symbol, no simulated time; the line is the strategy's own.
    const lines = readFileSync(strategy, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('must be below params.slow'));
    const column = lines[line]!.indexOf('new Error') + 1;
    expect(err.message).toBe(
      `strategy "sma-crossover" threw in onStart at ${strategy}:${line + 1}:${column}: ` +
        'params.fast (5) must be below params.slow (3)',
    );
  });
  it('an instrument override for a symbol with no data', async () => {
    const c = base();
    c.backtest.instruments = { ZZZ: { tick_size: 0.01 } };
    await expect(runConfig(validateConfig(c, dir))).rejects.toThrow(
      /backtest.instruments.ZZZ: no data loaded for symbol ZZZ/,
    );
  });
});
