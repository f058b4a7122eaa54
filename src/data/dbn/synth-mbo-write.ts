/**
 * Writes synthetic MBO (synth-mbo.ts) to a DBN file in chunks, so memory stays bounded by one chunk however
 * many records are asked for: generate a chunk, encode it with the DBN writer, append it (as its own zstd
 * frames when compressing), repeat. The file is byte for byte what `writeDbn` makes of one
 * `generateSynthMbo` table with the same metadata (v3, schema mbo).
 *
 * The metadata names each instrument: `symbols` lists them and `mappings` maps each symbol to its
 * instrument id over the file's dates (stype_in raw_symbol, stype_out instrument_id), which is how the DBN
 * reader's symbol map (and so `type: dbn, symbols: [...]` configs) finds instruments by symbol. Its `start`
 * is the snapshot time and `end` 1 ns after the last record — known only at the end, so the header is
 * written first with placeholders and rewritten in place: a header's size does not depend on those values,
 * and under zstd the header is its own frame of one raw (stored) block, whose size does not either.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { DataError } from '../../core/errors.js';
import { formatIso, type Timestamp } from '../../core/time.js';
import type { MboTable } from '../schemas.js';
import { encodeMetadata, metadataSize, type DbnMetadataInput } from './metadata.js';
import { SynthMboGenerator, type SynthMboOptions } from './synth-mbo.js';
import { encodeDbn } from './writer.js';
import { zstdCompress } from './zstd.js';

export interface SynthMboFileOptions {
  /** One symbol per instrument (default SYN000, SYN001 ...). */
  symbols?: string[];
  /** Default 'SYNTH'. */
  dataset?: string;
  zstd?: boolean;
  /** Records generated and written per step (default 1,000,000). */
  chunkRecords?: number;
}

export interface SynthMboFileResult {
  path: string;
  records: number;
  bytes: number;
  start: Timestamp;
  /** The last record's ts_event. */
  last: Timestamp;
  instruments: { id: number; symbol: string; tickSize: number; midTicks: number }[];
}

/** The default symbol names: SYN000, SYN001 ... */
export function synthSymbols(n: number): string[] {
  const width = Math.max(3, String(n - 1).length);
  return Array.from({ length: n }, (_, i) => 'SYN' + String(i).padStart(width, '0'));
}

/** YYYYMMDD of a timestamp plus `days`. */
function yyyymmdd(ts: Timestamp, days: number): number {
  return Number(
    formatIso(ts.sec + days * 86_400, 0)
      .slice(0, 10)
      .replaceAll('-', ''),
  );
}

/** The DBN header of a synthetic MBO file: symbols, mappings to instrument ids, the time range. */
export function synthMboMetadata(
  symbols: string[],
  ids: number[],
  dataset: string,
  start: Timestamp,
  end: Timestamp,
  schema: 'mbo' | 'mbp-10' = 'mbo',
): DbnMetadataInput {
  const startDate = yyyymmdd(start, 0);
  const endDate = yyyymmdd(end, 1);
  return {
    dataset,
    schema,
    start,
    end,
    stypeIn: 1, // raw_symbol
    stypeOut: 0, // instrument_id
    symbols,
    mappings: symbols.map((rawSymbol, i) => ({
      rawSymbol,
      intervals: [{ startDate, endDate, symbol: String(ids[i]) }],
    })),
  };
}

/** A zstd frame storing `data` in raw blocks (RFC 8878 §3.1.1): its size depends only on data's size. */
function rawZstdFrame(data: Uint8Array): Uint8Array {
  const n = data.length;
  const maxBlock = 128 << 10;
  const blocks = Math.max(1, Math.ceil(n / maxBlock));
  const out = new Uint8Array(4 + 1 + 4 + 3 * blocks + n);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0xfd2fb528, true); // magic
  out[4] = 0xa0; // single segment, 4-byte frame content size, no checksum, no dictionary
  dv.setUint32(5, n, true);
  let at = 9;
  for (let b = 0, p = 0; b < blocks; b++, p += maxBlock) {
    const size = Math.min(maxBlock, n - p);
    const head = (b === blocks - 1 ? 1 : 0) | (size << 3); // block type 0 = raw
    out[at] = head & 0xff;
    out[at + 1] = (head >> 8) & 0xff;
    out[at + 2] = (head >> 16) & 0xff;
    out.set(data.subarray(p, p + size), at + 3);
    at += 3 + size;
  }
  return out;
}

/** Generates `options` and writes them to `path` as DBN (zstd when `file.zstd`). */
export async function writeSynthMboDbn(
  path: string,
  options: SynthMboOptions,
  file: SynthMboFileOptions = {},
): Promise<SynthMboFileResult> {
  const gen = new SynthMboGenerator(options);
  const insts = gen.instruments;
  const symbols = file.symbols ?? synthSymbols(insts.length);
  if (symbols.length !== insts.length)
    throw new RangeError(`${symbols.length} symbols for ${insts.length} instruments`);
  const ids = insts.map((s) => s.id);
  const dataset = file.dataset ?? 'SYNTH';
  const start = gen.options.start;
  const header = (end: Timestamp): Uint8Array => {
    const meta = encodeMetadata(synthMboMetadata(symbols, ids, dataset, start, end), 3);
    return file.zstd ? rawZstdFrame(meta) : meta;
  };
  const chunk = Math.max(1, file.chunkRecords ?? 1_000_000);
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    throw new DataError({ file: path }, `cannot write: ${(e as Error).message}`);
  }
  let bytes = 0;
  const last: Timestamp = { sec: start.sec, nsec: start.nsec };
  try {
    bytes += writeSync(fd, header(start));
    let table: MboTable | undefined;
    while (!gen.done) {
      table = gen.next(chunk, table);
      const n = table.length;
      last.sec = table.tsEventSec[n - 1]!;
      last.nsec = table.tsEventNsec[n - 1]!;
      const dbn = encodeDbn({ tables: [table] }, { file: path });
      const records = dbn.subarray(metadataSize(dbn));
      bytes += writeSync(fd, file.zstd ? await zstdCompress(records) : records);
    }
    const end =
      last.nsec === 999_999_999 ? { sec: last.sec + 1, nsec: 0 } : { sec: last.sec, nsec: last.nsec + 1 };
    writeSync(fd, header(end), 0, undefined, 0);
  } finally {
    closeSync(fd);
  }
  return {
    path,
    records: gen.records,
    bytes,
    start,
    last,
    instruments: insts.map((s, i) => ({
      id: s.id,
      symbol: symbols[i]!,
      tickSize: s.tickSize,
      midTicks: s.midTicks,
    })),
  };
}
