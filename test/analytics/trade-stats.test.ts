import { describe, expect, it } from 'vitest';
import { Instrument } from '../../src/core/instrument.js';
import { TradeLog } from '../../src/portfolio/trade-log.js';
import type { RoundTrip } from '../../src/portfolio/round-trip.js';
import { tradeBreakdowns, tradeStats } from '../../src/analytics/trade-stats.js';
import { DAY, DAY0 } from './fixtures.js';

const AAA = new Instrument(0, { symbol: 'AAA' });
const BBB = new Instrument(1, { symbol: 'BBB' });
const strategy = (id: string) => ({
  id,
  realizedUnits: 0,
  unrealizedUnits: 0,
  feeUnits: 0,
  orders: 0,
  fills: 0,
});

/** A round trip held `days` days (from DAY0 + k days), pnl and fee in units at scale 2. */
function rt(
  pnlUnits: number,
  days: number,
  o: { side?: 1 | -1; instrumentId?: number; strategyIndex?: number; fee?: number } = {},
): RoundTrip {
  return {
    strategyIndex: o.strategyIndex ?? 0,
    instrumentId: o.instrumentId ?? 0,
    side: o.side ?? 1,
    lots: 1,
    entrySec: DAY0,
    entryNsec: 0,
    exitSec: DAY0 + Math.floor(days * DAY),
    exitNsec: 0,
    entryNotionalTicks: 100,
    exitNotionalTicks: 100,
    pnlUnits,
    feeUnits: o.fee ?? 10,
  };
}

/**
 * Ten trades in closing order: W L W L 0 W W L L L
 *   pnl 500 −200 300 −100 0 400 600 −50 −50 −50 (units; /100 → currency)
 *   wins 4, Σ 1800; losses 5, Σ −450; one breakeven; Σ pnl 1350
 *   durations 1..10 days: mean 5.5, max 10
 * side: short for trades 2, 4, 8 (−200, −100, −50); instrument BBB for the last three; strategy 1 for
 * the first two.
 */
const TRADES: RoundTrip[] = [
  rt(500, 1, { strategyIndex: 1 }),
  rt(-200, 2, { side: -1, strategyIndex: 1 }),
  rt(300, 3),
  rt(-100, 4, { side: -1 }),
  rt(0, 5),
  rt(400, 6),
  rt(600, 7),
  rt(-50, 8, { side: -1, instrumentId: 1 }),
  rt(-50, 9, { instrumentId: 1 }),
  rt(-50, 10, { instrumentId: 1 }),
];
const RUN = {
  trades: TRADES,
  cashScale: 2,
  instruments: [AAA, BBB],
  strategies: [strategy('main'), strategy('hedge')],
};

describe('tradeStats', () => {
  it('matches the hand-computed statistics', () => {
    const s = tradeStats(RUN);
    expect(s).toEqual({
      trades: 10,
      wins: 4,
      losses: 5,
      winRate: 0.4,
      pnl: 13.5,
      fees: 1,
      grossProfit: 18,
      grossLoss: -4.5,
      profitFactor: 4, // 1800 / 450
      avgPnl: 1.35,
      expectancy: 1.5, // 135 / |−90|
      payoffRatio: 5, // 450 / 90
      avgWin: 4.5,
      avgLoss: -0.9,
      best: 6,
      worst: -2,
      avgDurationSec: 5.5 * DAY,
      maxDurationSec: 10 * DAY,
      maxWinStreak: 2,
      maxLossStreak: 3,
    });
  });

  it('reads the engine TradeLog columns to the same result', () => {
    const log = TradeLog.from(TRADES);
    expect(tradeBreakdowns({ ...RUN, trades: log })).toEqual(tradeBreakdowns(RUN));
  });

  it('covers no trades, one trade and all losing trades', () => {
    const none = tradeStats({ trades: [], cashScale: 2 });
    expect(none.trades).toBe(0);
    for (const k of ['winRate', 'profitFactor', 'avgPnl', 'expectancy', 'best', 'avgDurationSec'] as const)
      expect(none[k], `${k} without trades`).toBeNull();
    expect([none.pnl, none.maxWinStreak, none.maxLossStreak]).toEqual([0, 0, 0]);

    const one = tradeStats({ trades: [rt(250, 2)], cashScale: 2 });
    expect([one.winRate, one.profitFactor, one.expectancy, one.payoffRatio, one.maxWinStreak]).toEqual([
      1,
      null,
      null,
      null,
      1,
    ]);
    expect([one.avgDurationSec, one.maxDurationSec]).toEqual([2 * DAY, 2 * DAY]);

    const losers = tradeStats({ trades: [rt(-100, 1), rt(-300, 1), rt(-200, 1)], cashScale: 2 });
    expect([losers.winRate, losers.profitFactor, losers.expectancy, losers.payoffRatio]).toEqual([
      0,
      0,
      -1,
      null,
    ]);
    expect([losers.avgLoss, losers.maxLossStreak, losers.maxWinStreak]).toEqual([-2, 3, 0]);
  });
});

describe('tradeBreakdowns', () => {
  it('splits by side, symbol and strategy', () => {
    const b = tradeBreakdowns(RUN);
    expect(b.all).toEqual(tradeStats(RUN));
    expect([b.long.trades, b.long.wins, b.long.pnl, b.long.profitFactor]).toEqual([7, 4, 17, 18 / 1]);
    expect([b.short.trades, b.short.winRate, b.short.pnl, b.short.profitFactor]).toEqual([3, 0, -3.5, 0]);
    expect(b.short.maxLossStreak, 'short losses are consecutive among short trades').toBe(3);
    expect(b.bySymbol.map((r) => [r.symbol, r.instrumentId, r.trades, r.pnl])).toEqual([
      ['AAA', 0, 7, 15],
      ['BBB', 1, 3, -1.5],
    ]);
    expect(b.byStrategy.map((r) => [r.strategy, r.strategyIndex, r.trades, r.pnl, r.winRate])).toEqual([
      ['main', 0, 8, 10.5, 3 / 8],
      ['hedge', 1, 2, 3, 0.5],
    ]);
  });

  it('keeps rows for instruments without trades and names strategies the run does not list', () => {
    const b = tradeBreakdowns({ ...RUN, strategies: [], trades: [rt(100, 1, { strategyIndex: 1 })] });
    expect(b.bySymbol[1]).toMatchObject({ symbol: 'BBB', trades: 0, winRate: null, pnl: 0 });
    expect(b.byStrategy.map((r) => [r.strategy, r.trades])).toEqual([
      ['strategy1', 0],
      ['strategy2', 1],
    ]);
    expect(() => tradeBreakdowns({ ...RUN, trades: [rt(1, 1, { instrumentId: 7 })] })).toThrow(
      /instrument id 7/,
    );
  });
});
