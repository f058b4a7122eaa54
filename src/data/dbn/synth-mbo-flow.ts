/**
 * The synthetic MBO generator's event loop (the model is described in synth-mbo.ts): picks an instrument,
 * moves its latent fair value, draws one event (add, cancel, modify, trade or sweep, or a stale-order
 * cancel that keeps the book's span bounded), applies it to SynthBook and writes its records through
 * SynthMboRecords. Everything runs on typed arrays and the one seeded Rng; nothing is allocated per event.
 *
 * Speed (the generator is meant to write tens of millions of records in seconds): ~6 random draws an
 * event; uniforms are 32-bit, taken from a buffer the Rng refills in bulk; a uniform that picked a branch
 * is rescaled and reused for the next choice inside it (the event kind, then the side). Doubles shared
 * between methods (the buy probability, a branch's uniform) travel in fields, not arguments or return
 * values: V8 boxes a double passed to or returned from a call it does not inline, one allocation each.
 *
 * Invariants kept here (tested by replaying the output): adds never cross or lock the book; a cancel,
 * modify or trade never empties a side (sides keep at least `minSideOrders`, a trade never takes the
 * side's deepest level whole); a trade fills resting orders in FIFO order at the prices it walks.
 */
import { Rng } from '../../core/rng.js';
import {
  ACTION_ADD,
  ACTION_CANCEL,
  ACTION_FILL,
  ACTION_MODIFY,
  ACTION_TRADE,
  FLAG_SNAPSHOT,
  type MboTable,
} from '../schemas.js';
import { ASK, BID, SynthBook } from './synth-mbo-book.js';
import type { ResolvedSynthMbo, SynthMboMix } from './synth-mbo-options.js';
import { SynthMboRecords } from './synth-mbo-records.js';
import { SynthTradePlan } from './synth-mbo-trade.js';

/** Mean resting orders per price level the cancel rate aims at (book size target = 2 × depth × this). */
const ORDERS_PER_LEVEL = 3;
/** Probability that an add goes inside a spread wider than one tick (the touch refilling). */
const INSIDE_PROB = 0.6;
/** Probability per event that an instrument's fair-value drift regime changes. */
export const REGIME_SWITCH = 1e-4;
/** How far (ticks) the fair value may lead the mid; beyond that it is dragged along. */
const MAX_GAP = 8;
/** Share of sweeps that clear their last level and leave the aggressor's remainder resting there. */
const SWEEP_REST_PROB = 0.4;
const U32 = 2.3283064365386963e-10; // 2^-32
/** Random words prefetched per refill; an event draws at most EVENT_DRAWS of them. */
const BATCH = 4096;
const EVENT_DRAWS = 32;

export class SynthMboFlow {
  readonly book: SynthBook;
  private readonly rng: Rng;
  private readonly out: SynthMboRecords;
  private readonly trade: SynthTradePlan;
  private readonly mix: SynthMboMix;
  private readonly cumWeight: Float64Array;
  private readonly fair: Float64Array;
  private readonly regime: Int8Array;
  private readonly depth: number;
  private readonly signal: number;
  private readonly volatility: number;
  private readonly meanSize: number;
  private readonly sweepProb: number;
  private readonly maxSweepLevels: number;
  private readonly spanLimit: number;
  private readonly minSideOrders: number;
  private readonly targetOrders: number;
  private readonly floorTick: number;
  private nextId: number;
  private opened = false;
  private readonly words = new Uint32Array(BATCH);
  private wordAt = BATCH;
  /** This event's probability of buy-side flow, and the lean toward the side with fewer orders. */
  private pBuy = 0.5;
  private lean = 0;
  /** The uniform that picked this event's kind, rescaled: the event's first choice. */
  private v = 0;

  constructor(private readonly cfg: ResolvedSynthMbo) {
    const n = cfg.instruments.length;
    this.rng = new Rng(cfg.seed);
    this.depth = cfg.depth;
    this.signal = cfg.signal;
    this.volatility = cfg.volatility;
    this.meanSize = cfg.meanOrderSize;
    this.sweepProb = cfg.sweepProb;
    this.maxSweepLevels = cfg.maxSweepLevels;
    this.mix = cfg.mix;
    this.spanLimit = 4 * cfg.depth + 16;
    let window = 256;
    while (window < 4 * this.spanLimit + 512) window *= 2;
    this.book = new SynthBook(n, window, n * cfg.depth * 8);
    this.out = new SynthMboRecords(cfg, this.book);
    this.trade = new SynthTradePlan(this.book);
    this.minSideOrders = Math.max(2, cfg.depth >> 1);
    this.targetOrders = 2 * cfg.depth * ORDERS_PER_LEVEL;
    this.floorTick = 2 * this.spanLimit + 64;
    this.cumWeight = new Float64Array(n);
    this.fair = new Float64Array(n);
    this.regime = new Int8Array(n);
    let w = 0;
    cfg.instruments.forEach((s, i) => {
      this.cumWeight[i] = w += s.weight;
      this.fair[i] = s.midTicks;
    });
    this.nextId = cfg.firstOrderId;
  }

