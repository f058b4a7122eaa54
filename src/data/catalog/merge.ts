/**
 * What happens when new rows land in a partition that already holds rows (catalog.ts), per kind codec.
 *
 * Policy (default "merge"): importing the same data twice changes nothing, adjacent or gap-filling data is
 * joined, and different data for the same time is refused rather than silently picked:
 * - bars (unique timestamps): the union by timestamp; a timestamp present on both sides must carry the
 *   same row, else a conflict.
 * - ticks (several rows may share a timestamp, so a row has no key): within the window where the two time
 *   ranges overlap, [max(firsts), min(lasts)], both sides must hold exactly the same rows — or one side
 *   none (the new rows fill a gap); outside the window the rows of whichever side reaches further are kept.
 * "replace" (opt-in): the partition's rows inside [first, last] of the whole imported series are dropped
 * and the new rows put in their place.
 * Both return null for a conflict, with the first conflicting timestamp in `conflictAt`.
 */
import { formatScaled, type Scaled } from '../../core/decimal.js';
import { DataError } from '../../core/errors.js';
import { tsCompare } from '../../core/time.js';
import type { KindCodec } from './codec.js';

export interface MergeResult<T> {
  table: T | null;
  /** True when the result holds exactly the old rows (nothing to write). */
  unchanged: boolean;
  /** Index into `old` (or `add`) of the first conflicting row, when table is null. */
  conflictAt: { side: 'old' | 'new'; row: number } | null;
}

