/**
 * The registry of catalog codecs: one per (kind, index timestamp). Bars use the bar Parquet layout, index
 * `ts`; every canonical tick kind (trades, quotes, cquotes, mbp10, mbo, ohlcv, status, imbalance,
 * statistics, definitions) uses the generic table layout (codec-ticks.ts), indexed by ts_recv or ts_event.
 * `codecForRows` picks the index a new series is kept in: the first candidate its rows are ordered by.
 */
import { DataError, UsageError } from '../../core/errors.js';
import { formatIso, tsCompare } from '../../core/time.js';
import type { TableKind } from '../schemas.js';
import type { CatalogKind, CatalogTable, KindCodec } from './codec.js';
import { barsCodec } from './codec-bars.js';
import { tickCodec, tickIndexes } from './codec-ticks.js';
import { CATALOG_KINDS, isCatalogKind } from './manifest.js';

export type IndexName = 'ts' | 'ts_recv' | 'ts_event';

const codecs = new Map<string, KindCodec<unknown>>();

export function indexesOf(kind: CatalogKind): IndexName[] {
  return kind === 'bars' ? ['ts'] : tickIndexes(kind);
}

/** The codec of `kind` kept by `index` (default: the kind's preferred index). */
export function codecFor<K extends CatalogKind>(kind: K, index?: string): KindCodec<CatalogTable<K>> {
  if (!isCatalogKind(kind))
    throw new UsageError(`unknown data kind "${String(kind)}" (expected one of ${CATALOG_KINDS.join(', ')})`);
  const allowed = indexesOf(kind);
  const idx = (index ?? allowed[0]!) as IndexName;
  if (!allowed.includes(idx))
    throw new UsageError(`${kind} cannot be indexed by "${idx}" (expected ${allowed.join(' or ')})`);
  const key = `${kind}:${idx}`;
  let c = codecs.get(key);
  if (!c) {
    c = (
      kind === 'bars' ? barsCodec : tickCodec(kind as TableKind, idx as 'ts_recv' | 'ts_event')
    ) as KindCodec<unknown>;
    codecs.set(key, c);
  }
  return c as KindCodec<CatalogTable<K>>;
}

/** The row of `t` where its index goes back in time or is null (or repeats, for unique kinds), else -1. */
export function firstDisorder<T>(c: KindCodec<T>, t: T): number {
  const s = c.tsSec(t);
  const ns = c.tsNsec(t);
  for (let i = 0; i < c.length(t); i++) {
    if (!Number.isFinite(s[i]!)) return i;
    if (i === 0) continue;
    const d = tsCompare(s[i - 1]!, ns[i - 1]!, s[i]!, ns[i]!);
    if (d > 0 || (d === 0 && c.uniqueTs)) return i;
  }
  return -1;
}

/** A DataError for row `i` of a symbol's rows that breaks the time order of codec `c`. */
export function disorderError<T>(c: KindCodec<T>, t: T, i: number, symbol: string, file: string): DataError {
  const s = c.tsSec(t)[i]!;
  const ns = c.tsNsec(t)[i]!;
  const detail = !Number.isFinite(s)
    ? 'has no timestamp (the catalog indexes rows by time)'
    : tsCompare(c.tsSec(t)[i - 1]!, c.tsNsec(t)[i - 1]!, s, ns) === 0
      ? 'repeats the previous timestamp'
      : 'goes back in time (the catalog needs rows in time order)';
  return new DataError(
    { file, field: c.indexName, value: Number.isFinite(s) ? formatIso(s, ns) : 'null' },
    `${c.kind} ${symbol}: row ${i + 1} of the symbol's rows ${detail}`,
  );
}

/**
 * The codec for a series: the one of its existing index, else the first index the rows are ordered by.
 * Rows in neither order are a DataError naming the source file and the first offending row.
 */
export function codecForRows<K extends CatalogKind>(
  kind: K,
  table: CatalogTable<K>,
  existingIndex: string | null,
  symbol: string,
  file: string,
): KindCodec<CatalogTable<K>> {
  const candidates = existingIndex ? [existingIndex] : indexesOf(kind);
  let worst: { c: KindCodec<CatalogTable<K>>; at: number } | null = null;
  for (const idx of candidates) {
    const c = codecFor(kind, idx);
    const at = firstDisorder(c, table);
    if (at < 0) return c;
    if (!worst || at > worst.at) worst = { c, at };
  }
  // The index the rows follow longest is the one the user most likely meant: report where it breaks.
  const err = disorderError(worst!.c, table, worst!.at, symbol, file);
  if (candidates.length === 1) throw err;
  throw new DataError(err.where, `${err.detail}; the rows are in neither ${candidates.join(' nor ')} order`);
}
