/**
 * One side of a price-level book: level slots in typed arrays (key, total size, order count, FIFO head and
 * tail for L3), found by price through a dense window of ticks around the touch plus a sorted overflow list.
 *
 * Keys, not prices: a level's key is `dir × ticks` (dir = -1 for bids, +1 for asks), so on both sides a lower
 * key is a better price and every scan runs the same way.
 *
 * Layout (DESIGN.md §2, like hftbacktest's ROI vector depth, but unbounded): the window covers keys
 * [base, base + W) with one slot per tick and an occupancy bitmap (32 ticks per word, so finding the next
 * level skips empty ticks 32 at a time). Levels with keys >= base + W live in `outKey/outSlot`, sorted
 * ascending. Invariant: when the side is not empty its best level is inside the window, so every level is
 * either in the window or worse than all of them (no key is ever < base). A new best below the window, or
 * the best leaving when only overflow levels remain, re-centres the window: the best is put at W/4 (room to
 * improve by W/4 ticks, 3W/4 of depth behind it), window levels that fall off the end move to the head of
 * the overflow list and overflow levels that now fit move in. Far prices are therefore kept and ordered
 * exactly; they only cost O(overflow) per insert/remove instead of O(1).
 *
 * Limits: a re-centre costs O(W/32 + levels moved); `next` from an overflow level costs a binary search;
 * level *i* is reached by walking i levels from the touch. Slots are recycled through a free stack and the
 * arrays grow by doubling, so nothing is allocated per update in steady state.
 */

export class PriceLevels {
  key: Float64Array;
  size: Float64Array;
  count: Int32Array;
  head: Int32Array;
  tail: Int32Array;
  /** Slot of the best level, -1 when the side is empty. */
  best = -1;
  /** Number of levels on the side. */
  levels = 0;

  private freeSlots: Int32Array;
  private nFree = 0;
  private top = 0;
  private readonly width: number;
  private readonly win: Int32Array;
  private readonly bits: Int32Array;
  private readonly scratch: Int32Array;
  private base = 0;
  private outKey: Float64Array;
  private outSlot: Int32Array;
  private nOut = 0;

  /** `windowTicks` is rounded up to a power of two >= 64. */
  constructor(
    readonly dir: 1 | -1,
    windowTicks = 4096,
    capacity = 64,
  ) {
    let w = 64;
    while (w < windowTicks) w *= 2;
    this.width = w;
    this.win = new Int32Array(w).fill(-1);
    this.bits = new Int32Array(w >> 5);
    this.scratch = new Int32Array(w);
    this.key = new Float64Array(capacity);
    this.size = new Float64Array(capacity);
    this.count = new Int32Array(capacity);
    this.head = new Int32Array(capacity);
    this.tail = new Int32Array(capacity);
    this.freeSlots = new Int32Array(capacity);
    this.outKey = new Float64Array(16);
    this.outSlot = new Int32Array(16);
  }

  /** Slot of the level at `key`, or -1. */
  find(key: number): number {
    const i = key - this.base;
    if (i < 0) return -1;
    if (i < this.width) return this.win[i]!;
    const p = this.outIndex(key);
    return p < this.nOut && this.outKey[p] === key ? this.outSlot[p]! : -1;
  }

  /** Slot of the level at `key`, created empty (size 0, count 0, no orders) when absent. */
  findOrCreate(key: number): number {
    const s = this.find(key);
    return s >= 0 ? s : this.create(key);
  }

  /** Removes the level in `slot` (whatever its size) and frees the slot. */
  remove(slot: number): void {
    const k = this.key[slot]!;
    const i = k - this.base;
    if (i < this.width) {
      this.win[i] = -1;
      this.bits[i >> 5]! &= ~(1 << (i & 31));
    } else {
      const p = this.outIndex(k);
      this.outKey.copyWithin(p, p + 1, this.nOut);
      this.outSlot.copyWithin(p, p + 1, this.nOut);
      this.nOut--;
    }
    this.levels--;
    this.freeSlots[this.nFree++] = slot;
    if (slot !== this.best) return;
    const j = this.scan(i + 1);
    if (j >= 0) this.best = this.win[j]!;
    else if (this.nOut > 0) {
      this.best = this.outSlot[0]!;
      this.recentre(this.outKey[0]!);
    } else this.best = -1;
  }

  /** The next worse level after `slot`, or -1. */
  next(slot: number): number {
    const k = this.key[slot]!;
    const i = k - this.base;
    if (i < this.width) {
      const j = this.scan(i + 1);
      if (j >= 0) return this.win[j]!;
      return this.nOut > 0 ? this.outSlot[0]! : -1;
    }
    const p = this.outIndex(k) + 1;
    return p < this.nOut ? this.outSlot[p]! : -1;
  }

