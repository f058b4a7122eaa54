/**
 * Report input straight from a finished in-process run (what `hindsight run` has in memory), so writing
 * report.html next to the run folder does not re-read the CSVs it has just written. Gives the same
 * columns readRunFolder gets from the files: metrics go through metricsJson (same keys, same order),
 * prices are the VWAPs as doubles (the CSV rounds them to tick scale + 6 places: display-identical).
 */
import { writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { pow10 } from '../core/decimal.js';
import type { Instrument } from '../core/instrument.js';
import type { BarTable } from '../data/bars.js';
import { metricsJson } from '../analytics/outputs.js';
import type { Metrics } from '../analytics/metrics.js';
import type { RunRecord } from '../analytics/run-record.js';
import { buildReport } from './page.js';
import type { FillColumns, ReportInput, TradeColumns } from './types.js';

const decimal = (units: number, scale: number): number => units / pow10(scale);

export function reportInputFromRun(
  record: RunRecord,
  metrics: Metrics,
  prices: BarTable[] | null,
  title: string,
): ReportInput {
  const byId = new Map<number, Instrument>(record.instruments.map((i) => [i.id, i]));
  const inst = (id: number): Instrument => {
    const i = byId.get(id);
    if (!i) throw new Error(`run record refers to instrument id ${id}, which is not in its instruments`);
    return i;
  };
  const symbols = record.instruments.map((i) => i.symbol);
  const symbolIndex = new Map<number, number>(record.instruments.map((i, k) => [i.id, k]));
  const cash = pow10(record.cashScale);

  const c = record.equity;
  const time = new Float64Array(c.length);
  const equity = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) {
    time[i] = c.tsSec[i]! + c.tsNsec[i]! * 1e-9;
    equity[i] = c.equityUnits[i]! / cash;
  }

  const nt = record.trades.length;
  const trades: TradeColumns = {
    length: nt,
    symbols,
    symbol: new Uint32Array(nt),
    side: new Int8Array(nt),
    qty: new Float64Array(nt),
    entryTime: new Float64Array(nt),
    entryPrice: new Float64Array(nt),
    exitTime: new Float64Array(nt),
    exitPrice: new Float64Array(nt),
    pnl: new Float64Array(nt),
    fees: new Float64Array(nt),
  };
  let k = 0;
  for (const t of record.trades) {
    const ins = inst(t.instrumentId);
    const tick = decimal(ins.tick.units, ins.tick.scale);
    trades.symbol[k] = symbolIndex.get(t.instrumentId)!;
    trades.side[k] = t.side;
    trades.qty[k] = decimal(t.lots * ins.lot.units, ins.lot.scale);
    trades.entryTime[k] = t.entrySec + t.entryNsec * 1e-9;
    trades.entryPrice[k] = (t.entryNotionalTicks / t.lots) * tick;
    trades.exitTime[k] = t.exitSec + t.exitNsec * 1e-9;
    trades.exitPrice[k] = (t.exitNotionalTicks / t.lots) * tick;
    trades.pnl[k] = t.pnlUnits / cash;
    trades.fees[k++] = t.feeUnits / cash;
  }

  const nf = record.fills.length;
  const fills: FillColumns = {
    length: nf,
    symbols,
    symbol: new Uint32Array(nf),
    time: new Float64Array(nf),
    side: new Int8Array(nf),
    qty: new Float64Array(nf),
    price: new Float64Array(nf),
  };
  k = 0;
  for (const f of record.fills) {
    const ins = inst(f.instrumentId);
    fills.symbol[k] = symbolIndex.get(f.instrumentId)!;
    fills.time[k] = f.tsSec + f.tsNsec * 1e-9;
    fills.side[k] = f.side;
    fills.qty[k] = decimal(f.lots * ins.lot.units, ins.lot.scale);
    fills.price[k++] = decimal(f.priceTicks * ins.tick.units, ins.tick.scale);
  }

  return {
    title,
    metrics: JSON.parse(metricsJson(metrics)) as Record<string, unknown>,
    configYaml: stringify(record.config ?? null, { lineWidth: 0 }),
    equity: { length: c.length, time, equity },
    trades,
    fills,
    prices,
    pricesNote: prices ? null : 'price data was not passed to the report',
  };
}

/**
 * Writes DIR/report.html for a finished run; returns its path. `title` defaults to the folder's name (a
 * run written into a staging folder passes the name of the folder it will become).
 */
export function writeRunReport(
  dir: string,
  record: RunRecord,
  metrics: Metrics,
  prices: BarTable[] | null,
  title = basename(resolve(dir)),
): string {
  const path = join(dir, 'report.html');
  writeFileSync(path, buildReport(reportInputFromRun(record, metrics, prices, title)));
  return path;
}
