// Timestamp and 64-bit codecs against a BigInt reference, at second boundaries and range ends.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { dI64, dTs } from '../../../src/data/dbn/fields.js';
import { eI64, eTs } from '../../../src/data/dbn/fields-encode.js';

describe('DBN field codecs', () => {
  it('u64 nanoseconds <-> (sec, nsec) exactly, including second boundaries and the largest value', () => {
    const rng = new Rng(9);
    const secs = [0, 1, 1609160400, 18446744072, 18446744073];
    for (let i = 0; i < 2000; i++) secs.push(rng.int(18446744073));
    const dv = new DataView(new ArrayBuffer(8));
    const sec = new Float64Array(1);
    const nsec = new Uint32Array(1);
    for (const s of secs)
      for (const n of [0, 1, 499999999, 999999999]) {
        const ns = BigInt(s) * 1_000_000_000n + BigInt(n);
        if (ns >= 0xffffffffffffffffn) continue;
        dv.setBigUint64(0, ns, true);
        dTs(dv, 0, 8, 1, sec, nsec, 0);
        expect([sec[0], nsec[0]], `decode ${ns}`).toEqual([s, n]);
        dv.setBigUint64(0, 0n, true);
        expect(eTs(dv, 0, 8, 1, sec, nsec, 0)).toBe(-1);
        expect(dv.getBigUint64(0, true), `encode ${ns}`).toBe(ns);
      }
  });

  it('i64: exact doubles round-trip, i64::MAX is NaN, non-representable values are reported', () => {
    const dv = new DataView(new ArrayBuffer(8));
    const col = new Float64Array(1);
    for (const v of [0n, -1n, 2n ** 53n, -(2n ** 53n), 9999900000000000n, -(2n ** 63n), 2n ** 62n]) {
      dv.setBigInt64(0, v, true);
      expect(dI64(dv, 0, 8, 1, col, 0, 1)).toBe(-1);
      expect(col[0]).toBe(Number(v));
      dv.setBigInt64(0, 0n, true);
      expect(eI64(dv, 0, 8, 1, col, 0, 1)).toBe(-1);
      expect(dv.getBigInt64(0, true)).toBe(v);
    }
    dv.setBigInt64(0, 2n ** 63n - 1n, true);
    expect(dI64(dv, 0, 8, 1, col, 0, 1)).toBe(-1);
    expect(col[0]).toBeNaN();
    dv.setBigInt64(0, 2n ** 53n + 1n, true);
    expect(dI64(dv, 0, 8, 1, col, 0, 1)).toBe(0);
  });
});
