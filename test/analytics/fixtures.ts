/**
 * Hand-built run records for the analytics tests. `tinyRun` is a consistent two-instrument story:
 * AAA (tick 0.01) is bought and sold once, BBB (tick 0.25, lot 0.5) is shorted and covered in two fills;
 * cash is at scale 4 so BBB's 0.625 gross P&L is exact. Figures are spelled out next to each value.
 */
import { Instrument } from '../../src/core/instrument.js';
import type { FillRecord } from '../../src/exec/fill.js';
import type { RoundTrip } from '../../src/portfolio/round-trip.js';
import type { EquityCurve, RunRecord } from '../../src/analytics/run-record.js';

export function curve(
  points: ReadonlyArray<readonly [sec: number, nsec: number, equity: number, cash?: number]>,
): EquityCurve {
  const n = points.length;
  const c: EquityCurve = {
    length: n,
    tsSec: new Float64Array(n),
    tsNsec: new Uint32Array(n),
    equityUnits: new Float64Array(n),
    cashUnits: new Float64Array(n),
  };
  points.forEach(([s, ns, e, cash], i) => {
    c.tsSec[i] = s;
    c.tsNsec[i] = ns;
    c.equityUnits[i] = e;
    c.cashUnits[i] = cash ?? e;
  });
  return c;
}

/** 2020-01-01T00:00:00Z */
export const DAY0 = 1_577_836_800;
export const DAY = 86_400;

/** Daily samples of the given equity units, starting at DAY0. */
export function dailyCurve(equity: readonly number[]): EquityCurve {
  return curve(equity.map((e, i) => [DAY0 + i * DAY, 0, e] as const));
}

export function trade(pnlUnits: number, feeUnits = 0): RoundTrip {
  return {
    strategyIndex: 0,
    instrumentId: 0,
    side: 1,
    lots: 1,
    entrySec: DAY0,
    entryNsec: 0,
    exitSec: DAY0 + DAY,
    exitNsec: 0,
    entryNotionalTicks: 100,
    exitNotionalTicks: 100,
    pnlUnits,
    feeUnits,
  };
}

export function baseRun(over: Partial<RunRecord> = {}): RunRecord {
  return {
    instruments: [new Instrument(0, { symbol: 'AAA', tickSize: '0.01' })],
    strategies: [],
    currency: 'USD',
    cashScale: 2,
    initialCashUnits: 10_000,
    finalCashUnits: 10_000,
    finalEquityUnits: 10_000,
    equity: dailyCurve([10_000]),
    fills: [],
    trades: [],
    openPositions: [],
    ordersRejected: 0,
    ordersOpenAtEnd: 0,
    events: 0,
    loopSeconds: 0,
    riskFreeRate: 0,
    periodsPerYear: null,
    dataSources: [],
    config: {},
    ...over,
  };
}

const T_AAA_BUY = 1_577_975_400; // 2020-01-02T14:30:00Z
const T_BBB_SELL = 1_577_977_200; // 2020-01-02T15:00:00Z (+ 0.5 s)
const T_CLOSE = 1_577_998_800; // 2020-01-02T21:00:00Z
const T_AAA_SELL = 1_578_061_800; // 2020-01-03T14:30:00Z
const T_BBB_BUY = 1_578_063_600; // 2020-01-03T15:00:00Z (+ 250 µs)

function fill(
  tsSec: number,
  tsNsec: number,
  instrumentId: number,
  orderId: number,
  side: 1 | -1,
  lots: number,
  priceTicks: number,
  feeUnits: number,
  liquidity: 'maker' | 'taker',
): FillRecord {
  return {
    tsSec,
    tsNsec,
    strategyIndex: 0,
    instrumentId,
    orderId,
    side,
    lots,
    priceTicks,
    feeUnits,
    liquidity,
  };
}

