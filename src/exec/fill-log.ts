/**
 * The run's fills as growable typed-array columns. Keeping a million fills as objects costs the garbage
 * collector dearly (every retained object is copied on promotion and traced on every full collection);
 * columns cost nothing to keep. `at(i)` and iteration materialise FillRecord objects on demand, for
 * outputs and tests.
 */
import type { FillRecord, Liquidity } from './fill.js';
import { grown } from '../core/columns.js';

/** What readers of fills need: arrays of FillRecord satisfy it too. */
export interface FillList extends Iterable<FillRecord> {
  readonly length: number;
  at(i: number): FillRecord | undefined;
}

export class FillLog implements FillList {
  length = 0;
  tsSec: Float64Array;
  tsNsec: Uint32Array;
  strategyIndex: Int32Array;
  instrumentId: Int32Array;
  orderId: Float64Array;
  side: Int8Array;
  lots: Float64Array;
  priceTicks: Float64Array;
  feeUnits: Float64Array;
  /** 0 = maker, 1 = taker. */
  taker: Uint8Array;

  /**
   * `capacity`: rows reserved up front. Reserving is cheap (untouched pages cost nothing) while growing
   * is not: each doubling copies every column into fresh memory, whose first touch dominates.
   */
  constructor(capacity = 256) {
    const n = Math.max(16, capacity);
    this.tsSec = new Float64Array(n);
    this.tsNsec = new Uint32Array(n);
    this.strategyIndex = new Int32Array(n);
    this.instrumentId = new Int32Array(n);
    this.orderId = new Float64Array(n);
    this.side = new Int8Array(n);
    this.lots = new Float64Array(n);
    this.priceTicks = new Float64Array(n);
    this.feeUnits = new Float64Array(n);
    this.taker = new Uint8Array(n);
  }

  push(f: FillRecord): void {
    const i = this.length;
    if (i === this.tsSec.length) this.grow();
    this.tsSec[i] = f.tsSec;
    this.tsNsec[i] = f.tsNsec;
    this.strategyIndex[i] = f.strategyIndex;
    this.instrumentId[i] = f.instrumentId;
    this.orderId[i] = f.orderId;
    this.side[i] = f.side;
    this.lots[i] = f.lots;
    this.priceTicks[i] = f.priceTicks;
    this.feeUnits[i] = f.feeUnits;
    this.taker[i] = f.liquidity === 'taker' ? 1 : 0;
    this.length = i + 1;
  }

  at(i: number): FillRecord | undefined {
    if (i < 0) i += this.length;
    if (!(i >= 0 && i < this.length)) return undefined;
    return {
      tsSec: this.tsSec[i]!,
      tsNsec: this.tsNsec[i]!,
      strategyIndex: this.strategyIndex[i]!,
      instrumentId: this.instrumentId[i]!,
      orderId: this.orderId[i]!,
      side: this.side[i]! > 0 ? 1 : -1,
      lots: this.lots[i]!,
      priceTicks: this.priceTicks[i]!,
      feeUnits: this.feeUnits[i]!,
      liquidity: (this.taker[i] ? 'taker' : 'maker') as Liquidity,
    };
  }

  *[Symbol.iterator](): Iterator<FillRecord> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }

  private grow(): void {
    const n = this.tsSec.length * 2;
    this.tsSec = grown(this.tsSec, n);
    this.tsNsec = grown(this.tsNsec, n);
    this.strategyIndex = grown(this.strategyIndex, n);
    this.instrumentId = grown(this.instrumentId, n);
    this.orderId = grown(this.orderId, n);
    this.side = grown(this.side, n);
    this.lots = grown(this.lots, n);
    this.priceTicks = grown(this.priceTicks, n);
    this.feeUnits = grown(this.feeUnits, n);
    this.taker = grown(this.taker, n);
  }
}
