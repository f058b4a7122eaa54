/**
 * Multi-symbol rebalancing portfolio: on the first trading timestamp of each month, hold the symbols whose
 * close is above their `lookback`-bar average, equally weighted at `gross` of equity in total (the rest
 * in cash); symbols below their average are sold. The rebalance runs from a timer 1 ns after the month's
 * first timestamp, so every symbol's bar of that timestamp has been seen (no lookahead, no partial view).
 */
import { SMA, Strategy, civilFromDays, type BarView } from 'hindsight';

interface Params {
  lookback: number;
  gross: number;
}

export default class MomentumRebalance extends Strategy<Params> {
  private averages: SMA[] = [];
  private lastMonth = -1;
  private readonly civil = new Int32Array(3);

  override onStart(): void {
    const { lookback, gross } = this.params;
    if (!Number.isInteger(lookback) || lookback < 1)
      throw new Error(`params.lookback must be a positive integer, got ${lookback}`);
    if (!(gross > 0 && gross <= 1)) throw new Error(`params.gross must be in (0, 1], got ${gross}`);
    this.averages = this.ctx.symbols.map(() => new SMA(lookback));
  }

  override onBar(bar: BarView): void {
    this.averages[bar.instrument.id]!.update(bar.close);
    civilFromDays(Math.floor(bar.tsSec / 86400), this.civil);
    const month = this.civil[0]! * 12 + this.civil[1]!;
    if (month !== this.lastMonth) {
      this.lastMonth = month;
      this.ctx.setTimerIn(1e-9, 'rebalance');
    }
  }

  override onTimer(): void {
    const winners = this.ctx.symbols.filter((sym, i) => {
      const avg = this.averages[i]!;
      return avg.isReady && this.ctx.lastPrice(sym) > avg.value;
    });
    const weight = winners.length > 0 ? this.params.gross / winners.length : 0;
    for (const sym of this.ctx.symbols) {
      if (!(this.ctx.lastPrice(sym) > 0)) continue;
      this.ctx.targetPercent(sym, winners.includes(sym) ? weight : 0);
    }
  }
}
