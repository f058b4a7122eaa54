/**
 * The parse cache: the first load of a source file (CSV, DBN ...) stores its parsed tables as raw column
 * files (column-file.ts); the next load of the same bytes with the same options maps them back instead of
 * parsing.
 *
 * Key: SHA-256 over (CACHE_LAYOUT_VERSION, what the load produces, canonical JSON of the parse options,
 * SHA-256 of the source file's content) — a changed byte, option or reader version is a different entry;
 * the path is not part of it, so a moved file still hits. Directory: `dir` option, else $HINDSIGHT_CACHE,
 * else `<cwd>/.hindsight-cache`; entries at `<dir>/<key[0..2]>/<key>/` holding `entry.json` (tables,
 * counts, sizes and checksums of every file), `t<i>.col` and the quarantine file of a lenient load.
 * An entry is built in a temp directory and renamed into place, so it is complete or absent. On a hit
 * every file is read once and checked (size, then checksum of the bytes read unless verify = 'size';
 * then the column file's own checks, kind, name and row count): anything wrong removes the entry and the
 * load runs again ('rebuilt'). A failure to write the cache never fails the load: the result carries
 * `cacheError`. Checksums are computed from memory as the files are written, never read back.
 * The file checksum is CRC-32 (zlib.crc32, Node >= 20.15; SHA-256 otherwise): it guards against damage,
 * not tampering — entry.json is unsigned, so a cryptographic hash would not stop that either — and is
 * 3x faster than SHA-256 here. The source key stays SHA-256 (a collision there would serve wrong data).
 * Loads whose counts or quarantine name the source path (lenient issues) hit only under the same path.
 * The source's SHA-256 is remembered with the file's identity (source-hash.ts), so an unchanged source is
 * not read again to find its entry.
 *
 * Measured first and cached runs over 1 M-row CSV and DBN files: cache-readers.ts.
 * Limits: no eviction (delete the directory to reclaim space); concurrent builders of one entry both
 * parse, the first rename wins; entries are not fsynced (a crash may leave a renamed entry with lost
 * content: verify 'hash' rebuilds it, 'size' only when a size or the format's checks differ).
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as zlib from 'node:zlib';
import { DataError } from '../../core/errors.js';
import type { BarTable } from '../bars.js';
import type { TableBase } from '../schemas.js';
import { decodeColumnFile, writeColumnFile, type ByteSink, type ColumnFileKind } from './column-file.js';
import { canonicalJson, sha256Text, tempPathIn } from './fs-util.js';
import { sourceSha256 } from './source-hash.js';

/** Bump when a reader's output or the cache layout changes: old entries then miss. */
export const CACHE_LAYOUT_VERSION = 2;

export interface CacheOptions {
  /** false: no cache (the load runs every time). Default true. */
  enabled?: boolean;
  /** Cache directory (default $HINDSIGHT_CACHE, else <cwd>/.hindsight-cache). */
  dir?: string;
  /** How a hit checks its files: 'hash' (default; a checksum of each) or 'size' (sizes and format checks). */
  verify?: 'hash' | 'size';
}

export interface WithCacheOptions extends CacheOptions {
  /** Where a hit rewrites the stored quarantine file (what the load would have written). */
  quarantinePath?: string;
}

export type CacheStatus = 'hit' | 'miss' | 'rebuilt' | 'off';

/** One table of a load: bars or any canonical or DBN control table. */
export interface CachedTable {
  kind: ColumnFileKind;
  /** The load's own name for the table (a symbol, a DBN kind ...). */
  name: string;
  table: BarTable | TableBase;
}

export interface CacheLoad {
  tables: CachedTable[];
  /** JSON-serialisable counts and extras restored on a hit. */
  info: unknown;
  /** The quarantine file the load wrote (stored, and rewritten at `quarantinePath` on a hit), else null. */
  quarantinePath: string | null;
  /** True when `info` or the quarantine text names the source path (then only that path hits). */
  namesSource: boolean;
}

export interface CacheResult extends CacheLoad {
  cache: CacheStatus;
  /** Entry key ('' when off). */
  key: string;
  /** Why the entry could not be written (the load itself succeeded). */
  cacheError?: string;
}

export interface EntryFile {
  version: number;
  key: string;
  source: { label: string; sha256: string };
  tables: { file: string; kind: ColumnFileKind; name: string; rows: number; sum: string; bytes: number }[];
  info: unknown;
  quarantine: { file: string; sum: string; bytes: number } | null;
  namesSource: boolean;
}

/** A running checksum of bytes, as text naming its algorithm ('crc32:...' or 'sha256:...'). */
interface Checksum extends ByteSink {
  text(): string;
}

