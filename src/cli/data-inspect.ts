/**
 * `hindsight data inspect FILE`: what a data file holds — format, kind/schema, row count, time range,
 * symbols and the first rows. Formats are recognised by their magic bytes (Parquet `PAR1`, Arrow
 * `ARROW1` or stream marker, DBN `DBN` or a zstd frame), anything else is read as an OHLCV CSV (Yahoo when
 * the header starts with `Date,`). Rows show what a user reads, not the stored columns: ISO times,
 * decimal prices, symbols, letters for DBN action/side codes (inspect-rows.ts).
 * Limits: DBN files are decoded whole (fine for inspection, not for files larger than memory).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { formatIso } from '../core/time.js';
import type { BarTable } from '../data/bars.js';
import { readBarsCsv } from '../data/csv/bars.js';
import { formatScaled } from '../core/decimal.js';
import type { TableBase } from '../data/schemas.js';
import { kindColumns, shownRows } from './inspect-rows.js';

export interface InspectSection {
  kind: string;
  rows: number;
  start: string | null;
  end: string | null;
  symbols: string[];
  columns: string[];
  firstRows: string[][];
}

export interface InspectReport {
  file: string;
  format: 'csv' | 'parquet' | 'arrow' | 'dbn';
  schema: string | null;
  sections: InspectSection[];
}

function sniff(path: string): InspectReport['format'] {
  const head = Buffer.alloc(8);
  let n = 0;
  const fd = openSync(path, 'r');
  try {
    n = readSync(fd, head, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
  const text = head.toString('latin1', 0, n);
  if (text.startsWith('PAR1')) return 'parquet';
  if (text.startsWith('ARROW1') || (n >= 4 && head.readUInt32LE(0) === 0xffffffff)) return 'arrow';
  if (text.startsWith('DBN') || (n >= 4 && head.readUInt32LE(0) === 0xfd2fb528)) return 'dbn';
  return 'csv';
}

function barSections(tables: BarTable[], rows: number): InspectSection[] {
  return tables.map((t) => {
    const first: string[][] = [];
    for (let i = 0; i < Math.min(rows, t.length); i++)
      first.push([
        formatIso(t.tsSec[i]!, t.tsNsec[i]!),
        ...[t.open, t.high, t.low, t.close].map((c) => formatScaled(c[i]! * t.tick.units, t.tick.scale)),
        String(t.volume[i]),
      ]);
    return {
      kind: 'bars',
      rows: t.length,
      start: t.length ? formatIso(t.tsSec[0]!, t.tsNsec[0]!) : null,
      end: t.length ? formatIso(t.tsSec[t.length - 1]!, t.tsNsec[t.length - 1]!) : null,
      symbols: [t.symbol],
      columns: ['ts', 'open', 'high', 'low', 'close', 'volume'],
      firstRows: first,
    };
  });
}

type AnyTable = { kind: string; length: number; spec: Record<string, string> } & Record<string, unknown>;

function tickSection(table: AnyTable, symbolMap: Map<number, string>, rows: number): InspectSection {
  const sec = table.tsEventSec as Float64Array | undefined;
  const nsec = table.tsEventNsec as Uint32Array | undefined;
  let lo = -1;
  let hi = -1;
  if (sec && nsec)
    for (let i = 0; i < table.length; i++) {
      if (sec[i] !== sec[i]) continue;
      if (lo < 0 || sec[i]! < sec[lo]! || (sec[i] === sec[lo] && nsec[i]! < nsec[lo]!)) lo = i;
      if (hi < 0 || sec[i]! > sec[hi]! || (sec[i] === sec[hi] && nsec[i]! > nsec[hi]!)) hi = i;
    }
  const ids = new Set<number>();
  const inst = table.instrumentId as Uint32Array | undefined;
  if (inst) for (let i = 0; i < table.length; i++) ids.add(inst[i]!);
  const symbolOf = (id: number): string => symbolMap.get(id) ?? `#${id}`;
  const shown = kindColumns(table.kind);
  const columns = shown ? shown.map((c) => c.name) : Object.keys(table.spec);
  const first = shown
    ? shownRows(table as unknown as TableBase, shown, rows, symbolOf)
    : rawRows(table, columns, rows);
  return {
    kind: table.kind,
    rows: table.length,
    start: lo >= 0 ? formatIso(sec![lo]!, nsec![lo]!) : null,
    end: hi >= 0 ? formatIso(sec![hi]!, nsec![hi]!) : null,
    symbols: [...ids].sort((a, b) => a - b).map(symbolOf),
    columns,
    firstRows: first,
  };
}

/** A table of a kind without a display list: its stored columns as they are. */
function rawRows(table: AnyTable, columns: string[], rows: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < Math.min(rows, table.length); i++)
    out.push(columns.map((c) => String((table[c] as ArrayLike<unknown>)[i])));
  return out;
}

