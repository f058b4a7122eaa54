// The streaming decision (src/engine/stream-choice.ts): the option wins both ways; without it a source
// streams above the (injectable) row threshold, its rows counted lazily; DBN and CSV row estimates from
// the file size (a zstd DBN file at the assumed compression ratio).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  chooseStream,
  csvRowsEstimate,
  DBN_OHLCV_RECORD_BYTES,
  DBN_ZSTD_RATIO,
  dbnRowsEstimate,
  STREAM_ROWS_THRESHOLD,
} from '../../src/engine/stream-choice.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-stream-choice-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('chooseStream', () => {
  it('streams above the threshold, not at or below it; the default threshold is 1 M rows', () => {
    expect(STREAM_ROWS_THRESHOLD).toBe(1_000_000);
    expect(chooseStream(undefined, () => 1_000_001)).toBe(true);
    expect(chooseStream(undefined, () => 1_000_000)).toBe(false);
    expect(chooseStream(undefined, () => 11, 10)).toBe(true);
    expect(chooseStream(undefined, () => 10, 10)).toBe(false);
  });

  it('an explicit option wins, and the rows are not even counted', () => {
    const never = (): number => {
      throw new Error('rows counted');
    };
    expect(chooseStream(true, never, 1e12)).toBe(true);
    expect(chooseStream(false, never, 0)).toBe(false);
  });
});

describe('row estimates from the file size', () => {
  it('DBN: 56-byte OHLCV records, zstd files at the assumed ratio', () => {
    const raw = join(dir, 'a.dbn');
    writeFileSync(raw, Buffer.alloc(56 * 1000 + 20));
    expect(dbnRowsEstimate(raw)).toBe(1000);
    const zst = join(dir, 'a.dbn.zst');
    const bytes = Buffer.alloc(5600);
    bytes.set([0x28, 0xb5, 0x2f, 0xfd]);
    writeFileSync(zst, bytes);
    expect(dbnRowsEstimate(zst)).toBe((DBN_ZSTD_RATIO * 5600) / DBN_OHLCV_RECORD_BYTES);
  });

  it('CSV: 64 bytes a row', () => {
    const csv = join(dir, 'a.csv');
    writeFileSync(csv, Buffer.alloc(64 * 50 + 63));
    expect(csvRowsEstimate(csv)).toBe(50);
  });
});
