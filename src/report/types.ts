/**
 * What the report and compare pages are built from: the run folder's tables as columns (no per-row
 * objects, a 1 M-fill run stays cheap), times as seconds since the epoch in doubles (display only:
 * sub-microsecond detail is lost, which no chart can show anyway), money and prices as decimals.
 * Both sources fill the same shape: a run folder read back from disk (run-folder.ts) and a finished
 * in-process run (record-input.ts).
 */
import type { BarTable } from '../data/bars.js';

export interface EquityColumns {
  length: number;
  /** Seconds since the epoch, strictly increasing. */
  time: Float64Array;
  equity: Float64Array;
}

/** Closed round trips (trades.csv). `symbol[i]` indexes `symbols`. */
export interface TradeColumns {
  length: number;
  symbols: string[];
  symbol: Uint32Array;
  /** +1 long, −1 short. */
  side: Int8Array;
  qty: Float64Array;
  entryTime: Float64Array;
  entryPrice: Float64Array;
  exitTime: Float64Array;
  exitPrice: Float64Array;
  pnl: Float64Array;
  fees: Float64Array;
}

/** Fills (fills.csv) in time order. `symbol[i]` indexes `symbols`. */
export interface FillColumns {
  length: number;
  symbols: string[];
  symbol: Uint32Array;
  time: Float64Array;
  /** +1 buy, −1 sell. */
  side: Int8Array;
  qty: Float64Array;
  price: Float64Array;
}

export interface ReportInput {
  /** Shown as the page title (e.g. the run folder's name). */
  title: string;
  /** metrics.json as parsed: every key is shown, whatever it holds. */
  metrics: Record<string, unknown>;
  /** config.resolved.yaml as text. */
  configYaml: string;
  equity: EquityColumns;
  trades: TradeColumns;
  fills: FillColumns;
  /** Bar data of the run's symbols, or null when it could not be loaded (see pricesNote). */
  prices: BarTable[] | null;
  /** Why prices are missing, shown on the page. */
  pricesNote?: string | null;
}
