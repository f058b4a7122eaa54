/**
 * Fuzz targets of the text readers (bar CSV, trade/quote CSV and JSONL) and the columnar readers (Parquet
 * bars and tables, Arrow tables), and the loop that runs them, shared by test/data/fuzz/*.test.ts and
 * scripts/fuzz-csv.ts / fuzz-parquet.ts. A target is a small valid seed file plus a read that checks the
 * reader's promises on whatever it returns; a case mutates the seed (fuzz-inputs.ts) and must end in a
 * result that keeps those promises or in a DataError naming the file (see `clearError`). Anything else —
 * another exception, a broken promise — is a failure.
 *
 * Invariants: case i of a run with seed s depends only on (s, i), so one case can be replayed alone; seeds
 * are a few kB, which bounds each case's time (no timer inside a case).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, DataError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import {
  readTableArrow,
  writeTableArrow,
  type WriteTableArrowOptions,
} from '../../src/data/arrow/table-ipc.js';
import { sliceBarTable, type BarTable } from '../../src/data/bars.js';
import { readBarsCsv } from '../../src/data/csv/bars.js';
import { mutate, mutateText, seedTickText, seedYahooCsv } from './inputs.js';
import { readBarsParquet, writeBarsParquet } from '../../src/data/parquet/index.js';
import { readTableParquet } from '../../src/data/parquet/table-read.js';
import { iterateBarSlices } from '../../src/data/parquet/slice-read.js';
import { tableLayout, isTableKind } from '../../src/data/parquet/table-layout.js';
import { writeTableParquet, type WriteTableParquetOptions } from '../../src/data/parquet/table-write.js';
import { columnsOf, colWidth, newTable, type TableBase } from '../../src/data/schemas.js';
import { generateSynthBars } from '../../src/data/synth/bars.js';
import { readQuotesCsv, readTradesCsv, type TickReadResult } from '../../src/data/ticks/csv.js';
import { readQuotesJsonl, readTradesJsonl } from '../../src/data/ticks/jsonl.js';
import { writeBarsCsv } from '../../src/data/csv/write-bars.js';
import { generateSynthMbo } from '../../src/data/dbn/synth-mbo.js';

export interface FuzzTarget {
  name: string;
  seed: Uint8Array;
  /** Text-aware mutations (CSV, JSONL) or byte mutations (binary formats). */
  text: boolean;
  /** Reads the mutated file; throws a plain Error when a result breaks the reader's promises. */
  read(path: string): void;
}

export interface FuzzFailure {
  target: string;
  seed: number;
  index: number;
  error: string;
}

export interface FuzzReport {
  cases: number;
  ok: number;
  rejected: number;
  failures: FuzzFailure[];
}

/**
 * Runs cases [first, first + cases) of `seed`, target after target. `slowMs` (scripts only: tests never
 * assert timings) reports a case that took longer as a failure.
 */
export function runFuzz(
  targets: FuzzTarget[],
  dir: string,
  seed: number,
  cases: number,
  first = 0,
  slowMs = Infinity,
): FuzzReport {
  const report: FuzzReport = { cases: 0, ok: 0, rejected: 0, failures: [] };
  const path = join(dir, 'case.bin');
  for (let index = first; index < first + cases; index++) {
    const target = targets[index % targets.length]!;
    const rng = new Rng((Math.imul(seed, 0x9e3779b1) + Math.imul(index, 0x85ebca6b)) >>> 0);
    writeFileSync(path, target.text ? mutateText(target.seed, rng) : mutate(target.seed, rng));
    report.cases++;
    const t0 = performance.now();
    const fail = (error: string): void => {
      report.failures.push({ target: target.name, seed, index, error });
    };
    try {
      target.read(path);
      report.ok++;
    } catch (e) {
      if (clearError(e, path)) report.rejected++;
      else fail((e as Error)?.stack ?? String(e));
    }
    const ms = performance.now() - t0;
    if (ms > slowMs) fail(`slow: ${Math.round(ms)} ms for a ${target.seed.length}-byte seed`);
  }
  return report;
}

/**
 * A DataError naming the file, or a ConfigError naming it: the tick CSV reader reports a header without a
 * symbol column (and no `symbol` option) as a missing option, which is what the user has to fix.
 */
function clearError(e: unknown, path: string): boolean {
  if (e instanceof DataError) return e.message.startsWith(path) && e.detail.length > 0;
  return e instanceof ConfigError && e.message.includes(path);
}

function broken(what: string): never {
  throw new Error(`incorrect result: ${what}`);
}