/** First row of t with ts >= (sec, nsec) (after = false) or ts > (sec, nsec) (after = true). */
export function searchTs<T>(c: KindCodec<T>, t: T, sec: number, nsec: number, after: boolean): number {
  const s = c.tsSec(t);
  const ns = c.tsNsec(t);
  let lo = 0;
  let hi = c.length(t);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const d = tsCompare(s[mid]!, ns[mid]!, sec, nsec);
    if (d < 0 || (after && d === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Joins slices [table, from, to) into one table. */
function join<T>(c: KindCodec<T>, parts: [T, number, number][], like: T): T {
  const kept = parts.filter(([, a, b]) => b > a);
  if (kept.length === 0) return c.slice(like, 0, 0);
  return c.concat(kept.map(([t, a, b]) => (a === 0 && b === c.length(t) ? t : c.slice(t, a, b))));
}

function unionByTs<T>(c: KindCodec<T>, old: T, add: T): MergeResult<T> {
  const parts: [T, number, number][] = [];
  const push = (t: T, i: number): void => {
    const last = parts[parts.length - 1];
    if (last && last[0] === t && last[2] === i) last[2]++;
    else parts.push([t, i, i + 1]);
  };
  const os = c.tsSec(old);
  const on = c.tsNsec(old);
  const as = c.tsSec(add);
  const an = c.tsNsec(add);
  const no = c.length(old);
  const na = c.length(add);
  let i = 0;
  let j = 0;
  let fresh = 0;
  while (i < no || j < na) {
    const d = i >= no ? 1 : j >= na ? -1 : tsCompare(os[i]!, on[i]!, as[j]!, an[j]!);
    if (d < 0) push(old, i++);
    else if (d > 0) {
      push(add, j++);
      fresh++;
    } else {
      if (!c.rowsEqual(old, i, add, j))
        return { table: null, unchanged: false, conflictAt: { side: 'new', row: j } };
      push(old, i++);
      j++;
    }
  }
  return { table: fresh === 0 ? old : join(c, parts, old), unchanged: fresh === 0, conflictAt: null };
}

function windowMerge<T>(c: KindCodec<T>, old: T, add: T): MergeResult<T> {
  const no = c.length(old);
  const na = c.length(add);
  const [os, on, as, an] = [c.tsSec(old), c.tsNsec(old), c.tsSec(add), c.tsNsec(add)];
  const oldFirst = tsCompare(os[0]!, on[0]!, as[0]!, an[0]!) <= 0;
  const oldLast = tsCompare(os[no - 1]!, on[no - 1]!, as[na - 1]!, an[na - 1]!) >= 0;
  // The window [lo, hi]: the later first row and the earlier last row.
  const [loS, loN] = oldFirst ? [as[0]!, an[0]!] : [os[0]!, on[0]!];
  const [hiS, hiN] = oldLast ? [as[na - 1]!, an[na - 1]!] : [os[no - 1]!, on[no - 1]!];
  if (tsCompare(loS, loN, hiS, hiN) > 0) {
    // Disjoint ranges: one side entirely before the other.
    return oldFirst
      ? {
          table: join(
            c,
            [
              [old, 0, no],
              [add, 0, na],
            ],
            old,
          ),
          unchanged: false,
          conflictAt: null,
        }
      : {
          table: join(
            c,
            [
              [add, 0, na],
              [old, 0, no],
            ],
            old,
          ),
          unchanged: false,
          conflictAt: null,
        };
  }
  const o0 = searchTs(c, old, loS, loN, false);
  const o1 = searchTs(c, old, hiS, hiN, true);
  const a0 = searchTs(c, add, loS, loN, false);
  const a1 = searchTs(c, add, hiS, hiN, true);
  let middle: [T, number, number];
  if (o1 === o0) middle = [add, a0, a1];
  else if (a1 === a0) middle = [old, o0, o1];
  else {
    for (let k = 0; k < Math.min(o1 - o0, a1 - a0); k++)
      if (!c.rowsEqual(old, o0 + k, add, a0 + k))
        return { table: null, unchanged: false, conflictAt: { side: 'new', row: a0 + k } };
    if (o1 - o0 !== a1 - a0) {
      const side = o1 - o0 > a1 - a0 ? 'old' : 'new';
      const row = side === 'old' ? o0 + (a1 - a0) : a0 + (o1 - o0);
      return { table: null, unchanged: false, conflictAt: { side, row } };
    }
    middle = [old, o0, o1];
  }
  const before: [T, number, number] = oldFirst ? [old, 0, o0] : [add, 0, a0];
  const after: [T, number, number] = oldLast ? [old, o1, no] : [add, a1, na];
  const unchanged = before[0] === old && middle[0] === old && after[0] === old;
  return { table: unchanged ? old : join(c, [before, middle, after], old), unchanged, conflictAt: null };
}

/** Merges `add` into `old` (both non-empty, time-ordered, in one tick) by the default policy. */
export function mergeRows<T>(c: KindCodec<T>, old: T, add: T): MergeResult<T> {
  return c.uniqueTs ? unionByTs(c, old, add) : windowMerge(c, old, add);
}

/** Replaces old's rows within [first, last] (inclusive) by `add`. */
export function replaceRows<T>(
  c: KindCodec<T>,
  old: T,
  add: T,
  first: { sec: number; nsec: number },
  last: { sec: number; nsec: number },
): T {
  const o0 = searchTs(c, old, first.sec, first.nsec, false);
  const o1 = searchTs(c, old, last.sec, last.nsec, true);
  return join(
    c,
    [
      [old, 0, o0],
      [add, 0, c.length(add)],
      [old, o1, c.length(old)],
    ],
    old,
  );
}

/** Partitions of one series joined in time order, in a tick all of them can be expressed in. */
export function joinParts<T>(codec: KindCodec<T>, parts: T[], symbol: string, tick0: Scaled): T {
  if (parts.length === 0) return codec.empty(symbol, tick0);
  let tick = codec.priceTick(parts[0]!);
  for (const p of parts) {
    const t = codec.commonTick(tick, codec.priceTick(p));
    if (!t)
      throw new DataError(
        { file: symbol, field: 'priceTick' },
        `partitions count prices in ${formatScaled(tick.units, tick.scale)} and ` +
          `${formatScaled(codec.priceTick(p).units, codec.priceTick(p).scale)}, which cannot be joined`,
      );
    tick = t;
  }
  return codec.concat(parts.map((p) => codec.withTick(p, tick)));
}
