/** fast-check arbitraries of valid BarTables for the Parquet/Arrow round-trip tests. */
import fc from 'fast-check';
import type { Scaled } from '../../../src/core/decimal.js';
import { tsFromBigInt } from '../../../src/core/time.js';
import type { BarTable } from '../../../src/data/bars.js';

export const TICKS: Scaled[] = [
  { units: 1, scale: 2 },
  { units: 25, scale: 2 },
  { units: 1, scale: 6 },
];

/** Max int64 nanoseconds: 2262-04-11T23:47:16.854775807Z. */
const MAX_NS = 2n ** 63n - 1n;

const row = fc
  .record({
    low: fc.integer({ min: 1, max: 2 ** 40 }),
    span: fc.integer({ min: 0, max: 2 ** 20 }),
    o: fc.double({ min: 0, max: 1, noNaN: true }),
    c: fc.double({ min: 0, max: 1, noNaN: true }),
    volume: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 1e9 }),
      fc.double({ min: 0, max: 1e12, noNaN: true }),
    ),
  })
  .map(({ low, span, o, c, volume }) => ({
    low,
    high: low + span,
    open: low + Math.floor(o * span),
    close: low + Math.floor(c * span),
    volume: volume + 0,
  }));

export function tableArb(symbol: string, maxRows = 40): fc.Arbitrary<BarTable> {
  return fc
    .record({
      tick: fc.constantFrom(...TICKS),
      // Strictly increasing instants across 1970..2262, some 1 ns apart.
      times: fc.uniqueArray(
        fc.oneof(
          fc.bigInt({ min: 0n, max: MAX_NS }),
          fc.bigInt({ min: 1_577_836_800_000_000_000n, max: 1_577_836_800_000_000_100n }),
        ),
        { minLength: 1, maxLength: maxRows },
      ),
      rows: fc.array(row, { minLength: maxRows, maxLength: maxRows }),
    })
    .map(({ tick, times, rows }) => {
      const ts = [...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const n = ts.length;
      const t: BarTable = {
        symbol,
        tick,
        length: n,
        tsSec: new Float64Array(n),
        tsNsec: new Uint32Array(n),
        open: new Float64Array(n),
        high: new Float64Array(n),
        low: new Float64Array(n),
        close: new Float64Array(n),
        volume: new Float64Array(n),
      };
      for (let i = 0; i < n; i++) {
        const { sec, nsec } = tsFromBigInt(ts[i]!);
        t.tsSec[i] = sec;
        t.tsNsec[i] = nsec;
        const r = rows[i]!;
        t.open[i] = r.open;
        t.high[i] = r.high;
        t.low[i] = r.low;
        t.close[i] = r.close;
        t.volume[i] = r.volume;
      }
      return t;
    });
}

export const tablesArb: fc.Arbitrary<BarTable[]> = fc
  .uniqueArray(fc.stringMatching(/^[A-Z][A-Z0-9.]{0,7}$/), { minLength: 1, maxLength: 4 })
  .chain((syms) => fc.tuple(...syms.map((s) => tableArb(s))));

/** Plain-array view of a table for toEqual comparisons. */
export function plain(t: BarTable): Record<string, unknown> {
  return {
    symbol: t.symbol,
    tick: t.tick,
    length: t.length,
    tsSec: Array.from(t.tsSec.subarray(0, t.length)),
    tsNsec: Array.from(t.tsNsec.subarray(0, t.length)),
    open: Array.from(t.open.subarray(0, t.length)),
    high: Array.from(t.high.subarray(0, t.length)),
    low: Array.from(t.low.subarray(0, t.length)),
    close: Array.from(t.close.subarray(0, t.length)),
    volume: Array.from(t.volume.subarray(0, t.length)),
  };
}
