/**
 * Parquet twins of the run folder's tables (DESIGN.md §4): trades.parquet, fills.parquet, equity.parquet
 * beside the CSVs, same columns and rows, for tools that read columns (pandas, polars, DuckDB).
 *
 * Types: timestamps INT64 TIMESTAMP(NANOS, UTC) — exact, from the (sec, nsec) pairs; symbols, sides and
 * liquidity UTF-8 strings; quantities, prices and money DOUBLE (the CSV's value as a double; average
 * entry/exit prices keep the full double of their exact ratio); order ids INT64; drawdown DOUBLE, NaN
 * where the CSV leaves it empty (equity never positive). Written by data/parquet/flat-writer.ts (PLAIN,
 * uncompressed): a 1 M-sample equity twin takes milliseconds, so the twins can be on by default.
 * Limits: timestamps outside 1677..2262 cannot be written (UsageError; `output.parquet: false`).
 */
import { join } from 'node:path';
import { pow10 } from '../core/decimal.js';
import type { Instrument } from '../core/instrument.js';
import { writeFlatParquetAsync, type FlatColumn } from '../data/parquet/flat-writer.js';
import { drawdownSeries } from './drawdown.js';
import { fillColumns, tradeColumns } from './record-columns.js';
import type { EquityCurve, RunRecord } from './run-record.js';

export const PARQUET_TWINS = ['trades.parquet', 'fills.parquet', 'equity.parquet'] as const;

/**
 * Starts writing the three twins into `dir` (in the background, see writeFlatParquetAsync); resolves to
 * the paths written once done. `equity: false` leaves equity.parquet to the caller (equity-outputs.ts).
 */
export async function writeRunParquet(
  dir: string,
  run: RunRecord,
  opts: { equity?: boolean } = {},
): Promise<string[]> {
  const cash = pow10(run.cashScale);
  const inst = (id: number) => run.instruments[id]!;
  /** A money column (cash units -> currency), computed when the writer reaches it. */
  const money = (name: string, units: Float64Array, rows: number): FlatColumn => ({
    name,
    type: 'derived',
    rows,
    fill: (out) => {
      for (let i = 0; i < out.length; i++) out[i] = units[i]! / cash;
    },
  });

  // String columns as codes into small dictionaries: instrument ids index the symbols, sides and liquidity
  // are 0/1 (no string per row: a run can have millions of fills). Doubles derived from the exact columns
  // are computed column by column as the writer reaches them, so only one is in memory at a time.
  const symbols = run.instruments.map((x) => x.symbol);
  const t = tradeColumns(run.trades);
  const n = t.length;
  const sides = new Uint8Array(n);
  for (let i = 0; i < n; i++) sides[i] = t.side[i]! > 0 ? 0 : 1;
  const tradePrice = (name: string, notional: Float64Array): FlatColumn => ({
    name,
    type: 'derived',
    rows: n,
    fill: (out) => {
      for (let i = 0; i < out.length; i++) out[i] = inst(t.instrumentId[i]!).price(notional[i]! / t.lots[i]!);
    },
  });
  const tradesPath = join(dir, 'trades.parquet');
  const trades = writeFlatParquetAsync(tradesPath, n, [
    { name: 'symbol', type: 'string', dictionary: symbols, codes: t.instrumentId },
    { name: 'side', type: 'string', dictionary: ['long', 'short'], codes: sides },
    quantity(t.instrumentId, t.lots, n, inst),
    {
      name: 'entry_ts',
      type: 'timestamp',
      sec: t.entrySec,
      nsec: Uint32Array.from(t.entryNsec.subarray(0, n)),
    },
    tradePrice('entry_price', t.entryNotionalTicks),
    { name: 'exit_ts', type: 'timestamp', sec: t.exitSec, nsec: Uint32Array.from(t.exitNsec.subarray(0, n)) },
    tradePrice('exit_price', t.exitNotionalTicks),
    money('pnl', t.pnlUnits, n),
    money('fees', t.feeUnits, n),
  ]);

  const f = fillColumns(run.fills);
  const m = f.length;
  const fsides = new Uint8Array(m);
  for (let i = 0; i < m; i++) fsides[i] = f.side[i]! > 0 ? 0 : 1;
  const fillsPath = join(dir, 'fills.parquet');
  const fillsDone = writeFlatParquetAsync(fillsPath, m, [
    { name: 'ts', type: 'timestamp', sec: f.tsSec, nsec: f.tsNsec },
    { name: 'symbol', type: 'string', dictionary: symbols, codes: f.instrumentId },
    { name: 'order_id', type: 'int64', values: f.orderId },
    { name: 'side', type: 'string', dictionary: ['buy', 'sell'], codes: fsides },
    quantity(f.instrumentId, f.lots, m, inst),
    {
      name: 'price',
      type: 'derived',
      rows: m,
      fill: (out) => {
        for (let i = 0; i < out.length; i++) out[i] = inst(f.instrumentId[i]!).price(f.priceTicks[i]!);
      },
    },
    money('fee', f.feeUnits, m),
    { name: 'liquidity', type: 'string', dictionary: ['maker', 'taker'], codes: f.taker },
    ...bookFillColumns(run, m, inst),
  ]);

  if (opts.equity === false) {
    await Promise.all([trades, fillsDone]);
    return [tradesPath, fillsPath];
  }
  const equityPath = join(dir, 'equity.parquet');
  await Promise.all([trades, fillsDone, writeEquityParquet(equityPath, run.equity, run.cashScale)]);
  return [tradesPath, fillsPath, equityPath];
}