  /** Appends whole events to `t` until it holds at least `target` records (the snapshot comes first). */
  fill(t: MboTable, target: number): void {
    this.out.attach(t);
    if (!this.opened) {
      this.opened = true;
      for (let i = 0; i < this.cfg.instruments.length; i++) this.snapshot(i);
    }
    while (this.out.count < target) this.step();
    this.out.detach();
  }

  /** A uniform in [0, 1) from the prefetched words (an event never draws more than EVENT_DRAWS). */
  private u(): number {
    return this.words[this.wordAt++]! * U32;
  }

  /** Makes at least EVENT_DRAWS words available: keeps the unread ones, then refills from the Rng. */
  private prefetch(): void {
    const w = this.words;
    const left = BATCH - this.wordAt;
    if (left >= EVENT_DRAWS) return;
    w.copyWithin(0, this.wordAt);
    for (let k = left; k < BATCH; k++) w[k] = this.rng.nextU32();
    this.wordAt = 0;
  }

  /** A Clear then the opening book as adds, all flagged F_SNAPSHOT, FLAG_LAST on the last (like Databento). */
  private snapshot(i: number): void {
    const mid = this.cfg.instruments[i]!.midTicks;
    this.out.room(1 + 2 * this.depth * 4);
    this.prefetch();
    this.out.begin(false, 0, this.words[this.wordAt++]! & 255);
    this.out.clear(i);
    for (let side = BID; side <= ASK; side++)
      for (let o = 0; o < this.depth; o++) {
        this.prefetch();
        const u = this.u();
        if (o > 0 && u < 0.15) continue; // a few gaps, as in real depth
        const tick = side === BID ? mid - 1 - o : mid + o;
        const v = o === 0 ? u : (u - 0.15) / 0.85;
        for (let n = 1 + Math.floor(v * 4); n > 0; n--)
          this.addOrder(i, side, tick, this.orderSize(), FLAG_SNAPSHOT);
      }
    this.out.end();
  }

  private step(): void {
    this.prefetch();
    const r = this.words[this.wordAt++]!;
    this.out.begin(true, r >>> 8, r & 255);
    const i = this.pickInstrument();
    const b = this.book;
    const bb = b.best[2 * i]!;
    const ba = b.best[2 * i + 1]!;
    this.moveFair(i, bb + ba);
    if (ba - b.deep[2 * i]! > this.spanLimit) return this.cancelStale(i, BID);
    if (b.deep[2 * i + 1]! - bb > this.spanLimit) return this.cancelStale(i, ASK);
    this.setBuyProb(i, bb, ba);
    const cb = b.count[2 * i]!;
    const ca = b.count[2 * i + 1]!;
    this.lean = (0.25 * (ca - cb)) / (ca + cb);
    const load = (cb + ca) / this.targetOrders;
    const m = this.mix;
    const wCancel = m.cancel * load;
    const wModify = m.modify * load;
    let u = this.u() * (m.add + wCancel + wModify + m.trade);
    // Each branch gets the rest of u rescaled to [0, 1): a fresh uniform for its own first choice.
    if (u < m.add) {
      this.v = u / m.add;
      return this.addEvent(i);
    }
    if ((u -= m.add) < wCancel) {
      this.v = u / wCancel;
      return this.cancelEvent(i);
    }
    if ((u -= wCancel) < wModify) {
      this.v = u / wModify;
      return this.modifyEvent(i);
    }
    this.v = Math.min(1, (u - wModify) / m.trade);
    this.tradeEvent(i);
  }

  private pickInstrument(): number {
    const w = this.cumWeight;
    if (w.length === 1) return 0;
    const u = this.u() * w[w.length - 1]!;
    let i = 0;
    while (u >= w[i]! && i < w.length - 1) i++;
    return i;
  }

