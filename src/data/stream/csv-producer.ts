/**
 * The CSV side of the stream worker (worker-entry.ts): a one-symbol bar CSV parsed chunk by chunk with the
 * row loop of the whole-file reader (csv/row-parser.ts), so every row is accepted, rejected, reported and
 * ticked exactly as readBarsCsv would; optionally through the parse cache (catalog/cache.ts).
 *
 * Two passes over the bytes when parsing (block reads, bounded memory):
 * 1. a first pass parses every row and keeps none: it decides the tick of `tick_size: auto` (known only
 *    after the last price: a finer price may come last), the counts (rows read, accepted, quarantined,
 *    first issues) and, in strict mode, throws the first error — so the stream opens with the same
 *    tick, counts and errors as a whole-file read, before the engine sees a row;
 * 2. the second pass hands out chunks of `chunkRows` rows. Its builder follows the same scale history as
 *    the whole read (rows of a chunk are rescaled when a finer price comes, exactly as whole), and each
 *    chunk is multiplied up to the final scale when handed out: the result equals the whole read's
 *    rescaled columns (integers below 2^53 times powers of ten, exact). Lenient rejects are appended to the
 *    quarantine file as they are met (complete once the stream ends; a stream closed early leaves it
 *    partial).
 * Parse cache: the key is the whole reader's (cachedBars: same kind, options and source hash), so
 * entries are shared with whole loads either way. A miss writes the column file at its final size from
 * the first pass's row count, each chunk at its rows' offsets, then checksums it and commits the entry
 * (entry.json + rename) when the last chunk is out; a hit checks the entry's checksums by reading its
 * files once, restores the quarantine file and streams the columns slice by slice (pread).
 * Limits: one symbol per file (a symbol column is refused by openCsvBarStream); parsing twice costs the
 * first pass (the price of knowing the tick and the counts up front: about 0.37 s of CPU per 5 M rows);
 * a stream closed before its end leaves its unfinished entry's temp directory in the cache directory; a
 * file changed between the passes is an error (finer prices) or a cache entry not committed (row count).
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { POW10, type Scaled } from '../../core/decimal.js';
import { DataError } from '../../core/errors.js';
import { RowSink, type Builder } from '../bar-validation.js';
import type { BarTable } from '../bars.js';
import { checkCounts, headerIn, quarantineHeader, type HeaderSearch } from '../csv/bars.js';
import { LineBlocks } from '../csv/line-blocks.js';
import type { CsvBarOptions, CsvPlan } from '../csv/plan.js';
import { CsvRowParser } from '../csv/row-parser.js';
import {
  cacheDir,
  cacheKey,
  EntryBuilder,
  entryDir,
  fileChecksum,
  fileMatches,
  readEntryManifest,
  type CacheStatus,
} from '../catalog/cache.js';
import { barsFileLayout, readBarsFileLayout, type BarsFileLayout } from '../catalog/column-file.js';
import { sourceSha256 } from '../catalog/source-hash.js';

/** What a streamed CSV read reports up front (the whole reader's counts) and how the cache served it. */
export interface CsvStreamReport {
  rowsRead: number;
  rowsAccepted: number;
  rowsQuarantined: number;
  quarantinePath: string | null;
  firstIssues: string[];
  cache: CacheStatus;
  cacheError?: string;
}

export interface CsvStreamSpec {
  path: string;
  csv: CsvBarOptions;
  chunkRows: number;
  /** Parse cache directory (catalog/cache.ts cacheDir); absent: no cache. */
  cacheDir?: string;
}

/** The producer shape worker-entry.ts drives. */
export interface CsvProducer {
  symbol: string;
  tick: Scaled;
  rowsHint: number | null;
  borrowed: boolean;
  report: CsvStreamReport;
  garbageRows(): number;
  next(): BarTable | null;
}

/** Rows the first pass holds at a time (it keeps none): a builder this size stays in L2 cache. */
const FIRST_PASS_ROWS = 4_096;

interface Opened {
  blocks: LineBlocks;
  plan: CsvPlan;
  line: number;
  pos: number;
}

/** The file's blocks, positioned after the header. */
function openCsv(path: string, options: CsvBarOptions): Opened {
  const blocks = new LineBlocks(path);
  const at: HeaderSearch = { line: 0, started: false };
  try {
    while (blocks.next()) {
      const found = headerIn(blocks.buf, blocks.start, blocks.end, path, options, at);
      if (found) return { blocks, plan: found.plan, line: at.line, pos: found.pos };
    }
  } catch (e) {
    blocks.close();
    throw e;
  }
  blocks.close();
  throw new DataError({ file: path }, 'empty file: expected a header line');
}