/**
 * A book run's extra fill columns (outputs.ts BOOK_FILL_COLUMNS) as doubles: latency and queue wait in ns,
 * the arrival mid as a price; NaN where the CSV leaves the field empty (bar-venue fills, unknown values).
 */
function bookFillColumns(run: RunRecord, rows: number, inst: (id: number) => Instrument): FlatColumn[] {
  const book = run.bookFills;
  if (!book) return [];
  const f = fillColumns(run.fills);
  const column = (name: string, value: (k: number) => number): FlatColumn => ({
    name,
    type: 'derived',
    rows,
    fill: (out) => {
      out.fill(NaN);
      for (let k = 0; k < book.length; k++) out[book.fillIndex[k]!] = value(k);
    },
  });
  return [
    column('latency_ns', (k) => book.latencyNs[k]!),
    column('queue_wait_ns', (k) => book.queueWaitNs[k]!),
    column('arrival_mid', (k) => inst(f.instrumentId[book.fillIndex[k]!]!).price(book.arrivalMid2[k]! / 2)),
  ];
}

/** The `qty` column: lots in instrument units. */
function quantity(
  instrumentId: ArrayLike<number>,
  lots: Float64Array,
  rows: number,
  inst: (id: number) => Instrument,
): FlatColumn {
  return {
    name: 'qty',
    type: 'derived',
    rows,
    fill: (out) => {
      for (let i = 0; i < out.length; i++) out[i] = inst(instrumentId[i]!).qty(lots[i]!);
    },
  };
}

/** equity.parquet of a curve whose money is in units at `scale` (also run on a worker: equity-outputs.ts). */
export function writeEquityParquet(path: string, e: EquityCurve, scale: number): Promise<void> {
  const cash = pow10(scale);
  const money = (name: string, units: Float64Array): FlatColumn => ({
    name,
    type: 'derived',
    rows: e.length,
    fill: (out) => {
      for (let i = 0; i < out.length; i++) out[i] = units[i]! / cash;
    },
  });
  return writeFlatParquetAsync(path, e.length, [
    { name: 'ts', type: 'timestamp', sec: e.tsSec, nsec: e.tsNsec },
    money('equity', e.equityUnits),
    money('cash', e.cashUnits),
    { name: 'drawdown', type: 'derived', rows: e.length, fill: (out) => out.set(drawdownSeries(e)) },
  ]);
}
