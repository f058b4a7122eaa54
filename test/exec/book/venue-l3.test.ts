import { describe, expect, it } from 'vitest';
import { SIDE_ASK, SIDE_BID } from '../../../src/data/schemas.js';
import { ImpactModel } from '../../../src/exec/book/impact.js';
import { OrderExt } from '../../../src/exec/order.js';
import { MakerTakerFees } from '../../../src/exec/book/fees.js';
import { inst, makeVenue, MboFeed, order } from './venue-fixture.js';

/** A book: bids 100 (b1 5, b2 3), 99 (b4 10); asks 101 (a1 5), 102 (a2 4, a3 6). */
function seeded(opts: Parameters<typeof makeVenue>[0] = {}) {
  const v = makeVenue(opts);
  const feed = new MboFeed(v.venue);
  feed.bid(1, 100, 5, false);
  feed.bid(2, 100, 3, false);
  feed.bid(4, 99, 10, false);
  feed.ask(11, 101, 5, false);
  feed.ask(12, 102, 4, false);
  feed.ask(13, 102, 6);
  return { ...v, feed };
}

describe('book venue, L3: taking liquidity', () => {
  it('walks the book level by level within the limit, one taker fill per level', () => {
    const { venue, feed, fills } = seeded();
    const o = order(1, 12, 102);
    venue.arrive(o, feed.now);
    expect(fills()).toEqual([
      [o.id, 5, 101, 'taker'],
      [o.id, 7, 102, 'taker'],
    ]);
    expect(o.status).toBe('filled');
  });

  it('never takes the same displayed liquidity twice; the feed changing an order gives it back', () => {
    const { venue, feed, fills } = seeded();
    venue.arrive(order(1, 12, 102), feed.now); // takes a1 5, a2 4, a3 3
    const second = order(1, 5, 102);
    venue.arrive(second, feed.now);
    expect(fills().slice(2)).toEqual([[second.id, 3, 102, 'taker']]); // the rest of a3 only
    expect(venue.resting(0, 1).map((r) => [r.order.id, r.ticks, r.order.remainingLots])).toEqual([
      [second.id, 102, 2],
    ]);
    // a3 partly cancelled: the feed replaced that order, so its remaining 4 lots are there again — and
    // they reach our resting buy at 102 at once (a maker fill at our price).
    feed.cancel(13, SIDE_ASK, 102, 2);
    expect(fills().slice(3)).toEqual([[second.id, 2, 102, 'maker']]);
  });

  it('FOK fills only when everything is available within the limit; IOC cancels the rest', () => {
    const { venue, feed, fills, events } = seeded();
    const fok = order(1, 20, 102, 'limit', 'FOK');
    venue.arrive(fok, feed.now);
    expect(fills()).toEqual([]);
    expect(events.at(-1)).toMatchObject({ kind: 'cancelled', order: fok.id, reason: /FOK/ });
    const ioc = order(1, 8, 101, 'limit', 'IOC');
    venue.arrive(ioc, feed.now);
    expect(fills()).toEqual([[ioc.id, 5, 101, 'taker']]);
    expect(events.at(-1)).toMatchObject({
      kind: 'cancelled',
      order: ioc.id,
      reason: 'IOC: remainder cancelled',
    });
  });

  it('market orders trade at most protectionTicks beyond the touch at arrival', () => {
    const { venue, feed, fills, events } = seeded({ protectionTicks: 0 });
    const m = order(-1, 10, NaN, 'market');
    venue.arrive(m, feed.now);
    expect(fills()).toEqual([[m.id, 8, 100, 'taker']]);
    expect(events.at(-1)).toMatchObject({
      kind: 'cancelled',
      reason: 'market order: price protection reached',
    });
  });
});

