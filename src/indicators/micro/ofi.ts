/**
 * Order-flow imbalance (Cont, Kukanov & Stoikov, "The price impact of order book events", Journal of
 * Financial Econometrics 12(1), 2014, eq. 10). From consecutive best quotes (P^B, q^B, P^A, q^A):
 *   e_n = 1{P^B_n ≥ P^B_{n−1}} q^B_n − 1{P^B_n ≤ P^B_{n−1}} q^B_{n−1}
 *       − 1{P^A_n ≤ P^A_{n−1}} q^A_n + 1{P^A_n ≥ P^A_{n−1}} q^A_{n−1}
 * (bid up: +new bid size; bid same: size change; bid down: −old size; mirrored on the ask), and OFI is the
 * sum of e_n over a window: the last N events (OFI, warm-up N + 1 quotes since the first quote only sets the
 * reference) or the events in (t − W, t] (TimedOFI, warm-up 2; in the first W seconds the window holds only
 * the quotes seen so far).
 *
 * Empty sides: a side with size 0 may carry a NaN price (the DBN null); it counts as a bid at −∞ / an ask at
 * +∞, so a side emptying is "price moved away" (−old size) and reappearing is "price improved" (+new size).
 * Any other non-finite input, or a negative size, is rejected before any state change.
 * Exactness: e_n and the window sums are integers for sizes in lots, hence exact while |sum| < 2^53;
 * fractional sizes are re-summed from the window each time it turns over (no drift). O(1) amortised;
 * TimedOFI's ring doubles when a window holds more quotes than ever before (its only allocation).
 */
import { UsageError } from '../../core/errors.js';
import { checkFinite, checkPeriod, type Indicator } from '../contract.js';
import { IndicatorDomainError, negInf, posInf, VALUE_OUTPUT, WindowSum } from './common.js';

/**
 * Throws for an invalid side of a level: a non-finite or negative size, or a price that is not finite
 * unless it is NaN on an empty side (size 0). The slow path behind each update's one-line check.
 */
export function checkLevel(
  indicator: string,
  pxField: string,
  szField: string,
  px: number,
  sz: number,
): void {
  checkFinite(indicator, szField, sz);
  if (sz < 0) throw new IndicatorDomainError(indicator, szField, sz, 'must be >= 0');
  if (!(px !== px && sz === 0)) checkFinite(indicator, pxField, px);
}

/** True when a quote side pair needs no further checks (finite prices, finite sizes ≥ 0). */
export function plainQuote(bidPx: number, bidSz: number, askPx: number, askSz: number): boolean {
  return (
    bidPx - bidPx + (askPx - askPx) + (bidSz - bidSz) + (askSz - askSz) === 0 && bidSz >= 0 && askSz >= 0
  );
}

/** e_n of CKS (2014) for one level; prices already mapped (empty bid −∞, empty ask +∞). */
export function ofiEvent(
  bidPx: number,
  bidSz: number,
  askPx: number,
  askSz: number,
  prevBidPx: number,
  prevBidSz: number,
  prevAskPx: number,
  prevAskSz: number,
): number {
  let e = 0;
  if (bidPx >= prevBidPx) e += bidSz;
  if (bidPx <= prevBidPx) e -= prevBidSz;
  if (askPx <= prevAskPx) e -= askSz;
  if (askPx >= prevAskPx) e += prevAskSz;
  return e;
}

export class OFI implements Indicator {
  readonly warmup: number;
  readonly outputs = VALUE_OUTPUT;
  readonly name: string;
  private readonly window: WindowSum;
  private seen = false;
  private bidPx = 0;
  private bidSz = 0;
  private askPx = 0;
  private askSz = 0;
  value = NaN;

  constructor(readonly events: number) {
    checkPeriod('OFI', 'events', events);
    this.name = `OFI(${events})`;
    this.warmup = events + 1;
    this.window = new WindowSum(events);
  }

  get isReady(): boolean {
    return this.window.full;
  }

  update(bidPx: number, bidSz: number, askPx: number, askSz: number): number {
    if (!plainQuote(bidPx, bidSz, askPx, askSz)) {
      checkLevel(this.name, 'bidPx', 'bidSz', bidPx, bidSz);
      checkLevel(this.name, 'askPx', 'askSz', askPx, askSz);
    }
    const pb = bidPx === bidPx ? bidPx : negInf();
    const pa = askPx === askPx ? askPx : posInf();
    if (this.seen) {
      const w = this.window;
      w.push(ofiEvent(pb, bidSz, pa, askSz, this.bidPx, this.bidSz, this.askPx, this.askSz));
      if (w.full) this.value = w.sum;
    }
    this.seen = true;
    this.bidPx = pb;
    this.bidSz = bidSz;
    this.askPx = pa;
    this.askSz = askSz;
    return this.value;
  }

  reset(): void {
    this.window.reset();
    this.seen = false;
    this.bidPx = this.bidSz = this.askPx = this.askSz = 0;
    this.value = NaN;
  }
}

/** Batch twin: row i = OFI(events) after quote i. */
export function ofiBatch(
  bidPx: ArrayLike<number>,
  bidSz: ArrayLike<number>,
  askPx: ArrayLike<number>,
  askSz: ArrayLike<number>,
  events: number,
  out = new Float64Array(bidPx.length),
): Float64Array {
  const ind = new OFI(events);
  for (let i = 0; i < bidPx.length; i++) out[i] = ind.update(bidPx[i]!, bidSz[i]!, askPx[i]!, askSz[i]!);
  return out;
}

