/**
 * Plans one series' import into the catalog (rows already checked for time order): chooses the partition
 * granularity (partition.ts), cuts the rows into periods and, for each period the catalog already holds,
 * merges or replaces by merge.ts. The plan says which files to write, which entries they supersede and
 * what happened per period; catalog.ts carries it out.
 *
 * Granularity: a series keeps the one of its first import. New bars whose spacing calls for another one
 * are refused (daily and minute bars do not mix in one series) — unless the series holds a single row so
 * far, which is then re-partitioned with the new rows.
 */
import { formatScaled, type Scaled } from '../../core/decimal.js';
import { DataError } from '../../core/errors.js';
import { formatIso, tsCompare } from '../../core/time.js';
import { sameTick, type KindCodec } from './codec.js';
import { entryTimes, type ManifestFile, type ManifestSource } from './manifest.js';
import { mergeRows, replaceRows } from './merge.js';
import {
  describeGranularity,
  granularityOfPeriod,
  periodOf,
  splitByPeriod,
  type Granularity,
} from './partition.js';

export type PartitionStatus = 'new' | 'merged' | 'replaced' | 'unchanged' | 'removed';

export interface PartitionChange {
  period: string;
  /** Rows of the partition after the import (0 when removed). */
  rows: number;
  status: PartitionStatus;
}

export interface PlannedFile {
  period: string;
  table: unknown;
  sources: ManifestSource[];
  /** The entry of an existing file whose rows are unchanged (only the entry is rewritten), else null. */
  keep: ManifestFile | null;
}

export interface SeriesPlan {
  files: PlannedFile[];
  dropped: ManifestFile[];
  changes: PartitionChange[];
}

function tickText(t: Scaled): string {
  return formatScaled(t.units, t.scale);
}

function unite(a: ManifestSource[], b: ManifestSource): ManifestSource[] {
  return a.some((s) => s.sha256 === b.sha256 && s.file === b.file) ? a : [...a, b];
}

function tablesEqual<T>(c: KindCodec<T>, a: T, b: T): boolean {
  if (c.length(a) !== c.length(b)) return false;
  for (let i = 0; i < c.length(a); i++) if (!c.rowsEqual(a, i, b, i)) return false;
  return true;
}

/** The granularity the series gets (a single-row series is re-cut to the new rows' granularity). */
function chooseGranularity<T>(
  c: KindCodec<T>,
  t: T,
  symbol: string,
  old: ManifestFile[],
  file: string,
): Granularity {
  const fresh = c.granularity(t);
  if (old.length === 0) return fresh ?? 'year';
  const have = granularityOfPeriod(old[0]!.period);
  if (fresh === null || fresh === have) return have;
  if (old.reduce((n, e) => n + e.rows, 0) <= 1) return fresh;
  throw new DataError(
    { file },
    `${c.kind} ${symbol}: the catalog keeps this series in ${describeGranularity(have)}, but these rows ` +
      `call for ${describeGranularity(fresh)}: bars of different intervals cannot share a series ` +
      '(use another catalog or symbol name)',
  );
}

export function planSeries<T>(
  c: KindCodec<T>,
  symbol: string,
  table: T,
  old: ManifestFile[],
  source: ManifestSource,
  replace: boolean,
  readEntry: (e: ManifestFile) => T,
): SeriesPlan {
  const plan: SeriesPlan = { files: [], dropped: [], changes: [] };
  const n = c.length(table);
  if (n === 0) return plan;
  const g = chooseGranularity(c, table, symbol, old, source.file);
  const sec = c.tsSec(table);
  const nsec = c.tsNsec(table);
  const first = { sec: sec[0]!, nsec: nsec[0]! };
  const last = { sec: sec[n - 1]!, nsec: nsec[n - 1]! };
  const slices = new Map(splitByPeriod(sec, n, g).map((s) => [s.period, s]));
  const oldByPeriod = new Map<string, ManifestFile>();
  for (const e of old)
    oldByPeriod.set(granularityOfPeriod(e.period) === g ? e.period : periodOf(entryTimes(e).first.sec, g), e);
  const periods = new Set(slices.keys());
  for (const [p, e] of oldByPeriod) {
    const t = entryTimes(e);
    const overlaps =
      tsCompare(t.last.sec, t.last.nsec, first.sec, first.nsec) >= 0 &&
      tsCompare(t.first.sec, t.first.nsec, last.sec, last.nsec) <= 0;
    if (granularityOfPeriod(e.period) !== g || (replace && overlaps)) periods.add(p);
  }
  for (const period of [...periods].sort()) {
    const slice = slices.get(period);
    let add = slice ? c.slice(table, slice.from, slice.to) : null;
    const e = oldByPeriod.get(period);
    if (!e) {
      plan.files.push({ period, table: add, sources: [source], keep: null });
      plan.changes.push({ period, rows: c.length(add!), status: 'new' });
      continue;
    }
    plan.dropped.push(e);
    const stored = readEntry(e);
    let prev = stored;
    if (add) {
      const tick = c.commonTick(c.priceTick(prev), c.priceTick(add));
      if (!tick)
        throw new DataError(
          { file: source.file, field: 'priceTick' },
          `${c.kind} ${symbol} ${period}: prices in ${tickText(c.priceTick(add))} cannot join the catalog's ` +
            `${tickText(c.priceTick(prev))} (read the source with the catalog's tick size)`,
        );
      prev = c.withTick(prev, tick);
      add = c.withTick(add, tick);
    }
    let result: T;
    let status: PartitionStatus;
    if (replace) {
      result = replaceRows(c, prev, add ?? c.slice(prev, 0, 0), first, last);
      status = tablesEqual(c, result, prev) ? 'unchanged' : c.length(result) === 0 ? 'removed' : 'replaced';
    } else if (!add) {
      result = prev;
      status = 'unchanged';
    } else {
      const m = mergeRows(c, prev, add);
      if (!m.table) {
        const bad = m.conflictAt!.side === 'new' ? add : prev;
        const r = m.conflictAt!.row;
        throw new DataError(
          { file: source.file, field: c.indexName, value: formatIso(c.tsSec(bad)[r]!, c.tsNsec(bad)[r]!) },
          `${c.kind} ${symbol}: the catalog already holds different rows around this time (partition ` +
            `${period}, from ${e.sources.map((s) => s.file).join(', ')}); import with replace (--replace) ` +
            'to overwrite that time range, or into another catalog',
        );
      }
      result = m.table;
      status = m.unchanged ? 'unchanged' : 'merged';
    }
    plan.changes.push({ period, rows: c.length(result), status });
    if (status === 'removed') continue;
    const keep =
      status === 'unchanged' &&
      sameTick(c.priceTick(result), c.priceTick(stored)) &&
      granularityOfPeriod(e.period) === g;
    plan.files.push({
      period,
      table: result,
      sources: add ? unite(e.sources, source) : e.sources,
      keep: keep ? e : null,
    });
  }
  return plan;
}
