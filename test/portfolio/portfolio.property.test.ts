/**
 * Property tests: random fill and mark sequences (1–3 strategies, 1–3 instruments of different tick,
 * lot and multiplier scales, both sides, negative prices and fee rebates included) against a naive
 * reference that recomputes everything from the fill list at every step in BigInt — exact by
 * construction and written independently of the portfolio's incremental bookkeeping.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Instrument, type InstrumentSpec } from '../../src/core/instrument.js';
import type { FillRecord } from '../../src/exec/fill.js';
import { Portfolio } from '../../src/portfolio/portfolio.js';
import type { RoundTrip } from '../../src/portfolio/round-trip.js';

const POOL: InstrumentSpec[] = [
  { symbol: 'CENT', tickSize: '0.01' },
  { symbol: 'MICRO', tickSize: '0.000001' },
  { symbol: 'ES', tickSize: '0.25', multiplier: 50 },
  { symbol: 'HALF', tickSize: '0.5', lotSize: '0.01' },
];

type Op =
  | { kind: 'fill'; s: number; i: number; side: 1 | -1; lots: number; ticks: number; fee: number }
  | { kind: 'mark'; i: number; ticks: number };

interface Scenario {
  specs: number[];
  strategies: number;
  initialCents: number;
  ops: Op[];
}

function scenario(big: boolean): fc.Arbitrary<Scenario> {
  // Large scenarios mix everyday magnitudes with ones that push sums toward 2^53 within a few steps.
  const mix = (small: fc.Arbitrary<number>, large: fc.Arbitrary<number>) =>
    big ? fc.oneof(small, large) : small;
  const ticks = mix(fc.integer({ min: -50, max: 5000 }), fc.integer({ min: -1e7, max: 1e9 }));
  const lots = mix(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 1e5 }));
  const fee = mix(fc.integer({ min: -50, max: 2000 }), fc.integer({ min: -1e9, max: 1e14 }));
  const op: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('fill' as const),
        s: fc.nat(2),
        i: fc.nat(2),
        side: fc.constantFrom(1 as const, -1 as const),
        lots,
        ticks,
        fee,
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('mark' as const), i: fc.nat(2), ticks }) },
  );
  return fc.record({
    specs: fc.uniqueArray(fc.nat(POOL.length - 1), { minLength: 1, maxLength: 3 }),
    strategies: fc.integer({ min: 1, max: 3 }),
    initialCents: fc.integer({ min: 0, max: 1e9 }),
    ops: fc.array(op, { minLength: 1, maxLength: 40 }),
  });
}

function divHalfEven(a: bigint, b: bigint): bigint {
  let q = a / b;
  let r = a % b;
  if (r < 0n) {
    q -= 1n;
    r += b;
  }
  if (2n * r > b || (2n * r === b && q % 2n !== 0n)) q += 1n;
  return q;
}

interface Reference {
  cash: bigint;
  net: bigint[];
  valuation: (bigint | null)[];
  marketValue: bigint[];
  lots: bigint[][];
  realized: bigint[];
  unrealized: bigint[];
  fees: bigint[];
  trades: RoundTrip[];
}

/** Recomputes the whole account from the fills and the last marks, naively, in exact integers. */
function reference(
  fills: FillRecord[],
  lastMark: (number | null)[],
  value: bigint[],
  strategies: number,
  initial: bigint,
): Reference {
  const n = value.length;
  const open: { ticks: bigint; lots: bigint }[][][] = [];
  const cycle: ({
    side: 1 | -1;
    lots: bigint;
    entry: bigint;
    exit: bigint;
    gross: bigint;
    fees: bigint;
    sec: number;
    nsec: number;
  } | null)[][] = [];
  for (let s = 0; s < strategies; s++) {
    open.push(Array.from({ length: n }, () => []));
    cycle.push(new Array(n).fill(null));
  }
  const r: Reference = {
    cash: initial,
    net: new Array(n).fill(0n),
    valuation: lastMark.map((m) => (m === null ? null : BigInt(m))),
    marketValue: [],
    lots: Array.from({ length: strategies }, () => new Array(n).fill(0n)),
    realized: new Array(strategies).fill(0n),
    unrealized: new Array(strategies).fill(0n),
    fees: new Array(strategies).fill(0n),
    trades: [],
  };
  for (const f of fills) {
    const { strategyIndex: s, instrumentId: i } = f;
    const side = BigInt(f.side);
    const price = BigInt(f.priceTicks);
    const fee = BigInt(f.feeUnits);
    const q = BigInt(f.lots);
    r.cash += -side * price * q * value[i]! - fee;
    r.net[i]! += side * q;
    r.lots[s]![i]! += side * q;
    r.fees[s]! += fee;
    if (lastMark[i] === null) r.valuation[i] = price;
    const book = open[s]![i]!;
    let left = q;
    let closed = 0n;
    let gross = 0n;
    while (left > 0n && book.length > 0 && (book[0]!.lots > 0n ? 1n : -1n) !== side) {
      const lot = book[0]!;
      const size = lot.lots < 0n ? -lot.lots : lot.lots;
      const take = size < left ? size : left;
      gross += (price - lot.ticks) * take * (lot.lots > 0n ? 1n : -1n) * value[i]!;
      lot.lots += side * take;
      if (lot.lots === 0n) book.shift();
      left -= take;
      closed += take;
    }
    r.realized[s]! += gross;
    const closeFee = closed === q ? fee : divHalfEven(fee * closed, q);
    const c = cycle[s]![i];
    if (c && closed > 0n) {
      c.exit += price * closed;
      c.gross += gross;
      c.fees += closeFee;
      if (book.length === 0) {
        r.trades.push({
          strategyIndex: s,
          instrumentId: i,
          side: c.side,
          lots: Number(c.lots),
          entrySec: c.sec,
          entryNsec: c.nsec,
          exitSec: f.tsSec,
          exitNsec: f.tsNsec,
          entryNotionalTicks: Number(c.entry),
          exitNotionalTicks: Number(c.exit),
          pnlUnits: Number(c.gross - c.fees),
          feeUnits: Number(c.fees),
        });
        cycle[s]![i] = null;
      }
    }
    if (left > 0n) {
      book.push({ ticks: price, lots: side * left });
      const next = cycle[s]![i] ?? {
        side: f.side,
        lots: 0n,
        entry: 0n,
        exit: 0n,
        gross: 0n,
        fees: 0n,
        sec: f.tsSec,
        nsec: f.tsNsec,
      };
      next.lots += left;
      next.entry += price * left;
      next.fees += fee - closeFee;
      cycle[s]![i] = next;
    }
  }
  for (let i = 0; i < n; i++) r.marketValue.push(r.net[i]! * (r.valuation[i] ?? 0n) * value[i]!);
  for (let s = 0; s < strategies; s++)
    for (let i = 0; i < n; i++)
      for (const lot of open[s]![i]!)
        r.unrealized[s]! += (r.valuation[i]! - lot.ticks) * lot.lots * value[i]!;
  return r;
}

