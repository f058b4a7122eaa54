/**
 * `hindsight data synth`: writes seeded synthetic data and prints what it wrote. `--kind bars` (the
 * default): OHLCV bars (src/data/synth/bars.ts) as generic CSV, one file per symbol (DIR/SYMBOL.csv) or one
 * multi-symbol file. `--kind mbo`: order-by-order flow of several instruments (src/data/dbn/synth-mbo.ts)
 * as one DBN file (zstd when it ends in .zst), written in chunks so memory stays bounded.
 *
 * `runDataSynth` (bars) and `runDataSynthMbo` hold all the logic (flag validation included) so tests call
 * them without a process; `runDataSynthKind` picks one by --kind from SYNTH_KINDS; the commander wiring
 * only passes the raw flag strings through. Bad flags are UsageErrors naming the flag, and a flag of the
 * other kind is one too (never silently ignored).
 */
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { formatIso, parseIso, type Timestamp } from '../core/time.js';
import { generateSynthBars, SYNTH_FREQS, type SynthFreq } from '../data/synth/bars.js';
import { writeBarsCsv } from '../data/csv/write-bars.js';
import type { BarTable } from '../data/bars.js';
import { SYNTH_MBO_DEFAULTS, SynthMboGenerator } from '../data/dbn/synth-mbo.js';
import { MAX_SYNTH_DEPTH, MAX_SYNTH_INSTRUMENTS } from '../data/dbn/synth-mbo-options.js';
import { synthMboMetadata, synthSymbols, writeSynthMboDbn } from '../data/dbn/synth-mbo-write.js';
import { writeDbn } from '../data/dbn/writer.js';
import { deriveMbp10 } from '../book/derive-mbp10.js';

export interface DataSynthOptions {
  /** bars (default) or mbo. */
  kind?: string;
  /** Output folder (bars: required unless singleFile is given); the DBN file for mbo. */
  out?: string;
  /** bars: number of symbols, named SYN000, SYN001 ... (default 1); mbo: the instruments' symbols. */
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
  /** mbo: records to write (at least; default 1,000,000). */
  events?: number | string;
  /** mbo: number of instruments (default: one per symbol, else 1). */
  instruments?: number | string;
  /** mbo: price levels per side new orders go to (default 20). */
  depth?: number | string;
  /** mbo: how strongly order flow leads price moves, 0 to 1 (default 0.3). */
  signal?: number | string;
}

export interface DataSynthResult {
  files: string[];
  /** Rows written over all files. */
  rows: number;
  /** One line per file: path, rows, symbols, time range. */
  summary: string[];
}

const DEFAULTS = { bars: 2520, freq: '1d', start: '2015-01-02', seed: 1 };
const MBO_DEFAULTS = { events: 1_000_000, start: '2024-01-02T14:30:00Z' };
/** --kind mbp10 generates its MBO flow whole in memory first. */
const MAX_MBP10_EVENTS = 50_000_000;
const BAR_FLAGS = {
  bars: '--bars',
  freq: '--freq',
  singleFile: '--single-file',
  startPrice: '--start-price',
  tickSize: '--tick-size',
};
const MBO_FLAGS = { events: '--events', instruments: '--instruments', depth: '--depth', signal: '--signal' };
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

/** Rejects the flags of the other kind: `flags` maps option names to the flags that set them. */
function onlyFor(kind: string, o: DataSynthOptions, flags: Record<string, string>): void {
  for (const [key, flag] of Object.entries(flags))
    if (o[key as keyof DataSynthOptions] !== undefined)
      throw new UsageError(`${flag} does not apply to --kind ${kind}`);
}

function nameList(flag: string, value: string[] | string): string[] {
  const names = (Array.isArray(value) ? value : value.split(',')).map((s) => s.trim());
  if (names.length === 0 || names.some((s) => s === ''))
    throw new UsageError(`${flag} must be a comma-separated list of symbols (got "${String(value)}")`);
  for (const s of names)
    if (!NAME_RE.test(s))
      throw new UsageError(`${flag}: "${s}" is not a valid symbol (letters, digits, ".", "_", "-")`);
  const dup = names.find((s, i) => names.indexOf(s) !== i);
  if (dup !== undefined) throw new UsageError(`${flag} lists "${dup}" twice`);
  return names;
}

