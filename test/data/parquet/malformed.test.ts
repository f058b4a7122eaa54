import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { sliceBarTable, type BarTable } from '../../../src/data/bars.js';
import {
  readBarsArrow,
  readBarsParquet,
  writeBarsArrow,
  writeBarsParquet,
} from '../../../src/data/parquet/index.js';
import { generateSynthBars } from '../../../src/data/synth/bars.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-pq-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 2020-01-02 14:30, 14:31, ... UTC, prices around 100.00 at tick 0.01.
const good = (): BarTable =>
  sliceBarTable(
    generateSynthBars({
      symbols: ['X'],
      bars: 5,
      freq: '1m',
      start: '2020-01-02',
      seed: 2,
      startPrice: 100,
    })[0]!,
  );

function dataError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e, 'a bad file raises DataError, not another exception').toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  throw new Error('expected a DataError');
}

const TS_EL: SchemaElement = {
  name: 'ts',
  type: 'INT64',
  repetition_type: 'REQUIRED',
  logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'NANOS' },
};
const NS = BigInt64Array.from([1577975400000000000n, 1577975460000000000n, 1577975520000000000n]);

function writeRaw(name: string, columns: { el: SchemaElement; data: ArrayLike<unknown> }[]): string {
  const file = join(dir, name);
  parquetWriteFile({
    filename: file,
    schema: [{ name: 'root', num_children: columns.length }, ...columns.map((c) => c.el)],
    columnData: columns.map((c) => ({ name: c.el.name, data: c.data as never })),
    kvMetadata: [
      { key: 'hindsight.tick', value: '0.01' },
      { key: 'hindsight.symbol', value: 'X' },
    ],
  });
  return file;
}
const i64 = (name: string): SchemaElement => ({ name, type: 'INT64', repetition_type: 'REQUIRED' });
const f64 = (name: string): SchemaElement => ({ name, type: 'DOUBLE', repetition_type: 'REQUIRED' });
const ticks = BigInt64Array.from([10000n, 10001n, 10002n]);
const vols = Float64Array.from([1, 2, 3]);

