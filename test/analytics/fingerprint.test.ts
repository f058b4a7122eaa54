import type { FillRecord } from '../../src/exec/fill.js';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Instrument } from '../../src/core/instrument.js';
import { fingerprint } from '../../src/analytics/fingerprint.js';
import type { RunRecord } from '../../src/analytics/run-record.js';
import { baseRun, curve, tinyRun } from './fixtures.js';

function withFill(run: RunRecord, i: number, change: Partial<FillRecord>): RunRecord {
  const fills = Array.from(run.fills).map((f, j) => (j === i ? { ...f, ...change } : f));
  return { ...run, fills };
}

describe('fingerprint', () => {
  it('is a SHA-256 hex digest that repeats for the same record and for an equal copy', () => {
    const a = fingerprint(tinyRun());
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint(tinyRun())).toBe(a);
    const copy = structuredClone(tinyRun());
    copy.instruments = tinyRun().instruments;
    expect(fingerprint(copy)).toBe(a);
  });

  it('changes with a one-tick change, or any other field, of one fill', () => {
    const run = tinyRun();
    const base = fingerprint(run);
    const variants = [
      withFill(run, 2, { priceTicks: run.fills.at(2)!.priceTicks + 1 }),
      withFill(run, 2, { lots: 101 }),
      withFill(run, 2, { feeUnits: 10_001 }),
      withFill(run, 2, { tsNsec: 1 }),
      withFill(run, 2, { tsSec: run.fills.at(2)!.tsSec + 1 }),
      withFill(run, 2, { orderId: 33 }),
      withFill(run, 2, { side: 1 }),
      withFill(run, 2, { strategyIndex: 1 }),
      withFill(run, 2, { instrumentId: 1 }),
      withFill(run, 2, { liquidity: 'maker' }),
      { ...run, fills: Array.from(run.fills).slice(0, 4) },
      { ...run, fills: [run.fills.at(1)!, run.fills.at(0)!, ...Array.from(run.fills).slice(2)] },
      { ...run, finalCashUnits: run.finalCashUnits + 1 },
      {
        ...run,
        openPositions: [{ strategyIndex: 0, instrumentId: 1, lots: 2, markTicks: 16, unrealizedUnits: 0 }],
      },
      { ...run, equity: curve([[1, 0, 5]]) },
    ];
    const hashes = variants.map((v) => fingerprint(v));
    for (const [i, h] of hashes.entries()) expect(h, `variant ${i}`).not.toBe(base);
    expect(new Set(hashes).size, 'all variants differ from each other').toBe(hashes.length);
  });

  it('ignores wall-clock and descriptive figures', () => {
    const run = tinyRun();
    const base = fingerprint(run);
    expect(
      fingerprint({ ...run, loopSeconds: 123, events: 99, config: { other: true }, dataSources: [] }),
    ).toBe(base);
    // −0 and 0 are the same fee
    const zeroFee = withFill(run, 3, { feeUnits: -0 });
    expect(fingerprint(zeroFee)).toBe(base);
  });

  it('hashes the documented byte layout', () => {
    const inst = new Instrument(3, { symbol: 'Z' });
    const run = baseRun({
      instruments: [inst],
      fills: [
        {
          tsSec: 10,
          tsNsec: 20,
          strategyIndex: 1,
          instrumentId: 3,
          orderId: 7,
          side: -1,
          lots: 4,
          priceTicks: 250,
          feeUnits: 3,
          liquidity: 'maker',
        },
      ],
      finalCashUnits: 1000,
      openPositions: [{ strategyIndex: 1, instrumentId: 3, lots: -4, markTicks: 251, unrealizedUnits: -4 }],
      equity: curve([[10, 20, 996]]),
    });
    const parts: Buffer[] = [Buffer.from('hindsight-fp-v1\0')];
    const f64 = (x: number) => {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(x);
      parts.push(b);
    };
    const u32 = (x: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(x);
      parts.push(b);
    };
    u32(1);
    f64(10);
    u32(20);
    u32(1);
    parts.push(Buffer.from('Z'));
    u32(1);
    f64(7);
    parts.push(Buffer.from([0xff]));
    f64(4);
    f64(250);
    f64(3);
    parts.push(Buffer.from([0]));
    f64(1000);
    u32(1);
    u32(1);
    u32(1);
    parts.push(Buffer.from('Z'));
    f64(-4);
    f64(251);
    f64(-4);
    parts.push(Buffer.from([1]));
    f64(996);
    expect(fingerprint(run)).toBe(createHash('sha256').update(Buffer.concat(parts)).digest('hex'));
  });

  it('names an unknown instrument id', () => {
    const run = tinyRun();
    expect(() => fingerprint(withFill(run, 0, { instrumentId: 9 }))).toThrow(/instrument id 9/);
  });

  it('hashes thousands of fills, across many buffer flushes, as one contiguous encoding would', () => {
    const a = new Instrument(1, { symbol: 'A' });
    const b = new Instrument(2, { symbol: 'LONGER.SYMBOL' });
    const fills = Array.from({ length: 5000 }, (_, i) => ({
      tsSec: 1_700_000_000 + i,
      tsNsec: (i * 7919) % 1e9,
      strategyIndex: i % 3,
      instrumentId: i % 2 === 0 ? 1 : 2,
      orderId: 1 + (i >> 1),
      side: (i % 4 < 2 ? 1 : -1) as 1 | -1,
      lots: 1 + (i % 17),
      priceTicks: 10_000 + ((i * 31) % 977),
      feeUnits: i % 5 === 0 ? -0 : i,
      liquidity: (i % 3 === 0 ? 'taker' : 'maker') as 'maker' | 'taker',
    }));
    const run = baseRun({
      instruments: [a, b],
      fills,
      finalCashUnits: 123,
      openPositions: [{ strategyIndex: 0, instrumentId: 2, lots: 3, markTicks: 10_500, unrealizedUnits: 9 }],
      equity: curve([[1, 0, 77]]),
    });
    const parts: Buffer[] = [Buffer.from('hindsight-fp-v1\0')];
    const num = (write: (b: Buffer) => void, size: number) => {
      const buf = Buffer.alloc(size);
      write(buf);
      parts.push(buf);
    };
    const f64 = (x: number) => num((buf) => buf.writeDoubleLE(x + 0), 8);
    const u32 = (x: number) => num((buf) => buf.writeUInt32LE(x), 4);
    const sym = (id: number) => Buffer.from(id === 1 ? 'A' : 'LONGER.SYMBOL');
    u32(fills.length);
    for (const f of fills) {
      f64(f.tsSec);
      u32(f.tsNsec);
      u32(sym(f.instrumentId).length);
      parts.push(sym(f.instrumentId));
      u32(f.strategyIndex);
      f64(f.orderId);
      num((buf) => buf.writeInt8(f.side), 1);
      f64(f.lots);
      f64(f.priceTicks);
      f64(f.feeUnits);
      parts.push(Buffer.from([f.liquidity === 'maker' ? 0 : 1]));
    }
    f64(123);
    u32(1);
    u32(0);
    u32(13);
    parts.push(sym(2));
    f64(3);
    f64(10_500);
    f64(9);
    parts.push(Buffer.from([1]));
    f64(77);
    const bytes = Buffer.concat(parts);
    expect(bytes.length).toBeGreaterThan(4 * 65_536);
    expect(fingerprint(run)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
