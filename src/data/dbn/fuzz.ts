/**
 * Mutations for fuzzing the DBN reader (used by the quick fuzz test and scripts/fuzz-dbn.js): byte flips,
 * truncation, duplication of a slice, random length bytes, inserted garbage. Seeded (core/rng.ts), so a
 * failing case is reproducible from its seed and index. Also the corpus of shared test files, when present.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { Rng } from '../../core/rng.js';

export function mutate(src: Uint8Array, rng: Rng): Uint8Array {
  let b = src.slice();
  const rounds = 1 + rng.int(4);
  for (let k = 0; k < rounds; k++) {
    const at = b.length === 0 ? 0 : rng.int(b.length);
    switch (rng.int(6)) {
      case 0: // flip bytes
        for (let j = 0; j < 1 + rng.int(4) && at + j < b.length; j++) b[at + j] = rng.int(256);
        break;
      case 1: // truncate
        b = b.subarray(0, at);
        break;
      case 2: {
        // duplicate a slice
        const len = rng.int(64);
        const out = new Uint8Array(b.length + len);
        out.set(b.subarray(0, at));
        out.set(b.subarray(at, at + len), at);
        out.set(b.subarray(at), at + Math.min(len, b.length - at));
        b = out.subarray(0, b.length + Math.min(len, b.length - at));
        break;
      }
      case 3: // extreme values in a 32-bit word
        if (at + 4 <= b.length)
          new DataView(b.buffer, b.byteOffset).setUint32(at, [0, 0xffffffff, 0x7fffffff][rng.int(3)]!, true);
        break;
      case 4: // a small length byte
        if (b.length) b[at] = rng.int(8);
        break;
      default: {
        // insert garbage
        const len = 1 + rng.int(16);
        const out = new Uint8Array(b.length + len);
        out.set(b.subarray(0, at));
        for (let j = 0; j < len; j++) out[at + j] = rng.int(256);
        out.set(b.subarray(at), at + len);
        b = out;
      }
    }
  }
  return b;
}

/** The shared Databento test files (../shared/data/dbn) with the version a fragment needs; [] when absent. */
export function fuzzCorpus(
  dir = new URL('../../../../shared/data/dbn/', import.meta.url).pathname,
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
