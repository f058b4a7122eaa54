/**
 * Reading one source file of any supported format into catalog series (kind, symbol, table), for
 * `hindsight data import` and `importFiles`.
 *
 * Formats (by magic bytes, like `data inspect`; text files by extension): CSV — bars (Yahoo or generic)
 * or, with kind trades/quotes, the tick CSV reader; JSONL — trades/quotes; DBN (plain or zstd) — every
 * market-data kind the file holds, ohlcv as bars (kind ohlcv keeps the raw DBN table), symbols from the
 * metadata's mappings; Parquet and Arrow — bar files and canonical table files, by their hindsight.kind.
 * Symbols: `symbol` names the rows of a single-instrument source; without it a CSV or JSONL without a
 * symbol column takes its file name (AAPL.csv -> AAPL). Tick tables are split per instrument.
 * Invariants: every failure is a DataError or UsageError naming the source file; DBN control records
 * (errors, system messages, symbol mappings) and kinds not asked for are counted in `skipped`, never
 * dropped silently. DBN ohlcv prices get the coarsest power-of-ten tick holding them all exactly.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { DataError, UsageError } from '../../core/errors.js';
import type { BarTable } from '../bars.js';
import { readBarsCsv } from '../csv/bars.js';
import type { CsvBarOptions } from '../csv/plan.js';
import type { TableKind } from '../schemas.js';
import { readQuotesCsv, readTradesCsv } from '../ticks/csv.js';
import { readQuotesJsonl, readTradesJsonl } from '../ticks/jsonl.js';
import type { CatalogKind, CatalogTable } from './codec.js';
import type { ImportSeries } from './catalog.js';
import { readArrowSeries, readDbnSeries, readParquetSeries } from './sources-binary.js';
import { tickSeries } from './table-ops.js';

export type SourceFormat = 'csv' | 'jsonl' | 'dbn' | 'parquet' | 'arrow';

export interface SourceOptions {
  /** What to import: CSV/JSONL default bars (JSONL: required, trades or quotes); other formats: a filter. */
  kind?: CatalogKind;
  /** Symbol of a single-instrument source. */
  symbol?: string;
  /** Bar CSV layout (default generic). */
  format?: 'yahoo' | 'generic';
  /** CSV/JSONL price tick (bars default 'auto', ticks 1e-9). */
  tickSize?: string;
  timestampFormat?: CsvBarOptions['timestampFormat'];
  timezone?: string;
  delimiter?: string;
  mode?: 'strict' | 'lenient';
}

export interface SourceRead {
  file: string;
  format: SourceFormat;
  series: ImportSeries[];
  rowsRead: number;
  rowsQuarantined: number;
  quarantinePath: string | null;
  /** Kinds present but not imported, with row counts. */
  skipped: { kind: string; rows: number }[];
}

export function sniffFormat(path: string): SourceFormat {
  const head = Buffer.alloc(8);
  let n: number;
  try {
    const fd = openSync(path, 'r');
    try {
      n = readSync(fd, head, 0, 8, 0);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new DataError({ file: path }, `cannot read the file: ${(e as Error).message}`);
  }
  const text = head.toString('latin1', 0, n);
  if (text.startsWith('PAR1')) return 'parquet';
  if (text.startsWith('ARROW1') || (n >= 4 && head.readUInt32LE(0) === 0xffffffff)) return 'arrow';
  if (text.startsWith('DBN') || (n >= 4 && head.readUInt32LE(0) === 0xfd2fb528)) return 'dbn';
  const ext = extname(path).toLowerCase();
  return ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : 'csv';
}

/** The first non-empty line of a text file (up to 64 KiB). */
function firstLine(path: string): string {
  const buf = Buffer.alloc(65536);
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    return (
      buf
        .toString('utf8', 0, n)
        .replace(/^\uFEFF/, '')
        .split('\n')
        .find((l) => l.trim() !== '') ?? ''
    );
  } finally {
    closeSync(fd);
  }
}

