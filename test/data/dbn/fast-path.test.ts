// The hand-written decoders (fast-decoders.ts) must agree with the generic field-by-field decoder on every
// input: on valid tables, and on records of random bytes (where both must give the same columns or the
// same DataError).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../../src/core/rng.js';
import { readDbn } from '../../../src/data/dbn/read.js';
import { encodeDbn } from '../../../src/data/dbn/writer.js';
import { layoutsFor } from '../../../src/data/dbn/layouts.js';
import { expectSameTable, randomTable } from './helpers.js';

const FAST = layoutsFor(3)
  .map((l, rtype) => ({ l, rtype }))
  .filter((x) => x.l?.fast);

function outcome(bytes: Uint8Array, genericOnly: boolean): { tables?: any; error?: string } {
  try {
    return { tables: readDbn(bytes, { version: 3, genericOnly }).tables };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('fast decoders agree with the generic decoder', () => {
  it('covers MBO, trades, MBP-1 and the OHLCV record types', () => {
    expect(FAST.map((x) => x.l!.name)).toEqual([
      'TradeMsg',
      'Mbp1Msg',
      'OhlcvMsg',
      'OhlcvMsg',
      'OhlcvMsg',
      'OhlcvMsg',
      'OhlcvMsg',
      'OhlcvMsg',
      'MboMsg',
    ]);
  });

  for (const kind of ['mbo', 'trades', 'quotes', 'ohlcv'] as const)
    it(`${kind}: random valid tables`, () => {
      fc.assert(
        fc.property(fc.integer(), fc.integer({ min: 1, max: 60 }), (seed, rows) => {
          const bytes = encodeDbn({ tables: [randomTable(3, kind, rows, seed)] });
          const fast = readDbn(bytes).tables[kind];
          expectSameTable(readDbn(bytes, { genericOnly: true }).tables[kind], fast, kind);
        }),
        { numRuns: 60 },
      );
    });

  it('random record bytes (prices often beyond 2^53): same tables or the same error', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = new Rng(seed);
        const parts: Uint8Array[] = [];
        for (let i = 0; i < 20; i++) {
          const { l, rtype } = FAST[rng.int(FAST.length)]!;
          const rec = new Uint8Array(l!.size);
          for (let j = 0; j < rec.length; j++) rec[j] = rng.int(256);
          // Keep most 64-bit values small so that many records decode rather than fail.
          if (rng.int(3) > 0) for (let j = 7; j < rec.length; j += 8) rec[j] = rng.int(2) ? 0 : 0xff;
          rec[0] = l!.size / 4;
          rec[1] = rtype;
          parts.push(rec);
        }
        const bytes = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
        let at = 0;
        for (const p of parts) {
          bytes.set(p, at);
          at += p.length;
        }
        const a = outcome(bytes, false);
        const b = outcome(bytes, true);
        expect(a.error).toBe(b.error);
        if (!a.error) for (const k of Object.keys(b.tables)) expectSameTable(b.tables[k], a.tables[k], k);
      }),
      { numRuns: 200 },
    );
  });
});