describe('readBarsParquet rejects bad files with a message naming file, row, column and value', () => {
  it('not a Parquet file', () => {
    const file = join(dir, 'text.parquet');
    writeFileSync(file, 'ts,open,high,low,close,volume\n1,2,3,4,5,6\n');
    expect(dataError(() => readBarsParquet(file))).toBe(`${file}: not a Parquet file: no PAR1 magic bytes`);
  });

  it('missing column', () => {
    const file = writeRaw('missing.parquet', [
      { el: TS_EL, data: NS },
      ...['open', 'high', 'low'].map((c) => ({ el: i64(c), data: ticks })),
      { el: f64('volume'), data: vols },
    ]);
    expect(dataError(() => readBarsParquet(file))).toBe(
      `${file}: field "close": missing column (columns: ts, open, high, low, volume)`,
    );
  });

  it('wrong column type', () => {
    const file = writeRaw('wrongtype.parquet', [
      { el: f64('ts'), data: Float64Array.from([1, 2, 3]) },
      ...['open', 'high', 'low', 'close'].map((c) => ({ el: i64(c), data: ticks })),
      { el: f64('volume'), data: vols },
    ]);
    expect(dataError(() => readBarsParquet(file))).toBe(
      `${file}: field "ts": wrong column type: expected int64 TIMESTAMP (value "DOUBLE")`,
    );
  });

  it('a double price that is not a whole number of ticks', () => {
    const px = Float64Array.from([100, 100.01, 100.015]);
    const file = writeRaw('offgrid.parquet', [
      { el: TS_EL, data: NS },
      ...['open', 'high', 'low', 'close'].map((c) => ({ el: f64(c), data: px })),
      { el: f64('volume'), data: vols },
    ]);
    expect(dataError(() => readBarsParquet(file))).toBe(
      `${file}:3: field "open": row group 0: price is not a whole number of ticks of 0.01 (value "100.015")`,
    );
  });

  it('double prices on the grid read as ticks', () => {
    const px = Float64Array.from([100, 100.01, 100.07]);
    const file = writeRaw('ongrid.parquet', [
      { el: TS_EL, data: NS },
      ...['open', 'high', 'low', 'close'].map((c) => ({ el: f64(c), data: px })),
      { el: f64('volume'), data: vols },
    ]);
    const [t] = readBarsParquet(file);
    expect(Array.from(t!.close)).toEqual([10000, 10001, 10007]);
    expect(t!.symbol).toBe('X');
  });

  it('NaN volume', () => {
    const t = good();
    t.volume[1] = NaN;
    const file = join(dir, 'nan.parquet');
    writeBarsParquet(file, [t]);
    expect(dataError(() => readBarsParquet(file))).toBe(
      `${file}:2: field "volume": row group 0: volume is NaN (value "NaN")`,
    );
  });

  it('non-increasing time, in the second row group', () => {
    const t = good();
    t.tsSec[3] = t.tsSec[2]!;
    const file = join(dir, 'back.parquet');
    writeBarsParquet(file, [t], { rowGroupSize: 3 });
    expect(dataError(() => readBarsParquet(file))).toBe(
      `${file}:4: field "ts": row group 1: duplicate timestamp for symbol "X" (value "2020-01-02T14:32:00Z")`,
    );
    t.tsSec[3] = t.tsSec[0]!;
    writeBarsParquet(file, [t], { rowGroupSize: 3 });
    expect(dataError(() => readBarsParquet(file))).toBe(
      `${file}:4: field "ts": row group 1: timestamp goes back in time for symbol "X" (previous row is at 2020-01-02T14:32:00Z) (value "2020-01-02T14:30:00Z")`,
    );
  });

  it('high below low', () => {
    const t = good();
    t.high[4] = t.low[4]! - 1;
    const file = join(dir, 'hilo.parquet');
    writeBarsParquet(file, [t]);
    expect(dataError(() => readBarsParquet(file))).toBe(
      `${file}:5: field "high": row group 0: high is below low ${t.low[4]} (ticks) (value "${t.high[4]}")`,
    );
  });

  it('no tick size anywhere', () => {
    const file = join(dir, 'notick.parquet');
    parquetWriteFile({
      filename: file,
      schema: [
        { name: 'root', num_children: 6 },
        TS_EL,
        ...['open', 'high', 'low', 'close'].map(i64),
        f64('volume'),
      ],
      columnData: [
        { name: 'ts', data: NS },
        ...['open', 'high', 'low', 'close'].map((name) => ({ name, data: ticks })),
        { name: 'volume', data: vols },
      ],
    });
    expect(dataError(() => readBarsParquet(file, { symbol: 'Q' }))).toBe(
      `${file}: field "hindsight.tick": no tick size for symbol "Q": the file has no hindsight.tick metadata (pass the tick option)`,
    );
    const [t] = readBarsParquet(file, { symbol: 'Q', tick: { units: 5, scale: 1 } });
    expect([t!.symbol, t!.tick, Array.from(t!.open)]).toEqual([
      'Q',
      { units: 5, scale: 1 },
      [10000, 10001, 10002],
    ]);
  });
});

describe('readBarsArrow rejects bad files', () => {
  it('not an Arrow file', () => {
    const file = join(dir, 'text.arrow');
    writeFileSync(file, 'PAR1 not arrow at all');
    expect(dataError(() => readBarsArrow(file))).toBe(
      `${file}: not an Arrow IPC file or stream (no ARROW1 magic or stream marker)`,
    );
  });

  it('a truncated file', () => {
    const file = join(dir, 'trunc.arrow');
    writeBarsArrow(file, [good()], { format: 'file' });
    writeFileSync(file, Buffer.from('ARROW1\0\0\x05\0\0\0'));
    expect(dataError(() => readBarsArrow(file))).toMatch(new RegExp(`^${file}: corrupt Arrow IPC data: `));
  });

  it('NaN volume and non-increasing time name the record batch and row', () => {
    const a = good();
    const b = good();
    b.symbol = 'Y';
    b.volume[2] = NaN;
    const file = join(dir, 'nan.arrow');
    writeBarsArrow(file, [a, b], { format: 'stream' });
    expect(dataError(() => readBarsArrow(file))).toBe(
      `${file}:8: field "volume": record batch 1: volume is NaN (value "NaN")`,
    );
    b.volume[2] = 1;
    b.tsNsec[4] = 0;
    b.tsSec[4] = b.tsSec[3]! - 1;
    writeBarsArrow(file, [a, b], { format: 'file' });
    expect(dataError(() => readBarsArrow(file))).toBe(
      `${file}:10: field "ts": record batch 1: timestamp goes back in time for symbol "Y" (previous row is at 2020-01-02T14:33:00Z) (value "2020-01-02T14:32:59Z")`,
    );
  });
});
