/**
 * A file read as blocks of whole lines into one reused buffer, for the CSV readers: the parser sees
 * bytes[start, end) where `end` follows a line feed (or is the end of the file), and the tail of a line
 * cut by a block edge is carried to the front of the buffer for the next block.
 *
 * Why: reading the whole file first costs a buffer the size of the file (page faults on every page, and
 * bytes out of cache by the time they are parsed); a block of a few MB stays in cache and bounds memory,
 * which the streamed reader needs anyway. A line longer than the buffer doubles it.
 * Invariants: every byte of the file lands in exactly one block, in order; `onRead` sees each byte once.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DataError } from '../../core/errors.js';

/** Bytes per block: large enough to amortise the read call, small enough to stay in L2/L3 cache. */
export const BLOCK_BYTES = 1 << 20;

export class LineBlocks {
  buf: Uint8Array;
  start = 0;
  end = 0;
  /** Bytes read into buf so far ([end, filled) is the carried tail). */
  private filled = 0;
  /** Bytes of the file read so far. */
  consumed = 0;
  private eof = false;
  readonly size: number;
  private fd: number;

  constructor(
    readonly path: string,
    blockBytes = BLOCK_BYTES,
    private readonly onRead?: (bytes: Uint8Array) => void,
  ) {
    try {
      this.fd = openSync(path, 'r');
      this.size = fstatSync(this.fd).size;
    } catch (e) {
      throw new DataError({ file: path }, `cannot read the file: ${(e as Error).message}`);
    }
    this.buf = new Uint8Array(Math.max(16, Math.min(blockBytes, this.size + 1)));
  }

  /** Moves to the next block of whole lines; false once the file is exhausted (the file is then closed). */
  next(): boolean {
    const tail = this.filled - this.end;
    if (tail === 0 && this.eof) {
      this.close();
      return false;
    }
    this.buf.copyWithin(0, this.end, this.filled);
    this.filled = tail;
    this.start = 0;
    for (;;) {
      if (this.filled === this.buf.length) {
        const bigger = new Uint8Array(this.buf.length * 2);
        bigger.set(this.buf);
        this.buf = bigger;
      }
      const got = this.eof ? 0 : this.read(this.filled);
      if (got === 0) {
        this.eof = true;
        this.end = this.filled;
        return this.end > 0 || this.next();
      }
      this.filled += got;
      // The carried tail holds no line feed, so any one found ends the block.
      const lf = this.buf.lastIndexOf(10, this.filled - 1);
      if (lf >= 0) {
        this.end = lf + 1;
        return true;
      }
    }
  }

  private read(at: number): number {
    let got: number;
    try {
      got = readSync(this.fd, this.buf, at, this.buf.length - at, null);
    } catch (e) {
      throw new DataError({ file: this.path }, `cannot read the file: ${(e as Error).message}`);
    }
    this.consumed += got;
    if (got > 0) this.onRead?.(this.buf.subarray(at, at + got));
    return got;
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }
}
