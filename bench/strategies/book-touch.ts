/**
 * mbo_replay_strategy's strategy: reads the top of book (best bid, best ask and their sizes) at every
 * consistent point of every instrument, and about every 40th time (2.5 %) places or cancels a one-lot order
 * one tick behind the touch, so the venue works with resting orders, cancels, queue positions and fills.
 */
import { Strategy, type BookView, type Order } from 'hindsight';

export default class BookTouch extends Strategy {
  private n = 0;
  private checksum = 0;
  private readonly open = new Map<string, Order>();

  override onBook(book: BookView): void {
    const bid = book.bestBidTicks();
    const ask = book.bestAskTicks();
    this.checksum += bid + ask + book.bestBidSize() - book.bestAskSize();
    if (++this.n % 40 !== 0 || bid !== bid || ask !== ask) return;
    const symbol = book.symbol;
    const cur = this.open.get(symbol);
    if (cur && cur.isOpenKnown) {
      this.ctx.cancel(cur);
      this.open.delete(symbol);
    } else {
      const buy = (this.n / 40) % 2 === 0;
      const price = book.priceOf(buy ? bid - 1 : ask + 1);
      this.open.set(
        symbol,
        buy
          ? this.ctx.buy(symbol, 1, { type: 'limit', price })
          : this.ctx.sell(symbol, 1, { type: 'limit', price }),
      );
    }
  }

  override onStop(): void {
    this.ctx.log.info(`checksum ${this.checksum}`);
  }
}
