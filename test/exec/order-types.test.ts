import { describe, expect, it } from 'vitest';
import { TickSlippage } from '../../src/exec/models.js';
import { barTable } from '../support/bars.js';
import { days, req, venueSetup } from './venue-support.js';

// An up bar (close >= open) travels open -> low -> high -> close; a down bar open -> high -> low -> close.
const UP = [10000, 10100, 9800, 10050, 1000] as [number, number, number, number, number];

describe('market-if-touched and limit-if-touched', () => {
  it('a buy MIT triggers when the path falls to its trigger (a buy stop at the same price fills at the open)', () => {
    const { venue, fills } = venueSetup();
    const bars = barTable('AAA', days([UP]));
    const mit = req({ side: 'buy', qty: 1, type: 'market_if_touched', triggerPrice: 99 });
    const stop = req({ side: 'buy', qty: 1, type: 'stop', stopPrice: 99 });
    venue.submit(mit, 0, 0);
    venue.submit(stop, 0, 0);
    venue.onBar(0, bars, 0);
    expect(
      fills(),
      'stop: open 100 is already beyond 99 (fills first, at the open); MIT: 100 -> 98 touches 99',
    ).toEqual([
      { kind: 'fill', id: stop.id, lots: 1, ticks: 10000, liq: 'taker' },
      { kind: 'fill', id: mit.id, lots: 1, ticks: 9900, liq: 'taker' },
    ]);
  });

  it('a sell MIT triggers on the way up; one gapped through fills at the open; taker fills get slippage', () => {
    const { venue, fills } = venueSetup({ slippage: new TickSlippage(3) });
    const bars = barTable('AAA', days([UP]));
    const up = req({ side: 'sell', qty: 1, type: 'market_if_touched', triggerPrice: 100.8 });
    const gap = req({ side: 'buy', qty: 1, type: 'market_if_touched', triggerPrice: 101 });
    venue.submit(up, 0, 0);
    venue.submit(gap, 0, 0);
    venue.onBar(0, bars, 0);
    expect(fills().map((f) => [f.id, f.ticks])).toEqual([
      [gap.id, 10003],
      [up.id, 10077],
    ]);
  });

  it('a limit-if-touched becomes a limit at its trigger point', () => {
    const { venue, fills } = venueSetup();
    const bars = barTable('AAA', days([UP]));
    const below = req({ side: 'buy', qty: 1, type: 'limit_if_touched', triggerPrice: 99, price: 98.5 });
    const above = req({ side: 'buy', qty: 1, type: 'limit_if_touched', triggerPrice: 99, price: 99.5 });
    venue.submit(below, 0, 0);
    venue.submit(above, 0, 0);
    venue.onBar(0, bars, 0);
    expect(fills(), 'limit 99.50 is marketable at the trigger 99; limit 98.50 waits for the low 98').toEqual([
      { kind: 'fill', id: above.id, lots: 1, ticks: 9900, liq: 'taker' },
      { kind: 'fill', id: below.id, lots: 1, ticks: 9850, liq: 'maker' },
    ]);
  });
});

