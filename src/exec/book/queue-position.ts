/**
 * Our resting orders' places in the queue on the book venue (docs/execution-book.md, "Queue position"):
 * joining behind what is displayed, then advancing — exactly on L3 data with the real FIFO (priority
 * stamps), or through a queue model on price levels. The venue calls these as records reach it.
 * Invariants: `ahead` never goes below 0; an order's stamp lies strictly between the stamps of the book's
 * orders before and after it joined, so a comparison says which side of it a market order is.
 */
import type { L3Book } from '../../book/l3-book.js';
import type { LevelBook } from '../../book/level-book.js';
import type { L2QueueModel } from './queue-models.js';
import type { OurOrders, Resting } from './resting.js';

/** Sets a joining order's place: behind everything displayed at its price. */
export function joinQueue(book: LevelBook, r: Resting): void {
  const lv = r.side > 0 ? book.bids : book.asks;
  const l = lv.find(lv.dir * r.ticks);
  r.ahead = l < 0 ? 0 : lv.size[l]!;
  r.levelSize = r.ahead;
  r.tradedSince = 0;
  // Between the last stamp given and the next: every order now in the book is ahead, every later one behind.
  r.stamp = 'priorityNow' in book ? (book as L3Book).priorityNow() + 0.5 : 0;
}

/** Queue models: a trade at our price advances us for sure, and is remembered against double counting. */
export function tradedAt(s: OurOrders, passive: number, ticks: number, size: number): void {
  if (passive === 0) return;
  for (const r of (passive > 0 ? s.buys : s.sells).list)
    if (r.ticks === ticks) {
      r.ahead = Math.max(0, r.ahead - size);
      r.tradedSince += size;
    }
}

/** L3 FIFO: the record just applied cancelled, reduced or re-queued a market order; if ahead of ours, we advance. */
export function advanceFifo(s: OurOrders, book: L3Book): void {
  const list = (book.lastSide === 0 ? s.buys : s.sells).list;
  for (const r of list) {
    if (r.ticks !== book.lastTicks || book.lastPriority >= r.stamp) continue;
    r.ahead = Math.max(0, r.ahead - book.lastReduced);
  }
}

/** Queue models: size changes at our prices, judged by the model. */
export function advanceByModel(s: OurOrders, book: LevelBook, model: L2QueueModel): void {
  for (const side of [s.buys, s.sells]) {
    const lv = side === s.buys ? book.bids : book.asks;
    for (const r of side.list) {
      const l = lv.find(lv.dir * r.ticks);
      const size = l < 0 ? 0 : lv.size[l]!;
      if (size === r.levelSize) continue;
      r.ahead = model.depth(r.ahead, r.tradedSince, r.levelSize, size);
      r.levelSize = size;
      r.tradedSince = 0;
    }
  }
}
