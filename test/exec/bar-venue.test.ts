import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../src/core/decimal.js';
import { Instrument } from '../../src/core/instrument.js';
import { BarVenue, type VenueSink } from '../../src/exec/bar-venue.js';
import {
  BpsSlippage,
  NoCommission,
  NoSlippage,
  PerShareCommission,
  PercentCommission,
  TickSlippage,
  type CommissionModel,
  type SlippageModel,
} from '../../src/exec/models.js';
import { Order, type OrderType, type TimeInForce } from '../../src/exec/order.js';
import { barTable } from '../support/bars.js';

const inst = new Instrument(0, { symbol: 'AAA', tickSize: '0.01' });

interface Event {
  kind: string;
  id: number;
  lots?: number;
  ticks?: number;
  fee?: number;
  liq?: string;
  reason?: string;
}

function setup(
  opts: { cap?: number | null; commission?: CommissionModel; slippage?: SlippageModel; close?: boolean } = {},
) {
  const events: Event[] = [];
  const sink: VenueSink = {
    accepted: (o) => events.push({ kind: 'accepted', id: o.id }),
    filled: (o, lots, ticks, fee, liq) => events.push({ kind: 'fill', id: o.id, lots, ticks, fee, liq }),
    cancelled: (o, reason) => events.push({ kind: 'cancelled', id: o.id, reason }),
    expired: (o) => events.push({ kind: 'expired', id: o.id }),
    modified: (o) => events.push({ kind: 'modified', id: o.id }),
    cancelRejected: (o, reason) => events.push({ kind: 'cancel_rejected', id: o.id, reason }),
    modifyRejected: (o, reason) => events.push({ kind: 'modify_rejected', id: o.id, reason }),
  };
  const venue = new BarVenue(
    [inst],
    {
      fillAtClose: opts.close ?? false,
      volumeParticipation: opts.cap ?? null,
      commission: opts.commission ?? new NoCommission(),
      slippage: opts.slippage ?? new NoSlippage(),
    },
    sink,
  );
  return { venue, events, fills: () => events.filter((e) => e.kind === 'fill') };
}

let nextId = 1;
function order(
  side: 1 | -1,
  type: OrderType,
  lots: number,
  limit = NaN,
  stop = NaN,
  tif: TimeInForce = 'GTC',
): Order {
  return new Order(nextId++, 0, inst, side, type, lots, limit, stop, tif, NaN, 0, 0, 0, '');
}

// Bars: [time, open, high, low, close, volume] in cents.
const day = (d: number) => `2020-01-${String(d).padStart(2, '0')}`;

