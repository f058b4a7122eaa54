/** Shared set-up of the exec tests: a bar venue on one instrument (tick 0.01) recording its events. */
import { Instrument } from '../../src/core/instrument.js';
import { BarVenue, type VenueSink } from '../../src/exec/bar-venue.js';
import { NoCommission, NoSlippage, type SlippageModel } from '../../src/exec/models.js';
import type { Order, OrderRequest } from '../../src/exec/order.js';
import { buildOrder } from '../../src/exec/order-request.js';

export const inst = new Instrument(0, { symbol: 'AAA', tickSize: '0.01' });

export interface VenueEvent {
  kind: string;
  id: number;
  lots?: number;
  ticks?: number;
  liq?: string;
  reason?: string;
}

export function venueSetup(opts: { cap?: number | null; slippage?: SlippageModel } = {}) {
  const events: VenueEvent[] = [];
  const sink: VenueSink = {
    accepted: (o) => events.push({ kind: 'accepted', id: o.id }),
    filled: (o, lots, ticks, _fee, liq) => events.push({ kind: 'fill', id: o.id, lots, ticks, liq }),
    cancelled: (o, reason) => events.push({ kind: 'cancelled', id: o.id, reason }),
    expired: (o) => events.push({ kind: 'expired', id: o.id }),
    modified: (o) => events.push({ kind: 'modified', id: o.id, lots: o.lots }),
    cancelRejected: (o, reason) => events.push({ kind: 'cancel_rejected', id: o.id, reason }),
    modifyRejected: (o, reason) => events.push({ kind: 'modify_rejected', id: o.id, reason }),
  };
  const venue = new BarVenue(
    [inst],
    {
      fillAtClose: false,
      volumeParticipation: opts.cap ?? null,
      commission: new NoCommission(),
      slippage: opts.slippage ?? new NoSlippage(),
    },
    sink,
  );
  return {
    venue,
    events,
    fills: () => events.filter((e) => e.kind === 'fill'),
    of: (o: Order) => events.filter((e) => e.id === o.id),
  };
}

let nextId = 1;

/** An order built through the request validation, as a strategy would place it. */
export function req(
  r: Omit<OrderRequest, 'symbol'>,
  at: { lastTicks?: number; positionLots?: number; supportsDisplayQty?: boolean } = {},
): Order {
  return buildOrder(
    inst,
    { symbol: 'AAA', ...r },
    {
      newId: () => nextId++,
      strategyIndex: 0,
      sec: 0,
      nsec: 0,
      lastTicks: at.lastTicks ?? NaN,
      positionLots: at.positionLots ?? NaN,
      supportsDisplayQty: at.supportsDisplayQty ?? false,
    },
  );
}

/** Bars on consecutive days: [open, high, low, close, volume] in cents. */
export function days(
  rows: [number, number, number, number, number][],
): [string, number, number, number, number, number][] {
  return rows.map((r, i) => [`2020-01-${String(i + 2).padStart(2, '0')}`, ...r]);
}
