// validateTicks: each rule on hand-built tables (strict message, lenient counts / rejected rows / filtered
// table), the synthetic MBO generator's output (must be clean) and the shared Databento MBO sample.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { generateSynthMbo } from '../../../src/data/dbn/synth-mbo.js';
import { readDbn } from '../../../src/data/dbn/read.js';
import { UNDEF_SIZE } from '../../../src/data/schemas.js';
import { validateTicks } from '../../../src/data/ticks/validate.js';
import { mbo, quotes, trades } from './helpers.js';

const T0 = 1_704_205_800;
const zero = {
  nullValue: 0,
  timeBack: 0,
  crossedQuote: 0,
  lockedQuote: 0,
  unknownOrder: 0,
  duplicateOrder: 0,
  crossedBook: 0,
  sequenceGap: 0,
};

describe('trades and quotes', () => {
  it('nulls and time going back per instrument', () => {
    const t = trades([
      { sec: T0 + 5, price: 100, size: 1, inst: 1 },
      { sec: T0 + 1, price: 100, size: 1, inst: 2 }, // other instrument: fine
      { sec: T0 + 4, price: 100, size: 1, inst: 1 }, // back
      { sec: T0 + 6, price: NaN, size: 1, inst: 1 },
      { sec: T0 + 6, price: 100, size: UNDEF_SIZE, inst: 1 },
      { sec: NaN, price: 100, size: 1, inst: 1 },
      { sec: T0 + 5, price: 101, size: 2, inst: 1 }, // equal to the last accepted row: fine
    ]);
    expect(() => validateTicks(t, 'trades', { file: 't.csv' })).toThrow(
      new DataError(
        { file: 't.csv', row: 3, field: 'ts_event', value: '2024-01-02T14:30:04Z' },
        'timestamp goes back in time (record 1 of instrument 1 is at 2024-01-02T14:30:05Z)',
      ),
    );
    const v = validateTicks(t, 'trades', { mode: 'lenient' });
    expect(v.counts).toEqual({ ...zero, timeBack: 1, nullValue: 3 });
    expect(v.problems).toBe(4);
    expect([...v.rejected]).toEqual([2, 3, 4, 5]);
    expect(v.table.length).toBe(3);
    expect([...v.table.price]).toEqual([100, 100, 101]);
    expect([...v.table.size]).toEqual([1, 1, 2]);
    expect(validateTicks(v.table, 'trades').problems).toBe(0);
  });

  it('crossed quotes are errors, locked quotes warnings', () => {
    const q = quotes([
      { sec: T0, bid: 100, ask: 101 },
      { sec: T0 + 1, bid: 101, ask: 101 },
      { sec: T0 + 2, bid: 102, ask: 101 },
      { sec: T0 + 3, bid: NaN, ask: 101 },
    ]);
    expect(() => validateTicks(q, 'quotes')).toThrow(
      '<quotes>:3: field "bid_px": crossed quote: bid above ask 101 (value "102")',
    );
    const v = validateTicks(q, 'quotes', { mode: 'lenient' });
    expect(v.counts).toEqual({ ...zero, lockedQuote: 1, crossedQuote: 1, nullValue: 1 });
    expect([v.problems, v.warnings]).toEqual([2, 1]);
    expect([...v.rejected]).toEqual([2, 3]);
    expect(v.firstIssues[0]).toBe('<quotes>:2: field "bid_px": locked quote: bid equals ask (value "101")');
    expect(validateTicks(q, 'quotes', { mode: 'lenient', allowOneSided: true }).counts.nullValue).toBe(0);
  });
});

