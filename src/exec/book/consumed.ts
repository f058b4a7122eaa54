/**
 * Liquidity our taker fills took from the replayed book (DESIGN.md §3 "No free liquidity"): the feed does
 * not know we traded, so what we took stays displayed; it must not be offered to us again until the feed
 * replaces it.
 *
 * An entry remembers what we took from one thing — a price level (L2/L1) or one resting market order (L3)
 * — and that thing's displayed size right after our fill. While the displayed size is still that, our
 * take stands (available = displayed − taken); as soon as the feed changes it (a cancel, a trade, a
 * modify, an add to the level), the feed has replaced that liquidity and the entry is forgotten.
 * L3 entries also remember the order id, so a recycled order slot is never mistaken for the order we hit.
 *
 * Limits: entries are few (our own recent takes) and found by linear scan; forgotten entries are dropped
 * when next looked at or when the list is compacted.
 */

export class ConsumedLiquidity {
  /** Thing key: L2 = side (0/1) × 2^40 + ticks offset; L3 = order slot. */
  private key: number[] = [];
  /** L3: order id halves; L2: unused (0). */
  private hi: number[] = [];
  private lo: number[] = [];
  private taken: number[] = [];
  private seen: number[] = [];

  get size(): number {
    return this.key.length;
  }

  /** Lots still taken from thing (key, id) whose displayed size is now `displayed` (0 if forgotten). */
  takenFrom(key: number, hi: number, lo: number, displayed: number): number {
    for (let i = 0; i < this.key.length; i++) {
      if (this.key[i] !== key) continue;
      if (this.hi[i] === hi && this.lo[i] === lo && this.seen[i] === displayed) return this.taken[i]!;
      this.drop(i);
      return 0;
    }
    return 0;
  }

  /** Records `lots` more taken from thing (key, id), displayed at `displayed`. */
  take(key: number, hi: number, lo: number, displayed: number, lots: number): void {
    for (let i = 0; i < this.key.length; i++) {
      if (this.key[i] !== key) continue;
      if (this.hi[i] === hi && this.lo[i] === lo && this.seen[i] === displayed) this.taken[i]! += lots;
      else {
        this.hi[i] = hi;
        this.lo[i] = lo;
        this.seen[i] = displayed;
        this.taken[i] = lots;
      }
      return;
    }
    this.key.push(key);
    this.hi.push(hi);
    this.lo.push(lo);
    this.seen.push(displayed);
    this.taken.push(lots);
  }

  clear(): void {
    this.key.length = this.hi.length = this.lo.length = this.taken.length = this.seen.length = 0;
  }

  private drop(i: number): void {
    const last = this.key.length - 1;
    this.key[i] = this.key[last]!;
    this.hi[i] = this.hi[last]!;
    this.lo[i] = this.lo[last]!;
    this.taken[i] = this.taken[last]!;
    this.seen[i] = this.seen[last]!;
    this.key.pop();
    this.hi.pop();
    this.lo.pop();
    this.taken.pop();
    this.seen.pop();
  }
}

/** The L2 key of a level: side index (0 bid, 1 ask) and price in ticks (|ticks| < 2^39). */
export function levelKey(sideIndex: number, ticks: number): number {
  return sideIndex * 2 ** 40 + ticks + 2 ** 39;
}