/** Runs a scenario step by step; `steps` is the number booked before a RangeError (all, if none). */
function run(sc: Scenario, tolerateRangeError: boolean): { steps: number; p: Portfolio } {
  const instruments = sc.specs.map((k, id) => new Instrument(id, POOL[k]!));
  const initialCash = `${Math.floor(sc.initialCents / 100)}.${String(sc.initialCents % 100).padStart(2, '0')}`;
  const p = new Portfolio({ instruments, strategyCount: sc.strategies, initialCash });
  const n = instruments.length;
  const value = Array.from(p.unitsPerTickLot, (v) => BigInt(v));
  const initial = BigInt(p.initialCashUnits);
  const fills: FillRecord[] = [];
  const lastMark: (number | null)[] = new Array(n).fill(null);
  let step = 0;
  for (const op of sc.ops) {
    const i = op.i % n;
    try {
      if (op.kind === 'mark') {
        p.mark(i, op.ticks);
        lastMark[i] = op.ticks;
      } else {
        const f: FillRecord = {
          tsSec: 1_600_000_000 + step,
          tsNsec: step * 7,
          strategyIndex: op.s % sc.strategies,
          instrumentId: i,
          orderId: step + 1,
          side: op.side,
          lots: op.lots,
          priceTicks: op.ticks,
          feeUnits: op.fee,
          liquidity: 'maker',
        };
        p.applyFill(f);
        fills.push(f);
      }
      checkStep(p, reference(fills, lastMark, value, sc.strategies, initial), fills, value, initial, step);
    } catch (e) {
      if (tolerateRangeError && e instanceof RangeError && /exceeds exact integer range/.test(e.message))
        return { steps: step, p };
      throw e;
    }
    step++;
  }
  return { steps: step, p };
}

