import { describe, expect, it } from 'vitest';
import { MultiLevelOFI, multiLevelOfiBatch } from '../../../src/indicators/micro/mlofi.js';
import { OFI } from '../../../src/indicators/micro/ofi.js';
import { indicatorContract, type Columns } from '../contract-suite.js';
import { bookFieldNames, bookStream, rowMajor } from './gen.js';

const LEVELS = 3;
const book = bookStream(1200, 5);
const scratch = {
  bidPx: new Float64Array(LEVELS),
  bidSz: new Float64Array(LEVELS),
  askPx: new Float64Array(LEVELS),
  askSz: new Float64Array(LEVELS),
};
function feed(ind: MultiLevelOFI, c: Columns, i: number): void {
  for (const f of ['bidPx', 'bidSz', 'askPx', 'askSz'] as const)
    for (let m = 0; m < LEVELS; m++) scratch[f][m] = c[`${f}[${m}]`]![i]!;
  ind.update(scratch.bidPx, scratch.bidSz, scratch.askPx, scratch.askSz);
}

indicatorContract({
  name: `MultiLevelOFI(${LEVELS} levels, 10 events) over MBP-10 rows`,
  make: () => new MultiLevelOFI(LEVELS, 10),
  warmup: 11,
  update: feed,
  batch: (c) =>
    multiLevelOfiBatch(
      rowMajor(c, 'bidPx', 10),
      rowMajor(c, 'bidSz', 10),
      rowMajor(c, 'askPx', 10),
      rowMajor(c, 'askSz', 10),
      LEVELS,
      10,
      10,
    ),
  fields: bookFieldNames(LEVELS),
  data: book,
});

describe('multi-level OFI, hand-computed', () => {
  // Two levels, window of 2 snapshots (level: bidPx×bidSz / askPx×askSz):
  //   s0 L0 100×10 / 101×5    L1 99×20 / 102×8
  //   s1 L0 100×12 / 101×5    L1 99×15 / 102×10   e0 = +2 (as in OFI);  e1 = (15 − 20) + (−10 + 8) = −7
  //   s2 L0 101×3  / 102×4    L1 100×12 / 103×6   e0 = 3 + 5 = +8;      e1 = +12 (bid up) + 10 (ask up) = +22
  // After s2: ofi0 = 2 + 8 = 10, ofi1 = −7 + 22 = 15, total 25.
  const stride = 10;
  const rows = [
    [
      [100, 99],
      [10, 20],
      [101, 102],
      [5, 8],
    ],
    [
      [100, 99],
      [12, 15],
      [101, 102],
      [5, 10],
    ],
    [
      [101, 100],
      [3, 12],
      [102, 103],
      [4, 6],
    ],
  ];
  const cols = [0, 1, 2, 3].map((f) => {
    const a = new Float64Array(rows.length * stride).fill(NaN);
    rows.forEach((r, i) => a.set(r[f]!, i * stride));
    return a;
  });

  it('gives each level its own OFI and their sum as the value', () => {
    const ind = new MultiLevelOFI(2, 2);
    const [bp, bs, ap, as] = cols as [Float64Array, Float64Array, Float64Array, Float64Array];
    expect(ind.update(bp, bs, ap, as, 0)).toBeNaN();
    expect(ind.update(bp, bs, ap, as, stride), 'one event: not warm').toBeNaN();
    expect(ind.update(bp, bs, ap, as, 2 * stride), 'total').toBe(25);
    expect([ind.ofi0, ind.ofi1], 'per level').toEqual([10, 15]);
    expect(ind.level(1)).toBe(15);
    const batch = multiLevelOfiBatch(bp, bs, ap, as, 2, 2, stride);
    expect([batch.total![2], batch.ofi0![2], batch.ofi1![2]], 'batch twin').toEqual([25, 10, 15]);
  });

  it('level 0 equals the L1 OFI', () => {
    const ml = new MultiLevelOFI(LEVELS, 7);
    const l1 = new OFI(7);
    for (let i = 0; i < 300; i++) {
      feed(ml, book, i);
      l1.update(book['bidPx[0]']![i]!, book['bidSz[0]']![i]!, book['askPx[0]']![i]!, book['askSz[0]']![i]!);
      if (!Object.is(ml.ofi0, l1.value)) expect.fail(`snapshot ${i}: ofi0 ${ml.ofi0} != OFI ${l1.value}`);
    }
  });

  it('accepts empty deep levels (size 0, NaN price) and rejects a NaN price with size', () => {
    const ind = new MultiLevelOFI(2, 1);
    ind.update([100, 99], [5, 6], [101, 102], [5, 6]);
    expect(ind.update([100, NaN], [5, 0], [101, 102], [5, 6]), 'level 1 bid emptied: −6').toBe(-6);
    expect(() => ind.update([100, NaN], [5, 2], [101, 102], [5, 6])).toThrow(/"bidPx\[1\]"/);
    expect(ind.ofi1, 'state unchanged after the rejection').toBe(-6);
  });
});
