// Builders of small canonical tick tables for the tick tests (prices in raw 1e-9 units unless a tick is given).
import type { Scaled } from '../../../src/core/decimal.js';
import { newTable, type MboTable, type QuoteTable, type TradeTable } from '../../../src/data/schemas.js';

export interface TradeRow {
  sec: number;
  nsec?: number;
  price: number;
  size: number;
  inst?: number;
}

export function trades(rows: TradeRow[], priceTick?: Scaled): TradeTable {
  const t = newTable('trades', rows.length, priceTick ? { priceTick } : {});
  rows.forEach((r, i) => {
    t.tsEventSec[i] = t.tsRecvSec[i] = r.sec;
    t.tsEventNsec[i] = t.tsRecvNsec[i] = r.nsec ?? 0;
    t.price[i] = r.price;
    t.size[i] = r.size;
    t.instrumentId[i] = r.inst ?? 1;
    t.action[i] = 84;
  });
  t.length = rows.length;
  return t;
}

export interface QuoteRow {
  sec: number;
  nsec?: number;
  bid: number;
  ask: number;
  bidSz?: number;
  askSz?: number;
  inst?: number;
}

export function quotes(rows: QuoteRow[]): QuoteTable {
  const t = newTable('quotes', rows.length);
  rows.forEach((r, i) => {
    t.tsEventSec[i] = t.tsRecvSec[i] = r.sec;
    t.tsEventNsec[i] = t.tsRecvNsec[i] = r.nsec ?? 0;
    t.bidPx[i] = r.bid;
    t.askPx[i] = r.ask;
    t.bidSz[i] = r.bidSz ?? 1;
    t.askSz[i] = r.askSz ?? 1;
    t.instrumentId[i] = r.inst ?? 1;
    t.price[i] = NaN;
  });
  t.length = rows.length;
  return t;
}

export interface MboRow {
  sec?: number;
  nsec?: number;
  id: number;
  act: string;
  side: string;
  price: number;
  size: number;
  seq?: number;
  last?: boolean;
  inst?: number;
}

/** MBO rows; sequence defaults to the row number + 1, every row is its own event unless last: false. */
export function mbo(rows: MboRow[]): MboTable {
  const t = newTable('mbo', rows.length);
  rows.forEach((r, i) => {
    t.tsEventSec[i] = t.tsRecvSec[i] = r.sec ?? 1_700_000_000;
    t.tsEventNsec[i] = t.tsRecvNsec[i] = r.nsec ?? i;
    t.orderIdLo[i] = r.id;
    t.action[i] = r.act.charCodeAt(0);
    t.side[i] = r.side.charCodeAt(0);
    t.price[i] = r.price;
    t.size[i] = r.size;
    t.sequence[i] = r.seq ?? i + 1;
    t.flags[i] = r.last === false ? 0 : 0x80;
    t.instrumentId[i] = r.inst ?? 1;
    t.publisherId[i] = 1;
  });
  t.length = rows.length;
  return t;
}

export function barsOf(b: {
  length: number;
  tsSec: Float64Array;
  tsNsec: Uint32Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < b.length; i++)
    out.push([b.tsSec[i]!, b.tsNsec[i]!, b.open[i]!, b.high[i]!, b.low[i]!, b.close[i]!, b.volume[i]!]);
  return out;
}
