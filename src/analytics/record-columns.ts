/**
 * Columnar views of a run's trades and fills for the analytics loops. The engine's TradeLog / FillLog
 * already hold typed-array columns and are used as they are (no copy, no per-row objects); any other
 * TradeList / FillList (plain arrays in tests, records rebuilt from a run folder) is copied into columns
 * once, so every statistic is one tight loop over typed arrays whatever the source.
 *
 * Invariant: column i describes the same trade / fill as `list.at(i)`, in list order (the order trades
 * closed and fills happened).
 */
import { FillLog, type FillList } from '../exec/fill-log.js';
import { TradeLog, type TradeList } from '../portfolio/trade-log.js';

export type TradeColumns = TradeLog['cols'] & { length: number };

export interface FillColumns {
  length: number;
  tsSec: Float64Array;
  tsNsec: Uint32Array;
  strategyIndex: Int32Array;
  instrumentId: Int32Array;
  side: Int8Array;
  lots: Float64Array;
  priceTicks: Float64Array;
  feeUnits: Float64Array;
  orderId: Float64Array;
  /** 0 = maker, 1 = taker. */
  taker: Uint8Array;
}

export function tradeColumns(list: TradeList): TradeColumns {
  if (list instanceof TradeLog) return { ...list.cols, length: list.length };
  const log = TradeLog.from(list);
  return { ...log.cols, length: log.length };
}

export function fillColumns(list: FillList): FillColumns {
  if (list instanceof FillLog) return list;
  const n = list.length;
  const c: FillColumns = {
    length: n,
    tsSec: new Float64Array(n),
    tsNsec: new Uint32Array(n),
    strategyIndex: new Int32Array(n),
    instrumentId: new Int32Array(n),
    side: new Int8Array(n),
    lots: new Float64Array(n),
    priceTicks: new Float64Array(n),
    feeUnits: new Float64Array(n),
    orderId: new Float64Array(n),
    taker: new Uint8Array(n),
  };
  let i = 0;
  for (const f of list) {
    c.tsSec[i] = f.tsSec;
    c.tsNsec[i] = f.tsNsec;
    c.strategyIndex[i] = f.strategyIndex;
    c.instrumentId[i] = f.instrumentId;
    c.side[i] = f.side;
    c.lots[i] = f.lots;
    c.priceTicks[i] = f.priceTicks;
    c.feeUnits[i] = f.feeUnits;
    c.orderId[i] = f.orderId;
    c.taker[i] = f.liquidity === 'taker' ? 1 : 0;
    i++;
  }
  return c;
}
