/**
 * The row loop of the CSV bar reader: turns complete lines of a byte buffer into accepted rows of per-symbol
 * column builders, reporting bad rows to a RowSink (bar-validation.ts). Whole-file reads (bars.ts) and
 * streamed reads (src/data/stream/csv-producer.ts) both feed it block after block of whole lines, so both
 * accept, reject and rescale exactly the same rows.
 *
 * Design: one pass per line. A plain line (unquoted fields, prices and volume made of digits and one dot)
 * is split and its numbers parsed in the same byte loop; a `YYYY-MM-DD[T ]HH:MM:SS[Z]` stamp is read from
 * fixed positions with its date cached while rows share a day; any other line goes through the general
 * splitter and scanners of scan.ts (quotes, signs, exponents, `null`, errors). Prices go from decimal text
 * straight to integer ticks (no float in between). The builder's arrays live in locals during a block.
 *
 * Builders either grow (whole file: sized from a row estimate, doubled if it was short) or have a fixed
 * capacity (`chunked`): parse() then returns as soon as the builder is full, and the caller hands the rows
 * out and calls again from the returned position. Positions (date cache, last symbol) are only valid
 * within one call: each call may get a different buffer.
 * Measured (1 M one-minute ISO rows of `data synth`, readBarsCsv, CPU time per read so that the other
 * jobs on the shared 2-core VM count less; 2026-12-07/08, interleaved with the previous reader): 9.4-11.4 M
 * rows/s median, 11.4-13.3 best (previous reader: 5.6-5.8 median, 6.8-7.4 best); bench csv_parse_1m
 * (wall, load average 5-8): 4.6-5.5 M rows/s against 2.5-3.0 for the previous reader, rss_mb 103-105
 * (was 153-157: the file is no longer read whole). What is left is about one third page faults and
 * stores into the seven fresh columns, and the digit loops.
 * Limits: a quoted field may not span lines; blank lines are skipped (they are not rows).
 */
import { formatScaled, POW10 } from '../../core/decimal.js';
import { formatIso } from '../../core/time.js';
import {
  fieldText,
  grow,
  gridTicks,
  newBuilder,
  rescale,
  RowSink,
  statusText,
  type Builder,
} from '../bar-validation.js';
import {
  COL_CLOSE,
  COL_HIGH,
  COL_LOW,
  COL_OPEN,
  COL_SYMBOL,
  COL_TS,
  COL_VOLUME,
  type CsvPlan,
} from './plan.js';
import {
  isoDays,
  resetScanCaches,
  SCAN_EMPTY,
  SCAN_NULL,
  SCAN_OK,
  SCAN_TOO_BIG,
  scanDecimal,
  scanEpoch,
  scanIso,
  scanNumber,
  scanOut,
  splitLine,
  textOf,
  type SplitResult,
} from './scan.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Column roles in the fast splitter (0: text, found by its delimiter). */
const ROLE_NUMBER = 1;
const ROLE_ISO = 2;

export class CsvRowParser {
  /** 1-based number of the last line consumed. */
  line: number;
  readonly builders = new Map<string, Builder>();
  /** The builder of the last row's symbol (the only one without a symbol column). */
  current: Builder | null = null;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly role: Uint8Array;
  readonly fastMant: Float64Array;
  readonly fastDec: Int32Array;
  readonly split: SplitResult = { nf: 0, next: 0, le: 0, problem: '', problemField: 0 };
  readonly tickText: string;
  /** The date cache of isoFixedSeconds (positions valid within one parse() call). */
  readonly dates: DateCache = { pos: -1, days: 0 };
  /** The canonical one-symbol layout that plainRun takes. */
  readonly plain: boolean;

