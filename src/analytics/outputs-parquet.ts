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
import { writeFlatParquetAsync } from '../data/parquet/flat-writer.js';
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
  const money = (units: Float64Array, n: number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = units[i]! / cash;
    return out;
  };

  // String columns as codes into small dictionaries: instrument ids index the symbols, sides and liquidity
  // are 0/1 (no string per row: a run can have millions of fills).
  const symbols = run.instruments.map((x) => x.symbol);
  const t = tradeColumns(run.trades);
  const n = t.length;
  const qty = new Float64Array(n);
  const entry = new Float64Array(n);
  const exit = new Float64Array(n);
  const sides = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = inst(t.instrumentId[i]!);
    qty[i] = x.qty(t.lots[i]!);
    entry[i] = x.price(t.entryNotionalTicks[i]! / t.lots[i]!);
    exit[i] = x.price(t.exitNotionalTicks[i]! / t.lots[i]!);
    sides[i] = t.side[i]! > 0 ? 0 : 1;
  }
  const tradesPath = join(dir, 'trades.parquet');
  const trades = writeFlatParquetAsync(tradesPath, n, [
    { name: 'symbol', type: 'string', dictionary: symbols, codes: t.instrumentId },
    { name: 'side', type: 'string', dictionary: ['long', 'short'], codes: sides },
    { name: 'qty', type: 'double', values: qty },
    {
      name: 'entry_ts',
      type: 'timestamp',
      sec: t.entrySec,
      nsec: Uint32Array.from(t.entryNsec.subarray(0, n)),
    },
    { name: 'entry_price', type: 'double', values: entry },
    { name: 'exit_ts', type: 'timestamp', sec: t.exitSec, nsec: Uint32Array.from(t.exitNsec.subarray(0, n)) },
    { name: 'exit_price', type: 'double', values: exit },
    { name: 'pnl', type: 'double', values: money(t.pnlUnits, n) },
    { name: 'fees', type: 'double', values: money(t.feeUnits, n) },
  ]);

  const f = fillColumns(run.fills);
  const m = f.length;
  const fq = new Float64Array(m);
  const price = new Float64Array(m);
  const fsides = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    const x = inst(f.instrumentId[i]!);
    fq[i] = x.qty(f.lots[i]!);
    price[i] = x.price(f.priceTicks[i]!);
    fsides[i] = f.side[i]! > 0 ? 0 : 1;
  }
  const fillsPath = join(dir, 'fills.parquet');
  const fillsDone = writeFlatParquetAsync(fillsPath, m, [
    { name: 'ts', type: 'timestamp', sec: f.tsSec, nsec: f.tsNsec },
    { name: 'symbol', type: 'string', dictionary: symbols, codes: f.instrumentId },
    { name: 'order_id', type: 'int64', values: f.orderId },
    { name: 'side', type: 'string', dictionary: ['buy', 'sell'], codes: fsides },
    { name: 'qty', type: 'double', values: fq },
    { name: 'price', type: 'double', values: price },
    { name: 'fee', type: 'double', values: money(f.feeUnits, m) },
    { name: 'liquidity', type: 'string', dictionary: ['maker', 'taker'], codes: f.taker },
  ]);

  if (opts.equity === false) {
    await Promise.all([trades, fillsDone]);
    return [tradesPath, fillsPath];
  }
  const equityPath = join(dir, 'equity.parquet');
  await Promise.all([trades, fillsDone, writeEquityParquet(equityPath, run.equity, run.cashScale)]);
  return [tradesPath, fillsPath, equityPath];
}

/** equity.parquet of a curve whose money is in units at `scale` (also run on a worker: equity-outputs.ts). */
export function writeEquityParquet(path: string, e: EquityCurve, scale: number): Promise<void> {
  const cash = pow10(scale);
  const money = (units: Float64Array): Float64Array => {
    const out = new Float64Array(e.length);
    for (let i = 0; i < e.length; i++) out[i] = units[i]! / cash;
    return out;
  };
  return writeFlatParquetAsync(path, e.length, [
    { name: 'ts', type: 'timestamp', sec: e.tsSec, nsec: e.tsNsec },
    { name: 'equity', type: 'double', values: money(e.equityUnits) },
    { name: 'cash', type: 'double', values: money(e.cashUnits) },
    { name: 'drawdown', type: 'double', values: drawdownSeries(e) },
  ]);
}
