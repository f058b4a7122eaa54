/**
 * Reusable views that strategy callbacks receive: one object per engine, re-pointed at the current row
 * before each call (DESIGN.md §2 — no per-event allocation). Do not keep a view past the callback; copy
 * the numbers you need. Prices are doubles (ticks × tick size, correctly rounded); the `...Ticks` getters
 * give the exact integers.
 * The price getters compute instrument.price() inline, (ticks × tickUnits) / priceDiv: without the nested
 * call the getter stays small enough that V8 inlines it, with the indicators, into a strategy's onBar
 * (engine_sma_bars' slowest of 28 runs went from 9.8 to 10.9 M bars/s).
 */
import type { Instrument } from '../core/instrument.js';
import { formatIso } from '../core/time.js';
import { allocBarTable, type BarTable } from '../data/bars.js';

export class BarView {
  table!: BarTable;
  row = 0;
  instrument!: Instrument;

  get symbol(): string {
    return this.instrument.symbol;
  }
  get open(): number {
    const i = this.instrument;
    return (this.table.open[this.row]! * i.tickUnits) / i.priceDiv;
  }
  get high(): number {
    const i = this.instrument;
    return (this.table.high[this.row]! * i.tickUnits) / i.priceDiv;
  }
  get low(): number {
    const i = this.instrument;
    return (this.table.low[this.row]! * i.tickUnits) / i.priceDiv;
  }
  get close(): number {
    const i = this.instrument;
    return (this.table.close[this.row]! * i.tickUnits) / i.priceDiv;
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
  /** Rows seen before the current chunk (chunked streams). */
  private before = 0;
  /** The last rows before the current chunk (at most 2 × carryRows, at least carryRows once seen). */
  private carry: BarTable | null = null;

  /** `carryRows`: how far back a chunked stream's history reaches beyond its current chunk. */
  constructor(
    public table: BarTable,
    readonly instrument: Instrument,
    private readonly carryRows = DEFAULT_CARRY_ROWS,
  ) {}

  /** Bars seen so far (all of them; a chunked stream can read back its chunk plus `carryRows`). */
  get length(): number {
    return this.before + this.row + 1;
  }

  /**
   * The engine moved this stream to its next chunk (src/engine/engine.ts): the finished chunk's rows join
   * the carry, which keeps the last `carryRows` rows in a buffer of twice that size (amortised O(1) per row).
   */
  nextChunk(t: BarTable): void {
    const old = this.table;
    const n = old.length;
    const k = this.carryRows;
    const c = (this.carry ??= allocBarTable(old.symbol, old.tick, 2 * k));
    this.before += n;
    this.table = t;
    this.row = -1;
    if (n >= k) {
      copyRows(old, n - k, n, c, 0);
      c.length = k;
      return;
    }
    if (c.length + n > 2 * k) {
      copyRows(c, c.length - (k - n), c.length, c, 0);
      c.length = k - n;
    }
    copyRows(old, 0, n, c, c.length);
    c.length += n;
  }

  /** The table holding the bar `ago` bars back, with its row left in `atRow`. */
  private atRow = 0;
  private at(ago: number): BarTable {
    const r = this.row - ago;
    if (ago >= 0 && r >= 0) {
      this.atRow = r;
      return this.table;
    }
    const c = this.carry;
    if (ago >= 0 && c !== null && c.length + r >= 0) {
      this.atRow = c.length + r;
      return c;
    }
    const reach = this.row + 1 + (c ? c.length : 0);
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
   * when they lie in the current chunk; a copy when they reach back before it.
   */
  closeTicks(n: number): Float64Array {
    const end = this.row + 1;
    const c = this.carry;
    if (n <= end || c === null) return this.table.close.subarray(Math.max(0, end - n), end);
    const back = Math.min(n - end, c.length);
    const out = new Float64Array(back + end);
    out.set(c.close.subarray(c.length - back, c.length));
    out.set(this.table.close.subarray(0, end), back);
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

/** How far back (beyond the current chunk) a chunked stream's history reaches by default. */
export const DEFAULT_CARRY_ROWS = 2048;

function copyRows(from: BarTable, start: number, end: number, to: BarTable, at: number): void {
  to.tsSec.set(from.tsSec.subarray(start, end), at);
  to.tsNsec.set(from.tsNsec.subarray(start, end), at);
  to.open.set(from.open.subarray(start, end), at);
  to.high.set(from.high.subarray(start, end), at);
  to.low.set(from.low.subarray(start, end), at);
  to.close.set(from.close.subarray(start, end), at);
  to.volume.set(from.volume.subarray(start, end), at);
}