  /**
   * `headerLine`: the line number of the header. `capacity`: rows of each new builder. `chunked`: a full
   * builder stops parse() instead of growing.
   */
  constructor(
    readonly plan: CsvPlan,
    readonly sink: RowSink,
    headerLine: number,
    readonly capacity: number,
    readonly chunked: boolean,
  ) {
    this.line = headerLine;
    const ncols = plan.ncols;
    this.starts = new Int32Array(ncols + 1);
    this.ends = new Int32Array(ncols + 1);
    this.role = new Uint8Array(ncols);
    for (const slot of [COL_OPEN, COL_HIGH, COL_LOW, COL_CLOSE, COL_VOLUME])
      this.role[plan.cols[slot]!] = ROLE_NUMBER;
    // The fixed-position ISO path assumes the delimiter cannot occur inside such a stamp.
    if (plan.epochKind === 0 && !/[0-9A-Za-z :+.-]/.test(String.fromCharCode(plan.delim)))
      this.role[plan.cols[COL_TS]!] = ROLE_ISO;
    this.fastMant = new Float64Array(ncols);
    this.fastDec = new Int32Array(ncols);
    this.tickText = plan.tick ? formatScaled(plan.tick.units, plan.tick.scale) : '';
    if (plan.cols[COL_SYMBOL]! < 0) this.builderOf(plan.symbol);
    this.plain =
      plan.ncols === 6 &&
      this.role[0] === ROLE_ISO &&
      [COL_TS, COL_OPEN, COL_HIGH, COL_LOW, COL_CLOSE, COL_VOLUME].every(
        (slot) => plan.cols[slot] === slot,
      ) &&
      plan.cols[COL_SYMBOL]! < 0;
  }

  builderOf(symbol: string): Builder {
    let b = this.builders.get(symbol);
    if (b === undefined) {
      b = newBuilder(symbol, this.capacity);
      this.builders.set(symbol, b);
    }
    this.current = b;
    return b;
  }

  /**
   * Parses the lines of bytes[pos, end) — `end` is the end of the data or just after a line feed — and
   * returns where it stopped: `end`, or the start of the next line when a chunked builder is full.
   */
  parse(bytes: Uint8Array, pos: number, end: number): number {
    this.sink.bytes = bytes;
    this.dates.pos = -1;
    resetScanCaches();
    return parseLines(this, bytes, pos, end);
  }
}

/** A row position whose `YYYY-MM-DD` date was parsed, and its day number; pos -1: none. */
interface DateCache {
  pos: number;
  days: number;
}

/**
 * Seconds of `YYYY-MM-DD[T ]HH:MM:SS` at bytes[p, p + 19) (what follows is the caller's to check), NaN
 * for anything else. The date is parsed only when it differs from the cached one (rows share a day).
 * Small on purpose: V8 inlines it into both row loops.
 */
function isoFixedSeconds(bytes: Uint8Array, p: number, dates: DateCache): number {
  const cp = dates.pos;
  if (!(
    cp >= 0 &&
    bytes[p + 9] === bytes[cp + 9] &&
    bytes[p + 8] === bytes[cp + 8] &&
    bytes[p + 6] === bytes[cp + 6] &&
    bytes[p + 5] === bytes[cp + 5] &&
    bytes[p + 3] === bytes[cp + 3] &&
    bytes[p + 2] === bytes[cp + 2] &&
    bytes[p + 1] === bytes[cp + 1] &&
    bytes[p] === bytes[cp] &&
    bytes[p + 4] === 45 &&
    bytes[p + 7] === 45
  )) {
    const days = isoDays(bytes, p);
    if (days !== days) return NaN;
    dates.pos = p;
    dates.days = days;
  }
  const sep = bytes[p + 10];
  if (!((sep === 84 || sep === 32) && bytes[p + 13] === 58 && bytes[p + 16] === 58)) return NaN;
  const h1 = bytes[p + 11]! - 48;
  const h2 = bytes[p + 12]! - 48;
  const m1 = bytes[p + 14]! - 48;
  const m2 = bytes[p + 15]! - 48;
  const s1 = bytes[p + 17]! - 48;
  const s2 = bytes[p + 18]! - 48;
  const hh = h1 * 10 + h2;
  if (!(
    h1 >= 0 &&
    h2 >= 0 &&
    h2 <= 9 &&
    hh <= 23 &&
    m1 >= 0 &&
    m1 <= 5 &&
    m2 >= 0 &&
    m2 <= 9 &&
    s1 >= 0 &&
    s1 <= 5 &&
    s2 >= 0 &&
    s2 <= 9
  ))
    return NaN;
  return dates.days * 86400 + hh * 3600 + (m1 * 10 + m2) * 60 + s1 * 10 + s2;
}

