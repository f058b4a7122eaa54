/**
 * OHLCV CSV reader (Yahoo and generic layouts) into columnar BarTables, with per-row validation.
 *
 * Design: one pass over the raw bytes. A plain line (unquoted fields, prices and volume made of digits and
 * one dot) is split and its numbers parsed in the same byte loop; any other line goes through the general
 * splitter and scanners of csv-scan.ts (quotes, signs, exponents, `null`, errors). Prices go from decimal
 * text straight to integer ticks, timestamps to exact (sec, nsec) with the date part cached while rows
 * share a day. Columns are typed arrays grown by doubling. No per-row strings, splits or regex on the
 * happy path; strings are built only to report a bad row. Measured: about 3 to 6 M rows/s for 1-minute
 * ISO rows on one core (bench/workloads/csv-parse.js).
 *
 * Validation per row: column count; every field present, non-empty, numeric (Yahoo's `null` rows are
 * rejected as such); prices > 0 and on the tick grid; high >= max(open, close) and low <= min(open,
 * close); volume >= 0; time strictly increasing per symbol (duplicates and backwards steps reported apart).
 * Strict mode throws a DataError naming file, 1-based line, column and value on the first bad row.
 * Lenient mode copies bad rows (with a `reason` column) to a quarantine file, counts them and keeps the
 * earlier row when time repeats or goes back; a file with no valid row is still an error.
 *
 * Tick 'auto' is decided per symbol: the smallest power of ten holding every accepted OHLC value exactly
 * (up to 1e-9); when a finer price appears, the rows so far are rescaled once (at most nine times).
 * Limits: a quoted field may not span lines; blank lines are skipped (they are not rows); the file is
 * read whole into memory.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatScaled, POW10 } from '../../core/decimal.js';
import { DataError } from '../../core/errors.js';
import { formatIso, tsCompare } from '../../core/time.js';
import type { BarTable } from '../bars.js';
import {
  fieldText,
  grow,
  gridTicks,
  newBuilder,
  rescale,
  RowSink,
  statusText,
  toTable,
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
  resolvePlan,
  type CsvBarOptions,
  type CsvPlan,
} from './plan.js';
import {
  SCAN_EMPTY,
  SCAN_NULL,
  SCAN_OK,
  SCAN_TOO_BIG,
  resetScanCaches,
  scanDecimal,
  scanEpoch,
  scanIso,
  scanNumber,
  scanOut,
  splitLine,
  textOf,
  type SplitResult,
} from './scan.js';

export type { CsvBarOptions } from './plan.js';

export interface CsvBarResult {
  tables: BarTable[];
  rowsRead: number;
  rowsAccepted: number;
  rowsQuarantined: number;
  quarantinePath: string | null;
  /** The first (up to 20) problems, as full messages. */
  firstIssues: string[];
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export function readBarsCsv(path: string, options: CsvBarOptions): CsvBarResult {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new DataError({ file: path }, `cannot read the file: ${(e as Error).message}`);
  }
  return parseBarsCsv(bytes, path, options);
}

export function parseBarsCsv(bytes: Uint8Array, fileLabel: string, options: CsvBarOptions): CsvBarResult {
  const n = bytes.length;
  let pos = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 0;
  let plan: CsvPlan | null = null;
  while (pos < n && plan === null) {
    const lf = bytes.indexOf(10, pos);
    const end = lf < 0 ? n : lf;
    const text = textOf(bytes, pos, end).replace(/\r$/, '');
    line++;
    pos = end + 1;
    if (text.trim() !== '') plan = resolvePlan(fileLabel, text, options);
  }
  if (plan === null) throw new DataError({ file: fileLabel }, 'empty file: expected a header line');
  resetScanCaches();
  const sink = new RowSink(plan, bytes);
  const builders = parseRows(bytes, pos, line, plan, sink);
  const tables = [...builders.values()]
    .filter((b) => b.length > 0)
    .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
    .map((b) => toTable(b, plan));
  const rowsAccepted = tables.reduce((s, t) => s + t.length, 0);
  const rowsRead = rowsAccepted + sink.rejected;
  let quarantinePath: string | null = null;
  if (sink.rejected > 0) {
    quarantinePath = plan.quarantinePath;
    const header = plan.headerText + String.fromCharCode(plan.delim) + 'reason\n';
    try {
      mkdirSync(dirname(quarantinePath), { recursive: true }); // e.g. RUN_DIR/quarantine/, made on first use
      writeFileSync(quarantinePath, header + sink.lines.join('\n') + '\n');
    } catch (e) {
      throw new DataError(
        { file: quarantinePath },
        `cannot write the quarantine file: ${(e as Error).message}`,
      );
    }
  }
  if (rowsRead === 0) throw new DataError({ file: fileLabel }, 'no data rows after the header');
  if (rowsAccepted === 0)
    throw new DataError(
      { file: fileLabel },
      `no valid rows: all ${rowsRead} data rows were rejected (see ${quarantinePath}); first: ${sink.issues[0]}`,
    );
  return {
    tables,
    rowsRead,
    rowsAccepted,
    rowsQuarantined: sink.rejected,
    quarantinePath,
    firstIssues: sink.issues,
  };
}

