/**
 * The BookView of a book made of two PriceLevels sides (L2 and L3 share it): best, level i, depth arrays,
 * mid, spread, imbalance, microprice. Read-only and allocation-free; level i walks i levels from the touch.
 */
import { PriceLevels } from './price-levels.js';
import { BookStats, PriceGrid, SIDE_BID, type BookView } from './view.js';

export interface LevelBookOptions {
  /** Prices: the instrument tick and the raw unit of feed prices (default: raw 1e-9 units, tick = 1 raw). */
  grid?: PriceGrid;
  /** Ticks covered by each side's dense window (default 4096); see price-levels.ts. */
  windowTicks?: number;
  /** Data source named in errors (file path or stream label). */
  source?: string;
  /** Throw a DataError on anomalies (unknown ids, duplicate adds, bad sides ...) instead of counting them. */
  strict?: boolean;
}

export abstract class LevelBook implements BookView {
  readonly bids: PriceLevels;
  readonly asks: PriceLevels;
  readonly grid: PriceGrid;
  readonly stats = new BookStats();
  consistent = true;
  /** The instrument's symbol (set by the engine for a run's books). */
  symbol = '';
  protected readonly source: string;
  protected readonly strict: boolean;

  constructor(o: LevelBookOptions = {}) {
    this.grid = o.grid ?? PriceGrid.ofRaw(1);
    this.bids = new PriceLevels(-1, o.windowTicks);
    this.asks = new PriceLevels(1, o.windowTicks);
    this.source = o.source ?? 'book';
    this.strict = o.strict ?? false;
  }

  priceOf(ticks: number): number {
    return this.grid.priceOf(ticks);
  }

  bestBidTicks(): number {
    const s = this.bids.best;
    return s < 0 ? NaN : -this.bids.key[s]!;
  }
  bestAskTicks(): number {
    const s = this.asks.best;
    return s < 0 ? NaN : this.asks.key[s]!;
  }
  bestBid(): number {
    return this.grid.priceOf(this.bestBidTicks());
  }
  bestAsk(): number {
    return this.grid.priceOf(this.bestAskTicks());
  }
  bestBidSize(): number {
    const s = this.bids.best;
    return s < 0 ? 0 : this.bids.size[s]!;
  }
  bestAskSize(): number {
    const s = this.asks.best;
    return s < 0 ? 0 : this.asks.size[s]!;
  }
  bestBidCount(): number {
    const s = this.bids.best;
    return s < 0 ? 0 : this.bids.count[s]!;
  }
  bestAskCount(): number {
    const s = this.asks.best;
    return s < 0 ? 0 : this.asks.count[s]!;
  }
  bidLevels(): number {
    return this.bids.levels;
  }
  askLevels(): number {
    return this.asks.levels;
  }
  bidTicks(i: number): number {
    const s = this.bids.at(i);
    return s < 0 ? NaN : -this.bids.key[s]!;
  }
  askTicks(i: number): number {
    const s = this.asks.at(i);
    return s < 0 ? NaN : this.asks.key[s]!;
  }
  bidPrice(i: number): number {
    return this.grid.priceOf(this.bidTicks(i));
  }
  askPrice(i: number): number {
    return this.grid.priceOf(this.askTicks(i));
  }
  bidSize(i: number): number {
    const s = this.bids.at(i);
    return s < 0 ? 0 : this.bids.size[s]!;
  }
  askSize(i: number): number {
    const s = this.asks.at(i);
    return s < 0 ? 0 : this.asks.size[s]!;
  }
  bidCount(i: number): number {
    const s = this.bids.at(i);
    return s < 0 ? 0 : this.bids.count[s]!;
  }
  askCount(i: number): number {
    const s = this.asks.at(i);
    return s < 0 ? 0 : this.asks.count[s]!;
  }

  depth(
    side: number,
    outTicks: Float64Array,
    outSizes: Float64Array,
    n: number,
    outCounts?: Float64Array,
  ): number {
    const lv = side === SIDE_BID ? this.bids : this.asks;
    let k = 0;
    for (let s = lv.best; s >= 0 && k < n; s = lv.next(s), k++) {
      outTicks[k] = lv.dir * lv.key[s]!;
      outSizes[k] = lv.size[s]!;
      if (outCounts) outCounts[k] = lv.count[s]!;
    }
    return k;
  }

  mid(): number {
    return (this.bestBid() + this.bestAsk()) / 2;
  }
  spread(): number {
    return this.bestAsk() - this.bestBid();
  }
  spreadTicks(): number {
    return this.bestAskTicks() - this.bestBidTicks();
  }

  imbalance(levels = 1): number {
    if (this.bids.best < 0 || this.asks.best < 0) return NaN;
    const b = sizeOver(this.bids, levels);
    const a = sizeOver(this.asks, levels);
    return (b - a) / (b + a);
  }

  microprice(): number {
    if (this.bids.best < 0 || this.asks.best < 0) return NaN;
    const bs = this.bestBidSize();
    const as = this.bestAskSize();
    return (this.bestBid() * as + this.bestAsk() * bs) / (bs + as);
  }
}

function sizeOver(lv: PriceLevels, levels: number): number {
  let sum = 0;
  let k = 0;
  for (let s = lv.best; s >= 0 && k < levels; s = lv.next(s), k++) sum += lv.size[s]!;
  return sum;
}