/** The name of the source's symbol field as the file spells it, or null when it has none. */
function symbolField(path: string, format: SourceFormat, delimiter: string): string | null {
  const line = firstLine(path);
  if (format === 'jsonl') {
    try {
      const row = JSON.parse(line) as unknown;
      return typeof row === 'object' && row !== null && 'symbol' in row ? 'symbol' : null;
    } catch {
      return null;
    }
  }
  const names = line.split(delimiter).map((f) => f.trim().replace(/^"|"$/g, ''));
  return names.find((f) => f.toLowerCase() === 'symbol') ?? null;
}

function stem(path: string): string {
  const name = basename(path);
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

function readText(file: string, format: 'csv' | 'jsonl', o: SourceOptions): SourceRead {
  const kind = o.kind ?? (format === 'csv' ? 'bars' : undefined);
  if (kind !== 'bars' && kind !== 'trades' && kind !== 'quotes')
    throw new UsageError(
      `${file}: ${format.toUpperCase()} imports as ` +
        (format === 'csv' ? 'bars, trades or quotes' : 'trades or quotes (pass the kind)') +
        (kind ? ` (got "${kind}")` : ''),
    );
  if (format === 'jsonl' && kind === 'bars')
    throw new UsageError(`${file}: JSONL holds trades or quotes, not bars`);
  const field =
    o.symbol === undefined && o.format !== 'yahoo' ? symbolField(file, format, o.delimiter ?? ',') : null;
  const symbol = o.symbol ?? (field === null ? stem(file) : undefined);
  const common = { timestampFormat: o.timestampFormat, timezone: o.timezone, mode: o.mode };
  if (kind === 'bars') {
    const res = readBarsCsv(file, {
      ...common,
      format: o.format ?? 'generic',
      symbol,
      columns: field !== null ? { symbol: field } : undefined,
      tickSize: o.tickSize ?? 'auto',
      delimiter: o.delimiter,
    });
    return {
      file,
      format,
      series: res.tables.map((t: BarTable) => ({ kind: 'bars' as const, symbol: t.symbol, table: t })),
      rowsRead: res.rowsRead,
      rowsQuarantined: res.rowsQuarantined,
      quarantinePath: res.quarantinePath,
      skipped: [],
    };
  }
  const opts = { ...common, symbol, tickSize: o.tickSize, delimiter: o.delimiter };
  const read =
    format === 'csv'
      ? kind === 'trades'
        ? readTradesCsv
        : readQuotesCsv
      : kind === 'trades'
        ? readTradesJsonl
        : readQuotesJsonl;
  const res = read(file, opts);
  return {
    file,
    format,
    series: tickSeries(file, kind, res.table as CatalogTable<TableKind>, res.symbols, undefined),
    rowsRead: res.rowsRead,
    rowsQuarantined: res.rowsQuarantined,
    quarantinePath: res.quarantinePath,
    skipped: [],
  };
}

/** Reads one source into catalog series. */
export function readSource(file: string, o: SourceOptions = {}): SourceRead {
  const format = sniffFormat(file);
  if (format === 'csv' || format === 'jsonl') return readText(file, format, o);
  const textOnly = (
    ['format', 'timestampFormat', 'timezone', 'delimiter', 'tickSize', 'mode'] as const
  ).filter((k) => o[k] !== undefined);
  if (textOnly.length > 0)
    throw new UsageError(
      `${file}: ${textOnly.join(', ')} apply to CSV/JSONL sources, not to ${format} files`,
    );
  const read = format === 'dbn' ? readDbnSeries : format === 'parquet' ? readParquetSeries : readArrowSeries;
  const { series, skipped, rows } = read(file, o.kind, o.symbol);
  return { file, format, series, rowsRead: rows, rowsQuarantined: 0, quarantinePath: null, skipped };
}
