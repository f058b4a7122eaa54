import { describe, expect, it } from 'vitest';
import { linkOco, linkOto } from '../../src/exec/contingency.js';
import { barTable } from '../support/bars.js';
import { days, req, venueSetup } from './venue-support.js';

const kinds = (events: { kind: string; id: number; lots?: number; ticks?: number }[]) =>
  events.map((e) => `${e.kind} ${e.id}${e.ticks !== undefined ? ` ${e.lots}@${e.ticks}` : ''}`);

describe('OTO', () => {
  const bars = barTable(
    'AAA',
    days([
      [10000, 10100, 9900, 10050, 5],
      [9950, 10600, 9900, 10500, 100],
      [10500, 10600, 10400, 10550, 100],
    ]),
  );

  it('releases children when the parent is completely filled; a child released mid-bar trades on later bars', () => {
    const { venue, events } = venueSetup({ cap: 1 });
    const parent = req({ side: 'buy', qty: 10, type: 'limit', price: 100 });
    const child = req({ side: 'sell', qty: 10, type: 'limit', price: 105 });
    linkOto(parent, [child], 'full');
    venue.submit(parent, 0, 0);
    venue.onBar(0, bars, 0);
    expect(child.isHeld, 'parent 5 of 10 filled: still held').toBe(true);
    venue.onBar(0, bars, 1);
    venue.onBar(0, bars, 2);
    expect(kinds(events)).toEqual([
      `accepted ${parent.id}`,
      `fill ${parent.id} 5@10000`,
      `fill ${parent.id} 5@9950`,
      `accepted ${child.id}`,
      `fill ${child.id} 10@10500`,
    ]);
  });

  it('on partial fills: releases a child for the filled quantity, then grows it with the parent', () => {
    const { venue, events } = venueSetup({ cap: 1 });
    const parent = req({ side: 'buy', qty: 10, type: 'limit', price: 100 });
    const child = req({ side: 'sell', qty: 10, type: 'limit', price: 105 });
    linkOto(parent, [child], 'partial');
    venue.submit(parent, 0, 0);
    venue.onBar(0, bars, 0);
    venue.onBar(0, bars, 1);
    expect(
      kinds(events),
      'bar 2: the parent fills at the open first, the child grows to 10, then fills at 105',
    ).toEqual([
      `accepted ${parent.id}`,
      `fill ${parent.id} 5@10000`,
      `accepted ${child.id}`,
      `fill ${parent.id} 5@9950`,
      `modified ${child.id}`,
      `fill ${child.id} 10@10500`,
    ]);
  });

  it('rounds a child down to the share of the parent filled (children of other sizes)', () => {
    const { venue } = venueSetup({ cap: 1 });
    const parent = req({ side: 'buy', qty: 10, type: 'limit', price: 100 });
    const child = req({ side: 'sell', qty: 3, type: 'limit', price: 120 });
    linkOto(parent, [child], 'partial');
    venue.submit(parent, 0, 0);
    venue.onBar(0, bars, 0);
    expect(child.lots, 'floor(3 × 5 / 10)').toBe(1);
  });

  it('cancelling the parent cancels held children; a parent ended after a partial fill releases them for it', () => {
    const a = venueSetup();
    const parent = req({ side: 'buy', qty: 10, type: 'limit', price: 90 });
    const child = req({ side: 'sell', qty: 10, type: 'stop', stopPrice: 85 });
    linkOto(parent, [child], 'full');
    a.venue.submit(parent, 0, 0);
    a.venue.cancel(parent, 0, 0);
    expect(a.events.slice(1)).toEqual([
      { kind: 'cancelled', id: parent.id, reason: 'cancelled by strategy' },
      { kind: 'cancelled', id: child.id, reason: `parent order ${parent.id} cancelled without a fill` },
    ]);

    const b = venueSetup({ cap: 0.4 });
    const ioc = req({ side: 'buy', qty: 10, type: 'market', tif: 'IOC' });
    const exit = req({ side: 'sell', qty: 10, type: 'limit', price: 110 });
    linkOto(ioc, [exit], 'full');
    b.venue.submit(ioc, 0, 0);
    b.venue.onBar(0, bars, 0);
    expect(
      kinds(b.events),
      '40% of 5 = 2 lots; the IOC remainder is cancelled; the exit covers the 2',
    ).toEqual([`accepted ${ioc.id}`, `fill ${ioc.id} 2@10000`, `cancelled ${ioc.id}`, `accepted ${exit.id}`]);
    expect(exit.lots).toBe(2);
  });

  it('a strategy can cancel a held child without touching the parent', () => {
    const { venue, events } = venueSetup();
    const parent = req({ side: 'buy', qty: 1, type: 'limit', price: 90 });
    const child = req({ side: 'sell', qty: 1, type: 'limit', price: 110 });
    linkOto(parent, [child], 'full');
    venue.submit(parent, 0, 0);
    venue.cancel(child, 0, 0);
    expect(events.at(-1)).toEqual({ kind: 'cancelled', id: child.id, reason: 'cancelled by strategy' });
    expect(parent.status).toBe('accepted');
  });
});

