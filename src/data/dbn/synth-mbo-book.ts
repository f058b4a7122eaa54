/**
 * The synthetic MBO generator's own order book (one per instrument, all in shared typed arrays): the truth
 * the generated records describe. Not the engine's book (src/book/): it exists so the generator knows, at
 * O(1) per operation and without allocating, which orders rest where.
 *
 * Layout. Orders live in a pool of parallel typed arrays (id, tick, size, side, instrument, FIFO links,
 * position in a live list) with a free list, so nothing is allocated per order. Price levels live in one
 * ring per instrument of `window` ticks (a power of two): level index = tick & (window - 1). Both sides
 * share the ring (bids sit below asks), so every live tick of an instrument must lie in a span shorter than
 * the window — the generator keeps the span bounded (it cancels stale deep orders) and `checkSpan` throws
 * if that ever fails, rather than corrupting a level. Each level keeps its total size, order count and
 * the head and tail of its FIFO queue. Each (instrument, side) keeps its best and deepest tick, its order
 * count and a live list (pool indices) for uniform random picks.
 *
 * Invariants: a level's count and size are the sums over its queued orders; best/deep are the extreme
 * non-empty ticks of the side (when the side has orders); a size reduction keeps the order's place, a
 * move (new price or larger size) puts it at the tail of its new level.
 */
export const BID = 0;
export const ASK = 1;

export class SynthBook {
  readonly window: number;
  private readonly mask: number;
  // Pool of orders.
  id: Float64Array;
  tick: Int32Array;
  size: Int32Array;
  side: Uint8Array;
  inst: Int32Array;
  prev: Int32Array;
  next: Int32Array;
  livePos: Int32Array;
  private freeList: Int32Array;
  private freeTop = 0;
  // Levels: inst * window + (tick & mask).
  readonly lvSize: Int32Array;
  readonly lvCount: Int32Array;
  readonly lvHead: Int32Array;
  readonly lvTail: Int32Array;
  // Per (inst * 2 + side).
  readonly best: Int32Array;
  readonly deep: Int32Array;
  readonly count: Int32Array;
  private readonly live: Int32Array[];

  constructor(instruments: number, window: number, poolHint: number) {
    this.window = window;
    this.mask = window - 1;
    const cap = Math.max(64, poolHint);
    this.id = new Float64Array(cap);
    this.tick = new Int32Array(cap);
    this.size = new Int32Array(cap);
    this.side = new Uint8Array(cap);
    this.inst = new Int32Array(cap);
    this.prev = new Int32Array(cap);
    this.next = new Int32Array(cap);
    this.livePos = new Int32Array(cap);
    this.freeList = new Int32Array(cap);
    for (let p = 0; p < cap; p++) this.freeList[p] = cap - 1 - p;
    this.freeTop = cap;
    const levels = instruments * window;
    this.lvSize = new Int32Array(levels);
    this.lvCount = new Int32Array(levels);
    this.lvHead = new Int32Array(levels).fill(-1);
    this.lvTail = new Int32Array(levels).fill(-1);
    this.best = new Int32Array(instruments * 2);
    this.deep = new Int32Array(instruments * 2);
    this.count = new Int32Array(instruments * 2);
    this.live = [];
    for (let k = 0; k < instruments * 2; k++) this.live.push(new Int32Array(64));
  }

  level(inst: number, tick: number): number {
    return inst * this.window + (tick & this.mask);
  }

  /** The pool index of the order at `rank` (0 = first) in the live list of (inst, side). */
  liveAt(inst: number, side: number, rank: number): number {
    return this.live[inst * 2 + side]![rank]!;
  }

  /** Adds an order at the tail of its level; returns its pool index. */
  add(inst: number, side: number, tick: number, size: number, id: number): number {
    if (this.freeTop === 0) this.growPool();
    const p = this.freeList[--this.freeTop]!;
    this.id[p] = id;
    this.side[p] = side;
    this.inst[p] = inst;
    this.size[p] = size;
    this.tick[p] = tick;
    const k = inst * 2 + side;
    let list = this.live[k]!;
    const n = this.count[k]!;
    if (n === list.length) {
      const grown = new Int32Array(n * 2);
      grown.set(list);
      this.live[k] = list = grown;
    }
    list[n] = p;
    this.livePos[p] = n;
    this.count[k] = n + 1;
    this.link(p, n === 0);
    return p;
  }

  /** Removes an order from the book and frees its slot. */
  remove(p: number): void {
    this.unlink(p);
    const k = this.inst[p]! * 2 + this.side[p]!;
    const list = this.live[k]!;
    const n = this.count[k]! - 1;
    const at = this.livePos[p]!;
    const last = list[n]!;
    list[at] = last;
    this.livePos[last] = at;
    this.count[k] = n;
    this.freeList[this.freeTop++] = p;
  }

