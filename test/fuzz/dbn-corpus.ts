/**
 * The fuzz corpus of the DBN reader (used by the quick fuzz test and scripts/fuzz-dbn.ts): the shared
 * Databento test files, when present. The mutations themselves are shared by every reader's fuzzing
 * (test/fuzz/inputs.ts).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';

/** The shared Databento test files (../shared/data/dbn) with the version a fragment needs; [] when absent. */
export function fuzzCorpus(
  dir = new URL('../../../shared/data/dbn/', import.meta.url).pathname,
): { bytes: Uint8Array; version?: 1 | 2 | 3 }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.endsWith('.dbz'))
    .sort()
    .map((f) => {
      const m = /\.v(\d)\./.exec(f);
      const version = (m ? Number(m[1]) : 2) as 1 | 2 | 3;
      return { bytes: new Uint8Array(readFileSync(dir + f)), ...(f.includes('.frag') ? { version } : {}) };
    });
}
