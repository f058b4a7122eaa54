/**
 * Importing source files into a catalog: each file is hashed (SHA-256 of its bytes, recorded in the
 * manifest), read into series (sources.ts) and written in one all-or-nothing catalog write. Files are
 * committed one by one, in the order given: when file k fails, files before it stay imported (the
 * `onFile` callback has reported them) and the error names file k.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataError } from '../../core/errors.js';
import type { Catalog, CatalogWriteOptions, SeriesReport } from './catalog.js';
import { sha256File } from './fs-util.js';
import { readSource, type SourceFormat, type SourceOptions } from './sources.js';

export interface ImportOptions extends SourceOptions, CatalogWriteOptions {}

export interface ImportResult {
  file: string;
  format: SourceFormat;
  sha256: string;
  bytes: number;
  rowsRead: number;
  rowsQuarantined: number;
  quarantinePath: string | null;
  /** Kinds present in the source but not imported, with row counts. */
  skipped: { kind: string; rows: number }[];
  series: SeriesReport[];
}

export function importFile(catalog: Catalog, file: string, opts: ImportOptions = {}): ImportResult {
  const path = resolve(file);
  let bytes: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new DataError({ file }, 'not a regular file');
    bytes = st.size;
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError({ file }, `cannot read the file: ${(e as Error).message}`);
  }
  const sha256 = sha256File(path);
  const src = readSource(file, opts);
  const series = catalog.write(src.series, { file: path, sha256 }, opts);
  return {
    file,
    format: src.format,
    sha256,
    bytes,
    rowsRead: src.rowsRead,
    rowsQuarantined: src.rowsQuarantined,
    quarantinePath: src.quarantinePath,
    skipped: src.skipped,
    series,
  };
}

export function importFiles(
  catalog: Catalog,
  files: string[],
  opts: ImportOptions = {},
  onFile?: (r: ImportResult) => void,
): ImportResult[] {
  return files.map((f) => {
    const r = importFile(catalog, f, opts);
    onFile?.(r);
    return r;
  });
}
