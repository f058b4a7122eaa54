/**
 * Walking the replayed book for our orders (docs/execution-book.md, "Matching"): the displayed lots of a
 * side, level by level from the touch, less what our own fills already consumed (consumed.ts), at the
 * prices our order meets (impact.ts). Used to take liquidity, to size a FOK, and to fill resting orders
 * that the other side reaches.
 * Invariants: never offers more than displayed − consumed; consuming marks L3 orders front first.
 */
import type { L3Book } from '../../book/l3-book.js';
import type { LevelBook } from '../../book/level-book.js';
import type { PriceLevels } from '../../book/price-levels.js';
import { levelKey, type ConsumedLiquidity } from './consumed.js';
import type { ImpactModel } from './impact.js';

/** Takes up to `lots` offered at `ticks` (as the order meets them); returns what it took. */
export type LiquidityUse = (ticks: number, lots: number) => number;

/** A replayed price as our order on `side` meets it (impact applied). */
export function seenPrice(
  impact: ImpactModel | null,
  id: number,
  side: 1 | -1,
  ticks: number,
  tNs: number,
): number {
  return impact ? impact.priceFor(id, side, ticks, tNs) : ticks;
}

/**
 * Walks the side opposite to `side` from the touch while within `limit`, offering each level's
 * displayed, unconsumed lots to `use`; with `consume`, what it took is recorded as consumed. Stops after
 * `want` lots.
 */
export function walkLiquidity(
  book: LevelBook,
  consumed: ConsumedLiquidity,
  impact: ImpactModel | null,
  id: number,
  side: 1 | -1,
  limit: number,
  tNs: number,
  use: LiquidityUse,
  want: number,
  consume: boolean,
): void {
  const lv = side > 0 ? book.asks : book.bids;
  const l3 = 'orders' in book ? (book as L3Book) : null;
  for (let l = lv.best; l >= 0 && want > 0; l = lv.next(l)) {
    const ticks = lv.dir * lv.key[l]!;
    const price = seenPrice(impact, id, side, ticks, tNs);
    if (side > 0 ? price > limit : price < limit) break;
    const avail = l3 ? availableL3(consumed, l3, lv, l) : availableL2(consumed, lv, l, ticks);
    if (avail <= 0) continue;
    const took = use(price, Math.min(avail, want));
    want -= took;
    if (consume && took > 0) {
      if (l3) consumeL3(consumed, l3, lv, l, took);
      else consumed.take(levelKey(lv.dir < 0 ? 0 : 1, ticks), 0, 0, lv.size[l]!, took);
    }
  }
}

function availableL2(consumed: ConsumedLiquidity, lv: PriceLevels, l: number, ticks: number): number {
  const size = lv.size[l]!;
  return size - consumed.takenFrom(levelKey(lv.dir < 0 ? 0 : 1, ticks), 0, 0, size);
}

function availableL3(consumed: ConsumedLiquidity, book: L3Book, lv: PriceLevels, l: number): number {
  let sum = 0;
  const o = book.orders;
  for (let q = lv.head[l]!; q >= 0; q = o.next[q]!) {
    const size = o.size[q]!;
    sum += size - (consumed.size === 0 ? 0 : consumed.takenFrom(q, o.idHi[q]!, o.idLo[q]!, size));
  }
  return sum;
}

/** Marks `lots` of level `l` consumed, order by order from the front of its FIFO. */
function consumeL3(
  consumed: ConsumedLiquidity,
  book: L3Book,
  lv: PriceLevels,
  l: number,
  lots: number,
): void {
  const o = book.orders;
  for (let q = lv.head[l]!; q >= 0 && lots > 0; q = o.next[q]!) {
    const size = o.size[q]!;
    const free = size - consumed.takenFrom(q, o.idHi[q]!, o.idLo[q]!, size);
    if (free <= 0) continue;
    const n = Math.min(free, lots);
    consumed.take(q, o.idHi[q]!, o.idLo[q]!, size, n);
    lots -= n;
  }
}
