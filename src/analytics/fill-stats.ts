/**
 * Execution figures of a run from its fills and orders: how much of what we traded was passive (maker
 * share), how many of the orders we sent traded at all (fill ratio), and the rebates earned (negative
 * fees, which total_fees nets against what we paid). Book-venue runs make these meaningful; bar runs
 * report them too (bar fills at a limit price are maker fills).
 * Invariants: one pass over the fill columns; null where the ratio has no denominator.
 */
import { fillColumns } from './record-columns.js';
import type { RunRecord } from './run-record.js';

export interface FillStats {
  fills: number;
  /** Maker lots / all filled lots. */
  makerShare: number | null;
  /** Orders with at least one fill / orders sent. */
  fillRatio: number | null;
  /** Σ of negative fees as a positive amount of cash units. */
  rebateUnits: number;
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
  };
}
