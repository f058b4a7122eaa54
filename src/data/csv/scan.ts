/**
 * Byte-level scanners for the CSV bar reader: decimals and timestamps parsed straight from a Uint8Array.
 *
 * Why bytes: the reader must sustain millions of rows per second, so the happy path builds no strings,
 * runs no regex and allocates nothing. Each scanner returns a status code and leaves its result in the
 * module-level `scanOut` record; strings are built only on the rare slow paths (exponent notation, more
 * than 15 digits, a malformed stamp) and for error messages.
 *
 * Invariants: a decimal is returned as an exact integer mantissa plus its count of fraction digits with
 * trailing zeros removed ("45.660000" -> 4566, 2), never through parseFloat. Timestamps come out as exact
 * (sec, nsec) pairs; ISO text is accepted exactly as `parseIso` accepts it (the fast path falls back to
 * `parseIso` itself whenever it sees anything unusual, so both agree by construction).
 * Limits: fields are trimmed of spaces and tabs; a mantissa above 2^53 is reported as TOO_BIG.
 */
import { POW10, tryParseDecimal } from '../../core/decimal.js';
import { daysFromCivil, daysInMonth, parseIso, zonedLocalToUtc, NANOS_PER_SEC } from '../../core/time.js';

export const SCAN_OK = 0;
export const SCAN_EMPTY = 1;
export const SCAN_BAD = 2;
export const SCAN_NULL = 3;
export const SCAN_TOO_BIG = 4;

/** Results of the last successful scan (one shared record so the hot loop allocates nothing). */
export const scanOut = { mant: 0, dec: 0, num: 0, sec: 0, nsec: 0, why: '' };

const decoder = new TextDecoder();

