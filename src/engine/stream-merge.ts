/**
 * Time-ordered merge of already-sorted columnar streams (DESIGN.md §2): the next event is the stream
 * head with the smallest (sec, nsec, priority, stream index). Ties therefore resolve the same way on
 * every run. A binary heap of stream indices holds the heads: O(log K) per event for K streams, no
 * allocation per event. With one stream the heap is trivial.
 *
 * Invariant: within a stream, rows are in non-decreasing time (readers validate strictly increasing).
 */
export interface MergeStream {
  length: number;
  tsSec: Float64Array;
  tsNsec: Uint32Array;
  /** Lower value goes first among events with the same timestamp. */
  priority: number;
}

export class StreamMerge {
  private readonly heap: Int32Array;
  private size = 0;
  /** Next row to emit per stream. */
  readonly cursor: Int32Array;

  constructor(private readonly streams: readonly MergeStream[]) {
    this.heap = new Int32Array(streams.length);
    this.cursor = new Int32Array(streams.length);
    for (let s = 0; s < streams.length; s++) if (streams[s]!.length > 0) this.insert(s);
    this.cacheHead();
  }

  get done(): boolean {
    return this.size === 0;
  }

  /** Stream of the next event (valid while !done). */
  get head(): number {
    return this.heap[0]!;
  }

  /** Timestamp of the next event (valid while !done), cached at every advance. */
  headSec = 0;
  headNsec = 0;

  private cacheHead(): void {
    if (this.size === 0) return;
    const s = this.heap[0]!;
    const st = this.streams[s]!;
    const row = this.cursor[s]!;
    this.headSec = st.tsSec[row]!;
    this.headNsec = st.tsNsec[row]!;
  }

  /** Consumes the head event: returns its row and advances that stream. */
  advance(): number {
    const s = this.heap[0]!;
    const row = this.cursor[s]!;
    const st = this.streams[s]!;
    this.cursor[s] = row + 1;
    if (row + 1 < st.length) {
      // Common case: the same stream stays at the head (one stream, or its next row is still earliest).
      if (this.size === 1) {
        this.headSec = st.tsSec[row + 1]!;
        this.headNsec = st.tsNsec[row + 1]!;
        return row;
      }
      this.siftDown(0, s);
    } else {
      const last = this.heap[--this.size]!;
      if (this.size > 0) this.siftDown(0, last);
    }
    this.cacheHead();
    return row;
  }

  /** Is the head of stream a before the head of stream b? */
  private before(a: number, b: number): boolean {
    const sa = this.streams[a]!;
    const sb = this.streams[b]!;
    const ra = this.cursor[a]!;
    const rb = this.cursor[b]!;
    const ta = sa.tsSec[ra]!;
    const tb = sb.tsSec[rb]!;
    if (ta !== tb) return ta < tb;
    const na = sa.tsNsec[ra]!;
    const nb = sb.tsNsec[rb]!;
    if (na !== nb) return na < nb;
    if (sa.priority !== sb.priority) return sa.priority < sb.priority;
    return a < b;
  }

  private insert(s: number): void {
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(s, this.heap[p]!)) break;
      this.heap[i] = this.heap[p]!;
      i = p;
    }
    this.heap[i] = s;
  }

  private siftDown(i: number, s: number): void {
    const heap = this.heap;
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.before(heap[r]!, heap[l]!) ? r : l;
      if (!this.before(heap[c]!, s)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = s;
  }
}