/**
 * The row loop. One long function over locals on purpose: it is the hot path, and V8 keeps the builder's
 * arrays, the date cache and the plan in registers only within one function. Rare paths (bad rows,
 * rescaling, new symbols) are calls.
 */
function parseLines(P: CsvRowParser, bytes: Uint8Array, pos: number, n: number): number {
  const { plan, sink, starts, ends, role, fastMant, fastDec, split } = P;
  const { delim, ncols, names, epochKind, zone } = plan;
  const cTs = plan.cols[COL_TS]!;
  const cO = plan.cols[COL_OPEN]!;
  const cH = plan.cols[COL_HIGH]!;
  const cL = plan.cols[COL_LOW]!;
  const cC = plan.cols[COL_CLOSE]!;
  const cV = plan.cols[COL_VOLUME]!;
  const cS = plan.cols[COL_SYMBOL]!;
  const auto = plan.tick === null;
  const tickScale = plan.tick?.scale ?? 0;
  const tickUnits = plan.tick?.units ?? 1;
  const chunked = P.chunked;
  let line = P.line;
  let b = P.current;
  let lastSymPos = -1;
  let lastSymLen = -1;
  const dates = P.dates;
  let plainSkip = 0;

  while (pos < n) {
    if (P.plain && plainSkip === 0) {
      P.line = line;
      const from = pos;
      pos = plainRun(P, bytes, pos, n);
      line = P.line;
      // A file whose lines the kernel keeps refusing (another stamp shape ...) stops paying for the try.
      if (pos === from) plainSkip = 64;
      if (pos >= n || (chunked && b!.length === b!.tsSec.length)) break;
    } else if (plainSkip > 0) plainSkip--;
    line++;
    const ls = pos;
    let le = 0;
    // Fast path: one pass that finds the fields and parses the plain numeric ones on the way (digits and
    // one dot, at most 15 digits). Anything else (quotes, signs, spaces, exponents, a bad row) sends the
    // line to the general splitter below, which handles every case and reports problems.
    let fast = false;
    let timed = false;
    let sec = 0;
    let nsec = 0;
    let p = pos;
    let k = 0;
    for (; k < ncols; k++) {
      starts[k] = p;
      const r = role[k];
      if (r === ROLE_NUMBER) {
        let m = 0;
        let digits = 0;
        let c = 0;
        for (; p < n; p++) {
          c = bytes[p]! - 48;
          if (c < 0 || c > 9) break;
          m = m * 10 + c;
          digits++;
        }
        let dec = 0;
        if (c === -2 && p < n) {
          let nzM = m;
          let nzDec = 0;
          p++;
          for (; p < n; p++) {
            c = bytes[p]! - 48;
            if (c < 0 || c > 9) break;
            m = m * 10 + c;
            digits++;
            dec++;
            if (c !== 0) {
              nzM = m;
              nzDec = dec;
            }
          }
          m = nzM;
          dec = nzDec;
        }
        if (digits === 0 || digits > 15) break;
        ends[k] = p;
        fastMant[k] = m;
        fastDec[k] = dec;
      } else {
        if (bytes[p] === 34) break;
        if (r === ROLE_ISO) {
          // `YYYY-MM-DD[T ]HH:MM:SS` in UTC (or with `Z`): fixed positions, the date cached while it repeats.
          let q = p + 19;
          const z = q < n && bytes[q] === 90;
          if (z) q++;
          if (
            (z || zone === null) &&
            q <= n &&
            (q === n || bytes[q] === delim || bytes[q] === 10 || bytes[q] === 13)
          ) {
            const t = isoFixedSeconds(bytes, p, dates);
            if (t === t) {
              sec = t;
              timed = true;
              p = q;
            }
          }
        }
        if (!timed)
          for (; p < n; p++) {
            const c = bytes[p];
            if (c === delim || c === 10) break;
          }
        ends[k] = p;
      }
      if (k < ncols - 1) {
        if (p < n && bytes[p] === delim) p++;
        else break;
      }
    }
    if (k === ncols) {
      const last = ncols - 1;
      if (p === n || bytes[p] === 10) {
        fast = true;
        le = p;
        if (role[last] !== ROLE_NUMBER && le > ls && bytes[le - 1] === 13) ends[last] = --le;
      } else if (bytes[p] === 13 && (p + 1 === n || bytes[p + 1] === 10)) {
        fast = true;
        le = p++;
      }
      pos = p + 1;
    }
    if (!fast) {
      splitLine(bytes, ls, delim, ncols, starts, ends, split, n);
      pos = split.next;
      le = split.le;
      timed = false;
      if (!splitOk(P, bytes, ls, le, line)) continue;
    }

    if (cS >= 0) {
      const s = starts[cS]!;
      const len = ends[cS]! - s;
      let same = len === lastSymLen && b !== null;
      for (let j = 0; same && j < len; j++) same = bytes[s + j] === bytes[lastSymPos + j];
      if (!same) {
        const sym = fieldText(bytes, s, s + len);
        if (sym === '') {
          sink.reject(line, ls, le, names[cS]!, sym, 'empty symbol');
          continue;
        }
        b = P.builderOf(sym);
        lastSymPos = s;
        lastSymLen = len;
      }
    }
    const bb = b!;

    // Timestamp: already read by the fast path for the common ISO shapes, else by the scanners.
    const ts = starts[cTs]!;
    if (!timed) {
      const st =
        epochKind === 0
          ? scanIso(bytes, ts, ends[cTs]!, zone)
          : scanEpoch(bytes, ts, ends[cTs]!, epochKind - 1);
      if (st !== SCAN_OK) {
        rejectTime(P, line, ls, le, st);
        continue;
      }
      sec = scanOut.sec;
      nsec = scanOut.nsec;
    }

    // The four prices: mantissa and decimals first, ticks once the row's scale is known.
    if (!fast && !scanPrices(P, bytes, line, ls, le)) continue;
    const mO = fastMant[cO]!;
    const dO = fastDec[cO]!;
    const mH = fastMant[cH]!;
    const dH = fastDec[cH]!;
    const mL = fastMant[cL]!;
    const dL = fastDec[cL]!;
    const mC = fastMant[cC]!;
    const dC = fastDec[cC]!;

    let tO: number, tH: number, tL: number, tC: number;
    let rowScale = 0;
    if (auto) {
      rowScale = bb.scale;
      if (dO > rowScale) rowScale = dO;
      if (dH > rowScale) rowScale = dH;
      if (dL > rowScale) rowScale = dL;
      if (dC > rowScale) rowScale = dC;
      if (rowScale > 9) {
        const col = dO > 9 ? cO : dH > 9 ? cH : dL > 9 ? cL : cC;
        rejectField(P, bytes, line, ls, le, col, 'more than 9 decimal places');
        continue;
      }
      tO = mO * POW10[rowScale - dO]!;
      tH = mH * POW10[rowScale - dH]!;
      tL = mL * POW10[rowScale - dL]!;
      tC = mC * POW10[rowScale - dC]!;
    } else {
      tO = gridTicks(mO, dO, tickScale, tickUnits);
      tH = gridTicks(mH, dH, tickScale, tickUnits);
      tL = gridTicks(mL, dL, tickScale, tickUnits);
      tC = gridTicks(mC, dC, tickScale, tickUnits);
    }
    if (!(
      tO > 0 &&
      tH > 0 &&
      tL > 0 &&
      tC > 0 &&
      tO <= MAX_SAFE &&
      tH <= MAX_SAFE &&
      tL <= MAX_SAFE &&
      tC <= MAX_SAFE
    )) {
      rejectTicks(P, bytes, line, ls, le, tO, tH, tL, tC);
      continue;
    }
    if (tH < tL || tH < tO || tH < tC || tL > tO || tL > tC) {
      rejectRange(P, bytes, line, ls, le, tO, tH, tL, tC);
      continue;
    }

    let vol: number;
    if (fast) vol = fastMant[cV]! / POW10[fastDec[cV]!]!;
    else {
      const st = scanNumber(bytes, starts[cV]!, ends[cV]!);
      if (st !== SCAN_OK || scanOut.num < 0) {
        rejectField(P, bytes, line, ls, le, cV, st !== SCAN_OK ? statusText(st) : 'volume must be >= 0');
        continue;
      }
      vol = scanOut.num;
    }

    if (!(sec > bb.lastSec || (sec === bb.lastSec && nsec > bb.lastNsec))) {
      rejectOrder(P, bytes, line, ls, le, bb, sec, nsec);
      continue;
    }
    if (auto && rowScale > bb.scale && !rescaleTo(P, bytes, line, ls, le, bb, rowScale)) continue;
    let len = bb.length;
    if (len === bb.tsSec.length) grow(bb);
    bb.tsSec[len] = sec;
    bb.tsNsec[len] = nsec;
    bb.open[len] = tO;
    bb.high[len] = tH;
    bb.low[len] = tL;
    bb.close[len] = tC;
    bb.volume[len] = vol;
    bb.length = ++len;
    if (tH > bb.maxTicks) bb.maxTicks = tH;
    bb.lastLine = line;
    bb.lastSec = sec;
    bb.lastNsec = nsec;
    if (chunked && len === bb.tsSec.length) break;
  }
  P.line = line;
  P.current = b;
  return pos;
}

