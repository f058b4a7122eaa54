/**
 * Bars from an Arrow IPC file or stream one record batch at a time (the stream worker's Arrow reader):
 * messages are framed with positioned reads (ipc-frames.ts), each checked by ipc-guard.ts before
 * apache-arrow sees it, and fed to apache-arrow's synchronous stream reader, so memory holds one message,
 * not the file.
 * The file format keeps its schema in the footer and none among the messages, so a schema message made
 * from the footer is put in front of them.
 *
 * Invariants: the rows, values and errors are those of readBarsArrow (the same layout check and
 * per-batch conversion, ipc.ts `batchRuns`; row numbers counted from the file's first row; time order
 * checked across batches by one BarBuilder). Each yielded table is a view the next step overwrites.
 * Limits: memory scales with the largest record batch (writeBarsArrow writes at most 65,536 rows per
 * batch; other tools may write one batch per file); every symbol's stream reads every batch.
 */
import { closeSync } from 'node:fs';
import * as arrow from 'apache-arrow';
import { Footer } from 'apache-arrow/ipc/metadata/file';
import type { Scaled } from '../../core/decimal.js';
import { DataError, UsageError } from '../../core/errors.js';
import type { BarTable } from '../bars.js';
import { BAR_COLUMNS } from '../parquet/layout.js';
import { BarBuilder, type ChunkWhere, type RawBars } from '../parquet/sink.js';
import { corrupt, messages, openSections, type IpcSections } from './ipc-frames.js';
import { arrowBarLayout, batchRuns, type ArrowBarLayout } from './ipc.js';

/** The record batches of an Arrow file or stream, one at a time, with the schema. */
function* recordBatches(file: string, s: IpcSections): Generator<arrow.RecordBatch> {
  function* bytes(): Generator<Uint8Array> {
    if (s.footer) {
      const head = arrow.tableToIPC(new arrow.Table(Footer.decode(s.footer).schema), 'stream');
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

/**
 * The symbols with rows in an Arrow bar file, in order of appearance: a pass over every batch, or the
 * first batch only when the file has no symbol column.
 */
export function arrowBarSymbols(file: string, opts: { symbol?: string; tick?: Scaled } = {}): string[] {
  const s = openSections(file);
  try {
    const seen = new Set<string>();
    let layout: ArrowBarLayout | null = null;
    let rowBase = 0;
    let b = 0;
    for (const batch of recordBatches(file, s)) {
      layout ??= arrowBarLayout(file, batch.schema, opts);
      // No symbol column: the file's one symbol, without reading further.
      if (layout.iSym < 0) return [layout.fixed!];
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
