// L2Book against a naive reference (a Map per side, sorted when compared) over 10^6 random operations:
// level deltas (set, update, remove with size 0, far prices up to 1e12 ticks away), MBP-10 records (each
// side made equal to its 0-10 listed levels, including levels that leave the top ten) and clears. Top of
// book after every operation, the whole book every 250.
import { describe, expect, it } from 'vitest';
import { L2Book } from '../../src/book/l2-book.js';
import { PriceGrid } from '../../src/book/view.js';
import { Rng } from '../../src/core/rng.js';
import { FLAG_LAST, SIDE_ASK, SIDE_BID, newTable } from '../../src/data/schemas.js';

const RAW = 5;

class NaiveL2 {
  sides: [Map<number, [number, number]>, Map<number, [number, number]>] = [new Map(), new Map()];
  sorted(s: 0 | 1): [number, number, number][] {
    return [...this.sides[s]]
      .map(([t, [sz, ct]]) => [t, sz, ct] as [number, number, number])
      .sort((a, b) => (s === 0 ? b[0] - a[0] : a[0] - b[0]));
  }
  top(s: 0 | 1): [number, number, number] {
    let best: [number, number, number] = [NaN, 0, 0];
    for (const [t, [sz, ct]] of this.sides[s])
      if (Number.isNaN(best[0]) || (s === 0 ? t > best[0] : t < best[0])) best = [t, sz, ct];
    return best;
  }
}

function state(b: L2Book, s: 0 | 1): [number, number, number][] {
  const n = s === 0 ? b.bidLevels() : b.askLevels();
  const ticks = new Float64Array(n);
  const sizes = new Float64Array(n);
  const counts = new Float64Array(n);
  b.depth(s === 0 ? SIDE_BID : SIDE_ASK, ticks, sizes, n, counts);
  return Array.from({ length: n }, (_, i) => [ticks[i]!, sizes[i]!, counts[i]!]);
}