describe('book venue, L3: queue position and maker fills', () => {
  it('joins behind every order at its price and advances only on changes ahead of it', () => {
    const { venue, feed, fills } = seeded();
    const o = order(1, 4, 100);
    venue.arrive(o, feed.now);
    expect(venue.queueAhead(o)).toBe(8);
    feed.cancel(1, SIDE_BID, 100, 5); // b1 was ahead
    expect(venue.queueAhead(o)).toBe(3);
    feed.bid(5, 100, 7); // joins behind us
    feed.cancel(5, SIDE_BID, 100, 7);
    expect(venue.queueAhead(o)).toBe(3);
    // A seller trades 5 at 100: 3 go to b2 ahead of us, 2 reach us.
    feed.trade(SIDE_ASK, 100, 5);
    feed.fill(2, SIDE_BID, 100, 3); // fills are not counted: the cancel that follows is
    feed.cancel(2, SIDE_BID, 100, 3, true);
    expect(fills()).toEqual([[o.id, 2, 100, 'maker']]);
    expect(venue.queueAhead(o)).toBe(0);
    feed.trade(SIDE_ASK, 100, 4, true);
    expect(fills()).toEqual([
      [o.id, 2, 100, 'maker'],
      [o.id, 2, 100, 'maker'],
    ]);
    expect(o.status).toBe('filled');
    expect(venue.resting(0, 1)).toEqual([]);
  });

  it('a size increase or price change ahead of us sends that order behind us; a decrease advances us', () => {
    const { venue, feed } = seeded();
    const o = order(1, 4, 100);
    venue.arrive(o, feed.now);
    feed.modify(1, SIDE_BID, 100, 2); // b1 5 -> 2 keeps priority, ahead of us: 8 -> 5
    expect(venue.queueAhead(o)).toBe(5);
    feed.modify(2, SIDE_BID, 100, 9); // b2 grows: loses priority, now behind us: 5 -> 2
    expect(venue.queueAhead(o)).toBe(2);
    feed.modify(1, SIDE_BID, 99, 2); // b1 leaves our price
    expect(venue.queueAhead(o)).toBe(0);
  });

  it('a trade through our price fills us first; our orders share one trade in priority order', () => {
    const { venue, feed, fills } = seeded();
    const a = order(1, 2, 100); // ahead 8
    const inside = order(1, 3, 100); // same price, after a
    venue.arrive(a, feed.now);
    venue.arrive(inside, feed.now);
    const better = order(1, 4, 101); // marketable: takes 4 of a1
    venue.arrive(better, feed.now);
    expect(fills()).toEqual([[better.id, 4, 101, 'taker']]);
    // A seller sweeps 10 at 99 (through 100): our orders at 100 are reached first: a 2, inside 3.
    feed.trade(SIDE_ASK, 99, 10, true);
    expect(fills().slice(1)).toEqual([
      [a.id, 2, 100, 'maker'],
      [inside.id, 3, 100, 'maker'],
    ]);
  });

  it('a trade whose aggressor is unknown hits the side its price is on', () => {
    const { venue, feed, fills } = seeded();
    const s = order(-1, 3, 101); // joins behind a1 (5)
    venue.arrive(s, feed.now);
    feed.trade(78, 101, 7, true); // at the best ask: the asks were hit; 2 reach us
    expect(fills()).toEqual([[s.id, 2, 101, 'maker']]);
  });

  it('the other side reaching our price trades with us at our price, once', () => {
    const { venue, feed, fills } = seeded();
    const b = order(1, 5, 100);
    venue.arrive(b, feed.now);
    // An ask is added at 100 (at our resting bid): a seller crossing us.
    feed.ask(21, 100, 2);
    expect(fills()).toEqual([[b.id, 2, 100, 'maker']]);
    // That ask is consumed: a later taker buy at 100 does not get it again.
    const again = order(1, 1, 100, 'limit', 'IOC');
    venue.arrive(again, feed.now);
    expect(fills()).toEqual([[b.id, 2, 100, 'maker']]);
  });

  it('after a clear our orders wait behind everything the rebuilt book holds', () => {
    const { venue, feed } = seeded();
    const o = order(1, 4, 100);
    venue.arrive(o, feed.now);
    feed.cancel(1, SIDE_BID, 100, 5);
    expect(venue.queueAhead(o)).toBe(3);
    feed.clear();
    feed.bid(31, 100, 6, false);
    feed.bid(32, 100, 1, true);
    expect(venue.queueAhead(o)).toBe(7);
  });
});