describe('OCO', () => {
  it('the member the path reaches first fills and cancels the other, whatever their arrival order', () => {
    for (const [up, winner] of [
      [true, 'stop'],
      [false, 'limit'],
    ] as const) {
      const { venue, events } = venueSetup();
      const stop = req({ side: 'sell', qty: 10, type: 'stop', stopPrice: 95 });
      const limit = req({ side: 'sell', qty: 10, type: 'limit', price: 105 });
      linkOco([stop, limit]);
      venue.submit(stop, 0, 0);
      venue.submit(limit, 0, 0);
      // Up: 100 -> 94 -> 106 -> 105 (stop first); down: 100 -> 106 -> 94 -> 96 (limit first).
      const bar = up ? [10000, 10600, 9400, 10500, 1000] : [10000, 10600, 9400, 9600, 1000];
      venue.onBar(0, barTable('AAA', days([bar as [number, number, number, number, number]])), 0);
      const [w, l] = winner === 'stop' ? [stop, limit] : [limit, stop];
      expect(events.slice(2), `${up ? 'up' : 'down'} bar`).toEqual([
        {
          kind: 'fill',
          id: w.id,
          lots: 10,
          ticks: winner === 'stop' ? 9500 : 10500,
          liq: winner === 'stop' ? 'taker' : 'maker',
        },
        { kind: 'cancelled', id: l.id, reason: `OCO: order ${w.id} filled` },
      ]);
      expect(venue.countOpen()).toBe(0);
    }
  });

  it('a partial fill shrinks the others by the filled quantity', () => {
    const { venue, events } = venueSetup({ cap: 0.1 });
    const a = req({ side: 'sell', qty: 10, type: 'limit', price: 101 });
    const b = req({ side: 'sell', qty: 10, type: 'stop', stopPrice: 90 });
    linkOco([a, b]);
    venue.submit(a, 0, 0);
    venue.submit(b, 0, 0);
    venue.onBar(0, barTable('AAA', days([[10000, 10200, 9950, 10100, 40]])), 0);
    expect(events.slice(2)).toEqual([
      { kind: 'fill', id: a.id, lots: 4, ticks: 10100, liq: 'maker' },
      { kind: 'modified', id: b.id, lots: 6 },
    ]);
  });
});

describe('bracket (OTO + OCO + reduce-only exits)', () => {
  it('entry fills, exits are released, the take-profit fills and the stop-loss is cancelled', () => {
    const { venue, events } = venueSetup();
    const entry = req({ side: 'buy', qty: 10, type: 'market' });
    const tp = req({ side: 'sell', qty: 10, type: 'limit', price: 105, reduceOnly: true });
    const sl = req({ side: 'sell', qty: 10, type: 'stop', stopPrice: 95, reduceOnly: true });
    linkOto(entry, [tp, sl], 'full');
    linkOco([tp, sl]);
    venue.submit(entry, 0, 0);
    const bars = barTable(
      'AAA',
      days([
        [10000, 10600, 9400, 10050, 1000],
        [10000, 10600, 9400, 9600, 1000],
      ]),
    );
    venue.onBar(0, bars, 0);
    expect(kinds(events), 'exits released at the entry fill; they do not trade on that bar').toEqual([
      `accepted ${entry.id}`,
      `fill ${entry.id} 10@10000`,
      `accepted ${tp.id}`,
      `accepted ${sl.id}`,
    ]);
    venue.onBar(0, bars, 1);
    expect(events.slice(4)).toEqual([
      { kind: 'fill', id: tp.id, lots: 10, ticks: 10500, liq: 'maker' },
      { kind: 'cancelled', id: sl.id, reason: `OCO: order ${tp.id} filled` },
    ]);
    expect(venue.positionLots(0, 0)).toBe(0);
  });
});
