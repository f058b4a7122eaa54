/**
 * Structural check of an Arrow IPC message stream before apache-arrow decodes it. apache-arrow trusts the
 * vector lengths inside message flatbuffers; a corrupted length makes it build billions of objects (the
 * fuzz test found such files). Here every message is framed by hand ([0xFFFFFFFF] int32 length, metadata,
 * body) and each flatbuffer vector length that apache-arrow would iterate is bounded by the metadata size,
 * every batch's rows and buffers by its body size.
 * Invariants: accepts every stream apache-arrow writes; throws DataError otherwise before any decoding.
 * Limits: checks only what drives allocation sizes; other corruption is left to apache-arrow's own errors.
 */
import { ByteBuffer } from 'flatbuffers';
import { Footer } from 'apache-arrow/fb/footer';
import { Message } from 'apache-arrow/fb/message';
import { MessageHeader } from 'apache-arrow/fb/message-header';
import { Schema } from 'apache-arrow/fb/schema';
import { Field } from 'apache-arrow/fb/field';
import { RecordBatch } from 'apache-arrow/fb/record-batch';
import { DictionaryBatch } from 'apache-arrow/fb/dictionary-batch';
import { DataError } from '../../core/errors.js';

/** Checks the stream `s`; returns the byte offset and header type of every message it holds. */
export function checkIpcStream(
  file: string,
  s: Uint8Array,
  base = 0,
  schemaFirst = true,
): Map<number, number> {
  const found = new Map<number, number>();
  const view = new DataView(s.buffer, s.byteOffset, s.byteLength);
  let at = 0;
  const bad = (why: string): never => {
    throw new DataError({ file, offset: base + at }, `corrupt Arrow IPC data: ${why}`);
  };
  while (at + 4 <= s.length) {
    let len = view.getInt32(at, true);
    let start = at + 4;
    if (len === -1) {
      if (at + 8 > s.length) bad('truncated message length');
      len = view.getInt32(at + 4, true);
      start = at + 8;
    }
    if (len === 0) return found; // end-of-stream marker
    if (len < 0 || start + len > s.length) bad(`message metadata of ${len} bytes exceeds the file`);
    const meta = s.subarray(start, start + len);
    const cap = len / 4;
    const msg = Message.getRootAsMessage(new ByteBuffer(meta));
    const body = Number(msg.bodyLength());
    if (!(body >= 0 && start + len + body <= s.length)) bad(`message body of ${body} bytes exceeds the file`);
    if (!(msg.customMetadataLength() <= cap)) bad('message metadata list too long');
    const type = msg.headerType();
    if (
      found.size === 0 && schemaFirst
        ? type !== MessageHeader.Schema
        : type !== MessageHeader.RecordBatch && type !== MessageHeader.DictionaryBatch
    )
      bad(`unexpected message type ${type}`);
    found.set(base + at, type);
    if (type === MessageHeader.Schema) checkSchema(msg.header(new Schema()) as Schema, cap, bad);
    else if (type === MessageHeader.RecordBatch)
      checkBatch(msg.header(new RecordBatch()) as RecordBatch, cap, body, bad);
    else if (type === MessageHeader.DictionaryBatch) {
      const rb = (msg.header(new DictionaryBatch()) as DictionaryBatch | null)?.data();
      if (rb) checkBatch(rb, cap, body, bad);
    }
    at = start + len + body;
  }
  if (at !== s.length) bad('truncated message');
  return found;
}

/**
 * An Arrow IPC file: magic, the message stream, a footer (schema + blocks locating each batch), its
 * int32 length and the magic again. The footer's blocks are what apache-arrow's file reader follows.
 */
export function checkIpcFile(file: string, b: Uint8Array): void {
  const n = b.length;
  const bad = (why: string): never => {
    throw new DataError({ file }, `corrupt Arrow IPC data: ${why}`);
  };
  if (n < 18 || String.fromCharCode(...b.subarray(n - 6)) !== 'ARROW1')
    bad('the file does not end with ARROW1');
  const view = new DataView(b.buffer, b.byteOffset, n);
  const len = view.getInt32(n - 10, true);
  const start = n - 10 - len;
  if (!(len > 0 && start >= 8)) bad(`footer length ${len}`);
  const footer = checkIpcFooter(file, b.subarray(start, start + len));
  // The file's schema lives in the footer; apache-arrow writes none into the message section.
  const messages = checkIpcStream(file, b.subarray(8, start), 8, false);
  const blocks: [unknown, number][] = [];
  for (let i = 0; i < footer.dictionariesLength(); i++)
    blocks.push([footer.dictionaries(i), MessageHeader.DictionaryBatch]);
  for (let i = 0; i < footer.recordBatchesLength(); i++)
    blocks.push([footer.recordBatches(i), MessageHeader.RecordBatch]);
  for (const [blk, type] of blocks) {
    // Every block must locate a message the stream walk has checked, of the type the footer claims.
    if (messages.get(Number((blk as { offset(): bigint } | null)?.offset())) !== type)
      bad('a footer block does not point at a checked message');
  }
}

/** Checks a file footer's flatbuffer (the bytes between the messages and the footer length). */
export function checkIpcFooter(file: string, bytes: Uint8Array): Footer {
  const bad = (why: string): never => {
    throw new DataError({ file }, `corrupt Arrow IPC data: ${why}`);
  };
  const cap = bytes.length / 4;
  const footer = Footer.getRootAsFooter(new ByteBuffer(bytes));
  if (!(
    footer.recordBatchesLength() <= cap &&
    footer.dictionariesLength() <= cap &&
    footer.customMetadataLength() <= cap
  ))
    bad('footer lists too long');
  checkSchema(footer.schema(), cap, bad);
  return footer;
}

function checkSchema(schema: Schema | null, cap: number, bad: (why: string) => never): void {
  if (!schema) bad('schema message without a schema');
  if (!(schema!.fieldsLength() <= cap && schema!.customMetadataLength() <= cap)) bad('schema lists too long');
  const fields: Field[] = [];
  for (let i = 0; i < schema!.fieldsLength(); i++) fields.push(schema!.fields(i)!);
  for (let k = 0; k < fields.length; k++) {
    const f = fields[k];
    if (!f) bad('missing field');
    if (!(f!.childrenLength() <= cap && f!.customMetadataLength() <= cap)) bad('field lists too long');
    if (fields.length > cap) bad('too many nested fields');
    for (let i = 0; i < f!.childrenLength(); i++) fields.push(f!.children(i)!);
  }
}

function checkBatch(rb: RecordBatch, cap: number, body: number, bad: (why: string) => never): void {
  const rows = Number(rb.length());
  if (!(rows >= 0 && rows <= body * 8 + 64)) bad(`batch of ${rows} rows in a body of ${body} bytes`);
  if (!(rb.nodesLength() <= cap && rb.buffersLength() <= cap && rb.variadicBufferCountsLength() <= cap))
    bad('batch lists too long');
  for (let i = 0; i < rb.nodesLength(); i++) {
    const n = rb.nodes(i)!;
    if (!(Number(n.length()) <= rows && Number(n.nullCount()) <= rows))
      bad(`column of ${n.length()} rows in a batch of ${rows}`);
  }
  for (let i = 0; i < rb.buffersLength(); i++) {
    const b = rb.buffers(i)!;
    if (!(Number(b.offset()) >= 0 && Number(b.offset()) + Number(b.length()) <= body))
      bad('buffer outside the message body');
  }
}
