/**
 * Everything a finished run hands to analytics: the equity curve, fills, round trips, final state and
 * run facts. The engine builds it; metrics, outputs, the summary and the fingerprint only read it.
 * Money is integer cash units at `cashScale` (value = units / 10^cashScale), prices integer ticks.
 */
import type { BookFillLog } from './book-fills.js';
import type { Instrument } from '../core/instrument.js';
import type { FillList } from '../exec/fill-log.js';
import type { TradeList } from '../portfolio/trade-log.js';
import type { RiskFree } from './risk-free.js';

/** One sample per distinct event timestamp, taken after all events at that timestamp. */
export interface EquityCurve {
  length: number;
  tsSec: Float64Array;
  tsNsec: Uint32Array;
  equityUnits: Float64Array;
  cashUnits: Float64Array;
}

export interface OpenPosition {
  strategyIndex: number;
  instrumentId: number;
  /** Signed lots (+ long, − short). */
  lots: number;
  /** Last mark, ticks. */
  markTicks: number;
  unrealizedUnits: number;
}

export interface DataSourceReport {
  /** The file (or source label) read. */
  source: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsQuarantined: number;
  quarantinePath: string | null;
  /** Parse cache: 'hit' (read back), 'miss' (parsed and stored), 'rebuilt' (bad entry replaced), 'off'. */
  cache?: 'hit' | 'miss' | 'rebuilt' | 'off';
  /** Bar sources: true when read chunk by chunk through the run (stream worker), false when loaded whole. */
  streamed?: boolean;
}

export interface StrategyReport {
  id: string;
  realizedUnits: number;
  unrealizedUnits: number;
  feeUnits: number;
  orders: number;
  fills: number;
}

export interface RunRecord {
  instruments: Instrument[];
  strategies: StrategyReport[];
  currency: string;
  cashScale: number;
  initialCashUnits: number;
  finalCashUnits: number;
  finalEquityUnits: number;
  equity: EquityCurve;
  /** Columnar logs in a real run; plain arrays satisfy the same interface. */
  fills: FillList;
  trades: TradeList;
  openPositions: OpenPosition[];
  /** Orders rejected (by risk checks or the venue) and orders left working at the end. */
  ordersRejected: number;
  ordersOpenAtEnd: number;
  /** Market-data events processed by the loop. */
  events: number;
  /** Wall-clock seconds of the event loop alone (not part of the fingerprint). */
  loopSeconds: number;
  /** Annual risk-free rate as a fraction (0.02 = 2 %). */
  riskFreeRate: RiskFree;
  /** Return periods per year for annualisation; null = inferred from the equity curve's timestamps. */
  periodsPerYear: number | null;
  dataSources: DataSourceReport[];
  /** Latency, queue wait and arrival mid of the book venue's fills (null or absent: no book venue). */
  bookFills?: BookFillLog | null;
  /** The resolved configuration, defaults filled in (written as config.resolved.yaml). */
  config: unknown;
}
