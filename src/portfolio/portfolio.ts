/**
 * The account: one cash balance in one currency, positions per (strategy, instrument), FIFO realized
 * P&L, fees, equity and round-trip trades — all exact integers of cash units at `cashScale`.
 *
 * cashScale = max(2, every instrument's valueScale), so the value of ticks × lots of any instrument is an
 * integer number of cash units (no rounding anywhere in the books). Only fees computed elsewhere as
 * decimal amounts are rounded, once, by `toUnits`.
 *
 * Invariants, checked by `verify()` and the property tests:
 *   cash   = initial + Σ fills (−side × ticks × lots × value − fee)
 *   equity = cash + Σ instruments net lots × valuation × value
 *   Σ strategies (realized + unrealized − fees) = equity − initial
 * The valuation of an instrument is its last mark, or its last fill price until its first mark.
 *
 * Hot path: `mark()` is O(1) and allocation-free; it keeps the market value incremental, so
 * `equityUnits()` is O(1) too. Every sum and product that can grow is checked with Number.isSafeInteger
 * (RangeError naming the quantity): precision is never lost silently. Known limits: one currency (an
 * instrument in another currency is a ConfigError); after a RangeError the books may be half-updated and
 * the run must stop.
 */
import { assertSafe, checkSafe, formatScaled } from '../core/decimal.js';
import { ConfigError } from '../core/errors.js';
import type { Instrument } from '../core/instrument.js';
import type { FillRecord } from '../exec/fill.js';
import { amountToUnits, parseInitialCash, resolveAccount } from './cash-units.js';
import { PositionSlot } from './position-book.js';
import { TradeLog } from './trade-log.js';
import { FillLog } from '../exec/fill-log.js';
import { checkAgainstReplay } from './verify.js';

const enum Valued {
  None = 0,
  Fill = 1,
  Mark = 2,
}

export interface PortfolioOptions {
  /** instrument.id === its index in this array. */
  instruments: Instrument[];
  /** Strategies are indexed 0..strategyCount-1. */
  strategyCount: number;
  /** Decimal amount in the account currency, e.g. 100000 or "100000.50". */
  initialCash: string | number;
  /** Default: instruments[0].currency ?? 'USD'. */
  currency?: string;
  /** Fills to reserve room for (an estimate; the logs grow beyond it). */
  expectedFills?: number;
}

export interface OpenPositionView {
  strategyIndex: number;
  instrumentId: number;
  lots: number;
  markTicks: number;
  unrealizedUnits: number;
}

export class Portfolio {
  readonly instruments: readonly Instrument[];
  readonly strategyCount: number;
  /** "strategy N" per index, built once so overflow checks allocate nothing. */
  private readonly strategyLabels: string[];
  readonly currency: string;
  readonly cashScale: number;
  readonly initialCashUnits: number;
  cashUnits: number;
  /** Closed round trips, in closing order. */
  readonly trades: TradeLog;
  /** Every fill booked, in booking order (the history `verify()` replays), as columns. */
  readonly fills: FillLog;
  /** Cash units per tick × lot, per instrument. */
  readonly unitsPerTickLot: Float64Array;
  /** Signed lots per instrument, summed over strategies (read-only outside the portfolio). */
  readonly net: Float64Array;
  /** Valuation price per instrument: last mark, else last fill price (0 before either). */
  private readonly valuation: Float64Array;
  /** Per instrument, what `valuation` holds: one of the Valued constants. */
  private readonly valued: Uint8Array;
  /** Market value per instrument, cash units; `marketValue` is their sum. */
  private readonly instValue: Float64Array;
  private marketValue = 0;
  private readonly slots: PositionSlot[];
  private readonly realized: Float64Array;
  private readonly fees: Float64Array;

