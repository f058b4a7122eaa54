/**
 * Closed round trips as growable typed-array columns (see exec/fill-log.ts for why not objects).
 * `at(i)` and iteration materialise RoundTrip objects on demand.
 */
import type { RoundTrip } from './round-trip.js';
import { grown, type NumericArray } from '../core/columns.js';

export interface TradeList extends Iterable<RoundTrip> {
  readonly length: number;
  at(i: number): RoundTrip | undefined;
}

/** Each RoundTrip field's column type: the narrowest that holds every value exactly (73 bytes a trade). */
const FIELD_TYPES = {
  strategyIndex: Int32Array,
  instrumentId: Int32Array,
  side: Int8Array,
  lots: Float64Array,
  entrySec: Float64Array,
  entryNsec: Uint32Array,
  exitSec: Float64Array,
  exitNsec: Uint32Array,
  entryNotionalTicks: Float64Array,
  exitNotionalTicks: Float64Array,
  pnlUnits: Float64Array,
  feeUnits: Float64Array,
} as const;
type Field = keyof typeof FIELD_TYPES;
const FIELDS = Object.keys(FIELD_TYPES) as Field[];

export class TradeLog implements TradeList {
  length = 0;
  /** One typed array per RoundTrip field (FIELD_TYPES). */
  readonly cols: { [F in Field]: InstanceType<(typeof FIELD_TYPES)[F]> };

  /**
   * `capacity`: rows reserved up front. Reserving is cheap (untouched pages cost nothing) while growing
   * is not: each doubling copies every column into fresh memory, whose first touch dominates.
   */
  constructor(capacity = 128) {
    const n = Math.max(16, capacity);
    this.cols = Object.fromEntries(FIELDS.map((f) => [f, new FIELD_TYPES[f](n)])) as TradeLog['cols'];
  }

  /** A log of the given round trips, in order. */
  static from(trips: Iterable<RoundTrip> & { length?: number }): TradeLog {
    const log = new TradeLog(trips.length);
    for (const t of trips)
      log.push(
        t.strategyIndex,
        t.instrumentId,
        t.side,
        t.lots,
        t.entrySec,
        t.entryNsec,
        t.exitSec,
        t.exitNsec,
        t.entryNotionalTicks,
        t.exitNotionalTicks,
        t.pnlUnits,
        t.feeUnits,
      );
    return log;
  }

  push(
    strategyIndex: number,
    instrumentId: number,
    side: 1 | -1,
    lots: number,
    entrySec: number,
    entryNsec: number,
    exitSec: number,
    exitNsec: number,
    entryNotionalTicks: number,
    exitNotionalTicks: number,
    pnlUnits: number,
    feeUnits: number,
  ): void {
    const i = this.length;
    const c = this.cols;
    if (i === c.lots.length) this.grow();
    c.strategyIndex[i] = strategyIndex;
    c.instrumentId[i] = instrumentId;
    c.side[i] = side;
    c.lots[i] = lots;
    c.entrySec[i] = entrySec;
    c.entryNsec[i] = entryNsec;
    c.exitSec[i] = exitSec;
    c.exitNsec[i] = exitNsec;
    c.entryNotionalTicks[i] = entryNotionalTicks;
    c.exitNotionalTicks[i] = exitNotionalTicks;
    c.pnlUnits[i] = pnlUnits;
    c.feeUnits[i] = feeUnits;
    this.length = i + 1;
  }

  at(i: number): RoundTrip | undefined {
    if (i < 0) i += this.length;
    if (!(i >= 0 && i < this.length)) return undefined;
    const c = this.cols;
    return {
      strategyIndex: c.strategyIndex[i]!,
      instrumentId: c.instrumentId[i]!,
      side: c.side[i]! > 0 ? 1 : -1,
      lots: c.lots[i]!,
      entrySec: c.entrySec[i]!,
      entryNsec: c.entryNsec[i]!,
      exitSec: c.exitSec[i]!,
      exitNsec: c.exitNsec[i]!,
      entryNotionalTicks: c.entryNotionalTicks[i]!,
      exitNotionalTicks: c.exitNotionalTicks[i]!,
      pnlUnits: c.pnlUnits[i]!,
      feeUnits: c.feeUnits[i]!,
    };
  }

  *[Symbol.iterator](): Iterator<RoundTrip> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }

  private grow(): void {
    const c = this.cols as Record<Field, NumericArray>;
    for (const f of FIELDS) c[f] = grown(c[f], c[f].length * 2);
  }
}
