/**
 * Reusable views for trade and quote events (`onTrade`, `onQuote`), re-pointed at the current row before
 * each call like BarView: no allocation per event; do not keep a view past the callback. Prices are
 * doubles (instrument ticks × tick size); the `...Ticks` getters give the exact integers.
 */
import type { Instrument } from '../core/instrument.js';
import { formatIso } from '../core/time.js';
import type { QuoteColumns, TradeColumns } from '../data/ticks/columns.js';
import { SIDE_ASK, SIDE_BID } from '../data/schemas.js';

export class TradeView {
  table!: TradeColumns;
  row = 0;
  instrument!: Instrument;

  get symbol(): string {
    return this.instrument.symbol;
  }
  get priceTicks(): number {
    return this.table.priceTicks[this.row]!;
  }
  get price(): number {
    return this.instrument.price(this.table.priceTicks[this.row]!);
  }
  /** Traded quantity in instrument units. */
  get size(): number {
    return this.table.size[this.row]!;
  }
  /** The aggressor: 'buy' (lifted the offer), 'sell' (hit the bid) or 'none' when the feed does not say. */
  get side(): 'buy' | 'sell' | 'none' {
    const s = this.table.side[this.row]!;
    return s === SIDE_BID ? 'buy' : s === SIDE_ASK ? 'sell' : 'none';
  }
  get tsSec(): number {
    return this.table.tsSec[this.row]!;
  }
  get tsNsec(): number {
    return this.table.tsNsec[this.row]!;
  }
  /** ISO 8601 UTC (allocates). */
  get time(): string {
    return formatIso(this.tsSec, this.tsNsec);
  }
}

export class QuoteView {
  table!: QuoteColumns;
  row = 0;
  instrument!: Instrument;

  get symbol(): string {
    return this.instrument.symbol;
  }
  /** Best bid / ask in ticks; NaN when that side of the book is empty. */
  get bidTicks(): number {
    return this.table.bidTicks[this.row]!;
  }
  get askTicks(): number {
    return this.table.askTicks[this.row]!;
  }
  get bidPrice(): number {
    return this.instrument.price(this.table.bidTicks[this.row]!);
  }
  get askPrice(): number {
    return this.instrument.price(this.table.askTicks[this.row]!);
  }
  get bidSize(): number {
    return this.table.bidSize[this.row]!;
  }
  get askSize(): number {
    return this.table.askSize[this.row]!;
  }
  /** (bid + ask) / 2 as a double; NaN when a side is empty. */
  get mid(): number {
    return (this.bidPrice + this.askPrice) / 2;
  }
  get tsSec(): number {
    return this.table.tsSec[this.row]!;
  }
  get tsNsec(): number {
    return this.table.tsNsec[this.row]!;
  }
  get time(): string {
    return formatIso(this.tsSec, this.tsNsec);
  }
}