describe('bar venue: order semantics', () => {
  it('fills a market order at the next bar open', () => {
    const { venue, fills } = setup();
    const bars = barTable('AAA', [
      [day(2), 10000, 10100, 9900, 10050, 1000],
      [day(3), 10200, 10300, 10100, 10250, 1000],
    ]);
    venue.onBar(0, bars, 0);
    const o = order(1, 'market', 10);
    venue.submit(o, bars.tsSec[0]!, 0);
    expect(fills(), 'a market order must not fill on the bar it was sent after').toEqual([]);
    venue.onBar(0, bars, 1);
    expect(fills()).toEqual([{ kind: 'fill', id: o.id, lots: 10, ticks: 10200, fee: 0, liq: 'taker' }]);
    expect(o.status).toBe('filled');
  });

  it('fills a buy stop at the open when the bar gaps through it, else at the stop', () => {
    const { venue, fills } = setup();
    const bars = barTable('AAA', [
      [day(2), 10700, 10900, 10600, 10800, 1000],
      [day(3), 10000, 10600, 9900, 10500, 1000],
    ]);
    const gap = order(1, 'stop', 5, NaN, 10500);
    venue.submit(gap, 0, 0);
    venue.onBar(0, bars, 0);
    expect(fills()[0]!.ticks, 'gap above the stop fills at the open').toBe(10700);
    const inside = order(1, 'stop', 5, NaN, 10550);
    venue.submit(inside, 0, 0);
    venue.onBar(0, bars, 1);
    expect(fills()[1]!.ticks, 'a stop inside the range fills at the stop price').toBe(10550);
  });

  it('fills a sell stop at the open on a gap down', () => {
    const { venue, fills } = setup();
    const bars = barTable('AAA', [[day(2), 9000, 9100, 8900, 9050, 1000]]);
    venue.submit(order(-1, 'stop', 5, NaN, 9500), 0, 0);
    venue.onBar(0, bars, 0);
    expect(fills()[0]!.ticks).toBe(9000);
  });

  it('fills a limit buy at the open when the open is better, else at the limit as maker', () => {
    const { venue, fills } = setup();
    const bars = barTable('AAA', [
      [day(2), 9800, 9900, 9700, 9850, 1000],
      [day(3), 10200, 10300, 9950, 10100, 1000],
      [day(6), 10200, 10300, 10150, 10250, 1000],
    ]);
    const atOpen = order(1, 'limit', 1, 10000);
    venue.submit(atOpen, 0, 0);
    venue.onBar(0, bars, 0);
    expect(fills()[0]).toMatchObject({ ticks: 9800, liq: 'taker' });
    const touched = order(1, 'limit', 1, 10000);
    venue.submit(touched, 0, 0);
    venue.onBar(0, bars, 1);
    expect(fills()[1]).toMatchObject({ ticks: 10000, liq: 'maker' });
    const untouched = order(1, 'limit', 1, 10000);
    venue.submit(untouched, 0, 0);
    venue.onBar(0, bars, 2);
    expect(fills().length, 'a limit below the low does not fill').toBe(2);
    expect(untouched.status).toBe('accepted');
  });

  it('fills a limit sell at the limit when the high touches it', () => {
    const { venue, fills } = setup();
    const bars = barTable('AAA', [[day(2), 10000, 10150, 9950, 10050, 1000]]);
    venue.submit(order(-1, 'limit', 1, 10150), 0, 0);
    venue.onBar(0, bars, 0);
    expect(fills()[0]).toMatchObject({ ticks: 10150, liq: 'maker' });
  });

  it('triggers a stop-limit and fills it along the intrabar path', () => {
    const { venue, fills } = setup();
    // Up bar: path open 100 -> low 99 -> high 107 -> close 104.
    const up = barTable('AAA', [
      [day(2), 10000, 10700, 9900, 10400, 1000],
      [day(3), 10200, 10300, 10100, 10250, 1000],
    ]);
    const marketable = order(1, 'stop_limit', 1, 10600, 10500);
    venue.submit(marketable, 0, 0);
    venue.onBar(0, up, 0);
    expect(fills()[0], 'limit above the stop: fills at the trigger').toMatchObject({
      ticks: 10500,
      liq: 'taker',
    });

    const below = order(1, 'stop_limit', 1, 10300, 10500);
    venue.submit(below, 0, 0);
    const { venue: v2, fills: f2 } = setup();
    v2.submit(below, 0, 0);
    v2.onBar(0, up, 0);
    expect(f2(), 'after the trigger at 105 the path only falls to 104: no fill at 103').toEqual([]);
    expect(below.triggered).toBe(true);
    v2.onBar(0, up, 1);
    expect(f2()[0], 'triggered earlier, the limit fills at the next open').toMatchObject({
      ticks: 10200,
      liq: 'taker',
    });

    // Down bar: path open 100 -> high 107 -> low 101 -> close 102: triggers at 105, then falls through 103.
    const down = barTable('AAA', [[day(2), 10000, 10700, 10100, 10200, 1000]]);
    const { venue: v3, fills: f3 } = setup();
    v3.submit(order(1, 'stop_limit', 1, 10300, 10500), 0, 0);
    v3.onBar(0, down, 0);
    expect(f3()[0]).toMatchObject({ ticks: 10300, liq: 'maker' });
  });

  it('handles a stop-limit whose stop is gapped through', () => {
    const { venue, fills } = setup();
    // Opens at 108 above stop 105 (trigger at the open), limit 106 not marketable at 108; up bar dips to 104.
    const bars = barTable('AAA', [[day(2), 10800, 10900, 10400, 10850, 1000]]);
    venue.submit(order(1, 'stop_limit', 1, 10600, 10500), 0, 0);
    venue.onBar(0, bars, 0);
    expect(fills()[0]).toMatchObject({ ticks: 10600, liq: 'maker' });
  });

  it('cancels an IOC remainder and fills FOK all-or-nothing', () => {
    const { venue, events } = setup({ cap: 0.1 });
    const bars = barTable('AAA', [
      [day(2), 10000, 10100, 9900, 10050, 500],
      [day(3), 10000, 10100, 9900, 10050, 500],
    ]);
    const ioc = order(1, 'market', 80, NaN, NaN, 'IOC');
    venue.submit(ioc, 0, 0);
    venue.onBar(0, bars, 0);
    expect(events.filter((e) => e.id === ioc.id).map((e) => e.kind)).toEqual([
      'accepted',
      'fill',
      'cancelled',
    ]);
    expect(ioc.filledLots, '10% of 500 = 50 lots may trade').toBe(50);
    const fok = order(1, 'market', 80, NaN, NaN, 'FOK');
    venue.submit(fok, 0, 0);
    venue.onBar(0, bars, 1);
    expect(events.filter((e) => e.id === fok.id).map((e) => e.kind)).toEqual(['accepted', 'cancelled']);
    expect(fok.filledLots).toBe(0);
    const fokOk = order(1, 'market', 40, NaN, NaN, 'FOK');
    const { venue: v2, events: e2 } = setup({ cap: 0.1 });
    v2.submit(fokOk, 0, 0);
    v2.onBar(0, bars, 1);
    expect(e2.map((e) => e.kind)).toEqual(['accepted', 'fill']);
  });

  it('cancels an IOC limit that cannot trade on its first bar', () => {
    const { venue, events } = setup();
    const bars = barTable('AAA', [[day(2), 10000, 10100, 9900, 10050, 500]]);
    const ioc = order(1, 'limit', 10, 9800, NaN, 'IOC');
    venue.submit(ioc, 0, 0);
    venue.onBar(0, bars, 0);
    expect(events.map((e) => e.kind)).toEqual(['accepted', 'cancelled']);
  });

  it('partially fills under a volume cap, shares capacity in arrival order and continues next bar', () => {
    const { venue, fills } = setup({ cap: 0.1 });
    const bars = barTable('AAA', [
      [day(2), 10000, 10100, 9900, 10050, 1000],
      [day(3), 10100, 10200, 10000, 10150, 300],
    ]);
    const a = order(1, 'market', 70);
    const b = order(-1, 'market', 50);
    venue.submit(a, 0, 0);
    venue.submit(b, 0, 0);
    venue.onBar(0, bars, 0);
    expect(fills().map((f) => [f.id, f.lots])).toEqual([
      [a.id, 70],
      [b.id, 30],
    ]);
    expect(b.status).toBe('partially_filled');
    venue.onBar(0, bars, 1);
    expect(
      fills()
        .slice(2)
        .map((f) => [f.id, f.lots, f.ticks]),
    ).toEqual([[b.id, 20, 10100]]);
    expect(b.status).toBe('filled');
  });

  it('expires a DAY order at the first bar of a later day', () => {
    const { venue, events } = setup();
    const bars = barTable('AAA', [
      [day(2), 10000, 10100, 9900, 10050, 1000],
      [day(3), 10000, 10100, 9900, 10050, 1000],
    ]);
    const o = order(1, 'limit', 1, 9000, NaN, 'DAY');
    venue.submit(o, 0, 0);
    venue.onBar(0, bars, 0);
    expect(o.status).toBe('accepted');
    venue.onBar(0, bars, 1);
    expect(o.status).toBe('expired');
    expect(events.map((e) => e.kind)).toEqual(['accepted', 'expired']);
  });

  it('applies slippage to taker fills only, clamped to the bar range', () => {
    const { venue, fills } = setup({ slippage: new TickSlippage(3) });
    const bars = barTable('AAA', [[day(2), 10000, 10002, 9900, 10001, 1000]]);
    venue.submit(order(1, 'market', 1), 0, 0);
    venue.submit(order(-1, 'market', 1), 0, 0);
    venue.submit(order(-1, 'limit', 1, 10001), 0, 0);
    venue.onBar(0, bars, 0);
    expect(
      fills().map((f) => f.ticks),
      'buy +3 ticks clamped to the high; sell −3; limit unchanged',
    ).toEqual([10002, 9997, 10001]);
    const bps = new BpsSlippage(parseDecimal('10'));
    expect(bps.apply(1, 10001), '10 bps of 100.01 = 0.10001, rounded against the buyer').toBe(10012);
    expect(bps.apply(-1, 10001)).toBe(9990);
  });

  it('charges per-share commission with a per-order minimum across partial fills', () => {
    const comm = new PerShareCommission(parseDecimal('0.005'), parseDecimal('1'), 2);
    const { venue, fills } = setup({ cap: 0.5, commission: comm });
    const bars = barTable('AAA', [
      [day(2), 10000, 10100, 9900, 10050, 200],
      [day(3), 10000, 10100, 9900, 10050, 1000],
    ]);
    const o = order(1, 'market', 500);
    venue.submit(o, 0, 0);
    venue.onBar(0, bars, 0);
    venue.onBar(0, bars, 1);
    // 100 shares first: 0.50 owed but the minimum is 1.00; then 500 shares in all owe 2.50 -> 1.50 more.
    expect(fills().map((f) => f.fee)).toEqual([100, 150]);
    expect(o.feeUnits).toBe(250);
  });

  it('charges a percentage of traded value, rounded half-even to the cash unit', () => {
    const comm = new PercentCommission(parseDecimal('0.001'), null, 2, [inst]);
    const { venue, fills } = setup({ commission: comm });
    const bars = barTable('AAA', [[day(2), 12345, 12400, 12300, 12350, 1000]]);
    venue.submit(order(1, 'market', 3), 0, 0);
    venue.onBar(0, bars, 0);
    // 3 × 123.45 = 370.35; 0.1 % = 0.37035 -> 0.37
    expect(fills()[0]!.fee).toBe(37);
  });

  it('fills market orders at the signal bar close when close fills are on', () => {
    const { venue, fills } = setup({ close: true });
    const bars = barTable('AAA', [[day(2), 10000, 10100, 9900, 10050, 1000]]);
    venue.onBar(0, bars, 0);
    venue.submit(order(1, 'market', 2), 0, 0);
    expect(fills()[0]).toMatchObject({ ticks: 10050, lots: 2 });
  });

  it('cancels and modifies working orders and rejects both for finished ones', () => {
    const { venue, events } = setup();
    const bars = barTable('AAA', [[day(2), 10000, 10100, 9900, 10050, 1000]]);
    const o = order(1, 'limit', 5, 9000);
    venue.submit(o, 0, 0);
    venue.modify(o, { limitTicks: 9950, lots: 7 }, 0, 0);
    venue.onBar(0, bars, 0);
    expect(o.filledLots, 'the modified limit 99.50 is touched by the low 99.00').toBe(7);
    venue.cancel(o, 0, 0);
    venue.modify(o, { lots: 9 }, 0, 0);
    expect(events.map((e) => e.kind)).toEqual([
      'accepted',
      'modified',
      'fill',
      'cancel_rejected',
      'modify_rejected',
    ]);
    const p = order(-1, 'limit', 5, 20000);
    venue.submit(p, 0, 0);
    venue.cancel(p, 0, 0);
    expect(p.status).toBe('cancelled');
  });
});
