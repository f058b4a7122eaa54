import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/engine/config.js';
import { runToFolder } from '../../src/engine/backtest.js';
import { generateSynthBars } from '../../src/data/synth/bars.js';
import { writeBarsCsv } from '../../src/data/csv/write-bars.js';
import { writeBarsParquet } from '../../src/data/parquet/index.js';
import { writeBarsArrow } from '../../src/data/arrow/ipc.js';
import { writeBarsDbn } from '../../src/data/dbn/bars-write.js';
import { importFile, openCatalog } from '../../src/data/catalog/index.js';
import { readYahooNaive, referenceSmaTrades, type RefBar } from './reference-sma.js';

const root = resolve(__dirname, '../..');
const orcl = join(root, 'examples/data/orcl-1995-2014.txt'); // shipped with the examples
const sma = join(root, 'examples/strategies/sma-crossover.ts');

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'hindsight-test-'));
}

function writeConfig(dir: string, dataLine: string, extra = ''): string {
  const path = join(dir, 'run.yaml');
  writeFileSync(
    path,
    [
      'backtest:',
      '  initial_cash: 100000',
      '  log_level: silent',
      `  data: [${dataLine}]`,
      extra,
      'strategy:',
      `  module: ${sma}`,
      '  params: { fast: 10, slow: 30, size: 100 }',
    ].join('\n'),
  );
  return path;
}

function parseCsv(text: string): Record<string, string>[] {
  const [head, ...rows] = text.trim().split('\n');
  const cols = head!.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i]!, v])));
}

function compareWithReference(tradesCsv: string, ref: ReturnType<typeof referenceSmaTrades>): void {
  const got = parseCsv(tradesCsv);
  expect(got.length, 'number of round trips').toBe(ref.length);
  got.forEach((t, i) => {
    const r = ref[i]!;
    expect(t.entry_ts!.slice(0, 10), `trade ${i} entry date`).toBe(r.entryDate);
    expect(t.exit_ts!.slice(0, 10), `trade ${i} exit date`).toBe(r.exitDate);
    expect(Number(t.entry_price), `trade ${i} entry price`).toBe(r.entryPrice);
    expect(Number(t.exit_price), `trade ${i} exit price`).toBe(r.exitPrice);
    expect(Number(t.pnl), `trade ${i} pnl`).toBeCloseTo(r.pnl, 6);
    expect(t.side).toBe('long');
    expect(t.qty).toBe('100');
  });
}