  /**
   * The latent fair value: ±1 tick with probability `volatility`, up with probability 1/2 + regime / 10;
   * the regime (-1 down, 0 flat, +1 up) is redrawn with probability REGIME_SWITCH per event.
   */
  private moveFair(i: number, mid2: number): void {
    const mid = mid2 / 2;
    const u = this.u();
    const vol = this.volatility;
    let f = this.fair[i]!;
    if (u < vol) f += u < vol * (0.5 + 0.1 * this.regime[i]!) ? 1 : -1;
    else if (u >= 1 - REGIME_SWITCH)
      this.regime[i] = Math.min(2, Math.floor(((1 - u) / REGIME_SWITCH) * 3)) - 1;
    if (f > mid + MAX_GAP) f = mid + MAX_GAP;
    else if (f < mid - MAX_GAP) f = mid - MAX_GAP;
    this.fair[i] = f;
  }

  /** Probability that this event's flow is buy-side: 1/2 tilted toward the fair value by `signal`. */
  private setBuyProb(i: number, bb: number, ba: number): void {
    let x = (this.fair[i]! - (bb + ba) / 2) / 2;
    if (x > 1) x = 1;
    else if (x < -1) x = -1;
    this.pBuy = 0.5 + 0.5 * this.signal * x;
    if (bb < this.floorTick)
      this.pBuy = 0.9; // keep prices far above 0
    else if (ba > 2 ** 29) this.pBuy = 0.1; // and ticks far below 2^31
  }

  // Side choices use pBuy + lean: the probability of adding a bid, or of cancelling an offer (buying
  // pressure pulls offers; the fuller side cancels more), so that neither side drains by chance.

  private addEvent(i: number): void {
    this.out.room(1);
    const side = this.v < this.pBuy + this.lean ? BID : ASK;
    this.addOrder(i, side, this.placeTick(i, side), this.orderSize(), 0);
    this.out.end();
  }

  /** Inside a wide spread (refilling the touch) or a power-law offset behind the own touch. */
  private placeTick(i: number, side: number): number {
    const bb = this.book.best[2 * i]!;
    const ba = this.book.best[2 * i + 1]!;
    const spread = ba - bb;
    let u = this.u();
    if (spread > 1) {
      if (u < INSIDE_PROB) {
        const inside = Math.floor((u / INSIDE_PROB) * (spread - 1));
        return side === BID ? bb + 1 + inside : ba - 1 - inside;
      }
      u = (u - INSIDE_PROB) / (1 - INSIDE_PROB);
    }
    const offset = Math.floor(this.depth * u * u * u);
    return side === BID ? bb - offset : ba + offset;
  }

  private addOrder(i: number, side: number, tick: number, size: number, flags: number): void {
    const p = this.book.add(i, side, tick, size, this.nextId++);
    this.out.order(i, p, side, tick, size, ACTION_ADD, flags);
  }

  private cancelEvent(i: number): void {
    const side = this.v < this.pBuy + this.lean ? ASK : BID;
    if (this.book.count[2 * i + side]! <= this.minSideOrders) {
      this.v = this.u();
      return this.addEvent(i);
    }
    const p = this.pickNearTouch(i, side);
    this.out.room(1);
    this.out.order(i, p, side, this.book.tick[p]!, this.book.size[p]!, ACTION_CANCEL, 0);
    this.book.remove(p);
    this.out.end();
  }

  /** A stale order (the tail of the deepest level) cancelled because the market moved away from it. */
  private cancelStale(i: number, side: number): void {
    const b = this.book;
    const p = b.lvTail[b.level(i, b.deep[2 * i + side]!)]!;
    this.out.room(1);
    this.out.order(i, p, side, b.tick[p]!, b.size[p]!, ACTION_CANCEL, 0);
    b.remove(p);
    this.out.end();
  }

  /** The nearest to the touch of three uniformly drawn resting orders: cancels cluster at the touch. */
  private pickNearTouch(i: number, side: number): number {
    const b = this.book;
    const n = b.count[2 * i + side]!;
    const best = b.best[2 * i + side]!;
    const r = this.words[this.wordAt++]!;
    const p1 = b.liveAt(i, side, Math.floor(((r & 0xffff) * n) / 65536));
    const p2 = b.liveAt(i, side, Math.floor(((r >>> 16) * n) / 65536));
    const p3 = b.liveAt(i, side, Math.floor(this.u() * n));
    const d1 = Math.abs(b.tick[p1]! - best);
    const d2 = Math.abs(b.tick[p2]! - best);
    const d3 = Math.abs(b.tick[p3]! - best);
    return d1 <= d2 ? (d1 <= d3 ? p1 : p3) : d2 <= d3 ? p2 : p3;
  }

