/**
 * The resting orders of an L3 book: one slot per order in typed arrays (64-bit id as hi/lo u32 halves, size,
 * side, level slot, FIFO prev/next, priority stamp), found by id through an open-addressing hash table.
 *
 * The index holds `slot + 1` (0 = empty) and compares keys in the order arrays, so it needs no key arrays of
 * its own. Linear probing with backward-shift deletion (no tombstones: probe chains stay as short after a
 * million cancels as after none); load factor <= 1/2, doubling by rehash. Order slots are recycled through
 * a free list threaded on `next`, so a steady-state book allocates nothing per event.
 *
 * Limits: ids are exact u64 (hi/lo); slots not in the index (top-of-book pseudo orders) are the caller's to
 * free with `freeSlot`.
 */
import { growF64, growI32 } from './price-levels.js';

export class OrderTable {
  idHi: Uint32Array;
  idLo: Uint32Array;
  size: Float64Array;
  /** 0 = bid, 1 = ask. */
  side: Uint8Array;
  level: Int32Array;
  prev: Int32Array;
  next: Int32Array;
  /** Queue stamp: lower = earlier in its level's FIFO (set on add and on every priority loss). */
  priority: Float64Array;
  /** Live orders in the index. */
  live = 0;

  private index: Int32Array;
  private mask: number;
  /** Index position of the last successful `find`, so that `remove` right after it skips the probe. */
  private foundAt = 0;
  private freeHead = -1;
  private top = 0;

  constructor(capacity = 1024) {
    let c = 16;
    while (c < capacity) c *= 2;
    this.idHi = new Uint32Array(c);
    this.idLo = new Uint32Array(c);
    this.size = new Float64Array(c);
    this.side = new Uint8Array(c);
    this.level = new Int32Array(c);
    this.prev = new Int32Array(c);
    this.next = new Int32Array(c);
    this.priority = new Float64Array(c);
    this.index = new Int32Array(c * 2);
    this.mask = c * 2 - 1;
  }

  /** Slot of the live order with this id, or -1. */
  find(hi: number, lo: number): number {
    const mask = this.mask;
    let i = hash(hi, lo) & mask;
    for (;;) {
      const e = this.index[i]!;
      if (e === 0) return -1;
      const s = e - 1;
      if (this.idLo[s] === lo && this.idHi[s] === hi) {
        this.foundAt = i;
        return s;
      }
      i = (i + 1) & mask;
    }
  }

  /** A fresh indexed slot for this id, or -(slot + 1) when the id is already live (one probe either way). */
  upsert(hi: number, lo: number): number {
    if ((this.live + 1) * 2 > this.index.length) this.rehash(this.index.length * 2);
    const mask = this.mask;
    let i = hash(hi, lo) & mask;
    for (;;) {
      const e = this.index[i]!;
      if (e === 0) break;
      if (this.idLo[e - 1] === lo && this.idHi[e - 1] === hi) return -e;
      i = (i + 1) & mask;
    }
    const s = this.allocSlot();
    this.idHi[s] = hi;
    this.idLo[s] = lo;
    this.index[i] = s + 1;
    this.live++;
    return s;
  }

  /** A slot outside the index (top-of-book pseudo orders). */
  allocSlot(): number {
    const f = this.freeHead;
    if (f >= 0) {
      this.freeHead = this.next[f]!;
      return f;
    }
    if (this.top === this.size.length) this.grow();
    return this.top++;
  }

  /** Removes a live order from the index and frees its slot. */
  remove(slot: number): void {
    const mask = this.mask;
    const idx = this.index;
    let i = this.foundAt;
    if (idx[i] !== slot + 1) {
      i = hash(this.idHi[slot]!, this.idLo[slot]!) & mask;
      while (idx[i] !== slot + 1) i = (i + 1) & mask;
    }
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const e = idx[j]!;
      if (e === 0) break;
      const home = hash(this.idHi[e - 1]!, this.idLo[e - 1]!) & mask;
      // The entry at j may fill the hole at i unless its home lies cyclically in (i, j].
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        idx[i] = e;
        i = j;
      }
    }
    idx[i] = 0;
    this.live--;
    this.freeSlot(slot);
  }

  freeSlot(slot: number): void {
    this.next[slot] = this.freeHead;
    this.freeHead = slot;
  }

  /** Forgets every order (O(index size)). */
  clear(): void {
    this.index.fill(0);
    this.live = 0;
    this.freeHead = -1;
    this.top = 0;
  }

  private grow(): void {
    const n = this.size.length * 2;
    const hi = new Uint32Array(n);
    hi.set(this.idHi);
    this.idHi = hi;
    const lo = new Uint32Array(n);
    lo.set(this.idLo);
    this.idLo = lo;
    const side = new Uint8Array(n);
    side.set(this.side);
    this.side = side;
    this.size = growF64(this.size, n);
    this.priority = growF64(this.priority, n);
    this.level = growI32(this.level, n);
    this.prev = growI32(this.prev, n);
    this.next = growI32(this.next, n);
  }

  private rehash(n: number): void {
    const old = this.index;
    const idx = new Int32Array(n);
    const mask = n - 1;
    for (let k = 0; k < old.length; k++) {
      const e = old[k]!;
      if (e === 0) continue;
      let i = hash(this.idHi[e - 1]!, this.idLo[e - 1]!) & mask;
      while (idx[i] !== 0) i = (i + 1) & mask;
      idx[i] = e;
    }
    this.index = idx;
    this.mask = mask;
  }
}

/** 32-bit mix of the two id halves (murmur3 finaliser over lo ^ scrambled hi). */
function hash(hi: number, lo: number): number {
  let h = lo ^ Math.imul(hi, 0x27d4eb2d);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}