  /** Slot of the i-th level from the touch (0 = best), or -1. */
  at(i: number): number {
    let s = this.best;
    while (i > 0 && s >= 0) {
      s = this.next(s);
      i--;
    }
    return s;
  }

  /** Levels strictly better than `key`: the level index of `key` if it exists, else where it would go. */
  rank(key: number): number {
    let d = 0;
    for (let s = this.best; s >= 0 && this.key[s]! < key; s = this.next(s)) d++;
    return d;
  }

  /** Removes every level. */
  clear(): void {
    this.win.fill(-1);
    this.bits.fill(0);
    this.nOut = 0;
    this.nFree = 0;
    this.top = 0;
    this.levels = 0;
    this.best = -1;
  }

  private create(key: number): number {
    const slot = this.alloc();
    this.key[slot] = key;
    this.size[slot] = 0;
    this.count[slot] = 0;
    this.head[slot] = -1;
    this.tail[slot] = -1;
    if (this.levels === 0 || key < this.base) this.recentre(key);
    this.levels++;
    const i = key - this.base;
    if (i < this.width) {
      this.win[i] = slot;
      this.bits[i >> 5]! |= 1 << (i & 31);
      if (this.best < 0 || key < this.key[this.best]!) this.best = slot;
    } else this.insertOut(key, slot);
    return slot;
  }

  private alloc(): number {
    if (this.nFree > 0) return this.freeSlots[--this.nFree]!;
    if (this.top === this.key.length) this.grow();
    return this.top++;
  }

  private grow(): void {
    const n = this.key.length * 2;
    this.key = growF64(this.key, n);
    this.size = growF64(this.size, n);
    this.count = growI32(this.count, n);
    this.head = growI32(this.head, n);
    this.tail = growI32(this.tail, n);
    this.freeSlots = growI32(this.freeSlots, n);
  }

  /** First occupied window index >= i, or -1. */
  private scan(i: number): number {
    if (i >= this.width) return -1;
    let w = i >> 5;
    let m = this.bits[w]! & (-1 << (i & 31));
    while (m === 0) {
      if (++w === this.bits.length) return -1;
      m = this.bits[w]!;
    }
    return (w << 5) | (31 - Math.clz32(m & -m));
  }

  /** Index of the first overflow key >= key. */
  private outIndex(key: number): number {
    let lo = 0;
    let hi = this.nOut;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.outKey[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertOut(key: number, slot: number): void {
    this.reserveOut(this.nOut + 1);
    const p = this.outIndex(key);
    this.outKey.copyWithin(p + 1, p, this.nOut);
    this.outSlot.copyWithin(p + 1, p, this.nOut);
    this.outKey[p] = key;
    this.outSlot[p] = slot;
    this.nOut++;
  }

  private reserveOut(n: number): void {
    if (n <= this.outKey.length) return;
    const cap = Math.max(n, this.outKey.length * 2);
    this.outKey = growF64(this.outKey, cap);
    this.outSlot = growI32(this.outSlot, cap);
  }

  /** Moves the window so that `bestKey` (<= every key on the side) sits at W/4; see the module header. */
  private recentre(bestKey: number): void {
    const bits = this.bits;
    let n = 0;
    for (let w = 0; w < bits.length; w++) {
      let m = bits[w]!;
      while (m !== 0) {
        const i = (w << 5) | (31 - Math.clz32(m & -m));
        this.scratch[n++] = this.win[i]!;
        this.win[i] = -1;
        m &= m - 1;
      }
      bits[w] = 0;
    }
    this.base = bestKey - (this.width >> 2);
    const end = this.base + this.width;
    let j = 0;
    while (j < n && this.key[this.scratch[j]!]! < end) this.putWin(this.scratch[j++]!);
    let p = 0;
    while (p < this.nOut && this.outKey[p]! < end) this.putWin(this.outSlot[p++]!);
    const moved = n - j;
    const kept = this.nOut - p;
    this.reserveOut(moved + kept);
    this.outKey.copyWithin(moved, p, this.nOut);
    this.outSlot.copyWithin(moved, p, this.nOut);
    for (let q = 0; q < moved; q++) {
      const s = this.scratch[j + q]!;
      this.outSlot[q] = s;
      this.outKey[q] = this.key[s]!;
    }
    this.nOut = moved + kept;
  }

  private putWin(slot: number): void {
    const i = this.key[slot]! - this.base;
    this.win[i] = slot;
    this.bits[i >> 5]! |= 1 << (i & 31);
  }
}

export function growF64(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

export function growI32(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
