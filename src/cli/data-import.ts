/**
 * `hindsight data import SRC... --catalog DIR`: reads CSV, JSONL, DBN, Parquet or Arrow files into a data
 * catalog (src/data/catalog) and prints, per file, what was imported: kinds, symbols, rows, time ranges and
 * what happened to each partition (new, merged, unchanged, replaced).
 *
 * `runDataImport` holds the logic (flag checks included) so tests call it without a process; the commander
 * wiring passes the raw flag strings. Bad flags are UsageErrors naming the flag; bad data DataErrors naming
 * the source file. Files are committed one by one: lines for the files before a failing one are printed.
 */
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { CatalogKind, ImportResult } from '../data/catalog/index.js';

export interface DataImportOptions {
  catalog?: string;
  kind?: string;
  symbol?: string;
  format?: string;
  tickSize?: string;
  timestampFormat?: string;
  timezone?: string;
  delimiter?: string;
  mode?: string;
  replace?: boolean;
  rowGroupSize?: string | number;
}

export interface DataImportResult {
  catalog: string;
  files: ImportResult[];
  rows: number;
  symbols: string[];
}

const TIMESTAMP_FORMATS = ['iso', 'epoch_s', 'epoch_ms', 'epoch_us', 'epoch_ns'] as const;

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

export async function runDataImport(
  files: string[],
  o: DataImportOptions,
  onFile?: (r: ImportResult) => void,
): Promise<DataImportResult> {
  const cat = await import('../data/catalog/index.js');
  if (!o.catalog) throw new UsageError('--catalog DIR is required');
  if (files.length === 0) throw new UsageError('give at least one source file to import');
  const kind = oneOf<CatalogKind>('--kind', o.kind, cat.CATALOG_KINDS);
  const format = oneOf('--format', o.format, ['yahoo', 'generic'] as const);
  const mode = oneOf('--mode', o.mode, ['strict', 'lenient'] as const);
  const timestampFormat = oneOf('--timestamp-format', o.timestampFormat, TIMESTAMP_FORMATS);
  let rowGroupSize: number | undefined;
  if (o.rowGroupSize !== undefined) {
    rowGroupSize = Number(o.rowGroupSize);
    if (!Number.isInteger(rowGroupSize) || rowGroupSize < 1 || rowGroupSize > 1 << 24)
      throw new UsageError(
        `--row-group-size must be an integer from 1 to ${1 << 24} (got "${String(o.rowGroupSize)}")`,
      );
  }
  const catalog = cat.openCatalog(o.catalog, { create: true });
  const results = cat.importFiles(
    catalog,
    files,
    {
      kind,
      symbol: o.symbol,
      format,
      tickSize: o.tickSize,
      timestampFormat,
      timezone: o.timezone,
      delimiter: o.delimiter,
      mode,
      replace: o.replace,
      rowGroupSize,
    },
    onFile,
  );
  const symbols = new Set<string>();
  let rows = 0;
  for (const r of results)
    for (const s of r.series) {
      symbols.add(s.symbol);
      rows += s.rows;
    }
  return { catalog: catalog.root, files: results, rows, symbols: [...symbols].sort() };
}

function megabytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

/** The lines printed for one imported file. */
export function describeImport(r: ImportResult): string[] {
  const lines = [
    `${r.file} (${r.format}, ${megabytes(r.bytes)}, sha256 ${r.sha256.slice(0, 12)}): ${r.rowsRead} rows read`,
  ];
  for (const s of r.series) {
    const counts = new Map<string, number>();
    for (const p of s.partitions) counts.set(p.status, (counts.get(p.status) ?? 0) + 1);
    const what = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
    const range = s.firstTs ? `${s.firstTs} .. ${s.lastTs}` : 'no rows';
    lines.push(
      `  ${s.kind} ${s.symbol}: ${s.rows} rows, ${range} -> ${s.partitions.length} partition(s): ${what}`,
    );
  }
  if (r.rowsQuarantined > 0) lines.push(`  quarantined ${r.rowsQuarantined} row(s) -> ${r.quarantinePath}`);
  for (const k of r.skipped) lines.push(`  not imported: ${k.kind} (${k.rows} rows)`);
  return lines;
}

export function registerDataImport(data: Command): void {
  data
    .command('import')
    .description(
      'Import CSV, JSONL, DBN, Parquet or Arrow files into a data catalog (Parquet partitioned by kind, symbol, date)',
    )
    .argument('<src...>', 'source files')
    .option('--catalog <dir>', 'catalog directory (created when missing)')
    .option(
      '--kind <kind>',
      'data kind: bars (CSV default), trades, quotes, mbo, mbp10, ... (a filter for DBN/Parquet/Arrow)',
    )
    .option(
      '--symbol <symbol>',
      'symbol of a single-instrument file (default: the symbol column, else the file name)',
    )
    .option('--format <format>', 'bar CSV layout: yahoo or generic (default generic)')
    .option('--tick-size <tick>', 'CSV/JSONL price tick (bars default auto, ticks 0.000000001)')
    .option('--timestamp-format <fmt>', `CSV/JSONL timestamps: ${TIMESTAMP_FORMATS.join(', ')} (default iso)`)
    .option('--timezone <zone>', 'zone of ISO timestamps without an offset (default UTC)')
    .option('--delimiter <char>', 'CSV delimiter (default ,)')
    .option('--mode <mode>', 'strict (default: stop at the first bad row) or lenient (quarantine bad rows)')
    .option('--replace', "replace the catalog's rows in each imported series' time range instead of merging")
    .option('--row-group-size <n>', 'rows per Parquet row group (default 65536)')
    .action(async (files: string[], opts: DataImportOptions) => {
      const res = await runDataImport(files, opts, (r) =>
        process.stdout.write(describeImport(r).join('\n') + '\n'),
      );
      process.stdout.write(
        `imported ${res.files.length} file(s), ${res.rows} rows, ${res.symbols.length} symbol(s) into ${res.catalog}\n`,
      );
    });
}
