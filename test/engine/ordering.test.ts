import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventHeap } from '../../src/engine/event-heap.js';
import { StreamMerge, type MergeStream } from '../../src/engine/stream-merge.js';

/** A stream of sorted (sec, nsec) stamps drawn from a small range so that ties are frequent. */
const streamArb = fc
  .record({
    stamps: fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 })), {
      maxLength: 40,
    }),
    priority: fc.integer({ min: 0, max: 2 }),
  })
  .map(({ stamps, priority }) => {
    stamps.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const s: MergeStream = {
      length: stamps.length,
      tsSec: Float64Array.from(stamps, (x) => x[0] + 1.6e9),
      tsNsec: Uint32Array.from(stamps, (x) => x[1]),
      priority,
      more: false,
    };
    return s;
  });

describe('stream merge', () => {
  it('emits every row once, in (time, priority, stream, row) order — the naive sort', () => {
    fc.assert(
      fc.property(fc.array(streamArb, { minLength: 1, maxLength: 12 }), (streams) => {
        const expected: [number, number, number, number, number][] = [];
        streams.forEach((s, si) => {
          for (let r = 0; r < s.length; r++) expected.push([s.tsSec[r]!, s.tsNsec[r]!, s.priority, si, r]);
        });
        expected.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3] || a[4] - b[4]);
        const merge = new StreamMerge(streams);
        const got: [number, number, number, number, number][] = [];
        while (!merge.done) {
          const s = merge.head;
          const sec = merge.headSec;
          const nsec = merge.headNsec;
          const row = merge.advance();
          got.push([sec, nsec, streams[s]!.priority, s, row]);
        }
        expect(got).toEqual(expected);
      }),
    );
  });

  it('keeps 1 ns apart events of different streams in order', () => {
    const a: MergeStream = {
      length: 1,
      tsSec: Float64Array.of(9e9),
      tsNsec: Uint32Array.of(2),
      priority: 0,
      more: false,
    };
    const b: MergeStream = {
      length: 1,
      tsSec: Float64Array.of(9e9),
      tsNsec: Uint32Array.of(1),
      priority: 5,
      more: false,
    };
    const m = new StreamMerge([a, b]);
    expect(m.head, 'the 1 ns earlier event comes first whatever the priority').toBe(1);
  });
});

describe('event heap', () => {
  it('pops in (time, scheduling order) — the naive stable sort', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 3 }), fc.boolean()), {
          maxLength: 300,
        }),
        (ops) => {
          const heap = new EventHeap<number>();
          const naive: [number, number, number][] = [];
          let id = 0;
          const popped: number[] = [];
          const expected: number[] = [];
          for (const [sec, nsec, pop] of ops) {
            if (pop && heap.size > 0) {
              popped.push(heap.pop());
              naive.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
              expected.push(naive.shift()![2]);
            } else {
              heap.push(sec, nsec, id);
              naive.push([sec, nsec, id]);
              id++;
            }
          }
          while (heap.size > 0) {
            popped.push(heap.pop());
            naive.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
            expected.push(naive.shift()![2]);
          }
          expect(popped).toEqual(expected);
        },
      ),
    );
  });
});
