/**
 * Growable columns for the equity curve: one sample per distinct market-data timestamp.
 * Doubling growth keeps appends O(1) amortised without per-sample objects.
 */
import type { EquityCurve } from '../analytics/run-record.js';

export class EquityRecorder implements EquityCurve {
  length = 0;
  tsSec: Float64Array;
  tsNsec: Uint32Array;
  equityUnits: Float64Array;
  cashUnits: Float64Array;

  constructor(capacity: number) {
    const n = Math.max(16, capacity);
    this.tsSec = new Float64Array(n);
    this.tsNsec = new Uint32Array(n);
    this.equityUnits = new Float64Array(n);
    this.cashUnits = new Float64Array(n);
  }

  push(sec: number, nsec: number, equity: number, cash: number): void {
    if (this.length === this.tsSec.length) this.grow();
    const i = this.length++;
    this.tsSec[i] = sec;
    this.tsNsec[i] = nsec;
    this.equityUnits[i] = equity;
    this.cashUnits[i] = cash;
  }

  private grow(): void {
    const n = this.tsSec.length * 2;
    const a = new Float64Array(n);
    a.set(this.tsSec);
    this.tsSec = a;
    const b = new Uint32Array(n);
    b.set(this.tsNsec);
    this.tsNsec = b;
    const c = new Float64Array(n);
    c.set(this.equityUnits);
    this.equityUnits = c;
    const d = new Float64Array(n);
    d.set(this.cashUnits);
    this.cashUnits = d;
  }

  /** A trimmed, independent copy. */
  finish(): EquityCurve {
    const n = this.length;
    return {
      length: n,
      tsSec: this.tsSec.slice(0, n),
      tsNsec: this.tsNsec.slice(0, n),
      equityUnits: this.equityUnits.slice(0, n),
      cashUnits: this.cashUnits.slice(0, n),
    };
  }
}
