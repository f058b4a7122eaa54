/**
 * What a strategy reads from any book (L1, L2, L3): the read-only `BookView`, the counters every book keeps
 * (`BookStats`), and the price grid that turns raw feed prices into integer ticks and ticks into prices.
 *
 * Conventions shared by all books: prices inside a book are integer ticks; `...Ticks` methods return them and
 * the price methods return `priceOf(ticks)` as a double (one exact product, one division: correctly rounded).
 * An empty side (or a level index past the last level) gives NaN for prices, 0 for size and count; `mid`,
 * `spread`, `imbalance` and `microprice` are NaN when either side is empty. Nothing here allocates, with one
 * caveat that belongs to V8, not to the books: a call that returns a fractional double (a price, mid,
 * microprice, imbalance) and is not inlined into its caller hands back a boxed heap number, short-lived
 * young-generation garbage. Integer results (ticks, sizes, counts) and `depth` arrays never box; a strategy
 * that wants zero garbage reads ticks and converts at the edge.
 */
import { DataError } from '../core/errors.js';
import { POW10, formatScaled, type Scaled } from '../core/decimal.js';
import { SIDE_ASK, SIDE_BID } from '../data/schemas.js';

export { SIDE_ASK, SIDE_BID };

export interface BookView {
  /** The instrument's symbol ('' for a book made outside a run). */
  readonly symbol: string;
  bestBidTicks(): number;
  bestAskTicks(): number;
  bestBid(): number;
  bestAsk(): number;
  bestBidSize(): number;
  bestAskSize(): number;
  bestBidCount(): number;
  bestAskCount(): number;
  /** Levels on the side (L1: 0 or 1). */
  bidLevels(): number;
  askLevels(): number;
  bidTicks(i: number): number;
  askTicks(i: number): number;
  bidPrice(i: number): number;
  askPrice(i: number): number;
  bidSize(i: number): number;
  askSize(i: number): number;
  bidCount(i: number): number;
  askCount(i: number): number;
  /**
   * Fills up to `n` levels of `side` (SIDE_BID / SIDE_ASK), best first, into the caller's arrays (ticks,
   * sizes and, when given, order counts); returns how many levels were written.
   */
  depth(
    side: number,
    outTicks: Float64Array,
    outSizes: Float64Array,
    n: number,
    outCounts?: Float64Array,
  ): number;
  /** (bid + ask) / 2 as a price. */
  mid(): number;
  /** ask - bid as a price. */
  spread(): number;
  spreadTicks(): number;
  /** (bid size - ask size) / (bid size + ask size) over the first `levels` levels of each side. */
  imbalance(levels?: number): number;
  /** Size-weighted mid: (bid × askSize + ask × bidSize) / (bidSize + askSize). */
  microprice(): number;
  /** Price of a tick count. */
  priceOf(ticks: number): number;
  /** True after a record carrying F_LAST (or a direct update): the book is at a consistent point. */
  readonly consistent: boolean;
  readonly stats: BookStats;
}

/** Counters of what a book was fed; nothing is dropped without being counted here. */
export class BookStats {
  records = 0;
  /** Records with F_LAST (complete exchange events). */
  events = 0;
  /** Jumps of the sequence number by more than one (records of one packet may share a number). */
  sequenceGaps = 0;
  /** Sequence numbers lower than the previous one. */
  sequenceRegressions = 0;
  clears = 0;
  /** Snapshots begun (a run of F_SNAPSHOT records). */
  snapshots = 0;
  trades = 0;
  fills = 0;
  /** Cancels / modifies / fills naming no live order (a modify of an unknown id is applied as an add). */
  unknownCancels = 0;
  unknownModifies = 0;
  unknownFills = 0;
  /** Adds of an id already live (applied as a modify that loses priority). */
  duplicateAdds = 0;
  /** Cancels larger than the order's size (the order is removed). */
  overCancels = 0;
  /** Add/cancel/modify records whose side is neither bid nor ask (ignored). */
  badSides = 0;
  /** Add/modify records with a null price (ignored). */
  nullPrices = 0;
  /** Actions other than A, C, M, R, T, F, N (ignored); 'N' records count in `noActions`. */
  unknownActions = 0;
  noActions = 0;
  private lastSeq = 0;

  /** Counts a sequence number (0 = not sequenced, ignored). */
  sequence(seq: number): void {
    if (seq === 0) return;
    const last = this.lastSeq;
    if (last !== 0) {
      if (seq > last + 1) this.sequenceGaps++;
      else if (seq < last) this.sequenceRegressions++;
    }
    this.lastSeq = seq;
  }
}

/**
 * Raw feed prices (integers of `rawTick`, DBN: 1e-9) to integer ticks of `tick`, and ticks to prices.
 * A raw price off the tick grid is a DataError (the configured tick is wrong for the data): never rounded.
 */
export class PriceGrid {
  /** Raw units per tick (an integer). */
  readonly rawPerTick: number;
  private readonly tickUnits: number;
  private readonly tickDiv: number;

  constructor(
    readonly tick: Scaled,
    readonly rawTick: Scaled = { units: 1, scale: 9 },
  ) {
    if (tick.units <= 0 || rawTick.units <= 0) throw new RangeError('PriceGrid: ticks must be positive');
    const num = tick.units * POW10[Math.max(0, rawTick.scale - tick.scale)]!;
    const den = rawTick.units * POW10[Math.max(0, tick.scale - rawTick.scale)]!;
    if (num % den !== 0)
      throw new RangeError(
        `PriceGrid: the tick ${formatScaled(tick.units, tick.scale)} is not a whole number of raw units ` +
          formatScaled(rawTick.units, rawTick.scale),
      );
    this.rawPerTick = num / den;
    this.tickUnits = tick.units;
    this.tickDiv = POW10[tick.scale]!;
  }

  /** A grid of `rawPerTick` raw units per tick, raw units being `rawTick` (DBN default 1e-9). */
  static ofRaw(rawPerTick: number, rawTick: Scaled = { units: 1, scale: 9 }): PriceGrid {
    return new PriceGrid({ units: rawPerTick * rawTick.units, scale: rawTick.scale }, rawTick);
  }

  priceOf(ticks: number): number {
    return (ticks * this.tickUnits) / this.tickDiv;
  }

  /** Ticks of a raw price; NaN stays NaN; off-grid throws a DataError naming `where` and `row`. */
  ticksOf(raw: number, where: string, row: number): number {
    // Division and an exact product back, not `%`: a double remainder is a C call in V8, ~10x slower.
    const q = Math.round(raw / this.rawPerTick);
    if (q * this.rawPerTick === raw) return q;
    if (raw !== raw) return NaN;
    throw new DataError(
      { file: where, row: row + 1, field: 'price', value: String(raw) },
      `price is not a whole number of ticks (${this.rawPerTick} raw units per tick)`,
    );
  }
}

/** The largest raw tick that divides every defined price in `prices[0..n)` (1 if none); for default grids. */
export function gridOf(prices: Float64Array, n = prices.length): number {
  let g = 0;
  for (let i = 0; i < n; i++) {
    const p = prices[i]!;
    if (p !== p || p === 0) continue;
    let a = Math.abs(p);
    let b = g;
    while (b !== 0) {
      const t = a % b;
      a = b;
      b = t;
    }
    g = a;
    if (g === 1) break;
  }
  return g === 0 ? 1 : g;
}

/** Side code (SIDE_BID / SIDE_ASK) to 0 / 1; -1 for anything else. */
export function sideIndex(side: number): number {
  return side === SIDE_BID ? 0 : side === SIDE_ASK ? 1 : -1;
}
