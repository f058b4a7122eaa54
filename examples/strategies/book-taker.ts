/**
 * A taker on an order book: when the touch is lopsided — the displayed size on one side of the best bid
 * and ask outweighs the other by more than `imbalance` of their total — it takes the thin side with a
 * market order of `size` inside a bracket: a take-profit `take_ticks` away and a stop-loss `stop_ticks`
 * away. One bracket at a time; after it closes, it waits `cooldown` consistent books. (In the synthetic
 * MBO data the touch imbalance leads the mid a little: docs/data-synth.md.)
 */
import { Strategy, type BookView, type Bracket } from 'hindsight';

interface Params {
  symbol: string;
  size: number;
  imbalance: number;
  take_ticks: number;
  stop_ticks: number;
  cooldown: number;
}

export default class BookTaker extends Strategy<Params> {
  private open: Bracket | null = null;
  private wait = 0;

  override onStart(): void {
    const p = this.params;
    if (!(p.imbalance > 0 && p.imbalance < 1)) throw new Error('params.imbalance must be in (0, 1)');
    for (const k of ['size', 'take_ticks', 'stop_ticks', 'cooldown'] as const)
      if (!Number.isInteger(p[k]) || p[k] < 0) throw new Error(`params.${k} must be a whole number >= 0`);
  }

  override onBook(book: BookView): void {
    const p = this.params;
    if (this.open) {
      const { entry, takeProfit, stopLoss } = this.open;
      if (entry.isOpenKnown || takeProfit.isOpenKnown || stopLoss.isOpenKnown) return;
      this.open = null;
      this.wait = p.cooldown;
    }
    if (this.wait > 0) {
      this.wait--;
      return;
    }
    const imb = book.imbalance(1);
    if (!(Math.abs(imb) > p.imbalance)) return;
    const buy = imb > 0; // more bids than asks: the price tends up
    // Exits around both the side we take and the last trade (the bracket checks them against the latter).
    const last = Math.round(this.ctx.lastPrice(p.symbol) / (book.priceOf(1) - book.priceOf(0)));
    const touch = buy ? book.bestAskTicks() : book.bestBidTicks();
    const hi = last === last ? Math.max(touch, last) : touch;
    const lo = last === last ? Math.min(touch, last) : touch;
    this.open = this.ctx.bracket({
      symbol: p.symbol,
      side: buy ? 'buy' : 'sell',
      qty: p.size,
      takeProfit: book.priceOf(buy ? hi + p.take_ticks : lo - p.take_ticks),
      stopLoss: book.priceOf(buy ? lo - p.stop_ticks : hi + p.stop_ticks),
    });
  }
}
