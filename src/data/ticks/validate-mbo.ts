/**
 * The minimal MBO replay behind validateTicks: per instrument, live orders (id -> side, price, size) and
 * order counts per price level, with the best bid and ask kept current, so the validator can tell whether
 * a cancel/modify/fill names a live order and whether the book is crossed.
 *
 * Invariants: a level's count equals the number of live orders at that price and side; a level with no
 * orders is deleted; best bid/ask are the extreme keys of the level maps (recomputed by a scan only when
 * the best level empties). Limits: no queue order and no level sizes (the rules do not need them).
 */
import { ACTION_ADD, ACTION_CANCEL, ACTION_CLEAR, ACTION_FILL, ACTION_MODIFY, SIDE_BID } from '../schemas.js';

interface Order {
  side: number;
  price: number;
  size: number;
}

class Book {
  readonly orders = new Map<number | string, Order>();
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();
  bestBid = -Infinity;
  bestAsk = Infinity;
  crossed = false;

  place(o: Order): void {
    if (o.side === SIDE_BID) {
      this.bids.set(o.price, (this.bids.get(o.price) ?? 0) + 1);
      if (o.price > this.bestBid) this.bestBid = o.price;
    } else {
      this.asks.set(o.price, (this.asks.get(o.price) ?? 0) + 1);
      if (o.price < this.bestAsk) this.bestAsk = o.price;
    }
  }

  lift(o: Order): void {
    const bid = o.side === SIDE_BID;
    const lv = bid ? this.bids : this.asks;
    const left = lv.get(o.price)! - 1;
    if (left > 0) {
      lv.set(o.price, left);
      return;
    }
    lv.delete(o.price);
    if (bid && o.price === this.bestBid) {
      this.bestBid = -Infinity;
      for (const p of lv.keys()) if (p > this.bestBid) this.bestBid = p;
    } else if (!bid && o.price === this.bestAsk) {
      this.bestAsk = Infinity;
      for (const p of lv.keys()) if (p < this.bestAsk) this.bestAsk = p;
    }
  }
}

/** Order ids as Map keys: the exact number below 2^53, else "hi:lo". */
export function orderKey(hi: number, lo: number): number | string {
  return hi < 0x200000 ? hi * 4294967296 + lo : `${hi}:${lo}`;
}

export class MboReplay {
  private readonly books = new Map<number, Book>();

  private book(inst: number): Book {
    let b = this.books.get(inst);
    if (b === undefined) {
      b = new Book();
      this.books.set(inst, b);
    }
    return b;
  }

  /** Applies one record; returns 'unknown' / 'duplicate' when it names no live order / a live one on add. */
  apply(
    inst: number,
    act: number,
    id: number | string,
    side: number,
    price: number,
    size: number,
  ): 'unknown' | 'duplicate' | null {
    if (act === ACTION_ADD) {
      const b = this.book(inst);
      if (b.orders.has(id)) return 'duplicate';
      const o = { side, price, size };
      b.orders.set(id, o);
      b.place(o);
    } else if (act === ACTION_CANCEL || act === ACTION_MODIFY || act === ACTION_FILL) {
      const b = this.book(inst);
      const o = b.orders.get(id);
      if (o === undefined) return 'unknown';
      if (act === ACTION_CANCEL) {
        if (size >= o.size) {
          b.orders.delete(id);
          b.lift(o);
        } else o.size -= size;
      } else if (act === ACTION_MODIFY) {
        b.lift(o);
        o.side = side;
        o.price = price;
        o.size = size;
        b.place(o);
      }
    } else if (act === ACTION_CLEAR) this.books.delete(inst);
    return null;
  }

  /** [best bid, best ask] when the book has just become crossed (bid >= ask), else null. */
  crossedNow(inst: number): [number, number] | null {
    const b = this.books.get(inst);
    if (b === undefined) return null;
    const crossed = b.bestBid >= b.bestAsk;
    const fresh = crossed && !b.crossed;
    b.crossed = crossed;
    return fresh ? [b.bestBid, b.bestAsk] : null;
  }
}
