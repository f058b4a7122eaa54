// Streaming every bar source (issue 10 point 2): a run whose source is streamed through the worker gives
// the same fingerprint and byte-identical trades.csv / fills.csv / equity.csv (and metrics.json but for
// its wall-clock figures, benchmark included) as the same run loaded whole, for Parquet (one symbol, several symbols), Arrow (file and stream), DBN and a catalog whose
// partitions the run's start/end cut inside, at the default chunk size and down to 1-row chunks. The data
// source report says which sources streamed. The workers run the built entry in dist/ (npm run build).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIso } from '../../src/core/time.js';
import { writeBarsArrow } from '../../src/data/arrow/ipc.js';
import { importFile, openCatalog } from '../../src/data/catalog/index.js';
import { writeBarsDbn } from '../../src/data/dbn/bars-write.js';
import { writeBarsParquet } from '../../src/data/parquet/index.js';
import { generateSynthBars } from '../../src/data/synth/bars.js';
import { runToFolder, type RunOptions } from '../../src/engine/backtest.js';
import { validateConfig } from '../../src/engine/config.js';
import { loadData } from '../../src/engine/load-data.js';

const root = resolve(__dirname, '../..');
const sma = join(root, 'examples/strategies/sma-crossover.ts');
const dir = mkdtempSync(join(tmpdir(), 'hindsight-stream-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 15-minute bars in exchange sessions: a catalog keeps them in monthly partitions (January to October 2021).
const [aaa, bbb] = generateSynthBars({
  symbols: ['AAA', 'BBB'],
  bars: 5000,
  freq: '15m',
  start: '2021-01-20',
  seed: 5,
});
const path = (name: string): string => join(dir, name);
writeBarsParquet(path('one.parquet'), [aaa!], { rowGroupSize: 500 });
writeBarsParquet(path('both.parquet'), [aaa!, bbb!], { rowGroupSize: 700 });
writeBarsArrow(path('both.arrow'), [aaa!, bbb!], { format: 'file', batchRows: 600 });
writeBarsArrow(path('both.arrows'), [aaa!, bbb!], { format: 'stream', batchRows: 600 });
writeBarsDbn(path('both.dbn'), [aaa!, bbb!], '1m');
const catalog = openCatalog(path('catalog'), { create: true });
importFile(catalog, path('both.parquet'), { rowGroupSize: 400 });
// Inside two partitions, leaving the last one out (both inclusive).
const start = formatIso(aaa!.tsSec[700]!, 0);
const end = formatIso(aaa!.tsSec[4500]!, 0);

let runs = 0;
interface Outcome {
  fingerprint: string;
  files: Record<string, string>;
  streamed: (boolean | undefined)[];
  trades: number;
}

async function run(
  source: Record<string, unknown>,
  opts: RunOptions = {},
  range = false,
  equityInterval: string | number = 0,
): Promise<Outcome> {
  const cfg = validateConfig(
    {
      backtest: {
        initial_cash: 100000,
        log_level: 'silent',
        data: [{ ...source }],
        output: { report: false, parquet: false },
        ...(range ? { start, end } : {}),
        analytics: { equity_interval: equityInterval },
      },
      strategy: { module: sma, params: { fast: 10, slow: 30, size: 100 } },
    },
    dir,
  );
  const out = join(dir, `run${runs++}`);
  const res = await runToFolder(cfg, out, opts);
  const files: Record<string, string> = {};
  for (const f of ['trades.csv', 'fills.csv', 'equity.csv']) files[f] = readFileSync(join(out, f), 'utf8');
  // Every metric but the wall-clock ones: the benchmark of a streamed symbol too (benchmark-tap.ts).
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, unknown>;
  delete metrics.loop_seconds;
  delete metrics.events_per_sec;
  files['metrics.json'] = JSON.stringify(metrics, null, 1);
  return {
    fingerprint: res.metrics.fingerprint,
    files,
    streamed: res.record.dataSources.map((s) => s.streamed),
    trades: res.record.trades.length,
  };
}

/** The source streamed (default chunks, 1-row and 7-row chunks) against the same source loaded whole. */
async function expectSameStreamed(
  source: Record<string, unknown>,
  range = false,
  equityInterval: string | number = 0,
): Promise<void> {
  const whole = await run({ ...source, stream: false }, {}, range, equityInterval);
  expect(whole.streamed).toEqual([false]);
  expect(whole.trades, 'the strategy trades').toBeGreaterThan(20);
  expect(whole.files['metrics.json'], 'a benchmark').toContain('"benchmark": "buy and hold');
  for (const chunkRows of [undefined, 1, 7]) {
    const got = await run({ ...source, stream: true }, { streamChunkRows: chunkRows }, range, equityInterval);
    const what = `${JSON.stringify(source)}, chunks of ${chunkRows ?? 'default'} rows`;
    expect(got.streamed, what).toEqual([true]);
    expect(got.fingerprint, what).toBe(whole.fingerprint);
    for (const f of Object.keys(whole.files)) expect(got.files[f], `${f}: ${what}`).toBe(whole.files[f]);
  }
}

describe('a streamed source gives the run of the same source loaded whole', () => {
  it('Parquet of one symbol', async () => {
    await expectSameStreamed({ type: 'parquet', path: path('one.parquet') });
  });

  it('Parquet of one symbol, with the run range cutting inside row groups, hourly equity', async () => {
    await expectSameStreamed({ type: 'parquet', path: path('one.parquet') }, true, '1h');
  });

  it('Parquet of two symbols: a stream per listed symbol, or per symbol of the file', async () => {
    await expectSameStreamed({ type: 'parquet', path: path('both.parquet'), symbols: ['AAA', 'BBB'] });
    await expectSameStreamed({ type: 'parquet', path: path('both.parquet') });
  });

  it('Arrow IPC file, record batch by record batch', async () => {
    await expectSameStreamed({ type: 'arrow', path: path('both.arrow') });
  });

  it('Arrow IPC stream, with a symbol list', async () => {
    await expectSameStreamed({ type: 'arrow', path: path('both.arrows') });
    await expectSameStreamed({ type: 'arrow', path: path('both.arrows'), symbols: ['BBB'] });
  });

  it('DBN OHLCV of two symbols (symbols and ticks from one first pass)', async () => {
    await expectSameStreamed({ type: 'dbn', path: path('both.dbn') });
  });

  it('a catalog of several partitions, with start/end cutting inside partitions and leaving the last out', async () => {
    const periods = catalog.list({ symbol: 'AAA' }).map((f) => f.period);
    expect(periods.slice(0, 3)).toEqual(['2021-01', '2021-02', '2021-03']);
    expect(periods.length).toBe(10);
    await expectSameStreamed({ type: 'catalog', path: path('catalog') }, true);
    await expectSameStreamed({ type: 'catalog', path: path('catalog') }, true, '1d');
    await expectSameStreamed({ type: 'catalog', path: path('catalog'), symbols: ['BBB'] });
  });
});

describe('streaming by default when a source is large', () => {
  it('no stream option: streamed above the row threshold, whole at or below it; the option wins', async () => {
    const src = { type: 'parquet', path: path('one.parquet') };
    expect((await run(src, { streamRowsThreshold: 4999 })).streamed, '5000 rows > 4999').toEqual([true]);
    expect((await run(src, { streamRowsThreshold: 5000 })).streamed, '5000 rows <= 5000').toEqual([false]);
    expect((await run({ ...src, stream: true }, { streamRowsThreshold: 1e9 })).streamed).toEqual([true]);
    expect((await run({ ...src, stream: false }, { streamRowsThreshold: 0 })).streamed).toEqual([false]);
  });

  it('rows are counted per format: Arrow batch headers, a catalog manifest in the range, DBN file size', async () => {
    const arrow = { type: 'arrow', path: path('both.arrows') };
    expect((await run(arrow, { streamRowsThreshold: 9999 })).streamed).toEqual([true]);
    expect((await run(arrow, { streamRowsThreshold: 10000 })).streamed).toEqual([false]);
    const cat = { type: 'catalog', path: path('catalog') };
    const inRange = catalog
      .list()
      .filter((f) => f.lastTs >= start && f.firstTs <= end)
      .reduce((n, f) => n + f.rows, 0);
    expect(inRange, 'the range leaves out a partition; rows of partitions it cuts count whole').toBe(9048);
    expect((await run(cat, { streamRowsThreshold: inRange - 1 }, true)).streamed).toEqual([true]);
    expect((await run(cat, { streamRowsThreshold: inRange }, true)).streamed).toEqual([false]);
    // 10000 OHLCV records of 56 bytes, plus the metadata header (a few hundred bytes).
    const dbn = { type: 'dbn', path: path('both.dbn') };
    expect((await run(dbn, { streamRowsThreshold: 9999 })).streamed).toEqual([true]);
    expect((await run(dbn, { streamRowsThreshold: 10100 })).streamed).toEqual([false]);
  });

  it('streams carry row counts for progress (an upper bound under a range)', async () => {
    const hints = async (source: Record<string, unknown>): Promise<[string, number | null][]> => {
      const cfg = validateConfig(
        { backtest: { data: [source], start, end }, strategy: { module: sma } },
        dir,
      );
      const data = await loadData(cfg, { quarantineDir: null, streamRowsThreshold: 0 });
      await Promise.all(data.streams.map((x) => x.close()));
      return data.streams.map((x) => [x.symbol, x.rowsHint]);
    };
    const overlapping = catalog
      .list({ symbol: 'BBB' })
      .filter((f) => f.lastTs >= start && f.firstTs <= end)
      .reduce((n, f) => n + f.rows, 0);
    expect(await hints({ type: 'catalog', path: path('catalog'), symbols: ['BBB'] })).toEqual([
      ['BBB', overlapping],
    ]);
    expect(await hints({ type: 'dbn', path: path('both.dbn') })).toEqual([
      ['AAA', 5000],
      ['BBB', 5000],
    ]);
    expect(await hints({ type: 'parquet', path: path('one.parquet') })).toEqual([['AAA', 5000]]);
  });

  it('a listed symbol the file lacks is a ConfigError naming the entry, streamed or whole', async () => {
    for (const [type, file] of [
      ['parquet', 'both.parquet'],
      ['arrow', 'both.arrow'],
      ['dbn', 'both.dbn'],
    ] as const)
      for (const stream of [true, false]) {
        const source = { type, path: path(file), symbols: ['AAA', 'ZZZ'], stream };
        await expect(run(source), `${type}, stream ${stream}`).rejects.toThrow(
          `backtest.data[0].symbols: no bars of ZZZ in ${path(file)}`,
        );
      }
  });
});