/** A line the general splitter took: false (after reporting it unless blank) when it is not a row. */
function splitOk(P: CsvRowParser, bytes: Uint8Array, ls: number, le: number, line: number): boolean {
  const { split, plan, sink, starts, ends } = P;
  const { ncols, names } = plan;
  const nf = split.nf;
  if (
    nf === 1 &&
    split.problem === '' &&
    (le === ls || textOf(bytes, ls, le).trim() === '') &&
    bytes[ls] !== 34
  )
    return false;
  if (split.problem) {
    const qf = split.problemField;
    sink.reject(line, ls, le, names[qf] ?? `column ${qf + 1}`, textOf(bytes, ls, le), split.problem);
    return false;
  }
  if (nf === ncols) return true;
  if (nf < ncols)
    sink.reject(line, ls, le, names[nf]!, textOf(bytes, ls, le), `expected ${ncols} columns, found ${nf}`);
  else
    sink.reject(
      line,
      ls,
      le,
      `column ${ncols + 1}`,
      fieldText(bytes, starts[ncols]!, ends[ncols]!),
      `expected ${ncols} columns, found ${nf}`,
    );
  return false;
}

/** The general path's prices into fastMant/fastDec; false after reporting the first bad one. */
function scanPrices(P: CsvRowParser, bytes: Uint8Array, line: number, ls: number, le: number): boolean {
  const { plan, starts, ends, fastMant, fastDec } = P;
  for (const slot of [COL_OPEN, COL_HIGH, COL_LOW, COL_CLOSE]) {
    const c = plan.cols[slot]!;
    const st = scanDecimal(bytes, starts[c]!, ends[c]!);
    if (st !== SCAN_OK) {
      rejectField(P, bytes, line, ls, le, c, statusText(st));
      return false;
    }
    fastMant[c] = scanOut.mant;
    fastDec[c] = scanOut.dec;
  }
  return true;
}

