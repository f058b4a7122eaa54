/**
 * Net positions per (strategy, instrument) as a venue's own fills made them: the exchange side's view, at
 * the venue's time (the portfolio books fills only when their reports arrive). Reduce-only orders are
 * checked against it. A flat Float64Array, grown when a strategy index beyond it first trades.
 */
export class ExchangePositions {
  private net: Float64Array;

  constructor(private readonly instrumentCount: number) {
    this.net = new Float64Array(4 * instrumentCount);
  }

  lots(strategyIndex: number, instrumentId: number): number {
    return this.net[strategyIndex * this.instrumentCount + instrumentId] ?? 0;
  }

  /** Adds signed lots; returns the new position. */
  add(strategyIndex: number, instrumentId: number, lots: number): number {
    const k = strategyIndex * this.instrumentCount + instrumentId;
    if (k >= this.net.length) {
      const grown = new Float64Array(Math.max(2 * this.net.length, k + 1));
      grown.set(this.net);
      this.net = grown;
    }
    return (this.net[k]! += lots);
  }
}
