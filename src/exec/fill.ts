/**
 * The record of one execution, as the venue reports it and the outputs write it (fills.csv).
 * Prices are integer ticks of the instrument, quantities integer lots, fees integer cash units at the
 * portfolio's cash scale.
 */
export type Liquidity = 'maker' | 'taker';

export interface FillRecord {
  tsSec: number;
  tsNsec: number;
  strategyIndex: number;
  instrumentId: number;
  orderId: number;
  /** +1 buy, -1 sell. */
  side: 1 | -1;
  lots: number;
  priceTicks: number;
  feeUnits: number;
  liquidity: Liquidity;
}
