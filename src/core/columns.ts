/**
 * Growable typed-array columns: the one helper every append-only column store uses (CSV builders, fill
 * and trade logs, the equity recorder, the event heap). Growth copies into a larger array of the same
 * type; callers double the capacity so appends stay O(1) amortised.
 */
export type NumericArray =
  Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

/** A copy of `a` with room for `capacity` elements (the first a.length carried over). */
export function grown<T extends NumericArray>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a);
  return b;
}
