/**
 * The CSV bar reader's plain-row kernel (canonical layout) against its general row loop: the same rows,
 * written once in the canonical layout and once with an extra column (which the kernel does not take),
 * must give the same tables, counts and rejection messages — good rows, bad rows, rescales, CRLF, block
 * edges of the file reader included.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBarsCsv, readBarsCsv, type CsvBarResult } from '../../src/data/csv/bars.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-csv-kernel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const price = fc
  .tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 9999 }))
  .map(([i, dec, f]) => (dec === 0 ? String(i) : `${i}.${String(f).padStart(4, '0').slice(0, dec)}`));
const stamp = fc
  .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1439 }), fc.constantFrom('Z', '', 'X'))
  .map(
    ([day, min, z]) =>
      `2021-03-${String(day + 1).padStart(2, '0')}T${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}:00${z === 'X' ? '.5Z' : z}`,
  );
const row = fc
  .tuple(stamp, price, price, price, price, fc.oneof(price, fc.constant('-1'), fc.constant('')))
  .map(([ts, a, b, c, d, v]) => {
    const ps = [a, b, c, d].sort((x, y) => Number(x) - Number(y));
    // Mostly well-formed bars (low <= open, close <= high), sometimes as drawn (often invalid).
    return [ts, ps[1], ps[3], ps[0], ps[2], v];
  });
const rowsArb = fc.array(fc.tuple(row, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 60 });

function sameResult(a: CsvBarResult, b: CsvBarResult): void {
  expect(a.rowsRead).toBe(b.rowsRead);
  expect(a.rowsQuarantined).toBe(b.rowsQuarantined);
  expect(a.firstIssues).toEqual(b.firstIssues);
  expect(a.tables.length).toBe(b.tables.length);
  a.tables.forEach((t, i) => {
    const u = b.tables[i]!;
    expect(t.tick).toEqual(u.tick);
    for (const c of ['tsSec', 'tsNsec', 'open', 'high', 'low', 'close', 'volume'] as const)
      expect(Array.from(t[c]), c).toEqual(Array.from(u[c]));
  });
}

function texts(rows: [string[], boolean, boolean][]): [string, string] {
  const plain = ['timestamp,open,high,low,close,volume'];
  const extra = ['timestamp,open,high,low,close,volume,note'];
  for (const [r, crlf] of rows) {
    const eol = crlf ? '\r' : '';
    plain.push(r.join(',') + eol);
    extra.push(r.join(',') + ',n' + eol);
  }
  return [plain.join('\n') + '\n', extra.join('\n') + '\n'];
}

describe('CSV plain-row kernel', () => {
  it('accepts, rejects and rescales exactly as the general row loop (lenient, auto tick)', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const [plain, extra] = texts(rows);
        const enc = new TextEncoder();
        const opts = { format: 'generic' as const, symbol: 'K', mode: 'lenient' as const };
        let a: CsvBarResult | Error;
        let b: CsvBarResult | Error;
        try {
          a = parseBarsCsv(enc.encode(plain), 'k.csv', { ...opts, quarantinePath: join(dir, 'q.csv') });
        } catch (e) {
          a = e as Error;
        }
        try {
          b = parseBarsCsv(enc.encode(extra), 'k.csv', { ...opts, quarantinePath: join(dir, 'q.csv') });
        } catch (e) {
          b = e as Error;
        }
        if (a instanceof Error || b instanceof Error) {
          expect(String(a)).toBe(String(b));
          return;
        }
        sameResult(a, b);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('gives the same result through the block reader as in memory, blocks cut lines anywhere', () => {
    const lines = ['timestamp,open,high,low,close,volume'];
    for (let i = 0; i < 40_000; i++) {
      const d = new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString().slice(0, 19) + 'Z';
      const p = 100 + (i % 97) / 10;
      lines.push(`${d},${p},${p + 0.5},${p - 0.25},${p},${i % 13}`);
    }
    lines.push('2021-01-01T00:00:00Z,1.005,1.01,1,1,3');
    const path = join(dir, 'big.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    const whole = parseBarsCsv(readFileSync(path), path, { format: 'generic', symbol: 'B' });
    const read = readBarsCsv(path, { format: 'generic', symbol: 'B' });
    expect(read.tables[0]!.tick).toEqual({ units: 1, scale: 3 });
    expect(read.tables[0]!.open[0]).toBe(100_000);
    sameResult(read, whole);
  });
});