function rejectField(
  P: CsvRowParser,
  bytes: Uint8Array,
  line: number,
  ls: number,
  le: number,
  col: number,
  detail: string,
): void {
  P.sink.reject(line, ls, le, P.plan.names[col]!, fieldText(bytes, P.starts[col]!, P.ends[col]!), detail);
}

function rejectTime(P: CsvRowParser, line: number, ls: number, le: number, st: number): void {
  const detail =
    st === SCAN_EMPTY || st === SCAN_NULL
      ? statusText(st)
      : st === SCAN_TOO_BIG
        ? 'timestamp out of range'
        : scanOut.why;
  rejectField(P, P.sink.bytes, line, ls, le, P.plan.cols[COL_TS]!, detail);
}

/** The first price (open, high, low, close order) that is not positive or not exact in ticks. */
function rejectTicks(
  P: CsvRowParser,
  bytes: Uint8Array,
  line: number,
  ls: number,
  le: number,
  tO: number,
  tH: number,
  tL: number,
  tC: number,
): void {
  const cols = P.plan.cols;
  const bad = (t: number): boolean => !(t > 0 && t <= MAX_SAFE);
  const slot = bad(tO) ? COL_OPEN : bad(tH) ? COL_HIGH : bad(tL) ? COL_LOW : COL_CLOSE;
  const col = cols[slot]!;
  const t = slot === COL_OPEN ? tO : slot === COL_HIGH ? tH : slot === COL_LOW ? tL : tC;
  const detail =
    P.fastMant[col]! <= 0
      ? 'price must be > 0'
      : t !== t
        ? `price is not a multiple of the tick size ${P.tickText}`
        : 'price too large to hold exactly in ticks';
  rejectField(P, bytes, line, ls, le, col, detail);
}

