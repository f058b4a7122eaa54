/**
 * Plans one synthetic trade against a SynthBook: which price levels an aggressor walks, how much it takes
 * at each, and which resting orders fill, in FIFO order, for how much. Planning does not touch the book:
 * the generator writes the Trade and Fill records from the plan, then applies the fills.
 *
 * Invariants: the first `levels - 1` levels are taken whole, the last one by a drawn size; the side's
 * deepest level is never taken whole (a trade never empties a side); fills of a level sum to its take.
 * Scratch arrays grow when a sweep needs more room and are reused across trades.
 */
import type { SynthBook } from './synth-mbo-book.js';

export class SynthTradePlan {
  /** Levels walked, with their ticks and the size taken at each. */
  levels = 0;
  tick: Int32Array = new Int32Array(64);
  qty: Int32Array = new Int32Array(64);
  /** Resting orders filled (pool indices) and their fill sizes. */
  fills = 0;
  order: Int32Array = new Int32Array(256);
  fill: Int32Array = new Int32Array(256);

  constructor(private readonly book: SynthBook) {}

  /**
   * Plans an aggressor against side `rest` of instrument `inst` that walks up to `levels` levels and takes
   * `lastTake` (capped at what rests) at the last one. Returns whether the last level walked was taken
   * whole; `this.levels` is 0 when nothing can trade.
   */
  plan(inst: number, rest: number, levels: number, lastTake: number): boolean {
    const b = this.book;
    const deep = b.deep[2 * inst + rest]!;
    let tick = b.best[2 * inst + rest]!;
    this.levels = 0;
    this.fills = 0;
    for (let l = 0; ; l++) {
      const lv = b.level(inst, tick);
      const have = b.lvSize[lv]!;
      let take = l < levels - 1 ? have : Math.min(have, lastTake);
      if (tick === deep && take === have) take = have - 1;
      if (take <= 0) return false;
      this.take(lv, tick, take);
      if (take < have || l === levels - 1) return take === have;
      tick = b.deeper(inst, rest, tick);
    }
  }

  private take(lv: number, tick: number, take: number): void {
    const b = this.book;
    if (this.levels === this.tick.length) {
      this.tick = grow(this.tick);
      this.qty = grow(this.qty);
    }
    this.tick[this.levels] = tick;
    this.qty[this.levels++] = take;
    for (let p = b.lvHead[lv]!, q = take; q > 0; p = b.next[p]!) {
      const f = Math.min(q, b.size[p]!);
      if (this.fills === this.order.length) {
        this.order = grow(this.order);
        this.fill = grow(this.fill);
      }
      this.order[this.fills] = p;
      this.fill[this.fills++] = f;
      q -= f;
    }
  }
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
