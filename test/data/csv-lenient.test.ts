/** Lenient mode (quarantine file, counts) and parser fuzzing (a clear error or a result, never a crash). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseBarsCsv, readBarsCsv } from '../../src/data/csv/bars.js';
import { DataError } from '../../src/core/errors.js';
import { formatIso } from '../../src/core/time.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readBarsCsv lenient mode', () => {
  it('quarantines bad rows with a reason, counts them and keeps the good ones', () => {
    const path = join(dir, 'mixed.csv');
    writeFileSync(
      path,
      'timestamp,open,high,low,close,volume\r\n' +
        '2020-01-02,10,11,9,10,100\r\n' +
        '2020-01-03,10,9,11,10,100\r\n' +
        '2020-01-03,10,11,9,10.5,100\r\n' +
        '2020-01-03,10,11,9,10,100\r\n' +
        '2020-01-01,10,11,9,10,100\r\n' +
        '2020-01-06,"1,5",11,9,10,100\r\n' +
        '2020-01-07,10,11,9,10,-1\r\n' +
        '2020-01-08,10,11,9,10,7\r\n',
    );
    const r = readBarsCsv(path, { format: 'generic', symbol: 'X', mode: 'lenient' });
    expect(r.rowsRead).toBe(8);
    expect(r.rowsAccepted).toBe(3);
    expect(r.rowsQuarantined).toBe(5);
    expect(r.quarantinePath).toBe(path + '.quarantine.csv');
    const t = r.tables[0]!;
    expect(Array.from({ length: t.length }, (_, i) => formatIso(t.tsSec[i]!, 0))).toEqual([
      '2020-01-02T00:00:00Z',
      '2020-01-03T00:00:00Z',
      '2020-01-08T00:00:00Z',
    ]);
    expect(Array.from(t.close), 'the earlier of two rows with the same time is kept').toEqual([
      100, 105, 100,
    ]);
    expect(t.tick).toEqual({ units: 1, scale: 1 });
    expect(r.firstIssues).toEqual([
      `${path}:3: field "high": high is below low 11 (value "9")`,
      `${path}:5: field "timestamp": duplicate timestamp (line 4 has the same time) (value "2020-01-03")`,
      `${path}:6: field "timestamp": timestamp goes back in time (line 4 is at 2020-01-03T00:00:00Z) (value "2020-01-01")`,
      `${path}:7: field "open": not a number (value "1,5")`,
      `${path}:8: field "volume": volume must be >= 0 (value "-1")`,
    ]);
    expect(readFileSync(r.quarantinePath!, 'utf8')).toBe(
      'timestamp,open,high,low,close,volume,reason\n' +
        `2020-01-03,10,9,11,10,100,"${path}:3: field ""high"": high is below low 11 (value ""9"")"\n` +
        `2020-01-03,10,11,9,10,100,"${path}:5: field ""timestamp"": duplicate timestamp (line 4 has the same time) (value ""2020-01-03"")"\n` +
        `2020-01-01,10,11,9,10,100,"${path}:6: field ""timestamp"": timestamp goes back in time (line 4 is at 2020-01-03T00:00:00Z) (value ""2020-01-01"")"\n` +
        `2020-01-06,"1,5",11,9,10,100,"${path}:7: field ""open"": not a number (value ""1,5"")"\n` +
        `2020-01-07,10,11,9,10,-1,"${path}:8: field ""volume"": volume must be >= 0 (value ""-1"")"\n`,
    );
  });

  it('the same file in strict mode stops at the first bad row', () => {
    const path = join(dir, 'mixed.csv');
    expect(() => readBarsCsv(path, { format: 'generic', symbol: 'X' })).toThrow(
      `${path}:3: field "high": high is below low 11 (value "9")`,
    );
  });

  it('writes to an explicit quarantine path and keeps only the first 20 issues', () => {
    const rows = ['timestamp,open,high,low,close,volume', '2020-01-01,1,1,1,1,1'];
    for (let i = 0; i < 30; i++) rows.push(`2020-02-${String((i % 28) + 1).padStart(2, '0')},1,1,1,x,1`);
    const q = join(dir, 'q.csv');
    const r = parseBarsCsv(new TextEncoder().encode(rows.join('\n')), 'many.csv', {
      format: 'generic',
      symbol: 'X',
      mode: 'lenient',
      quarantinePath: q,
    });
    expect(r.rowsQuarantined).toBe(30);
    expect(r.firstIssues.length).toBe(20);
    expect(r.firstIssues[19]).toBe('many.csv:22: field "close": not a number (value "x")');
    expect(readFileSync(q, 'utf8').trimEnd().split('\n').length).toBe(31);
  });

  it('a file where every row is bad is still an error, and its quarantine file is written', () => {
    const q = join(dir, 'allbad.quarantine.csv');
    const text =
      'timestamp,open,high,low,close,volume\n2020-01-02,null,null,null,null,null\n2020-01-03,1,1,1,1\n';
    let err: unknown;
    try {
      parseBarsCsv(new TextEncoder().encode(text), 'allbad.csv', {
        format: 'generic',
        symbol: 'X',
        mode: 'lenient',
        quarantinePath: q,
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).message).toBe(
      `allbad.csv: no valid rows: all 2 data rows were rejected (see ${q}); first: allbad.csv:2: field "open": null value (the row has no data) (value "null")`,
    );
    expect(existsSync(q)).toBe(true);
  });

  it('no quarantine file when nothing is rejected', () => {
    const q = join(dir, 'none.quarantine.csv');
    const r = parseBarsCsv(
      new TextEncoder().encode('timestamp,open,high,low,close,volume\n2020-01-02,1,1,1,1,1\n'),
      'ok.csv',
      {
        format: 'generic',
        symbol: 'X',
        mode: 'lenient',
        quarantinePath: q,
      },
    );
    expect(r.quarantinePath).toBeNull();
    expect(existsSync(q)).toBe(false);
  });
});

describe('parser fuzzing', () => {
  const base =
    'timestamp,symbol,open,high,low,close,volume\n' +
    '2020-01-02T14:31:00Z,AAA,100.12,100.50,99.98,100.33,12345\n' +
    '2020-01-02T14:32:00.5Z,BBB,"10",11,9,10,1\n' +
    '2020-01-02T14:33:00+01:00,AAA,100.12,100.50,99.98,100.33,1e3\n';
  const bytes = new TextEncoder().encode(base);
  const interesting = [44, 10, 13, 34, 46, 45, 48, 57, 32, 0, 0xff, 101, 58, 84, 90];

  it('mutated files give a result or a DataError, in both modes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.nat(bytes.length - 1),
            byte: fc.constantFrom(...interesting),
            op: fc.constantFrom('set', 'insert', 'delete'),
          }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.boolean(),
        (edits, lenient) => {
          const b = Array.from(bytes);
          for (const e of edits) {
            const at = Math.min(e.at, b.length);
            if (e.op === 'set') b[at] = e.byte;
            else if (e.op === 'insert') b.splice(at, 0, e.byte);
            else b.splice(at, 1);
          }
          try {
            const r = parseBarsCsv(Uint8Array.from(b), 'fuzz.csv', {
              format: 'generic',
              columns: { symbol: 'symbol' },
              mode: lenient ? 'lenient' : 'strict',
              quarantinePath: join(dir, 'fuzz.quarantine.csv'),
            });
            expect(r.rowsAccepted + r.rowsQuarantined).toBe(r.rowsRead);
            for (const t of r.tables)
              for (let i = 0; i < t.length; i++) {
                expect(
                  t.low[i]! > 0 &&
                    t.low[i]! <= Math.min(t.open[i]!, t.close[i]!) &&
                    t.high[i]! >= Math.max(t.open[i]!, t.close[i]!),
                ).toBe(true);
                expect(Number.isInteger(t.open[i]!) && t.volume[i]! >= 0).toBe(true);
                if (i > 0)
                  expect(
                    t.tsSec[i]! > t.tsSec[i - 1]! ||
                      (t.tsSec[i] === t.tsSec[i - 1] && t.tsNsec[i]! > t.tsNsec[i - 1]!),
                  ).toBe(true);
              }
          } catch (e) {
            if (!(e instanceof DataError)) throw e;
          }
        },
      ),
      { numRuns: 300, seed: 20240601 },
    );
  });
});
