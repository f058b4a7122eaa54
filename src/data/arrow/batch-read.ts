/**
 * Bars from an Arrow IPC file or stream one record batch at a time (the stream worker's Arrow reader):
 * messages are framed here with positioned reads, each checked by ipc-guard.ts before apache-arrow sees
 * it, and fed to apache-arrow's synchronous stream reader, so memory holds one message, not the file.
 * The file format keeps its schema in the footer and none among the messages, so a schema message made
 * from the footer is put in front of them.
 *
 * Invariants: the rows, values and errors are those of readBarsArrow (the same layout check and
 * per-batch conversion, ipc.ts `batchRuns`; row numbers counted from the file's first row; time order
 * checked across batches by one BarBuilder). Each yielded table is a view the next step overwrites.
 * Limits: memory scales with the largest record batch (writeBarsArrow writes at most 65,536 rows per
 * batch; other tools may write one batch per file); every symbol's stream reads every batch.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import * as arrow from 'apache-arrow';
import { Footer } from 'apache-arrow/ipc/metadata/file';
import { Message } from 'apache-arrow/fb/message';
import { MessageHeader } from 'apache-arrow/fb/message-header';
import { RecordBatch } from 'apache-arrow/fb/record-batch';
import { ByteBuffer } from 'flatbuffers';
import type { Scaled } from '../../core/decimal.js';
import { DataError, HindsightError, UsageError } from '../../core/errors.js';
import type { BarTable } from '../bars.js';
import { readFully } from '../parquet/footer.js';
import { BAR_COLUMNS } from '../parquet/layout.js';
import { BarBuilder, type ChunkWhere, type RawBars } from '../parquet/sink.js';
import { checkIpcFooter, checkIpcStream } from './ipc-guard.js';
import { arrowBarLayout, batchRuns, type ArrowBarLayout } from './ipc.js';

/** The message section of an open Arrow file or stream. */
interface IpcSections {
  fd: number;
  /** Bytes [from, to) hold the messages. */
  from: number;
  to: number;
  /** The file format's schema (from its footer), or null for a stream. */
  footerSchema: arrow.Schema | null;
}

function corrupt(file: string, e: unknown): Error {
  if (e instanceof HindsightError) return e;
  return new DataError({ file }, `corrupt Arrow IPC data: ${(e as Error).message}`);
}

function openSections(file: string): IpcSections {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new DataError({ file }, `cannot open: ${(e as Error).message}`);
  }
  try {
    const size = fstatSync(fd).size;
    const head = readFully(fd, Math.min(size, 8), 0);
    const isFile = head.length >= 6 && head.toString('latin1', 0, 6) === 'ARROW1';
    const isStream = head.length >= 8 && head.readUInt32LE(0) === 0xffffffff;
    if (!isFile && !isStream)
      throw new DataError({ file }, 'not an Arrow IPC file or stream (no ARROW1 magic or stream marker)');
    if (!isFile) return { fd, from: 0, to: size, footerSchema: null };
    const tail = readFully(fd, 10, Math.max(0, size - 10));
    if (size < 18 || tail.toString('latin1', 4, 10) !== 'ARROW1')
      throw new DataError({ file }, 'corrupt Arrow IPC data: the file does not end with ARROW1');
    const len = tail.readInt32LE(0);
    const start = size - 10 - len;
    if (!(len > 0 && start >= 8))
      throw new DataError({ file }, `corrupt Arrow IPC data: footer length ${len}`);
    const bytes = readFully(fd, len, start);
    checkIpcFooter(file, bytes);
    return { fd, from: 8, to: start, footerSchema: Footer.decode(bytes).schema };
  } catch (e) {
    closeSync(fd);
    throw corrupt(file, e);
  }
}

/** Each message of [from, to) as its own bytes, checked; `metaOnly` reads the metadata alone (no body). */
function* messages(file: string, s: IpcSections, metaOnly: boolean): Generator<[Uint8Array, Message]> {
  let at = s.from;
  let first = s.footerSchema === null;
  const bad = (why: string): never => {
    throw new DataError({ file, offset: at }, `corrupt Arrow IPC data: ${why}`);
  };
  while (at + 4 <= s.to) {
    const pre = readFully(s.fd, Math.min(8, s.to - at), at);
    let len = pre.readInt32LE(0);
    let prefix = 4;
    if (len === -1) {
      if (pre.length < 8) bad('truncated message length');
      len = pre.readInt32LE(4);
      prefix = 8;
    }
    if (len === 0) return; // end-of-stream marker
    if (len < 0 || at + prefix + len > s.to) bad(`message metadata of ${len} bytes exceeds the file`);
    const meta = readFully(s.fd, len, at + prefix);
    const msg = Message.getRootAsMessage(new ByteBuffer(meta));
    const body = Number(msg.bodyLength());
    if (!(body >= 0 && at + prefix + len + body <= s.to))
      bad(`message body of ${body} bytes exceeds the file`);
    if (metaOnly) yield [meta, msg];
    else {
      const whole = readFully(s.fd, prefix + len + body, at);
      checkIpcStream(file, whole, at, first);
      yield [whole, msg];
    }
    first = false;
    at += prefix + len + body;
  }
  if (at !== s.to) bad('truncated message');
}

