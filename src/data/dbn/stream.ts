/**
 * Incremental DBN decoding: push decompressed bytes in pieces of any size, pull columnar chunks of at most
 * `chunkRecords` records (pull, so a consumer is done with a chunk before the next one is decoded). Memory is bounded by one chunk's tables plus one input piece; a partial record at
 * the end of a piece waits (copied, so the caller may reuse its buffer) for the next piece.
 *
 * The metadata header, when present, decides version and ts_out; a fragment (records only) takes them from
 * the options and must be given a version. Symbol mapping records (live data) update `symbolMap`.
 * Invariant: byte offsets in errors are absolute in the decompressed stream, whatever the piece boundaries.
 */
import { DataError } from '../../core/errors.js';
import type { DbnMetadata } from './metadata.js';
import { decodeMetadata, isDbnHeader, metadataSize, symbolMapFromMappings } from './metadata.js';
import { RecordDecoder } from './decoder.js';
import type { DbnTables } from './tables.js';

export interface DbnReadOptions {
  /** Name used in error messages (default: the path, or "<bytes>"). */
  fileLabel?: string;
  /** DBN version of a fragment (no metadata header); ignored when the stream has a header. */
  version?: 1 | 2 | 3;
  /** Whether a fragment's records carry ts_out (default false); ignored when the stream has a header. */
  tsOut?: boolean;
  /** Decode with the generic field-by-field path only (for tests; default false). */
  genericOnly?: boolean;
  /**
   * Chunked reads: reuse each kind's column buffers for the next chunk. A chunk's tables are then valid only
   * until the next chunk is produced (copy with sliceTable to keep one); memory stays at one chunk.
   */
  reuseTables?: boolean;
}

export interface DbnChunk {
  tables: DbnTables;
  /** Records in this chunk, including skipped unknown rtypes. */
  records: number;
  /** Absolute byte offset (decompressed stream) of the chunk's first record. */
  firstOffset: number;
  metadata: DbnMetadata | null;
  symbolMap: Map<number, string>;
}

const EMPTY = new Uint8Array(0);

export class DbnStreamDecoder {
  metadata: DbnMetadata | null = null;
  symbolMap = new Map<number, string>();
  records: RecordDecoder | null = null;
  private buf: Uint8Array = EMPTY;
  /** Absolute offset of buf[0] in the decompressed stream. */
  private bufBase = 0;
  /** Next unconsumed byte of buf. */
  private pos = 0;
  private chunkScanned = 0;
  private chunkFirst = 0;
  private final = false;
  private finished = false;

  constructor(
    readonly file: string,
    private readonly opts: DbnReadOptions,
    private readonly chunkRecords: number,
  ) {
    if (!(chunkRecords >= 1)) throw new RangeError(`chunkRecords must be >= 1 (got ${chunkRecords})`);
  }

  /** Adds the next piece of the stream (`final` on the last one). Call `next` until it returns null. */
  push(data: Uint8Array, final: boolean): void {
    if (this.final) throw new Error('DbnStreamDecoder: push after the final piece');
    this.final = final;
    const rest = this.buf.length - this.pos;
    if (rest === 0) this.buf = data;
    else if (data.length > 0) {
      const joined = new Uint8Array(rest + data.length);
      joined.set(this.buf.subarray(this.pos));
      joined.set(data, rest);
      this.buf = joined;
    } else this.buf = this.buf.subarray(this.pos);
    this.bufBase += this.pos;
    this.pos = 0;
  }

  /**
   * The next complete chunk, or null when more input is needed (or the stream is finished). After the final
   * piece the last, possibly short, chunk is returned once (even when empty if no chunk came before).
   */
  next(): DbnChunk | null {
    if (this.finished) return null;
    if (!this.records && !this.start(this.final)) {
      this.keepRest();
      return null;
    }
    const dec = this.records!;
    const u8 = this.buf;
    const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
    while (this.chunkScanned < this.chunkRecords) {
      const quota = this.chunkRecords - this.chunkScanned;
      const stop = dec.scan(u8, this.pos, u8.length, quota, this.final, this.bufBase);
      if (stop === this.pos) break;
      const mapRows = dec.tables.symbolMappings?.length ?? 0;
      dec.decode(u8, dv, this.pos, stop, this.bufBase);
      this.chunkScanned += dec.lastScanned;
      this.applySymbolMappings(mapRows);
      this.pos = stop;
    }
    if (this.chunkScanned === this.chunkRecords) return this.emit();
    if (this.final) {
      this.finished = true;
      return this.emit();
    }
    this.keepRest();
    return null;
  }

  /** Copies the unconsumed tail: the caller may reuse the buffer it pushed. */
  private keepRest(): void {
    this.buf = this.buf.slice(this.pos);
    this.bufBase += this.pos;
    this.pos = 0;
  }

  /** Parses the header (or accepts a fragment); false while more bytes are needed. */
  private start(final: boolean): boolean {
    const u8 = this.buf;
    if (u8.length < 8 && !final) return false;
    let version: 1 | 2 | 3;
    let tsOut: boolean;
    let headerLen = 0;
    if (isDbnHeader(u8)) {
      const size = metadataSize(u8);
      if (size < 0 || u8.length < size) {
        if (!final) return false;
        throw new DataError(
          { file: this.file, offset: u8.length, field: 'metadata' },
          `truncated metadata header: ${size < 0 ? 8 : size} bytes needed, ${u8.length} present`,
        );
      }
      const m = decodeMetadata(u8.subarray(0, size), this.file);
      this.metadata = m;
      this.symbolMap = symbolMapFromMappings(m.mappings);
      version = m.version;
      tsOut = m.tsOut;
      headerLen = size;
    } else {
      if (this.opts.version === undefined)
        throw new DataError(
          { file: this.file, offset: 0, field: 'magic', value: String.fromCharCode(...u8.subarray(0, 3)) },
          'no DBN metadata header; to read a fragment (records only) pass its version',
        );
      version = this.opts.version;
      tsOut = this.opts.tsOut ?? false;
    }
    this.records = new RecordDecoder({
      file: this.file,
      version,
      tsOut,
      fast: !this.opts.genericOnly,
      reuseTables: this.opts.reuseTables ?? false,
    });
    this.pos = headerLen;
    this.chunkFirst = this.bufBase + headerLen;
    return true;
  }

  private applySymbolMappings(from: number): void {
    const t = this.records!.tables.symbolMappings;
    if (!t) return;
    for (let i = from; i < t.length; i++) this.symbolMap.set(t.instrumentId[i]!, t.stypeOutSymbol[i]!);
  }

  private emit(): DbnChunk {
    const first = this.chunkFirst;
    const records = this.chunkScanned;
    this.chunkScanned = 0;
    this.chunkFirst = this.bufBase + this.pos;
    const tables = this.records!.takeChunk();
    return { tables, records, firstOffset: first, metadata: this.metadata, symbolMap: this.symbolMap };
  }
}
