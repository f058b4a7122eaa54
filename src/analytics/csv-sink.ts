/**
 * A byte-level CSV writer for the run folder's tables. A million-row equity.csv built from strings
 * (formatIso + formatScaled + concatenation + UTF-8 encoding) costs over a second; writing digits
 * straight into a reusable buffer costs a fraction of that. The `put*` writers produce exactly the text
 * of `formatScaled` and `formatIso` (core/decimal.ts, core/time.ts) — tests check them against those
 * functions — so the contract keeps one definition of each format.
 *
 * Speed notes: the writers are free functions over (buffer, offset) returning the new offset, so row
 * loops keep the offset in a register; digits come two at a time from a table with int32 arithmetic,
 * and no `%` is applied to doubles (V8 compiles that to a slow fmod call).
 *
 * Usage per row: `o = sink.reserve(ROW_MAX)`, write with put*(sink.buf, o, …), `sink.commit(o)`.
 * `reserve` flushes to the file when the row might not fit. Numbers must be safe integers.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { pow10 } from '../core/decimal.js';
import { formatDay, SECONDS_PER_DAY } from '../core/time.js';

/** Most bytes one put* call writes: sign + 16 integer digits + point + 22 places, or an ISO stamp. */
export const FIELD_MAX = 48;

/** "00" "01" … "99" as ASCII byte pairs. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 48 + Math.floor(i / 10);
  PAIRS[2 * i + 1] = 48 + (i % 10);
}

const P10: number[] = [];
for (let i = 0; i <= 22; i++) P10.push(pow10(i));

/** Decimal digits of 0 <= n < 10^9. */
function digitCount(n: number): number {
  if (n < 1e4) return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : 4;
  return n < 1e5 ? 5 : n < 1e6 ? 6 : n < 1e7 ? 7 : n < 1e8 ? 8 : 9;
}

/** Exactly `len` digits of 0 <= n < 10^9, zero-padded. */
function putFixed(buf: Uint8Array, o: number, n: number, len: number): number {
  const end = o + len;
  let p = end;
  let v = n | 0;
  while (len >= 2) {
    const q = (v / 100) | 0;
    const r = (v - q * 100) << 1;
    buf[--p] = PAIRS[r + 1]!;
    buf[--p] = PAIRS[r]!;
    v = q;
    len -= 2;
  }
  if (len === 1) buf[--p] = 48 + (v - ((v / 10) | 0) * 10);
  return end;
}

/** Non-negative safe integer `n`, zero-padded to at least `width` digits. */
function putUint(buf: Uint8Array, o: number, n: number, width: number): number {
  if (n < 1e9) {
    const len = digitCount(n);
    return putFixed(buf, o, n, len < width ? width : len);
  }
  let hi = Math.floor(n / 1e9);
  let lo = n - hi * 1e9;
  // The rounded quotient can reach the next integer when lo is close to 1e9.
  if (lo < 0) {
    hi--;
    lo += 1e9;
  }
  const len = digitCount(hi);
  o = putFixed(buf, o, hi, len < width - 9 ? width - 9 : len);
  return putFixed(buf, o, lo, 9);
}

/** A signed safe integer, as String(n) writes it. */
export function putInt(buf: Uint8Array, o: number, n: number): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`CSV integer ${n} is not a safe integer`);
  if (n < 0) {
    buf[o++] = 45;
    n = -n;
  }
  return putUint(buf, o, n, 1);
}

/** units / 10^scale exactly as formatScaled(units, scale) prints it (0 <= scale <= 22). */
export function putScaled(buf: Uint8Array, o: number, units: number, scale: number): number {
  if (!Number.isSafeInteger(units)) throw new RangeError(`CSV decimal units ${units} are not a safe integer`);
  if (units < 0) {
    buf[o++] = 45;
    units = -units;
  }
  if (scale === 0) return putUint(buf, o, units, 1);
  const p = P10[scale]!;
  let ip = Math.floor(units / p);
  let fp = units - ip * p;
  // A correctly rounded quotient can land on the next integer; move the remainder back in range.
  if (fp < 0) {
    ip--;
    fp += p;
  }
  o = putUint(buf, o, ip, 1);
  if (fp === 0) return o;
  let width = scale;
  if (fp < 2147483648) {
    let f = fp | 0;
    for (let q = (f / 10) | 0; q * 10 === f; q = (f / 10) | 0) {
      f = q;
      width--;
    }
    fp = f;
  } else {
    for (let q = Math.floor(fp / 10); q * 10 === fp; q = Math.floor(fp / 10)) {
      fp = q;
      width--;
    }
  }
  buf[o++] = 46;
  return putUint(buf, o, fp, width);
}

/**
 * A finite fraction to 10 significant digits in fixed notation ("-0.0123456789", "0" for 0): never
 * exponent notation, so every CSV reader parses it the same way. Magnitudes below 1e-30 are refused
 * (they would outgrow FIELD_MAX); a drawdown between safe-integer equities is at least 2^-53.
 */
