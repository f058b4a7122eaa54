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
 *
 * Lazy mode (one instrument with one in-memory bar stream, a sample per row): at sample i the instrument
 * is marked at close[i], so equity_i = cash_i + net_i × close[i] × unitsPerTickLot exactly — what the
 * portfolio's incremental market value holds. The loop then records only the change points of (cash,
 * net) — a few per trade — and finish() computes the curve in one tight pass, with the same 2^53 check.
 */
import type { EquityCurve } from '../analytics/run-record.js';
import { grown } from '../core/columns.js';

export interface TimestampColumns {
  tsSec: Float64Array;
  tsNsec: Uint32Array;
}

/** What lazy mode needs: the stream's close column (ticks) and cash units per tick-lot. */
export interface LazyEquity {
  close: Float64Array;
  unitsPerTickLot: number;
}

export class EquityRecorder {
  length = 0;
  private tsSec: Float64Array;
  private tsNsec: Uint32Array;
  private equity: Float64Array;
  // Change points: sample index, cash and (lazy mode) net lots from there on.
  private changeAt = new Int32Array(64);
  private cashValue = new Float64Array(64);
  private netValue = new Float64Array(64);
  private changes = 0;
  private lastCash = NaN;
  private lastNet = NaN;
  private lastBucket = NaN;

  /**
   * `shared`: the timestamps of the run's only stream (samples map 1:1 to its rows), else null.
   * `lazy`: lazy mode (needs `shared` and interval 0), else null.
   */
  constructor(
    capacity: number,
    private readonly shared: TimestampColumns | null,
    private readonly intervalSec = 0,
    private readonly lazy: LazyEquity | null = null,
  ) {
    if (!(intervalSec >= 0) || !Number.isInteger(intervalSec))
      throw new RangeError(
        `EquityRecorder: interval must be a whole number of seconds >= 0, got ${intervalSec}`,
      );
    if (shared !== null && intervalSec > 0)
      throw new RangeError('EquityRecorder: shared timestamps need one sample per row (interval 0)');
    if (lazy !== null && shared === null)
      throw new RangeError('EquityRecorder: lazy equity needs the stream its samples map to');
    const n = lazy ? 0 : Math.max(16, capacity);
    this.equity = new Float64Array(n);
    this.tsSec = shared ? new Float64Array(0) : new Float64Array(n);
    this.tsNsec = shared ? new Uint32Array(0) : new Uint32Array(n);
  }

  /** Lazy mode: the recorder computes equity itself (the loop calls `pushState`). */
  get isLazy(): boolean {
    return this.lazy !== null;
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
    if (cash !== this.lastCash) this.change(i, cash, 0);
    this.length = i + 1;
  }

  /** Lazy mode: the sample of the next row, given the account's cash and the instrument's net lots. */
  pushState(cash: number, net: number): void {
    const i = this.length;
    if (cash !== this.lastCash || net !== this.lastNet) this.change(i, cash, net);
    this.length = i + 1;
  }

  private change(i: number, cash: number, net: number): void {
    // Several changes within one sample (an interval bucket) keep only the last: change points never
    // outnumber samples.
    if (this.changes > 0 && this.changeAt[this.changes - 1] === i) this.changes--;
    if (this.changes === this.changeAt.length) {
      const n = this.changeAt.length * 2;
      this.changeAt = grown(this.changeAt, n);
      this.cashValue = grown(this.cashValue, n);
      this.netValue = grown(this.netValue, n);
    }
    this.changeAt[this.changes] = i;
    this.cashValue[this.changes] = cash;
    this.netValue[this.changes++] = net;
    this.lastCash = cash;
    this.lastNet = net;
  }

  private grow(): void {
    const n = this.equity.length * 2;
    this.equity = grown(this.equity, n);
    if (this.shared === null) {
      this.tsSec = grown(this.tsSec, n);
      this.tsNsec = grown(this.tsNsec, n);
    }
  }

  /** The finished curve: zero-copy views, cash expanded from its change points (equity too, lazily). */
  finish(): EquityCurve {
    const n = this.length;
    const cash = new Float64Array(n);
    const equity = this.lazy ? new Float64Array(n) : this.equity;
    for (let k = 0; k < this.changes; k++) {
      const from = this.changeAt[k]!;
      const end = k + 1 < this.changes ? this.changeAt[k + 1]! : n;
      const c = this.cashValue[k]!;
      cash.fill(c, from, end);
      if (this.lazy) fillEquity(equity, from, end, c, this.netValue[k]!, this.lazy);
    }
    const ts = this.shared ?? { tsSec: this.tsSec, tsNsec: this.tsNsec };
    return {
      length: n,
      tsSec: ts.tsSec.subarray(0, n),
      tsNsec: ts.tsNsec.subarray(0, n),
      equityUnits: equity.subarray(0, n),
      cashUnits: cash,
    };
  }
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** equity[i] = cash + net × close[i] × units per tick-lot for i in [from, end), each checked below 2^53. */
function fillEquity(
  equity: Float64Array,
  from: number,
  end: number,
  cash: number,
  net: number,
  lazy: LazyEquity,
): void {
  const close = lazy.close;
  const k = net * lazy.unitsPerTickLot;
  if (k === 0) {
    equity.fill(cash, from, end);
    return;
  }
  for (let i = from; i < end; i++) {
    // The same products and checks as Portfolio.mark and equityUnits, in the same order.
    const value = net * close[i]! * lazy.unitsPerTickLot;
    const e = cash + value;
    if (!(value <= MAX_SAFE && value >= -MAX_SAFE && e <= MAX_SAFE && e >= -MAX_SAFE))
      throw new RangeError(`equity = ${cash} + ${value} exceeds exact integer range (2^53)`);
    equity[i] = e;
  }
}