/** The text of bytes[p, e) (only for errors and slow paths). */
export function textOf(b: Uint8Array, p: number, e: number): string {
  return decoder.decode(b.subarray(p, e));
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function isNullWord(b: Uint8Array, p: number, e: number): boolean {
  return (
    e - p === 4 &&
    (b[p]! | 32) === 110 &&
    (b[p + 1]! | 32) === 117 &&
    (b[p + 2]! | 32) === 108 &&
    (b[p + 3]! | 32) === 108
  );
}

/**
 * Exact decimal in bytes[p, e): sets scanOut.mant (signed integer) and scanOut.dec (fraction digits,
 * trailing zeros removed). Statuses: OK, EMPTY, NULL (the literal `null`), BAD, TOO_BIG.
 */
export function scanDecimal(b: Uint8Array, p: number, e: number): number {
  while (p < e && isBlank(b[p]!)) p++;
  while (e > p && isBlank(b[e - 1]!)) e--;
  if (p === e) return SCAN_EMPTY;
  let i = p;
  let neg = false;
  const first = b[i]!;
  if (first === 45) {
    neg = true;
    i++;
  } else if (first === 43) i++;
  let m = 0;
  let digits = 0;
  let dot = -1;
  for (; i < e; i++) {
    const c = b[i]! - 48;
    if (c >= 0 && c <= 9) {
      m = m * 10 + c;
      digits++;
    } else if (c === -2 && dot < 0) dot = i;
    else return slowDecimal(b, p, e);
  }
  if (digits === 0) return SCAN_BAD;
  if (digits > 15) return slowDecimal(b, p, e);
  let dec = dot < 0 ? 0 : e - dot - 1;
  while (dec > 0 && m % 10 === 0) {
    m /= 10;
    dec--;
  }
  scanOut.mant = neg && m !== 0 ? -m : m;
  scanOut.dec = dec;
  return SCAN_OK;
}

function slowDecimal(b: Uint8Array, p: number, e: number): number {
  if (isNullWord(b, p, e)) return SCAN_NULL;
  const text = textOf(b, p, e);
  const d = tryParseDecimal(text);
  if (d === null) return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? SCAN_TOO_BIG : SCAN_BAD;
  scanOut.mant = d.units;
  scanOut.dec = d.scale;
  return SCAN_OK;
}

/**
 * A double (volumes): sets scanOut.num. Decimal text with at most 15 digits is mantissa / 10^dec, which
 * IEEE division rounds exactly as parseFloat would (both operands are exact doubles); anything else goes
 * through Number() after a strict numeric-syntax check.
 */
export function scanNumber(b: Uint8Array, p: number, e: number): number {
  const st = scanDecimal(b, p, e);
  if (st === SCAN_OK && scanOut.dec <= 22) {
    scanOut.num = scanOut.mant / POW10[scanOut.dec]!;
    return SCAN_OK;
  }
  if (st !== SCAN_TOO_BIG && st !== SCAN_OK) return st;
  const v = Number(textOf(b, p, e).trim());
  if (!Number.isFinite(v)) return SCAN_TOO_BIG;
  scanOut.num = v;
  return SCAN_OK;
}

/** Per-file caches of the ISO scanner; reset before each file (positions refer to one buffer). */
let cacheDatePos = -1;
let cacheDays = 0;
let cacheHour = NaN;
let cacheOffset = 0;

export function resetScanCaches(): void {
  cacheDatePos = -1;
  cacheHour = NaN;
}

function two(b: Uint8Array, i: number): number {
  const x = b[i]! - 48;
  const y = b[i + 1]! - 48;
  if (x < 0 || x > 9 || y < 0 || y > 9) return -1;
  return x * 10 + y;
}

/**
 * Days since the epoch of the date `YYYY-MM-DD` at bytes[p, p + 10), NaN unless it is a valid date in that
 * exact form (the row loop's inline ISO path calls this once per new date; anything else goes to scanIso).
 */
export function isoDays(b: Uint8Array, p: number): number {
  if (b[p + 4] !== 45 || b[p + 7] !== 45) return NaN;
  const yh = two(b, p);
  const yl = two(b, p + 2);
  const mo = two(b, p + 5);
  const d = two(b, p + 8);
  if (yh < 0 || yl < 0 || mo < 1 || mo > 12 || d < 1) return NaN;
  const y = yh * 100 + yl;
  if (d > daysInMonth(y, mo)) return NaN;
  return daysFromCivil(y, mo, d);
}

/**
 * ISO 8601 stamp in bytes[p, e) (formats of `parseIso`); local stamps are in `zone` (null = UTC).
 * Sets scanOut.sec / nsec; on failure (BAD) scanOut.why holds parseIso's explanation.
 */
export function scanIso(b: Uint8Array, p: number, e: number, zone: string | null): number {
  while (p < e && isBlank(b[p]!)) p++;
  while (e > p && isBlank(b[e - 1]!)) e--;
  if (p === e) return SCAN_EMPTY;
  if (e - p < 10 || b[p + 4] !== 45 || b[p + 7] !== 45) return slowIso(b, p, e, zone);
  let days: number;
  const cp = cacheDatePos;
  if (
    cp >= 0 &&
    b[cp + 8] === b[p + 8] &&
    b[cp + 9] === b[p + 9] &&
    b[cp + 6] === b[p + 6] &&
    b[cp + 5] === b[p + 5] &&
    b[cp + 3] === b[p + 3] &&
    b[cp + 2] === b[p + 2] &&
    b[cp + 1] === b[p + 1] &&
    b[cp] === b[p]
  ) {
    days = cacheDays;
  } else {
    const yh = two(b, p);
    const yl = two(b, p + 2);
    const mo = two(b, p + 5);
    const d = two(b, p + 8);
    if (yh < 0 || yl < 0 || mo < 1 || mo > 12 || d < 1) return slowIso(b, p, e, zone);
    const y = yh * 100 + yl;
    if (d > daysInMonth(y, mo)) return slowIso(b, p, e, zone);
    days = daysFromCivil(y, mo, d);
    cacheDatePos = p;
    cacheDays = days;
  }
  let sod = 0;
  let nsec = 0;
  let i = p + 10;
  let hasOffset = false;
  let offset = 0;
  if (i < e) {
    const sep = b[i];
    if ((sep !== 84 && sep !== 32) || i + 6 > e || b[i + 3] !== 58) return slowIso(b, p, e, zone);
    const hh = two(b, i + 1);
    const mi = two(b, i + 4);
    if (hh < 0 || hh > 23 || mi < 0 || mi > 59) return slowIso(b, p, e, zone);
    i += 6;
    let ss = 0;
    if (i < e && b[i] === 58) {
      if (i + 3 > e) return slowIso(b, p, e, zone);
      ss = two(b, i + 1);
      if (ss < 0 || ss > 59) return slowIso(b, p, e, zone);
      i += 3;
      if (i < e && b[i] === 46) {
        i++;
        let nd = 0;
        while (i < e && nd < 9) {
          const c = b[i]! - 48;
          if (c < 0 || c > 9) break;
          nsec = nsec * 10 + c;
          nd++;
          i++;
        }
        if (nd === 0) return slowIso(b, p, e, zone);
        for (; nd < 9; nd++) nsec *= 10;
      }
    }
    sod = hh * 3600 + mi * 60 + ss;
    if (i < e) {
      const c = b[i];
      if (c === 90 && i === e - 1) hasOffset = true;
      else if (c === 43 || c === 45) {
        const oh = two(b, i + 1);
        const colon = b[i + 3] === 58 ? 1 : 0;
        const om = i + 5 + colon === e ? two(b, i + 3 + colon) : -1;
        if (oh < 0 || om < 0) return slowIso(b, p, e, zone);
        hasOffset = true;
        offset = (c === 45 ? -1 : 1) * (oh * 3600 + om * 60);
      } else return slowIso(b, p, e, zone);
    }
  }
  const local = days * 86400 + sod;
  if (hasOffset || zone === null) scanOut.sec = local - offset;
  else {
    const hour = Math.floor(local / 3600);
    if (hour !== cacheHour) {
      cacheOffset = local - zonedLocalToUtc(local, zone);
      cacheHour = hour;
    }
    scanOut.sec = local - cacheOffset;
  }
  scanOut.nsec = nsec;
  return SCAN_OK;
}

const isoScratch = { sec: 0, nsec: 0 };

function slowIso(b: Uint8Array, p: number, e: number, zone: string | null): number {
  try {
    parseIso(textOf(b, p, e), zone ?? 'UTC', isoScratch);
  } catch (err) {
    scanOut.why = (err as Error).message;
    return SCAN_BAD;
  }
  scanOut.sec = isoScratch.sec;
  scanOut.nsec = isoScratch.nsec;
  return SCAN_OK;
}

/**
 * An epoch stamp in bytes[p, e): an integer count of units, optionally with a fraction down to the
 * nanosecond. `nsDigits` is 9 for seconds, 6 for ms, 3 for us, 0 for ns. The value is accumulated as
 * hi * 1e9 + lo (lo = the last nine nanosecond digits), so 19-digit nanosecond stamps stay exact.
 */
export function scanEpoch(b: Uint8Array, p: number, e: number, nsDigits: number): number {
  while (p < e && isBlank(b[p]!)) p++;
  while (e > p && isBlank(b[e - 1]!)) e--;
  if (p === e) return SCAN_EMPTY;
  let i = p;
  const neg = b[i] === 45;
  if (neg || b[i] === 43) i++;
  let hi = 0;
  let lo = 0;
  let digits = 0;
  let frac = -1;
  for (; i < e; i++) {
    const c = b[i]! - 48;
    if (c >= 0 && c <= 9) {
      if (frac >= 0 && frac === nsDigits) {
        scanOut.why = `more fraction digits than nanosecond precision allows`;
        return SCAN_BAD;
      }
      const x = lo * 10 + c;
      const carry = Math.floor(x / NANOS_PER_SEC);
      lo = x - carry * NANOS_PER_SEC;
      hi = hi * 10 + carry;
      digits++;
      if (frac >= 0) frac++;
    } else if (c === -2 && frac < 0 && nsDigits > 0) frac = 0;
    else {
      if (isNullWord(b, p, e)) return SCAN_NULL;
      scanOut.why = c === -2 ? 'a nanosecond epoch has no fraction' : 'not an integer epoch timestamp';
      return SCAN_BAD;
    }
    if (hi > 9e14) return SCAN_TOO_BIG;
  }
  if (digits === 0) {
    scanOut.why = 'no digits';
    return SCAN_BAD;
  }
  for (let k = frac < 0 ? 0 : frac; k < nsDigits; k++) {
    const x = lo * 10;
    const carry = Math.floor(x / NANOS_PER_SEC);
    lo = x - carry * NANOS_PER_SEC;
    hi = hi * 10 + carry;
    if (hi > 9e14) return SCAN_TOO_BIG;
  }
  if (neg && lo > 0) {
    scanOut.sec = -hi - 1;
    scanOut.nsec = NANOS_PER_SEC - lo;
  } else {
    scanOut.sec = neg ? -hi || 0 : hi;
    scanOut.nsec = lo;
  }
  return SCAN_OK;
}

/** Index just past the closing quote's position, i.e. the closing quote itself; -1 if the line ends first. */
function closingQuote(bytes: Uint8Array, j: number, n: number): number {
  for (; j < n; j++) {
    const c = bytes[j];
    if (c === 34) {
      if (bytes[j + 1] === 34) j++;
      else return j;
    } else if (c === 10) return -1;
  }
  return -1;
}

export interface SplitResult {
  nf: number;
  /** Start of the next line. */
  next: number;
  /** End of this line's content (before CR LF). */
  le: number;
  problem: string;
  problemField: number;
}

/**
 * The general field splitter (quotes, stray CRs, wrong field counts): records up to ncols + 1 fields of the
 * line starting at `ls`; a quoted field's bounds exclude its quotes. Bytes from `n` on are not looked at
 * (a reader's buffer may hold stale bytes past its data).
 */
export function splitLine(
  bytes: Uint8Array,
  ls: number,
  delim: number,
  ncols: number,
  starts: Int32Array,
  ends: Int32Array,
  out: SplitResult,
  n = bytes.length,
): void {
  let nf = 0;
  let fs = ls;
  let qe = -1;
  out.problem = '';
  let i = ls;
  for (; i < n; i++) {
    const c = bytes[i];
    if (c === delim) {
      if (qe >= 0 && qe !== i - 1 && !out.problem) {
        out.problem = 'text after a closing quote';
        out.problemField = nf;
      }
      if (nf <= ncols) {
        starts[nf] = fs;
        ends[nf] = qe >= 0 ? qe : i;
      }
      nf++;
      fs = i + 1;
      qe = -1;
    } else if (c === 10) break;
    else if (c === 34 && i === fs) {
      const q = closingQuote(bytes, i + 1, n);
      if (q < 0) {
        out.problem = 'unterminated quoted field';
        out.problemField = nf;
        const lf = bytes.indexOf(10, i);
        i = lf < 0 || lf > n ? n : lf;
        break;
      }
      fs = i + 1;
      qe = q;
      i = q;
    }
  }
  out.next = i + 1;
  let le = i;
  if (le > ls && bytes[le - 1] === 13) le--;
  if (qe >= 0 && qe !== le - 1 && !out.problem) {
    out.problem = 'text after a closing quote';
    out.problemField = nf;
  }
  if (nf <= ncols) {
    starts[nf] = fs;
    ends[nf] = qe >= 0 ? qe : le;
  }
  out.nf = nf + 1;
  out.le = le;
}
