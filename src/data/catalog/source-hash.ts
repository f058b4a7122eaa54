/**
 * The SHA-256 of a source file's content for the parse cache's key, remembered across runs: hashing a
 * 270 MB CSV costs ~130 ms on every run, a cache hit included. The cache keeps, per source path, the hash
 * with the file's identity when it was hashed — device, inode, size, and modification and change times in
 * nanoseconds — and hashes again whenever any of them differs.
 *
 * Why the identity is enough: any write to the file changes its ctime, which no user tool can set back
 * (touch and cp -p set mtime only); a file replaced by another has another inode or ctime. What it does
 * not catch: a change by someone who resets the system clock, or a file system without ctime. Memos live
 * in `<cache dir>/sources/`, one small JSON file each, written atomically; an unreadable one is ignored.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sha256File, sha256Text, tempPathIn } from './fs-util.js';

interface SourceMemo {
  identity: string;
  sha256: string;
}

function identityOf(path: string): string {
  const s = statSync(path, { bigint: true });
  return [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':');
}

/** The content SHA-256 of `path`, from the memo in `cacheRoot` when the file is unchanged. */
export function sourceSha256(cacheRoot: string, path: string): string {
  let identity: string;
  try {
    identity = identityOf(path);
  } catch {
    return sha256File(path); // names the file in its DataError
  }
  const dir = join(cacheRoot, 'sources');
  const memoPath = join(dir, sha256Text(resolve(path)) + '.json');
  try {
    const memo = JSON.parse(readFileSync(memoPath, 'utf8')) as SourceMemo;
    if (memo.identity === identity && /^[0-9a-f]{64}$/.test(memo.sha256)) return memo.sha256;
  } catch {
    // no memo yet, or an unreadable one: hash below
  }
  const sha256 = sha256File(path);
  // A file changed while it was hashed keeps no memo: the next run hashes it again.
  if (identityOf(path) === identity) {
    try {
      mkdirSync(dir, { recursive: true });
      const tmp = tempPathIn(dir, 'source.json');
      writeFileSync(tmp, JSON.stringify({ identity, sha256 } satisfies SourceMemo));
      renameSync(tmp, memoPath);
    } catch {
      // a cache that cannot be written never fails the load
    }
  }
  return sha256;
}