interface FirstPass {
  plan: CsvPlan;
  scale: number;
  report: CsvStreamReport;
}

/** Pass 1: every row parsed and dropped; the final auto scale and the whole reader's counts. */
function firstPass(path: string, options: CsvBarOptions): FirstPass {
  const { blocks, plan, line, pos } = openCsv(path, options);
  try {
    const sink = new RowSink(plan, false);
    const parser = new CsvRowParser(plan, sink, line, FIRST_PASS_ROWS, true);
    const b = parser.current!;
    let accepted = 0;
    let at = pos;
    for (;;) {
      while (at < blocks.end) {
        at = parser.parse(blocks.buf, at, blocks.end);
        if (b.length === b.tsSec.length) accepted += drop(b);
      }
      if (!blocks.next()) break;
      at = blocks.start;
    }
    accepted += drop(b);
    const rowsRead = accepted + sink.rejected;
    const quarantinePath = sink.rejected > 0 ? plan.quarantinePath : null;
    checkCounts(path, rowsRead, accepted, quarantinePath, sink.issues);
    return {
      plan,
      scale: b.scale,
      report: {
        rowsRead,
        rowsAccepted: accepted,
        rowsQuarantined: sink.rejected,
        quarantinePath,
        firstIssues: sink.issues,
        cache: 'off',
      },
    };
  } finally {
    blocks.close();
  }
}

/** Empties a builder (keeping its scale and last row), restoring its zero tsNsec tail; returns its rows. */
function drop(b: Builder): number {
  const n = b.length;
  b.tsNsec.fill(0, 0, n);
  b.length = 0;
  return n;
}

/** Appends lenient rejects to the quarantine file as the second pass meets them. */
class QuarantineWriter {
  private fd = -1;

  constructor(
    private readonly plan: CsvPlan,
    private readonly sink: RowSink,
  ) {}

