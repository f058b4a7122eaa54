/**
 * Execution figures of a run from its fills and orders: how much of what we traded was passive (maker
 * share), how many of the orders we sent traded at all (fill ratio), and the rebates earned (negative
 * fees, which total_fees nets against what we paid). Book-venue runs make these meaningful; bar runs
 * report them too (bar fills at a limit price are maker fills).
 * Invariants: one pass over the fill columns; null where the ratio has no denominator.
 */
import { cashPerTickLot } from '../exec/models.js';
import { fillColumns, type FillColumns } from './record-columns.js';
import type { RunRecord } from './run-record.js';

export interface FillStats {
  fills: number;
  /** Maker lots / all filled lots. */
  makerShare: number | null;
  /** Orders with at least one fill / orders sent. */
  fillRatio: number | null;
  /** Σ of negative fees as a positive amount of cash units. */
  rebateUnits: number;
  /** Book venue: mean queue wait of maker fills, ms (null without any). */
  avgQueueWaitMs: number | null;
  /**
   * Book venue: Σ side × (fill price − mid at the order's arrival) × quantity, in cash units: what trading
   * cost against the price when each order reached the venue (positive = a cost). Null without book fills.
   */
  shortfallUnits: number | null;
}

export function fillStats(run: RunRecord): FillStats {
  const f = fillColumns(run.fills);
  let lots = 0;
  let maker = 0;
  let rebate = 0;
  const traded = new Set<number>();
  for (let i = 0; i < f.length; i++) {
    lots += f.lots[i]!;
    if (f.taker[i] === 0) maker += f.lots[i]!;
    if (f.feeUnits[i]! < 0) rebate -= f.feeUnits[i]!;
    traded.add(f.orderId[i]!);
  }
  const sent = run.strategies.reduce((n, s) => n + s.orders, 0);
  return {
    fills: f.length,
    makerShare: lots > 0 ? maker / lots : null,
    fillRatio: sent > 0 ? Math.min(1, traded.size / sent) : null,
    rebateUnits: rebate,
    ...bookStats(run, f),
  };
}

function bookStats(run: RunRecord, f: FillColumns): Pick<FillStats, 'avgQueueWaitMs' | 'shortfallUnits'> {
  const book = run.bookFills;
  if (!book || book.length === 0) return { avgQueueWaitMs: null, shortfallUnits: null };
  const perTickLot = run.instruments.map((i) => cashPerTickLot(i, run.cashScale));
  let waits = 0;
  let waitSum = 0;
  let shortfall = 0;
  let priced = 0;
  for (let k = 0; k < book.length; k++) {
    const i = book.fillIndex[k]!;
    if (f.taker[i] === 0 && book.queueWaitNs[k] === book.queueWaitNs[k]) {
      waits++;
      waitSum += book.queueWaitNs[k]!;
    }
    const mid2 = book.arrivalMid2[k]!;
    if (mid2 !== mid2) continue;
    priced++;
    // Twice the difference keeps it an integer number of ticks; halved once at the end.
    shortfall += f.side[i]! * (2 * f.priceTicks[i]! - mid2) * f.lots[i]! * perTickLot[f.instrumentId[i]!]!;
  }
  return {
    avgQueueWaitMs: waits > 0 ? waitSum / waits / 1e6 : null,
    shortfallUnits: priced > 0 ? shortfall / 2 : null,
  };
}