export function tinyRun(): RunRecord {
  const aaa = new Instrument(0, { symbol: 'AAA', tickSize: '0.01' });
  const bbb = new Instrument(1, { symbol: 'BBB', tickSize: '0.25', lotSize: '0.5' });
  const fills: FillRecord[] = [
    fill(T_AAA_BUY, 0, 0, 1, 1, 100, 10_050, 10_000, 'taker'), // buy 100 AAA @ 100.50, fee 1.00
    fill(T_BBB_SELL, 500_000_000, 1, 2, -1, 3, 17, 500, 'maker'), // sell 1.5 BBB @ 4.25, fee 0.05
    fill(T_AAA_SELL, 0, 0, 3, -1, 100, 10_125, 10_000, 'taker'), // sell 100 AAA @ 101.25, fee 1.00
    fill(T_BBB_BUY, 250_000, 1, 4, 1, 1, 16, 0, 'maker'), // buy 0.5 BBB @ 4.00, no fee
    fill(T_BBB_BUY, 250_000, 1, 5, 1, 2, 15, 300, 'taker'), // buy 1.0 BBB @ 3.75, fee 0.03
  ];
  const trades: RoundTrip[] = [
    {
      // AAA long: gross (10125 − 10050) ticks × 100 lots × 0.01 = 75.00; fees 2.00; net 73.00
      strategyIndex: 0,
      instrumentId: 0,
      side: 1,
      lots: 100,
      entrySec: T_AAA_BUY,
      entryNsec: 0,
      exitSec: T_AAA_SELL,
      exitNsec: 0,
      entryNotionalTicks: 1_005_000,
      exitNotionalTicks: 1_012_500,
      pnlUnits: 730_000,
      feeUnits: 20_000,
    },
    {
      // BBB short 3 lots: entry 17×3 = 51 tick-lots, exit 16 + 15×2 = 46; gross 5 × 0.25 × 0.5 = 0.625;
      // fees 0.08; net 0.545
      strategyIndex: 0,
      instrumentId: 1,
      side: -1,
      lots: 3,
      entrySec: T_BBB_SELL,
      entryNsec: 500_000_000,
      exitSec: T_BBB_BUY,
      exitNsec: 250_000,
      entryNotionalTicks: 51,
      exitNotionalTicks: 46,
      pnlUnits: 5_450,
      feeUnits: 800,
    },
  ];
  // Equity and cash at scale 4, from 100,000.00 initial cash.
  const equity = curve([
    [T_AAA_BUY, 0, 999_990_000, 899_490_000], // 99,999 after the 1.00 fee; cash 89,949
    [T_BBB_SELL, 500_000_000, 999_989_500, 899_553_250], // − 0.05 fee; cash + 6.375 − 0.05
    [T_CLOSE, 0, 999_489_500, 899_553_250], // AAA marked at 100.00: − 50
    [T_AAA_SELL, 0, 1_000_729_500, 1_000_793_250], // new peak
    [T_BBB_BUY, 250_000, 1_000_735_450, 1_000_735_450], // flat: equity = cash = 100,073.545
  ]);
  return {
    instruments: [aaa, bbb],
    strategies: [
      { id: 'pair', realizedUnits: 756_250, unrealizedUnits: 0, feeUnits: 20_800, orders: 5, fills: 5 },
    ],
    currency: 'USD',
    cashScale: 4,
    initialCashUnits: 1_000_000_000,
    finalCashUnits: 1_000_735_450,
    finalEquityUnits: 1_000_735_450,
    equity,
    fills,
    trades,
    openPositions: [],
    ordersRejected: 1,
    ordersOpenAtEnd: 0,
    events: 10,
    loopSeconds: 0.5,
    riskFreeRate: 0,
    periodsPerYear: 252,
    dataSources: [
      {
        source: 'bars.csv',
        rowsRead: 12,
        rowsAccepted: 10,
        rowsQuarantined: 2,
        quarantinePath: 'q/bars.quarantine.csv',
      },
    ],
    config: {
      backtest: { initial_cash: 100000, data: [{ path: 'bars.csv', mode: 'lenient' }] },
      strategy: { module: 'pair.ts', params: { fast: 5 } },
    },
  };
}
