/**
 * A binary min-heap of engine-scheduled events (order arrivals after latency, reports coming back,
 * timers, expiries), ordered by (sec, nsec, seq). `seq` is the scheduling order, so events due at the
 * same nanosecond come out in the order they were scheduled — deterministic ties (DESIGN.md §2).
 *
 * Market data never goes through this heap. Keys live in parallel typed arrays; payloads in a plain array.
 */
import { grown } from '../core/columns.js';

export class EventHeap<T> {
  private sec = new Float64Array(64);
  private nsec = new Uint32Array(64);
  private seq = new Float64Array(64);
  private items: (T | undefined)[] = new Array(64);
  private nextSeq = 0;
  size = 0;

  push(sec: number, nsec: number, item: T): void {
    if (this.size === this.sec.length) this.grow();
    let i = this.size++;
    const seq = this.nextSeq++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(sec, nsec, seq, p)) break;
      this.move(p, i);
      i = p;
    }
    this.sec[i] = sec;
    this.nsec[i] = nsec;
    this.seq[i] = seq;
    this.items[i] = item;
  }

  get topSec(): number {
    return this.sec[0]!;
  }

  get topNsec(): number {
    return this.nsec[0]!;
  }

  /** True if the earliest event is due at or before (sec, nsec). */
  dueBy(sec: number, nsec: number): boolean {
    if (this.size === 0) return false;
    const s = this.sec[0]!;
    return s < sec || (s === sec && this.nsec[0]! <= nsec);
  }

  pop(): T {
    const top = this.items[0] as T;
    const last = --this.size;
    const s = this.sec[last]!;
    const n = this.nsec[last]!;
    const q = this.seq[last]!;
    const item = this.items[last];
    this.items[last] = undefined;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      const c = r < last && this.lessAt(r, l) ? r : l;
      if (!this.keyLess(c, s, n, q)) break;
      this.move(c, i);
      i = c;
    }
    if (last > 0) {
      this.sec[i] = s;
      this.nsec[i] = n;
      this.seq[i] = q;
      this.items[i] = item;
    }
    return top;
  }

  /** Is the element at c less than key (s, n, q)? */
  private keyLess(c: number, s: number, n: number, q: number): boolean {
    const cs = this.sec[c]!;
    if (cs !== s) return cs < s;
    const cn = this.nsec[c]!;
    if (cn !== n) return cn < n;
    return this.seq[c]! < q;
  }

  /** Is key (s, n, q) less than the element at i? */
  private less(s: number, n: number, q: number, i: number): boolean {
    const is = this.sec[i]!;
    if (s !== is) return s < is;
    const ins = this.nsec[i]!;
    if (n !== ins) return n < ins;
    return q < this.seq[i]!;
  }

  private lessAt(a: number, b: number): boolean {
    return this.less(this.sec[a]!, this.nsec[a]!, this.seq[a]!, b);
  }

  private move(from: number, to: number): void {
    this.sec[to] = this.sec[from]!;
    this.nsec[to] = this.nsec[from]!;
    this.seq[to] = this.seq[from]!;
    this.items[to] = this.items[from];
  }

  private grow(): void {
    const n = this.sec.length * 2;
    this.sec = grown(this.sec, n);
    this.nsec = grown(this.nsec, n);
    this.seq = grown(this.seq, n);
    this.items.length = n;
  }
}
