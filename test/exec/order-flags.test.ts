import { describe, expect, it } from 'vitest';
import { barTable } from '../support/bars.js';
import { days, req, venueSetup } from './venue-support.js';

describe('post-only', () => {
  const bars = barTable(
    'AAA',
    days([
      [10000, 10100, 9900, 10050, 1000],
      [9850, 9950, 9800, 9900, 1000],
    ]),
  );

  it('is cancelled when marketable at its first open ("reject")', () => {
    const { venue, events } = venueSetup();
    const o = req({ side: 'buy', qty: 1, type: 'limit', price: 100.5, postOnly: true });
    venue.submit(o, 0, 0);
    venue.onBar(0, bars, 0);
    expect(events).toEqual([
      { kind: 'accepted', id: o.id },
      { kind: 'cancelled', id: o.id, reason: 'post-only: would take liquidity at the open 100' },
    ]);
  });

  it('is re-priced one tick passive of the open ("reprice") and fills as maker', () => {
    const { venue, events } = venueSetup();
    const o = req({ side: 'buy', qty: 1, type: 'limit', price: 100.5, postOnly: 'reprice' });
    venue.submit(o, 0, 0);
    venue.onBar(0, bars, 0);
    expect(events.slice(1)).toEqual([
      { kind: 'modified', id: o.id, lots: 1 },
      { kind: 'fill', id: o.id, lots: 1, ticks: 9999, liq: 'maker' },
    ]);
  });

  it('rests after its first bar: an open through it fills at its limit, as maker (a plain limit takes the open)', () => {
    const { venue, fills } = venueSetup();
    const post = req({ side: 'buy', qty: 1, type: 'limit', price: 98.9, postOnly: true });
    const plain = req({ side: 'buy', qty: 1, type: 'limit', price: 98.9 });
    venue.submit(post, 0, 0);
    venue.submit(plain, 0, 0);
    const gap = barTable(
      'AAA',
      days([
        [10000, 10100, 9900, 10050, 1000],
        [9850, 9950, 9800, 9900, 1000],
      ]),
    );
    venue.onBar(0, gap, 0);
    venue.onBar(0, gap, 1);
    expect(fills()).toEqual([
      { kind: 'fill', id: post.id, lots: 1, ticks: 9890, liq: 'maker' },
      { kind: 'fill', id: plain.id, lots: 1, ticks: 9850, liq: 'taker' },
    ]);
  });
});

describe('reduce-only', () => {
  const bars = barTable(
    'AAA',
    days([
      [10000, 10100, 9900, 10050, 1000],
      [10050, 10200, 10000, 10150, 1000],
      [10150, 10200, 10100, 10150, 1000],
    ]),
  );

  it('is cancelled on arrival when there is no position to reduce', () => {
    const { venue, events } = venueSetup();
    const o = req({ side: 'sell', qty: 5, type: 'limit', price: 101, reduceOnly: true });
    venue.submit(o, 0, 0);
    expect(events).toEqual([
      { kind: 'accepted', id: o.id },
      { kind: 'cancelled', id: o.id, reason: 'reduce-only: no position to reduce' },
    ]);
  });

  it('caps a fill at the position, then cancels the rest as the position is closed', () => {
    const { venue, of, fills } = venueSetup();
    const buy = req({ side: 'buy', qty: 10, type: 'market' });
    venue.submit(buy, 0, 0);
    venue.onBar(0, bars, 0);
    expect(venue.positionLots(0, 0)).toBe(10);
    const o = req({ side: 'sell', qty: 15, type: 'limit', price: 101, reduceOnly: true });
    venue.submit(o, 0, 0);
    venue.onBar(0, bars, 1);
    expect(of(o).slice(1)).toEqual([
      { kind: 'fill', id: o.id, lots: 10, ticks: 10100, liq: 'maker' },
      { kind: 'cancelled', id: o.id, reason: 'reduce-only: position closed' },
    ]);
    expect(venue.positionLots(0, 0), 'never flips the position').toBe(0);
    expect(fills().length).toBe(2);
  });

  it('is cancelled when another order closes the position', () => {
    const { venue, of } = venueSetup();
    venue.submit(req({ side: 'buy', qty: 10, type: 'market' }), 0, 0);
    venue.onBar(0, bars, 0);
    const stop = req({ side: 'sell', qty: 10, type: 'stop', stopPrice: 95, reduceOnly: true });
    venue.submit(stop, 0, 0);
    venue.submit(req({ side: 'sell', qty: 10, type: 'market' }), 0, 0);
    venue.onBar(0, bars, 1);
    expect(of(stop)).toEqual([
      { kind: 'accepted', id: stop.id },
      { kind: 'cancelled', id: stop.id, reason: 'reduce-only: position closed' },
    ]);
    expect(venue.countOpen()).toBe(0);
  });
});

describe('time in force on the new types', () => {
  it('DAY expires a trailing stop at the first bar of a later day; IOC cancels an untouched MIT', () => {
    const { venue, events } = venueSetup();
    const bars = barTable(
      'AAA',
      days([
        [10000, 10100, 9950, 10050, 1000],
        [10050, 10100, 10000, 10080, 1000],
      ]),
    );
    const day = req(
      { side: 'sell', qty: 1, type: 'trailing_stop', trailingOffset: 5, tif: 'DAY' },
      { lastTicks: 10000 },
    );
    const ioc = req({ side: 'buy', qty: 1, type: 'market_if_touched', triggerPrice: 95, tif: 'IOC' });
    venue.submit(day, 0, 0);
    venue.submit(ioc, 0, 0);
    venue.onBar(0, bars, 0);
    venue.onBar(0, bars, 1);
    expect(events.map((e) => `${e.kind} ${e.id}`)).toEqual([
      `accepted ${day.id}`,
      `accepted ${ioc.id}`,
      `cancelled ${ioc.id}`,
      `expired ${day.id}`,
    ]);
  });

  it('FOK on a trailing stop: all or nothing under the volume cap', () => {
    const { venue, of } = venueSetup({ cap: 0.1 });
    const bars = barTable('AAA', days([[10000, 10050, 9000, 9100, 500]]));
    const o = req(
      { side: 'sell', qty: 60, type: 'trailing_stop', trailingOffset: 1, tif: 'FOK' },
      { lastTicks: 10000 },
    );
    venue.submit(o, 0, 0);
    venue.onBar(0, bars, 0);
    expect(of(o).slice(1)).toEqual([
      { kind: 'cancelled', id: o.id, reason: 'FOK: not enough volume to fill completely' },
    ]);
  });
});
