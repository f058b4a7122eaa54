/**
 * A market maker on an order book (the book venue): one buy at the best bid and one sell at the best ask,
 * `size` each, moved back by `skew_ticks` per `size` of inventory on the side that would add to it, and
 * never beyond `max_position`. When the touch imbalance turns against a quote (more than
 * `cancel_imbalance` of the displayed size on the other side: the price is about to move through it), the
 * quote is pulled until the imbalance eases. Quotes that drift from their target are cancelled and
 * re-placed at the next consistent book.
 */
import { Strategy, type BookView, type Order } from 'hindsight';

interface Params {
  symbol: string;
  size: number;
  max_position: number;
  skew_ticks: number;
  cancel_imbalance: number;
}

export default class BookMaker extends Strategy<Params> {
  private bid: Order | null = null;
  private ask: Order | null = null;
  /** Orders whose cancel is on its way. */
  private readonly cancelling = new Set<Order>();

  override onStart(): void {
    const p = this.params;
    for (const k of ['size', 'max_position', 'skew_ticks'] as const)
      if (!Number.isInteger(p[k]) || p[k] < 0) throw new Error(`params.${k} must be a whole number >= 0`);
    if (!(p.cancel_imbalance > 0 && p.cancel_imbalance <= 1))
      throw new Error('params.cancel_imbalance must be in (0, 1]');
  }

  override onBook(book: BookView): void {
    const p = this.params;
    const bid = book.bestBidTicks();
    const ask = book.bestAskTicks();
    if (bid !== bid || ask !== ask) return;
    const pos = this.ctx.position(p.symbol);
    const imbalance = book.imbalance(1); // (bid size − ask size) / total, in [−1, 1]
    const steps = Math.trunc(pos / p.size);
    // Long: buy lower; short: sell higher. Pull a quote the flow is about to run through.
    const wantBid = pos + p.size <= p.max_position && imbalance > -p.cancel_imbalance;
    const wantAsk = -pos + p.size <= p.max_position && imbalance < p.cancel_imbalance;
    this.bid = this.quote(this.bid, wantBid, 1, bid - Math.max(0, steps) * p.skew_ticks, book);
    this.ask = this.quote(this.ask, wantAsk, -1, ask + Math.max(0, -steps) * p.skew_ticks, book);
  }

  /** Keeps one order on a side at `ticks` (or none); returns the order now working there. */
  private quote(cur: Order | null, want: boolean, side: 1 | -1, ticks: number, book: BookView): Order | null {
    if (cur && !cur.isOpenKnown) {
      this.cancelling.delete(cur);
      cur = null;
    }
    if (cur && (!want || cur.limitTicks !== ticks)) {
      // Replaced once the cancel is through (the order no longer open): never two quotes on a side.
      if (!this.cancelling.has(cur)) {
        this.cancelling.add(cur);
        this.ctx.cancel(cur);
      }
      return cur;
    }
    if (cur || !want) return cur;
    const price = book.priceOf(ticks);
    const p = this.params;
    return side > 0
      ? this.ctx.buy(p.symbol, p.size, { type: 'limit', price })
      : this.ctx.sell(p.symbol, p.size, { type: 'limit', price });
  }
}
