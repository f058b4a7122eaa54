/**
 * zstd adapter for DBN. Decompression uses fzstd (pure JS, synchronous, all frames of a multi-frame stream,
 * also incrementally for bounded-memory reads); compression uses @bokuweb/zstd-wasm, whose WASM module must
 * be initialised asynchronously once, so compressing is async. Any codec failure becomes a DataError naming
 * the file: corrupt input must never surface as a library-internal exception.
 *
 * The WASM compressor is imported on first use: the library's entry point re-exports the DBN writer, and
 * loading it eagerly cost every `hindsight run` its module graph.
 * Limits: fzstd decodes at roughly 100-300 MB/s, well below native zstd; the writer compresses in independent
 * frames of `frameBytes` so the WASM heap stays bounded for large outputs.
 */
import { Decompress, decompress } from 'fzstd';
import { DataError } from '../../core/errors.js';

export function isZstd(u8: Uint8Array): boolean {
  return u8.length >= 4 && u8[0] === 0x28 && u8[1] === 0xb5 && u8[2] === 0x2f && u8[3] === 0xfd;
}

/** Legacy DBZ files start with a zstd skippable frame (50 2A 4D 18); they are a different format. */
export function isLegacyDbz(u8: Uint8Array): boolean {
  return u8.length >= 4 && u8[0] === 0x50 && u8[1] === 0x2a && u8[2] === 0x4d && u8[3] === 0x18;
}

function codecError(file: string, e: unknown): DataError {
  const msg = e instanceof Error ? e.message : String(e);
  return new DataError({ file, field: 'zstd' }, `corrupt zstd stream: ${msg}`);
}

/** Every frame of `u8`, decompressed and concatenated. */
export function zstdDecompress(u8: Uint8Array, file: string): Uint8Array {
  try {
    return decompress(u8);
  } catch (e) {
    throw codecError(file, e);
  }
}

/** Incremental decompression: push compressed pieces, receive decompressed pieces synchronously. */
export class ZstdStream {
  private readonly out: Uint8Array[] = [];
  private readonly d = new Decompress((chunk) => {
    this.out.push(chunk);
  });

  constructor(private readonly file: string) {}

  /** Decompressed pieces produced by this push (in order). */
  push(chunk: Uint8Array, final: boolean): Uint8Array[] {
    try {
      this.d.push(chunk, final);
    } catch (e) {
      throw codecError(this.file, e);
    }
    return this.out.splice(0, this.out.length);
  }
}

let ready: Promise<void> | null = null;

/** Compresses `u8` as independent zstd frames of at most `frameBytes` input bytes each. */
export async function zstdCompress(u8: Uint8Array, level = 3, frameBytes = 16 << 20): Promise<Uint8Array> {
  const zstdWasm = await import('@bokuweb/zstd-wasm');
  ready ??= zstdWasm.init();
  await ready;
  const frames: Uint8Array[] = [];
  let total = 0;
  for (let p = 0; p < u8.length || frames.length === 0; p += frameBytes) {
    const frame = zstdWasm.compress(u8.subarray(p, Math.min(u8.length, p + frameBytes)), level);
    frames.push(frame);
    total += frame.length;
  }
  if (frames.length === 1) return frames[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const fr of frames) {
    out.set(fr, at);
    at += fr.length;
  }
  return out;
}
