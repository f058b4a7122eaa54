/**
 * Reusable views that strategy callbacks receive: one object per engine, re-pointed at the current row
 * before each call (DESIGN.md §2 — no per-event allocation). Do not keep a view past the callback; copy
 * the numbers you need. Prices are doubles (ticks × tick size, correctly rounded); the `...Ticks` getters
 * give the exact integers.
 */
import type { Instrument } from '../core/instrument.js';
import { formatIso } from '../core/time.js';
import type { BarTable } from '../data/bars.js';

export class BarView {
  table!: BarTable;
  row = 0;
  instrument!: Instrument;

  get symbol(): string {
    return this.instrument.symbol;
  }
  get open(): number {
    return this.instrument.price(this.table.open[this.row]!);
  }
  get high(): number {
    return this.instrument.price(this.table.high[this.row]!);
  }
  get low(): number {
    return this.instrument.price(this.table.low[this.row]!);
  }
  get close(): number {
    return this.instrument.price(this.table.close[this.row]!);
  }
  get volume(): number {
    return this.table.volume[this.row]!;
  }
  get openTicks(): number {
    return this.table.open[this.row]!;
  }
  get highTicks(): number {
    return this.table.high[this.row]!;
  }
  get lowTicks(): number {
    return this.table.low[this.row]!;
  }
  get closeTicks(): number {
    return this.table.close[this.row]!;
  }
  get tsSec(): number {
    return this.table.tsSec[this.row]!;
  }
  get tsNsec(): number {
    return this.table.tsNsec[this.row]!;
  }
  /** ISO 8601 UTC label of the bar (its start). Allocates a string: avoid in tight loops. */
  get time(): string {
    return formatIso(this.tsSec, this.tsNsec);
  }
}

/**
 * The bars of one instrument seen so far (rows up to the current one; never a future row). `ago` = 0 is
 * the latest bar. Zero-copy over the loaded columns.
 */
export class BarHistory {
  /** Index of the latest visible row; -1 before the first bar. */
  row = -1;

  constructor(
    readonly table: BarTable,
    readonly instrument: Instrument,
  ) {}

  get length(): number {
    return this.row + 1;
  }

  private at(ago: number): number {
    const r = this.row - ago;
    if (ago < 0 || r < 0)
      throw new RangeError(`${this.instrument.symbol}: no bar ${ago} bars ago (have ${this.row + 1})`);
    return r;
  }

  open(ago = 0): number {
    return this.instrument.price(this.table.open[this.at(ago)]!);
  }
  high(ago = 0): number {
    return this.instrument.price(this.table.high[this.at(ago)]!);
  }
  low(ago = 0): number {
    return this.instrument.price(this.table.low[this.at(ago)]!);
  }
  close(ago = 0): number {
    return this.instrument.price(this.table.close[this.at(ago)]!);
  }
  volume(ago = 0): number {
    return this.table.volume[this.at(ago)]!;
  }

  /** The last n close prices, oldest first, as exact ticks: a zero-copy view valid until the run ends. */
  closeTicks(n: number): Float64Array {
    const end = this.row + 1;
    return this.table.close.subarray(Math.max(0, end - n), end);
  }

  /** The last n close prices, oldest first, as doubles (allocates). */
  closes(n: number): number[] {
    const ticks = this.closeTicks(n);
    const out = new Array<number>(ticks.length);
    for (let i = 0; i < ticks.length; i++) out[i] = this.instrument.price(ticks[i]!);
    return out;
  }
}