  constructor(opts: PortfolioOptions) {
    const { instruments, strategyCount } = opts;
    if (!Number.isInteger(strategyCount) || strategyCount < 0)
      throw new ConfigError(
        'portfolio.strategyCount',
        `must be a whole number >= 0, got ${String(strategyCount)}`,
      );
    this.instruments = instruments;
    this.strategyCount = strategyCount;
    this.strategyLabels = Array.from({ length: strategyCount }, (_, k) => `strategy ${k}`);
    const account = resolveAccount(instruments, opts.currency);
    this.currency = account.currency;
    this.cashScale = account.cashScale;
    this.unitsPerTickLot = account.unitsPerTickLot;
    this.initialCashUnits = parseInitialCash(opts.initialCash, this.cashScale);
    this.cashUnits = this.initialCashUnits;
    const n = instruments.length;
    this.net = new Float64Array(n);
    this.fills = new FillLog(opts.expectedFills);
    this.trades = new TradeLog(
      opts.expectedFills === undefined ? undefined : Math.ceil(opts.expectedFills / 2),
    );
    this.valuation = new Float64Array(n);
    this.valued = new Uint8Array(n);
    this.instValue = new Float64Array(n);
    this.realized = new Float64Array(strategyCount);
    this.fees = new Float64Array(strategyCount);
    this.slots = [];
    for (let s = 0; s < strategyCount; s++)
      for (let i = 0; i < n; i++)
        this.slots.push(
          new PositionSlot(s, i, this.unitsPerTickLot[i]!, `strategy ${s}, ${instruments[i]!.symbol}`),
        );
  }

  /** Cash units of an amount in currency (a fee from a commission model, say), rounded half-even. */
  toUnits(amount: number): number {
    return amountToUnits(amount, this.cashScale);
  }

  /** Cash value (units) of ticks × lots of an instrument, exact. */
  notionalUnits(instrumentId: number, ticks: number, lots: number): number {
    const per = this.unitsPerTickLot[instrumentId];
    if (per === undefined) throw new RangeError(`instrument id ${instrumentId} is not in this portfolio`);
    return assertSafe(
      ticks * lots * per,
      `${this.instruments[instrumentId]!.symbol}: notional of ${ticks} ticks × ${lots} lots`,
    );
  }

  /** Books a fill: cash moves by −side·notional − fee; positions, FIFO lots, realized P&L, fees, round trips update. */
  applyFill(f: FillRecord): void {
    this.checkFill(f);
    const i = f.instrumentId;
    const s = f.strategyIndex;
    const sym = this.instruments[i]!.symbol;
    const notional = checkSafe(f.priceTicks * f.lots * this.unitsPerTickLot[i]!, sym, 'fill notional');
    const cash = assertSafe(assertSafe(this.cashUnits - f.side * notional, 'cash') - f.feeUnits, 'cash');
    const net = checkSafe(this.net[i]! + f.side * f.lots, sym, 'net lots');
    const fees = checkSafe(this.fees[s]! + f.feeUnits, this.strategyLabels[s]!, 'fees');
    const gross = this.slots[s * this.instruments.length + i]!.apply(f, this.trades);
    this.realized[s] = checkSafe(this.realized[s]! + gross, this.strategyLabels[s]!, 'realized P&L');
    this.fees[s] = fees;
    this.cashUnits = cash;
    this.net[i] = net;
    if (this.valued[i] !== Valued.Mark) {
      this.valuation[i] = f.priceTicks;
      this.valued[i] = Valued.Fill;
    }
    this.setInstValue(
      i,
      checkSafe(net * this.valuation[i]! * this.unitsPerTickLot[i]! + 0, sym, 'market value'),
    );
    this.fills.push(f);
  }

  /** Marks an instrument at a price. Hot path: O(1), no allocation, market value kept incrementally. */
  mark(instrumentId: number, priceTicks: number): void {
    // Flat and valued at 0 already: only the price changes (most bars of most strategies). The rest is a
    // call: mark() runs on every bar inside the engine loop, and what V8 inlines there comes out of one
    // budget shared by all of the loop's per-event callees (merge, marks, equity samples, engine events).
    if (
      this.net[instrumentId] === 0 &&
      this.instValue[instrumentId] === 0 &&
      Number.isSafeInteger(priceTicks)
    ) {
      this.valuation[instrumentId] = priceTicks;
      this.valued[instrumentId] = Valued.Mark;
    } else this.revalue(instrumentId, priceTicks);
  }