const crc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

function checksum(): Checksum {
  if (!crc32) {
    const h = createHash('sha256');
    return { update: (b) => h.update(b), text: () => 'sha256:' + h.digest('hex') };
  }
  let value = 0;
  return {
    update: (b) => (value = crc32(b, value)),
    text: () => 'crc32:' + (value >>> 0).toString(16).padStart(8, '0'),
  };
}

function checksumOf(bytes: Uint8Array): string {
  const c = checksum();
  c.update(bytes);
  return c.text();
}

export function cacheDir(dir?: string): string {
  return resolve(dir ?? process.env.HINDSIGHT_CACHE ?? join(process.cwd(), '.hindsight-cache'));
}

/**
 * `load()` through the cache. `kind` says what the load produces (e.g. 'bars-csv', 'dbn') and
 * `optionsKey` every option that changes its result (never output paths such as a quarantine file).
 */
export function withCache(
  sourcePath: string,
  optionsKey: unknown,
  kind: string,
  load: () => CacheLoad,
  opts: WithCacheOptions = {},
): CacheResult {
  if (opts.enabled === false) return { ...load(), cache: 'off', key: '' };
  const root = cacheDir(opts.dir);
  const sourceSha = sourceSha256(root, sourcePath);
  const key = cacheKey(sourceSha, kind, optionsKey);
  const dir = entryDir(root, key);
  let status: CacheStatus = 'miss';
  if (existsSync(dir)) {
    const hit = readEntry(dir, key, sourcePath, opts.verify ?? 'hash', opts.quarantinePath ?? null);
    if (hit) return { ...hit, cache: 'hit', key };
    if (hit === undefined) {
      rmSync(dir, { recursive: true, force: true });
      status = 'rebuilt';
    }
  }
  const loaded = load();
  try {
    writeEntry(root, dir, key, sourcePath, sourceSha, loaded);
  } catch (e) {
    return { ...loaded, cache: status, key, cacheError: (e as Error).message };
  }
  return { ...loaded, cache: status, key };
}

/** The entry key of a load (see the header). */
export function cacheKey(sourceSha: string, kind: string, optionsKey: unknown): string {
  return sha256Text(canonicalJson({ v: CACHE_LAYOUT_VERSION, kind, options: optionsKey, source: sourceSha }));
}

export function entryDir(root: string, key: string): string {
  return join(root, key.slice(0, 2), key);
}

/**
 * For loads that stream an entry instead of mapping it whole (src/data/stream/csv-producer.ts): the
 * entry's description (its files not read yet), null for a sound entry that may not serve this path,
 * undefined for a broken one (remove it and build it again).
 */
export function readEntryManifest(dir: string, key: string, label: string): EntryFile | null | undefined {
  try {
    const e = JSON.parse(readFileSync(join(dir, 'entry.json'), 'utf8')) as EntryFile;
    if (e.version !== CACHE_LAYOUT_VERSION || e.key !== key || !Array.isArray(e.tables)) return undefined;
    return e.namesSource && e.source.label !== label ? null : e;
  } catch {
    return undefined;
  }
}

/** Checksum of a file as it is on disk, read in blocks (bounded memory): for files written out of order. */
export function fileChecksum(path: string): { sum: string; bytes: number } {
  const c = checksum();
  const buf = new Uint8Array(1 << 20);
  const fd = openSync(path, 'r');
  let bytes = 0;
  try {
    for (;;) {
      const got = readSync(fd, buf, 0, buf.length, null);
      if (got === 0) break;
      bytes += got;
      c.update(buf.subarray(0, got));
    }
  } finally {
    closeSync(fd);
  }
  return { sum: c.text(), bytes };
}

/** True when the file at `path` has `size` bytes and checksum `sum`. */
export function fileMatches(path: string, size: number, sum: string): boolean {
  try {
    const got = fileChecksum(path);
    return got.bytes === size && got.sum === sum;
  } catch {
    return false;
  }
}

/**
 * An entry written piece by piece (streamed loads): files go into a temp directory (`tmp`), commit()
 * writes entry.json and renames the directory into place, abandon() removes it. Complete or absent, as
 * the entries withCache writes.
 */
export class EntryBuilder {
  readonly tmp: string;
  private readonly dir: string;
  readonly entry: EntryFile;