describe('L2Book vs naive book (property)', () => {
  it('10^6 random deltas, MBP-10 records and clears: zero divergences', () => {
    const rng = new Rng(7);
    const book = new L2Book({ grid: PriceGrid.ofRaw(RAW), windowTicks: 64 });
    const ref = new NaiveL2();
    const mbp = newTable('mbp10', 1);
    mbp.length = 1;
    let mid = 0;
    let divergence = '';
    const price = (): number => {
      const u = rng.next();
      if (u < 0.03) return mid + (rng.int(2) ? 1 : -1) * (500 + rng.int(1_000_000));
      if (u < 0.035) return mid + (rng.int(2) ? 1 : -1) * 1e12;
      return mid - 40 + rng.int(81);
    };
    const kinds = { delta: 0, remove: 0, mbp: 0, clear: 0 };
    for (let op = 0; op < 1_000_000 && !divergence; op++) {
      if (rng.next() < 0.01) mid += rng.int(2) ? 3 : -3;
      const u = rng.next();
      if (u < 0.0005) {
        kinds.clear++;
        book.clear();
        ref.sides[0].clear();
        ref.sides[1].clear();
      } else if (u < 0.1) {
        kinds.mbp++;
        // A record: per side 0..10 distinct levels, best first, NaN after the last.
        for (const s of [0, 1] as const) {
          const n = rng.next() < 0.1 ? rng.int(10) : 10;
          const set = new Set<number>();
          while (set.size < n) set.add(price());
          const levels = [...set].sort((a, b) => (s === 0 ? b - a : a - b));
          ref.sides[s].clear();
          for (let k = 0; k < 10; k++) {
            const px = s === 0 ? mbp.bidPx : mbp.askPx;
            const sz = s === 0 ? mbp.bidSz : mbp.askSz;
            const ct = s === 0 ? mbp.bidCt : mbp.askCt;
            if (k < n) {
              const size = 1 + rng.int(100);
              const count = 1 + rng.int(9);
              px[k] = levels[k]! * RAW;
              sz[k] = size;
              ct[k] = count;
              ref.sides[s].set(levels[k]!, [size, count]);
            } else {
              px[k] = NaN;
              sz[k] = 0;
              ct[k] = 0;
            }
          }
        }
        mbp.flags[0] = rng.next() < 0.5 ? FLAG_LAST : 0;
        book.applyMbp10(mbp, 0);
        if (book.consistent !== (mbp.flags[0] === FLAG_LAST)) divergence = `op ${op}: consistent`;
      } else {
        const s = rng.int(2) as 0 | 1;
        const existing = [...ref.sides[s].keys()];
        const ticks = existing.length > 0 && rng.next() < 0.5 ? existing[rng.int(existing.length)]! : price();
        const size = rng.next() < 0.3 ? 0 : 1 + rng.int(100);
        const count = 1 + rng.int(9);
        if (size === 0) kinds.remove++;
        else kinds.delta++;
        book.setLevel(s === 0 ? SIDE_BID : SIDE_ASK, ticks, size, count);
        if (size === 0) ref.sides[s].delete(ticks);
        else ref.sides[s].set(ticks, [size, count]);
      }
      for (const s of [0, 1] as const) {
        const want = ref.top(s);
        const got =
          s === 0
            ? [book.bestBidTicks(), book.bestBidSize(), book.bestBidCount()]
            : [book.bestAskTicks(), book.bestAskSize(), book.bestAskCount()];
        if (!Object.is(got[0], want[0]) || got[1] !== want[1] || got[2] !== want[2])
          divergence = `op ${op} side ${s}: top ${got.join(' ')}, want ${want.join(' ')}`;
      }
      if (op % 250 === 0)
        for (const s of [0, 1] as const) {
          const got = JSON.stringify(state(book, s));
          const want = JSON.stringify(ref.sorted(s));
          if (got !== want) divergence = `op ${op} side ${s}: ${got} want ${want}`;
        }
    }
    expect(divergence, 'first divergence from the naive book').toBe('');
    expect(kinds.clear, 'clears exercised').toBeGreaterThan(100);
    expect(kinds.mbp, 'MBP-10 records exercised').toBeGreaterThan(50_000);
    expect(kinds.remove, 'removals exercised').toBeGreaterThan(50_000);
  });

  it('an MBP-10 record with levels out of order is a DataError naming the record and field', () => {
    const b = new L2Book({ grid: PriceGrid.ofRaw(RAW), source: 'x.mbp10' });
    const t = newTable('mbp10', 1);
    t.length = 1;
    t.bidPx.fill(NaN);
    t.askPx.fill(NaN);
    t.bidPx[0] = 10 * RAW;
    t.bidPx[1] = 11 * RAW;
    t.bidSz[0] = 1;
    t.bidSz[1] = 1;
    expect(() => b.applyMbp10(t, 0)).toThrow(
      /x\.mbp10:1: field "bid_px_01": MBP-10 levels are not in strictly/,
    );
  });

  it('a record that changes only a count, a size or a level past an empty one is taken (or ignored) exactly', () => {
    const b = new L2Book({ grid: PriceGrid.ofRaw(RAW) });
    const t = newTable('mbp10', 4);
    t.length = 4;
    t.bidPx.fill(NaN);
    t.askPx.fill(NaN);
    const level = (row: number, k: number, ticks: number, size: number, count: number) => {
      t.bidPx[row * 10 + k] = ticks * RAW;
      t.bidSz[row * 10 + k] = size;
      t.bidCt[row * 10 + k] = count;
    };
    level(0, 0, 100, 5, 2);
    level(0, 1, 99, 7, 1);
    level(1, 0, 100, 5, 3); // only the count of the best level changes
    level(1, 1, 99, 7, 1);
    level(2, 0, 100, 5, 3);
    level(2, 1, 99, 8, 1); // only a size
    level(3, 0, 100, 5, 3);
    level(3, 1, 99, 8, 1);
    t.bidPx[3 * 10 + 3] = 97 * RAW; // behind an empty level (index 2): not part of the side
    t.bidSz[3 * 10 + 3] = 4;
    const seen: string[] = [];
    for (let row = 0; row < 4; row++) {
      b.applyMbp10(t, row);
      seen.push(`${b.bidLevels()} ${b.bidCount(0)} ${b.bidSize(1)}`);
    }
    expect(seen).toEqual(['2 2 7', '2 3 7', '2 3 8', '2 3 8']);
    // The same row rewritten in place and applied again is taken afresh.
    level(3, 0, 100, 9, 4);
    b.applyMbp10(t, 3);
    expect([b.bestBidSize(), b.bestBidCount()]).toEqual([9, 4]);
  });
});