  private revalue(instrumentId: number, priceTicks: number): void {
    // `+ 0` turns −0 (a flat position at a negative price) into 0, so figures compare with ===/Object.is.
    const value = this.net[instrumentId]! * priceTicks * this.unitsPerTickLot[instrumentId]! + 0;
    if (!Number.isSafeInteger(value) || !Number.isSafeInteger(priceTicks))
      this.badMark(instrumentId, priceTicks);
    this.valuation[instrumentId] = priceTicks;
    this.valued[instrumentId] = Valued.Mark;
    const delta = value - this.instValue[instrumentId]!;
    const total = this.marketValue + delta;
    this.instValue[instrumentId] = value;
    if (Number.isSafeInteger(delta) && Number.isSafeInteger(total)) this.marketValue = total;
    else this.marketValue = this.sumInstValues();
  }

  /** The last mark in ticks; NaN before the first mark. */
  markTicks(instrumentId: number): number {
    this.checkInstrument(instrumentId);
    return this.valued[instrumentId] === Valued.Mark ? this.valuation[instrumentId]! : NaN;
  }

  /** The price positions in the instrument are valued at: the last mark, else the last fill price, else NaN. */
  valuationTicks(instrumentId: number): number {
    this.checkInstrument(instrumentId);
    return this.valued[instrumentId] === Valued.None ? NaN : this.valuation[instrumentId]!;
  }

  /** cash + Σ net lots × valuation × value, O(1). */
  equityUnits(): number {
    return assertSafe(this.cashUnits + this.marketValue, 'equity');
  }

  marketValueUnits(): number {
    return this.marketValue;
  }

  /** Signed lots summed over strategies. */
  netLots(instrumentId: number): number {
    this.checkInstrument(instrumentId);
    return this.net[instrumentId]!;
  }

  lots(strategyIndex: number, instrumentId: number): number {
    return this.slot(strategyIndex, instrumentId).lots;
  }

  /** Average entry price of the open position in ticks (open cost / open lots, display only); NaN when flat. */
  avgEntryTicks(strategyIndex: number, instrumentId: number): number {
    return this.slot(strategyIndex, instrumentId).avgEntryTicks();
  }

  /** Open lots of a position as [ticks, lots], oldest first. */
  openLots(strategyIndex: number, instrumentId: number): [number, number][] {
    return this.slot(strategyIndex, instrumentId).openLots();
  }

  /** Gross realized P&L (FIFO), before fees. */
  realizedUnits(strategyIndex: number): number {
    this.checkStrategy(strategyIndex);
    return this.realized[strategyIndex]!;
  }

