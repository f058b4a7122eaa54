/**
 * OHLCV CSV reader (Yahoo and generic layouts) into columnar BarTables, with per-row validation.
 *
 * Design: the file is read in blocks of whole lines (line-blocks.ts) and each block goes through the row
 * loop of row-parser.ts (plain-line fast path, fixed-position ISO stamps, prices straight to ticks). Columns
 * are typed arrays sized from a row estimate (file size / mean length of the first lines, +10%), so a
 * one-symbol file does not regrow. Measured (bench/workloads/csv-parse.js, 1 M one-minute ISO rows, one
 * core of the shared 2-core VM): see row-parser.ts.
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
 * Limits: a quoted field may not span lines; blank lines are skipped (they are not rows).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataError } from '../../core/errors.js';
import type { BarTable } from '../bars.js';
import { RowSink, toTable } from '../bar-validation.js';
import { LineBlocks } from './line-blocks.js';
import { COL_SYMBOL, resolvePlan, type CsvBarOptions, type CsvPlan } from './plan.js';
import { CsvRowParser } from './row-parser.js';
import { textOf } from './scan.js';

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

/** Where the header search stands: lines seen so far, and whether the byte-order mark was looked for. */
export interface HeaderSearch {
  line: number;
  started: boolean;
}

/**
 * Looks for the header in the lines of bytes[pos, end) (blank lines before it are skipped): its plan and
 * the position of the first data line, or null when these lines hold no header yet.
 */
export function headerIn(
  bytes: Uint8Array,
  pos: number,
  end: number,
  file: string,
  options: CsvBarOptions,
  at: HeaderSearch,
): { plan: CsvPlan; pos: number } | null {
  if (!at.started) {
    at.started = true;
    if (end - pos >= 3 && bytes[pos] === 0xef && bytes[pos + 1] === 0xbb && bytes[pos + 2] === 0xbf) pos += 3;
  }
  while (pos < end) {
    const lf = bytes.indexOf(10, pos);
    const stop = lf < 0 || lf >= end ? end : lf;
    const text = textOf(bytes, pos, stop).replace(/\r$/, '');
    at.line++;
    pos = stop + 1;
    if (text.trim() !== '') return { plan: resolvePlan(file, text, options), pos };
  }
  return null;
}

/** Rows to allocate per builder: the data size over the mean length of the first lines, +10%. */
export function estimateRows(bytes: Uint8Array, pos: number, end: number, dataBytes: number): number {
  let probe = pos;
  let lines = 0;
  for (; lines < 64 && probe < end; lines++) {
    const lf = bytes.indexOf(10, probe);
    probe = lf < 0 || lf >= end ? end : lf + 1;
  }
  const meanLen = Math.max(8, (probe - pos) / Math.max(1, lines));
  return Math.ceil((dataBytes / meanLen) * 1.1) + 16;
}

export function readBarsCsv(path: string, options: CsvBarOptions): CsvBarResult {
  const blocks = new LineBlocks(path);
  try {
    const at: HeaderSearch = { line: 0, started: false };
    let found: { plan: CsvPlan; pos: number } | null = null;
    while (found === null && blocks.next())
      found = headerIn(blocks.buf, blocks.start, blocks.end, path, options, at);
    if (found === null) throw new DataError({ file: path }, 'empty file: expected a header line');
    const { plan } = found;
    const sink = new RowSink(plan);
    // The rows left: what is left of this block plus the bytes not read yet.
    const left = blocks.end - found.pos + (blocks.size - blocks.consumed);
    const parser = new CsvRowParser(
      plan,
      sink,
      at.line,
      capacityFor(plan, blocks.buf, found.pos, blocks.end, left),
      false,
    );
    parser.parse(blocks.buf, found.pos, blocks.end);
    while (blocks.next()) parser.parse(blocks.buf, blocks.start, blocks.end);
    return finishBars(parser, path);
  } finally {
    blocks.close();
  }
}

function capacityFor(plan: CsvPlan, bytes: Uint8Array, pos: number, end: number, dataBytes: number): number {
  return plan.cols[COL_SYMBOL]! >= 0 ? 1024 : estimateRows(bytes, pos, end, dataBytes);
}

export function parseBarsCsv(bytes: Uint8Array, fileLabel: string, options: CsvBarOptions): CsvBarResult {
  const at: HeaderSearch = { line: 0, started: false };
  const found = headerIn(bytes, 0, bytes.length, fileLabel, options, at);
  if (found === null) throw new DataError({ file: fileLabel }, 'empty file: expected a header line');
  const { plan, pos } = found;
  const cap = capacityFor(plan, bytes, pos, bytes.length, bytes.length - pos);
  const parser = new CsvRowParser(plan, new RowSink(plan), at.line, cap, false);
  parser.parse(bytes, pos, bytes.length);
  return finishBars(parser, fileLabel);
}

/** The tables (by symbol), the counts, and the quarantine file of a finished parse. */
function finishBars(parser: CsvRowParser, fileLabel: string): CsvBarResult {
  const { plan, sink } = parser;
  const tables = [...parser.builders.values()]
    .filter((b) => b.length > 0)
    .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
    .map((b) => toTable(b, plan));
  const rowsAccepted = tables.reduce((s, t) => s + t.length, 0);
  const rowsRead = rowsAccepted + sink.rejected;
  let quarantinePath: string | null = null;
  if (sink.rejected > 0) {
    quarantinePath = plan.quarantinePath;
    try {
      mkdirSync(dirname(quarantinePath), { recursive: true }); // e.g. RUN_DIR/quarantine/, made on first use
      writeFileSync(quarantinePath, quarantineHeader(plan) + sink.lines.join('\n') + '\n');
    } catch (e) {
      throw new DataError(
        { file: quarantinePath },
        `cannot write the quarantine file: ${(e as Error).message}`,
      );
    }
  }
  checkCounts(fileLabel, rowsRead, rowsAccepted, quarantinePath, sink.issues);
  return {
    tables,
    rowsRead,
    rowsAccepted,
    rowsQuarantined: sink.rejected,
    quarantinePath,
    firstIssues: sink.issues,
  };
}

export function quarantineHeader(plan: CsvPlan): string {
  return plan.headerText + String.fromCharCode(plan.delim) + 'reason\n';
}

/** A file without data rows, or whose rows were all rejected, is an error in either mode. */
export function checkCounts(
  file: string,
  rowsRead: number,
  rowsAccepted: number,
  quarantinePath: string | null,
  issues: string[],
): void {
  if (rowsRead === 0) throw new DataError({ file }, 'no data rows after the header');
  if (rowsAccepted === 0)
    throw new DataError(
      { file },
      `no valid rows: all ${rowsRead} data rows were rejected (see ${quarantinePath}); first: ${issues[0]}`,
    );
}
