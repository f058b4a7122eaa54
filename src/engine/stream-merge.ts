/**
 * Time-ordered merge of already-sorted columnar streams (DESIGN.md §2): the next event is the stream
 * head with the smallest (sec, nsec, priority, stream index). Ties therefore resolve the same way on
 * every run. A binary heap of stream indices holds the heads: O(log K) per event for K streams, no
 * allocation per event. Each stream's head key is mirrored in flat typed arrays, so a heap comparison
 * touches two array slots instead of chasing stream objects.
 *
 * Chunked streams (`more`): reaching the end of a stream's current rows does not end it; the merge
 * stalls (`stalled` = that stream) until the owner has pointed the stream at its next chunk and called
 * `resume()`. The stalled stream is the head, so nothing after it can be emitted before its next key is
 * known: the order is the same as if all rows had been in memory.
 *
 * Invariant: within a stream, rows are in non-decreasing time (readers validate strictly increasing).
 */
export interface MergeStream {
  length: number;
  tsSec: Float64Array;
  tsNsec: Uint32Array;
  /** Lower value goes first among events with the same timestamp. */
  priority: number;
  /** More rows will come after `length` (a chunked stream); false once the last chunk is in. */
  more: boolean;
}

export class StreamMerge {
  private readonly heap: Int32Array;
  private size = 0;
  /** Next row to emit per stream. */
  readonly cursor: Int32Array;
  private readonly keySec: Float64Array;
  private readonly keyNsec: Float64Array;
  private readonly keyPrio: Float64Array;
  /** Timestamp of the next event (valid while !done), cached at every advance. */
  headSec = 0;
  headNsec = 0;
  /** The chunked stream whose rows ran out (it is the head); -1 while the merge can go on. */
  stalled = -1;

  constructor(private readonly streams: readonly MergeStream[]) {
    const k = streams.length;
    this.heap = new Int32Array(k);
    this.cursor = new Int32Array(k);
    this.keySec = new Float64Array(k);
    this.keyNsec = new Float64Array(k);
    this.keyPrio = new Float64Array(k);
    for (let s = 0; s < k; s++) {
      const st = streams[s]!;
      this.keyPrio[s] = st.priority;
      if (st.length > 0) {
        this.keySec[s] = st.tsSec[0]!;
        this.keyNsec[s] = st.tsNsec[0]!;
        this.insert(s);
      } else if (st.more) throw new RangeError(`StreamMerge: chunked stream ${s} starts with an empty chunk`);
    }
    this.cacheHead();
  }

  get done(): boolean {
    return this.size === 0;
  }

  /** Stream of the next event (valid while !done). */
  get head(): number {
    return this.heap[0]!;
  }

  private cacheHead(): void {
    if (this.size === 0) return;
    const s = this.heap[0]!;
    this.headSec = this.keySec[s]!;
    this.headNsec = this.keyNsec[s]!;
  }

  /** Consumes the head event: returns its row and advances that stream. */
  advance(): number {
    const s = this.heap[0]!;
    const row = this.cursor[s]!;
    const st = this.streams[s]!;
    const next = row + 1;
    this.cursor[s] = next;
    if (next < st.length) {
      const sec = st.tsSec[next]!;
      const nsec = st.tsNsec[next]!;
      // One stream left: it stays the head, and its key is never compared (resume() sets it anew).
      if (this.size === 1) {
        this.headSec = sec;
        this.headNsec = nsec;
      } else this.rekey(s, sec, nsec);
    } else this.ended(s, st.more);
    return row;
  }

  // advance() is inlined into the engine loop: its less common paths are calls, so that V8's inlining
  // budget there (one for all of the loop's per-event callees; strategy hooks are never inlined there,
  // engine.ts) holds every hot callee.

  /** Stream `s` has its next row at (sec, nsec): sift it down and refresh the head. */
  private rekey(s: number, sec: number, nsec: number): void {
    this.keySec[s] = sec;
    this.keyNsec[s] = nsec;
    this.siftDown(0, s);
    this.cacheHead();
  }

  /** Stream `s` ran out of rows: stall it when more may come, else drop it from the heap. */
  private ended(s: number, more: boolean): void {
    if (more) {
      this.stalled = s;
      return;
    }
    const last = this.heap[--this.size]!;
    if (this.size > 0) this.siftDown(0, last);
    this.cacheHead();
  }

  /**
   * Continues after a stall, once the stalled stream's `tsSec`/`tsNsec`/`length`/`more` describe its next
   * chunk (rows from 0; the caller checked they come after the previous chunk) or its end (length 0).
   */
  resume(): void {
    const s = this.stalled;
    if (s < 0) return;
    this.stalled = -1;
    const st = this.streams[s]!;
    this.cursor[s] = 0;
    if (st.length > 0) {
      this.keySec[s] = st.tsSec[0]!;
      this.keyNsec[s] = st.tsNsec[0]!;
      this.siftDown(0, s);
    } else {
      if (st.more) throw new RangeError(`StreamMerge: stream ${s} resumed with an empty chunk`);
      const last = this.heap[--this.size]!;
      if (this.size > 0) this.siftDown(0, last);
    }
    this.cacheHead();
  }

  /** Is the head of stream a before the head of stream b? */
  private before(a: number, b: number): boolean {
    const ta = this.keySec[a]!;
    const tb = this.keySec[b]!;
    if (ta !== tb) return ta < tb;
    const na = this.keyNsec[a]!;
    const nb = this.keyNsec[b]!;
    if (na !== nb) return na < nb;
    const pa = this.keyPrio[a]!;
    const pb = this.keyPrio[b]!;
    if (pa !== pb) return pa < pb;
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