describe('end to end: hindsight run', () => {
  it('SMA crossover on ORCL 1995-2014 matches the independent reference', async () => {
    const dir = tmp();
    const cfg = loadConfigFile(writeConfig(dir, `{ type: csv, path: ${orcl}, symbol: ORCL, format: yahoo }`));
    await runToFolder(cfg, join(dir, 'out'));
    const ref = referenceSmaTrades(readYahooNaive(readFileSync(orcl, 'utf8')), 10, 30, 100);
    expect(ref.length).toBeGreaterThan(50);
    compareWithReference(readFileSync(join(dir, 'out/trades.csv'), 'utf8'), ref);
  });

  it('SMA crossover on generated data matches the independent reference', async () => {
    const dir = tmp();
    const [table] = generateSynthBars({
      symbols: ['GEN'],
      bars: 3000,
      freq: '1d',
      start: '2010-01-04',
      seed: 11,
    });
    const csv = join(dir, 'GEN.csv');
    writeBarsCsv(csv, [table!], {});
    const cfg = loadConfigFile(writeConfig(dir, `{ type: csv, path: ${csv}, symbol: GEN }`));
    await runToFolder(cfg, join(dir, 'out'));
    const text = readFileSync(csv, 'utf8').trim().split('\n').slice(1);
    const bars: RefBar[] = text.map((l) => {
      const f = l.split(',');
      return { date: f[0]!.slice(0, 10), open: Number(f[1]), close: Number(f[4]) };
    });
    const ref = referenceSmaTrades(bars, 10, 30, 100);
    expect(ref.length).toBeGreaterThan(20);
    compareWithReference(readFileSync(join(dir, 'out/trades.csv'), 'utf8'), ref);
  });

  it('writes the run folder of DESIGN.md §4 and two runs are byte-identical', async () => {
    const dir = tmp();
    const tables = generateSynthBars({
      symbols: ['AAA', 'BBB'],
      bars: 1500,
      freq: '1d',
      start: '2012-01-02',
      seed: 5,
    });
    const csv = join(dir, 'multi.csv');
    writeBarsCsv(csv, tables, { symbolColumn: true });
    const config = writeConfig(
      dir,
      `{ type: csv, path: ${csv}, columns: { symbol: symbol } }`,
      '  execution: { commission: { type: per_share, rate: 0.005, min: 1 }, slippage: { type: ticks, ticks: 1 } }',
    );
    const a = await runToFolder(loadConfigFile(config), join(dir, 'a'));
    await runToFolder(loadConfigFile(config), join(dir, 'b'));
    for (const f of ['metrics.json', 'trades.csv', 'fills.csv', 'equity.csv', 'config.resolved.yaml']) {
      expect(existsSync(join(dir, 'a', f)), `${f} is written`).toBe(true);
      if (f === 'metrics.json') continue;
      if (f === 'config.resolved.yaml') continue;
      expect(readFileSync(join(dir, 'a', f), 'utf8'), `${f} identical across runs`).toBe(
        readFileSync(join(dir, 'b', f), 'utf8'),
      );
    }
    const ma = JSON.parse(readFileSync(join(dir, 'a/metrics.json'), 'utf8'));
    const mb = JSON.parse(readFileSync(join(dir, 'b/metrics.json'), 'utf8'));
    expect(ma.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(ma.fingerprint).toBe(mb.fingerprint);
    // Wall-clock figures are the only fields allowed to differ between runs.
    for (const m of [ma, mb]) {
      delete m.events_per_sec;
      delete m.loop_seconds;
    }
    expect(ma).toEqual(mb);
    for (const key of [
      'initial_equity',
      'final_equity',
      'total_return',
      'cagr',
      'sharpe',
      'sortino',
      'max_drawdown',
      'trades',
      'win_rate',
      'profit_factor',
      'events',
      'events_per_sec',
      'fingerprint',
    ])
      expect(
        Object.keys(JSON.parse(readFileSync(join(dir, 'a/metrics.json'), 'utf8'))),
        `metrics.json has ${key}`,
      ).toContain(key);
    expect(readFileSync(join(dir, 'a/trades.csv'), 'utf8').split('\n')[0]).toBe(
      'symbol,side,qty,entry_ts,entry_price,exit_ts,exit_price,pnl,fees',
    );
    expect(readFileSync(join(dir, 'a/fills.csv'), 'utf8').split('\n')[0]).toBe(
      'ts,symbol,order_id,side,qty,price,fee,liquidity',
    );
    expect(readFileSync(join(dir, 'a/equity.csv'), 'utf8').split('\n')[0]).toBe('ts,equity,cash,drawdown');
    expect(a.record.fills.length).toBeGreaterThan(10);
    expect(new Set(Array.from(a.record.fills).map((f) => f.instrumentId)).size, 'both symbols trade').toBe(2);
    // Exact accounting across the whole run: cash = initial + Σ fill cash flows.
    let cash = a.record.initialCashUnits;
    for (const f of a.record.fills) {
      const inst = a.record.instruments[f.instrumentId]!;
      cash -=
        f.side * f.priceTicks * f.lots * inst.valuePerTickLot * 10 ** (a.record.cashScale - inst.valueScale) +
        f.feeUnits;
    }
    expect(a.record.finalCashUnits).toBe(cash);
  });

  it('the CLI runs an example config, prints a summary and exits 0', () => {
    const dir = tmp();
    const data = join(dir, 'data');
    const synth = spawnSync(
      process.execPath,
      [
        join(root, 'bin/hindsight.js'),
        'data',
        'synth',
        '--out',
        data,
        '--symbols',
        '3',
        '--bars',
        '600',
        '--seed',
        '7',
      ],
      { encoding: 'utf8' },
    );
    expect(synth.status, synth.stderr).toBe(0);
    const sources: Record<string, number> = {
      'sma-crossover': 1,
      'mean-reversion': 3,
      'momentum-rebalance': 3,
    };
    for (const [example, count] of Object.entries(sources)) {
      const out = join(dir, example);
      const r = spawnSync(
        process.execPath,
        [
          join(root, 'bin/hindsight.js'),
          'run',
          join(root, 'examples', `${example}.yaml`),
          '--out',
          out,
          ...['SYN000', 'SYN001', 'SYN002']
            .slice(0, count)
            .flatMap((s, i) => ['--set', `backtest.data[${i}].path=${join(data, s + '.csv')}`]),
        ],
        { encoding: 'utf8' },
      );
      expect(r.status, `${example}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('Fingerprint');
      expect(existsSync(join(out, 'metrics.json'))).toBe(true);
    }
  });
});

describe('end to end: the same backtest over every bar format', () => {
  it('CSV (parsed and cached), Parquet, Arrow (file and stream), DBN, a catalog and streamed Parquet/DBN/CSV (cached) give the same trades and fingerprint', async () => {
    const dir = tmp();
    const tables = generateSynthBars({
      symbols: ['AAA', 'BBB'],
      bars: 1200,
      freq: '1d',
      start: '2012-01-02',
      seed: 21,
    });
    writeBarsCsv(join(dir, 'bars.csv'), tables, { symbolColumn: true });
    for (const t of tables) writeBarsCsv(join(dir, `${t.symbol}.csv`), [t]);
    const csvStreams = tables
      .map((t) => `{ type: csv, path: ${join(dir, `${t.symbol}.csv`)}, symbol: ${t.symbol}, stream: true }`)
      .join(', ');
    writeBarsParquet(join(dir, 'bars.parquet'), tables);
    writeBarsArrow(join(dir, 'bars.arrow'), tables, { format: 'file' });
    writeBarsArrow(join(dir, 'bars.arrows'), tables, { format: 'stream' });
    writeBarsDbn(join(dir, 'bars.dbn'), tables, '1d');
    const catalog = openCatalog(join(dir, 'catalog'), { create: true });
    importFile(catalog, join(dir, 'bars.parquet'));
    const sources = [
      `{ type: csv, path: ${join(dir, 'bars.csv')}, columns: { symbol: symbol } }`,
      `{ type: csv, path: ${join(dir, 'bars.csv')}, columns: { symbol: symbol } }`,
      `{ type: parquet, path: ${join(dir, 'bars.parquet')} }`,
      `{ type: arrow, path: ${join(dir, 'bars.arrow')} }`,
      `{ type: arrow, path: ${join(dir, 'bars.arrows')} }`,
      `{ type: dbn, path: ${join(dir, 'bars.dbn')}, tick_size: 0.01 }`,
      `{ type: catalog, path: ${join(dir, 'catalog')} }`,
      `{ type: parquet, path: ${join(dir, 'bars.parquet')}, stream: true, symbols: [AAA, BBB] }`,
      `{ type: dbn, path: ${join(dir, 'bars.dbn')}, tick_size: 0.01, stream: true, symbols: [AAA, BBB] }`,
      csvStreams,
      csvStreams,
    ];
    const results = [];
    const cache: (string | undefined)[] = [];
    for (const [k, src] of sources.entries()) {
      const sub = join(dir, `run${k}`);
      mkdirSync(sub);
      const res = await runToFolder(loadConfigFile(writeConfig(sub, src)), join(sub, 'out'));
      results.push({
        trades: readFileSync(join(sub, 'out/trades.csv'), 'utf8'),
        fp: res.metrics.fingerprint,
      });
      cache.push(res.record.dataSources[0]?.cache);
    }
    expect(cache.slice(0, 2), 'the second CSV run reads the parse cache').toEqual(['miss', 'hit']);
    expect(cache.slice(-2), 'the second streamed CSV run streams the parse cache').toEqual(['miss', 'hit']);
    expect(results[0]!.trades.split('\n').length, 'the strategy trades').toBeGreaterThan(10);
    for (const [k, r] of results.entries()) {
      expect(r.trades, `trades over ${sources[k]}`).toBe(results[0]!.trades);
      expect(r.fp, `fingerprint over ${sources[k]}`).toBe(results[0]!.fp);
    }
  });
});

describe('end to end: streamed CSV limits', () => {
  it('a CSV with a symbol column and stream: true is a config error naming the field', async () => {
    const dir = tmp();
    writeBarsCsv(
      join(dir, 'two.csv'),
      generateSynthBars({ symbols: ['AAA', 'BBB'], bars: 50, freq: '1d', start: '2012-01-02', seed: 3 }),
      { symbolColumn: true },
    );
    const cfg = loadConfigFile(
      writeConfig(
        dir,
        `{ type: csv, path: ${join(dir, 'two.csv')}, columns: { symbol: symbol }, stream: true }`,
      ),
    );
    await expect(runToFolder(cfg, join(dir, 'out'))).rejects.toThrow(
      /backtest\.data\[0\]\.stream: a CSV with a symbol column cannot be streamed/,
    );
  });
});

describe('end to end: data and strategies load together', () => {
  it('a data error wins over a strategy error, as when they loaded one after the other', async () => {
    const dir = tmp();
    const path = join(dir, 'run.yaml');
    writeFileSync(
      path,
      [
        'backtest:',
        '  log_level: silent',
        `  data: [{ type: csv, path: ${join(dir, 'bars.csv')}, symbol: X }]`,
        'strategy:',
        `  module: ${join(dir, 'broken-strategy.ts')}`,
      ].join('\n'),
    );
    writeFileSync(join(dir, 'broken-strategy.ts'), 'export default class Broken {\n');
    writeFileSync(join(dir, 'bars.csv'), 'timestamp,open,high,low,close,volume\n2020-01-02,1,2,0.5,3,1\n');
    await expect(runToFolder(loadConfigFile(path), join(dir, 'out'))).rejects.toThrow(
      /bars\.csv:2: field "high": high is below close 3/,
    );
    writeFileSync(join(dir, 'bars.csv'), 'timestamp,open,high,low,close,volume\n2020-01-02,1,2,0.5,1,1\n');
    await expect(runToFolder(loadConfigFile(path), join(dir, 'out'))).rejects.toThrow(/broken-strategy/);
  });
});

describe('end to end: the multi-timeframe example', () => {
  it('runs from its config: entries on closed 5-minute bars, gated by the hourly trend and VPIN', async () => {
    const dir = tmp();
    const tables = generateSynthBars({
      symbols: ['SYN000', 'SYN001'],
      bars: 20000,
      freq: '1m',
      start: '2015-01-02',
      seed: 11,
    });
    for (const t of tables) writeBarsCsv(join(dir, `${t.symbol}.csv`), [t]);
    const example = fileURLToPath(new URL('../../examples/multi-timeframe.yaml', import.meta.url));
    const cfg = loadConfigFile(example, [
      `backtest.data[0].path=${join(dir, 'SYN000.csv')}`,
      `backtest.data[1].path=${join(dir, 'SYN001.csv')}`,
    ]);
    const res = await runToFolder(cfg, join(dir, 'out'));
    const trades = parseCsv(readFileSync(join(dir, 'out/trades.csv'), 'utf8'));
    expect(trades.length, 'the example trades').toBeGreaterThan(20);
    for (const t of trades)
      expect(
        Number(t.entry_ts!.slice(14, 16)) % 5,
        `entry ${t.entry_ts} fills at the open after a 5-minute close`,
      ).toBe(0);
    const strict = await runToFolder(
      loadConfigFile(example, [
        `backtest.data[0].path=${join(dir, 'SYN000.csv')}`,
        `backtest.data[1].path=${join(dir, 'SYN001.csv')}`,
        'strategy.params.max_vpin=0.05',
      ]),
      join(dir, 'out-strict'),
    );
    expect(strict.record.trades.length, 'a tighter VPIN gate blocks entries').toBeLessThan(
      res.record.trades.length,
    );
  });
});