/** The row loop. Kept as one function over locals: it is the hot path. */
function parseRows(
  bytes: Uint8Array,
  pos: number,
  line: number,
  plan: CsvPlan,
  sink: RowSink,
): Map<string, Builder> {
  const n = bytes.length;
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
  const tickText = plan.tick ? formatScaled(plan.tick.units, plan.tick.scale) : '';
  const starts = new Int32Array(ncols + 1);
  const ends = new Int32Array(ncols + 1);
  const numeric = new Uint8Array(ncols);
  for (const c of [cO, cH, cL, cC, cV]) numeric[c] = 1;
  const fastMant = new Float64Array(ncols);
  const fastDec = new Int32Array(ncols);
  const split: SplitResult = { nf: 0, next: 0, le: 0, problem: '', problemField: 0 };
  const builders = new Map<string, Builder>();

  // Capacity from the mean length of the first lines (+10%), so a one-symbol file rarely regrows.
  let probe = pos;
  for (let k = 0; k < 64 && probe < n; k++) {
    const lf = bytes.indexOf(10, probe);
    probe = lf < 0 ? n : lf + 1;
  }
  let sampled = 0;
  for (let k = pos; k < probe; k++) if (bytes[k] === 10) sampled++;
  const meanLen = Math.max(8, (probe - pos) / Math.max(1, sampled));
  const initialCap = cS >= 0 ? 1024 : Math.ceil(((n - pos) / meanLen) * 1.1) + 16;
  let b: Builder | null = null;
  if (cS < 0) {
    b = newBuilder(plan.symbol, initialCap);
    builders.set(plan.symbol, b);
  }
  let lastSymPos = -1;
  let lastSymLen = -1;

  while (pos < n) {
    line++;
    const ls = pos;
    let le = 0;
    // Fast path: one pass that finds the fields and parses the plain numeric ones on the way (digits and
    // one dot, at most 15 digits). Anything else (quotes, signs, spaces, exponents, a bad row) sends the
    // line to the general splitter below, which handles every case and reports problems.
    let fast = false;
    let p = pos;
    let k = 0;
    for (; k < ncols; k++) {
      starts[k] = p;
      if (numeric[k] === 1) {
        let m = 0;
        let digits = 0;
        let frac = -1;
        let nzFrac = 0;
        let nzM = 0;
        for (; p < n; p++) {
          const d = bytes[p]! - 48;
          if (d >= 0 && d <= 9) {
            m = m * 10 + d;
            digits++;
            if (frac >= 0) {
              frac++;
              if (d !== 0) {
                nzFrac = frac;
                nzM = m;
              }
            }
          } else if (d === -2 && frac < 0) {
            frac = 0;
            nzM = m;
          } else break;
        }
        if (digits === 0 || digits > 15) break;
        ends[k] = p;
        fastMant[k] = frac < 0 ? m : nzM;
        fastDec[k] = frac < 0 ? 0 : nzFrac;
      } else {
        if (bytes[p] === 34) break;
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
        if (numeric[last] === 0 && le > ls && bytes[le - 1] === 13) ends[last] = --le;
      } else if (bytes[p] === 13 && (p + 1 === n || bytes[p + 1] === 10)) {
        fast = true;
        le = p++;
      }
      pos = p + 1;
    }
    if (!fast) {
      splitLine(bytes, ls, delim, ncols, starts, ends, split);
      pos = split.next;
      le = split.le;
      const nf = split.nf;
      if (
        nf === 1 &&
        split.problem === '' &&
        (le === ls || textOf(bytes, ls, le).trim() === '') &&
        bytes[ls] !== 34
      )
        continue;
      if (split.problem) {
        const qf = split.problemField;
        sink.reject(line, ls, le, names[qf] ?? `column ${qf + 1}`, textOf(bytes, ls, le), split.problem);
        continue;
      }
      if (nf !== ncols) {
        if (nf < ncols)
          sink.reject(
            line,
            ls,
            le,
            names[nf]!,
            textOf(bytes, ls, le),
            `expected ${ncols} columns, found ${nf}`,
          );
        else
          sink.reject(
            line,
            ls,
            le,
            `column ${ncols + 1}`,
            fieldText(bytes, starts[ncols]!, ends[ncols]!),
            `expected ${ncols} columns, found ${nf}`,
          );
        continue;
      }
    }

    if (cS >= 0) {
      const s = starts[cS]!;
      const len = ends[cS]! - s;
      let same = len === lastSymLen && b !== null;
      for (let k = 0; same && k < len; k++) same = bytes[s + k] === bytes[lastSymPos + k];
      if (!same) {
        const sym = fieldText(bytes, s, s + len);
        if (sym === '') {
          sink.reject(line, ls, le, names[cS]!, sym, 'empty symbol');
          continue;
        }
        b = builders.get(sym) ?? null;
        if (b === null) {
          b = newBuilder(sym, initialCap);
          builders.set(sym, b);
        }
        lastSymPos = s;
        lastSymLen = len;
      }
    }
    const bb = b!;

    let st =
      epochKind === 0
        ? scanIso(bytes, starts[cTs]!, ends[cTs]!, zone)
        : scanEpoch(bytes, starts[cTs]!, ends[cTs]!, epochKind - 1);
    if (st !== SCAN_OK) {
      const detail =
        st === SCAN_EMPTY || st === SCAN_NULL
          ? statusText(st)
          : st === SCAN_TOO_BIG
            ? 'timestamp out of range'
            : scanOut.why;
      sink.reject(line, ls, le, names[cTs]!, fieldText(bytes, starts[cTs]!, ends[cTs]!), detail);
      continue;
    }
    const sec = scanOut.sec;
    const nsec = scanOut.nsec;

    // The four prices: mantissa and decimals first, ticks once the row's scale is known.
    if (!fast) {
      st = scanDecimal(bytes, starts[cO]!, ends[cO]!);
      if (st !== SCAN_OK) {
        sink.reject(line, ls, le, names[cO]!, fieldText(bytes, starts[cO]!, ends[cO]!), statusText(st));
        continue;
      }
    }
    const mO = fast ? fastMant[cO]! : scanOut.mant;
    const dO = fast ? fastDec[cO]! : scanOut.dec;
    if (!fast) {
      st = scanDecimal(bytes, starts[cH]!, ends[cH]!);
      if (st !== SCAN_OK) {
        sink.reject(line, ls, le, names[cH]!, fieldText(bytes, starts[cH]!, ends[cH]!), statusText(st));
        continue;
      }
    }
    const mH = fast ? fastMant[cH]! : scanOut.mant;
    const dH = fast ? fastDec[cH]! : scanOut.dec;
    if (!fast) {
      st = scanDecimal(bytes, starts[cL]!, ends[cL]!);
      if (st !== SCAN_OK) {
        sink.reject(line, ls, le, names[cL]!, fieldText(bytes, starts[cL]!, ends[cL]!), statusText(st));
        continue;
      }
    }
    const mL = fast ? fastMant[cL]! : scanOut.mant;
    const dL = fast ? fastDec[cL]! : scanOut.dec;
    if (!fast) {
      st = scanDecimal(bytes, starts[cC]!, ends[cC]!);
      if (st !== SCAN_OK) {
        sink.reject(line, ls, le, names[cC]!, fieldText(bytes, starts[cC]!, ends[cC]!), statusText(st));
        continue;
      }
    }
    const mC = fast ? fastMant[cC]! : scanOut.mant;
    const dC = fast ? fastDec[cC]! : scanOut.dec;

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
        sink.reject(
          line,
          ls,
          le,
          names[col]!,
          fieldText(bytes, starts[col]!, ends[col]!),
          'more than 9 decimal places',
        );
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
      const col = !(tO > 0 && tO <= MAX_SAFE)
        ? cO
        : !(tH > 0 && tH <= MAX_SAFE)
          ? cH
          : !(tL > 0 && tL <= MAX_SAFE)
            ? cL
            : cC;
      const m = col === cO ? mO : col === cH ? mH : col === cL ? mL : mC;
      const t = col === cO ? tO : col === cH ? tH : col === cL ? tL : tC;
      const detail =
        m <= 0
          ? 'price must be > 0'
          : t !== t
            ? `price is not a multiple of the tick size ${tickText}`
            : 'price too large to hold exactly in ticks';
      sink.reject(line, ls, le, names[col]!, fieldText(bytes, starts[col]!, ends[col]!), detail);
      continue;
    }
    if (tH < tL) {
      sink.reject(
        line,
        ls,
        le,
        names[cH]!,
        fieldText(bytes, starts[cH]!, ends[cH]!),
        `high is below low ${fieldText(bytes, starts[cL]!, ends[cL]!)}`,
      );
      continue;
    }
    if (tH < tO || tH < tC) {
      const col = tH < tO ? cO : cC;
      sink.reject(
        line,
        ls,
        le,
        names[cH]!,
        fieldText(bytes, starts[cH]!, ends[cH]!),
        `high is below ${col === cO ? 'open' : 'close'} ${fieldText(bytes, starts[col]!, ends[col]!)}`,
      );
      continue;
    }
    if (tL > tO || tL > tC) {
      const col = tL > tO ? cO : cC;
      sink.reject(
        line,
        ls,
        le,
        names[cL]!,
        fieldText(bytes, starts[cL]!, ends[cL]!),
        `low is above ${col === cO ? 'open' : 'close'} ${fieldText(bytes, starts[col]!, ends[col]!)}`,
      );
      continue;
    }

    let vol: number;
    if (fast) vol = fastMant[cV]! / POW10[fastDec[cV]!]!;
    else {
      st = scanNumber(bytes, starts[cV]!, ends[cV]!);
      if (st !== SCAN_OK || scanOut.num < 0) {
        sink.reject(
          line,
          ls,
          le,
          names[cV]!,
          fieldText(bytes, starts[cV]!, ends[cV]!),
          st !== SCAN_OK ? statusText(st) : 'volume must be >= 0',
        );
        continue;
      }
      vol = scanOut.num;
    }

    let len = bb.length;
    if (len > 0) {
      const cmp = tsCompare(sec, nsec, bb.tsSec[len - 1]!, bb.tsNsec[len - 1]!);
      if (cmp <= 0) {
        const detail =
          cmp === 0
            ? `duplicate timestamp (line ${bb.lastLine} has the same time)`
            : `timestamp goes back in time (line ${bb.lastLine} is at ${formatIso(bb.tsSec[len - 1]!, bb.tsNsec[len - 1]!)})`;
        sink.reject(line, ls, le, names[cTs]!, fieldText(bytes, starts[cTs]!, ends[cTs]!), detail);
        continue;
      }
    }
    if (auto && rowScale > bb.scale) {
      const factor = POW10[rowScale - bb.scale]!;
      if (bb.maxTicks * factor > MAX_SAFE) {
        sink.reject(
          line,
          ls,
          le,
          names[cH]!,
          fieldText(bytes, starts[cH]!, ends[cH]!),
          `${rowScale} decimals would push earlier prices beyond exact integer range`,
        );
        continue;
      }
      rescale(bb, factor);
      bb.scale = rowScale;
    }
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
  }
  return builders;
}
