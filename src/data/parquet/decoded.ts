/**
 * Normalises what hyparquet's decoder returns for one column chunk (a list of page arrays: typed arrays
 * for PLAIN/DELTA pages, plain JS arrays for dictionary pages or nullable columns) into one typed array
 * of exactly the row group's length, turning nulls, wrong lengths and wrong value types into DataErrors.
 *
 * Invariants: a single typed page of the right length is returned as is (no copy).
 * Limits: the plain-array path converts value by value (dictionary-encoded int64 from other writers).
 */
import { DataError } from '../../core/errors.js';
import { fitsSafe, halves, int64At } from './int64.js';
import type { ChunkWhere } from './sink.js';

function pages(data: unknown, n: number, at: ChunkWhere, field: string): ArrayLike<unknown>[] {
  const list = data as ArrayLike<unknown>[];
  let total = 0;
  for (const p of list) total += p.length;
  if (total !== n)
    throw new DataError(
      { file: at.file, row: at.rowBase + 1, field, value: String(total) },
      `${at.unit} ${at.index}: column has ${total} values but the row group has ${n} rows`,
    );
  return list;
}

function nullAt(at: ChunkWhere, row: number, field: string, v: unknown): never {
  throw new DataError(
    { file: at.file, row: at.rowBase + row + 1, field, value: String(v) },
    `${at.unit} ${at.index}: ${v === null || v === undefined ? 'null value' : 'value of the wrong type'}`,
  );
}

export function asInt64(data: unknown, n: number, at: ChunkWhere, field: string): BigInt64Array {
  const list = pages(data, n, at, field);
  if (list.length === 1 && list[0] instanceof BigInt64Array) return list[0];
  const out = new BigInt64Array(n);
  let k = 0;
  for (const p of list) {
    if (p instanceof BigInt64Array) {
      out.set(p, k);
      k += p.length;
      continue;
    }
    for (let i = 0; i < p.length; i++, k++) {
      const v = p[i];
      if (typeof v !== 'bigint') nullAt(at, k, field, v);
      out[k] = v;
    }
  }
  return out;
}

export function asFloat64(data: unknown, n: number, at: ChunkWhere, field: string): Float64Array {
  const list = pages(data, n, at, field);
  if (list.length === 1 && list[0] instanceof Float64Array) return list[0];
  const out = new Float64Array(n);
  let k = 0;
  for (const p of list) {
    if (p instanceof Float64Array) {
      out.set(p, k);
      k += p.length;
      continue;
    }
    if (p instanceof BigInt64Array) {
      const h = halves(p);
      for (let i = 0; i < p.length; i++, k++) {
        if (!fitsSafe(h[2 * i + 1]!, h[2 * i]!))
          throw new DataError(
            { file: at.file, row: at.rowBase + k + 1, field, value: String(p[i]) },
            `${at.unit} ${at.index}: value exceeds 2^53 (cannot be held exactly)`,
          );
        out[k] = int64At(h, i);
      }
      continue;
    }
    for (let i = 0; i < p.length; i++, k++) {
      const v = p[i];
      if (typeof v === 'number') out[k] = v;
      else if (
        typeof v === 'bigint' &&
        v <= BigInt(Number.MAX_SAFE_INTEGER) &&
        v >= -BigInt(Number.MAX_SAFE_INTEGER)
      )
        out[k] = Number(v);
      else nullAt(at, k, field, v);
    }
  }
  return out;
}

export function asStrings(data: unknown, n: number, at: ChunkWhere, field: string): string[] {
  const list = pages(data, n, at, field);
  const out =
    list.length === 1 && Array.isArray(list[0]) ? (list[0] as unknown[]) : list.flatMap((p) => Array.from(p));
  for (let i = 0; i < n; i++) {
    const v = out[i];
    if (typeof v !== 'string' || v === '') {
      if (v === '')
        throw new DataError(
          { file: at.file, row: at.rowBase + i + 1, field, value: '' },
          `${at.unit} ${at.index}: empty symbol`,
        );
      nullAt(at, i, field, v);
    }
  }
  return out as string[];
}
