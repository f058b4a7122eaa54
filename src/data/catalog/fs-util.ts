/**
 * File-system helpers of the catalog and the cache: content hashes (SHA-256, streamed in blocks so a large
 * source is never held whole), canonical JSON for option keys, atomic writes (temp file + fsync + rename)
 * and an exclusive lock file.
 *
 * Invariants: a reader of a path written by `writeFileAtomic` sees either the old or the new content,
 * never a mix (rename within one directory is atomic on POSIX file systems). Temp names start with
 * `.tmp-` so a crash leaves only such files behind, never a half-written target.
 * Limits: the lock is advisory and local (a pid file): processes on other hosts sharing the directory over
 * a network file system are not excluded; a lock whose process is gone is taken over.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DataError, UsageError } from '../../core/errors.js';

const HASH_BLOCK = 4 << 20;

/** SHA-256 (hex) of a file's bytes; an unreadable file is a DataError naming it. */
export function sha256File(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new DataError({ file: path }, `cannot read the file: ${(e as Error).message}`);
  }
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(HASH_BLOCK);
    for (;;) {
      const n = readSync(fd, buf, 0, HASH_BLOCK, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
    return hash.digest('hex');
  } catch (e) {
    throw new DataError({ file: path }, `cannot read the file: ${(e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

export function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * JSON with object keys sorted at every level and `undefined` members dropped, so two option objects
 * that mean the same thing give the same text (and the same cache key).
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new UsageError(`canonicalJson: ${value} has no JSON form`);
    if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol')
      throw new UsageError(`canonicalJson: a ${typeof value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(obj[k])).join(',') + '}';
}

/** A fresh temp path in `dir` (same file system as the target, so the final rename is atomic). */
export function tempPathIn(dir: string, hint: string): string {
  return join(dir, `.tmp-${process.pid}-${randomUUID().slice(0, 8)}-${hint}`);
}

export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `data` to `path` atomically: temp file in the same directory, fsync, rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = tempPathIn(dirname(path), basename(path));
  try {
    const fd = openSync(tmp, 'w');
    try {
      if (typeof data === 'string') writeSync(fd, data);
      else writeSync(fd, data, 0, data.length);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock file at `path` (exclusive create holding our pid) and returns its release function.
 * A lock held by a live process is a UsageError naming it; one left by a dead process is taken over.
 */
export function acquireLock(path: string, what: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new DataError({ file: path }, `${what}: cannot take the lock: ${(e as Error).message}`);
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(path, 'utf8').trim());
    } catch {
      // The holder released it between our attempts: try again.
    }
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder))
      throw new UsageError(
        `${what} is locked by process ${holder} (another import is running); lock file ${path}`,
      );
    rmSync(path, { force: true });
  }
  throw new UsageError(`${what}: cannot take the lock file ${path}`);
}