function symbolNames(o: DataSynthOptions): string[] {
  if (o.names !== undefined) {
    if (o.symbols !== undefined) throw new UsageError('give either --symbols or --names, not both');
    return nameList('--names', o.names);
  }
  return synthSymbols(integerFlag('--symbols', o.symbols, 1, 1, 10_000));
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
  if (o.kind !== undefined && o.kind !== 'bars')
    throw new UsageError(`runDataSynth writes bars; --kind ${o.kind} goes through runDataSynthKind`);
  onlyFor('bars', o, MBO_FLAGS);
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

function decimalFlag(
  flag: string,
  value: number | string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const v = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : NaN;
  if (!(v >= min && v <= max))
    throw new UsageError(`${flag} must be a number from ${min} to ${max} (got "${String(value)}")`);
  return v;
}

/** The mbo symbols: --symbols (or --names) as names, else SYN000 ... one per --instruments. */
function mboSymbols(o: DataSynthOptions): string[] {
  if (o.names !== undefined && o.symbols !== undefined)
    throw new UsageError('give either --symbols or --names, not both');
  const flag = o.names !== undefined ? '--names' : '--symbols';
  const given = o.names ?? o.symbols;
  if (typeof given === 'number' || (typeof given === 'string' && /^\d+$/.test(given.trim())))
    throw new UsageError(
      `${flag} takes symbol names with --kind mbo, e.g. ESH4,NQH4 (for a count use --instruments)`,
    );
  const n = integerFlag('--instruments', o.instruments, 0, 1, MAX_SYNTH_INSTRUMENTS);
  if (given === undefined) return synthSymbols(n || 1);
  const names = nameList(flag, given);
  if (n && n !== names.length)
    throw new UsageError(`--instruments ${n} does not match the ${names.length} names of ${flag}`);
  return names;
}

function parseStart(text: string): Timestamp {
  try {
    return parseIso(text);
  } catch (e) {
    throw new UsageError(`--start: ${(e as Error).message}`);
  }
}

/** The flags --kind mbo and mbp10 share, checked: output path, symbols and generator options. */
function flowOptions(kind: 'mbo' | 'mbp10', o: DataSynthOptions) {
  onlyFor(kind, o, BAR_FLAGS);
  if (o.out === undefined)
    throw new UsageError(`--out FILE.dbn (or FILE.dbn.zst) is required with --kind ${kind}`);
  const zstd = o.out.endsWith('.dbn.zst');
  if (!zstd && !o.out.endsWith('.dbn'))
    throw new UsageError(`--out must name a .dbn or .dbn.zst file with --kind ${kind} (got "${o.out}")`);
  const symbols = mboSymbols(o);
  const events = integerFlag(
    '--events',
    o.events,
    MBO_DEFAULTS.events,
    1,
    kind === 'mbo' ? 2 ** 31 : MAX_MBP10_EVENTS,
  );
  const seed = integerFlag('--seed', o.seed, DEFAULTS.seed, -(2 ** 31), 2 ** 32 - 1);
  const depth = integerFlag('--depth', o.depth, SYNTH_MBO_DEFAULTS.depth, 2, MAX_SYNTH_DEPTH);
  const signal = decimalFlag('--signal', o.signal, 0, 1);
  const start = parseStart(o.start ?? MBO_DEFAULTS.start);
  const path = resolve(o.out);
  mkdirSync(dirname(path), { recursive: true });
  return {
    path,
    zstd,
    symbols,
    options: { seed, events, instruments: symbols.length, depth, signal, start },
  };
}

function flowSummary(
  path: string,
  what: string,
  records: number,
  instruments: readonly { id: number; tickSize: number }[],
  symbols: string[],
  first: Timestamp,
  last: Timestamp,
): DataSynthResult {
  const names = instruments.map((s, i) => `${symbols[i]} (id ${s.id}, tick ${s.tickSize / 1e9})`);
  return {
    files: [path],
    rows: records,
    summary: [
      `${path}: ${records} ${what} records, ${names.join(', ')}, ` +
        `${formatIso(first.sec, first.nsec)} .. ${formatIso(last.sec, last.nsec)}`,
    ],
  };
}

/** `--kind mbo`: one DBN file of synthetic order-by-order flow (zstd when the name ends in .zst). */
export async function runDataSynthMbo(o: DataSynthOptions): Promise<DataSynthResult> {
  const { path, zstd, symbols, options } = flowOptions('mbo', o);
  const res = await writeSynthMboDbn(path, options, { symbols, zstd });
  return flowSummary(path, 'MBO', res.records, res.instruments, symbols, res.start, res.last);
}

/**
 * `--kind mbp10`: the same flow as --kind mbo (same flags and seed), as the MBP-10 records Databento would
 * derive from it (src/book/derive-mbp10.ts: one record per change of either side's top ten, and every
 * trade). The MBO flow is generated whole in memory first (~64 bytes a record), hence the smaller cap.
 */
export async function runDataSynthMbp10(o: DataSynthOptions): Promise<DataSynthResult> {
  const { path, zstd, symbols, options } = flowOptions('mbp10', o);
  const gen = new SynthMboGenerator(options);
  const mbo = gen.next(options.events);
  const mbp = deriveMbp10(mbo, { source: path });
  const n = mbp.length;
  const first = {
    sec: mbp.tsEventSec[0] ?? options.start.sec,
    nsec: mbp.tsEventNsec[0] ?? options.start.nsec,
  };
  const last = { sec: mbp.tsEventSec[n - 1] ?? first.sec, nsec: mbp.tsEventNsec[n - 1] ?? first.nsec };
  const end = { sec: last.sec + 1, nsec: 0 };
  const ids = gen.instruments.map((s) => s.id);
  const metadata = synthMboMetadata(symbols, ids, 'SYNTH', options.start, end, 'mbp-10');
  await writeDbn(path, { tables: [mbp], metadata }, { zstd });
  return flowSummary(path, 'MBP-10', n, gen.instruments, symbols, first, last);
}

/** The writer of each --kind. */
const SYNTH_KINDS: Record<string, (o: DataSynthOptions) => Promise<DataSynthResult>> = {
  bars: async (o) => runDataSynth({ ...o, kind: undefined }),
  mbo: runDataSynthMbo,
  mbp10: runDataSynthMbp10,
};

/** `hindsight data synth` for any --kind (default bars). */
export async function runDataSynthKind(o: DataSynthOptions): Promise<DataSynthResult> {
  const kind = o.kind ?? 'bars';
  if (!Object.hasOwn(SYNTH_KINDS, kind))
    throw new UsageError(`--kind must be one of ${Object.keys(SYNTH_KINDS).join(', ')} (got "${kind}")`);
  return SYNTH_KINDS[kind]!(o);
}

export function registerDataSynth(data: Command): void {
  data
    .command('synth')
    .description(
      'Write seeded synthetic data: OHLCV bars as CSV (--kind bars, the default) or order-by-order ' +
        'flow as DBN (--kind mbo), or the MBP-10 records derived from that flow (--kind mbp10)',
    )
    .option('--kind <kind>', 'bars (default), mbo or mbp10 (mbp10 takes the flags of mbo)')
    .option('-o, --out <path>', 'bars: output folder (files DIR/SYMBOL.csv); mbo: FILE.dbn or FILE.dbn.zst')
    .option(
      '--symbols <n|list>',
      'bars: number of symbols, SYN000 ... (default 1); mbo: names, e.g. ESH4,NQH4',
    )
    .option('--names <list>', 'symbol names instead of --symbols, e.g. AAA,BBB')
    .option('--bars <n>', `bars per symbol (default ${DEFAULTS.bars})`)
    .option('--freq <freq>', `bar frequency: ${SYNTH_FREQS.join(', ')} (default ${DEFAULTS.freq})`)
    .option('--start <date>', `bars: first date, ISO (default ${DEFAULTS.start}); mbo: snapshot time`)
    .option('--seed <n>', `random seed (default ${DEFAULTS.seed})`)
    .option('--single-file <file>', 'write all symbols into this one CSV (with a symbol column)')
    .option('--start-price <price>', 'first price of every symbol (default: seeded, 20 to 200)')
    .option('--tick-size <tick>', 'price tick (default 0.01)')
    .option('--events <n>', `mbo: records to write (default ${MBO_DEFAULTS.events})`)
    .option('--instruments <n>', 'mbo: number of instruments (default: one per symbol, else 1)')
    .option('--depth <n>', `mbo: price levels per side of new orders (default ${SYNTH_MBO_DEFAULTS.depth})`)
    .option(
      '--signal <x>',
      `mbo: how strongly order flow leads the price, 0 to 1 (default ${SYNTH_MBO_DEFAULTS.signal})`,
    )
    .action(async (opts: DataSynthOptions) => {
      const res = await runDataSynthKind(opts);
      process.stdout.write(res.summary.map((s) => `wrote ${s}`).join('\n') + '\n');
      process.stdout.write(
        `${res.files.length} file(s), ${res.rows} ${opts.kind === 'mbo' || opts.kind === 'mbp10' ? 'records' : 'rows'}\n`,
      );
    });
}
