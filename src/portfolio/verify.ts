/**
 * Portfolio.verify(): an independent replay of the fill history, compared with every figure the
 * portfolio maintains incrementally. Debug and test aid, O(fills); never called on the hot path.
 *
 * The replay is written differently on purpose: open lots are plain signed objects, fills are consumed
 * one lot at a time, and a round trip's P&L comes from its notionals (side × (exit − entry) × value −
 * fees) rather than from the FIFO sums the portfolio accumulates — so a slip in either shows up.
 * Valuations cannot be replayed (marks are not fills): an instrument's last mark is taken as given.
 */
import { assertSafe, divRoundHalfEven } from '../core/decimal.js';
import type { Portfolio } from './portfolio.js';
import type { RoundTrip } from './round-trip.js';

interface OpenLot {
  ticks: number;
  /** Signed: + long, − short. */
  lots: number;
}

interface Trip {
  side: 1 | -1;
  lots: number;
  entry: number;
  exit: number;
  fees: number;
  entrySec: number;
  entryNsec: number;
}

interface RefSlot {
  open: OpenLot[];
  trip: Trip | null;
}

function mismatch(what: string, kept: unknown, replayed: unknown): never {
  throw new Error(`portfolio verify: ${what}: maintained ${String(kept)}, recomputed ${String(replayed)}`);
}

function same(what: string, kept: number, replayed: number): void {
  // === so that −0 equals 0; NaN (a flat position's average entry) equals NaN.
  if (kept !== replayed && !(kept !== kept && replayed !== replayed)) mismatch(what, kept, replayed);
}

/**
 * Exact sum of safe integers whose partial sums may leave the safe range even though the total does not
 * (gains and losses of different positions). BigInt only on that rare path; verify() is off the hot path.
 */
function exactSum(terms: number[], what: string): number {
  let sum = 0;
  let exact = true;
  for (const t of terms) {
    sum += t;
    if (!Number.isSafeInteger(sum) || !Number.isSafeInteger(t)) exact = false;
  }
  if (exact) return sum;
  let big = 0n;
  for (const t of terms) big += BigInt(assertSafe(t, `${what} term`));
  return assertSafe(Number(big), what);
}

