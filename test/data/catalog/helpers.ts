// Helpers of the catalog and cache tests: temp directories and exact, comparable views of tables.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { BarTable } from '../../../src/data/bars.js';
import { colWidth, columnsOf, type TableBase } from '../../../src/data/schemas.js';

/** A fresh temp directory, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `hindsight-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every column of a bar table as plain arrays (trimmed to its length), plus symbol and tick value. */
export function plainBars(t: BarTable): Record<string, unknown> {
  const n = t.length;
  return {
    symbol: t.symbol,
    tick: t.tick.units / 10 ** t.tick.scale,
    length: n,
    tsSec: Array.from(t.tsSec.subarray(0, n)),
    tsNsec: Array.from(t.tsNsec.subarray(0, n)),
    open: Array.from(t.open.subarray(0, n)),
    high: Array.from(t.high.subarray(0, n)),
    low: Array.from(t.low.subarray(0, n)),
    close: Array.from(t.close.subarray(0, n)),
    volume: Array.from(t.volume.subarray(0, n)),
  };
}

/** Every column of a canonical table as plain arrays (trimmed to its length), plus kind and tick. */
export function plainTable(t: TableBase): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: t.kind, length: t.length, priceTick: t.priceTick };
  const rec = t as unknown as Record<string, ArrayLike<unknown>>;
  for (const [name, type] of columnsOf(t))
    out[name] = Array.from(rec[name]!).slice(0, t.length * colWidth(type));
  return out;
}
