// Bars decoded in a worker thread (src/data/stream/worker.ts). The worker runs the built entry in dist/
// (`npm run build` first). Chunks from Parquet and DBN files must concatenate to exactly the whole-file
// read, with a symbol filter and a time range; errors in the file reach the caller as the same DataError;
// close() ends the worker; a dying worker is an error, never a hang; an engine run over the worker's
// chunks gives the same fills and equity as over the table in memory.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, HindsightError } from '../../../src/core/errors.js';
import { rangeBarTable } from '../../../src/data/bars.js';
import { readBarsParquet, writeBarsParquet } from '../../../src/data/parquet/index.js';
import { iterateDbnBars } from '../../../src/data/dbn/bars.js';
import { barWorkerScript, openWorkerBarSource, WorkerBarSource } from '../../../src/data/stream/worker.js';
import { generateSynthBars } from '../../../src/data/synth/bars.js';
import type { EngineResult } from '../../../src/engine/engine.js';
import { drain, ohlcvFromBars, plain, runEngine, writeOhlcvDbn } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-stream-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const [aaa, bbb] = generateSynthBars({
  symbols: ['AAA', 'BBB'],
  bars: 5000,
  freq: '5m',
  start: '2023-01-02',
  seed: 21,
});
const pqBoth = join(dir, 'both.parquet');
writeBarsParquet(pqBoth, [aaa!, bbb!], { rowGroupSize: 1000 });
const pqOne = join(dir, 'one.parquet');
writeBarsParquet(pqOne, [aaa!], { rowGroupSize: 1024 });
const dbnBoth = join(dir, 'both.dbn');
const names = new Map([
  [7, 'AAA'],
  [8, 'BBB'],
]);
writeOhlcvDbn(dbnBoth, [ohlcvFromBars([aaa!, bbb!], [7, 8])], names);
const start = { sec: aaa!.tsSec[1111]!, nsec: 0 };
const end = { sec: aaa!.tsSec[3333]!, nsec: 0 };