export function checkAgainstReplay(p: Portfolio): void {
  const n = p.instruments.length;
  const value = p.unitsPerTickLot;
  const slots: RefSlot[] = [];
  for (let k = 0; k < p.strategyCount * n; k++) slots.push({ open: [], trip: null });
  const realized = new Array<number>(p.strategyCount).fill(0);
  const fees = new Array<number>(p.strategyCount).fill(0);
  const net = new Array<number>(n).fill(0);
  const lastFill = new Array<number>(n).fill(NaN);
  const trades: RoundTrip[] = [];
  let cash = p.initialCashUnits;

  for (const f of p.fills) {
    const i = f.instrumentId;
    const s = f.strategyIndex;
    const slot = slots[s * n + i]!;
    cash = assertSafe(cash - f.side * f.priceTicks * f.lots * value[i]! - f.feeUnits, 'replayed cash');
    fees[s] = assertSafe(fees[s]! + f.feeUnits, 'replayed fees');
    net[i] = net[i]! + f.side * f.lots;
    lastFill[i] = f.priceTicks;
    let left = f.lots;
    let closed = 0;
    while (left > 0 && slot.open.length > 0 && Math.sign(slot.open[0]!.lots) !== f.side) {
      const lot = slot.open[0]!;
      const take = Math.min(left, Math.abs(lot.lots));
      realized[s] = assertSafe(
        realized[s]! + Math.sign(lot.lots) * (f.priceTicks - lot.ticks) * take * value[i]!,
        'replayed realized',
      );
      lot.lots += f.side * take;
      if (lot.lots === 0) slot.open.shift();
      left -= take;
      closed += take;
    }
    const closeFee = closed === 0 ? 0 : divRoundHalfEven(f.feeUnits * closed, f.lots);
    const trip = slot.trip;
    if (closed > 0 && trip) {
      trip.exit += f.priceTicks * closed;
      trip.fees += closeFee;
      if (slot.open.length === 0) {
        trades.push({
          strategyIndex: s,
          instrumentId: i,
          side: trip.side,
          lots: trip.lots,
          entrySec: trip.entrySec,
          entryNsec: trip.entryNsec,
          exitSec: f.tsSec,
          exitNsec: f.tsNsec,
          entryNotionalTicks: trip.entry,
          exitNotionalTicks: trip.exit,
          pnlUnits: trip.side * (trip.exit - trip.entry) * value[i]! - trip.fees,
          feeUnits: trip.fees,
        });
        slot.trip = null;
      }
    }
    if (left > 0) {
      slot.open.push({ ticks: f.priceTicks, lots: f.side * left });
      slot.trip ??= {
        side: f.side,
        lots: 0,
        entry: 0,
        exit: 0,
        fees: 0,
        entrySec: f.tsSec,
        entryNsec: f.tsNsec,
      };
      slot.trip.lots += left;
      slot.trip.entry += f.priceTicks * left;
      slot.trip.fees += f.feeUnits - closeFee;
    }
  }

  same('cash', p.cashUnits, cash);
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const sym = p.instruments[i]!.symbol;
    same(`${sym}: net lots`, p.netLots(i), net[i]!);
    const mark = p.isMarked(i) ? p.markTicks(i) : lastFill[i]!;
    same(`${sym}: valuation ticks`, p.valuationTicks(i), mark);
    const mv = net[i] === 0 ? 0 : net[i]! * mark * value[i]!;
    same(`${sym}: market value`, p.instrumentValueUnits(i), mv);
    values.push(mv);
  }
  const marketValue = exactSum(values, 'replayed market value');
  same('market value', p.marketValueUnits(), marketValue);
  same('equity', p.equityUnits(), exactSum([cash, marketValue], 'replayed equity'));

  const pnlTerms: number[] = [];
  for (let s = 0; s < p.strategyCount; s++) {
    const terms: number[] = [];
    for (let i = 0; i < n; i++) {
      const where = `strategy ${s}, ${p.instruments[i]!.symbol}`;
      const open = slots[s * n + i]!.open;
      const lots = open.reduce((a, l) => a + l.lots, 0);
      same(`${where}: lots`, p.lots(s, i), lots);
      const kept = p.openLots(s, i);
      if (
        kept.length !== open.length ||
        kept.some(([t, q], k) => t !== open[k]!.ticks || q !== Math.abs(open[k]!.lots))
      )
        mismatch(`${where}: open lots`, JSON.stringify(kept), JSON.stringify(open));
      const cost = open.reduce((a, l) => a + l.ticks * l.lots, 0);
      if (lots !== 0) {
        same(`${where}: average entry`, p.avgEntryTicks(s, i), (lots > 0 ? cost : -cost) / Math.abs(lots));
        terms.push((lots * p.valuationTicks(i) - cost) * value[i]!);
      }
    }
    same(`strategy ${s}: realized`, p.realizedUnits(s), realized[s]!);
    same(`strategy ${s}: fees`, p.feeUnits(s), fees[s]!);
    const unrealized = exactSum(terms, `strategy ${s}: replayed unrealized`);
    same(`strategy ${s}: unrealized`, p.unrealizedUnits(s), unrealized);
    pnlTerms.push(realized[s]!, unrealized, -fees[s]!);
  }
  same(
    'Σ strategies (realized + unrealized − fees) against equity − initial cash',
    exactSum(pnlTerms, 'replayed P&L'),
    exactSum([p.equityUnits(), -p.initialCashUnits], 'equity − initial cash'),
  );

  same('round trips', p.trades.length, trades.length);
  for (let k = 0; k < trades.length; k++) {
    const t = p.trades.at(k)!;
    const r = trades[k]!;
    for (const key of Object.keys(r) as (keyof RoundTrip)[])
      if (t[key] !== r[key]) mismatch(`round trip ${k} ${key}`, t[key], r[key]);
  }
}
