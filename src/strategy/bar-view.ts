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
  /** Index of the latest visible row of `table`; -1 before the first bar. */
  row = -1;
  /** Rows seen before the current chunk (chunked streams); history reaches back into `previous` only. */
  private before = 0;
  private previous: BarTable | null = null;

  constructor(
    public table: BarTable,
    readonly instrument: Instrument,
  ) {}

  /** Bars seen so far (all of them, though only the current and previous chunk can be read back). */
  get length(): number {
    return this.before + this.row + 1;
  }

  /** The engine moved this stream to its next chunk (src/engine/engine.ts). */
  nextChunk(t: BarTable): void {
    this.before += this.table.length;
    this.previous = this.table;
    this.table = t;
    this.row = -1;
  }

  /** Table and row of the bar `ago` bars back (`at` then `atRow`): current chunk, else the previous one. */
  private atRow = 0;
  private at(ago: number): BarTable {
    const r = this.row - ago;
    if (ago >= 0 && r >= 0) {
      this.atRow = r;
      return this.table;
    }
    const p = this.previous;
    if (ago >= 0 && p !== null && p.length + r >= 0) {
      this.atRow = p.length + r;
      return p;
    }
    const reach = this.row + 1 + (p ? p.length : 0);
    throw new RangeError(
      `${this.instrument.symbol}: no bar ${ago} bars ago (${this.length} seen, ${reach} readable back)`,
    );
  }

  open(ago = 0): number {
    return this.instrument.price(this.at(ago).open[this.atRow]!);
  }
  high(ago = 0): number {
    return this.instrument.price(this.at(ago).high[this.atRow]!);
  }
  low(ago = 0): number {
    return this.instrument.price(this.at(ago).low[this.atRow]!);
  }
  close(ago = 0): number {
    return this.instrument.price(this.at(ago).close[this.atRow]!);
  }
  volume(ago = 0): number {
    return this.at(ago).volume[this.atRow]!;
  }

  /**
   * The last n close prices (fewer if fewer are readable), oldest first, as exact ticks. A zero-copy view
   * when they lie in the current chunk; a copy when they reach into the previous one.
   */
  closeTicks(n: number): Float64Array {
    const end = this.row + 1;
    if (n <= end || this.previous === null) return this.table.close.subarray(Math.max(0, end - n), end);
    const p = this.previous;
    const fromPrev = Math.min(n - end, p.length);
    const out = new Float64Array(fromPrev + end);
    out.set(p.close.subarray(p.length - fromPrev, p.length));
    out.set(this.table.close.subarray(0, end), fromPrev);
    return out;
  }

  /** The last n close prices, oldest first, as doubles (allocates). */
  closes(n: number): number[] {
    const ticks = this.closeTicks(n);
    const out = new Array<number>(ticks.length);
    for (let i = 0; i < ticks.length; i++) out[i] = this.instrument.price(ticks[i]!);
    return out;
  }
}