describe('worker bar source: chunks equal the whole-file read', () => {
  it('Parquet, with a symbol filter, cut into chunks of chunkRows', async () => {
    const src = await openWorkerBarSource({ format: 'parquet', path: pqBoth, symbol: 'BBB', chunkRows: 300 });
    expect([src.symbol, src.tick, src.rowsHint]).toEqual(['BBB', { units: 1, scale: 2 }, 5000]);
    const { table, lengths } = await drain(src);
    expect(plain(table)).toEqual(plain(readBarsParquet(pqBoth, { symbols: ['BBB'] })[0]!));
    expect(plain(table), 'the table as written').toEqual(plain(bbb!));
    expect(Math.max(...lengths), 'at most chunkRows rows per chunk').toBe(300);
    expect(await src.next(), 'after the end: null').toBeNull();
  });

  it('Parquet of one symbol, no options: one chunk per row group', async () => {
    const src = await openWorkerBarSource({ format: 'parquet', path: pqOne });
    expect([src.symbol, src.rowsHint]).toEqual(['AAA', 5000]);
    const { table, lengths } = await drain(src);
    expect(plain(table)).toEqual(plain(aaa!));
    expect(lengths).toEqual([1024, 1024, 1024, 1024, 904]);
  });

  it('Parquet and DBN with a time range: rows start <= ts < end', async () => {
    const want = plain(rangeBarTable(aaa!, start.sec, 0, end.sec, 0));
    for (const format of ['parquet', 'dbn'] as const) {
      const path = format === 'parquet' ? pqBoth : dbnBoth;
      const src = await openWorkerBarSource({ format, path, symbol: 'AAA', start, end, chunkRows: 512 });
      expect(src.rowsHint, `${format}: no row count for a range`).toBeNull();
      expect(plain((await drain(src)).table), format).toEqual(want);
    }
  });

  it('DBN: symbol and tick from a first pass, or given', async () => {
    const scanned = await openWorkerBarSource({
      format: 'dbn',
      path: dbnBoth,
      symbol: 'BBB',
      chunkRows: 999,
    });
    expect([scanned.symbol, scanned.tick, scanned.rowsHint]).toEqual(['BBB', { units: 1, scale: 2 }, 5000]);
    expect(plain((await drain(scanned)).table)).toEqual(plain(bbb!));
    const given = await openWorkerBarSource({
      format: 'dbn',
      path: dbnBoth,
      symbol: 'AAA',
      tick: { units: 1, scale: 3 },
      prefetch: 0,
    });
    expect([given.symbol, given.tick, given.rowsHint]).toEqual(['AAA', { units: 1, scale: 3 }, null]);
    const { table } = await drain(given);
    expect(Array.from(table.close), 'ticks of 0.001').toEqual(Array.from(aaa!.close, (c) => c * 10));
  });
});

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('worker bar source: errors and lifetime', () => {
  it('a bad record mid-file rejects next() with the same DataError as a direct read', async () => {
    const t = ohlcvFromBars([aaa!], [7]);
    t.tsEventSec[3000] = t.tsEventSec[2999]! - 300;
    const bad = join(dir, 'bad.dbn');
    writeOhlcvDbn(bad, [t], names);
    let direct = '';
    try {
      for (const _ of iterateDbnBars(bad, { tick: aaa!.tick }));
    } catch (e) {
      direct = (e as Error).message;
    }
    expect(direct).toMatch(
      /bad\.dbn:3001: field "ts_event": OHLCV record of AAA: timestamp goes back in time/,
    );
    const src = await openWorkerBarSource({ format: 'dbn', path: bad, chunkRows: 1000 });
    const err = await rejection(drain(src));
    expect(err, 'rebuilt as a DataError').toBeInstanceOf(DataError);
    expect([err.message, (err as DataError).code]).toEqual([direct, 'E_DATA']);
    await expect(src.next(), 'a failed source stays failed').rejects.toThrow(direct);
  });

  it('errors on opening: missing file, not Parquet, several symbols without a choice', async () => {
    const cases: [Parameters<typeof openWorkerBarSource>[0], RegExp][] = [
      [{ format: 'parquet', path: join(dir, 'none.parquet') }, /none\.parquet: cannot open: ENOENT/],
      [{ format: 'dbn', path: join(dir, 'none.dbn') }, /none\.dbn: cannot read file: ENOENT/],
      [{ format: 'parquet', path: dbnBoth }, /both\.dbn: not a Parquet file: no PAR1 magic bytes/],
      [{ format: 'parquet', path: pqBoth }, /both\.parquet: field "symbol": the file holds several symbols/],
      [
        { format: 'dbn', path: dbnBoth },
        /both\.dbn: field "symbol": the file holds several symbols \(AAA, BBB\)/,
      ],
      [
        { format: 'parquet', path: pqOne, symbol: 'ZZZ' },
        /one\.parquet: field "symbol": the file holds only symbol AAA/,
      ],
    ];
    for (const [spec, message] of cases) {
      const err = await rejection(openWorkerBarSource(spec));
      expect(err, spec.path).toBeInstanceOf(HindsightError);
      expect(err.message, spec.path).toMatch(message);
    }
    await expect(openWorkerBarSource({ format: 'parquet', path: pqOne, chunkRows: 0 })).rejects.toThrow(
      'openWorkerBarSource: chunkRows must be a positive integer (got 0)',
    );
  });

  it('close() mid-way ends the worker; later next() calls give null', async () => {
    const worker = new Worker(barWorkerScript(), {
      workerData: { format: 'parquet', path: pqOne, chunkRows: 100 },
    });
    const exited = once(worker, 'exit');
    const src = new WorkerBarSource(worker, pqOne);
    await src.opened;
    expect((await src.next())!.length).toBe(100);
    const pending = src.next();
    await src.close();
    await exited;
    expect(await pending, 'a request in flight at close() gives null').toBeNull();
    expect(await src.next()).toBeNull();
    const wrapped = await openWorkerBarSource({
      format: 'dbn',
      path: dbnBoth,
      symbol: 'AAA',
      chunkRows: 100,
    });
    expect((await wrapped.next())!.length).toBeGreaterThan(0);
    await wrapped.close();
    expect(await wrapped.next(), 'prefetching source after close').toBeNull();
  });

  it("recycle: a chunk's buffers go back to the worker 3 requests later (prefetch 0) and are refilled", async () => {
    const src = await openWorkerBarSource({
      format: 'parquet',
      path: pqOne,
      chunkRows: 100,
      prefetch: 0,
      recycle: true,
    });
    const got = [await src.next(), await src.next(), await src.next()];
    const copies = got.map((c) => plain(c!));
    expect(got[0]!.close.length, 'chunk 0 untouched while 3 chunks are out').toBe(100);
    got.push(await src.next());
    expect(got[0]!.close.length, 'requesting chunk 3 hands chunk 0 back (detached here)').toBe(0);
    expect(got[1]!.close.length, 'chunk 1 still ours').toBe(100);
    const closes = [...copies, plain(got[3]!)].flatMap((c) => c.close as number[]);
    // A recycling consumer copies what it keeps: each chunk's arrays are reused 3 requests later.
    for (let c = await src.next(); c !== null; c = await src.next()) closes.push(...c.close);
    expect(closes, 'values intact through reuse').toEqual(Array.from(aaa!.close));
  });

  it('a worker that dies is an error, never a hang', async () => {
    const early = new WorkerBarSource(new Worker('process.exit(3)', { eval: true }), 'x.parquet');
    const e1 = await rejection(early.opened);
    expect([e1.message, (e1 as HindsightError).code]).toEqual([
      'stream worker for x.parquet exited (code 3) before the end of the data',
      'E_WORKER',
    ]);
    const code = `const { parentPort } = require('node:worker_threads');
      parentPort.postMessage({ type: 'open', symbol: 'X', tick: { units: 1, scale: 2 }, rowsHint: null });
      parentPort.on('message', () => { throw new Error('boom'); });`;
    const late = new WorkerBarSource(new Worker(code, { eval: true }), 'y.dbn');
    await late.opened;
    const e2 = await rejection(late.next());
    expect([e2.message, (e2 as HindsightError).code]).toEqual([
      'stream worker for y.dbn crashed: boom',
      'E_WORKER',
    ]);
    await expect(late.next()).rejects.toThrow('crashed: boom');
  });
});

