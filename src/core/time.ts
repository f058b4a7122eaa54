/**
 * Exact nanosecond timestamps without BigInt.
 *
 * Representation (DESIGN.md §2): a timestamp is two integers — `sec`, whole seconds since the Unix epoch
 * (a double; exact for any |sec| < 2^53), and `nsec`, nanoseconds within that second (0..999,999,999).
 * Columns store them as `Float64Array` + `Uint32Array`; scalar APIs pass the two numbers side by side.
 * Ordering is lexicographic on (sec, nsec), so two events 1 ns apart keep their order across the whole
 * range Databento-style u64 nanosecond stamps can express (1970 .. 2262-04-11) and far beyond.
 *
 * Invariants: `sec` is an integer, `0 <= nsec < 1e9`. Every function here keeps them.
 * Limits: BigInt appears only at the edges (`tsFromBigInt` / `tsToBigInt`), never in loops.
 * Time zones are resolved through `Intl` with a per-(local date, hour) cache; zones whose offsets change at
 * other than whole-hour local times (rare historical cases) resolve to the hour's offset.
 */

export const NANOS_PER_SEC = 1_000_000_000;
export const SECONDS_PER_DAY = 86_400;

/** A scalar timestamp at the API edges. Columns never hold these objects. */
export interface Timestamp {
  sec: number;
  nsec: number;
}

/** -1, 0 or 1 as (s1, n1) is before, equal to or after (s2, n2). */
export function tsCompare(s1: number, n1: number, s2: number, n2: number): number {
  if (s1 !== s2) return s1 < s2 ? -1 : 1;
  if (n1 !== n2) return n1 < n2 ? -1 : 1;
  return 0;
}

/** Nanoseconds from (s1, n1) to (s2, n2); exact while the span is under about 104 days. */
export function tsDiffNanos(s1: number, n1: number, s2: number, n2: number): number {
  return (s2 - s1) * NANOS_PER_SEC + (n2 - n1);
}

/** Writes (sec, nsec) + deltaNanos into `out`. deltaNanos must be an integer (it may be negative). */
export function tsAddNanos(sec: number, nsec: number, deltaNanos: number, out: Timestamp): Timestamp {
  const carry = Math.floor(deltaNanos / NANOS_PER_SEC);
  let n = nsec + (deltaNanos - carry * NANOS_PER_SEC);
  let s = sec + carry;
  if (n >= NANOS_PER_SEC) {
    n -= NANOS_PER_SEC;
    s += 1;
  }
  out.sec = s;
  out.nsec = n;
  return out;
}

export function tsFromBigInt(ns: bigint): Timestamp {
  const billion = 1_000_000_000n;
  let s = ns / billion;
  let n = ns % billion;
  if (n < 0n) {
    n += billion;
    s -= 1n;
  }
  return { sec: Number(s), nsec: Number(n) };
}

export function tsToBigInt(sec: number, nsec: number): bigint {
  return BigInt(sec) * 1_000_000_000n + BigInt(nsec);
}

/** Milliseconds since the epoch (rounded down), for `Date` interop at the edges. */
export function tsToMillis(sec: number, nsec: number): number {
  return sec * 1000 + Math.floor(nsec / 1_000_000);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of daysFromCivil; writes year, month (1-12), day into out[0..2]. */
export function civilFromDays(days: number, out: Int32Array | number[]): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (m <= 2 ? 1 : 0);
  out[1] = m;
  out[2] = d;
}

const civil = new Int32Array(3);
const pad2 = (x: number): string => (x < 10 ? '0' + x : '' + x);

function pad4(y: number): string {
  if (y >= 1000) return '' + y;
  if (y >= 0) return ('000' + y).slice(-4);
  return '-' + ('00000' + -y).slice(-6);
}

let cachedDay = NaN;
let cachedDayText = '';

/** YYYY-MM-DD of a day number (cached: consecutive rows usually share a day). */
export function formatDay(days: number): string {
  if (days === cachedDay) return cachedDayText;
  civilFromDays(days, civil);
  cachedDay = days;
  cachedDayText = pad4(civil[0]!) + '-' + pad2(civil[1]!) + '-' + pad2(civil[2]!);
  return cachedDayText;
}

/**
 * ISO 8601 in UTC: `2020-01-02T03:04:05Z`, with a fraction of 3, 6 or 9 digits only when nsec is not 0.
 */
export function formatIso(sec: number, nsec: number): string {
  const days = Math.floor(sec / SECONDS_PER_DAY);
  let rem = sec - days * SECONDS_PER_DAY;
  const hh = Math.floor(rem / 3600);
  rem -= hh * 3600;
  const mm = Math.floor(rem / 60);
  const ss = rem - mm * 60;
  let text = formatDay(days) + 'T' + pad2(hh) + ':' + pad2(mm) + ':' + pad2(ss);
  if (nsec !== 0) {
    let digits = ('00000000' + nsec).slice(-9);
    if (digits.endsWith('000000')) digits = digits.slice(0, 3);
    else if (digits.endsWith('000')) digits = digits.slice(0, 6);
    text += '.' + digits;
  }
  return text + 'Z';
}

// ---------------------------------------------------------------------------------------------------
// Parsing

export class TimeParseError extends Error {}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(zone: string): Intl.DateTimeFormat {
  let f = zoneFormatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new TimeParseError(`unknown time zone "${zone}"`);
    }
    zoneFormatters.set(zone, f);
  }
  return f;
}

