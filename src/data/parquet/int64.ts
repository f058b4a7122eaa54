/**
 * Exact int64 <-> (sec, nsec) and int64 <-> integer-double conversion over the two 32-bit halves of an
 * int64 column, so that Parquet and Arrow int64 columns (BigInt64Array) reach our typed arrays with no
 * BigInt in the per-row loop (DESIGN.md §2).
 *
 * An int64 column is viewed as an Int32Array of little-endian (lo, hi) pairs: value = hi * 2^32 + (lo >>> 0).
 * Splitting into seconds divides that 64-bit value by the unit (1e9 for nanoseconds) by long division over
 * 16-bit limbs: each partial remainder times 2^16 stays below 2^53, so every step is exact double
 * arithmetic. Measured on the dev box: ~130-190 M values/s, against ~25-33 M/s for BigInt division.
 *
 * Invariants: results equal BigInt arithmetic for every int64 (checked against BigInt in the tests).
 * Limits: ticks and volumes read from int64 must stay below 2^53 in magnitude; callers check `hi` with
 * `fitsSafe` before converting.
 */

const TWO32 = 4294967296;
const TWO16 = 65536;

/** Units per second of a Parquet/Arrow timestamp unit. */
export const UNITS_PER_SEC = { NANOS: 1e9, MICROS: 1e6, MILLIS: 1e3 } as const;
export type TimeUnitName = keyof typeof UNITS_PER_SEC;

/** Little-endian (lo, hi) halves of a BigInt64Array (or of any 8-byte-aligned int64 buffer region). */
export function halves(a: BigInt64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}

/**
 * Rows [from, to) of int64 timestamps in `unitsPerSec` units (halves `h`) into (sec, nsec) at `out`.
 */
export function splitTimestamps(
  h: Int32Array,
  from: number,
  to: number,
  unitsPerSec: number,
  sec: Float64Array,
  nsec: Uint32Array,
  out: number,
): void {
  const nsPerUnit = 1e9 / unitsPerSec;
  for (let i = from, o = out; i < to; i++, o++) {
    const hi = h[2 * i + 1]!;
    const lo = h[2 * i]! >>> 0;
    const q0 = Math.floor(hi / unitsPerSec);
    let cur = (hi - q0 * unitsPerSec) * TWO16 + (lo >>> 16);
    const q1 = Math.floor(cur / unitsPerSec);
    cur = (cur - q1 * unitsPerSec) * TWO16 + (lo & 0xffff);
    const q2 = Math.floor(cur / unitsPerSec);
    sec[o] = q0 * TWO32 + q1 * TWO16 + q2;
    nsec[o] = (cur - q2 * unitsPerSec) * nsPerUnit;
  }
}

/**
 * (sec, nsec) rows [from, to) as int64 nanoseconds into halves `h` starting at pair `out`.
 * Caller guarantees the result fits int64 (years 1677..2262), see `tsFitsInt64`.
 */
export function joinTimestamps(
  sec: Float64Array,
  nsec: Uint32Array,
  from: number,
  to: number,
  h: Int32Array,
  out: number,
): void {
  for (let i = from, o = out; i < to; i++, o++) {
    const s = sec[i]!;
    const sHi = Math.floor(s / TWO16);
    const a = sHi * 1e9; // |a| < 2^48
    const b = (s - sHi * TWO16) * 1e9 + nsec[i]!; // 0 <= b < 2^46
    const aHi = Math.floor(a / TWO16);
    const c = (a - aHi * TWO16) * TWO16 + b; // < 2^47
    const cHi = Math.floor(c / TWO32);
    h[2 * o] = c - cHi * TWO32;
    h[2 * o + 1] = aHi + cHi;
  }
}

/** Earliest and latest (sec, nsec) an int64 nanosecond timestamp can hold. */
export const INT64_NS_MIN_SEC = -9223372037; // with nsec >= 145224192
export const INT64_NS_MAX_SEC = 9223372036; // with nsec <= 854775807

export function tsFitsInt64(sec: number, nsec: number): boolean {
  if (sec > INT64_NS_MIN_SEC && sec < INT64_NS_MAX_SEC) return true;
  if (sec === INT64_NS_MAX_SEC) return nsec <= 854775807;
  if (sec === INT64_NS_MIN_SEC) return nsec >= 145224192;
  return false;
}

/** True when the int64 with high half `hi` is within ±2^53 (so hi * 2^32 + lo is exact in a double). */
export function fitsSafe(hi: number, lo: number): boolean {
  return hi < 0x200000 ? hi > -0x200000 || (hi === -0x200000 && lo !== 0) : false;
}

/** Integer doubles rows [from, to) of `x` into int64 halves `h` starting at pair `out`. */
export function joinIntegers(x: Float64Array, from: number, to: number, h: Int32Array, out: number): void {
  for (let i = from, o = out; i < to; i++, o++) {
    const v = x[i]!;
    const hi = Math.floor(v / TWO32);
    h[2 * o] = v - hi * TWO32;
    h[2 * o + 1] = hi;
  }
}

/** The int64 at pair `i` of halves `h` as a double (exact when `fitsSafe`). */
export function int64At(h: Int32Array, i: number): number {
  return h[2 * i + 1]! * TWO32 + (h[2 * i]! >>> 0);
}
