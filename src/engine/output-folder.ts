/**
 * Writing a run folder so that it is either complete or absent: the run writes into a staging folder beside
 * its final place (`<out>.partial-<pid>`, same parent, so one rename moves it) and the folder is renamed
 * into place only once every file is written. An earlier run folder at `<out>` is replaced at that moment
 * (moved aside to `<out>.old-<pid>`, the new one renamed in, the old one deleted).
 *
 * Invariants: a failed run leaves `<out>` as it was and removes its staging folder. A folder is replaced
 * only when it is empty or holds nothing but run-folder entries (RUN_ENTRIES): a user's own folder
 * (`--out .`, a folder with notes in it) is never deleted; that is an error naming the foreign entry.
 * Errors of the file system (no such parent, a parent that is a file, permission denied, disk full, a
 * read-only file system) become an OutputError naming `<out>`, which the CLI prints without a stack.
 * Limits: a process killed mid-run leaves its `<out>.partial-<pid>` (never mistaken for a run folder);
 * one killed between the two renames of a replacement leaves the old run at `<out>.old-<pid>`.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { OutputError } from '../core/errors.js';
import { RUN_FILES } from '../analytics/outputs.js';
import { PARQUET_TWINS } from '../analytics/outputs-parquet.js';

/** Everything a run (or `hindsight report` afterwards) writes into a run folder. */
export const RUN_ENTRIES: ReadonlySet<string> = new Set<string>([
  ...RUN_FILES,
  ...PARQUET_TWINS,
  'report.html',
  'quarantine',
]);

/** Plain words for the file-system errors a user can cause with an output path. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or folder',
  ENAMETOOLONG: 'the path is too long',
  EEXIST: 'the path already exists',
  EISDIR: 'a file to write is a folder',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
  EFBIG: 'file too large for the file system or the process file-size limit',
};

export interface StagedFolder {
  /** Where the run folder will be. */
  readonly out: string;
  /** Where the run writes meanwhile. */
  readonly staging: string;
}

/** Checks that `out` can take a run folder and creates the staging folder beside it. */
export function stageRunFolder(outDir: string): StagedFolder {
  const out = resolve(outDir);
  const staging = `${out}.partial-${process.pid}`;
  return asOutputError(out, () => {
    checkReplaceable(out);
    makeFolders(dirname(out));
    rmSync(staging, { recursive: true, force: true }); // left by a killed run that had this pid
    mkdirSync(staging);
    return { out, staging };
  });
}

/** Renames the finished staging folder into place, replacing an earlier run folder there. */
export function commitRunFolder(f: StagedFolder): void {
  asOutputError(f.out, () => {
    checkReplaceable(f.out);
    if (!existsSync(f.out)) {
      renameSync(f.staging, f.out);
      return;
    }
    const old = `${f.out}.old-${process.pid}`;
    rmSync(old, { recursive: true, force: true });
    renameSync(f.out, old);
    try {
      renameSync(f.staging, f.out);
    } catch (e) {
      renameSync(old, f.out);
      throw e;
    }
    rmSync(old, { recursive: true, force: true });
  });
}

/** Removes the staging folder of a run that failed (best effort: the first error is what matters). */
export function discardRunFolder(f: StagedFolder): void {
  try {
    rmSync(f.staging, { recursive: true, force: true });
  } catch {
    // Nothing to add: the run's own error is being reported.
  }
}

/** `path` inside the staging folder as the same path inside the final folder (other paths unchanged). */
export function finalPath(f: StagedFolder, path: string): string {
  const rel = relative(f.staging, path);
  const inside = rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel);
  return inside ? join(f.out, rel) : path;
}

/** Runs `write`; a file-system error from it becomes an OutputError naming `out`. */
export function asOutputError<T>(out: string, write: () => T): T {
  try {
    return write();
  } catch (e) {
    throw toOutputError(out, e);
  }
}

/** The same for an asynchronous write. */
export async function asOutputErrorAsync<T>(out: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    throw toOutputError(out, e);
  }
}

/** A Node file-system error as an OutputError naming `out`; anything else unchanged (it is a bug). */
export function toOutputError(out: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e;
  // mkdir says ENOTDIR or EEXIST when a parent is a file: name that file.
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    const file = fileAncestor(out);
    if (file) return new OutputError(out, `${file} is a file, not a folder (${code})`);
  }
  return new OutputError(out, `${REASONS[code] ?? (e as Error).message} (${code})`);
}

/** The nearest existing ancestor of `path` when it is not a folder (the cause of ENOTDIR), else null. */
function fileAncestor(path: string): string | null {
  for (let p = dirname(path); ; p = dirname(p)) {
    if (existsSync(p)) return statSync(p).isDirectory() ? null : p;
    if (dirname(p) === p) return null;
  }
}

/**
 * `mkdir -p`, one level at a time: Node's recursive mkdirSync spins forever where a parent can never be
 * made (e.g. /proc/x/y: ENOENT, the parent exists, retry ...), this fails with the level's error.
 */
function makeFolders(path: string): void {
  if (existsSync(path)) return;
  const parent = dirname(path);
  if (parent !== path) makeFolders(parent);
  try {
    mkdirSync(path);
  } catch (e) {
    // Made meanwhile by another run writing beside this one: fine.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(path).isDirectory()) throw e;
  }
}

/** Throws unless `out` is absent, an empty folder, or a folder of run-folder entries only. */
function checkReplaceable(out: string): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new OutputError(out, 'it exists and is not a folder');
  const foreign = readdirSync(out).find((name) => !RUN_ENTRIES.has(name));
  if (foreign !== undefined)
    throw new OutputError(
      out,
      `the folder holds "${foreign}", which is not part of a run folder; not replacing it ` +
        '(remove the folder or choose another --out)',
    );
}
