/**
 * One (strategy, instrument) position: its FIFO queue of open lots and the round trip in progress.
 *
 * Each open lot keeps the ticks and lots it was opened at, so realized P&L closes lots first-in first-out
 * and is an exact integer: Σ side × (exit ticks − entry ticks) × lots × cash units per tick-lot. The
 * average entry price is derived (open cost / open lots) and only shown, never booked.
 *
 * A round trip runs from flat to flat. A fill that crosses zero closes the current round trip with the
 * part that brings the position to zero and opens the next one with the rest; its fee is split pro rata
 * by lots, the closing part rounded half-even, the remainder to the opening part.
 *
 * Invariants: lots (signed) = side × Σ queue lots; openCost = Σ queue ticks × lots; every sum is checked
 * with Number.isSafeInteger (RangeError naming the quantity). Known limit: after a RangeError the slot
 * may be half-updated; the run must stop.
 */
import { checkSafe, divRoundHalfEven } from '../core/decimal.js';
import type { FillRecord } from '../exec/fill.js';
import type { TradeLog } from './trade-log.js';

export class PositionSlot {
  /** Signed open lots (+ long, − short). */
  lots = 0;
  /** Σ ticks × lots over the open lots (lots unsigned), for unrealized P&L and the average entry. */
  openCost = 0;
  /** Gross realized P&L of this slot, cash units. */
  realizedUnits = 0;
  // FIFO queue of open lots in typed arrays: [head, tail) is live; it rewinds to 0 whenever it empties
  // and slides down when it reaches the end, so a position costs no allocation in steady state.
  private qTicks = new Float64Array(4);
  private qLots = new Float64Array(4);
  private head = 0;
  private tail = 0;
  // The round trip in progress; tripSide 0 while flat.
  private tripSide: 0 | 1 | -1 = 0;
  private tripLots = 0;
  private entryNotional = 0;
  private exitNotional = 0;
  private tripGross = 0;
  private tripFees = 0;
  private entrySec = 0;
  private entryNsec = 0;

  constructor(
    readonly strategyIndex: number,
    readonly instrumentId: number,
    /** Cash units per tick × lot of the instrument. */
    private readonly unitsPerTickLot: number,
    /** "strategy s, SYMBOL", for error messages. */
    private readonly label: string,
  ) {}

  /**
   * Books one fill (already validated). Returns the gross realized cash units of this fill and pushes
   * the round trip it closes, if any, onto `trades`.
   */
  apply(f: FillRecord, trades: TradeLog): number {
    const side = f.side;
    const price = f.priceTicks;
    let openLots = f.lots;
    let openFee = f.feeUnits;
    let gross = 0;
    if (this.lots !== 0 && (this.lots > 0 ? 1 : -1) !== side) {
      const held = this.lots > 0 ? this.lots : -this.lots;
      const closeLots = f.lots < held ? f.lots : held;
      gross = this.closeFifo(closeLots, price);
      const closeFee =
        closeLots === f.lots
          ? f.feeUnits
          : divRoundHalfEven(this.safe(f.feeUnits * closeLots, 'fee × closing lots'), f.lots);
      this.exitNotional = this.safe(
        this.exitNotional + this.safe(price * closeLots, 'exit notional'),
        'exit notional',
      );
      this.tripGross = this.safe(this.tripGross + gross, 'round-trip realized P&L');
      this.tripFees = this.safe(this.tripFees + closeFee, 'round-trip fees');
      this.lots += side * closeLots;
      openLots = f.lots - closeLots;
      openFee = f.feeUnits - closeFee;
      if (this.lots === 0) this.finishTrip(f, trades);
    }
    if (openLots > 0) this.open(f, openLots, openFee);
    this.realizedUnits = this.safe(this.realizedUnits + gross, 'realized P&L');
    return gross;
  }

  /** Unrealized P&L in cash units at `markTicks`: (lots × mark − side × open cost) × units per tick-lot. */
  unrealizedUnits(markTicks: number): number {
    if (this.lots === 0) return 0;
    const value = this.safe(this.lots * markTicks, 'position value in ticks × lots');
    const diff = this.safe(
      value - (this.lots > 0 ? this.openCost : -this.openCost),
      'unrealized ticks × lots',
    );
    return this.safe(diff * this.unitsPerTickLot + 0, 'unrealized P&L');
  }