describe('book venue, L3: self-trade prevention, modify, impact, fees', () => {
  it('cancel_newest cancels the arriving order; cancel_oldest our resting one; cancel_both both', () => {
    for (const stp of ['cancel_newest', 'cancel_oldest', 'cancel_both'] as const) {
      const { venue, feed, events, fills } = seeded({ stp });
      const rest = order(-1, 2, 101); // resting sell at 101 behind a1
      venue.arrive(rest, feed.now);
      const buy = order(1, 3, 101);
      venue.arrive(buy, feed.now);
      const cancelled = events.filter((e) => e.kind === 'cancelled').map((e) => e.order);
      if (stp === 'cancel_newest') {
        expect(cancelled).toEqual([buy.id]);
        expect(fills()).toEqual([]);
      } else if (stp === 'cancel_oldest') {
        expect(cancelled).toEqual([rest.id]);
        expect(fills()).toEqual([[buy.id, 3, 101, 'taker']]);
      } else expect(cancelled).toEqual([rest.id, buy.id]);
    }
  });

  it('modify: a smaller size keeps the place, a larger one or a new price re-queues (and may trade)', () => {
    const { venue, feed, fills, events } = seeded();
    const o = order(1, 4, 100);
    venue.arrive(o, feed.now);
    feed.cancel(1, SIDE_BID, 100, 5);
    venue.modify(o, { lots: 3 }, feed.now);
    expect(venue.queueAhead(o)).toBe(3);
    venue.modify(o, { lots: 6 }, feed.now);
    expect(venue.queueAhead(o)).toBe(3); // b2 is still the only order displayed at 100: behind it again
    feed.bid(6, 100, 2);
    venue.modify(o, { lots: 7 }, feed.now);
    expect(venue.queueAhead(o)).toBe(5);
    venue.modify(o, { limitTicks: 101 }, feed.now);
    expect(fills()).toEqual([[o.id, 5, 101, 'taker']]);
    expect(venue.queueAhead(o)).toBe(0); // the rest (2) rests at 101 with nothing displayed there
    venue.cancel(o, feed.now);
    venue.modify(o, { lots: 9 }, feed.now);
    expect(events.at(-1)).toMatchObject({ kind: 'modify_rejected', order: o.id });
  });

  it('impact: our taker buys make our later buys pay more', () => {
    const impact = new ImpactModel(
      { permanentTicks: 1, temporaryTicks: 0, halfLifeNs: 1, exponent: 1, unitLots: 5, makerFills: false },
      1,
    );
    const { venue, feed, fills } = seeded({ impact });
    venue.arrive(order(1, 5, 101), feed.now); // +1 tick after
    const next = order(1, 4, 102);
    venue.arrive(next, feed.now); // asks 102 seen at 103 > limit: nothing
    expect(fills().length).toBe(1);
    venue.modify(next, { limitTicks: 103 }, feed.now);
    expect(fills()[1]).toEqual([next.id, 4, 103, 'taker']);
  });

  it('fees: maker and taker rates in basis points of notional, rebates negative, rounded half-even', () => {
    const fees = new MakerTakerFees(
      [{ unit: 'bps', maker: { units: -2, scale: 1 }, taker: { units: 5, scale: 1 } }],
      2,
      [inst],
    );
    const { venue, feed, events } = seeded({ fees });
    venue.arrive(order(1, 5, 101), feed.now); // taker 5 × 101 = 505 currency = 50500 cents; 0.5 bps = 2.525 -> 3 cents
    const rest = order(-1, 10, 103);
    venue.arrive(rest, feed.now);
    feed.trade(SIDE_BID, 103, 10, true); // maker 10 × 103 = 103000 cents × −0.2 bps = −2.06 -> −2
    expect(events.filter((e) => e.kind === 'fill').map((e) => e.fee)).toEqual([3, -2]);
  });
});

describe('book venue, MBO data with an L2 queue model', () => {
  it('risk averse ignores cancels ahead of us that the FIFO would credit; only trades and the level size move us', () => {
    const fifo = seeded();
    const level = seeded({ levelQueue: true });
    for (const v of [fifo, level]) {
      const o = order(1, 4, 100);
      v.venue.arrive(o, v.feed.now); // ahead 8 (b1 5, b2 3)
      v.feed.bid(5, 100, 7); // 7 behind us: the level shows 15
      v.feed.cancel(1, SIDE_BID, 100, 5); // b1, ahead of us, leaves: the level shows 10
    }
    const f = fifo.venue.resting(0, 1)[0]!;
    const l = level.venue.resting(0, 1)[0]!;
    expect(f.ahead).toBe(3);
    expect(l.ahead).toBe(8); // min(8, 10): the model cannot tell the cancel was ahead
    level.feed.trade(SIDE_ASK, 100, 9, true); // 8 ahead, 1 reaches us
    expect(level.fills()).toEqual([[l.order.id, 1, 100, 'maker']]);
    fifo.feed.trade(SIDE_ASK, 100, 9, true); // 3 ahead, 4 reach us (all we have)
    expect(fifo.fills()).toEqual([[f.order.id, 4, 100, 'maker']]);
  });
});

describe('book venue: what it does not take yet', () => {
  it('rejects trailing and DAY orders with the reason, and never fills them', () => {
    const { venue, feed, events, fills } = seeded();
    const trail = order(1, 1, NaN, 'trailing_stop');
    venue.arrive(trail, feed.now);
    const day = order(1, 1, 101, 'limit', 'DAY');
    venue.arrive(day, feed.now);
    expect(events.filter((e) => e.kind === 'rejected').map((e) => [e.order, e.reason])).toEqual([
      [trail.id, 'trailing_stop orders are not supported on the book venue yet'],
      [day.id, 'DAY orders need trading sessions, which the book venue does not know: use GTD'],
    ]);
    expect(fills()).toEqual([]);
  });
});

