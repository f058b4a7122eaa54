/**
 * A closed round-trip trade (trades.csv): a position in one instrument, held by one strategy, from flat
 * back to flat. A fill that crosses zero closes one round trip and opens the next; its fee is split
 * pro rata by quantity (the closing part rounded half-even, the rest to the opening part).
 *
 * entry/exit prices are volume-weighted averages over the opening / closing fills, held exactly as
 * notional (ticks × lots) over lots. pnl = gross realized P&L − fees, in cash units.
 */
export interface RoundTrip {
  strategyIndex: number;
  instrumentId: number;
  /** +1 long, -1 short. */
  side: 1 | -1;
  /** Total lots entered (sum of the opening-direction fills). */
  lots: number;
  entrySec: number;
  entryNsec: number;
  exitSec: number;
  exitNsec: number;
  /** Σ ticks × lots of the opening fills; entry price = entryNotionalTicks / lots. */
  entryNotionalTicks: number;
  /** Σ ticks × lots of the closing fills; exit price = exitNotionalTicks / lots. */
  exitNotionalTicks: number;
  /** Gross P&L minus fees, cash units. */
  pnlUnits: number;
  feeUnits: number;
}
