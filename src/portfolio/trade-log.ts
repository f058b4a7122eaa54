/**
 * Closed round trips as growable typed-array columns (see exec/fill-log.ts for why not objects).
 * `at(i)` and iteration materialise RoundTrip objects on demand.
 */
import type { RoundTrip } from './round-trip.js';
import { grown } from '../core/columns.js';

export interface TradeList extends Iterable<RoundTrip> {
  readonly length: number;
  at(i: number): RoundTrip | undefined;
}

const FIELDS = [
  'strategyIndex',
  'instrumentId',
  'side',
  'lots',
  'entrySec',
  'entryNsec',
  'exitSec',
  'exitNsec',
  'entryNotionalTicks',
  'exitNotionalTicks',
  'pnlUnits',
  'feeUnits',
] as const;

export class TradeLog implements TradeList {
  length = 0;
  /** One Float64Array per RoundTrip field (all values are integers that fit a double exactly). */
  readonly cols: Record<(typeof FIELDS)[number], Float64Array>;

  /**
   * `capacity`: rows reserved up front. Reserving is cheap (untouched pages cost nothing) while growing
   * is not: each doubling copies every column into fresh memory, whose first touch dominates.
   */
  constructor(capacity = 128) {
    const n = Math.max(16, capacity);
    this.cols = Object.fromEntries(FIELDS.map((f) => [f, new Float64Array(n)])) as TradeLog['cols'];
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
    for (const f of FIELDS) this.cols[f] = grown(this.cols[f], this.cols[f].length * 2);
  }
}
