/**
 * L1 (top of book) of one instrument: best bid and ask with size and order count, from quote records
 * (MBP-1, TBBO, BBO-1s/1m: the `quotes` table), consolidated quotes (CMBP-1, TCBBO, CBBO: `cquotes`, which
 * carry no order counts: count 0) and QuoteColumns rows (prices already in ticks, no counts).
 *
 * Each record's level 0 is taken as the top of book as it stands after the record. For TBBO that is the
 * book just before the trade the record reports (Databento's TBBO definition); for BBO-1s/1m it is the last
 * book of the interval. A null price (NaN) empties the side; a null size (UNDEF_SIZE, or NaN in QuoteColumns) counts as 0.
 * Level i > 0 does not exist here (NaN price, size 0).
 */
import { FLAG_LAST, UNDEF_SIZE, type CQuoteTable, type QuoteTable } from '../data/schemas.js';
import type { QuoteColumns } from '../data/ticks/columns.js';
import { BookStats, PriceGrid, SIDE_BID, type BookView } from './view.js';

export interface L1BookOptions {
  grid?: PriceGrid;
  source?: string;
}

export class L1Book implements BookView {
  readonly grid: PriceGrid;
  readonly stats = new BookStats();
  consistent = true;
  /** The instrument's symbol (set by the engine for a run's books). */
  symbol = '';
  private bidT = NaN;
  private askT = NaN;
  private bidSz = 0;
  private askSz = 0;
  private bidCt = 0;
  private askCt = 0;
  private readonly source: string;

  constructor(o: L1BookOptions = {}) {
    this.grid = o.grid ?? PriceGrid.ofRaw(1);
    this.source = o.source ?? 'book';
  }

  /** Sets the top of book directly (ticks; NaN = empty side). */
  set(
    bidTicks: number,
    bidSize: number,
    bidCount: number,
    askTicks: number,
    askSize: number,
    askCount: number,
  ): void {
    this.consistent = true;
    this.setSides(bidTicks, bidSize, bidCount, askTicks, askSize, askCount);
  }

  applyQuote(t: QuoteTable, row: number): void {
    this.record(t.sequence[row]!, t.flags[row]!);
    this.setRaw(
      t.bidPx[row]!,
      t.bidSz[row]!,
      t.bidCt[row]!,
      t.askPx[row]!,
      t.askSz[row]!,
      t.askCt[row]!,
      row,
    );
  }

  applyCQuote(t: CQuoteTable, row: number): void {
    this.record(t.sequence[row]!, t.flags[row]!);
    this.setRaw(t.bidPx[row]!, t.bidSz[row]!, 0, t.askPx[row]!, t.askSz[row]!, 0, row);
  }

  /** A QuoteColumns row (ticks of the instrument already, sizes in instrument units, no counts). */
  applyQuoteColumns(c: QuoteColumns, row: number): void {
    this.stats.records++;
    this.consistent = true;
    this.setSides(c.bidTicks[row]!, c.bidSize[row]!, 0, c.askTicks[row]!, c.askSize[row]!, 0);
  }

  bestBidTicks(): number {
    return this.bidT;
  }
  bestAskTicks(): number {
    return this.askT;
  }
  bestBid(): number {
    return this.grid.priceOf(this.bidT);
  }
  bestAsk(): number {
    return this.grid.priceOf(this.askT);
  }
  bestBidSize(): number {
    return this.bidSz;
  }
  bestAskSize(): number {
    return this.askSz;
  }
  bestBidCount(): number {
    return this.bidCt;
  }
  bestAskCount(): number {
    return this.askCt;
  }
  bidLevels(): number {
    return this.bidT === this.bidT ? 1 : 0;
  }
  askLevels(): number {
    return this.askT === this.askT ? 1 : 0;
  }
  bidTicks(i: number): number {
    return i === 0 ? this.bidT : NaN;
  }
  askTicks(i: number): number {
    return i === 0 ? this.askT : NaN;
  }
  bidPrice(i: number): number {
    return this.grid.priceOf(this.bidTicks(i));
  }
  askPrice(i: number): number {
    return this.grid.priceOf(this.askTicks(i));
  }
  bidSize(i: number): number {
    return i === 0 ? this.bidSz : 0;
  }
  askSize(i: number): number {
    return i === 0 ? this.askSz : 0;
  }
  bidCount(i: number): number {
    return i === 0 ? this.bidCt : 0;
  }
  askCount(i: number): number {
    return i === 0 ? this.askCt : 0;
  }
  depth(
    side: number,
    outTicks: Float64Array,
    outSizes: Float64Array,
    n: number,
    outCounts?: Float64Array,
  ): number {
    const bid = side === SIDE_BID;
    const t = bid ? this.bidT : this.askT;
    if (n < 1 || t !== t) return 0;
    outTicks[0] = t;
    outSizes[0] = bid ? this.bidSz : this.askSz;
    if (outCounts) outCounts[0] = bid ? this.bidCt : this.askCt;
    return 1;
  }
  mid(): number {
    return (this.bestBid() + this.bestAsk()) / 2;
  }
  spread(): number {
    return this.bestAsk() - this.bestBid();
  }
  spreadTicks(): number {
    return this.askT - this.bidT;
  }
  /** Only level 0 exists, whatever `levels` asks for. */
  imbalance(_levels = 1): number {
    if (this.bidT !== this.bidT || this.askT !== this.askT) return NaN;
    return (this.bidSz - this.askSz) / (this.bidSz + this.askSz);
  }
  microprice(): number {
    if (this.bidT !== this.bidT || this.askT !== this.askT) return NaN;
    return (this.bestBid() * this.askSz + this.bestAsk() * this.bidSz) / (this.bidSz + this.askSz);
  }
  priceOf(ticks: number): number {
    return this.grid.priceOf(ticks);
  }

  private record(seq: number, flags: number): void {
    const st = this.stats;
    st.records++;
    st.sequence(seq);
    this.consistent = (flags & FLAG_LAST) !== 0;
    if (this.consistent) st.events++;
  }

  private setRaw(bp: number, bs: number, bc: number, ap: number, as: number, ac: number, row: number): void {
    const bt = this.grid.ticksOf(bp, this.source, row);
    const at = this.grid.ticksOf(ap, this.source, row);
    this.setSides(bt, bs === UNDEF_SIZE ? 0 : bs, bc, at, as === UNDEF_SIZE ? 0 : as, ac);
  }

  private setSides(bt: number, bs: number, bc: number, at: number, as: number, ac: number): void {
    const be = bt !== bt;
    const ae = at !== at;
    this.bidT = bt;
    this.bidSz = be || bs !== bs ? 0 : bs;
    this.bidCt = be ? 0 : bc;
    this.askT = at;
    this.askSz = ae || as !== as ? 0 : as;
    this.askCt = ae ? 0 : ac;
  }
}