/** High below low, or high/low not bracketing open and close. */
function rejectRange(
  P: CsvRowParser,
  bytes: Uint8Array,
  line: number,
  ls: number,
  le: number,
  tO: number,
  tH: number,
  tL: number,
  tC: number,
): void {
  const { cols } = P.plan;
  const text = (slot: number): string => fieldText(bytes, P.starts[cols[slot]!]!, P.ends[cols[slot]!]!);
  if (tH < tL) rejectField(P, bytes, line, ls, le, cols[COL_HIGH]!, `high is below low ${text(COL_LOW)}`);
  else if (tH < tO || tH < tC) {
    const open = tH < tO;
    rejectField(
      P,
      bytes,
      line,
      ls,
      le,
      cols[COL_HIGH]!,
      `high is below ${open ? 'open' : 'close'} ${text(open ? COL_OPEN : COL_CLOSE)}`,
    );
  } else {
    const open = tL > tO;
    rejectField(
      P,
      bytes,
      line,
      ls,
      le,
      cols[COL_LOW]!,
      `low is above ${open ? 'open' : 'close'} ${text(open ? COL_OPEN : COL_CLOSE)}`,
    );
  }
}

function rejectOrder(
  P: CsvRowParser,
  bytes: Uint8Array,
  line: number,
  ls: number,
  le: number,
  bb: Builder,
  sec: number,
  nsec: number,
): void {
  const detail =
    sec === bb.lastSec && nsec === bb.lastNsec
      ? `duplicate timestamp (line ${bb.lastLine} has the same time)`
      : `timestamp goes back in time (line ${bb.lastLine} is at ${formatIso(bb.lastSec, bb.lastNsec)})`;
  rejectField(P, bytes, line, ls, le, P.plan.cols[COL_TS]!, detail);
}

/** Auto tick: moves the builder to `rowScale` decimals (false after reporting that it cannot stay exact). */
function rescaleTo(
  P: CsvRowParser,
  bytes: Uint8Array,
  line: number,
  ls: number,
  le: number,
  bb: Builder,
  rowScale: number,
): boolean {
  const factor = POW10[rowScale - bb.scale]!;
  if (bb.maxTicks * factor > MAX_SAFE) {
    rejectField(
      P,
      bytes,
      line,
      ls,
      le,
      P.plan.cols[COL_HIGH]!,
      `${rowScale} decimals would push earlier prices beyond exact integer range`,
    );
    return false;
  }
  rescale(bb, factor);
  bb.scale = rowScale;
  return true;
}

/**
 * The plain-row kernel, for the canonical layout `timestamp,open,high,low,close,volume` with ISO stamps
 * `YYYY-MM-DD[T ]HH:MM:SS[Z]`: takes whole lines as long as each is plain (digits and one dot, no quotes
 * or spaces), valid, later than the row before, and needs no rescale or grow; returns the start of the
 * first line it does not take, which parseLines then handles (and reports, if bad) as before. So it never
 * decides anything parseLines would decide differently: it only skips parseLines' bookkeeping (field
 * bounds, error context) for rows that need none. One long loop over locals on purpose (the hot path).
 * Its stamps have no fraction: tsNsec is left as it is, zero (a builder's tsNsec is zero past its length).
 */