describe('MBO', () => {
  it('cancels, modifies and fills of unknown orders; duplicate adds', () => {
    const t = mbo([
      { id: 1, act: 'A', side: 'B', price: 99, size: 5 },
      { id: 2, act: 'C', side: 'B', price: 99, size: 5 },
      { id: 3, act: 'M', side: 'A', price: 101, size: 5 },
      { id: 4, act: 'F', side: 'A', price: 101, size: 1 },
      { id: 1, act: 'A', side: 'B', price: 98, size: 1 },
      { id: 0, act: 'T', side: 'A', price: 99, size: 2 },
      { id: 1, act: 'F', side: 'B', price: 99, size: 2 },
      { id: 1, act: 'C', side: 'B', price: 99, size: 2 }, // partial cancel: 3 left
      { id: 1, act: 'C', side: 'B', price: 99, size: 3 },
      { id: 1, act: 'C', side: 'B', price: 99, size: 1 }, // gone now
    ]);
    expect(() => validateTicks(t, 'mbo', { file: 'x.dbn' })).toThrow(
      'x.dbn:2: field "order_id": cancel of an unknown order (value "2")',
    );
    const v = validateTicks(t, 'mbo', { mode: 'lenient' });
    expect(v.counts).toEqual({ ...zero, unknownOrder: 4, duplicateOrder: 1 });
    expect([...v.rejected]).toEqual([1, 2, 3, 4, 9]);
    expect(v.firstIssues).toEqual([
      '<mbo>:2: field "order_id": cancel of an unknown order (value "2")',
      '<mbo>:3: field "order_id": modify of an unknown order (value "3")',
      '<mbo>:4: field "order_id": fill of an unknown order (value "4")',
      '<mbo>:5: field "order_id": add of an order id that is already live (value "1")',
      '<mbo>:10: field "order_id": cancel of an unknown order (value "1")',
    ]);
  });

  it('crossed books after a complete event, once per crossing; clear empties the book', () => {
    const t = mbo([
      { id: 1, act: 'A', side: 'B', price: 100, size: 1 },
      { id: 2, act: 'A', side: 'A', price: 100, size: 1, last: false }, // crossed (locked) mid-event: not checked
      { id: 1, act: 'M', side: 'B', price: 99, size: 1 }, // event ends uncrossed
      { id: 3, act: 'A', side: 'B', price: 101, size: 1 }, // crossed
      { id: 4, act: 'A', side: 'B', price: 102, size: 1 }, // still crossed: not counted again
      { id: 3, act: 'C', side: 'B', price: 101, size: 1 },
      { id: 4, act: 'C', side: 'B', price: 102, size: 1 }, // uncrossed
      { id: 5, act: 'A', side: 'A', price: 99, size: 1 }, // crossed again (99 >= 99)
      { id: 0, act: 'R', side: 'N', price: NaN, size: 0 },
      { id: 1, act: 'C', side: 'B', price: 99, size: 1 }, // unknown after the clear
    ]);
    expect(() => validateTicks(t, 'mbo')).toThrow(
      '<mbo>:4: field "price": crossed book after this event: best bid 101 >= best ask 100 (value "101")',
    );
    const v = validateTicks(t, 'mbo', { mode: 'lenient' });
    expect(v.counts).toEqual({ ...zero, crossedBook: 2, unknownOrder: 1 });
    expect([...v.rejected]).toEqual([9]); // a crossed book removes no row
  });

  it('sequence gaps per instrument or channel; nulls', () => {
    const t = mbo([
      { id: 1, act: 'A', side: 'B', price: 99, size: 1, seq: 10, inst: 1 },
      { id: 2, act: 'A', side: 'B', price: 98, size: 1, seq: 10, inst: 1 }, // same message: fine
      { id: 3, act: 'A', side: 'A', price: 101, size: 1, seq: 1, inst: 2 },
      { id: 4, act: 'A', side: 'A', price: 102, size: 1, seq: 13, inst: 1 }, // gap of 2
      { id: 5, act: 'A', side: 'A', price: 103, size: 1, seq: 12, inst: 1 }, // back
      { id: 6, act: 'A', side: 'N', price: 104, size: 1, seq: 13, inst: 1 },
      { id: 7, act: 'A', side: 'A', price: NaN, size: 1, seq: 14, inst: 1 },
    ]);
    expect(() => validateTicks(t, 'mbo')).toThrow(
      '<mbo>:4: field "sequence": sequence gap: 2 missing after 10 (value "13")',
    );
    const v = validateTicks(t, 'mbo', { mode: 'lenient' });
    expect(v.counts).toEqual({ ...zero, sequenceGap: 2, nullValue: 2 });
    expect([...v.rejected]).toEqual([5, 6]);
    // One channel for both instruments: 10, 10, 1 (back), 13 (gap), 12 (back), 13, 14.
    expect(validateTicks(t, 'mbo', { mode: 'lenient', sequence: 'channel' }).counts.sequenceGap).toBe(3);
    expect(validateTicks(t, 'mbo', { mode: 'lenient', sequence: 'none' }).counts.sequenceGap).toBe(0);
  });

  it('the synthetic MBO generator validates clean', () => {
    for (const instruments of [1, 3]) {
      const t = generateSynthMbo({ seed: 11, events: 20_000, instruments });
      const v = validateTicks(t, 'mbo');
      expect(v.counts).toEqual(zero);
      expect(v.table).toBe(t);
    }
  });

  it.skipIf(!existsSync('/work/shared/data/dbn/test_data.mbo.dbn'))(
    'the Databento sample: two cancels of orders placed before the file',
    () => {
      const t = readDbn('/work/shared/data/dbn/test_data.mbo.dbn').tables.mbo!;
      const v = validateTicks(t, 'mbo', { mode: 'lenient', file: 'test_data.mbo.dbn' });
      expect(v.rows).toBe(2);
      expect(v.counts).toEqual({ ...zero, unknownOrder: 2 });
      expect(v.firstIssues[0]).toBe(
        'test_data.mbo.dbn:1: field "order_id": cancel of an unknown order (value "647784973705")',
      );
    },
  );
});