  /** Overflow check whose message is built only on failure. */
  private safe(x: number, what: string): number {
    return checkSafe(x, this.label, what);
  }

  avgEntryTicks(): number {
    if (this.lots === 0) return NaN;
    return this.openCost / (this.lots > 0 ? this.lots : -this.lots);
  }

  /** Open lots as [ticks, lots] pairs, oldest first (verification and display). */
  openLots(): [number, number][] {
    const out: [number, number][] = [];
    for (let k = this.head; k < this.tail; k++) out.push([this.qTicks[k]!, this.qLots[k]!]);
    return out;
  }

  private open(f: FillRecord, lots: number, fee: number): void {
    if (this.tripSide === 0) {
      this.tripSide = f.side;
      this.tripLots = 0;
      this.entryNotional = 0;
      this.exitNotional = 0;
      this.tripGross = 0;
      this.tripFees = 0;
      this.entrySec = f.tsSec;
      this.entryNsec = f.tsNsec;
    }
    const notional = this.safe(f.priceTicks * lots, 'entry notional');
    this.entryNotional = this.safe(this.entryNotional + notional, 'entry notional');
    this.openCost = this.safe(this.openCost + notional, 'open cost');
    this.tripLots = this.safe(this.tripLots + lots, 'round-trip lots');
    this.tripFees = this.safe(this.tripFees + fee, 'round-trip fees');
    this.lots = this.safe(this.lots + f.side * lots, 'position lots');
    if (this.tail === this.qTicks.length) this.makeRoom();
    this.qTicks[this.tail] = f.priceTicks;
    this.qLots[this.tail++] = lots;
  }

  /** Closes `lots` oldest-first at `price`; returns the gross realized cash units. */
  private closeFifo(lots: number, price: number): number {
    const dir = this.lots > 0 ? 1 : -1;
    let remaining = lots;
    let tickLots = 0;
    while (remaining > 0) {
      const k = this.head;
      const lotTicks = this.qTicks[k]!;
      const avail = this.qLots[k]!;
      const take = avail <= remaining ? avail : remaining;
      const move = this.safe(price - lotTicks, 'price move in ticks');
      tickLots = this.safe(
        tickLots + this.safe(dir * move * take, 'realized ticks × lots'),
        'realized ticks × lots',
      );
      this.openCost = this.safe(this.openCost - lotTicks * take, 'open cost');
      remaining -= take;
      if (take === avail) this.head++;
      else this.qLots[k] = avail - take;
    }
    this.compact();
    return this.safe(tickLots * this.unitsPerTickLot, 'realized P&L');
  }

  private compact(): void {
    if (this.head === this.tail) this.head = this.tail = 0;
  }

  /** Called when the queue reaches the end of its arrays: slide the live part down, or grow. */
  private makeRoom(): void {
    const live = this.tail - this.head;
    if (live * 2 <= this.qTicks.length && this.head > 0) {
      this.qTicks.copyWithin(0, this.head, this.tail);
      this.qLots.copyWithin(0, this.head, this.tail);
    } else {
      const t = new Float64Array(this.qTicks.length * 2);
      t.set(this.qTicks.subarray(this.head, this.tail));
      const l = new Float64Array(this.qLots.length * 2);
      l.set(this.qLots.subarray(this.head, this.tail));
      this.qTicks = t;
      this.qLots = l;
    }
    this.head = 0;
    this.tail = live;
  }

  private finishTrip(f: FillRecord, trades: TradeLog): void {
    trades.push(
      this.strategyIndex,
      this.instrumentId,
      this.tripSide === 1 ? 1 : -1,
      this.tripLots,
      this.entrySec,
      this.entryNsec,
      f.tsSec,
      f.tsNsec,
      this.entryNotional,
      this.exitNotional,
      this.safe(this.tripGross - this.tripFees, 'round-trip P&L'),
      this.tripFees,
    );
    this.tripSide = 0;
  }
}
