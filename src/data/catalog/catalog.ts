/**
 * The data catalog: a directory of Parquet files partitioned by kind, symbol and UTC period, listed in a
 * manifest (manifest.ts), read by symbol list and time range.
 *
 * Layout: `<root>/catalog.json` and `<root>/<kind>/<symbol dir>/<period>.<hash16>.parquet` (partition.ts
 * for periods and symbol names). Partition files are immutable and named by a prefix of their own SHA-256:
 * a write creates new files, commits by replacing the manifest atomically, then deletes the files it
 * superseded. A crash at any point leaves the previous or the new manifest, each listing only complete
 * files (at worst unlisted files stay behind). Writers take `<root>/.catalog.lock`.
 * Reads open only the partitions whose [first, last] overlaps [start, end) and pass the range on, so the
 * Parquet readers skip row groups by their statistics (`stats` counts files and row groups read).
 * Overlapping imports: merged or refused by merge.ts, or replaced on request; one `write` call is all or
 * nothing. Series granularity and spacing rules: partition.ts.
 * Limits: a manifest-listed file changed behind the catalog's back is caught by its size (and by the
 * Parquet checks), not by re-hashing on every read.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataError, UsageError } from '../../core/errors.js';
import { formatIso, tsCompare, type Timestamp } from '../../core/time.js';
import type { CatalogKind, CatalogReadStats, CatalogTable, KindCodec } from './codec.js';
import { codecFor, codecForRows } from './codecs.js';
import type { Scaled } from '../../core/decimal.js';
import { finestCommonTick } from './codec.js';
import { acquireLock } from './fs-util.js';
import {
  emptyManifest,
  entryTick,
  entryTimes,
  loadManifest,
  MANIFEST_NAME,
  saveManifest,
  type Manifest,
  type ManifestFile,
  type ManifestSource,
} from './manifest.js';
import { joinParts } from './merge.js';
import { writePartition } from './partition-file.js';
import { planSeries, type PartitionChange } from './plan.js';

export const DEFAULT_CATALOG_ROW_GROUP = 65_536;

export interface CatalogReadQuery<K extends CatalogKind> {
  kind: K;
  /** Default: every symbol of the kind. A symbol the catalog lacks is a DataError. */
  symbols?: string[];
  /** Rows with start <= ts < end (either bound optional); ts is the kind's index timestamp. */
  start?: Timestamp;
  end?: Timestamp;
  /** Filled in with counts of files and row groups read. */
  stats?: CatalogReadStats;
}

export interface ImportSeries<K extends CatalogKind = CatalogKind> {
  kind: K;
  symbol: string;
  table: CatalogTable<K>;
}

export interface CatalogWriteOptions {
  /** Replace the catalog's rows within each series' [first, last] instead of merging (merge.ts). */
  replace?: boolean;
  /** Rows per Parquet row group (default 65,536). */
  rowGroupSize?: number;
}

export interface SeriesReport {
  kind: CatalogKind;
  symbol: string;
  rows: number;
  firstTs: string | null;
  lastTs: string | null;
  partitions: PartitionChange[];
}

export interface SeriesSummary {
  kind: CatalogKind;
  symbol: string;
  files: number;
  rows: number;
  firstTs: string;
  lastTs: string;
}

export interface OpenCatalogOptions {
  /** Create the directory and an empty manifest when missing (default false: a missing catalog is an error). */
  create?: boolean;
}

export function openCatalog(dir: string, opts: OpenCatalogOptions = {}): Catalog {
  const root = resolve(dir);
  const manifestPath = join(root, MANIFEST_NAME);
  let st;
  try {
    st = statSync(root);
  } catch {
    st = null;
  }
  if (st && !st.isDirectory()) throw new DataError({ file: root }, 'is a file, not a catalog directory');
  if (!st) {
    if (!opts.create) throw new DataError({ file: root }, 'no catalog here (the directory does not exist)');
    mkdirSync(root, { recursive: true });
  }
  if (existsSync(manifestPath)) return new Catalog(root, loadManifest(manifestPath));
  const visible = readdirSync(root).filter((n) => !n.startsWith('.'));
  if (visible.length > 0)
    throw new DataError(
      { file: root },
      `not a catalog: the directory has files but no ${MANIFEST_NAME} (use an empty or new directory)`,
    );
  if (!opts.create) throw new DataError({ file: manifestPath }, 'no catalog here (no manifest)');
  return new Catalog(root, emptyManifest());
}

/** A partition to read and the range to cut it by (none: the partition lies wholly inside the range). */
export interface PartRead {
  entry: ManifestFile;
  range: { start?: Timestamp; end?: Timestamp };
}