export class TimedOFI implements Indicator {
  readonly warmup = 2;
  readonly outputs = VALUE_OUTPUT;
  readonly name: string;
  private ts: Float64Array;
  private es: Float64Array;
  /** Ring of the window's events: `size` entries from `head`, capacity a power of two. */
  private head = 0;
  private size = 0;
  private sum = 0;
  private pushesSinceResum = 0;
  private quotes = 0;
  /** −∞ before the first quote, so the one-line check accepts any first timestamp. */
  private lastTs = -Infinity;
  private bidPx = 0;
  private bidSz = 0;
  private askPx = 0;
  private askSz = 0;
  value = NaN;

  /** `seconds`: window length W (events with ts > now − W count); `capacity`: initial ring size. */
  constructor(
    readonly seconds: number,
    capacity = 1024,
  ) {
    if (!(seconds > 0 && seconds - seconds === 0))
      throw new UsageError(`TimedOFI: seconds must be a positive finite number, got ${seconds}`);
    checkPeriod('TimedOFI', 'capacity', capacity);
    this.name = `TimedOFI(${seconds}s)`;
    const cap = 2 ** Math.ceil(Math.log2(capacity));
    this.ts = new Float64Array(cap);
    this.es = new Float64Array(cap);
  }

  get isReady(): boolean {
    return this.quotes >= 2;
  }

  /** `ts` in seconds (any origin; non-decreasing). */
  update(ts: number, bidPx: number, bidSz: number, askPx: number, askSz: number): number {
    if (!(ts >= this.lastTs && ts - ts === 0 && plainQuote(bidPx, bidSz, askPx, askSz)))
      this.check(ts, bidPx, bidSz, askPx, askSz);
    const pb = bidPx === bidPx ? bidPx : negInf();
    const pa = askPx === askPx ? askPx : posInf();
    if (this.quotes > 0) {
      this.push(ts, ofiEvent(pb, bidSz, pa, askSz, this.bidPx, this.bidSz, this.askPx, this.askSz));
      this.evict(ts - this.seconds);
      this.value = this.sum;
    }
    this.quotes++;
    this.lastTs = ts;
    this.bidPx = pb;
    this.bidSz = bidSz;
    this.askPx = pa;
    this.askSz = askSz;
    return this.value;
  }

  private check(ts: number, bidPx: number, bidSz: number, askPx: number, askSz: number): void {
    checkFinite(this.name, 'ts', ts);
    checkLevel(this.name, 'bidPx', 'bidSz', bidPx, bidSz);
    checkLevel(this.name, 'askPx', 'askSz', askPx, askSz);
    if (ts < this.lastTs)
      throw new IndicatorDomainError(this.name, 'ts', ts, `must not be before the previous ${this.lastTs}`);
  }

  private push(ts: number, e: number): void {
    if (this.size === this.ts.length) this.grow();
    const mask = this.ts.length - 1;
    const at = (this.head + this.size) & mask;
    this.ts[at] = ts;
    this.es[at] = e;
    this.size++;
    this.sum += e;
    if (++this.pushesSinceResum === this.ts.length) this.resum();
  }

  private evict(cutoff: number): void {
    const mask = this.ts.length - 1;
    while (this.size > 0 && this.ts[this.head]! <= cutoff) {
      this.sum -= this.es[this.head]!;
      this.head = (this.head + 1) & mask;
      this.size--;
    }
    if (this.size === 0) this.sum = 0;
  }

  private resum(): void {
    const mask = this.ts.length - 1;
    let s = 0;
    for (let i = 0; i < this.size; i++) s += this.es[(this.head + i) & mask]!;
    this.sum = s;
    this.pushesSinceResum = 0;
  }

  private grow(): void {
    const cap = this.ts.length;
    const ts = new Float64Array(cap * 2);
    const es = new Float64Array(cap * 2);
    for (let i = 0; i < this.size; i++) {
      ts[i] = this.ts[(this.head + i) & (cap - 1)]!;
      es[i] = this.es[(this.head + i) & (cap - 1)]!;
    }
    this.ts = ts;
    this.es = es;
    this.head = 0;
  }

  reset(): void {
    this.head = this.size = this.sum = this.pushesSinceResum = this.quotes = 0;
    this.bidPx = this.bidSz = this.askPx = this.askSz = 0;
    this.lastTs = -Infinity;
    this.value = NaN;
  }
}

/** Batch twin: row i = TimedOFI(seconds) after quote i. */
export function timedOfiBatch(
  ts: ArrayLike<number>,
  bidPx: ArrayLike<number>,
  bidSz: ArrayLike<number>,
  askPx: ArrayLike<number>,
  askSz: ArrayLike<number>,
  seconds: number,
  out = new Float64Array(ts.length),
): Float64Array {
  const ind = new TimedOFI(seconds);
  for (let i = 0; i < ts.length; i++) out[i] = ind.update(ts[i]!, bidPx[i]!, bidSz[i]!, askPx[i]!, askSz[i]!);
  return out;
}