/** The record batches of an Arrow file or stream, one at a time, with the schema. */
function* recordBatches(file: string, s: IpcSections): Generator<arrow.RecordBatch> {
  function* bytes(): Generator<Uint8Array> {
    if (s.footerSchema) {
      const head = arrow.tableToIPC(new arrow.Table(s.footerSchema), 'stream');
      yield head.subarray(0, head.length - 8); // without its end-of-stream marker
    }
    for (const [m] of messages(file, s, false)) yield m;
  }
  let reader: arrow.RecordBatchReader;
  try {
    reader = arrow.RecordBatchReader.from(bytes());
  } catch (e) {
    throw corrupt(file, e);
  }
  for (;;) {
    let r: IteratorResult<arrow.RecordBatch>;
    try {
      r = reader.next() as IteratorResult<arrow.RecordBatch>;
    } catch (e) {
      throw corrupt(file, e);
    }
    if (r.done) return;
    yield r.value;
  }
}

/** Rows of an Arrow bar file or stream, from the record batch headers alone (no data read). */
export function arrowBarRows(file: string): number {
  const s = openSections(file);
  try {
    let rows = 0;
    for (const [, msg] of messages(file, s, true))
      if (msg.headerType() === MessageHeader.RecordBatch)
        rows += Number((msg.header(new RecordBatch()) as RecordBatch).length());
    return rows;
  } finally {
    closeSync(s.fd);
  }
}

/** The symbols with rows in an Arrow bar file, in order of appearance (a pass over every batch). */
export function arrowBarSymbols(file: string, opts: { symbol?: string; tick?: Scaled } = {}): string[] {
  const s = openSections(file);
  try {
    const seen = new Set<string>();
    let layout: ArrowBarLayout | null = null;
    let rowBase = 0;
    let b = 0;
    for (const batch of recordBatches(file, s)) {
      layout ??= arrowBarLayout(file, batch.schema, opts);
      batchRuns(layout, batch, b++, rowBase, (sym) => seen.add(sym));
      rowBase += batch.numRows;
    }
    return [...seen];
  } catch (e) {
    throw corrupt(file, e);
  } finally {
    closeSync(s.fd);
  }
}

export interface ArrowBarIterOptions {
  /** The symbol to read (required when the file has a symbol column). */
  symbol?: string;
  /** Tick size when the file has no `hindsight.tick` metadata. */
  tick?: Scaled;
  /** Rows per yielded table at most. */
  chunkRows: number;
}

/** One symbol's bars, batch by batch, in tables of at most `chunkRows` rows (views the next step reuses). */
export function* iterateArrowBars(file: string, opts: ArrowBarIterOptions): Generator<BarTable> {
  const cut = opts.chunkRows;
  if (!Number.isInteger(cut) || cut < 1)
    throw new UsageError(`iterateArrowBars: chunkRows must be a positive integer (got ${cut})`);
  const s = openSections(file);
  try {
    let layout: ArrowBarLayout | null = null;
    let builder: BarBuilder | null = null;
    let rowBase = 0;
    let b = 0;
    const runs: [RawBars, number, number, ChunkWhere][] = [];
    for (const batch of recordBatches(file, s)) {
      if (!layout) {
        layout = arrowBarLayout(file, batch.schema, opts);
        const symbol = opts.symbol ?? layout.fixed;
        if (symbol === null)
          throw new DataError({ file, field: 'symbol' }, 'the file has a symbol column: choose a symbol');
        const loaded = BAR_COLUMNS.map(() => true);
        builder = new BarBuilder(symbol, layout.ticks.tick(symbol), Math.min(cut, 1 << 16), loaded);
      }
      runs.length = 0;
      batchRuns(layout, batch, b++, rowBase, (sym, raw, i, j, at) => {
        if (sym === builder!.symbol) runs.push([raw, i, j, at]);
      });
      rowBase += batch.numRows;
      for (const [raw, i, j, at] of runs)
        for (let k = i; k < j; k += cut) {
          builder!.clear();
          builder!.append(raw, k, Math.min(j, k + cut), at);
          yield builder!.view();
        }
    }
  } catch (e) {
    throw corrupt(file, e);
  } finally {
    closeSync(s.fd);
  }
}