  constructor(root: string, key: string, label: string, sourceSha: string) {
    const parent = join(root, key.slice(0, 2));
    mkdirSync(parent, { recursive: true });
    this.tmp = tempPathIn(parent, key.slice(0, 8));
    mkdirSync(this.tmp);
    this.dir = entryDir(root, key);
    this.entry = {
      version: CACHE_LAYOUT_VERSION,
      key,
      source: { label, sha256: sourceSha },
      tables: [],
      info: null,
      quarantine: null,
      namesSource: false,
    };
  }

  /** Stores a copy of the load's quarantine file. */
  quarantine(path: string): void {
    const text = readFileSync(path);
    writeFileSync(join(this.tmp, 'quarantine'), text);
    this.entry.quarantine = { file: 'quarantine', sum: checksumOf(text), bytes: text.length };
  }

  commit(info: unknown, namesSource: boolean): void {
    this.entry.info = info;
    this.entry.namesSource = namesSource;
    writeFileSync(join(this.tmp, 'entry.json'), JSON.stringify(this.entry));
    try {
      renameSync(this.tmp, this.dir);
    } catch (e) {
      // Another process built the same entry first: keep theirs.
      if (!existsSync(join(this.dir, 'entry.json'))) throw e;
    } finally {
      this.abandon();
    }
  }

  abandon(): void {
    rmSync(this.tmp, { recursive: true, force: true });
  }
}

/** A hit, null for a sound entry that may not serve this path, undefined for a broken entry. */
function readEntry(
  dir: string,
  key: string,
  label: string,
  verify: 'hash' | 'size',
  quarantineTo: string | null,
): CacheLoad | null | undefined {
  try {
    const e = JSON.parse(readFileSync(join(dir, 'entry.json'), 'utf8')) as EntryFile;
    if (e.version !== CACHE_LAYOUT_VERSION || e.key !== key || !Array.isArray(e.tables)) return undefined;
    if (e.namesSource && e.source.label !== label) return null;
    // Each file is read once: the size and hash checks and the decoding all use those bytes.
    const verified = (file: string, size: number, sum: string): Buffer => {
      const path = join(dir, file);
      const bytes = readFileSync(path);
      if (bytes.length !== size) throw new DataError({ file: path }, 'size differs from the entry');
      if (verify === 'hash' && checksumOf(bytes) !== sum)
        throw new DataError({ file: path }, 'checksum differs from the entry');
      return bytes;
    };
    const tables: CachedTable[] = e.tables.map((t) => {
      const got = decodeColumnFile(verified(t.file, t.bytes, t.sum), join(dir, t.file));
      if (got.kind !== t.kind || got.name !== t.name || got.table.length !== t.rows)
        throw new DataError({ file: join(dir, t.file) }, 'kind, name or row count differs from the entry');
      return got;
    });
    let quarantinePath: string | null = null;
    if (e.quarantine) {
      const stored = verified(e.quarantine.file, e.quarantine.bytes, e.quarantine.sum);
      if (quarantineTo) {
        mkdirSync(dirname(quarantineTo), { recursive: true }); // e.g. RUN_DIR/quarantine/, made on first use
        writeFileSync(quarantineTo, stored);
        quarantinePath = quarantineTo;
      }
    }
    return { tables, info: e.info, quarantinePath, namesSource: e.namesSource };
  } catch {
    // Whatever is wrong with an entry (unreadable, malformed, mismatched, corrupt file), it is not trusted.
    return undefined;
  }
}

function writeEntry(
  root: string,
  dir: string,
  key: string,
  label: string,
  sourceSha: string,
  loaded: CacheLoad,
): void {
  const parent = join(root, key.slice(0, 2));
  mkdirSync(parent, { recursive: true });
  const tmp = tempPathIn(parent, key.slice(0, 8));
  mkdirSync(tmp);
  try {
    const entry: EntryFile = {
      version: CACHE_LAYOUT_VERSION,
      key,
      source: { label, sha256: sourceSha },
      tables: [],
      info: loaded.info,
      quarantine: null,
      namesSource: loaded.namesSource,
    };
    loaded.tables.forEach((t, i) => {
      const file = `t${i}.col`;
      const sum = checksum();
      const bytes = writeColumnFile(join(tmp, file), t, sum);
      entry.tables.push({ file, kind: t.kind, name: t.name, rows: t.table.length, sum: sum.text(), bytes });
    });
    if (loaded.quarantinePath) {
      const text = readFileSync(loaded.quarantinePath);
      writeFileSync(join(tmp, 'quarantine'), text);
      entry.quarantine = { file: 'quarantine', sum: checksumOf(text), bytes: text.length };
    }
    writeFileSync(join(tmp, 'entry.json'), JSON.stringify(entry));
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // Another process built the same entry first: keep theirs.
      if (!existsSync(join(dir, 'entry.json'))) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