function plainRun(P: CsvRowParser, bytes: Uint8Array, pos: number, n: number): number {
  const bb = P.current!;
  const { delim, zone, tick } = P.plan;
  const auto = tick === null;
  const scale = auto ? bb.scale : tick.scale;
  const units = auto ? 1 : tick.units;
  const cap = bb.tsSec.length;
  const aSec = bb.tsSec;
  const aO = bb.open;
  const aH = bb.high;
  const aL = bb.low;
  const aC = bb.close;
  const aV = bb.volume;
  const m = P.fastMant;
  const d = P.fastDec;
  let len = bb.length;
  let lastSec = bb.lastSec;
  let maxTicks = bb.maxTicks;
  let line = P.line;
  const dates = P.dates;
  let vol = 0;
  rows: while (pos < n && len < cap) {
    let p = pos;
    let q = p + 19;
    if (q >= n) break;
    if (bytes[q] === 90) q++;
    else if (zone !== null) break;
    if (q >= n || bytes[q] !== delim) break;
    const sec = isoFixedSeconds(bytes, p, dates);
    if (sec !== sec) break;
    if (!(sec > lastSec)) break;
    p = q + 1;
    // Open, high, low, close, volume: digits with at most one dot, each ended by the delimiter (the
    // volume by the line end); mantissa without trailing fraction zeros.
    for (let k = 1; k <= 5; k++) {
      let v = 0;
      const s = p;
      let c = 0;
      for (; p < n; p++) {
        c = bytes[p]! - 48;
        if (c < 0 || c > 9) break;
        v = v * 10 + c;
      }
      let digits = p - s;
      let dec = 0;
      if (c === -2 && p < n) {
        const f = ++p;
        for (; p < n; p++) {
          c = bytes[p]! - 48;
          if (c < 0 || c > 9) break;
          v = v * 10 + c;
        }
        dec = p - f;
        digits += dec;
        // Trailing zeros by their bytes (a double's % is a slow library call); v / 10 stays exact.
        for (let z = p - 1; dec > 0 && bytes[z] === 48; z--) {
          v /= 10;
          dec--;
        }
      }
      if (digits === 0 || digits > 15) break rows;
      if (k < 5) {
        if (p >= n || bytes[p] !== delim) break rows;
        p++;
      }
      m[k] = v;
      d[k] = dec;
    }
    if (p < n && bytes[p] !== 10) {
      if (bytes[p] === 13 && (p + 1 === n || bytes[p + 1] === 10)) p++;
      else break;
    }
    let tO: number, tH: number, tL: number, tC: number;
    if (auto) {
      if (d[1]! > scale || d[2]! > scale || d[3]! > scale || d[4]! > scale) break;
      tO = m[1]! * POW10[scale - d[1]!]!;
      tH = m[2]! * POW10[scale - d[2]!]!;
      tL = m[3]! * POW10[scale - d[3]!]!;
      tC = m[4]! * POW10[scale - d[4]!]!;
    } else {
      tO = gridTicks(m[1]!, d[1]!, scale, units);
      tH = gridTicks(m[2]!, d[2]!, scale, units);
      tL = gridTicks(m[3]!, d[3]!, scale, units);
      tC = gridTicks(m[4]!, d[4]!, scale, units);
    }
    if (!(tO > 0 && tL > 0 && tH <= MAX_SAFE && tH >= tL && tH >= tO && tH >= tC && tL <= tO && tL <= tC))
      break;
    vol = m[5]! / POW10[d[5]!]!;
    aSec[len] = sec;
    aO[len] = tO;
    aH[len] = tH;
    aL[len] = tL;
    aC[len] = tC;
    aV[len] = vol;
    len++;
    if (tH > maxTicks) maxTicks = tH;
    lastSec = sec;
    line++;
    pos = p + 1;
  }
  if (line !== P.line) {
    bb.length = len;
    bb.maxTicks = maxTicks;
    bb.lastSec = lastSec;
    bb.lastNsec = 0;
    bb.lastLine = line;
    P.line = line;
  }
  return pos;
}
