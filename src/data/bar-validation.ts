/**
 * Row-level building blocks of the CSV bar reader: growable column builders (one per symbol), the tick
 * grid check, and the sink that turns a bad row into a DataError (strict) or a quarantine line (lenient).
 *
 * Invariants: a builder only ever holds accepted rows; its auto tick scale only grows, and a rescale
 * multiplies every held price by the same power of ten (checked to stay below 2^53 by the caller).
 */
import { POW10 } from '../core/decimal.js';
import { DataError, formatDataMessage } from '../core/errors.js';
import { growBarColumns, type BarTable } from './bars.js';
import type { CsvPlan } from './csv/plan.js';
import { SCAN_EMPTY, SCAN_NULL, SCAN_TOO_BIG, textOf } from './csv/scan.js';

const MAX_ISSUES = 20;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Columns of accepted rows; tsNsec is zero past `length` (the plain-row kernel writes no zero nsec). */
export interface Builder {
  symbol: string;
  length: number;
  tsSec: Float64Array;
  tsNsec: Uint32Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Auto tick: decimals of the ticks held so far. */
  scale: number;
  /** Largest high so far, to check that a rescale stays exact. */
  maxTicks: number;
  /** Line and time of the last accepted row (kept when a streamed chunk is handed out); -Infinity: none. */
  lastLine: number;
  lastSec: number;
  lastNsec: number;
}

export function newBuilder(symbol: string, cap: number): Builder {
  return {
    symbol,
    length: 0,
    tsSec: new Float64Array(cap),
    tsNsec: new Uint32Array(cap),
    open: new Float64Array(cap),
    high: new Float64Array(cap),
    low: new Float64Array(cap),
    close: new Float64Array(cap),
    volume: new Float64Array(cap),
    scale: 0,
    maxTicks: 0,
    lastLine: 0,
    lastSec: -Infinity,
    lastNsec: 0,
  };
}

export function grow(b: Builder, cap = Math.max(16, b.tsSec.length * 2)): void {
  growBarColumns(b, cap);
}

export function rescale(b: Builder, factor: number): void {
  const n = b.length;
  for (const col of [b.open, b.high, b.low, b.close]) for (let i = 0; i < n; i++) col[i]! *= factor;
  b.maxTicks *= factor;
}

export function toTable(b: Builder, plan: CsvPlan): BarTable {
  const n = b.length;
  // Views, not copies: a copy would fault in every page again; the untouched tail costs no memory.
  const trim = <T extends Float64Array | Uint32Array>(a: T): T =>
    a.length === n ? a : (a.subarray(0, n) as T);
  return {
    symbol: b.symbol,
    tick: plan.tick ?? { units: 1, scale: b.scale },
    length: n,
    tsSec: trim(b.tsSec),
    tsNsec: trim(b.tsNsec),
    open: trim(b.open),
    high: trim(b.high),
    low: trim(b.low),
    close: trim(b.close),
    volume: trim(b.volume),
  };
}

/**
 * Collects rejected rows: throws in strict mode, queues quarantine lines in lenient mode (a streaming
 * reader drains `lines` as it goes). `bytes` is the buffer the row positions refer to.
 */
export class RowSink {
  rejected = 0;
  readonly issues: string[] = [];
  readonly lines: string[] = [];
  bytes: Uint8Array = new Uint8Array(0);

  /** `keepLines` false: count and collect issues only (a streamed reader's first pass). */
  constructor(
    private readonly plan: CsvPlan,
    private readonly keepLines = true,
  ) {}

  reject(
    line: number,
    lineStart: number,
    lineEnd: number,
    field: string,
    value: string,
    detail: string,
  ): void {
    const err = new DataError({ file: this.plan.file, row: line, field, value }, detail);
    if (this.plan.strict) throw err;
    this.rejected++;
    if (this.issues.length < MAX_ISSUES) this.issues.push(err.message);
    if (!this.keepLines) return;
    const reason = formatDataMessage({ file: this.plan.file, row: line, field, value }, detail);
    this.lines.push(
      textOf(this.bytes, lineStart, lineEnd) + String.fromCharCode(this.plan.delim) + csvQuote(reason),
    );
  }
}

function csvQuote(s: string): string {
  return '"' + s.replace(/"/g, '""') + '"';
}

export function statusText(st: number): string {
  if (st === SCAN_EMPTY) return 'empty field';
  if (st === SCAN_NULL) return 'null value (the row has no data)';
  if (st === SCAN_TOO_BIG) return 'number too large or too precise to hold exactly';
  return 'not a number';
}

/** Text of field [s, e) for messages: trimmed, doubled quotes of a quoted field undone. */
export function fieldText(bytes: Uint8Array, s: number, e: number): string {
  return textOf(bytes, s, e).trim().replace(/""/g, '"');
}

/** Ticks of mant / 10^dec on the grid units / 10^scale; NaN when off the grid, Infinity when too large. */
export function gridTicks(mant: number, dec: number, scale: number, units: number): number {
  if (dec > scale) return NaN;
  const v = mant * POW10[scale - dec]!;
  if (v > MAX_SAFE || v < -MAX_SAFE) return Infinity;
  if (units === 1) return v;
  return v % units === 0 ? v / units : NaN;
}
