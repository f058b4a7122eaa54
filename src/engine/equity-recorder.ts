/**
 * The equity curve as it is recorded: one sample per distinct market-data timestamp.
 *
 * Memory is the cost that matters here (first touch of fresh pages dominates at millions of samples), so
 * a sample stores only what it must: equity always; cash only when it changed (a step series, expanded
 * once in finish()); timestamps only when the run has several streams — with a single stream, sample i
 * is row i of that stream, whose timestamp columns are reused as zero-copy views.
 * With a sampling interval of N seconds, a sample replaces the previous one while both fall in the same
 * N-second bucket of UTC time (floor(sec / N)), so each bucket keeps its last sample: memory grows with
 * the run's span, not its event count.
 */
import type { EquityCurve } from '../analytics/run-record.js';
import { grown } from '../core/columns.js';

export interface TimestampColumns {
  tsSec: Float64Array;
  tsNsec: Uint32Array;
}

export class EquityRecorder {
  length = 0;
  private tsSec: Float64Array;
  private tsNsec: Uint32Array;
  private equity: Float64Array;
  private cashAt = new Int32Array(64);
  private cashValue = new Float64Array(64);
  private cashChanges = 0;
  private lastCash = NaN;

  private lastBucket = NaN;

  /** `shared`: the timestamps of the run's only stream (samples map 1:1 to its rows), else null. */
  constructor(
    capacity: number,
    private readonly shared: TimestampColumns | null,
    private readonly intervalSec = 0,
  ) {
    if (!(intervalSec >= 0) || !Number.isInteger(intervalSec))
      throw new RangeError(
        `EquityRecorder: interval must be a whole number of seconds >= 0, got ${intervalSec}`,
      );
    if (shared !== null && intervalSec > 0)
      throw new RangeError('EquityRecorder: shared timestamps need one sample per row (interval 0)');
    const n = Math.max(16, capacity);
    this.equity = new Float64Array(n);
    this.tsSec = shared ? new Float64Array(0) : new Float64Array(n);
    this.tsNsec = shared ? new Uint32Array(0) : new Uint32Array(n);
  }

  push(sec: number, nsec: number, equity: number, cash: number): void {
    let i = this.length;
    if (this.intervalSec > 0) {
      const bucket = Math.floor(sec / this.intervalSec);
      if (bucket === this.lastBucket) i--;
      this.lastBucket = bucket;
    }
    if (i === this.equity.length) this.grow();
    this.equity[i] = equity;
    if (this.shared === null) {
      this.tsSec[i] = sec;
      this.tsNsec[i] = nsec;
    }
    if (cash !== this.lastCash) {
      if (this.cashChanges === this.cashAt.length) this.growCash();
      this.cashAt[this.cashChanges] = i;
      this.cashValue[this.cashChanges++] = cash;
      this.lastCash = cash;
    }
    this.length = i + 1;
  }

  private grow(): void {
    const n = this.equity.length * 2;
    this.equity = grown(this.equity, n);
    if (this.shared === null) {
      this.tsSec = grown(this.tsSec, n);
      this.tsNsec = grown(this.tsNsec, n);
    }
  }

  private growCash(): void {
    const n = this.cashAt.length * 2;
    this.cashAt = grown(this.cashAt, n);
    this.cashValue = grown(this.cashValue, n);
  }

  /** The finished curve: zero-copy views, cash expanded from its change points. */
  finish(): EquityCurve {
    const n = this.length;
    const cash = new Float64Array(n);
    for (let k = 0; k < this.cashChanges; k++) {
      const end = k + 1 < this.cashChanges ? this.cashAt[k + 1]! : n;
      cash.fill(this.cashValue[k]!, this.cashAt[k]!, end);
    }
    const ts = this.shared ?? { tsSec: this.tsSec, tsNsec: this.tsNsec };
    return {
      length: n,
      tsSec: ts.tsSec.subarray(0, n),
      tsNsec: ts.tsNsec.subarray(0, n),
      equityUnits: this.equity.subarray(0, n),
      cashUnits: cash,
    };
  }
}