  /** Open positions at their valuations (the last fill price for an instrument not yet marked). */
  unrealizedUnits(strategyIndex: number): number {
    this.checkStrategy(strategyIndex);
    const n = this.instruments.length;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const u = this.slots[strategyIndex * n + i]!.unrealizedUnits(this.valuation[i]!);
      sum = checkSafe(sum + u, this.strategyLabels[strategyIndex]!, 'unrealized P&L');
    }
    return sum;
  }

  feeUnits(strategyIndex: number): number {
    this.checkStrategy(strategyIndex);
    return this.fees[strategyIndex]!;
  }

  /** Non-flat positions, by strategy then instrument. */
  openPositions(): OpenPositionView[] {
    const out: OpenPositionView[] = [];
    for (const slot of this.slots) {
      if (slot.lots === 0) continue;
      const mark = this.valuation[slot.instrumentId]!;
      out.push({
        strategyIndex: slot.strategyIndex,
        instrumentId: slot.instrumentId,
        lots: slot.lots,
        markTicks: mark,
        unrealizedUnits: slot.unrealizedUnits(mark),
      });
    }
    return out;
  }

  /** Recomputes everything from the fill history; throws if any maintained figure differs. */
  verify(): void {
    checkAgainstReplay(this);
  }

  /** Exact decimal text of cash units. */
  formatUnits(units: number): string {
    return formatScaled(units, this.cashScale);
  }

  /** Whether instrument `i` has been marked (its valuation is a mark, not a fill price). */
  isMarked(instrumentId: number): boolean {
    this.checkInstrument(instrumentId);
    return this.valued[instrumentId] === Valued.Mark;
  }

  /** Market value of one instrument, cash units (as maintained; `verify()` recomputes it). */
  instrumentValueUnits(instrumentId: number): number {
    this.checkInstrument(instrumentId);
    return this.instValue[instrumentId]!;
  }

  private setInstValue(i: number, value: number): void {
    const delta = value - this.instValue[i]!;
    const total = this.marketValue + delta;
    this.instValue[i] = value;
    if (Number.isSafeInteger(delta) && Number.isSafeInteger(total)) this.marketValue = total;
    else this.marketValue = this.sumInstValues();
  }

  /** Slow path when an incremental update would leave the exact range: the sum itself must fit. */
  private sumInstValues(): number {
    let sum = 0;
    for (let i = 0; i < this.instValue.length; i++)
      sum = assertSafe(sum + this.instValue[i]!, 'market value');
    return sum;
  }

  private badMark(instrumentId: number, priceTicks: number): never {
    const inst = this.instruments[instrumentId];
    if (inst === undefined)
      throw new RangeError(`mark: instrument id ${instrumentId} is not in this portfolio`);
    if (!Number.isSafeInteger(priceTicks))
      throw new RangeError(
        `mark ${inst.symbol}: price ${priceTicks} is not a whole number of ticks within 2^53`,
      );
    throw new RangeError(
      `mark ${inst.symbol}: market value of ${this.net[instrumentId]} lots at ${priceTicks} ticks exceeds exact integer range (2^53)`,
    );
  }

  private slot(strategyIndex: number, instrumentId: number): PositionSlot {
    this.checkStrategy(strategyIndex);
    this.checkInstrument(instrumentId);
    return this.slots[strategyIndex * this.instruments.length + instrumentId]!;
  }

  private checkInstrument(i: number): void {
    if (!(i >= 0 && i < this.instruments.length && Number.isInteger(i)))
      throw new RangeError(`instrument id ${i} is not in this portfolio (0..${this.instruments.length - 1})`);
  }

  private checkStrategy(s: number): void {
    if (!(s >= 0 && s < this.strategyCount && Number.isInteger(s)))
      throw new RangeError(`strategy index ${s} is not in this portfolio (0..${this.strategyCount - 1})`);
  }

  private checkFill(f: FillRecord): void {
    // One combined test on the hot path; the detailed diagnosis (and its message) only on failure.
    const s = f.strategyIndex;
    const i = f.instrumentId;
    if (
      s >= 0 &&
      s < this.strategyCount &&
      (s | 0) === s &&
      i >= 0 &&
      i < this.instruments.length &&
      (i | 0) === i &&
      (f.side === 1 || f.side === -1) &&
      f.lots > 0 &&
      Number.isSafeInteger(f.lots) &&
      Number.isSafeInteger(f.priceTicks) &&
      Number.isSafeInteger(f.feeUnits)
    )
      return;
    this.checkStrategy(s);
    this.checkInstrument(i);
    if (f.side !== 1 && f.side !== -1) this.badFill(f, `side must be +1 or -1, got ${String(f.side)}`);
    if (!Number.isSafeInteger(f.lots) || f.lots <= 0)
      this.badFill(f, `lots must be a positive whole number, got ${f.lots}`);
    if (!Number.isSafeInteger(f.priceTicks))
      this.badFill(f, `price ${f.priceTicks} is not a whole number of ticks`);
    this.badFill(f, `fee ${f.feeUnits} is not a whole number of cash units`);
  }

  private badFill(f: FillRecord, problem: string): never {
    throw new RangeError(`fill (order ${f.orderId}): ${problem}`);
  }
}