describe('trailing stops', () => {
  it('starts from the last price, ratchets at the open and after each bar, and triggers on a reversal', () => {
    const { venue, fills } = venueSetup();
    const o = req({ side: 'sell', qty: 5, type: 'trailing_stop', trailingOffset: 2 }, { lastTicks: 10000 });
    expect(o.stopTicks, 'last 100 - offset 2').toBe(9800);
    const bars = barTable(
      'AAA',
      days([
        [10100, 10400, 10050, 10300, 1000],
        [10300, 10350, 10100, 10150, 1000],
      ]),
    );
    venue.submit(o, 0, 0);
    venue.onBar(0, bars, 0);
    expect(fills(), 'open 101 -> stop 99; the low 100.50 stays above it').toEqual([]);
    expect(o.stopTicks, 'after the bar its high 104 ratchets the stop to 102').toBe(10200);
    venue.onBar(0, bars, 1);
    expect(fills()).toEqual([{ kind: 'fill', id: o.id, lots: 5, ticks: 10200, liq: 'taker' }]);
  });

  it('never lets a bar raise its stop and trigger it past the open (no credit for the high coming first)', () => {
    const { venue, fills } = venueSetup();
    const o = req({ side: 'sell', qty: 1, type: 'trailing_stop', trailingOffset: 2 }, { lastTicks: 10000 });
    // Down bar: 100 -> 106 -> 99 -> 99.50. With the high first the stop would be 104, hit on the way to 99.
    const bars = barTable(
      'AAA',
      days([
        [10000, 10600, 9900, 9950, 1000],
        [10390, 10450, 10300, 10400, 1000],
      ]),
    );
    venue.submit(o, 0, 0);
    venue.onBar(0, bars, 0);
    expect(fills(), 'within the bar the stop is 98 (set at the open); the low 99 misses it').toEqual([]);
    expect(o.stopTicks).toBe(10400);
    venue.onBar(0, bars, 1);
    expect(fills()[0], 'the next open 103.90 is through the stop 104: fills at the open').toMatchObject({
      ticks: 10390,
    });
  });

  it('trails a buy above the lowest price; offsets in ticks and basis points (rounded up to whole ticks)', () => {
    const { venue, fills } = venueSetup();
    const o = req(
      { side: 'buy', qty: 1, type: 'trailing_stop', trailingOffset: 100, trailingOffsetType: 'ticks' },
      { lastTicks: 10000 },
    );
    expect(o.stopTicks).toBe(10100);
    const bars = barTable(
      'AAA',
      days([
        [9900, 9950, 9700, 9800, 1000],
        [9750, 9850, 9720, 9820, 1000],
      ]),
    );
    venue.submit(o, 0, 0);
    venue.onBar(0, bars, 0);
    expect(o.stopTicks, 'open 99 -> 100 (max 99.50 misses); then the low 97 -> 98').toBe(9800);
    venue.onBar(0, bars, 1);
    expect(fills()[0], 'up bar 97.50 -> 97.20 -> 98.50 reaches 98').toMatchObject({ id: o.id, ticks: 9800 });
    const bps = req(
      { side: 'sell', qty: 1, type: 'trailing_stop', trailingOffset: 12.5, trailingOffsetType: 'bps' },
      { lastTicks: 10000 },
    );
    expect(bps.stopTicks, '12.5 bps of 100.00 = 0.125 -> 13 ticks').toBe(9987);
    const whole = req(
      { side: 'sell', qty: 1, type: 'trailing_stop', trailingOffset: 100, trailingOffsetType: 'bps' },
      { lastTicks: 10000 },
    );
    expect(whole.stopTicks, '100 bps of 100.00 = 1.00 exactly').toBe(9900);
  });

  it('with an activation price: armed at the open on that bar, or from the next bar when reached later', () => {
    const later = venueSetup();
    const o = req(
      { side: 'sell', qty: 1, type: 'trailing_stop', trailingOffset: 1, activationPrice: 105 },
      { lastTicks: 10000 },
    );
    expect(o.stopTicks, 'not trailing before activation').toBeNaN();
    const bars = barTable(
      'AAA',
      days([
        [10000, 10600, 9900, 10500, 1000],
        [10550, 10580, 10400, 10450, 1000],
      ]),
    );
    later.venue.submit(o, 0, 0);
    later.venue.onBar(0, bars, 0);
    expect(
      later.fills(),
      'reached 105 mid-bar: armed from the next bar (the close 105 does not trigger)',
    ).toEqual([]);
    expect(o.stopTicks, 'reference = the bar high 106').toBe(10500);
    later.venue.onBar(0, bars, 1);
    expect(later.fills()[0]).toMatchObject({ id: o.id, ticks: 10500 });

    const atOpen = venueSetup();
    const p = req({ side: 'sell', qty: 1, type: 'trailing_stop', trailingOffset: 1, activationPrice: 100 });
    const down = barTable('AAA', days([[10100, 10150, 9900, 9950, 1000]]));
    atOpen.venue.submit(p, 0, 0);
    atOpen.venue.onBar(0, down, 0);
    expect(atOpen.fills(), 'armed at the open 101 -> stop 100, hit on the way down').toEqual([
      { kind: 'fill', id: p.id, lots: 1, ticks: 10000, liq: 'taker' },
    ]);
  });

  it('a trailing stop-limit becomes a limit at its trigger and stops trailing', () => {
    const { venue, fills } = venueSetup();
    const bars = barTable(
      'AAA',
      days([
        [10000, 10020, 9800, 9820, 1000],
        [9900, 9960, 9880, 9940, 1000],
      ]),
    );
    const marketable = req(
      { side: 'sell', qty: 1, type: 'trailing_stop_limit', trailingOffset: 1, limitOffset: 1.5 },
      { lastTicks: 10000 },
    );
    const resting = req(
      { side: 'sell', qty: 1, type: 'trailing_stop_limit', trailingOffset: 1, limitOffset: 0.5 },
      { lastTicks: 10000 },
    );
    expect([marketable.stopTicks, marketable.limitTicks, resting.limitTicks]).toEqual([9900, 9850, 9950]);
    venue.submit(marketable, 0, 0);
    venue.submit(resting, 0, 0);
    venue.onBar(0, bars, 0);
    expect(
      fills(),
      'triggered at 99: limit 98.50 is marketable there; limit 99.50 is not reached again',
    ).toEqual([{ kind: 'fill', id: marketable.id, lots: 1, ticks: 9900, liq: 'taker' }]);
    expect(resting.triggered).toBe(true);
    venue.onBar(0, bars, 1);
    expect(resting.limitTicks, 'frozen after the trigger').toBe(9950);
    expect(fills()[1]).toMatchObject({ id: resting.id, ticks: 9950, liq: 'maker' });
  });
});

describe('fills in path order', () => {
  it('gives the volume cap to the order the path reaches first, not the first to arrive', () => {
    const { venue, fills } = venueSetup({ cap: 0.1 });
    const bars = barTable('AAA', days([[10000, 10200, 9800, 10100, 1000]]));
    const sell = req({ side: 'sell', qty: 100, type: 'limit', price: 101 });
    const buy = req({ side: 'buy', qty: 100, type: 'limit', price: 99 });
    venue.submit(sell, 0, 0);
    venue.submit(buy, 0, 0);
    venue.onBar(0, bars, 0);
    expect(fills(), 'up bar: the low (99) comes before the high (101); 10% of 1000 = 100 lots').toEqual([
      { kind: 'fill', id: buy.id, lots: 100, ticks: 9900, liq: 'maker' },
    ]);
    expect(sell.status).toBe('accepted');
  });
});
