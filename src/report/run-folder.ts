/**
 * Reads a run folder (DESIGN.md §4) back into report columns: metrics.json as a plain object (every key
 * kept, whatever later versions add), trades.csv, fills.csv and equity.csv located by header name (so
 * added columns do not break old readers), config.resolved.yaml as text.
 *
 * Errors: a folder without metrics.json or equity.csv is a UsageError; a malformed row is a DataError
 * naming file, line, field and value. trades.csv and fills.csv may be absent (read as empty).
 * Limits: times keep microsecond precision at best (seconds in a double, see types.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DataError, UsageError } from '../core/errors.js';
import { parseIso, TimeParseError, type Timestamp } from '../core/time.js';
import type { EquityColumns, FillColumns, TradeColumns } from './types.js';

export interface RunFolder {
  dir: string;
  /** The folder's name. */
  title: string;
  metrics: Record<string, unknown>;
  configYaml: string;
  equity: EquityColumns;
  trades: TradeColumns;
  fills: FillColumns;
}

/** Splits one CSV line; fields may be double-quoted with "" for a quote (csv-format.ts writes that). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (line[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

class CsvTable {
  readonly rows: string[][] = [];
  private readonly index = new Map<string, number>();

  constructor(
    readonly file: string,
    text: string,
    required: readonly string[],
  ) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const header = splitCsvLine(lines[0] ?? '');
    header.forEach((h, i) => this.index.set(h.trim(), i));
    for (const r of required)
      if (!this.index.has(r))
        throw new DataError({ file, row: 1, field: r }, 'column missing from the header');
    for (let i = 1; i < lines.length; i++) this.rows.push(splitCsvLine(lines[i]!));
  }

  text(row: number, col: string): string {
    const v = this.rows[row]![this.index.get(col)!];
    if (v === undefined) throw new DataError({ file: this.file, row: row + 2, field: col }, 'field missing');
    return v;
  }

  num(row: number, col: string): number {
    const v = this.text(row, col);
    const x = v.trim() === '' ? NaN : Number(v);
    if (!Number.isFinite(x))
      throw new DataError({ file: this.file, row: row + 2, field: col, value: v }, 'not a number');
    return x;
  }

  time(row: number, col: string, ts: Timestamp): number {
    const v = this.text(row, col);
    try {
      parseIso(v, 'UTC', ts);
    } catch (e) {
      if (e instanceof TimeParseError)
        throw new DataError({ file: this.file, row: row + 2, field: col, value: v }, e.message);
      throw e;
    }
    return ts.sec + ts.nsec * 1e-9;
  }
}

function symbolIndexer(): { symbols: string[]; id: (s: string) => number } {
  const symbols: string[] = [];
  const ids = new Map<string, number>();
  return {
    symbols,
    id: (s) => {
      let i = ids.get(s);
      if (i === undefined) {
        i = symbols.length;
        ids.set(s, i);
        symbols.push(s);
      }
      return i;
    },
  };
}

const readOptional = (path: string, fallback: string): string =>
  existsSync(path) ? readFileSync(path, 'utf8') : fallback;

export function readTradesCsv(path: string): TradeColumns {
  const cols = ['symbol', 'side', 'qty', 'entry_ts', 'entry_price', 'exit_ts', 'exit_price', 'pnl', 'fees'];
  const t = new CsvTable(path, readOptional(path, cols.join(',') + '\n'), cols);
  const n = t.rows.length;
  const sym = symbolIndexer();
  const out: TradeColumns = {
    length: n,
    symbols: sym.symbols,
    symbol: new Uint32Array(n),
    side: new Int8Array(n),
    qty: new Float64Array(n),
    entryTime: new Float64Array(n),
    entryPrice: new Float64Array(n),
    exitTime: new Float64Array(n),
    exitPrice: new Float64Array(n),
    pnl: new Float64Array(n),
    fees: new Float64Array(n),
  };
  const ts: Timestamp = { sec: 0, nsec: 0 };
  for (let i = 0; i < n; i++) {
    out.symbol[i] = sym.id(t.text(i, 'symbol'));
    const side = t.text(i, 'side');
    if (side !== 'long' && side !== 'short')
      throw new DataError({ file: path, row: i + 2, field: 'side', value: side }, 'expected long or short');
    out.side[i] = side === 'long' ? 1 : -1;
    out.qty[i] = t.num(i, 'qty');
    out.entryTime[i] = t.time(i, 'entry_ts', ts);
    out.entryPrice[i] = t.num(i, 'entry_price');
    out.exitTime[i] = t.time(i, 'exit_ts', ts);
    out.exitPrice[i] = t.num(i, 'exit_price');
    out.pnl[i] = t.num(i, 'pnl');
    out.fees[i] = t.num(i, 'fees');
  }
  return out;
}

export function readFillsCsv(path: string): FillColumns {
  const cols = ['ts', 'symbol', 'side', 'qty', 'price'];
  const t = new CsvTable(path, readOptional(path, cols.join(',') + '\n'), cols);
  const n = t.rows.length;
  const sym = symbolIndexer();
  const out: FillColumns = {
    length: n,
    symbols: sym.symbols,
    symbol: new Uint32Array(n),
    time: new Float64Array(n),
    side: new Int8Array(n),
    qty: new Float64Array(n),
    price: new Float64Array(n),
  };
  const ts: Timestamp = { sec: 0, nsec: 0 };
  for (let i = 0; i < n; i++) {
    out.time[i] = t.time(i, 'ts', ts);
    out.symbol[i] = sym.id(t.text(i, 'symbol'));
    const side = t.text(i, 'side');
    if (side !== 'buy' && side !== 'sell')
      throw new DataError({ file: path, row: i + 2, field: 'side', value: side }, 'expected buy or sell');
    out.side[i] = side === 'buy' ? 1 : -1;
    out.qty[i] = t.num(i, 'qty');
    out.price[i] = t.num(i, 'price');
  }
  return out;
}

/** ts and equity of equity.csv, scanned without splitting rows (a 1 M-bar run has 1 M rows). */
export function readEquityCsv(path: string): EquityColumns {
  const text = readFileSync(path, 'utf8');
  let pos = text.indexOf('\n');
  const header = text.slice(0, pos < 0 ? text.length : pos).split(',');
  if (header[0] !== 'ts' || header[1] !== 'equity')
    throw new DataError(
      { file: path, row: 1 },
      `expected a header starting with ts,equity, got "${header.join(',')}"`,
    );
  let cap = 1024;
  let time = new Float64Array(cap);
  let equity = new Float64Array(cap);
  let n = 0;
  const ts: Timestamp = { sec: 0, nsec: 0 };
  while (pos >= 0 && pos + 1 < text.length) {
    const start = pos + 1;
    pos = text.indexOf('\n', start);
    const end = pos < 0 ? text.length : pos;
    const c1 = text.indexOf(',', start);
    const c2 = text.indexOf(',', c1 + 1);
    const row = n + 2;
    if (c1 < 0 || c1 > end) throw new DataError({ file: path, row }, 'expected ts,equity,...');
    const tsText = text.slice(start, c1);
    const eqText = text.slice(c1 + 1, c2 < 0 || c2 > end ? end : c2);
    try {
      parseIso(tsText, 'UTC', ts);
    } catch (e) {
      if (e instanceof TimeParseError)
        throw new DataError({ file: path, row, field: 'ts', value: tsText }, e.message);
      throw e;
    }
    const e = eqText === '' ? NaN : Number(eqText);
    if (!Number.isFinite(e))
      throw new DataError({ file: path, row, field: 'equity', value: eqText }, 'not a number');
    if (n === cap) {
      cap *= 2;
      const t2 = new Float64Array(cap);
      t2.set(time);
      time = t2;
      const e2 = new Float64Array(cap);
      e2.set(equity);
      equity = e2;
    }
    time[n] = ts.sec + ts.nsec * 1e-9;
    equity[n++] = e;
  }
  return { length: n, time: time.slice(0, n), equity: equity.slice(0, n) };
}

export function readMetricsJson(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DataError({ file: path }, `invalid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new DataError({ file: path }, 'expected a JSON object');
  return parsed as Record<string, unknown>;
}

/** Reads a run folder; throws UsageError when `dir` is not one. */
export function readRunFolder(dir: string): RunFolder {
  const abs = resolve(dir);
  for (const f of ['metrics.json', 'equity.csv'])
    if (!existsSync(join(abs, f))) throw new UsageError(`${dir}: not a run folder (${f} is missing)`);
  return {
    dir: abs,
    title: basename(abs),
    metrics: readMetricsJson(join(abs, 'metrics.json')),
    configYaml: readOptional(join(abs, 'config.resolved.yaml'), ''),
    equity: readEquityCsv(join(abs, 'equity.csv')),
    trades: readTradesCsv(join(abs, 'trades.csv')),
    fills: readFillsCsv(join(abs, 'fills.csv')),
  };
}