function checkStep(
  p: Portfolio,
  ref: Reference,
  fills: FillRecord[],
  value: bigint[],
  initial: bigint,
  step: number,
): void {
  const at = `after step ${step}`;
  const n = value.length;
  expect(BigInt(p.cashUnits), `${at}: cash = initial + Σ fills (−side·notional − fee)`).toBe(ref.cash);
  const mv = ref.marketValue.reduce((a, b) => a + b, 0n);
  expect(BigInt(p.marketValueUnits()), `${at}: market value = Σ net lots × valuation × value`).toBe(mv);
  expect(BigInt(p.equityUnits()), `${at}: equity = cash + Σ market value`).toBe(BigInt(p.cashUnits) + mv);
  let pnl = 0n;
  for (let s = 0; s < ref.realized.length; s++) {
    expect(BigInt(p.realizedUnits(s)), `${at}: strategy ${s} realized`).toBe(ref.realized[s]);
    expect(BigInt(p.unrealizedUnits(s)), `${at}: strategy ${s} unrealized`).toBe(ref.unrealized[s]);
    expect(BigInt(p.feeUnits(s)), `${at}: strategy ${s} fees`).toBe(ref.fees[s]);
    pnl += BigInt(p.realizedUnits(s)) + BigInt(p.unrealizedUnits(s)) - BigInt(p.feeUnits(s));
    for (let i = 0; i < n; i++)
      expect(BigInt(p.lots(s, i)), `${at}: strategy ${s} lots of ${i}`).toBe(ref.lots[s]![i]);
  }
  expect(pnl, `${at}: Σ (realized + unrealized − fees) = equity − initial cash`).toBe(
    BigInt(p.equityUnits()) - initial,
  );
  for (let i = 0; i < n; i++) {
    const signed = fills.filter((f) => f.instrumentId === i).reduce((a, f) => a + f.side * f.lots, 0);
    expect(p.netLots(i), `${at}: net lots of ${i} = Σ signed fill lots`).toBe(signed);
    expect(BigInt(p.netLots(i))).toBe(ref.net[i]);
  }
  expect([...p.trades], `${at}: round trips`).toEqual(ref.trades);
  for (const t of p.trades) {
    const gross =
      (BigInt(t.exitNotionalTicks) - BigInt(t.entryNotionalTicks)) * BigInt(t.side) * value[t.instrumentId]!;
    expect(BigInt(t.pnlUnits), 'round trip pnl = (exit − entry notional) · side · value − fees').toBe(
      gross - BigInt(t.feeUnits),
    );
  }
  p.verify();
}

describe('Portfolio properties', () => {
  it('reconciles exactly with a naive recomputation after every step', () => {
    fc.assert(
      fc.property(scenario(false), (sc) => {
        expect(run(sc, false).steps).toBe(sc.ops.length);
      }),
      { numRuns: 300 },
    );
  });

  it('with huge magnitudes, every booked step is still exact; the first that is not throws RangeError', () => {
    let stopped = 0;
    let booked = 0;
    fc.assert(
      fc.property(scenario(true), (sc) => {
        const { steps } = run(sc, true);
        booked += steps;
        if (steps < sc.ops.length) stopped++;
      }),
      { numRuns: 200 },
    );
    expect(stopped, 'the large ranges do reach the 2^53 limit').toBeGreaterThan(0);
    expect(booked, 'and many steps are booked before they do').toBeGreaterThan(200);
  });

  it('round trips flip through zero on the same fill', () => {
    // Deterministic flip-heavy sequences: alternating sides with growing sizes always cross zero.
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 2, maxLength: 30 }),
        fc.integer({ min: 0, max: 999 }),
        (sizes, fee) => {
          let held = 0;
          const ops: Op[] = sizes.map((size, k) => {
            const side: 1 | -1 = k % 2 === 0 ? 1 : -1;
            const lots = Math.abs(held) + size;
            held += side * lots;
            return { kind: 'fill', s: 0, i: 0, side, lots, ticks: 1000 + k, fee };
          });
          const { steps, p } = run({ specs: [0], strategies: 1, initialCents: 1e7, ops }, false);
          expect(steps).toBe(ops.length);
          expect(p.trades, 'every fill after the first closes one round trip').toHaveLength(ops.length - 1);
          expect([...p.trades].every((t, k) => t.side === (k % 2 === 0 ? 1 : -1))).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});
