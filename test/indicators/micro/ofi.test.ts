import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OFI, ofiBatch, TimedOFI, timedOfiBatch } from '../../../src/indicators/micro/ofi.js';
import { indicatorContract } from '../contract-suite.js';
import { quoteStream } from './gen.js';

const quotes = quoteStream(3000, 3);
const L1 = ['bidPx', 'bidSz', 'askPx', 'askSz'] as const;

indicatorContract({
  name: 'OFI(20)',
  make: () => new OFI(20),
  warmup: 21,
  update: (ind, c, i) => ind.update(c.bidPx![i]!, c.bidSz![i]!, c.askPx![i]!, c.askSz![i]!),
  batch: (c) => ({ value: ofiBatch(c.bidPx!, c.bidSz!, c.askPx!, c.askSz!, 20) }),
  fields: L1,
  data: quotes,
});

indicatorContract({
  name: 'TimedOFI(5 s)',
  make: () => new TimedOFI(5, 4),
  warmup: 2,
  update: (ind, c, i) => ind.update(c.ts![i]!, c.bidPx![i]!, c.bidSz![i]!, c.askPx![i]!, c.askSz![i]!),
  batch: (c) => ({ value: timedOfiBatch(c.ts!, c.bidPx!, c.bidSz!, c.askPx!, c.askSz!, 5) }),
  fields: ['ts', ...L1],
  data: quotes,
});

// Six quotes (bidPx, bidSz, askPx, askSz) and their e_n by hand (CKS 2014, eq. 10):
//   q0 100×10 / 101×5
//   q1 100×12 / 101×5   bid same: 12 − 10 = +2; ask same: −5 + 5 = 0           e1 = +2
//   q2 101×3  / 102×4   bid up: +3;             ask up: +5 (old ask size)      e2 = +8
//   q3 101×1  / 102×9   bid same: 1 − 3 = −2;   ask same: −9 + 4 = −5          e3 = −7
//   q4 100×7  / 101×2   bid down: −1 (old);     ask down: −2 (new ask size)    e4 = −3
//   q5 99×4   / 100×6   bid down: −7;           ask down: −6                   e5 = −13
// OFI(3): after q3 e1+e2+e3 = 3, after q4 e2+e3+e4 = −2, after q5 e3+e4+e5 = −23.
const HAND = [
  [100, 10, 101, 5],
  [100, 12, 101, 5],
  [101, 3, 102, 4],
  [101, 1, 102, 9],
  [100, 7, 101, 2],
  [99, 4, 100, 6],
] as const;

describe('OFI, hand-computed', () => {
  it('sums e_n over the last 3 events of a 5-event sequence', () => {
    const ind = new OFI(3);
    const got = HAND.map(([bp, bs, ap, as]) => ind.update(bp, bs, ap, as));
    expect(got, 'NaN until 3 events, then 3, −2, −23').toEqual([NaN, NaN, NaN, 3, -2, -23]);
  });

  it('over a time window sums the events in (t − W, t]', () => {
    const ts = [0, 1, 2, 3, 4, 5];
    const wide = new TimedOFI(2.5);
    const tight = new TimedOFI(2);
    const a: number[] = [];
    const b: number[] = [];
    HAND.forEach(([bp, bs, ap, as], i) => {
      a.push(wide.update(ts[i]!, bp, bs, ap, as));
      b.push(tight.update(ts[i]!, bp, bs, ap, as));
    });
    // W = 2.5: t=2 → e1+e2 = 10; t=5 → e3+e4+e5 = −23. W = 2: the event at exactly t − W is out.
    expect(a, 'W = 2.5 s').toEqual([NaN, 2, 10, 3, -2, -23]);
    expect(b, 'W = 2 s').toEqual([NaN, 2, 10, 1, -10, -16]);
  });

  it('treats an emptied side as a price move away and its return as an improvement', () => {
    const ind = new OFI(1);
    ind.update(100, 7, 101, 2);
    expect(ind.update(NaN, 0, 101, 2), 'bid side empties: −7').toBe(-7);
    expect(ind.update(99, 4, 101, 2), 'bid returns: +4').toBe(4);
    expect(ind.update(99, 4, NaN, 0), 'ask side empties: + old ask size 2').toBe(2);
    expect(() => ind.update(NaN, 3, 101, 2), 'NaN price with a size is rejected').toThrow(/"bidPx"/);
    expect(() => ind.update(99, -1, 101, 2), 'negative size is rejected').toThrow(/"bidSz" must be >= 0/);
  });

  it('rejects time going backwards and keeps its state', () => {
    const ind = new TimedOFI(10);
    ind.update(5, 100, 1, 101, 1);
    ind.update(6, 100, 3, 101, 1);
    expect(() => ind.update(5.5, 100, 1, 101, 1)).toThrow(/"ts" must not be before/);
    expect(ind.value, 'unchanged').toBe(2);
  });

  it('equals a from-scratch recomputation on random quote sequences (property)', () => {
    const quote = fc.record({
      bid: fc.integer({ min: 95, max: 100 }),
      spread: fc.integer({ min: 1, max: 3 }),
      bidSz: fc.integer({ min: 0, max: 50 }),
      askSz: fc.integer({ min: 0, max: 50 }),
      bidEmpty: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(quote, { minLength: 2, maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        (qs, n) => {
          const rows = qs.map((q) => ({
            bp: q.bidEmpty ? NaN : q.bid,
            bs: q.bidEmpty ? 0 : q.bidSz,
            ap: q.bid + q.spread,
            as: q.askSz,
          }));
          const ind = new OFI(n);
          const es: number[] = [];
          for (let i = 0; i < rows.length; i++) {
            const r = rows[i]!;
            const got = ind.update(r.bp, r.bs, r.ap, r.as);
            if (i > 0) {
              const p = rows[i - 1]!;
              const pb = (x: number): number => (Number.isNaN(x) ? -Infinity : x);
              let e = 0;
              if (pb(r.bp) >= pb(p.bp)) e += r.bs;
              if (pb(r.bp) <= pb(p.bp)) e -= p.bs;
              if (r.ap <= p.ap) e -= r.as;
              if (r.ap >= p.ap) e += p.as;
              es.push(e);
            }
            const want = es.length >= n ? es.slice(-n).reduce((s, x) => s + x, 0) : NaN;
            if (!Object.is(got, want)) return false;
          }
          return true;
        },
      ),
    );
  });
});
