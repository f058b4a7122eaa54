/**
 * Mean reversion on Bollinger-style bands: when the close falls `entry` standard deviations below its
 * `lookback`-bar mean, go long `size`; when it rises as far above, go short `size`; exit to flat once
 * the close crosses back over the mean. Entries are limit orders at the signal close (day orders), so
 * a gap away from the signal is not chased; exits are market orders.
 */
import { Strategy, type BarView, type OrderUpdate } from 'hindsight';

interface Params {
  lookback: number;
  entry: number;
  size: number;
}

/** Rolling mean and population standard deviation over a fixed window (O(1) per update). */
class RollingStats {
  private readonly window: Float64Array;
  private pos = 0;
  private count = 0;
  private sum = 0;
  private sumSq = 0;

  constructor(readonly n: number) {
    this.window = new Float64Array(n);
  }

  update(x: number): void {
    const old = this.window[this.pos]!;
    this.window[this.pos] = x;
    this.pos = (this.pos + 1) % this.n;
    this.sum += x;
    this.sumSq += x * x;
    if (this.count === this.n) {
      this.sum -= old;
      this.sumSq -= old * old;
    } else this.count++;
  }

  get ready(): boolean {
    return this.count === this.n;
  }
  get mean(): number {
    return this.sum / this.n;
  }
  get std(): number {
    const m = this.mean;
    return Math.sqrt(Math.max(0, this.sumSq / this.n - m * m));
  }
}

export default class MeanReversion extends Strategy<Params> {
  private stats: RollingStats[] = [];

  override onStart(): void {
    const { lookback, entry, size } = this.params;
    if (!Number.isInteger(lookback) || lookback < 2)
      throw new Error(`params.lookback must be an integer >= 2, got ${lookback}`);
    if (!(entry > 0)) throw new Error(`params.entry must be > 0, got ${entry}`);
    if (!(size > 0)) throw new Error(`params.size must be > 0, got ${size}`);
    this.stats = this.ctx.symbols.map(() => new RollingStats(lookback));
  }

  override onBar(bar: BarView): void {
    const s = this.stats[bar.instrument.id]!;
    const close = bar.close;
    s.update(close);
    if (!s.ready) return;
    const { entry, size } = this.params;
    const pos = this.ctx.position(bar.symbol);
    const z = (close - s.mean) / (s.std || Infinity);
    const busy = this.ctx.openOrders(bar.symbol).length > 0;
    if (busy) return;
    if (pos === 0 && z <= -entry) this.ctx.buy(bar.symbol, size, { type: 'limit', price: close, tif: 'DAY' });
    else if (pos === 0 && z >= entry)
      this.ctx.sell(bar.symbol, size, { type: 'limit', price: close, tif: 'DAY' });
    else if ((pos > 0 && z >= 0) || (pos < 0 && z <= 0)) this.ctx.targetPosition(bar.symbol, 0);
  }

  override onOrderUpdate(u: OrderUpdate): void {
    if (u.kind === 'rejected') this.ctx.log.warn(`order ${u.orderId} rejected: ${u.reason}`);
  }
}
