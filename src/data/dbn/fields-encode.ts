/**
 * Column encoders for DBN fields: the exact inverses of fields.ts, one field of `n` consecutive records at
 * a time (same conventions: p0, rs, i0, w). Integer typed columns cannot hold out-of-range values, so only
 * doubles and strings are checked; each checking encoder returns the first row it cannot represent (else -1)
 * and the writer raises the DataError.
 */

const TWO32 = 4294967296;
const NS = 1_000_000_000;

export function eInt(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  c: ArrayLike<number>,
  i0: number,
  w: number,
  bytes: 1 | 2 | 4,
): void {
  for (let r = 0; r < n; r++) {
    const v = c[i0 + r * w]!;
    const p = p0 + r * rs;
    if (bytes === 1) dv.setUint8(p, v & 0xff);
    else if (bytes === 2) dv.setUint16(p, v & 0xffff, true);
    else dv.setUint32(p, v >>> 0, true);
  }
}

export function eU32d(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  c: Float64Array,
  i0: number,
  w: number,
): number {
  for (let r = 0; r < n; r++) {
    const v = c[i0 + r * w]!;
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) return r;
    dv.setUint32(p0 + r * rs, v, true);
  }
  return -1;
}

export function eQ32(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  c: Float64Array,
  i0: number,
  w: number,
): number {
  for (let r = 0; r < n; r++) {
    const v = c[i0 + r * w]!;
    if (v !== v) dv.setInt32(p0 + r * rs, 0x7fffffff, true);
    else if (Number.isInteger(v) && v >= -0x80000000 && v < 0x7fffffff) dv.setInt32(p0 + r * rs, v, true);
    else return r;
  }
  return -1;
}

function setI64(dv: DataView, p: number, v: number): void {
  const hi = Math.floor(v / TWO32);
  dv.setUint32(p, v - hi * TWO32, true);
  dv.setInt32(p + 4, hi, true);
}

const I64_LIMIT = 9223372036854775808; // 2^63

/** Integer doubles in (-2^63, 2^63) encode exactly (any integer double is an exact integer); NaN = null. */
export function eI64(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  c: Float64Array,
  i0: number,
  w: number,
): number {
  for (let r = 0; r < n; r++) {
    const v = c[i0 + r * w]!;
    const p = p0 + r * rs;
    if (v !== v) {
      dv.setUint32(p, 0xffffffff, true);
      dv.setUint32(p + 4, 0x7fffffff, true);
    } else if (Number.isInteger(v) && v >= -I64_LIMIT && v < I64_LIMIT) setI64(dv, p, v);
    else return r;
  }
  return -1;
}

export function eU64(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  c: Float64Array,
  i0: number,
  w: number,
): number {
  for (let r = 0; r < n; r++) {
    const v = c[i0 + r * w]!;
    if (!Number.isInteger(v) || v < 0 || v >= 2 * I64_LIMIT) return r;
    const hi = Math.floor(v / TWO32);
    dv.setUint32(p0 + r * rs, v - hi * TWO32, true);
    dv.setUint32(p0 + r * rs + 4, hi, true);
  }
  return -1;
}

/** (sec, nsec) -> u64 ns, exactly: sec is split in 16-bit parts so every partial product fits 2^53. */
export function eTs(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  sec: Float64Array,
  nsec: Uint32Array,
  i0: number,
): number {
  for (let r = 0; r < n; r++) {
    const s = sec[i0 + r]!;
    const ns = nsec[i0 + r]!;
    const p = p0 + r * rs;
    if (s !== s) {
      dv.setUint32(p, 0xffffffff, true);
      dv.setUint32(p + 4, 0xffffffff, true);
      continue;
    }
    if (!Number.isInteger(s) || s < 0 || ns >= NS || s > 18446744073) return r;
    const s1 = Math.floor(s / 65536);
    const a = s1 * NS; // < 2^49
    const b = (s - s1 * 65536) * NS + ns; // < 2^46
    const aq = Math.floor(a / 65536);
    const low = (a - aq * 65536) * 65536 + b; // < 2^47
    const lq = Math.floor(low / TWO32);
    const hi = aq + lq;
    if (hi >= TWO32 || (hi === TWO32 - 1 && low - lq * TWO32 === TWO32 - 1)) return r;
    dv.setUint32(p, low - lq * TWO32, true);
    dv.setUint32(p + 4, hi, true);
  }
  return -1;
}

export function eOid(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  hi: Uint32Array,
  lo: Uint32Array,
  i0: number,
): void {
  for (let r = 0; r < n; r++) {
    dv.setUint32(p0 + r * rs, lo[i0 + r]!, true);
    dv.setUint32(p0 + r * rs + 4, hi[i0 + r]!, true);
  }
}

/** ASCII text of at most len - 1 bytes (the C string keeps its NUL). */
export function eStr(
  u8: Uint8Array,
  p0: number,
  rs: number,
  n: number,
  len: number,
  c: string[],
  i0: number,
): number {
  for (let r = 0; r < n; r++) {
    const s = c[i0 + r] ?? '';
    if (s.length >= len) return r;
    const p = p0 + r * rs;
    for (let k = 0; k < s.length; k++) {
      const ch = s.charCodeAt(k);
      if (ch === 0 || ch > 0x7f) return r;
      u8[p + k] = ch;
    }
  }
  return -1;
}
