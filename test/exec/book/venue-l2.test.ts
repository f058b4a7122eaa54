import { describe, expect, it } from 'vitest';
import { SIDE_ASK } from '../../../src/data/schemas.js';
import { PowerProbQueue } from '../../../src/exec/book/queue-models.js';
import { makeVenue, Mbp10Feed, order } from './venue-fixture.js';

describe('book venue, L2 (MBP-10)', () => {
  it('risk averse: only trades advance us; a trade at our price fills beyond the quantity ahead', () => {
    const v = makeVenue({ l2: true });
    const feed = new Mbp10Feed(v.venue);
    feed.book([[100, 10]], [[101, 8]]);
    const o = order(1, 5, 100);
    v.venue.arrive(o, feed.now);
    expect(v.venue.queueAhead(o)).toBe(10);
    feed.book([[100, 6]], [[101, 8]]); // 4 gone without a trade: at most what is displayed
    expect(v.venue.queueAhead(o)).toBe(6);
    feed.book([[100, 6]], [[101, 8]], { aggressor: SIDE_ASK, price: 100, size: 8 }); // 6 ahead, 2 reach us
    expect(v.fills()).toEqual([[o.id, 2, 100, 'maker']]);
    expect(v.venue.queueAhead(o)).toBe(0);
    feed.book([[100, 0]], [[101, 8]]); // the level empties as the trade is booked: no double count
    expect(v.venue.queueAhead(o)).toBe(0);
  });

  it('prob_power n=1: a cancel of 20 with 30 ahead and 70 behind moves us to 24 ahead', () => {
    const v = makeVenue({ l2: true, queue: new PowerProbQueue(1) });
    const feed = new Mbp10Feed(v.venue);
    feed.book([[100, 30]], [[101, 8]]);
    const o = order(1, 5, 100);
    v.venue.arrive(o, feed.now);
    feed.book([[100, 100]], [[101, 8]]); // 70 join behind us
    expect(v.venue.queueAhead(o)).toBe(30);
    feed.book([[100, 80]], [[101, 8]]);
    expect(v.venue.queueAhead(o)).toBeCloseTo(24, 12);
  });

  it('takes a level once: what we took stays gone until the level’s size changes', () => {
    const v = makeVenue({ l2: true });
    const feed = new Mbp10Feed(v.venue);
    feed.book(
      [[100, 10]],
      [
        [101, 8],
        [102, 5],
      ],
    );
    const a = order(1, 5, 101, 'limit', 'IOC');
    v.venue.arrive(a, feed.now);
    const b = order(1, 5, 101, 'limit', 'IOC');
    v.venue.arrive(b, feed.now);
    expect(v.fills()).toEqual([
      [a.id, 5, 101, 'taker'],
      [b.id, 3, 101, 'taker'],
    ]);
    feed.book(
      [[100, 10]],
      [
        [101, 9],
        [102, 5],
      ],
    );
    const c = order(1, 10, 102, 'limit', 'IOC');
    v.venue.arrive(c, feed.now);
    expect(v.fills().slice(2)).toEqual([
      [c.id, 9, 101, 'taker'],
      [c.id, 1, 102, 'taker'],
    ]);
  });
});

describe('book venue, probabilistic queue estimates', () => {
  it('fills whole lots only: with 25.5 lots expected ahead a trade of 30 fills 4', () => {
    const v = makeVenue({ l2: true, queue: new PowerProbQueue(1) });
    const feed = new Mbp10Feed(v.venue);
    feed.book([[100, 30]], [[101, 8]]);
    const o = order(1, 10, 100);
    v.venue.arrive(o, feed.now);
    feed.book([[100, 100]], [[101, 8]]);
    feed.book([[100, 85]], [[101, 8]]); // 15 gone: 30 − 0.3 × 15 = 25.5 ahead
    expect(v.venue.queueAhead(o)).toBeCloseTo(25.5, 12);
    feed.book([[100, 85]], [[101, 8]], { aggressor: SIDE_ASK, price: 100, size: 30 }); // 4.5 reach us: 4
    expect(v.fills()).toEqual([[o.id, 4, 100, 'maker']]);
  });
});
