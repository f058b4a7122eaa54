/**
 * Arrow IPC files and streams framed message by message with positioned reads, without apache-arrow (so
 * counting a file's rows for the stream decision loads no more than the flatbuffer readers): the message
 * section of a file or stream, each message's bytes checked by ipc-guard.ts, and the row count from the
 * record batch headers. arrow/batch-read.ts decodes the messages.
 * Invariants: a message is yielded only after its structure is checked; errors are DataErrors naming the
 * file (and the byte offset of a bad message).
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { Message } from 'apache-arrow/fb/message';
import { MessageHeader } from 'apache-arrow/fb/message-header';
import { RecordBatch } from 'apache-arrow/fb/record-batch';
import { ByteBuffer } from 'flatbuffers';
import { DataError, HindsightError } from '../../core/errors.js';
import { readFully } from '../parquet/footer.js';
import { checkIpcFooter, checkIpcStream } from './ipc-guard.js';

/** The message section of an open Arrow file or stream. */
export interface IpcSections {
  fd: number;
  /** Bytes [from, to) hold the messages. */
  from: number;
  to: number;
  /** The file format's footer (checked), holding its schema; null for a stream. */
  footer: Uint8Array | null;
}

export function corrupt(file: string, e: unknown): Error {
  if (e instanceof HindsightError) return e;
  return new DataError({ file }, `corrupt Arrow IPC data: ${(e as Error).message}`);
}

export function openSections(file: string): IpcSections {
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
    if (!isFile) return { fd, from: 0, to: size, footer: null };
    const tail = readFully(fd, 10, Math.max(0, size - 10));
    if (size < 18 || tail.toString('latin1', 4, 10) !== 'ARROW1')
      throw new DataError({ file }, 'corrupt Arrow IPC data: the file does not end with ARROW1');
    const len = tail.readInt32LE(0);
    const start = size - 10 - len;
    if (!(len > 0 && start >= 8))
      throw new DataError({ file }, `corrupt Arrow IPC data: footer length ${len}`);
    const bytes = readFully(fd, len, start);
    checkIpcFooter(file, bytes);
    return { fd, from: 8, to: start, footer: bytes };
  } catch (e) {
    closeSync(fd);
    throw corrupt(file, e);
  }
}

/** Each message of [from, to) as its own bytes, checked; `metaOnly` reads the metadata alone (no body). */
export function* messages(file: string, s: IpcSections, metaOnly: boolean): Generator<[Uint8Array, Message]> {
  let at = s.from;
  let first = s.footer === null;
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