/** Reads a data file and describes it. */
export async function inspectFile(path: string, rows = 5): Promise<InspectReport> {
  const format = sniff(path);
  if (format === 'parquet') {
    const { readBarsParquet } = await import('../data/parquet/index.js');
    return { file: path, format, schema: 'bars', sections: barSections(readBarsParquet(path), rows) };
  }
  if (format === 'arrow') {
    const { readBarsArrow } = await import('../data/arrow/ipc.js');
    return { file: path, format, schema: 'bars', sections: barSections(readBarsArrow(path), rows) };
  }
  if (format === 'dbn') {
    const { readDbn } = await import('../data/dbn/index.js');
    const res = readDbn(path);
    const sections = Object.values(res.tables)
      .filter((t): t is NonNullable<typeof t> => t !== undefined && t.length > 0)
      .map((t) => tickSection(t as unknown as AnyTable, res.symbolMap, rows));
    return { file: path, format, schema: res.metadata?.schema ?? null, sections };
  }
  const header = Buffer.alloc(512);
  const fd = openSync(path, 'r');
  let got = 0;
  try {
    got = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  const firstLine = header
    .toString('latin1', 0, got)
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)[0]!;
  const yahoo = firstLine.startsWith('Date,');
  const symbolColumn = firstLine.split(',').find((c) => c.trim().toLowerCase() === 'symbol');
  // A file without a symbol column is named after the file.
  const symbol = basename(path, extname(path));
  const res = readBarsCsv(
    path,
    yahoo
      ? { format: 'yahoo', symbol }
      : symbolColumn
        ? { format: 'generic', columns: { symbol: symbolColumn.trim() } }
        : { format: 'generic', symbol },
  );
  return {
    file: path,
    format,
    schema: yahoo ? 'bars (yahoo)' : 'bars',
    sections: barSections(res.tables, rows),
  };
}

export function formatReport(r: InspectReport): string {
  const out = [`${r.file}: ${r.format}${r.schema ? `, ${r.schema}` : ''}`];
  for (const s of r.sections) {
    out.push(`  ${s.kind}: ${s.rows.toLocaleString('en-US')} rows, ${s.start ?? '-'} .. ${s.end ?? '-'}`);
    out.push(`  symbols: ${s.symbols.join(', ') || '-'}`);
    out.push('  ' + s.columns.join(','));
    for (const row of s.firstRows) out.push('  ' + row.join(','));
  }
  return out.join('\n');
}

export function registerDataInspect(data: Command): void {
  data
    .command('inspect')
    .description('Describe a data file: format, schema, rows, time range, symbols, first rows')
    .argument('<file>', 'CSV, Parquet, Arrow IPC or DBN (plain or zstd) file')
    .option('-n, --rows <n>', 'how many first rows to show', '5')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: { rows: string; json?: boolean }) => {
      const rows = Number(opts.rows);
      if (!Number.isInteger(rows) || rows < 0)
        throw new UsageError(`--rows must be a whole number >= 0 (got "${opts.rows}")`);
      let report: InspectReport;
      try {
        report = await inspectFile(file, rows);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`file not found: ${file}`);
        throw e;
      }
      process.stdout.write((opts.json ? JSON.stringify(report, null, 2) : formatReport(report)) + '\n');
    });
}