/** What every BarTable promises (bars.ts). */
export function checkBars(tables: BarTable[]): void {
  for (const t of tables) {
    const n = t.length;
    if (!(n >= 1)) broken(`${t.symbol}: empty table returned`);
    for (const c of ['tsSec', 'tsNsec', 'open', 'high', 'low', 'close', 'volume'] as const)
      if (t[c].length < n) broken(`${t.symbol}: column ${c} shorter than the table`);
    for (let i = 0; i < n; i++) {
      const s = t.tsSec[i]!;
      const ns = t.tsNsec[i]!;
      if (!Number.isSafeInteger(s) || !(ns < 1e9)) broken(`${t.symbol} row ${i}: timestamp (${s}, ${ns})`);
      if (i > 0 && !(s > t.tsSec[i - 1]! || (s === t.tsSec[i - 1] && ns > t.tsNsec[i - 1]!)))
        broken(`${t.symbol} row ${i}: time not increasing`);
      const [o, h, l, c] = [t.open[i]!, t.high[i]!, t.low[i]!, t.close[i]!];
      for (const p of [o, h, l, c])
        if (!(Number.isSafeInteger(p) && p > 0)) broken(`${t.symbol} row ${i}: price ${p}`);
      if (!(l <= Math.min(o, c) && h >= Math.max(o, c)))
        broken(`${t.symbol} row ${i}: OHLC ${o} ${h} ${l} ${c}`);
      if (!(t.volume[i]! >= 0)) broken(`${t.symbol} row ${i}: volume ${t.volume[i]}`);
    }
  }
}

/** What every canonical table promises (schemas.ts): typed columns, valid or null times, integer values. */
export function checkTable(t: TableBase): void {
  if (!isTableKind(t.kind)) broken(`unknown kind ${String(t.kind)}`);
  const rec = t as unknown as Record<string, ArrayLike<unknown>>;
  for (const [name, type] of columnsOf(t))
    if (!(rec[name]!.length >= t.length * colWidth(type))) broken(`column ${name} shorter than the table`);
  for (const fc of tableLayout(t.kind, t.tsOutSec !== undefined)) {
    const col = rec[fc.col]!;
    for (let i = 0; i < t.length; i++) {
      const v = col[i * fc.stride + fc.lane];
      if (fc.role === 'ts') {
        const ns = rec[fc.col2]![i] as number;
        if ((v !== v && ns !== 0) || (v === v && !(Number.isInteger(v) && ns < 1e9)))
          broken(`row ${i}: ${fc.col} (${String(v)}, ${ns})`);
      } else if (
        fc.role === 'str' ? typeof v !== 'string' : typeof v !== 'number' || (v === v && !Number.isInteger(v))
      )
        broken(`row ${i}: ${fc.name} = ${String(v)}`);
    }
  }
}

function checkTicks(r: TickReadResult<TableBase>, kind: 'trades' | 'quotes'): void {
  checkTable(r.table);
  if (r.table.length !== r.rowsAccepted || r.rowsRead !== r.rowsAccepted + r.rowsQuarantined)
    broken(`counts: ${r.table.length} rows, read ${r.rowsRead} = ${r.rowsAccepted} + ${r.rowsQuarantined}?`);
  const rec = r.table as unknown as Record<string, Float64Array>;
  for (const c of kind === 'trades' ? ['price'] : ['bidPx', 'askPx'])
    for (let i = 0; i < r.table.length; i++)
      if (!Number.isSafeInteger(rec[c]![i]))
        broken(`row ${i}: ${c} = ${rec[c]![i]} is not an exact tick count`);
}

function target(name: string, seed: Uint8Array, text: boolean, read: (path: string) => void): FuzzTarget {
  return { name, seed, text, read };
}

