/**
 * What the book venue adds to each of its fills (DESIGN.md §4: fills.csv "more columns may follow"):
 * the entry latency the order saw (strategy send → venue arrival), its queue wait (venue arrival → this
 * fill; 0 for taker fills) and the mid of the venue's book when the order arrived (for implementation
 * shortfall). Kept beside the fill log as columns, one row per book-venue fill, naming its fill's index.
 * Invariants: `fillIndex` increases; a fill of the bar venue has no row.
 */
import { grown } from '../core/columns.js';

export class BookFillLog {
  length = 0;
  fillIndex = new Int32Array(64);
  latencyNs = new Float64Array(64);
  queueWaitNs = new Float64Array(64);
  /** Twice the arrival mid in ticks (an integer: bid + ask); NaN when a side was empty. */
  arrivalMid2 = new Float64Array(64);

  push(fillIndex: number, latencyNs: number, queueWaitNs: number, arrivalMid2: number): void {
    const i = this.length;
    if (i === this.fillIndex.length) {
      const n = i * 2;
      this.fillIndex = grown(this.fillIndex, n);
      this.latencyNs = grown(this.latencyNs, n);
      this.queueWaitNs = grown(this.queueWaitNs, n);
      this.arrivalMid2 = grown(this.arrivalMid2, n);
    }
    this.fillIndex[i] = fillIndex;
    this.latencyNs[i] = latencyNs;
    this.queueWaitNs[i] = queueWaitNs;
    this.arrivalMid2[i] = arrivalMid2;
    this.length = i + 1;
  }
}