  drain(): void {
    const lines = this.sink.lines;
    if (lines.length === 0) return;
    const path = this.plan.quarantinePath;
    try {
      if (this.fd < 0) {
        mkdirSync(dirname(path), { recursive: true }); // e.g. RUN_DIR/quarantine/, made on first use
        this.fd = openSync(path, 'w');
        writeSync(this.fd, quarantineHeader(this.plan));
      }
      writeSync(this.fd, lines.join('\n') + '\n');
    } catch (e) {
      throw new DataError({ file: path }, `cannot write the quarantine file: ${(e as Error).message}`);
    }
    lines.length = 0;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** The column file of a cache miss, written a chunk at a time at its rows' offsets. */
class ColumnFileWriter {
  private readonly fd: number;
  private readonly layout: BarsFileLayout;
  private row = 0;

  constructor(
    readonly path: string,
    symbol: string,
    tick: Scaled,
    readonly rows: number,
  ) {
    this.layout = barsFileLayout(symbol, tick, rows);
    this.fd = openSync(path, 'w');
    writeSync(this.fd, this.layout.head, 0, this.layout.head.length, 0);
  }

  write(t: BarTable): void {
    if (this.row + t.length > this.rows) throw new Error('the second pass gave more rows than the first');
    const cols = [t.tsSec, t.tsNsec, t.open, t.high, t.low, t.close, t.volume];
    cols.forEach((c, i) => {
      const bytes = new Uint8Array(c.buffer, c.byteOffset, t.length * c.BYTES_PER_ELEMENT);
      writeSync(this.fd, bytes, 0, bytes.length, this.layout.columns[i]!.at + this.row * c.BYTES_PER_ELEMENT);
    });
    this.row += t.length;
  }

  /** Pads the file to its size (the gaps between columns read as zeros); false if the rows fell short. */
  finish(): boolean {
    ftruncateSync(this.fd, this.layout.size);
    closeSync(this.fd);
    return this.row === this.rows;
  }

  abandon(): void {
    try {
      closeSync(this.fd);
    } catch {
      // Already closed by finish().
    }
  }
}

/** The cache entry a miss builds; any failure abandons it (the stream itself goes on). */
class MissEntry {
  private readonly builder: EntryBuilder;
  private readonly file: ColumnFileWriter;
  error: string | undefined;

  constructor(
    at: { root: string; key: string; sha: string },
    label: string,
    symbol: string,
    tick: Scaled,
    rows: number,
  ) {
    this.builder = new EntryBuilder(at.root, at.key, label, at.sha);
    this.file = new ColumnFileWriter(join(this.builder.tmp, 't0.col'), symbol, tick, rows);
  }

  write(t: BarTable): void {
    if (this.error !== undefined) return;
    try {
      this.file.write(t);
    } catch (e) {
      this.fail(e);
    }
  }

  commit(report: CsvStreamReport, symbol: string): void {
    if (this.error !== undefined) return;
    try {
      if (!this.file.finish()) throw new Error('the second pass gave fewer rows than the first');
      const { sum, bytes } = fileChecksum(this.file.path);
      this.builder.entry.tables.push({
        file: 't0.col',
        kind: 'bars',
        name: symbol,
        rows: this.file.rows,
        sum,
        bytes,
      });
      if (report.quarantinePath) this.builder.quarantine(report.quarantinePath);
      const { rowsRead, rowsAccepted, rowsQuarantined, firstIssues } = report;
      this.builder.commit({ rowsRead, rowsAccepted, rowsQuarantined, firstIssues }, rowsQuarantined > 0);
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    this.error = (e as Error).message;
    this.file.abandon();
    this.builder.abandon();
  }
}

/** Pass 2: chunks of the parsed rows at the final tick. */
function parsedChunks(
  spec: CsvStreamSpec,
  first: FirstPass,
  miss: MissEntry | null,
): Pick<CsvProducer, 'next' | 'garbageRows'> & { symbol: string; tick: Scaled } {
  const { blocks, plan, line, pos } = openCsv(spec.path, spec.csv);
  const sink = new RowSink(plan);
  const parser = new CsvRowParser(plan, sink, line, spec.chunkRows, true);
  const quarantine = new QuarantineWriter(plan, sink);
  const b = parser.current!;
  const tick = plan.tick ?? { units: 1, scale: first.scale };
  let at = pos;
  let done = false;
  const finish = (): void => {
    done = true;
    blocks.close();
    quarantine.close();
    // A failure to write the entry leaves the stream as it is (withCache's rule); it is only not a hit later.
    miss?.commit(first.report, plan.symbol);
  };
  return {
    symbol: plan.symbol,
    tick,
    garbageRows: () => 0,
    next(): BarTable | null {
      if (done) return null;
      drop(b);
      while (b.length < b.tsSec.length) {
        if (at >= blocks.end) {
          if (!blocks.next()) break;
          at = blocks.start;
        }
        at = parser.parse(blocks.buf, at, blocks.end);
        quarantine.drain();
      }
      const n = b.length;
      if (n === 0) {
        finish();
        return null;
      }
      if (plan.tick === null && b.scale > first.scale)
        throw new DataError(
          { file: spec.path, row: b.lastLine },
          'the file changed while it was streamed (a price finer than the first pass saw)',
        );
      if (plan.tick === null && b.scale < first.scale) {
        const f = POW10[first.scale - b.scale]!;
        for (const col of [b.open, b.high, b.low, b.close]) for (let i = 0; i < n; i++) col[i]! *= f;
      }
      const t: BarTable = {
        symbol: plan.symbol,
        tick,
        length: n,
        tsSec: b.tsSec.subarray(0, n),
        tsNsec: b.tsNsec.subarray(0, n),
        open: b.open.subarray(0, n),
        high: b.high.subarray(0, n),
        low: b.low.subarray(0, n),
        close: b.close.subarray(0, n),
        volume: b.volume.subarray(0, n),
      };
      miss?.write(t);
      return t;
    },
  };
}

/**
 * A hit: the entry's column file a slice at a time (pread) into one reused set of arrays, which the
 * worker's packer copies out (the producer is `borrowed`): no garbage per chunk.
 */
function cachedChunks(
  path: string,
  chunkRows: number,
): Pick<CsvProducer, 'next' | 'garbageRows' | 'symbol' | 'tick'> & { rows: number } {
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    const prelude = new Uint8Array(Math.min(size, 12));
    readSync(fd, prelude, 0, prelude.length, 0);
    const headLen = 12 + (prelude.length === 12 ? new DataView(prelude.buffer).getUint32(8, true) : 0);
    const first = new Uint8Array(Math.min(size, headLen));
    readSync(fd, first, 0, first.length, 0);
    const layout = readBarsFileLayout(first, size, path);
    const cap = Math.max(1, Math.min(chunkRows, layout.rows));
    const cols = [
      Float64Array,
      Uint32Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ].map((C) => new C(cap));
    let row = 0;
    let ended = false;
    const fill = (a: Float64Array | Uint32Array, col: number, n: number): void => {
      const bytes = new Uint8Array(a.buffer, 0, n * a.BYTES_PER_ELEMENT);
      const from = layout.columns[col]!.at + row * a.BYTES_PER_ELEMENT;
      for (let done = 0; done < bytes.length;) {
        const got = readSync(fd, bytes, done, bytes.length - done, from + done);
        if (got === 0) throw new DataError({ file: path }, 'cached table file: shorter than its header says');
        done += got;
      }
    };
    return {
      symbol: layout.symbol,
      tick: layout.tick,
      rows: layout.rows,
      garbageRows: () => 0,
      next(): BarTable | null {
        const n = Math.min(cap, layout.rows - row);
        if (n <= 0) {
          if (!ended) closeSync(fd);
          ended = true;
          return null;
        }
        cols.forEach((a, i) => fill(a, i, n));
        row += n;
        const [tsSec, tsNsec, open, high, low, close, volume] = cols as [
          Float64Array,
          Uint32Array,
          Float64Array,
          Float64Array,
          Float64Array,
          Float64Array,
          Float64Array,
        ];
        return {
          symbol: layout.symbol,
          tick: layout.tick,
          length: n,
          tsSec,
          tsNsec,
          open,
          high,
          low,
          close,
          volume,
        };
      },
    };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

interface Hit {
  chunks: ReturnType<typeof cachedChunks>;
  report: CsvStreamReport;
}

type BarInfo = Pick<CsvStreamReport, 'rowsRead' | 'rowsAccepted' | 'rowsQuarantined' | 'firstIssues'>;

/** The entry at `dir` as a stream, null when it cannot serve (absent, for another path), undefined if broken. */
function openHit(
  dir: string,
  key: string,
  spec: CsvStreamSpec,
  quarantineTo: string,
): Hit | null | undefined {
  const e = readEntryManifest(dir, key, spec.path);
  if (!e) return e;
  const t = e.tables[0];
  if (e.tables.length !== 1 || !t || t.kind !== 'bars') return undefined;
  const files = [{ file: t.file, bytes: t.bytes, sum: t.sum }, ...(e.quarantine ? [e.quarantine] : [])];
  if (!files.every((f) => fileMatches(join(dir, f.file), f.bytes, f.sum))) return undefined;
  let chunks: ReturnType<typeof cachedChunks>;
  try {
    chunks = cachedChunks(join(dir, t.file), spec.chunkRows);
  } catch {
    return undefined;
  }
  if (chunks.rows !== t.rows || chunks.symbol !== t.name) return undefined;
  let quarantinePath: string | null = null;
  if (e.quarantine) {
    copyFileSync(join(dir, e.quarantine.file), quarantineTo);
    quarantinePath = quarantineTo;
  }
  const info = e.info as BarInfo;
  return { chunks, report: { ...info, quarantinePath, cache: 'hit' } };
}

/** The producer of a streamed CSV (see the header). */
export function csvProducer(spec: CsvStreamSpec): CsvProducer {
  const { quarantinePath, ...optionsKey } = spec.csv;
  let status: CacheStatus = 'off';
  let cache: { root: string; key: string; sha: string } | null = null;
  if (spec.cacheDir !== undefined) {
    const root = cacheDir(spec.cacheDir);
    const sha = sourceSha256(root, spec.path);
    const key = cacheKey(sha, 'bars-csv', optionsKey);
    const dir = entryDir(root, key);
    status = 'miss';
    cache = { root, key, sha };
    if (existsSync(dir)) {
      const hit = openHit(dir, key, spec, quarantinePath ?? `${spec.path}.quarantine.csv`);
      if (hit) return { ...hit.chunks, rowsHint: hit.chunks.rows, borrowed: true, report: hit.report };
      if (hit === undefined) {
        rmSync(dir, { recursive: true, force: true });
        status = 'rebuilt';
      } else cache = null; // A sound entry for another path: parse, and leave it be.
    }
  }
  const first = firstPass(spec.path, spec.csv);
  first.report.cache = status;
  let miss: MissEntry | null = null;
  if (cache) {
    try {
      const tick = first.plan.tick ?? { units: 1, scale: first.scale };
      miss = new MissEntry(cache, spec.path, first.plan.symbol, tick, first.report.rowsAccepted);
    } catch (e) {
      first.report.cacheError = (e as Error).message;
    }
  }
  const chunks = parsedChunks(spec, first, miss);
  return { ...chunks, rowsHint: first.report.rowsAccepted, borrowed: true, report: first.report };
}