/** Targets of the CSV and JSONL readers, strict and lenient (quarantine files go to `dir`). */
export function textFuzzTargets(dir: string): FuzzTarget[] {
  const barsPath = join(dir, 'seed-bars.csv');
  const synth = { symbols: ['X', 'Y'], bars: 20, freq: '1h' as const, start: '2022-05-02', seed: 3 };
  writeBarsCsv(barsPath, generateSynthBars(synth));
  const bars = new Uint8Array(readFileSync(barsPath));
  const lenient = { mode: 'lenient' as const, quarantinePath: join(dir, 'quarantine.out') };
  const multi = { format: 'generic' as const, columns: { symbol: 'symbol' } };
  const yahoo = { format: 'yahoo' as const, symbol: 'Y', tickSize: '0.01' };
  const [trades, quotes] = [seedTickText('trades', false), seedTickText('quotes', false)];
  const [tradesJ, quotesJ] = [seedTickText('trades', true), seedTickText('quotes', true)];
  return [
    target('bars csv strict', bars, true, (p) => checkBars(readBarsCsv(p, multi).tables)),
    target('bars csv lenient', bars, true, (p) => checkBars(readBarsCsv(p, { ...multi, ...lenient }).tables)),
    target('bars yahoo', seedYahooCsv(), true, (p) => checkBars(readBarsCsv(p, yahoo).tables)),
    target('trades csv strict', trades, true, (p) => checkTicks(readTradesCsv(p), 'trades')),
    target('trades csv lenient', trades, true, (p) => checkTicks(readTradesCsv(p, lenient), 'trades')),
    target('quotes csv', quotes, true, (p) => checkTicks(readQuotesCsv(p, { tickSize: '0.01' }), 'quotes')),
    target('quotes jsonl strict', quotesJ, true, (p) => checkTicks(readQuotesJsonl(p), 'quotes')),
    target('quotes jsonl lenient', quotesJ, true, (p) => checkTicks(readQuotesJsonl(p, lenient), 'quotes')),
    target('trades jsonl', tradesJ, true, (p) => checkTicks(readTradesJsonl(p), 'trades')),
  ];
}

/** Targets of the Parquet bar and table readers and the Arrow table reader (seed files written to `dir`). */
export function columnarFuzzTargets(dir: string): FuzzTarget[] {
  const file = (name: string, write: (p: string) => void): Uint8Array => {
    const p = join(dir, name);
    write(p);
    return new Uint8Array(readFileSync(p));
  };
  const bars = generateSynthBars({
    symbols: ['AA', 'BB'],
    bars: 30,
    freq: '1h',
    start: '2022-05-02',
    seed: 9,
  });
  const mbo = generateSynthMbo({ seed: 4, events: 40, instruments: 2 });
  const quotes = newTable('quotes', 12);
  for (let i = 0; i < 12; i++) {
    quotes.tsEventSec[i] = quotes.tsRecvSec[i] = 1_700_000_000 + i;
    quotes.bidPx[i] = 100 + i;
    quotes.askPx[i] = 101 + i;
    quotes.price[i] = NaN;
    quotes.instrumentId[i] = 1 + (i % 2);
  }
  quotes.length = 12;
  const readTable = (p: string): void => checkTable(readTableParquet(p).table);
  const range = {
    start: { sec: 1_700_000_003, nsec: 0 },
    end: { sec: 1_700_000_009, nsec: 0 },
    instrumentIds: [2],
  };
  const parquet = (name: string, t: TableBase, opts: WriteTableParquetOptions): Uint8Array =>
    file(name, (p) => writeTableParquet(p, t, opts));
  const arrowFile = (name: string, t: TableBase, opts: WriteTableArrowOptions): Uint8Array =>
    file(name, (p) => writeTableArrow(p, t, opts));
  const barsRead = (p: string): void => checkBars(readBarsParquet(p));
  return [
    target(
      'parquet bars',
      file('b.parquet', (p) => writeBarsParquet(p, bars, { rowGroupSize: 8 })),
      false,
      barsRead,
    ),
    target(
      'parquet bars snappy',
      file('bs.parquet', (p) => writeBarsParquet(p, bars, { compression: 'snappy' })),
      false,
      barsRead,
    ),
    target(
      'parquet bars sliced',
      file('b1.parquet', (p) => writeBarsParquet(p, bars.slice(0, 1), { rowGroupSize: 8 })),
      false,
      (p) => {
        // Each slice is a view the next one overwrites: copy as we go.
        const copies: BarTable[] = [];
        for (const t of iterateBarSlices(p, { symbol: 'AA', sliceRows: 5 })) copies.push(sliceBarTable(t));
        checkBars(copies);
      },
    ),
    target(
      'parquet mbo',
      parquet('m.parquet', mbo, { rowGroupSize: 16, symbols: { 1: 'A' } }),
      false,
      readTable,
    ),
    target(
      'parquet quotes (nulls) snappy',
      parquet('q.parquet', quotes, { compression: 'snappy', rowGroupSize: 5 }),
      false,
      readTable,
    ),
    target('parquet quotes range', parquet('qr.parquet', quotes, { rowGroupSize: 4 }), false, (p) =>
      checkTable(readTableParquet(p, range).table),
    ),
    target('arrow mbo file', arrowFile('m.arrow', mbo, { format: 'file', batchSize: 16 }), false, (p) =>
      checkTable(readTableArrow(p).table),
    ),
    target(
      'arrow quotes stream',
      arrowFile('q.arrows', quotes, { format: 'stream', batchSize: 5 }),
      false,
      (p) => checkTable(readTableArrow(p, range).table),
    ),
  ];
}