  /** Reduce (keeps priority), increase or reprice (both lose it): one Modify with the new price and size. */
  private modifyEvent(i: number): void {
    const b = this.book;
    const side = this.v < this.pBuy + this.lean ? ASK : BID;
    const p = this.pickNearTouch(i, side);
    const size = b.size[p]!;
    const tick = b.tick[p]!;
    const u = this.u();
    this.out.room(1);
    if (u < 0.55 && size > 1) b.reduce(p, size - 1 - Math.floor((u / 0.55) * (size - 1)));
    else if (u < 0.8) {
      const w = u < 0.55 ? u / 0.55 : (u - 0.55) / 0.25; // a size-1 order grows instead of shrinking
      b.move(p, tick, size + 1 + Math.floor(w * this.meanSize));
    } else {
      this.v = (u - 0.8) / 0.2;
      b.move(p, this.repriceTick(i, side, tick), size);
    }
    this.out.order(i, p, side, b.tick[p]!, b.size[p]!, ACTION_MODIFY, 0);
    this.out.end();
  }

  /** 1-3 ticks toward or away from the touch, never onto or through the opposite touch. */
  private repriceTick(i: number, side: number, tick: number): number {
    const u = this.v;
    const toward = u < 0.5;
    const delta = 1 + Math.floor((toward ? u * 2 : u * 2 - 1) * 3);
    if (side === BID) {
      const limit = this.book.best[2 * i + 1]! - 1;
      const t = toward ? Math.min(tick + delta, limit) : tick - delta;
      return t === tick ? tick - delta : t;
    }
    const limit = this.book.best[2 * i]! + 1;
    const t = toward ? Math.max(tick - delta, limit) : tick + delta;
    return t === tick ? tick + delta : t;
  }

  /**
   * Order sizes: 1 + exponential around the mean, 1 in 32 a block order 5-20 times larger. One draw: its
   * low 5 bits pick blocks, the next 4 the multiple, the top 23 the exponential.
   */
  private orderSize(): number {
    const r = this.words[this.wordAt++]!;
    const e = -Math.log(1 - (r >>> 9) * 1.1920928955078125e-7); // 2^-23
    const s = 1 + Math.floor(e * (this.meanSize - 1));
    return (r & 31) === 0 ? s * (5 + ((r >>> 5) & 15)) : s;
  }

  private tradeEvent(i: number): void {
    const u = this.v;
    const pBuy = this.pBuy;
    const agg = u < pBuy ? BID : ASK;
    const rest = agg === BID ? ASK : BID;
    const v = agg === BID ? u / pBuy : (u - pBuy) / (1 - pBuy);
    const sweep = v < this.sweepProb;
    const levels = sweep ? 2 + Math.floor((v / this.sweepProb) * (this.maxSweepLevels - 1)) : 1;
    const lastTake = 1 + Math.floor(-Math.log(1 - this.u()) * this.meanSize);
    const plan = this.trade;
    const cleared = plan.plan(i, rest, levels, lastTake);
    if (plan.levels === 0) {
      this.v = this.u();
      return this.addEvent(i);
    }
    this.out.room(plan.levels + 2 * plan.fills + 1);
    for (let l = 0; l < plan.levels; l++)
      this.out.order(i, -1, agg, plan.tick[l]!, plan.qty[l]!, ACTION_TRADE, 0);
    const b = this.book;
    for (let f = 0; f < plan.fills; f++) {
      const p = plan.order[f]!;
      this.out.order(i, p, rest, b.tick[p]!, plan.fill[f]!, ACTION_FILL, 0);
    }
    // Databento follows the fills with the book updates: a cancel of the filled size for each order.
    for (let f = 0; f < plan.fills; f++) {
      const p = plan.order[f]!;
      const q = plan.fill[f]!;
      this.out.order(i, p, rest, b.tick[p]!, q, ACTION_CANCEL, 0);
      if (q === b.size[p]) b.remove(p);
      else b.reduce(p, q);
    }
    if (cleared && sweep && this.u() < SWEEP_REST_PROB)
      this.addOrder(i, agg, plan.tick[plan.levels - 1]!, this.orderSize(), 0);
    this.out.end();
  }
}