  /** Takes `by` (< size) off an order; it keeps its place in the queue. */
  reduce(p: number, by: number): void {
    this.size[p] = this.size[p]! - by;
    this.lvSize[this.level(this.inst[p]!, this.tick[p]!)] -= by;
  }

  /** Re-queues an order at the tail of the level `tick` with `size` (a modify that loses priority). */
  move(p: number, tick: number, size: number): void {
    this.unlink(p);
    this.tick[p] = tick;
    this.size[p] = size;
    this.link(p, this.count[this.inst[p]! * 2 + this.side[p]!] === 1);
  }

  /** The next non-empty tick beyond `tick` on the side, away from the touch; NaN when there is none. */
  deeper(inst: number, side: number, tick: number): number {
    const k = inst * 2 + side;
    const deep = this.deep[k]!;
    if (tick === deep) return NaN;
    const step = side === BID ? -1 : 1;
    const base = inst * this.window;
    for (let t = tick + step; ; t += step) if (this.lvCount[base + (t & this.mask)]! > 0) return t;
  }

  /** Throws when the live ticks of an instrument no longer fit its ring (a generator bug, never data). */
  checkSpan(inst: number): void {
    const span = this.deep[inst * 2 + ASK]! - this.deep[inst * 2 + BID]!;
    if (this.count[inst * 2]! > 0 && this.count[inst * 2 + 1]! > 0 && span >= this.window)
      throw new Error(`synthetic MBO: book span ${span} ticks exceeds the level ring (${this.window})`);
  }

  private link(p: number, firstOfSide: boolean): void {
    const inst = this.inst[p]!;
    const tick = this.tick[p]!;
    const side = this.side[p]!;
    const lv = this.level(inst, tick);
    const tail = this.lvTail[lv]!;
    this.prev[p] = tail;
    this.next[p] = -1;
    if (tail === -1) this.lvHead[lv] = p;
    else this.next[tail] = p;
    this.lvTail[lv] = p;
    this.lvSize[lv] += this.size[p]!;
    this.lvCount[lv] += 1;
    const k = inst * 2 + side;
    if (firstOfSide) {
      this.best[k] = tick;
      this.deep[k] = tick;
    } else if (side === BID) {
      if (tick > this.best[k]!) this.best[k] = tick;
      if (tick < this.deep[k]!) this.deep[k] = tick;
    } else {
      if (tick < this.best[k]!) this.best[k] = tick;
      if (tick > this.deep[k]!) this.deep[k] = tick;
    }
  }

  private unlink(p: number): void {
    const inst = this.inst[p]!;
    const tick = this.tick[p]!;
    const lv = this.level(inst, tick);
    const a = this.prev[p]!;
    const b = this.next[p]!;
    if (a === -1) this.lvHead[lv] = b;
    else this.next[a] = b;
    if (b === -1) this.lvTail[lv] = a;
    else this.prev[b] = a;
    this.lvSize[lv] -= this.size[p]!;
    const left = (this.lvCount[lv] -= 1);
    if (left === 0) this.levelEmptied(inst, this.side[p]!, tick);
  }

  /** Keeps best/deep current when the level at `tick` has just emptied. */
  private levelEmptied(inst: number, side: number, tick: number): void {
    const k = inst * 2 + side;
    const best = this.best[k]!;
    const deep = this.deep[k]!;
    if (best === deep) return; // the side's last level: its count is about to reach 0
    const step = side === BID ? -1 : 1;
    const base = inst * this.window;
    if (tick === best) {
      let t = best + step;
      while (this.lvCount[base + (t & this.mask)] === 0) t += step;
      this.best[k] = t;
    } else if (tick === deep) {
      let t = deep - step;
      while (this.lvCount[base + (t & this.mask)] === 0) t -= step;
      this.deep[k] = t;
    }
  }

  private growPool(): void {
    const cap = this.id.length;
    const grow = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap * 2);
      b.set(a);
      return b;
    };
    this.id = grow(this.id, (n) => new Float64Array(n));
    this.tick = grow(this.tick, (n) => new Int32Array(n));
    this.size = grow(this.size, (n) => new Int32Array(n));
    this.side = grow(this.side, (n) => new Uint8Array(n));
    this.inst = grow(this.inst, (n) => new Int32Array(n));
    this.prev = grow(this.prev, (n) => new Int32Array(n));
    this.next = grow(this.next, (n) => new Int32Array(n));
    this.livePos = grow(this.livePos, (n) => new Int32Array(n));
    this.freeList = new Int32Array(cap * 2);
    for (let p = 0; p < cap; p++) this.freeList[p] = cap * 2 - 1 - p;
    this.freeTop = cap;
  }
}
