/**
 * The catalog manifest, `<root>/catalog.json`: the list of partition files with what each holds. It is the
 * single source of truth of a catalog — a Parquet file the manifest does not list is not part of it.
 *
 * Per file: path (relative, '/'-separated), kind, symbol, index timestamp (ts, ts_recv or ts_event), period, first and last row timestamps (exact
 * nanoseconds as ISO 8601 UTC, both inclusive), rows, price tick (decimal text), byte size and SHA-256 of
 * the partition file, and the sources its rows came from (path and SHA-256 of the source file's content).
 * Invariants: parsing checks every field (zod), so a damaged manifest is a DataError naming catalog.json
 * and the bad entry, never a half-trusted catalog; `saveManifest` replaces the file atomically.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseDecimal, type Scaled } from '../../core/decimal.js';
import { DataError } from '../../core/errors.js';
import { parseIso, type Timestamp } from '../../core/time.js';
import { TABLE_SPECS } from '../schemas.js';
import type { CatalogKind } from './codec.js';
import { writeFileAtomic } from './fs-util.js';
import { periodBounds } from './partition.js';

export const MANIFEST_NAME = 'catalog.json';
export const MANIFEST_FORMAT = 'hindsight-catalog';
export const MANIFEST_VERSION = 1;

export const CATALOG_KINDS: readonly CatalogKind[] = ['bars', ...(Object.keys(TABLE_SPECS) as CatalogKind[])];

export function isCatalogKind(k: unknown): k is CatalogKind {
  return typeof k === 'string' && (CATALOG_KINDS as readonly string[]).includes(k);
}

const isoNs = z.string().refine((s) => {
  try {
    parseIso(s);
    return s.endsWith('Z');
  } catch {
    return false;
  }
}, 'expected an ISO 8601 UTC timestamp');
const sha = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hex digest');

const FileSchema = z.object({
  path: z.string().regex(/^[^/\\][^\\]*\.parquet$/, 'expected a relative path to a .parquet file'),
  kind: z.string().refine(isCatalogKind, 'unknown kind'),
  symbol: z.string().min(1),
  index: z.enum(['ts', 'ts_recv', 'ts_event']),
  period: z.string().refine((p) => periodBounds(p) !== null, 'expected YYYY, YYYY-MM or YYYY-MM-DD'),
  firstTs: isoNs,
  lastTs: isoNs,
  rows: z.number().int().positive(),
  priceTick: z.string().refine((t) => {
    try {
      return parseDecimal(t).units > 0;
    } catch {
      return false;
    }
  }, 'expected a positive decimal'),
  bytes: z.number().int().positive(),
  sha256: sha,
  sources: z.array(z.object({ file: z.string(), sha256: sha })),
});

const ManifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  version: z.literal(MANIFEST_VERSION),
  files: z.array(FileSchema),
});

export interface ManifestSource {
  file: string;
  sha256: string;
}

export interface ManifestFile {
  path: string;
  kind: CatalogKind;
  symbol: string;
  /** The timestamp column the series is ordered, partitioned and range-read by. */
  index: 'ts' | 'ts_recv' | 'ts_event';
  period: string;
  firstTs: string;
  lastTs: string;
  rows: number;
  priceTick: string;
  bytes: number;
  sha256: string;
  sources: ManifestSource[];
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  files: ManifestFile[];
}

export function emptyManifest(): Manifest {
  return { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, files: [] };
}

/** Reads and checks a manifest; any problem is a DataError naming the file (and the entry). */
export function loadManifest(path: string): Manifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataError({ file: path }, `cannot read the catalog manifest: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DataError({ file: path }, `corrupt catalog manifest (not JSON: ${(e as Error).message})`);
  }
  const res = ManifestSchema.safeParse(json);
  if (!res.success) {
    const issue = res.error.issues[0]!;
    const at = issue.path.map(String).join('.');
    throw new DataError(
      { file: path, field: at || undefined },
      `corrupt catalog manifest: ${issue.message}` + (res.error.issues.length > 1 ? ' (and more)' : ''),
    );
  }
  const m = res.data as Manifest;
  sortFiles(m);
  const seen = new Set<string>();
  for (const [i, f] of m.files.entries()) {
    const key = `${f.kind}\u0000${f.symbol}\u0000${f.period}`;
    if (seen.has(key))
      throw new DataError(
        { file: path, field: `files.${i}` },
        `corrupt catalog manifest: two entries for ${f.kind} ${f.symbol} ${f.period}`,
      );
    seen.add(key);
  }
  return m;
}

/** Writes the manifest atomically (files sorted by kind, symbol, period for stable diffs). */
export function saveManifest(path: string, m: Manifest): void {
  sortFiles(m);
  writeFileAtomic(path, JSON.stringify(m, null, 1) + '\n');
}

function sortFiles(m: Manifest): void {
  m.files.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.symbol, b.symbol) || cmp(a.period, b.period));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function entryTimes(f: ManifestFile): { first: Timestamp; last: Timestamp } {
  return { first: parseIso(f.firstTs), last: parseIso(f.lastTs) };
}

export function entryTick(f: ManifestFile): Scaled {
  return parseDecimal(f.priceTick);
}