describe('book venue: stop and if-touched orders', () => {
  const conditional = (
    side: 1 | -1,
    type: 'stop' | 'stop_limit' | 'market_if_touched' | 'limit_if_touched',
    trigger: number,
    limit = NaN,
    lots = 3,
  ) => {
    const o = order(side, lots, limit, type);
    o.stopTicks = trigger;
    return o;
  };

  it('a buy stop waits, triggers on a trade at or above its stop, and takes the book at the end of that event', () => {
    const { venue, feed, fills } = seeded();
    const stop = conditional(1, 'stop', 102);
    venue.arrive(stop, feed.now);
    feed.trade(SIDE_BID, 101, 2, true); // below the stop: nothing
    expect(fills()).toEqual([]);
    // A buyer lifts a1 (5 at 101) and 1 of a2 at 102: the stop triggers at 102; the event's book changes
    // follow (a1 gone, a2 down to 3); at F_LAST the stop buys 3 from what is left: a2 3 at 102.
    feed.trade(SIDE_BID, 101, 5);
    feed.trade(SIDE_BID, 102, 1);
    feed.cancel(11, SIDE_ASK, 101, 5, false);
    feed.cancel(12, SIDE_ASK, 102, 1, true);
    expect(fills()).toEqual([[stop.id, 3, 102, 'taker']]);
  });

  it('a sell if-touched order triggers on a trade at or above its trigger; stop-limits rest at their limit', () => {
    const { venue, feed, fills } = seeded();
    const mit = conditional(-1, 'market_if_touched', 101, NaN, 2);
    const sl = conditional(-1, 'stop_limit', 100, 103, 2); // sell stop at 100, then a limit at 103: rests
    venue.arrive(mit, feed.now);
    venue.arrive(sl, feed.now);
    feed.trade(SIDE_ASK, 100, 1, true); // a seller hits 100: triggers the stop-limit only
    expect(fills()).toEqual([]);
    expect(venue.resting(0, -1).map((r) => [r.order.id, r.ticks])).toEqual([[sl.id, 103]]);
    feed.trade(SIDE_BID, 101, 1, true); // a buyer lifts 101: the MIT sells 2 into the bids at 100
    expect(fills()).toEqual([[mit.id, 2, 100, 'taker']]);
  });

  it('a waiting order can be cancelled or modified; trades before its arrival never trigger it', () => {
    const { venue, feed, events, fills } = seeded();
    feed.trade(SIDE_BID, 105, 1, true);
    const stop = conditional(1, 'stop', 104);
    venue.arrive(stop, feed.now);
    expect(fills()).toEqual([]);
    venue.modify(stop, { stopTicks: 106 }, feed.now);
    feed.trade(SIDE_BID, 105, 1, true);
    expect(fills()).toEqual([]);
    venue.cancel(stop, feed.now);
    expect(events.at(-1)).toMatchObject({ kind: 'cancelled', order: stop.id });
    expect(venue.countOpen()).toBe(0);
  });
});

describe('book venue: reduce-only', () => {
  it('cancels a reduce-only order with nothing to reduce, and caps one to the position the venue made', () => {
    const { venue, feed, events, fills } = seeded();
    const flat = order(-1, 2, 100);
    flat.ext = new OrderExt();
    flat.ext.reduceOnly = true;
    venue.arrive(flat, feed.now);
    expect(events.at(-1)).toMatchObject({
      kind: 'cancelled',
      order: flat.id,
      reason: 'reduce-only: no position to reduce',
    });
    venue.arrive(order(1, 2, 101), feed.now); // long 2 (taker at 101)
    const exit = order(-1, 5, 99);
    exit.ext = new OrderExt();
    exit.ext.reduceOnly = true;
    venue.arrive(exit, feed.now); // would sell 8 at 100 and more: only 2 reduce the position
    expect(fills().at(-1)).toEqual([exit.id, 2, 100, 'taker']);
    expect(exit.status).toBe('cancelled');
  });
});

describe('book venue: throttle', () => {
  it('rejects new orders beyond max_orders within the window; the window slides', () => {
    const v = makeVenue({ throttle: { maxOrders: 2, perNs: 1000 } });
    const ids = [0, 10, 20, 1005, 1009].map((t) => {
      const o = order(1, 1, 90);
      v.venue.arrive(o, t);
      return [o.id, o.status];
    });
    // at 20: already 2 within 1000 ns; at 1005 the one of 0 has left the window; at 1009 those of 10 and 1005 are in it
    expect(ids.map(([, s]) => s)).toEqual(['accepted', 'accepted', 'rejected', 'accepted', 'rejected']);
    expect(v.events.find((e) => e.kind === 'rejected')?.reason).toBe(
      'venue throttle: more than 2 new orders within 0.001 ms',
    );
  });
});
