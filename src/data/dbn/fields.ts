/**
 * Column codecs for DBN fields: each helper moves one field of `n` consecutive same-size records between the
 * wire bytes and one typed-array column. Records are decoded field by field over small blocks (see
 * decoder.ts), so every loop here is short, monomorphic and allocation-free: that is the whole speed of the
 * reader (no per-record objects, no BigInt).
 *
 * Conventions: `p0` = byte offset of the field in the first record, `rs` = record size, `i0` = column index of
 * the first value, `w` = column entries per row (10 for MBP-10 levels, else 1).
 * 64-bit integers are split into 32-bit halves; a value is stored in a double only when the double is exact
 * (always for |v| <= 2^53; beyond that only values with enough trailing zero bits): the decoders return the
 * index of the first record whose value is not representable (else -1) and the caller raises the DataError. i64::MAX (UNDEF_PRICE / UNDEF_STAT_QUANTITY) becomes NaN; u64::MAX timestamps become
 * sec = NaN, nsec = 0. Encoders are the exact inverse and return the first row they cannot represent.
 */

const TWO32 = 4294967296;
const HI_LIMIT = 0x200000; // |hi| < 2^21  <=>  |value| < 2^53
const NS = 1_000_000_000;

export function dU8(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  c: Uint8Array,
  i0: number,
  w: number,
): void {
  for (let r = 0; r < n; r++) c[i0 + r * w] = dv.getUint8(p0 + r * rs);
}
export function dI8(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  c: Int8Array,
  i0: number,
  w: number,
): void {
  for (let r = 0; r < n; r++) c[i0 + r * w] = dv.getInt8(p0 + r * rs);
}
export function dU16(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  c: Uint16Array,
  i0: number,
  w: number,
): void {
  for (let r = 0; r < n; r++) c[i0 + r * w] = dv.getUint16(p0 + r * rs, true);
}
export function dI16(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  c: Int16Array,
  i0: number,
  w: number,
): void {
  for (let r = 0; r < n; r++) c[i0 + r * w] = dv.getInt16(p0 + r * rs, true);
}
export function dU32(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  c: Uint32Array,
  i0: number,
  w: number,
): void {
  for (let r = 0; r < n; r++) c[i0 + r * w] = dv.getUint32(p0 + r * rs, true);
}
export function dI32(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  c: Int32Array,
  i0: number,
  w: number,
): void {
  for (let r = 0; r < n; r++) c[i0 + r * w] = dv.getInt32(p0 + r * rs, true);
}

/** u32 into a double column (v1/v2 raw_instrument_id, which v3 widened to u64). */
export function dU32d(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  c: Float64Array,
  i0: number,
  w: number,
): void {
  for (let r = 0; r < n; r++) c[i0 + r * w] = dv.getUint32(p0 + r * rs, true);
}

/** i32 quantity with i32::MAX as null (v1/v2 statistics). */
export function dQ32(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  c: Float64Array,
  i0: number,
  w: number,
): void {
  for (let r = 0; r < n; r++) {
    const v = dv.getInt32(p0 + r * rs, true);
    c[i0 + r * w] = v === 0x7fffffff ? NaN : v;
  }
}

/** Nullable i64 (prices, v3 stat quantity): the exact double, or NaN for i64::MAX. */
export function dI64(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  c: Float64Array,
  i0: number,
  w: number,
): number {
  for (let r = 0; r < n; r++) {
    const p = p0 + r * rs;
    const lo = dv.getUint32(p, true);
    const hi = dv.getInt32(p + 4, true);
    if (hi >= -HI_LIMIT && hi < HI_LIMIT) c[i0 + r * w] = hi * TWO32 + lo;
    else if (hi === 0x7fffffff && lo === 0xffffffff) c[i0 + r * w] = NaN;
    else {
      // Beyond 2^53 a value is kept only when the double is exact (e.g. 9999900000000000, a common
      // placeholder limit price); d - hi*2^32 is computed exactly, so it equals lo iff d is exact.
      const d = hi * TWO32 + lo;
      if (d - hi * TWO32 !== lo) return r;
      c[i0 + r * w] = d;
    }
  }
  return -1;
}

/** u64 without a null value (volume, raw_instrument_id): the exact double or an error index. */
export function dU64(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  c: Float64Array,
  i0: number,
  w: number,
): number {
  for (let r = 0; r < n; r++) {
    const p = p0 + r * rs;
    const hi = dv.getUint32(p + 4, true);
    const lo = dv.getUint32(p, true);
    const d = hi * TWO32 + lo;
    if (hi >= HI_LIMIT && d - hi * TWO32 !== lo) return r;
    c[i0 + r * w] = d;
  }
  return -1;
}

/**
 * u64 nanoseconds -> (sec, nsec). The double estimate of sec can be off by one near a second boundary; the
 * remainder is then recomputed exactly modulo 2^32 (it is small) and corrected.
 */
export function dTs(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  sec: Float64Array,
  nsec: Uint32Array,
  i0: number,
): void {
  for (let r = 0; r < n; r++) {
    const p = p0 + r * rs;
    const lo = dv.getUint32(p, true);
    const hi = dv.getUint32(p + 4, true);
    if ((hi & lo) === -1) {
      sec[i0 + r] = NaN;
      nsec[i0 + r] = 0;
      continue;
    }
    let s = Math.floor((hi * TWO32 + lo) * 1e-9);
    let rem = (lo - Math.imul(s, NS)) | 0;
    if (rem < 0) {
      rem += NS;
      s -= 1;
    } else if (rem >= NS) {
      rem -= NS;
      s += 1;
    }
    sec[i0 + r] = s;
    nsec[i0 + r] = rem;
  }
}

export function dOid(
  dv: DataView,
  p0: number,
  rs: number,
  n: number,
  hi: Uint32Array,
  lo: Uint32Array,
  i0: number,
): void {
  for (let r = 0; r < n; r++) {
    const p = p0 + r * rs;
    lo[i0 + r] = dv.getUint32(p, true);
    hi[i0 + r] = dv.getUint32(p + 4, true);
  }
}

/** NUL-terminated (or full-width) C string of `len` bytes, read as Latin-1. */
export function dStr(
  u8: Uint8Array,
  p0: number,
  rs: number,
  n: number,
  len: number,
  c: string[],
  i0: number,
): void {
  for (let r = 0; r < n; r++) {
    const p = p0 + r * rs;
    let e = 0;
    while (e < len && u8[p + e] !== 0) e++;
    c[i0 + r] = e === 0 ? '' : String.fromCharCode.apply(null, Array.from(u8.subarray(p, p + e)));
  }
}
