// A bar CSV streamed through the worker (src/data/stream/csv-stream.ts, csv-producer.ts; `npm run build`
// first: the worker runs from dist/). The chunks must concatenate to exactly readBarsCsv's table for every
// chunk size down to one row — auto tick with the finest price last, lenient quarantine (same file, same
// counts), strict errors (same message) — an engine run over them must give the whole run's fingerprint,
// and the parse cache must be written by a streamed miss and stream a later hit, identically.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../../src/core/errors.js';
import { cachedBars } from '../../../src/data/catalog/cache-readers.js';
import { readBarsCsv, type CsvBarOptions } from '../../../src/data/csv/bars.js';
import { writeBarsCsv } from '../../../src/data/csv/write-bars.js';
import { openCsvBarStream } from '../../../src/data/stream/csv-stream.js';
import { generateSynthBars } from '../../../src/data/synth/bars.js';
import type { EngineResult } from '../../../src/engine/engine.js';
import { drain, plain, runEngine } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-csv-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const [syn] = generateSynthBars({ symbols: ['SYN'], bars: 3000, freq: '1m', start: '2022-03-01', seed: 5 });
const synPath = join(dir, 'syn.csv');
writeBarsCsv(synPath, [syn!], {});
// The finest price comes in the very last row: every earlier chunk must be rescaled to it.
const finerPath = join(dir, 'finer.csv');
writeFileSync(
  finerPath,
  readFileSync(synPath, 'utf8') + '2030-01-01T00:00:00Z,100.5,100.5,100.125,100.25,7\n',
);
// Bad rows of several kinds, two of them across what would be chunk edges.
const messyPath = join(dir, 'messy.csv');
const lines = readFileSync(synPath, 'utf8').trimEnd().split('\n');
lines.splice(5, 0, '2022-03-01T09:00:00Z,1,2,0.5,1,x');
lines.splice(20, 0, lines[19]!);
lines.splice(300, 0, 'not a row');
lines.splice(301, 0, '"2022-03-01T23:59:00Z",1,1,1,1,1');
lines.push('2021-01-01T00:00:00Z,1,1,1,1,1');
writeFileSync(messyPath, lines.join('\r\n') + '\r\n');

function summary(r: EngineResult): Record<string, unknown> {
  const n = r.equity.length;
  return {
    events: r.events,
    fills: Array.from(r.fills),
    finalEquityUnits: r.finalEquityUnits,
    equityTs: Array.from(r.equity.tsSec.subarray(0, n)),
    equity: Array.from(r.equity.equityUnits.subarray(0, n)),
  };
}

const opts = (o: Partial<CsvBarOptions> = {}): CsvBarOptions => ({ format: 'generic', symbol: 'SYN', ...o });

async function streamed(path: string, csv: CsvBarOptions, chunkRows: number, cache?: string) {
  const src = await openCsvBarStream({
    path,
    csv,
    chunkRows,
    ...(cache ? { cache: { enabled: true, dir: cache } } : {}),
  });
  const report = src.report;
  const { table, lengths } = await drain(src);
  return { table, lengths, report, tick: src.tick, rowsHint: src.rowsHint };
}

