// The trades CSV writes average prices as digits straight into its buffer (vwapUnits + putScaled); that
// must give exactly formatVwap's text, the reference, for any notional, lots and tick.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatVwap, vwapUnits } from '../../src/analytics/csv-format.js';
import { putScaled } from '../../src/analytics/csv-sink.js';
import { Instrument } from '../../src/core/instrument.js';

const TICKS = ['1', '0.5', '0.25', '0.01', '0.005', '0.0001'];

describe('vwapUnits', () => {
  it('written by putScaled equals formatVwap', () => {
    const buf = new Uint8Array(64);
    fc.assert(
      fc.property(
        fc.constantFrom(...TICKS),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (tickSize, lots, avgTicks, extra) => {
          const inst = new Instrument(0, { symbol: 'X', tickSize });
          const notional = avgTicks * lots + (extra % lots);
          const units = vwapUnits(inst, notional, lots);
          const want = formatVwap(inst, notional, lots);
          if (units === null) return; // formatVwap's BigInt path writes the text itself
          const end = putScaled(buf, 0, units, inst.tick.scale + 6);
          expect(Buffer.from(buf.subarray(0, end)).toString('latin1')).toBe(want);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
