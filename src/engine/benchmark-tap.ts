/**
 * The buy-and-hold benchmark of a streamed symbol (backtest.ts): the run's chunks are gone by the time
 * metrics are computed, so this tap keeps, as they pass, only the bars the benchmark can use.
 *
 * Why that is exact: the equity recorder keeps one sample per N-second bucket of UTC time (floor(sec / N);
 * N = 0: one per market-data timestamp), at the last market-data timestamp of the bucket, and the
 * benchmark takes the last close at or before each sample (analytics/benchmark.ts). Every bar of the
 * symbol in a bucket is at or before that bucket's sample, so the last bar of each bucket (and, for the
 * buckets without one, the last bar before) gives the same values as the whole column.
 * Memory: 20 bytes per bucket holding a bar (N = 0: per bar, as the equity curve itself); the pass over
 * each chunk runs when the engine refills, not per event.
 */
import { grown } from '../core/columns.js';
import type { BarTable } from '../data/bars.js';
import { tapChunks, type BarChunkSource } from '../data/stream/bar-stream.js';

export class BenchmarkTap {
  private tsSec = new Float64Array(1024);
  private tsNsec = new Uint32Array(1024);
  private close = new Float64Array(1024);
  private length = 0;
  private lastBucket = NaN;

  /** `intervalSec`: the equity sampling interval in whole seconds (0: a sample per timestamp). */
  constructor(
    private readonly source: BarChunkSource,
    private readonly intervalSec: number,
  ) {}

  /**
   * Keeps the last bar of each bucket in `t` (replacing the kept bar of a bucket `t` continues). Rows of
   * one bucket are skipped to its last with one division each, the same floor(sec / N) as the recorder's;
   * only a bucket's last row is written.
   */
  add(t: BarTable): void {
    const every = this.intervalSec;
    const n = t.length;
    if (every <= 0) {
      for (let i = 0; i < n; i++) this.push(t.tsSec[i]!, t.tsNsec[i]!, t.close[i]!);
      return;
    }
    for (let i = 0; i < n; i++) {
      const bucket = Math.floor(t.tsSec[i]! / every);
      while (i + 1 < n && Math.floor(t.tsSec[i + 1]! / every) === bucket) i++;
      if (bucket === this.lastBucket) this.length--;
      this.lastBucket = bucket;
      this.push(t.tsSec[i]!, t.tsNsec[i]!, t.close[i]!);
    }
  }

  private push(sec: number, nsec: number, close: number): void {
    const k = this.length;
    if (k === this.tsSec.length) {
      this.tsSec = grown(this.tsSec, 2 * k);
      this.tsNsec = grown(this.tsNsec, 2 * k);
      this.close = grown(this.close, 2 * k);
    }
    this.tsSec[k] = sec;
    this.tsNsec[k] = nsec;
    this.close[k] = close;
    this.length = k + 1;
  }

  /** The source with every chunk it hands out added here first. */
  wrap(): BarChunkSource {
    return tapChunks(this.source, (t) => this.add(t));
  }

  /** The kept bars as a table of timestamps and closes (open/high/low/volume empty: unused). */
  table(): BarTable {
    const n = this.length;
    const none = new Float64Array(0);
    return {
      symbol: this.source.symbol,
      tick: this.source.tick,
      length: n,
      tsSec: this.tsSec.subarray(0, n),
      tsNsec: this.tsNsec.subarray(0, n),
      open: none,
      high: none,
      low: none,
      close: this.close.subarray(0, n),
      volume: none,
    };
  }
}
