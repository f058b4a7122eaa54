/**
 * `hindsight data synth`: writes seeded synthetic OHLCV bars (src/data/synth/bars.ts) as generic CSV — one file
 * per symbol (DIR/SYMBOL.csv) or one multi-symbol file — and prints what it wrote.
 *
 * `runDataSynth` holds all the logic (flag validation included) so tests call it without a process; the
 * commander wiring only passes the raw flag strings through. Bad flags are UsageErrors naming the flag.
 */
import { mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { formatIso, parseIso } from '../core/time.js';
import { generateSynthBars, SYNTH_FREQS, type SynthFreq } from '../data/synth/bars.js';
import { writeBarsCsv } from '../data/csv/write-bars.js';
import type { BarTable } from '../data/bars.js';

export interface DataSynthOptions {
  /** Output folder (required unless singleFile is given). */
  out?: string;
  /** Number of symbols, named SYN000, SYN001 ... (default 1). */
  symbols?: number | string;
  /** Explicit symbol names (instead of --symbols), as a list or "A,B,C". */
  names?: string[] | string;
  bars?: number | string;
  freq?: string;
  start?: string;
  seed?: number | string;
  /** Write every symbol into this one file (relative paths resolve inside `out` when given). */
  singleFile?: string;
  startPrice?: number | string;
  tickSize?: string;
}

export interface DataSynthResult {
  files: string[];
  /** Rows written over all files. */
  rows: number;
  /** One line per file: path, rows, symbols, time range. */
  summary: string[];
}

const DEFAULTS = { bars: 2520, freq: '1d', start: '2015-01-02', seed: 1 };
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function integerFlag(
  flag: string,
  value: number | string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const text = String(value).trim();
  const v = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(v) || v < min || v > max)
    throw new UsageError(`${flag} must be an integer from ${min} to ${max} (got "${String(value)}")`);
  return v;
}

function symbolNames(o: DataSynthOptions): string[] {
  if (o.names !== undefined) {
    if (o.symbols !== undefined) throw new UsageError('give either --symbols or --names, not both');
    const names = (Array.isArray(o.names) ? o.names : o.names.split(',')).map((s) => s.trim());
    if (names.length === 0 || names.some((s) => s === ''))
      throw new UsageError(`--names must be a comma-separated list of symbols (got "${String(o.names)}")`);
    for (const s of names)
      if (!NAME_RE.test(s))
        throw new UsageError(`--names: "${s}" is not a valid symbol (letters, digits, ".", "_", "-")`);
    const dup = names.find((s, i) => names.indexOf(s) !== i);
    if (dup !== undefined) throw new UsageError(`--names lists "${dup}" twice`);
    return names;
  }
  const count = integerFlag('--symbols', o.symbols, 1, 1, 10_000);
  const width = Math.max(3, String(count - 1).length);
  return Array.from({ length: count }, (_, i) => 'SYN' + String(i).padStart(width, '0'));
}

function describe(path: string, tables: BarTable[]): string {
  let rows = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const t of tables) {
    rows += t.length;
    if (t.length > 0) {
      first = Math.min(first, t.tsSec[0]!);
      last = Math.max(last, t.tsSec[t.length - 1]!);
    }
  }
  const names = tables.length === 1 ? tables[0]!.symbol : `${tables.length} symbols`;
  return `${path}: ${rows} rows, ${names}, ${formatIso(first, 0)} .. ${formatIso(last, 0)}`;
}

export function runDataSynth(o: DataSynthOptions): DataSynthResult {
  if (o.out === undefined && o.singleFile === undefined)
    throw new UsageError('--out DIR is required (or --single-file FILE)');
  const symbols = symbolNames(o);
  const bars = integerFlag('--bars', o.bars, DEFAULTS.bars, 1, 100_000_000);
  const seed = integerFlag('--seed', o.seed, DEFAULTS.seed, -(2 ** 31), 2 ** 32 - 1);
  const freq = o.freq ?? DEFAULTS.freq;
  if (!(SYNTH_FREQS as string[]).includes(freq))
    throw new UsageError(`--freq must be one of ${SYNTH_FREQS.join(', ')} (got "${freq}")`);
  const start = o.start ?? DEFAULTS.start;
  try {
    parseIso(start);
  } catch (e) {
    throw new UsageError(`--start: ${(e as Error).message}`);
  }
  let startPrice: number | undefined;
  if (o.startPrice !== undefined) {
    startPrice = Number(o.startPrice);
    if (!(Number.isFinite(startPrice) && startPrice > 0))
      throw new UsageError(`--start-price must be a positive number (got "${String(o.startPrice)}")`);
  }
  const tickSize = o.tickSize?.trim();
  if (tickSize !== undefined && (!/^(\d+\.?\d*|\.\d+)$/.test(tickSize) || Number(tickSize) === 0))
    throw new UsageError(`--tick-size must be a positive decimal such as 0.01 (got "${String(o.tickSize)}")`);

  const tables = generateSynthBars({
    symbols,
    bars,
    freq: freq as SynthFreq,
    start,
    seed,
    startPrice,
    tickSize,
  });
  const outDir = o.out === undefined ? null : resolve(o.out);
  if (outDir) mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  const summary: string[] = [];
  if (o.singleFile !== undefined) {
    const path = outDir && !isAbsolute(o.singleFile) ? join(outDir, o.singleFile) : resolve(o.singleFile);
    writeBarsCsv(path, tables, { symbolColumn: true });
    files.push(path);
    summary.push(describe(path, tables));
  } else {
    for (const t of tables) {
      const path = join(outDir!, `${t.symbol}.csv`);
      writeBarsCsv(path, [t], { symbolColumn: false });
      files.push(path);
      summary.push(describe(path, [t]));
    }
  }
  return { files, rows: bars * symbols.length, summary };
}

export function registerDataSynth(data: Command): void {
  data
    .command('synth')
    .description('Write seeded synthetic OHLCV bars as CSV (one file per symbol, or one multi-symbol file)')
    .option('-o, --out <dir>', 'output folder (files DIR/SYMBOL.csv)')
    .option('--symbols <n>', 'number of symbols, named SYN000, SYN001 ... (default 1)')
    .option('--names <list>', 'symbol names instead of --symbols, e.g. AAA,BBB')
    .option('--bars <n>', `bars per symbol (default ${DEFAULTS.bars})`)
    .option('--freq <freq>', `bar frequency: ${SYNTH_FREQS.join(', ')} (default ${DEFAULTS.freq})`)
    .option('--start <date>', `first date, ISO (default ${DEFAULTS.start})`)
    .option('--seed <n>', `random seed (default ${DEFAULTS.seed})`)
    .option('--single-file <file>', 'write all symbols into this one CSV (with a symbol column)')
    .option('--start-price <price>', 'first price of every symbol (default: seeded, 20 to 200)')
    .option('--tick-size <tick>', 'price tick (default 0.01)')
    .action((opts: DataSynthOptions) => {
      const res = runDataSynth(opts);
      process.stdout.write(res.summary.map((s) => `wrote ${s}`).join('\n') + '\n');
      process.stdout.write(`${res.files.length} file(s), ${res.rows} rows\n`);
    });
}