describe('streamed CSV equals the whole-file read', () => {
  for (const chunkRows of [1, 2, 7, 1000])
    it(`chunks of ${chunkRows} row(s), auto tick with a finer price in the last row`, async () => {
      const whole = readBarsCsv(finerPath, opts());
      expect(whole.tables[0]!.tick, 'the last row decides the tick').toEqual({ units: 1, scale: 3 });
      const s = await streamed(finerPath, opts(), chunkRows);
      expect(s.tick).toEqual({ units: 1, scale: 3 });
      expect(s.rowsHint).toBe(3001);
      expect(plain(s.table)).toEqual(plain(whole.tables[0]!));
      expect(Math.max(...s.lengths), 'chunks of at most chunkRows rows').toBe(Math.min(chunkRows, 3001));
    });

  it('a fixed tick size', async () => {
    const o = opts({ tickSize: '0.005' });
    const s = await streamed(synPath, o, 333);
    expect(plain(s.table)).toEqual(plain(readBarsCsv(synPath, o).tables[0]!));
  });

  it('lenient mode: the same rows, counts, issues and quarantine file', async () => {
    const qWhole = join(dir, 'whole.q.csv');
    const qStream = join(dir, 'stream.q.csv');
    const whole = readBarsCsv(messyPath, opts({ mode: 'lenient', quarantinePath: qWhole }));
    expect(whole.rowsQuarantined, 'the bad rows and those behind the late quoted row').toBeGreaterThan(4);
    for (const chunkRows of [1, 7, 1000]) {
      rmSync(qStream, { force: true });
      const s = await streamed(messyPath, opts({ mode: 'lenient', quarantinePath: qStream }), chunkRows);
      expect(plain(s.table)).toEqual(plain(whole.tables[0]!));
      expect(s.report).toEqual({
        rowsRead: whole.rowsRead,
        rowsAccepted: whole.rowsAccepted,
        rowsQuarantined: whole.rowsQuarantined,
        quarantinePath: qStream,
        firstIssues: whole.firstIssues,
        cache: 'off',
      });
      expect(readFileSync(qStream, 'utf8')).toBe(readFileSync(qWhole, 'utf8'));
    }
  });

  it('strict mode: the same DataError as the whole read, when the stream opens', async () => {
    let wholeErr: unknown;
    try {
      readBarsCsv(messyPath, opts());
    } catch (e) {
      wholeErr = e;
    }
    expect(wholeErr).toBeInstanceOf(DataError);
    const err = await openCsvBarStream({ path: messyPath, csv: opts(), chunkRows: 7 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).message).toBe((wholeErr as DataError).message);
    expect((err as DataError).message).toContain('messy.csv:6');
  });

  it('refuses a file with a symbol column, naming the option', async () => {
    const err = await openCsvBarStream({
      path: synPath,
      csv: { format: 'generic', columns: { symbol: 'sym' } },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(String(err)).toContain('symbol column cannot be streamed');
  });

  it('an engine run over the stream gives the whole run fills and equity', async () => {
    const whole = readBarsCsv(finerPath, opts()).tables[0]!;
    const want = summary(await runEngine(whole, null, 3600));
    expect((want.fills as unknown[]).length, 'the strategy trades').toBeGreaterThan(20);
    for (const chunkRows of [1, 7]) {
      const src = await openCsvBarStream({ path: finerPath, csv: opts(), chunkRows, recycle: true });
      const first = (await src.next())!;
      expect(summary(await runEngine(first, src, 3600))).toEqual(want);
    }
  });
});

describe('streamed CSV and the parse cache', () => {
  it('a streamed miss writes the entry, a streamed hit streams it: identical tables, counts, quarantine', async () => {
    const cache = join(dir, 'cache1');
    const q = join(dir, 'c.q.csv');
    const o = opts({ mode: 'lenient', quarantinePath: q });
    const whole = readBarsCsv(messyPath, o);
    const qText = readFileSync(q, 'utf8');
    rmSync(q);
    const miss = await streamed(messyPath, o, 100, cache);
    expect(miss.report.cache).toBe('miss');
    expect(miss.report.cacheError).toBeUndefined();
    expect(plain(miss.table)).toEqual(plain(whole.tables[0]!));
    rmSync(q);
    const hit = await streamed(messyPath, o, 64, cache);
    expect(hit.report.cache).toBe('hit');
    expect(plain(hit.table)).toEqual(plain(whole.tables[0]!));
    expect(Math.max(...hit.lengths)).toBe(64);
    expect(hit.report.rowsQuarantined).toBe(whole.rowsQuarantined);
    expect(readFileSync(q, 'utf8'), 'the hit restores the quarantine file').toBe(qText);
    // The whole reader serves itself from the streamed entry, and the other way round.
    const viaWhole = cachedBars(messyPath, o, { dir: cache });
    expect(viaWhole.cache).toBe('hit');
    expect(plain(viaWhole.tables[0]!)).toEqual(plain(whole.tables[0]!));
    const cache2 = join(dir, 'cache2');
    expect(cachedBars(finerPath, opts(), { dir: cache2 }).cache).toBe('miss');
    const s = await streamed(finerPath, opts(), 500, cache2);
    expect(s.report.cache).toBe('hit');
    expect(plain(s.table)).toEqual(plain(readBarsCsv(finerPath, opts()).tables[0]!));
  });

  it('a damaged entry is rebuilt by the stream, and the rebuilt entry hits', async () => {
    const cache = join(dir, 'cache3');
    await streamed(synPath, opts(), 1000, cache);
    const [sub] = readdirSync(cache);
    const [key] = readdirSync(join(cache, sub!));
    const col = join(cache, sub!, key!, 't0.col');
    const bytes = readFileSync(col);
    bytes[bytes.length - 9]! ^= 1;
    writeFileSync(col, bytes);
    const again = await streamed(synPath, opts(), 1000, cache);
    expect(again.report.cache).toBe('rebuilt');
    expect(plain(again.table)).toEqual(plain(syn!));
    const hit = await streamed(synPath, opts(), 1000, cache);
    expect(hit.report.cache).toBe('hit');
    expect(plain(hit.table)).toEqual(plain(syn!));
    expect(existsSync(col)).toBe(true);
  });
});
