/**
 * Seeded synthetic MBO (order-by-order) flow for several instruments, consistent with a live book and
 * shaped like a Databento MBO file, for L3 tests, examples and benchmarks. It is synthetic: no statistic
 * of it is calibrated to a real market; docs/data-synth.md lists what it models and what it does not.
 *
 * Model (per instrument; instruments interleave on one clock, each with its own tick size, price level
 * and share of events):
 * - Book: each instrument opens with a snapshot — a Clear ('R') then adds over `depth` levels a side, all
 *   flagged F_SNAPSHOT. Event rates follow a zero-intelligence queue model after Cont, Stoikov & Talreja
 *   (2010): adds at a constant rate, placed at a power-law offset behind the own touch (or inside a spread
 *   wider than a tick, which refills the touch after a sweep); cancels and modifies at a rate proportional
 *   to the resting orders (so the book holds ~3 orders a level), each picking the nearest to the touch of
 *   three random orders (cancels cluster at the touch); trades at a constant rate. Most adds end cancelled.
 * - Sizes: 1 + exponential around `meanOrderSize`, 4 % block orders 5-20 times larger.
 * - Modifies: 55 % reduce the size (the order keeps its place), 25 % increase it, 20 % move it 1-3 ticks;
 *   those two lose priority. Each is one Modify ('M') record with the new price and size, as Databento.
 * - Trades: an aggressor takes a drawn size at the opposite touch; `sweepProb` of trades walk 2 to
 *   `maxSweepLevels` levels. A trade is written as Databento writes CME's: one Trade ('T', aggressor side,
 *   order id 0) per price level walked, then one Fill ('F') per resting order filled in FIFO order, then a
 *   Cancel ('C') of the filled size for each (a partial cancel when partly filled); 40 % of sweeps that
 *   clear their last level leave the aggressor's remainder resting there (an add in the same event).
 * - Price: a latent fair value moves ±1 tick with probability `volatility` per event, with a drift from a
 *   three-state regime (up, flat, down) that switches rarely, and never leads the mid by more than 8
 *   ticks. The mid itself moves only through the flow: order flow leans toward the fair value by `signal`
 *   (buy-side share of adds and aggressors = 1/2 + signal/2 × clamp(gap / 2 ticks); offers cancel in the
 *   same proportion), so order-flow imbalance leads mid moves — a small, synthetic predictive link that
 *   signal = 0 removes. Stale orders far from a moved market are cancelled.
 * - Timing: see synth-mbo-records.ts (exponential gaps at `ratePerSec`, ts_recv a few µs later).
 *
 * Invariants (tested by replaying the output into a naive book): every C/M/F names a live order with its
 * side and price; sizes stay positive; at every FLAG_LAST the book is neither crossed nor locked and has
 * both sides; trades are at prices with resting orders and their fills add up to them; the same options
 * give the same records. Limits: the output holds the snapshot and then whole events until it has at
 * least `events` records, so it may run a few records over; no auctions, halts, hidden or implied orders.
 */
import { trimTable, newTable, type MboTable } from '../schemas.js';
import { SynthMboFlow } from './synth-mbo-flow.js';
import {
  resolveSynthMbo,
  type ResolvedSynthMbo,
  type SynthInstrument,
  type SynthMboOptions,
} from './synth-mbo-options.js';

export type {
  SynthInstrument,
  SynthInstrumentSpec,
  SynthMboMix,
  SynthMboOptions,
} from './synth-mbo-options.js';
export { SYNTH_MBO_DEFAULTS } from './synth-mbo-options.js';

/**
 * The generator as a stream: `next` appends whole events to a table until it holds a number of records,
 * so a large file can be written in chunks of bounded memory. The records are the same, for any chunking,
 * as one `generateSynthMbo` call with the same options.
 */
export class SynthMboGenerator {
  readonly options: ResolvedSynthMbo;
  private readonly flow: SynthMboFlow;
  private written = 0;

  /** Throws a ConfigError naming the option for any invalid option. */
  constructor(options: SynthMboOptions) {
    this.options = resolveSynthMbo(options);
    this.flow = new SynthMboFlow(this.options);
  }

  /** The instruments: ids, tick sizes (1e-9 units), opening mids (ticks) and activity weights. */
  get instruments(): readonly SynthInstrument[] {
    return this.options.instruments;
  }

  /** Records generated so far. */
  get records(): number {
    return this.written;
  }

  /** Whether the `events` records asked for have been generated. */
  get done(): boolean {
    return this.written >= this.options.events && this.written > 0;
  }

  /**
   * Empties `into` (or a new table) and fills it with whole events: at least `maxRecords` records, or
   * what remains of `events` when that is less. Returns the table (grown when an event did not fit).
   */
  next(maxRecords: number, into?: MboTable): MboTable {
    const t = into ?? newTable('mbo', maxRecords + 64);
    t.length = 0;
    const remaining = Math.max(1, this.options.events - this.written);
    this.flow.fill(t, Math.min(maxRecords, remaining));
    this.written += t.length;
    return t;
  }
}

/** Seeded synthetic MBO records of every instrument, time-ordered (see the module header). */
export function generateSynthMbo(options: SynthMboOptions): MboTable {
  const gen = new SynthMboGenerator(options);
  const depth = gen.options.depth;
  const snapshot = gen.instruments.length * (1 + 8 * depth);
  const t = newTable('mbo', Math.max(16, gen.options.events, snapshot) + 64);
  return trimTable(gen.next(gen.options.events, t));
}