/** True when `zone` names a time zone this runtime knows (IANA name, or UTC). */
export function isKnownTimeZone(zone: string): boolean {
  // UTC needs no Intl formatter (creating one costs ~10 ms at start-up).
  if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Z') return true;
  try {
    zoneFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** Offset (seconds east of UTC) of `zone` at the UTC instant `utcSec`. */
function zoneOffsetAt(zone: string, utcSec: number): number {
  const parts = zoneFormatter(zone).formatToParts(new Date(utcSec * 1000));
  let y = 0,
    mo = 0,
    d = 0,
    h = 0,
    mi = 0,
    s = 0;
  for (const p of parts) {
    if (p.type === 'year') y = +p.value;
    else if (p.type === 'month') mo = +p.value;
    else if (p.type === 'day') d = +p.value;
    else if (p.type === 'hour') h = +p.value;
    else if (p.type === 'minute') mi = +p.value;
    else if (p.type === 'second') s = +p.value;
  }
  const localAsUtc = daysFromCivil(y, mo, d) * SECONDS_PER_DAY + h * 3600 + mi * 60 + s;
  return localAsUtc - utcSec;
}

const zoneHourCache = new Map<string, Map<number, number>>();

/**
 * UTC seconds of a local wall-clock time in `zone`. Ambiguous times (autumn fall-back) take the earlier
 * instant; non-existent ones (spring gap) move forward by the gap, as most exchanges' calendars do.
 */
export function zonedLocalToUtc(localSec: number, zone: string): number {
  if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Z') return localSec;
  let cache = zoneHourCache.get(zone);
  if (!cache) {
    cache = new Map();
    zoneHourCache.set(zone, cache);
  }
  const hourKey = Math.floor(localSec / 3600);
  let offset = cache.get(hourKey);
  if (offset === undefined) {
    const first = zoneOffsetAt(zone, localSec);
    const second = zoneOffsetAt(zone, localSec - first);
    offset = first === second ? first : Math.max(first, second);
    cache.set(hourKey, offset);
  }
  return localSec - offset;
}

function digitsAt(text: string, start: number, count: number): number {
  let v = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - 48;
    // Negated so that NaN (a position past the end of the text) is not a digit either.
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Parses `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS[.f{1,9}]]` with an optional `Z` or `±HH[:]MM` suffix.
 * Without a suffix the text is local time in `zone` (default UTC). Throws TimeParseError.
 */
export function parseIso(text: string, zone = 'UTC', out: Timestamp = { sec: 0, nsec: 0 }): Timestamp {
  const len = text.length;
  const bad = (why: string): never => {
    throw new TimeParseError(`invalid timestamp "${text}": ${why}`);
  };
  if (len < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) bad('expected YYYY-MM-DD');
  const y = digitsAt(text, 0, 4);
  const mo = digitsAt(text, 5, 2);
  const d = digitsAt(text, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) bad('no such date');
  let secOfDay = 0;
  let nsec = 0;
  let i = 10;
  let offsetSec: number | null = null;
  if (i < len) {
    const sep = text.charCodeAt(i);
    if (sep !== 84 && sep !== 32) bad('expected "T" or a space after the date');
    const hh = digitsAt(text, i + 1, 2);
    if (text.charCodeAt(i + 3) !== 58) bad('expected HH:MM');
    const mi = digitsAt(text, i + 4, 2);
    if (hh < 0 || hh > 23 || mi < 0 || mi > 59) bad('hour or minute out of range');
    i += 6;
    let ss = 0;
    if (i < len && text.charCodeAt(i) === 58) {
      ss = digitsAt(text, i + 1, 2);
      if (ss < 0 || ss > 59) bad('second out of range');
      i += 3;
      if (i < len && text.charCodeAt(i) === 46) {
        i++;
        let nd = 0;
        while (i < len && nd < 9) {
          const c = text.charCodeAt(i) - 48;
          if (c < 0 || c > 9) break;
          nsec = nsec * 10 + c;
          nd++;
          i++;
        }
        if (nd === 0) bad('empty fraction');
        if (i < len && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57)
          bad('more than 9 fraction digits');
        for (; nd < 9; nd++) nsec *= 10;
      }
    }
    secOfDay = hh * 3600 + mi * 60 + ss;
    if (i < len) {
      const c = text.charCodeAt(i);
      if (c === 90 && i === len - 1) offsetSec = 0;
      else if (c === 43 || c === 45) {
        const oh = digitsAt(text, i + 1, 2);
        const colon = text.charCodeAt(i + 3) === 58 ? 1 : 0;
        const om = digitsAt(text, i + 3 + colon, 2);
        if (oh < 0 || om < 0 || i + 5 + colon !== len) bad('bad UTC offset');
        offsetSec = (c === 45 ? -1 : 1) * (oh * 3600 + om * 60);
      } else bad('unexpected trailing text');
    }
  }
  const local = daysFromCivil(y, mo, d) * SECONDS_PER_DAY + secOfDay;
  out.sec = offsetSec === null ? zonedLocalToUtc(local, zone) : local - offsetSec;
  out.nsec = nsec;
  return out;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86400e9,
};

/**
 * Nanoseconds of a duration: a number (nanoseconds) or text like "250us", "5ms", "1.5s", "2h".
 * Returns null for anything else (callers turn that into an error naming the field).
 */
export function parseDuration(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|h|d)\s*$/.exec(value);
  if (!m) return null;
  const ns = Math.round(Number(m[1]) * DURATION_UNITS[m[2]!]!);
  return Number.isSafeInteger(ns) ? ns : null;
}
