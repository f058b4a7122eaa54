/**
 * The per-kind codec contract of the catalog and the cache: everything they need to know about one kind of
 * table (bars, trades, quotes, mbo ...) — its time index, how to cut, join and compare rows, how prices
 * are counted, and how one symbol's rows go to and come back from one Parquet file. The catalog and the
 * cache are written against this interface only; codecs.ts registers the implementations.
 *
 * Invariants every codec keeps: rows are ordered by the index timestamp (non-decreasing; strictly
 * increasing when `uniqueTs`); `read` returns exactly the rows with start <= ts < end, in file order;
 * `write` + `read` round-trips every column exactly.
 */
import type { Scaled } from '../../core/decimal.js';
import type { Timestamp } from '../../core/time.js';
import type { BarTable } from '../bars.js';
import type { KindTable, TableKind } from '../schemas.js';
import type { Granularity } from './partition.js';

export type CatalogKind = 'bars' | TableKind;

/** The table type of a catalog kind. */
export type CatalogTable<K extends CatalogKind> = K extends 'bars'
  ? BarTable
  : K extends TableKind
    ? KindTable<K>
    : never;

/** Filled in by reads: what was looked at and what was decoded. */
export interface CatalogReadStats {
  /** Partition files of the kind and symbols asked for. */
  files: number;
  /** Files opened (those overlapping [start, end)). */
  filesRead: number;
  /** Row groups in the files opened, and those decoded (the others were skipped by their statistics). */
  rowGroups: number;
  rowGroupsRead: number;
  /** Rows returned. */
  rows: number;
}

export interface RangeQuery {
  start?: Timestamp;
  end?: Timestamp;
}

export interface KindCodec<T> {
  readonly kind: CatalogKind;
  /** True when no two rows of a series share a timestamp (bars): merges are then unions by timestamp. */
  readonly uniqueTs: boolean;
  /** The index timestamp's name, for messages. */
  readonly indexName: string;
  length(t: T): number;
  tsSec(t: T): Float64Array;
  tsNsec(t: T): Uint32Array;
  priceTick(t: T): Scaled;
  /** A tick both tables' prices can be expressed in exactly, or null when they cannot be joined. */
  commonTick(a: Scaled, b: Scaled): Scaled | null;
  /** `t` with prices counted in `tick` (which commonTick returned for t's tick). */
  withTick(t: T, tick: Scaled): T;
  /** A copy of rows [from, to). */
  slice(t: T, from: number, to: number): T;
  /** The rows of `parts` one after another (all in one tick; at least one part). */
  concat(parts: T[]): T;
  empty(symbol: string, tick: Scaled): T;
  rowsEqual(a: T, i: number, b: T, j: number): boolean;
  /** Partition granularity these rows call for; null when it cannot be told (bars: fewer than two rows). */
  granularity(t: T): Granularity | null;
  /** One symbol's rows to a Parquet file (row groups of at most rowGroupSize rows). */
  write(path: string, t: T, symbol: string, rowGroupSize: number): void;
  /** The rows of a file written by `write` with start <= ts < end; `stats` gets row-group counts. */
  read(path: string, symbol: string, q: RangeQuery, stats: { rowGroups: number; rowGroupsRead: number }): T;
}

/** Tick equality by value (10 / 10^3 equals 1 / 10^2). */
export function sameTick(a: Scaled, b: Scaled): boolean {
  return a.units * 10 ** Math.max(0, b.scale - a.scale) === b.units * 10 ** Math.max(0, a.scale - b.scale);
}

/** The largest tick dividing both (exact while units stay below 2^53), e.g. 0.05 and 0.02 -> 0.01. */
export function finestCommonTick(a: Scaled, b: Scaled): Scaled | null {
  const s = Math.max(a.scale, b.scale);
  const ua = a.units * 10 ** (s - a.scale);
  const ub = b.units * 10 ** (s - b.scale);
  if (!Number.isSafeInteger(ua) || !Number.isSafeInteger(ub)) return null;
  let x = ua;
  let y = ub;
  while (y !== 0) [x, y] = [y, x % y];
  return { units: x, scale: s };
}

/** The integer that turns ticks of `from` into ticks of `to` (to must divide from). */
export function tickFactor(from: Scaled, to: Scaled): number {
  const s = Math.max(from.scale, to.scale);
  return (from.units * 10 ** (s - from.scale)) / (to.units * 10 ** (s - to.scale));
}