/** The entries (in period order) whose [first, last] overlaps [start, end), with their cut ranges. */
export function partsInRange(entries: ManifestFile[], start?: Timestamp, end?: Timestamp): PartRead[] {
  const out: PartRead[] = [];
  for (const entry of entries) {
    const { first, last } = entryTimes(entry);
    if (end && tsCompare(first.sec, first.nsec, end.sec, end.nsec) >= 0) continue;
    if (start && tsCompare(last.sec, last.nsec, start.sec, start.nsec) < 0) continue;
    // A partition wholly inside the range is read without a row filter.
    const cutStart = start && tsCompare(first.sec, first.nsec, start.sec, start.nsec) < 0;
    const cutEnd = end && tsCompare(last.sec, last.nsec, end.sec, end.nsec) >= 0;
    out.push({ entry, range: { start: cutStart ? start : undefined, end: cutEnd ? end : undefined } });
  }
  return out;
}

export class Catalog {
  readonly manifestPath: string;

  constructor(
    readonly root: string,
    private manifest: Manifest,
  ) {
    this.manifestPath = join(root, MANIFEST_NAME);
  }

  /** Partition entries (copies), optionally of one kind and/or symbol. */
  list(filter: { kind?: CatalogKind; symbol?: string } = {}): ManifestFile[] {
    return this.manifest.files
      .filter(
        (f) => (!filter.kind || f.kind === filter.kind) && (!filter.symbol || f.symbol === filter.symbol),
      )
      .map((f) => ({ ...f, sources: f.sources.map((s) => ({ ...s })) }));
  }

  /** One line per (kind, symbol): files, rows, time range (the manifest is kept in period order). */
  series(kind?: CatalogKind): SeriesSummary[] {
    const out = new Map<string, SeriesSummary>();
    for (const f of this.manifest.files) {
      if (kind && f.kind !== kind) continue;
      const key = `${f.kind}\u0000${f.symbol}`;
      const s = out.get(key);
      if (s) {
        s.files++;
        s.rows += f.rows;
        s.lastTs = f.lastTs;
      } else
        out.set(key, {
          kind: f.kind,
          symbol: f.symbol,
          files: 1,
          rows: f.rows,
          firstTs: f.firstTs,
          lastTs: f.lastTs,
        });
    }
    return [...out.values()];
  }

  symbols(kind: CatalogKind): string[] {
    return [...new Set(this.manifest.files.filter((f) => f.kind === kind).map((f) => f.symbol))].sort();
  }

  /** Tables per symbol (in the order asked) with exactly the rows in [start, end). */
  read<K extends CatalogKind>(q: CatalogReadQuery<K>): Map<string, CatalogTable<K>> {
    codecFor(q.kind);
    const stats = q.stats ?? { files: 0, filesRead: 0, rowGroups: 0, rowGroupsRead: 0, rows: 0 };
    Object.assign(stats, { files: 0, filesRead: 0, rowGroups: 0, rowGroupsRead: 0, rows: 0 });
    const out = new Map<string, CatalogTable<K>>();
    for (const symbol of q.symbols ?? this.symbols(q.kind)) {
      const entries = this.entriesOf(q.kind, symbol);
      if (entries.length === 0) {
        const have = this.symbols(q.kind);
        throw new DataError(
          { file: this.manifestPath, value: symbol },
          `the catalog has no ${q.kind} for this symbol` +
            (have.length ? ` (it has ${have.slice(0, 10).join(', ')}${have.length > 10 ? ' ...' : ''})` : ''),
        );
      }
      stats.files += entries.length;
      const codec = codecFor(q.kind, entries[0]!.index);
      const parts: CatalogTable<K>[] = [];
      for (const { entry, range } of partsInRange(entries, q.start, q.end)) {
        stats.filesRead++;
        parts.push(this.readEntry(codec, entry, range, stats));
      }
      const table = joinParts(codec, parts, symbol, entryTick(entries[0]!));
      stats.rows += codec.length(table);
      out.set(symbol, table);
    }
    return out;
  }

