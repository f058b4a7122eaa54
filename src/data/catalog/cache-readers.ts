/**
 * Cached versions of the file readers (cache.ts): `cachedBars` for OHLCV CSV and `cachedDbn` for DBN.
 * They return what the plain readers return plus `cache` ('hit' | 'miss' | 'rebuilt' | 'off'); the counts
 * of a lenient CSV load (rows read, accepted, quarantined, first issues) and its quarantine file come back
 * on a hit exactly as the parse produced them. The options key leaves out what only changes where output
 * goes or how errors are labelled (quarantinePath; DBN fileLabel, genericOnly, reuseTables).
 *
 * Plain (uncompressed) DBN is not cached unless `plain: true`: it decodes as fast as the cache reads.
 *
 * Measured on 1 M rows, raw column files (column-file.ts), CRC-32 checks; page cache warm; the 2-core dev
 * VM shared with other jobs (load average 4-11), so figures are medians of interleaved runs with minimums
 * in brackets. Bars CSV (synthetic 1-minute bars by writeBarsCsv, 50 MB; `node --expose-gc bench/run.js
 * cache`, 5 processes x 5 reps): plain parse 240 (207) ms; first run (SHA-256 of the CSV 37 ms + parse +
 * entry write of 52 MB) 301 (242) ms = 1.26x the parse; hit (hash + read + CRC) 62 (47) ms = 3.9x faster,
 * 51 ms with verify 'size'. MBO DBN (generateSynthMbo + writeDbn, 53 MB plain / 18 MB zstd; 2 x 5 reps):
 * zstd decode 540 (455) ms, first run 540 (496) ms, hit 61 (34) ms, verify 'size' 47 (19) ms — 9x;
 * plain decode 88 (65) ms vs a forced hit 86 (57) ms — no gain. The Parquet cache before this took 3.4 s
 * (~3x a parse) for the CSV's first run: hyparquet-writer converts every int64 through BigInt.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { BarTable } from '../bars.js';
import { readBarsCsv, type CsvBarOptions, type CsvBarResult } from '../csv/bars.js';
import { readDbn, type DbnReadResult } from '../dbn/read.js';
import type { DbnReadOptions } from '../dbn/stream.js';
import type { DbnKind, DbnTables } from '../dbn/tables.js';
import { isZstd } from '../dbn/zstd.js';
import type { TableBase } from '../schemas.js';
import { withCache, type CacheOptions, type CacheStatus, type CachedTable } from './cache.js';

export interface Cached {
  cache: CacheStatus;
  /** Set when the cache could not be written (the data itself loaded fine). */
  cacheError?: string;
}

type BarInfo = Pick<CsvBarResult, 'rowsRead' | 'rowsAccepted' | 'rowsQuarantined' | 'firstIssues'>;

/** readBarsCsv through the parse cache. */
export function cachedBars(
  path: string,
  options: CsvBarOptions,
  cache: CacheOptions = {},
): CsvBarResult & Cached {
  const { quarantinePath, ...key } = options;
  const r = withCache(
    path,
    key,
    'bars-csv',
    () => {
      const res = readBarsCsv(path, options);
      const info: BarInfo = {
        rowsRead: res.rowsRead,
        rowsAccepted: res.rowsAccepted,
        rowsQuarantined: res.rowsQuarantined,
        firstIssues: res.firstIssues,
      };
      return {
        tables: res.tables.map((t) => ({ kind: 'bars' as const, name: t.symbol, table: t })),
        info,
        quarantinePath: res.quarantinePath,
        namesSource: res.rowsQuarantined > 0,
      };
    },
    { ...cache, quarantinePath: quarantinePath ?? `${path}.quarantine.csv` },
  );
  const info = r.info as BarInfo;
  return {
    tables: r.tables.map((t) => t.table as BarTable),
    rowsRead: info.rowsRead,
    rowsAccepted: info.rowsAccepted,
    rowsQuarantined: info.rowsQuarantined,
    quarantinePath: r.quarantinePath,
    firstIssues: info.firstIssues,
    cache: r.cache,
    ...(r.cacheError ? { cacheError: r.cacheError } : {}),
  };
}

interface DbnInfo {
  metadata: DbnReadResult['metadata'];
  symbolMap: [number, string][];
  counts: DbnReadResult['counts'];
}

export interface DbnCacheOptions extends CacheOptions {
  /**
   * Cache plain (uncompressed) DBN too. Default false: decoding plain DBN is about as fast as reading the
   * cache, so only zstd DBN is cached and a plain file loads with `cache: 'off'`.
   */
  plain?: boolean;
}

function startsZstd(path: string): boolean {
  const head = new Uint8Array(4);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false; // readDbn reports the unreadable file itself.
  }
  try {
    return readSync(fd, head, 0, 4, 0) === 4 && isZstd(head);
  } finally {
    closeSync(fd);
  }
}

/** readDbn through the parse cache (zstd files only, unless `cache.plain`). */
export function cachedDbn(
  path: string,
  opts: DbnReadOptions = {},
  cache: DbnCacheOptions = {},
): DbnReadResult & Cached {
  const { plain, ...cacheOpts } = cache;
  if (!plain && !startsZstd(path)) cacheOpts.enabled = false;
  const key = { version: opts.version, tsOut: opts.tsOut };
  const r = withCache(
    path,
    key,
    'dbn',
    () => {
      const res = readDbn(path, opts);
      const tables: CachedTable[] = [];
      for (const [kind, t] of Object.entries(res.tables) as [DbnKind, TableBase | undefined][])
        if (t) tables.push({ kind, name: kind, table: t });
      const info: DbnInfo = { metadata: res.metadata, symbolMap: [...res.symbolMap], counts: res.counts };
      return { tables, info, quarantinePath: null, namesSource: false };
    },
    cacheOpts,
  );
  const info = r.info as DbnInfo;
  const tables: Record<string, TableBase> = {};
  for (const t of r.tables) tables[t.name] = t.table as TableBase;
  return {
    metadata: info.metadata,
    tables: tables as DbnTables,
    symbolMap: new Map(info.symbolMap),
    counts: info.counts,
    cache: r.cache,
    ...(r.cacheError ? { cacheError: r.cacheError } : {}),
  };
}
