/**
 * Hand-computed portfolio cases: every expected figure below was worked out on paper from the fills
 * (the comment next to it shows the arithmetic), and every case ends with verify().
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { Instrument } from '../../src/core/instrument.js';
import type { FillRecord } from '../../src/exec/fill.js';
import { amountToUnits } from '../../src/portfolio/cash-units.js';
import { Portfolio } from '../../src/portfolio/portfolio.js';

let seq = 0;
function fill(
  strategyIndex: number,
  instrumentId: number,
  side: 1 | -1,
  lots: number,
  priceTicks: number,
  feeUnits = 0,
  tsSec = 1_700_000_000 + seq,
): FillRecord {
  return {
    tsSec,
    tsNsec: 0,
    strategyIndex,
    instrumentId,
    orderId: ++seq,
    side,
    lots,
    priceTicks,
    feeUnits,
    liquidity: 'taker',
  };
}

const stock = (id = 0, symbol = 'AAA') => new Instrument(id, { symbol, tickSize: '0.01' });

describe('Portfolio, hand-computed cases', () => {
  it('long round trip with fees', () => {
    const p = new Portfolio({ instruments: [stock()], strategyCount: 1, initialCash: 100000 });
    expect(p.cashScale).toBe(2);
    expect(p.initialCashUnits).toBe(10_000_000);
    p.applyFill(fill(0, 0, 1, 100, 15000, 100, 1000)); // buy 100 @ 150.00, fee 1.00
    expect(p.cashUnits).toBe(8_499_900); // 10,000,000 − 1,500,000 − 100
    expect(p.markTicks(0)).toBeNaN();
    expect(p.unrealizedUnits(0)).toBe(0); // valued at its own fill price until the first mark
    p.mark(0, 15150); // 151.50
    expect(p.markTicks(0)).toBe(15150);
    expect(p.marketValueUnits()).toBe(1_515_000);
    expect(p.equityUnits()).toBe(10_014_900);
    expect(p.formatUnits(p.equityUnits())).toBe('100149');
    expect(p.unrealizedUnits(0)).toBe(15_000); // 100 × 1.50
    expect(p.avgEntryTicks(0, 0)).toBe(15000);
    p.applyFill(fill(0, 0, -1, 100, 15225, 100, 2000)); // sell 100 @ 152.25, fee 1.00
    expect(p.cashUnits).toBe(10_022_300); // 8,499,900 + 1,522,500 − 100
    expect(p.formatUnits(p.cashUnits)).toBe('100223');
    expect(p.realizedUnits(0)).toBe(22_500);
    expect(p.feeUnits(0)).toBe(200);
    expect(p.unrealizedUnits(0)).toBe(0);
    expect(p.lots(0, 0)).toBe(0);
    expect(p.avgEntryTicks(0, 0)).toBeNaN();
    expect(p.equityUnits()).toBe(10_022_300);
    expect(p.openPositions()).toEqual([]);
    expect([...p.trades]).toEqual([
      {
        strategyIndex: 0,
        instrumentId: 0,
        side: 1,
        lots: 100,
        entrySec: 1000,
        entryNsec: 0,
        exitSec: 2000,
        exitNsec: 0,
        entryNotionalTicks: 1_500_000,
        exitNotionalTicks: 1_522_500,
        pnlUnits: 22_300,
        feeUnits: 200,
      },
    ]);
    p.verify();
  });

  it('short round trip: cash rises on the sale, a short has negative market value', () => {
    const p = new Portfolio({ instruments: [stock()], strategyCount: 1, initialCash: '100000' });
    p.applyFill(fill(0, 0, -1, 50, 2000, 50, 10)); // sell 50 @ 20.00, fee 0.50
    expect(p.cashUnits).toBe(10_099_950);
    expect(p.netLots(0)).toBe(-50);
    p.mark(0, 1900);
    expect(p.marketValueUnits()).toBe(-95_000);
    expect(p.equityUnits()).toBe(10_004_950);
    expect(p.unrealizedUnits(0)).toBe(5_000); // 50 × (20.00 − 19.00)
    expect(p.openPositions()).toEqual([
      { strategyIndex: 0, instrumentId: 0, lots: -50, markTicks: 1900, unrealizedUnits: 5_000 },
    ]);
    p.applyFill(fill(0, 0, 1, 50, 2100, 50, 20)); // buy back 50 @ 21.00, fee 0.50
    expect(p.cashUnits).toBe(9_994_900); // 10,099,950 − 105,000 − 50
    expect(p.realizedUnits(0)).toBe(-5_000);
    expect(p.trades).toHaveLength(1);
    expect(p.trades.at(0)).toMatchObject({
      side: -1,
      lots: 50,
      entryNotionalTicks: 100_000,
      exitNotionalTicks: 105_000,
      pnlUnits: -5_100,
      feeUnits: 100,
    });
    expect(p.trades.at(0)).toMatchObject({ entrySec: 10, exitSec: 20 });
    p.verify();
  });

  it('adding to a position, then a partial close and the final close, FIFO', () => {
    const p = new Portfolio({ instruments: [stock()], strategyCount: 1, initialCash: 100000 });
    p.applyFill(fill(0, 0, 1, 100, 1000, 0, 1)); // buy 100 @ 10.00
    p.applyFill(fill(0, 0, 1, 100, 1200, 0, 2)); // buy 100 @ 12.00
    expect(p.lots(0, 0)).toBe(200);
    expect(p.avgEntryTicks(0, 0)).toBe(1100);
    expect(p.openLots(0, 0)).toEqual([
      [1000, 100],
      [1200, 100],
    ]);
    p.applyFill(fill(0, 0, -1, 150, 1300, 0, 3)); // sell 150 @ 13.00: closes 100 @ 10 and 50 @ 12
    expect(p.realizedUnits(0)).toBe(35_000); // 100 × 3.00 + 50 × 1.00
    expect(p.lots(0, 0)).toBe(50);
    expect(p.avgEntryTicks(0, 0)).toBe(1200);
    expect(p.openLots(0, 0)).toEqual([[1200, 50]]);
    expect([...p.trades]).toEqual([]); // still open: no round trip yet
    p.mark(0, 1250);
    expect(p.unrealizedUnits(0)).toBe(2_500);
    expect(p.equityUnits() - p.initialCashUnits).toBe(37_500);
    p.applyFill(fill(0, 0, -1, 50, 1100, 0, 4)); // sell 50 @ 11.00
    expect(p.realizedUnits(0)).toBe(30_000); // 35,000 − 50 × 1.00
    expect([...p.trades]).toEqual([
      {
        strategyIndex: 0,
        instrumentId: 0,
        side: 1,
        lots: 200,
        entrySec: 1,
        entryNsec: 0,
        exitSec: 4,
        exitNsec: 0,
        entryNotionalTicks: 220_000, // 100 × 1000 + 100 × 1200
        exitNotionalTicks: 250_000, // 150 × 1300 + 50 × 1100
        pnlUnits: 30_000,
        feeUnits: 0,
      },
    ]);
    p.verify();
  });

  it('a fill through zero closes one round trip and opens the next, splitting the fee pro rata', () => {
    const p = new Portfolio({ instruments: [stock()], strategyCount: 1, initialCash: 100000 });
    p.applyFill(fill(0, 0, 1, 100, 1000, 100, 1)); // buy 100 @ 10.00, fee 1.00
    p.applyFill(fill(0, 0, -1, 150, 1100, 155, 2)); // sell 150 @ 11.00, fee 1.55: 155 × 100/150 = 103.33 → 103 closing, 52 opening
    expect(p.lots(0, 0)).toBe(-50);
    expect(p.avgEntryTicks(0, 0)).toBe(1100);
    expect(p.trades).toHaveLength(1);
    expect(p.trades.at(0)).toEqual({
      strategyIndex: 0,
      instrumentId: 0,
      side: 1,
      lots: 100,
      entrySec: 1,
      entryNsec: 0,
      exitSec: 2,
      exitNsec: 0,
      entryNotionalTicks: 100_000,
      exitNotionalTicks: 110_000,
      pnlUnits: 9_797, // 10,000 − (100 + 103)
      feeUnits: 203,
    });
    p.applyFill(fill(0, 0, 1, 50, 1050, 25, 3)); // cover 50 @ 10.50, fee 0.25
    expect(p.trades.at(1)).toEqual({
      strategyIndex: 0,
      instrumentId: 0,
      side: -1,
      lots: 50,
      entrySec: 2,
      entryNsec: 0,
      exitSec: 3,
      exitNsec: 0,
      entryNotionalTicks: 55_000,
      exitNotionalTicks: 52_500,
      pnlUnits: 2_423, // 50 × 0.50 = 2,500 − (52 + 25)
      feeUnits: 77,
    });
    expect(p.realizedUnits(0)).toBe(12_500);
    expect(p.feeUnits(0)).toBe(280);
    expect(p.cashUnits).toBe(10_000_000 - 100_000 - 100 + 165_000 - 155 - 52_500 - 25);
    p.verify();
  });

  it('rounds the closing share of a split fee half-even', () => {
    // fee × closing lots / fill lots: 2 × 1/4 = 0.5 → 0; 6 × 1/4 = 1.5 → 2; 10 × 1/4 = 2.5 → 2; 6 × 3/4 = 4.5 → 4
    const cases: [held: number, fee: number, closingFee: number][] = [
      [1, 2, 0],
      [1, 6, 2],
      [1, 10, 2],
      [3, 6, 4],
    ];
    for (const [held, fee, closingFee] of cases) {
      const p = new Portfolio({ instruments: [stock()], strategyCount: 1, initialCash: 1000 });
      p.applyFill(fill(0, 0, 1, held, 500));
      p.applyFill(fill(0, 0, -1, 4, 500, fee));
      expect(p.trades.at(0)!.feeUnits, `fee ${fee}, closing ${held} of 4`).toBe(closingFee);
      p.applyFill(fill(0, 0, 1, 4 - held, 500));
      expect(p.trades.at(1)!.feeUnits, `opening share of fee ${fee}`).toBe(fee - closingFee);
      p.verify();
    }
  });

  it('two strategies trading the same instrument in opposite directions', () => {
    const p = new Portfolio({ instruments: [stock()], strategyCount: 2, initialCash: 100000 });
    p.applyFill(fill(0, 0, 1, 100, 5000, 0, 1)); // s0 buys 100 @ 50.00
    p.applyFill(fill(1, 0, -1, 100, 5010, 0, 2)); // s1 sells 100 @ 50.10
    expect(p.netLots(0)).toBe(0);
    expect(p.lots(0, 0)).toBe(100);
    expect(p.lots(1, 0)).toBe(-100);
    expect(p.cashUnits).toBe(10_001_000);
    p.mark(0, 5100);
    expect(p.marketValueUnits()).toBe(0);
    expect(p.equityUnits()).toBe(10_001_000);
    expect(p.unrealizedUnits(0)).toBe(10_000);
    expect(p.unrealizedUnits(1)).toBe(-9_000);
    expect(p.openPositions()).toEqual([
      { strategyIndex: 0, instrumentId: 0, lots: 100, markTicks: 5100, unrealizedUnits: 10_000 },
      { strategyIndex: 1, instrumentId: 0, lots: -100, markTicks: 5100, unrealizedUnits: -9_000 },
    ]);
    p.applyFill(fill(0, 0, -1, 100, 5200, 0, 3)); // s0 sells 100 @ 52.00
    expect(p.netLots(0)).toBe(-100);
    expect(p.realizedUnits(0)).toBe(20_000);
    expect(p.realizedUnits(1)).toBe(0);
    expect(p.marketValueUnits()).toBe(-510_000); // valued at the mark, not the later fill
    expect([...p.trades].map((t) => t.strategyIndex)).toEqual([0]);
    p.verify();
  });

  it('tick 0.000001: prices like 2.179012 on a 100000 account are exact', () => {
    const fx = new Instrument(0, { symbol: 'FX', tickSize: '0.000001' });
    const p = new Portfolio({ instruments: [fx], strategyCount: 1, initialCash: 100000 });
    expect(p.cashScale).toBe(6);
    expect(p.initialCashUnits).toBe(100_000_000_000);
    expect(p.toUnits(1.25)).toBe(1_250_000);
    p.applyFill(fill(0, 0, 1, 1000, fx.ticks(2.179012), p.toUnits(1.25)));
    expect(p.cashUnits).toBe(97_819_738_000); // 1e11 − 1000 × 2,179,012 − 1,250,000
    expect(p.formatUnits(p.cashUnits)).toBe('97819.738');
    p.mark(0, 2179013);
    expect(p.formatUnits(p.equityUnits())).toBe('99998.751');
    expect(p.formatUnits(p.unrealizedUnits(0))).toBe('0.001');
    p.applyFill(fill(0, 0, -1, 1000, 2180001));
    expect(p.formatUnits(p.realizedUnits(0))).toBe('0.989'); // 1000 × 0.000989
    expect(p.formatUnits(p.trades.at(0)!.pnlUnits)).toBe('-0.261'); // 0.989 − 1.25
    expect(p.formatUnits(p.cashUnits)).toBe('99999.739');
    p.verify();
  });

  it('mixes a cent-tick stock into a micro-tick account at the finer cash scale', () => {
    const fx = new Instrument(0, { symbol: 'FX', tickSize: '0.000001' });
    const st = new Instrument(1, { symbol: 'STK', tickSize: '0.01' });
    const p = new Portfolio({ instruments: [fx, st], strategyCount: 1, initialCash: '100000.5' });
    expect(p.unitsPerTickLot[1]).toBe(10_000); // one cent = 10,000 micro-units
    expect(p.notionalUnits(1, 12345, 3)).toBe(370_350_000); // 3 × 123.45
    p.applyFill(fill(0, 1, 1, 3, 12345));
    expect(p.formatUnits(p.cashUnits)).toBe('99630.15');
    p.mark(1, 12400);
    expect(p.formatUnits(p.equityUnits())).toBe('100002.15');
    p.verify();
  });

  it('futures: multiplier 50, tick 0.25', () => {
    const es = new Instrument(0, { symbol: 'ES', tickSize: '0.25', multiplier: 50 });
    const p = new Portfolio({ instruments: [es], strategyCount: 1, initialCash: 100000 });
    expect(p.cashScale).toBe(2);
    expect(p.unitsPerTickLot[0]).toBe(1250); // one tick = $12.50
    p.applyFill(fill(0, 0, 1, 2, es.ticks(4500.25), 250)); // buy 2 @ 4500.25, fee 2.50
    expect(p.cashUnits).toBe(-35_002_750); // 10,000,000 − 2 × 18001 × 1250 − 250
    p.mark(0, es.ticks(4510));
    expect(p.formatUnits(p.equityUnits())).toBe('100972.5');
    expect(p.formatUnits(p.unrealizedUnits(0))).toBe('975'); // 9.75 × 50 × 2
    p.applyFill(fill(0, 0, -1, 2, es.ticks(4498.5), 250));
    expect(p.formatUnits(p.realizedUnits(0))).toBe('-175'); // −1.75 × 50 × 2
    expect(p.formatUnits(p.trades.at(0)!.pnlUnits)).toBe('-180');
    expect(p.formatUnits(p.equityUnits())).toBe('99820');
    p.verify();
  });

  it('values an instrument at its last fill price until the first mark', () => {
    const p = new Portfolio({ instruments: [stock()], strategyCount: 1, initialCash: 1000 });
    p.applyFill(fill(0, 0, 1, 10, 100));
    p.applyFill(fill(0, 0, 1, 10, 110));
    expect(p.markTicks(0)).toBeNaN();
    expect(p.valuationTicks(0)).toBe(110);
    expect(p.unrealizedUnits(0)).toBe(100); // 10 × (110 − 100)
    expect(p.marketValueUnits()).toBe(2_200);
    p.mark(0, 90);
    p.applyFill(fill(0, 0, 1, 10, 120)); // after a mark, fills no longer move the valuation
    expect(p.valuationTicks(0)).toBe(90);
    expect(p.marketValueUnits()).toBe(2_700);
    p.verify();
  });
});

describe('Portfolio, units and errors', () => {
  it('toUnits rounds the decimal meaning of the amount half-even', () => {
    const p = new Portfolio({ instruments: [stock()], strategyCount: 1, initialCash: 0 });
    expect(p.toUnits(1.005)).toBe(100);
    expect(p.toUnits(1.015)).toBe(102);
    expect(p.toUnits(0.125)).toBe(12);
    expect(p.toUnits(0.135)).toBe(14);
    expect(p.toUnits(0.1250001)).toBe(13);
    expect(p.toUnits(-1.005)).toBe(-100);
    expect(p.toUnits(0.1 + 0.2)).toBe(30);
    expect(p.toUnits(1e-7)).toBe(0);
    expect(p.toUnits(-0.004)).toBe(0);
    expect(p.toUnits(12)).toBe(1200);
    expect(() => p.toUnits(1e21)).toThrow(/cash units of 1e\+21 at scale 2/);
    expect(amountToUnits(2.5e-7, 7)).toBe(2);
    expect(amountToUnits(3.5e-7, 7)).toBe(4);
    expect(amountToUnits(9007199254740991, 0)).toBe(9007199254740991);
    expect(() => amountToUnits(9007199254740992, 0)).toThrow(RangeError);
    expect(amountToUnits(90071992547409.9, 2)).toBe(9007199254740990);
    expect(() => p.toUnits(NaN)).toThrow(RangeError);
    expect(() => p.toUnits(Infinity)).toThrow(RangeError);
  });

  it('rejects bad options with ConfigError', () => {
    const usd = stock();
    const eur = new Instrument(1, { symbol: 'SAP', currency: 'EUR' });
    expect(() => new Portfolio({ instruments: [usd, eur], strategyCount: 1, initialCash: 1 })).toThrow(
      /backtest\.instruments\.SAP\.currency: "EUR" differs from the account currency "USD"/,
    );
    expect(
      () => new Portfolio({ instruments: [usd], strategyCount: 1, initialCash: 1, currency: 'EUR' }),
    ).toThrow(ConfigError);
    const sap = new Instrument(0, { symbol: 'SAP', currency: 'EUR' });
    expect(new Portfolio({ instruments: [sap], strategyCount: 1, initialCash: 1 }).currency).toBe('EUR');
    expect(() => new Portfolio({ instruments: [stock(1)], strategyCount: 1, initialCash: 1 })).toThrow(
      /has id 1, expected its index 0/,
    );
    expect(() => new Portfolio({ instruments: [usd], strategyCount: 1, initialCash: 'lots' })).toThrow(
      /backtest\.initial_cash/,
    );
    expect(() => new Portfolio({ instruments: [usd], strategyCount: 1, initialCash: '10.005' })).toThrow(
      /more decimal places than the cash scale \(2\)/,
    );
    expect(() => new Portfolio({ instruments: [usd], strategyCount: 1.5, initialCash: 1 })).toThrow(
      ConfigError,
    );
  });

  it('rejects malformed fills without booking them', () => {
    const p = new Portfolio({ instruments: [stock()], strategyCount: 1, initialCash: 1000 });
    expect(() => p.applyFill(fill(1, 0, 1, 1, 100))).toThrow(/strategy index 1/);
    expect(() => p.applyFill(fill(0, 1, 1, 1, 100))).toThrow(/instrument id 1/);
    expect(() => p.applyFill({ ...fill(0, 0, 1, 1, 100), side: 0 as 1 })).toThrow(/side/);
    expect(() => p.applyFill(fill(0, 0, 1, 0, 100))).toThrow(/lots/);
    expect(() => p.applyFill(fill(0, 0, 1, 1.5, 100))).toThrow(/lots/);
    expect(() => p.applyFill(fill(0, 0, 1, 1, 100.5))).toThrow(/price/);
    expect(() => p.applyFill(fill(0, 0, 1, 1, 100, NaN))).toThrow(/fee/);
    expect(p.fills).toHaveLength(0);
    expect(p.cashUnits).toBe(100_000);
    expect(() => p.netLots(1)).toThrow(/instrument id 1 is not in this portfolio/);
    expect(() => p.markTicks(-1)).toThrow(/instrument id -1/);
    expect(() => p.lots(0, 2)).toThrow(/instrument id 2/);
    expect(() => p.realizedUnits(3)).toThrow(/strategy index 3/);
    p.verify();
  });

  it('throws RangeError instead of losing precision', () => {
    const p = new Portfolio({ instruments: [stock()], strategyCount: 1, initialCash: 1000 });
    expect(() => p.applyFill(fill(0, 0, 1, 1e9, 1e9))).toThrow(/notional.*exceeds exact integer range/);
    expect(() => p.notionalUnits(0, 1e8, 1e8)).toThrow(RangeError);
    p.applyFill(fill(0, 0, 1, 1_000_000, 100));
    expect(() => p.mark(0, 1e10)).toThrow(/mark AAA: market value of 1000000 lots at 10000000000 ticks/);
    expect(() => p.mark(0, 100.5)).toThrow(/not a whole number of ticks/);
    expect(() => p.mark(7, 100)).toThrow(/instrument id 7/);
    p.mark(0, 1e9); // 1e15 units: fits
    const big = new Portfolio({ instruments: [stock()], strategyCount: 1, initialCash: 90_000_000_000_000 });
    expect(() => big.applyFill(fill(0, 0, -1, 1, 1e15))).toThrow(/cash.*exceeds exact integer range/);
    big.applyFill(fill(0, 0, 1, 1, 1)); // still usable after a rejected fill
    big.mark(0, 3e15);
    expect(() => big.equityUnits()).toThrow(/equity/);
  });

  it('verify() stays exact when strategies offset each other beyond 2^53', () => {
    const p = new Portfolio({ instruments: [stock()], strategyCount: 2, initialCash: 1000 });
    const top = 6_000_000_000_000_001; // ticks; one lot is worth that many cash units
    p.applyFill(fill(0, 0, 1, 1, 0));
    p.applyFill(fill(0, 0, -1, 1, top, 1));
    p.applyFill(fill(1, 0, -1, 1, 0));
    p.applyFill(fill(1, 0, 1, 1, top));
    p.applyFill(fill(0, 0, 1, 1, 0));
    p.applyFill(fill(1, 0, -1, 1, 0));
    p.mark(0, top);
    // Strategy 0 alone has realized + unrealized − fees = 12e15 + 1: past 2^53, odd, not a double.
    expect([p.realizedUnits(0), p.unrealizedUnits(0), p.feeUnits(0)]).toEqual([top, top, 1]);
    expect([p.realizedUnits(1), p.unrealizedUnits(1), p.feeUnits(1)]).toEqual([-top, -top, 0]);
    expect(p.equityUnits() - p.initialCashUnits).toBe(-1);
    p.verify();
  });

  it('verify() detects a figure that drifted from the fill history', () => {
    const p = new Portfolio({ instruments: [stock()], strategyCount: 1, initialCash: 1000 });
    p.applyFill(fill(0, 0, 1, 5, 100, 3));
    p.verify();
    p.cashUnits += 1;
    expect(() => p.verify()).toThrow(/portfolio verify: cash: maintained 99498, recomputed 99497/);
    p.cashUnits -= 1;
    p.fills.lots[0] = 6;
    expect(() => p.verify()).toThrow(/portfolio verify/);
  });
});
