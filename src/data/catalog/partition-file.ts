/**
 * Writing one planned partition (plan.ts) as an immutable, content-named Parquet file:
 * `<kind>/<symbol dir>/<period>.<first 16 hex of its SHA-256>.parquet`, written under a temp name, fsynced
 * and renamed, so a listed path always holds complete content. An unchanged partition keeps its file and
 * only gets a new manifest entry (new sources).
 */
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatScaled } from '../../core/decimal.js';
import { formatIso } from '../../core/time.js';
import type { CatalogKind, KindCodec } from './codec.js';
import { fsyncPath, sha256File, tempPathIn } from './fs-util.js';
import type { ManifestFile } from './manifest.js';
import { symbolDirName } from './partition.js';
import type { PlannedFile } from './plan.js';

/**
 * The manifest entry of the written (or kept) file of series `s`; `fresh` when the file is not one the
 * committed manifest (`committed`) lists, i.e. when a failed write must delete it again.
 */
export function writePartition(
  root: string,
  committed: ManifestFile[],
  codec: KindCodec<unknown>,
  s: { kind: CatalogKind; symbol: string },
  f: PlannedFile,
  rowGroupSize: number,
): { entry: ManifestFile; fresh: boolean } {
  const { kind, symbol } = s;
  const n = codec.length(f.table);
  const tick = codec.priceTick(f.table);
  const base = {
    kind,
    symbol,
    index: codec.indexName as ManifestFile['index'],
    period: f.period,
    firstTs: formatIso(codec.tsSec(f.table)[0]!, codec.tsNsec(f.table)[0]!),
    lastTs: formatIso(codec.tsSec(f.table)[n - 1]!, codec.tsNsec(f.table)[n - 1]!),
    rows: n,
    priceTick: formatScaled(tick.units, tick.scale),
    sources: f.sources,
  };
  if (f.keep !== null) {
    const { path, bytes, sha256 } = f.keep;
    return { entry: { ...base, path, bytes, sha256 }, fresh: !committed.some((e) => e.path === path) };
  }
  const rel = `${kind}/${symbolDirName(symbol)}`;
  const dir = join(root, rel);
  mkdirSync(dir, { recursive: true });
  const tmp = tempPathIn(dir, `${f.period}.parquet`);
  try {
    codec.write(tmp, f.table, symbol, rowGroupSize);
    fsyncPath(tmp);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  const sha256 = sha256File(tmp);
  const path = `${rel}/${f.period}.${sha256.slice(0, 16)}.parquet`;
  renameSync(tmp, join(root, path));
  const entry = { ...base, path, bytes: statSync(join(root, path)).size, sha256 };
  return { entry, fresh: !committed.some((e) => e.path === path) };
}