export function putSig10(buf: Uint8Array, o: number, x: number): number {
  if (!Number.isFinite(x) || (x !== 0 && Math.abs(x) < 1e-30))
    throw new RangeError(`CSV fraction ${x} is not finite or too small for fixed notation`);
  if (x === 0) {
    buf[o] = 48;
    return o + 1;
  }
  const a = x < 0 ? -x : x;
  // Scaling by 10 instead of Math.log10 is faster for the usual drawdowns (one or two steps); near a
  // power of ten it may keep one digit more, which changes no value.
  let places = 9;
  let t = a;
  if (a >= 1) {
    while (t >= 10 && places > 0) {
      t /= 10;
      places--;
    }
    const u = Math.round(a * P10[places]!);
    return putScaled(buf, o, x < 0 ? -u : u, places);
  }
  while (t < 1) {
    t *= 10;
    places++;
  }
  // t in [1, 10): the 10 significant digits are round(t · 10^9); any number of leading zeros.
  let units = Math.round(t * 1e9);
  if (units >= 1e10) {
    units = 1e9;
    places--;
  }
  if (places < 10) return putScaled(buf, o, x < 0 ? -units : units, places);
  // "0." + zeros + digits, split into two int32 halves so no double division or fmod is needed (this
  // is the hot column of equity.csv).
  if (x < 0) buf[o++] = 45;
  buf[o++] = 48;
  buf[o++] = 46;
  for (let z = places - 10; z > 0; z--) buf[o++] = 48;
  const hi = Math.floor(units / 100_000);
  let lo = units - hi * 100_000;
  if (lo === 0) {
    let h = hi;
    let len = 5;
    for (let q = (h / 10) | 0; q * 10 === h; q = (h / 10) | 0) {
      h = q;
      len--;
    }
    return putFixed(buf, o, h, len);
  }
  o = putFixed(buf, o, hi, 5);
  let len = 5;
  for (let q = (lo / 10) | 0; q * 10 === lo; q = (lo / 10) | 0) {
    lo = q;
    len--;
  }
  return putFixed(buf, o, lo, len);
}

/** Remembers the date part of the last timestamp written ("YYYY-MM-DDT"), as bytes. */
export class DayCache {
  days = NaN;
  readonly bytes = new Uint8Array(16);
  length = 0;
}

/** ISO 8601 UTC exactly as formatIso(sec, nsec) prints it. */
export function putIso(buf: Uint8Array, o: number, sec: number, nsec: number, day: DayCache): number {
  const days = Math.floor(sec / SECONDS_PER_DAY);
  if (days !== day.days) {
    const text = formatDay(days) + 'T';
    for (let i = 0; i < text.length; i++) day.bytes[i] = text.charCodeAt(i);
    day.length = text.length;
    day.days = days;
  }
  const db = day.bytes;
  for (let i = 0, n = day.length; i < n; i++) buf[o++] = db[i]!;
  let rem = (sec - days * SECONDS_PER_DAY) | 0;
  const hh = (rem / 3600) | 0;
  rem -= hh * 3600;
  const mm = (rem / 60) | 0;
  const ss = rem - mm * 60;
  buf[o++] = PAIRS[2 * hh]!;
  buf[o++] = PAIRS[2 * hh + 1]!;
  buf[o++] = 58;
  buf[o++] = PAIRS[2 * mm]!;
  buf[o++] = PAIRS[2 * mm + 1]!;
  buf[o++] = 58;
  buf[o++] = PAIRS[2 * ss]!;
  buf[o++] = PAIRS[2 * ss + 1]!;
  if (nsec !== 0) {
    buf[o++] = 46;
    const ns = nsec | 0;
    const ms = (ns / 1_000_000) | 0;
    if (ms * 1_000_000 === ns) o = putFixed(buf, o, ms, 3);
    else {
      const us = (ns / 1000) | 0;
      o = us * 1000 === ns ? putFixed(buf, o, us, 6) : putFixed(buf, o, ns, 9);
    }
  }
  buf[o] = 90;
  return o + 1;
}

/** ASCII text (digits, signs, points) byte by byte; callers reserve s.length bytes. */
export function putAscii(buf: Uint8Array, o: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[o++] = s.charCodeAt(i);
  return o;
}

/** Copies bytes (pre-encoded symbols and words). */
export function putBytes(buf: Uint8Array, o: number, b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) buf[o++] = b[i]!;
  return o;
}

const DEFAULT_CAPACITY = 1 << 20;

export class CsvSink {
  buf: Buffer;
  private pos = 0;
  readonly day = new DayCache();

  constructor(
    private readonly fd: number,
    capacity = DEFAULT_CAPACITY,
  ) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** The offset to write at, with at least `n` bytes of room behind it (flushing or growing first). */
  reserve(n: number): number {
    if (this.pos + n > this.buf.length) {
      this.flush();
      if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
    }
    return this.pos;
  }

  /** Marks everything up to offset `o` as written. */
  commit(o: number): void {
    this.pos = o;
  }

  /** Any text, UTF-8. */
  text(s: string): void {
    const o = this.reserve(s.length * 3);
    this.pos = o + this.buf.write(s, o, 'utf8');
  }

  flush(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.buf, off, this.pos - off);
    this.pos = 0;
  }
}

/** Opens `path` for writing, lets `fill` write through a sink, then flushes and closes. */
export function writeCsvFile(path: string, fill: (sink: CsvSink) => void): void {
  const fd = openSync(path, 'w');
  try {
    const sink = new CsvSink(fd);
    fill(sink);
    sink.flush();
  } finally {
    closeSync(fd);
  }
}