function summary(r: EngineResult): Record<string, unknown> {
  const n = r.equity.length;
  return {
    events: r.events,
    fills: Array.from(r.fills),
    trades: r.trades.length,
    finalEquityUnits: r.finalEquityUnits,
    finalCashUnits: r.finalCashUnits,
    equityTs: Array.from(r.equity.tsSec.subarray(0, n)),
    equity: Array.from(r.equity.equityUnits.subarray(0, n)),
    cash: Array.from(r.equity.cashUnits.subarray(0, n)),
  };
}

describe('worker bar source through the engine', () => {
  for (const format of ['parquet', 'dbn'] as const)
    for (const [interval, recycle] of [
      [0, false],
      [86400, true],
    ] as const)
      it(`${format}, equity interval ${interval}, recycle ${recycle}: same fills and equity as in memory`, async () => {
        const want = summary(await runEngine(aaa!, null, interval));
        expect((want.fills as unknown[]).length, 'the strategy trades').toBeGreaterThan(50);
        const src = await openWorkerBarSource({
          format,
          path: format === 'parquet' ? pqBoth : dbnBoth,
          symbol: 'AAA',
          chunkRows: 700,
          recycle,
        });
        const first = (await src.next())!;
        expect(summary(await runEngine(first, src, interval))).toEqual(want);
      });
});