  /**
   * What `read` reads of one symbol (the stream worker reads the same, catalog-producer.ts): the
   * partition files overlapping [start, end) in time order, each with the range to cut it by, and the
   * tick the joined rows are counted in (the finest dividing every partition's, as joinParts).
   */
  planRead(
    kind: CatalogKind,
    symbol: string,
    start?: Timestamp,
    end?: Timestamp,
  ): { parts: (PartRead & { path: string })[]; tick: Scaled } | null {
    const entries = this.entriesOf(kind, symbol);
    if (entries.length === 0) return null;
    const parts = partsInRange(entries, start, end).map((p) => ({
      ...p,
      path: join(this.root, p.entry.path),
    }));
    let tick = entryTick(parts[0]?.entry ?? entries[0]!);
    for (const p of parts) {
      const t = finestCommonTick(tick, entryTick(p.entry));
      if (!t)
        throw new DataError(
          { file: this.manifestPath, value: symbol, field: 'priceTick' },
          `partitions count prices in ticks that cannot be joined (${p.entry.priceTick})`,
        );
      tick = t;
    }
    return { parts, tick };
  }

  private entriesOf(kind: CatalogKind, symbol: string): ManifestFile[] {
    return this.manifest.files
      .filter((f) => f.kind === kind && f.symbol === symbol)
      .sort((a, b) => (a.period < b.period ? -1 : 1));
  }

  private readEntry<T>(
    codec: KindCodec<T>,
    e: ManifestFile,
    q: { start?: Timestamp; end?: Timestamp },
    stats: { rowGroups: number; rowGroupsRead: number },
  ): T {
    const path = join(this.root, e.path);
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new DataError(
        { file: path },
        `partition listed in ${this.manifestPath} is missing (the catalog was changed outside hindsight)`,
      );
    }
    if (size !== e.bytes)
      throw new DataError(
        { file: path },
        `partition has ${size} bytes, the manifest says ${e.bytes} (the file was changed or truncated)`,
      );
    const t = codec.read(path, e.symbol, q, stats);
    if (!q.start && !q.end && codec.length(t) !== e.rows)
      throw new DataError(
        { file: path },
        `partition has ${codec.length(t)} rows, the manifest says ${e.rows}`,
      );
    return t;
  }

  /** Re-reads the manifest (another process may have written the catalog). */
  refresh(): void {
    this.manifest = existsSync(this.manifestPath) ? loadManifest(this.manifestPath) : emptyManifest();
  }

  /**
   * Adds series to the catalog (all or nothing). `source` names where the rows came from; its hash is
   * recorded per partition. Conflicting overlaps are DataErrors naming the source file.
   */
  write(series: ImportSeries[], source: ManifestSource, opts: CatalogWriteOptions = {}): SeriesReport[] {
    const rowGroupSize = opts.rowGroupSize ?? DEFAULT_CATALOG_ROW_GROUP;
    if (!Number.isInteger(rowGroupSize) || rowGroupSize < 1)
      throw new UsageError(`catalog: rowGroupSize must be a positive integer (got ${rowGroupSize})`);
    const release = acquireLock(join(this.root, '.catalog.lock'), `catalog ${this.root}`);
    const created: string[] = [];
    try {
      this.refresh();
      const next: Manifest = { ...this.manifest, files: [...this.manifest.files] };
      const superseded: string[] = [];
      const reports: SeriesReport[] = [];
      for (const s of series) {
        const old = next.files.filter((f) => f.kind === s.kind && f.symbol === s.symbol);
        const codec = codecForRows(
          s.kind,
          s.table,
          old[0]?.index ?? null,
          s.symbol,
          source.file,
        ) as KindCodec<unknown>;
        const plan = planSeries(codec, s.symbol, s.table, old, source, !!opts.replace, (e) =>
          this.readEntry(codec, e, {}, { rowGroups: 0, rowGroupsRead: 0 }),
        );
        for (const f of plan.files) {
          const { entry, fresh } = writePartition(this.root, this.manifest.files, codec, s, f, rowGroupSize);
          if (fresh) created.push(entry.path);
          next.files.push(entry);
        }
        for (const e of plan.dropped) {
          next.files.splice(next.files.indexOf(e), 1);
          if (!plan.files.some((f) => f.keep === e)) superseded.push(e.path);
        }
        const n = codec.length(s.table);
        reports.push({
          kind: s.kind,
          symbol: s.symbol,
          rows: n,
          firstTs: n ? formatIso(codec.tsSec(s.table)[0]!, codec.tsNsec(s.table)[0]!) : null,
          lastTs: n ? formatIso(codec.tsSec(s.table)[n - 1]!, codec.tsNsec(s.table)[n - 1]!) : null,
          partitions: plan.changes,
        });
      }
      saveManifest(this.manifestPath, next);
      this.manifest = next;
      created.length = 0;
      const live = new Set(next.files.map((f) => f.path));
      for (const p of superseded) if (!live.has(p)) rmSync(join(this.root, p), { force: true });
      return reports;
    } finally {
      for (const p of created) rmSync(join(this.root, p), { force: true });
      release();
    }
  }
}
