/**
 * The event loop (DESIGN.md §2). Market data streams are merged by (timestamp, stream priority, stream
 * index); a small heap holds what the engine schedules itself (order arrivals after entry latency,
 * reports after response latency, timers, GTD expiries). Events due at or before the next market-data
 * timestamp run first, ties in scheduling order, so every run orders events identically.
 *
 * A bar event of instrument i at time T runs: (1) the venue matches working orders against the bar
 * (exchange side); (2) engine events due by T run — with zero response latency that delivers the fills of
 * step 1, booked in the portfolio; (3) the portfolio marks i at the bar's close; (4) each strategy's onBar
 * sees the bar. Orders a strategy sends in onBar reach the venue after the entry latency, so they trade on
 * a later bar (no lookahead). One equity sample is recorded per distinct market-data timestamp, after all
 * events at that timestamp and before any later event.
 *
 * Local vs exchange: the venue's order state runs ahead of the strategy's view; positions, cash and
 * OrderUpdates reach the strategy only when the response latency has passed.
 * Chunked streams (BarChunkSource, src/data/stream/bar-stream.ts): when a stream's current chunk is used up the
 * loop returns to `runAsync`, which awaits the next chunk (already being decoded when the source
 * prefetches), checks it continues the stream in time, and resumes — same events in the same order as
 * with the whole table in memory. History windows reach back into the previous chunk only.
 * A strategy's throw ends the run as a StrategyError naming the hook, the event's symbol, the simulated
 * time and the line in the strategy's source (worked out only then: the loop keeps no extra state).
 * JIT: the loop is one long function, entered once per run, so V8 runs it as on-stack-replacement code.
 * Strategy hooks are called, never inlined into it (see `loop`): a strategy's onBar is read once, after
 * onStart, and runs its own optimised code with its indicators inlined there.
 * Book feeds (book-feed.ts): an MBO or MBP-10 table is two streams, its venue side (ts_event: the book
 * venue matches our orders) and its local side (when the strategy learns of each record: the strategy's
 * book, onBook at consistent points, marks at trades). Orders on instruments with a book feed go to the
 * book venue, with the book latency model per operation; others to the bar venue.
 * Limits: one bar stream per instrument; no feed latency at bar level.
 */
import { DataError, HindsightError, StrategyError } from '../core/errors.js';
import type { Instrument } from '../core/instrument.js';
import { formatIso, tsAddNanos, type Timestamp } from '../core/time.js';
import { allocBarTable, type BarTable } from '../data/bars.js';
import type { BarChunkSource } from '../data/stream/bar-stream.js';
import { BarVenue, type VenueSink } from '../exec/bar-venue.js';
import type { FillRecord, Liquidity } from '../exec/fill.js';
import type { CommissionModel, LatencyModel, SlippageModel } from '../exec/models.js';
import {
  OrderUpdate,
  type Order,
  type OrderChange,
  type OrderEventKind,
  type OrderStatus,
} from '../exec/order.js';
import { Portfolio } from '../portfolio/portfolio.js';
import { RiskLimits, type RiskLimitsConfig } from '../risk/limits.js';
import type { RunRecord, StrategyReport } from '../analytics/run-record.js';
import { BarHistory, BarView } from '../strategy/bar-view.js';
import { QuoteView, TradeView } from '../strategy/tick-view.js';
import type { QuoteColumns, TickColumns, TradeColumns } from '../data/ticks/columns.js';
import { Strategy, type StrategyLike } from '../strategy/strategy.js';
import { StrategyContext, type LogLevel } from './context-impl.js';
import { strategyErrorLocation } from './strategy-loader.js';
import { EquityRecorder } from './equity-recorder.js';
import { EventHeap } from './event-heap.js';
import { StreamMerge, type MergeStream } from './stream-merge.js';
import { BookFillLog } from '../analytics/book-fills.js';
import {
  BookRuntime,
  prepareFeed,
  type BookFeedSpec,
  type BookRuntimeOptions,
  type PreparedFeed,
} from './book-feed.js';
import { LatencyOp } from '../exec/book/latency.js';
import type { BookVenueSink } from '../exec/book/venue.js';
import type { BookView } from '../book/view.js';

export interface BarStreamSpec {
  instrumentId: number;
  /** The rows (the first chunk, for a chunked stream). */
  table: BarTable;
  /** The rest of a chunked stream; the engine pulls from it when `table` is used up (runAsync only). */
  more?: BarChunkSource | null;
  /** Lower runs first among events with the same timestamp. Default 0. */
  priority?: number;
}

/** A trade or quote stream of one instrument (strategies' onTrade / onQuote). */
export interface TickStreamSpec {
  instrumentId: number;
  columns: TickColumns;
  /** Lower runs first among events with the same timestamp. Default 0. */
  priority?: number;
}

export interface StrategySlot {
  id: string;
  strategy: StrategyLike;
  params: Record<string, unknown>;
  /** Symbols whose data this strategy receives; null = all. */
  symbols: string[] | null;
}

export interface EngineOptions {
  instruments: Instrument[];
  bars: BarStreamSpec[];
  /** Trade and quote streams (no order matching on them: the venue trades on bars). */
  ticks?: TickStreamSpec[];
  /** Order-book feeds and the book venue's models (instruments with a feed trade on the book venue). */
  books?: { feeds: BookFeedSpec[]; options: BookRuntimeOptions };
  strategies: StrategySlot[];
  initialCash: string | number;
  fillAtClose: boolean;
  volumeParticipation: number | null;
  commission: (cashScale: number, instruments: readonly Instrument[]) => CommissionModel;
  slippage: SlippageModel;
  latency: LatencyModel;
  risk: RiskLimitsConfig;
  logLevel?: LogLevel;
  logWrite?: (line: string) => void;
  /** Called every 2^16 events and at the end with (events done, events total). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Equity sampling: 0 (default) = one sample per distinct data timestamp; N > 0 = the last sample of
   * each N-second bucket of UTC time (bounded memory on long streamed runs).
   */
  equityIntervalSec?: number;
}

const enum Kind {
  Arrive,
  Cancel,
  Modify,
  Report,
  Timer,
  Expire,
}

/**
 * One engine event. Pooled: the loop recycles them, so scheduling allocates nothing in steady state.
 * Reports carry the snapshot an OrderUpdate is built from — built only for strategies that listen.
 */
class Scheduled {
  kind = Kind.Arrive;
  order: Order | null = null;
  change: ResolvedChange | null = null;
  fill: FillRecord | null = null;
  strategyIndex = -1;
  timerId = 0;
  name = '';
  eventKind: OrderEventKind = 'accepted';
  reason = '';
  status: OrderStatus = 'submitted';
  eventSec = 0;
  eventNsec = 0;
  filledLots = 0;
  remainingLots = 0;
  /** Book-venue fills: the order's entry latency, its queue wait (ns) and twice the arrival mid (ticks). */
  bookFill = false;
  latencyNs = 0;
  queueWaitNs = 0;
  arrivalMid2 = NaN;
}

export interface ResolvedChange extends OrderChange {
  lots?: number;
  limitTicks?: number;
  stopTicks?: number;
}

const enum StreamKind {
  Bars,
  Trades,
  Quotes,
  BookVenue,
  BookLocal,
}

interface BarStream extends MergeStream {
  kind: StreamKind;
  instrumentId: number;
  /** Bar streams: the current rows (tick streams: an empty table). */
  table: BarTable;
  ticks: TickColumns | null;
  source: BarChunkSource | null;
  /** Book streams: the feed whose venue or local side this is. */
  feed: PreparedFeed | null;
}

function newFillRecord(): FillRecord {
  return {
    tsSec: 0,
    tsNsec: 0,
    strategyIndex: 0,
    instrumentId: 0,
    orderId: 0,
    side: 1,
    lots: 0,
    priceTicks: 0,
    feeUnits: 0,
    liquidity: 'taker',
  };
}

/** Bar rows must be in strictly increasing time (readers guarantee it; in-memory tables are checked here). */
function assertIncreasing(t: BarTable): void {
  const sec = t.tsSec;
  const nsec = t.tsNsec;
  for (let i = 1; i < t.length; i++) {
    const a = sec[i - 1]!;
    const b = sec[i]!;
    if (b < a || (b === a && nsec[i]! <= nsec[i - 1]!))
      throw new DataError(
        { file: `bars of ${t.symbol}`, row: i + 1, field: 'timestamp', value: formatIso(b, nsec[i]!) },
        `not after the previous row (${formatIso(a, nsec[i - 1]!)}): bar rows must be in strictly increasing time`,
      );
  }
}

export type EngineResult = Omit<RunRecord, 'config' | 'dataSources' | 'riskFreeRate' | 'periodsPerYear'>;

export class Engine implements VenueSink {
  readonly instruments: Instrument[];
  readonly portfolio: Portfolio;
  readonly venue: BarVenue;
  readonly risk: RiskLimits;
  readonly latency: LatencyModel;
  readonly contexts: StrategyContext[];
  readonly histories: (BarHistory | null)[];
  /** Per stream, the strategies subscribed to it. */
  private readonly subscribers: number[][];
  private readonly strategies: Strategy[];
  /**
   * Per strategy, its onBar / onTrade / onQuote as read after onStart. The loop calls them as
   * `hook.call(strategy, view)`: a function read from an array gives TurboFan no call target to inline
   * (see `loop`).
   */
  private barHooks: ((bar: BarView) => void)[] = [];
  private tradeHooks: ((trade: TradeView) => void)[] = [];
  private quoteHooks: ((quote: QuoteView) => void)[] = [];
  private bookHooks: ((book: BookView) => void)[] = [];
  /** Order books and the book venue, when the run has book feeds. */
  readonly books: BookRuntime | null = null;
  /** Per instrument, the strategies subscribed to its symbol (book feeds dispatch per record). */
  private readonly symbolSubscribers: number[][];
  private readonly streams: BarStream[];
  private readonly heap = new EventHeap<Scheduled>();
  private readonly pool: Scheduled[] = [];
  private readonly fillPool: FillRecord[] = [];
  /** Per strategy: does it override onOrderUpdate? (If not, no OrderUpdate objects are built.) */
  private readonly listens: boolean[];
  private readonly equity: EquityRecorder;
  private readonly barView = new BarView();
  private readonly tradeView = new TradeView();
  private readonly quoteView = new QuoteView();
  private readonly scratch: Timestamp = { sec: 0, nsec: 0 };
  private nextOrderId = 1;
  private nextTimerId = 1;
  private readonly cancelledTimers = new Set<number>();
  private ordersRejected = 0;
  private readonly orderCounts: Int32Array;
  private readonly fillCounts: Int32Array;
  nowSec = 0;
  nowNsec = 0;
  private activeStrategy = -1;
  private activeHook = '';
  /** The symbol of the order update being handled (errors name it). */
  private orderUpdateSymbol: string | null = null;
  private started = false;
  /** Per strategy: 1 once it has bound indicators or timeframes. */
  private readonly bound: Uint8Array;
  /** Loop state kept across chunk refills (the loop returns to runAsync and comes back). */
  private pendingSample = false;
  private sampleSec = 0;
  private sampleNsec = 0;
  private eventsBefore = 0;
  private readonly cashDiv: number;
  /** Latency, queue wait and arrival mid of each book-venue fill. */
  readonly bookFills = new BookFillLog();
  private readonly equityIntervalSec: number;

  constructor(private readonly opts: EngineOptions) {
    this.instruments = opts.instruments;
    this.portfolio = new Portfolio({
      instruments: opts.instruments,
      strategyCount: opts.strategies.length,
      initialCash: opts.initialCash,
      // Reserved, not touched: room for a fill every 8 events costs only address space.
      expectedFills: Math.ceil(opts.bars.reduce((n, b) => n + (b.more?.rowsHint ?? b.table.length), 0) / 8),
    });
    this.venue = new BarVenue(
      opts.instruments,
      {
        fillAtClose: opts.fillAtClose,
        volumeParticipation: opts.volumeParticipation,
        commission: opts.commission(this.portfolio.cashScale, opts.instruments),
        slippage: opts.slippage,
      },
      this,
    );
    this.cashDiv = 10 ** this.portfolio.cashScale;
    this.risk = new RiskLimits(opts.risk);
    this.latency = opts.latency;
    this.histories = opts.instruments.map(() => null);
    this.streams = opts.bars.map((b) => {
      assertIncreasing(b.table);
      if (this.histories[b.instrumentId])
        throw new HindsightError(
          `two bar streams for ${opts.instruments[b.instrumentId]!.symbol}`,
          'E_CONFIG',
        );
      this.histories[b.instrumentId] = new BarHistory(b.table, opts.instruments[b.instrumentId]!);
      const source = b.more ?? null;
      return {
        kind: StreamKind.Bars,
        ticks: null,
        instrumentId: b.instrumentId,
        table: b.table,
        length: b.table.length,
        tsSec: b.table.tsSec,
        tsNsec: b.table.tsNsec,
        priority: b.priority ?? 0,
        more: source !== null && b.table.length > 0,
        source,
        feed: null,
      };
    });
    for (const t of opts.ticks ?? []) {
      const c = t.columns;
      this.streams.push({
        kind: c.kind === 'trades' ? StreamKind.Trades : StreamKind.Quotes,
        ticks: c,
        instrumentId: t.instrumentId,
        table: allocBarTable(c.symbol, opts.instruments[t.instrumentId]!.tick, 0),
        length: c.length,
        tsSec: c.tsSec,
        tsNsec: c.tsNsec,
        priority: t.priority ?? 0,
        more: false,
        source: null,
        feed: null,
      });
    }
    if (opts.books) {
      const feeds = opts.books.feeds.map((f) => prepareFeed(f, opts.books!.options.feedClock));
      this.books = new BookRuntime(feeds, opts.instruments, opts.books.options, this.bookSink());
      const empty = allocBarTable('', opts.instruments[0]!.tick, 0);
      for (const f of feeds) {
        // The venue side runs first among events at one timestamp: the exchange acts, then we see it.
        const side = (
          kind: StreamKind,
          sec: Float64Array,
          nsec: Uint32Array,
          priority: number,
        ): BarStream => ({
          kind,
          ticks: null,
          instrumentId: 0,
          table: empty,
          length: sec.length,
          tsSec: sec,
          tsNsec: nsec,
          priority,
          more: false,
          source: null,
          feed: f,
        });
        this.streams.push(side(StreamKind.BookVenue, f.venueSec, f.venueNsec, -2));
        this.streams.push(side(StreamKind.BookLocal, f.localSec, f.localNsec, -1));
      }
    }
    this.strategies = opts.strategies.map((s) => s.strategy as Strategy);
    this.contexts = opts.strategies.map(
      (s, i) => new StrategyContext(this, i, s.id, s.params, opts.logLevel ?? 'info', opts.logWrite),
    );
    this.strategies.forEach((s, i) => (s.ctx = this.contexts[i]!));
    this.listens = this.strategies.map((s) => s.onOrderUpdate !== Strategy.prototype.onOrderUpdate);
    this.symbolSubscribers = opts.instruments.map((inst) =>
      opts.strategies.flatMap((s, i) => (s.symbols === null || s.symbols.includes(inst.symbol) ? [i] : [])),
    );
    this.subscribers = this.streams.map((st) => {
      const symbol = opts.instruments[st.instrumentId]!.symbol;
      const subs: number[] = [];
      opts.strategies.forEach((s, i) => {
        if (s.symbols === null || s.symbols.includes(symbol)) subs.push(i);
      });
      return subs;
    });
    const interval = opts.equityIntervalSec ?? 0;
    this.equityIntervalSec = interval;
    const chunked = this.streams.some((s) => s.more);
    // With one in-memory stream sampled at every bar, sample i is row i: reuse its timestamp columns.
    const shared = this.streams.length === 1 && !chunked && interval === 0 ? this.streams[0]!.table : null;
    // One instrument, one in-memory bar stream: equity follows from (cash, net) and the close column.
    const lazy =
      shared !== null && opts.instruments.length === 1 && this.streams[0]!.kind === StreamKind.Bars
        ? { close: this.streams[0]!.table.close, unitsPerTickLot: this.portfolio.unitsPerTickLot[0]! }
        : null;
    this.equity = new EquityRecorder(
      chunked || this.books ? 1024 : this.totalRows() + 1,
      shared,
      interval,
      lazy,
    );
    this.bound = new Uint8Array(opts.strategies.length);
    this.orderCounts = new Int32Array(opts.strategies.length);
    this.fillCounts = new Int32Array(opts.strategies.length);
  }

  private totalRows(): number {
    let total = 0;
    // A book record is two stream events (venue and local) but one market-data event.
    for (const s of this.streams)
      if (s.kind !== StreamKind.BookVenue) total += s.source?.rowsHint ?? s.length;
    return total;
  }

  /** Runs over in-memory streams. Chunked streams need runAsync(). */
  run(): EngineResult {
    if (this.streams.some((s) => s.more))
      throw new HindsightError('chunked streams: use Engine.runAsync()', 'E_STATE');
    const merge = this.begin();
    const loopStart = performance.now();
    let events = 0;
    try {
      events = this.loop(merge, this.totalRows());
      this.stop();
    } catch (err) {
      throw this.wrap(err);
    }
    return this.finish(events, loopStart);
  }

  /** Runs over in-memory and chunked streams, awaiting each next chunk as the merge reaches it. */
  async runAsync(): Promise<EngineResult> {
    const merge = this.begin();
    const total = this.totalRows();
    const loopStart = performance.now();
    let events = 0;
    try {
      for (;;) {
        events += this.loop(merge, total);
        if (merge.stalled < 0) break;
        await this.refill(merge.stalled);
        merge.resume();
      }
      this.stop();
    } catch (err) {
      await Promise.all(this.streams.map((s) => s.source?.close()));
      throw this.wrap(err);
    }
    return this.finish(events, loopStart);
  }

  private begin(): StreamMerge {
    if (this.started) throw new HindsightError('an Engine runs once; build a new one', 'E_STATE');
    this.started = true;
    const merge = new StreamMerge(this.streams);
    if (!merge.done) {
      this.nowSec = merge.headSec;
      this.nowNsec = merge.headNsec;
    }
    try {
      for (let i = 0; i < this.strategies.length; i++) this.call(i, 'onStart');
    } catch (err) {
      throw this.wrap(err);
    }
    this.barHooks = this.strategies.map((s) => s.onBar);
    this.tradeHooks = this.strategies.map((s) => s.onTrade);
    this.quoteHooks = this.strategies.map((s) => s.onQuote);
    this.bookHooks = this.strategies.map((s) => s.onBook ?? Strategy.prototype.onBook);
    return merge;
  }

  /** Records the equity sample of the timestamp just finished. */
  private sample(sec: number, nsec: number, nextSec = NaN): void {
    // With interval sampling a later sample of the same bucket replaces this one: skip the work.
    const iv = this.equityIntervalSec;
    if (iv > 0 && Math.floor(nextSec / iv) === Math.floor(sec / iv)) return;
    const p = this.portfolio;
    if (this.equity.isLazy) this.equity.pushState(p.cashUnits, p.net[0]!);
    else this.equity.push(sec, nsec, p.equityUnits(), p.cashUnits);
  }

  private stop(): void {
    if (this.pendingSample) this.sample(this.sampleSec, this.sampleNsec);
    this.pendingSample = false;
    for (let i = 0; i < this.strategies.length; i++) this.call(i, 'onStop');
  }

  private finish(events: number, loopStart: number): EngineResult {
    const loopSeconds = (performance.now() - loopStart) / 1000;
    this.opts.onProgress?.(events, events);
    return this.result(events, loopSeconds);
  }

  /** A strategy's throw as a StrategyError saying where: symbol, simulated time, line of its source. */
  private wrap(err: unknown): Error {
    if (err instanceof HindsightError) return err;
    const id = this.opts.strategies[this.activeStrategy]?.id ?? '?';
    const hook = this.activeHook;
    return new StrategyError(id, hook, err, {
      symbol: this.hookSymbol(hook),
      // Before the first event there is no simulated time yet (onStart runs before it).
      time: hook === 'onStart' ? null : formatIso(this.nowSec, this.nowNsec),
      location: strategyErrorLocation(err),
    });
  }

  /** The symbol of the event a hook was handling, or null (onStart, onTimer, onStop). */
  private hookSymbol(hook: string): string | null {
    switch (hook) {
      case 'onBar':
        return this.barView.instrument?.symbol ?? null;
      case 'onTrade':
        return this.tradeView.instrument?.symbol ?? null;
      case 'onQuote':
        return this.quoteView.instrument?.symbol ?? null;
      case 'onBook':
        return this.bookSymbol;
      case 'onOrderUpdate':
        return this.orderUpdateSymbol;
      default:
        return null;
    }
  }

  /** Points a stalled stream at its next non-empty chunk (checked to continue it in time), or ends it. */
  private async refill(s: number): Promise<void> {
    const st = this.streams[s]!;
    const prev = st.table;
    let next: BarTable | null;
    do next = await st.source!.next();
    while (next !== null && next.length === 0);
    if (next === null) {
      st.more = false;
      st.length = 0;
      return;
    }
    const sym = this.instruments[st.instrumentId]!.symbol;
    if (next.symbol !== sym || next.tick.units !== prev.tick.units || next.tick.scale !== prev.tick.scale)
      throw new DataError(
        { file: `bars of ${sym}`, field: 'chunk' },
        `a chunk of ${next.symbol} with tick ${next.tick.units}e-${next.tick.scale} arrived in the stream of ${sym} (tick ${prev.tick.units}e-${prev.tick.scale})`,
      );
    const lastSec = prev.tsSec[prev.length - 1]!;
    const lastNsec = prev.tsNsec[prev.length - 1]!;
    const a = next.tsSec[0]!;
    if (a < lastSec || (a === lastSec && next.tsNsec[0]! <= lastNsec))
      throw new DataError(
        { file: `bars of ${sym}`, field: 'timestamp', value: formatIso(a, next.tsNsec[0]!) },
        `a chunk starts at or before the end of the previous one (${formatIso(lastSec, lastNsec)}): bar rows must be in strictly increasing time`,
      );
    assertIncreasing(next);
    st.table = next;
    st.tsSec = next.tsSec;
    st.tsNsec = next.tsNsec;
    st.length = next.length;
    this.histories[st.instrumentId]!.nextChunk(next);
  }

  /**
   * The event loop proper, kept in a function of its own so that the one-off code around it (start,
   * stop, results) never deoptimises it. Returns the number of market-data events processed.
   */
  private loop(merge: StreamMerge, total: number): number {
    const progress = this.opts.onProgress;
    let events = 0;
    let pendingSample = this.pendingSample;
    let sampleSec = this.sampleSec;
    let sampleNsec = this.sampleNsec;
    const heap = this.heap;
    const streams = this.streams;
    const portfolio = this.portfolio;
    const venue = this.venue;
    const histories = this.histories;
    const view = this.barView;
    const working = venue.working;
    const venueEveryBar = venue.needsEveryBar;
    const barHooks = this.barHooks;
    // One loop for both sources: market data in merge order, engine events when due (at or before
    // the next data timestamp, or once the data has run out).
    while (!merge.done || heap.size > 0) {
      // A chunked stream ran out of rows: runAsync fetches its next chunk before anything else happens.
      if (merge.stalled >= 0) break;
      const sec = merge.headSec;
      const nsec = merge.headNsec;
      if (heap.size > 0 && (merge.done || heap.dueBy(sec, nsec))) {
        const hs = heap.topSec;
        const hn = heap.topNsec;
        if (pendingSample && (hs !== sampleSec || hn !== sampleNsec)) {
          this.sample(sampleSec, sampleNsec, hs);
          pendingSample = false;
        }
        this.nowSec = hs;
        this.nowNsec = hn;
        this.dispatchScheduled(heap.pop());
        continue;
      }
      if (pendingSample && (sec !== sampleSec || nsec !== sampleNsec))
        this.sample(sampleSec, sampleNsec, sec);
      const s = merge.head;
      const row = merge.advance();
      const stream = streams[s]!;
      const inst = stream.instrumentId;
      const table = stream.table;
      this.nowSec = sec;
      this.nowNsec = nsec;
      if (stream.kind !== StreamKind.Bars) {
        this.tickEvent(s, row, sec, nsec);
        pendingSample = true;
        sampleSec = sec;
        sampleNsec = nsec;
        if (stream.kind !== StreamKind.BookVenue) events++;
        continue;
      }
      // The venue has work only when orders are working (or close fills need every bar): test inline.
      if (venueEveryBar || working[inst]!.length > 0) venue.onBar(inst, table, row);
      while (heap.size > 0 && heap.dueBy(sec, nsec)) this.dispatchScheduled(heap.pop());
      portfolio.mark(inst, table.close[row]!);
      histories[inst]!.row = row;
      const subs = this.subscribers[s]!;
      if (subs.length > 0) {
        view.table = table;
        view.row = row;
        view.instrument = this.instruments[inst]!;
        this.activeHook = 'onBar';
        for (let k = 0; k < subs.length; k++) {
          const idx = subs[k]!;
          this.activeStrategy = idx;
          // Bound indicators and higher timeframes see the bar first (strategy/timeframe.ts).
          if (this.bound[idx] !== 0) this.contexts[idx]!.bindings[inst]?.onBar(table, row);
          // Never inlined here, on purpose. TurboFan inlines a strategy's onBar into this loop when onBar
          // has no optimised code yet as the loop is compiled (a race of two concurrent compile jobs); its
          // indicators then compete with the loop's own callees for one inlining budget, and the losers
          // become calls returning boxed doubles: engine_sma_bars took 17% more CPU (40% in 2 runs of 25)
          // and 4 to 8 times the scavenges, in 18 of 25 bench runs and half the `hindsight run`s.
          // Called through Function.prototype.call on a function read from an array, the call has no
          // target TurboFan can inline, so onBar always runs its own optimised code, indicators inlined.
          barHooks[idx]!.call(this.strategies[idx]!, view);
        }
      }
      pendingSample = true;
      sampleSec = sec;
      sampleNsec = nsec;
      events++;
      if (progress !== undefined && (events & 0xffff) === 0) progress(this.eventsBefore + events, total);
    }
    this.pendingSample = pendingSample;
    this.sampleSec = sampleSec;
    this.sampleNsec = sampleNsec;
    this.eventsBefore += events;
    return events;
  }

  /**
   * A trade or quote: due engine events first, then (trades) the mark, then the subscribed strategies
   * (their hooks called, not inlined, as in `loop`).
   */
  private tickEvent(s: number, row: number, sec: number, nsec: number): void {
    const heap = this.heap;
    while (heap.size > 0 && heap.dueBy(sec, nsec)) this.dispatchScheduled(heap.pop());
    const stream = this.streams[s]!;
    if (stream.kind === StreamKind.BookVenue) return this.books!.venueRecord(stream.feed!, row);
    if (stream.kind === StreamKind.BookLocal) return this.bookEvent(stream.feed!, row);
    const inst = stream.instrumentId;
    const subs = this.subscribers[s]!;
    if (stream.kind === StreamKind.Trades) {
      const c = stream.ticks as TradeColumns;
      this.portfolio.mark(inst, c.priceTicks[row]!);
      const v = this.tradeView;
      v.table = c;
      v.row = row;
      v.instrument = this.instruments[inst]!;
      this.activeHook = 'onTrade';
      for (let k = 0; k < subs.length; k++) {
        const idx = subs[k]!;
        this.activeStrategy = idx;
        this.tradeHooks[idx]!.call(this.strategies[idx]!, v);
      }
    } else {
      const v = this.quoteView;
      v.table = stream.ticks as QuoteColumns;
      v.row = row;
      v.instrument = this.instruments[inst]!;
      this.activeHook = 'onQuote';
      for (let k = 0; k < subs.length; k++) {
        const idx = subs[k]!;
        this.activeStrategy = idx;
        this.quoteHooks[idx]!.call(this.strategies[idx]!, v);
      }
    }
  }

  /** A book record reaches the strategies' side: their book, the mark at trades, onBook when consistent. */
  private bookEvent(feed: PreparedFeed, row: number): void {
    const books = this.books!;
    const inst = books.localRecord(feed, row);
    if (inst < 0) return;
    const trade = books.lastTradeTicks;
    if (trade === trade) this.portfolio.mark(inst, trade);
    if (!books.lastConsistent) return;
    const subs = this.symbolSubscribers[inst]!;
    const view = books.local[inst]!;
    this.activeHook = 'onBook';
    this.bookSymbol = this.instruments[inst]!.symbol;
    for (let k = 0; k < subs.length; k++) {
      const idx = subs[k]!;
      this.activeStrategy = idx;
      this.bookHooks[idx]!.call(this.strategies[idx]!, view);
    }
  }
  private bookSymbol: string | null = null;

  private call(i: number, hook: 'onStart' | 'onStop'): void {
    this.activeStrategy = i;
    this.activeHook = hook;
    this.strategies[i]![hook]?.();
  }

  // ---------------------------------------------------------------------------------------------
  // Strategy-side requests (called through StrategyContext)

  newOrderId(): number {
    return this.nextOrderId++;
  }

  /** Sends a validated order: risk check, then arrival at the venue after the entry latency. */
  send(order: Order): void {
    this.orderCounts[order.strategyIndex]!++;
    const inst = order.instrument;
    // On the book venue the strategy learns of its orders through reports after the response latency.
    if (this.books !== null && this.books.trades(inst.id)) order.lagged = true;
    const reason = !this.risk.active
      ? ''
      : this.risk.check(
          inst,
          order.side,
          order.lots,
          this.portfolio.netLots(inst.id),
          this.pendingLots(inst.id, 1),
          this.pendingLots(inst.id, -1),
        );
    // A reduce-only order can only shrink a position (the venue caps each fill at it): never refused.
    if (reason !== '' && !order.reduceOnly) {
      order.status = 'rejected';
      order.rejectReason = reason;
      this.ordersRejected++;
      this.report('rejected', order, reason, null, this.nowSec, this.nowNsec, 0);
      return;
    }
    this.arrivalTime(order, LatencyOp.Submit);
    if (this.books !== null && this.books.trades(inst.id))
      this.books.sent(order, this.books.ns(this.nowSec, this.nowNsec));
    this.heap.push(this.scratch.sec, this.scratch.nsec, this.event(Kind.Arrive, order));
    const ctx = this.contexts[order.strategyIndex]!;
    ctx.track(order);
    ctx.addPending(inst.id, order.side, order.lots);
  }

  /** When a request about `order` sent now reaches its venue, into `scratch`. */
  private arrivalTime(order: Order, op: LatencyOp): void {
    const books = this.books;
    if (books !== null && books.trades(order.instrument.id))
      books.time(books.arrival(op, books.ns(this.nowSec, this.nowNsec)), this.scratch);
    else tsAddNanos(this.nowSec, this.nowNsec, this.latency.entryNanos(order), this.scratch);
  }

  requestCancel(order: Order): void {
    this.arrivalTime(order, LatencyOp.Cancel);
    this.heap.push(this.scratch.sec, this.scratch.nsec, this.event(Kind.Cancel, order));
  }

  requestModify(order: Order, change: ResolvedChange): void {
    this.arrivalTime(order, LatencyOp.Modify);
    this.heap.push(this.scratch.sec, this.scratch.nsec, this.event(Kind.Modify, order, change));
  }

  scheduleTimer(strategyIndex: number, sec: number, nsec: number, name: string): number {
    const id = this.nextTimerId++;
    const ev = this.event(Kind.Timer, null);
    ev.strategyIndex = strategyIndex;
    ev.timerId = id;
    ev.name = name;
    this.heap.push(sec, nsec, ev);
    return id;
  }

  cancelTimer(id: number): void {
    this.cancelledTimers.add(id);
  }

  /** A strategy bound its first indicator or timeframe: the loop starts feeding its bindings. */
  bindingsChanged(strategyIndex: number): void {
    this.bound[strategyIndex] = 1;
  }

  /** Σ remaining lots of open orders on one side for an instrument, across strategies. */
  pendingLots(instrumentId: number, side: 1 | -1): number {
    let n = 0;
    for (const ctx of this.contexts) n += ctx.pendingLots(instrumentId, side);
    return n;
  }

  // ---------------------------------------------------------------------------------------------
  // Engine events

  /** A pooled event (see Scheduled). */
  private event(kind: Kind, order: Order | null, change: ResolvedChange | null = null): Scheduled {
    const ev = this.pool.pop() ?? new Scheduled();
    ev.kind = kind;
    ev.bookFill = false;
    ev.order = order;
    ev.change = change;
    return ev;
  }

  private dispatchScheduled(ev: Scheduled): void {
    this.runScheduled(ev);
    ev.order = null;
    ev.change = null;
    if (ev.fill !== null) {
      this.fillPool.push(ev.fill);
      ev.fill = null;
    }
    this.pool.push(ev);
  }

  private runScheduled(ev: Scheduled): void {
    const sec = this.nowSec;
    const nsec = this.nowNsec;
    switch (ev.kind) {
      case Kind.Arrive: {
        const order = ev.order!;
        const books = this.books;
        if (books !== null && books.trades(order.instrument.id))
          books.venue.arrive(order, books.ns(sec, nsec));
        else this.venue.submit(order, sec, nsec);
        if (order.tif === 'GTD' && order.isOpen)
          this.heap.push(order.expireSec, order.expireNsec, this.event(Kind.Expire, order));
        break;
      }
      case Kind.Cancel: {
        const books = this.books;
        if (books !== null && books.trades(ev.order!.instrument.id))
          books.venue.cancel(ev.order!, books.ns(sec, nsec));
        else this.venue.cancel(ev.order!, sec, nsec);
        break;
      }
      case Kind.Modify: {
        const order = ev.order!;
        const before = order.lots;
        const books = this.books;
        if (books !== null && books.trades(order.instrument.id))
          books.venue.modify(order, ev.change!, books.ns(sec, nsec));
        else this.venue.modify(order, ev.change!, sec, nsec);
        if (order.lots !== before)
          this.contexts[order.strategyIndex]!.addPending(
            order.instrument.id,
            order.side,
            order.lots - before,
          );
        break;
      }
      case Kind.Expire: {
        const books = this.books;
        if (books !== null && books.trades(ev.order!.instrument.id))
          books.venue.expire(ev.order!, books.ns(sec, nsec));
        else this.venue.expire(ev.order!, sec, nsec);
        break;
      }
      case Kind.Report: {
        const order = ev.order!;
        const i = order.strategyIndex;
        const fill = ev.fill;
        if (order.lagged) {
          order.knownStatus = ev.status;
          order.knownFilledLots = ev.filledLots;
        }
        if (fill) {
          this.portfolio.applyFill(fill);
          this.fillCounts[i]!++;
          if (ev.bookFill)
            this.bookFills.push(
              this.portfolio.fills.length - 1,
              ev.latencyNs,
              ev.queueWaitNs,
              ev.arrivalMid2,
            );
        }
        this.contexts[i]!.onReport();
        if (this.listens[i]) {
          const inst = order.instrument;
          const u = new OrderUpdate(
            ev.eventKind,
            order,
            ev.eventSec,
            ev.eventNsec,
            ev.status,
            inst.qty(ev.filledLots),
            inst.qty(ev.remainingLots),
            fill ? inst.qty(fill.lots) : NaN,
            fill ? inst.price(fill.priceTicks) : NaN,
            fill ? fill.feeUnits / this.cashDiv : NaN,
            ev.reason,
          );
          this.activeStrategy = i;
          this.activeHook = 'onOrderUpdate';
          this.orderUpdateSymbol = inst.symbol;
          this.strategies[i]!.onOrderUpdate(u);
        }
        break;
      }
      case Kind.Timer: {
        if (this.cancelledTimers.delete(ev.timerId)) break;
        this.activeStrategy = ev.strategyIndex;
        this.activeHook = 'onTimer';
        this.strategies[ev.strategyIndex]!.onTimer({
          id: ev.timerId,
          name: ev.name,
          time: formatIso(sec, nsec),
        });
        break;
      }
    }
  }

  // VenueSink: venue events travel back to the strategy after the response latency.

  accepted(order: Order, sec: number, nsec: number): void {
    this.report('accepted', order, '', null, sec, nsec, this.latency.responseNanos(order));
  }
  filled(
    order: Order,
    lots: number,
    ticks: number,
    fee: number,
    liq: Liquidity,
    sec: number,
    nsec: number,
  ): void {
    this.fillReport(order, lots, ticks, fee, liq, sec, nsec, this.latency.responseNanos(order));
  }
  private fillReport(
    order: Order,
    lots: number,
    ticks: number,
    fee: number,
    liq: Liquidity,
    sec: number,
    nsec: number,
    delay: number,
  ): Scheduled {
    // Pooled: a fill record lives only until the portfolio has booked it (the fill log keeps columns).
    const fill = this.fillPool.pop() ?? newFillRecord();
    fill.tsSec = sec;
    fill.tsNsec = nsec;
    fill.strategyIndex = order.strategyIndex;
    fill.instrumentId = order.instrument.id;
    fill.orderId = order.id;
    fill.side = order.side;
    fill.lots = lots;
    fill.priceTicks = ticks;
    fill.feeUnits = fee;
    fill.liquidity = liq;
    this.contexts[order.strategyIndex]!.addPending(order.instrument.id, order.side, -lots);
    const kind = order.remainingLots === 0 ? 'filled' : 'partially_filled';
    return this.report(kind, order, '', fill, sec, nsec, delay)!;
  }

  /** The book venue's reports: venue-clock times, response latency of the book latency model. */
  private bookSink(): BookVenueSink {
    const at = this.scratch;
    /** The response delay of a venue event at `tNs`; its engine time goes into `at`. */
    const delayOf = (op: LatencyOp, tNs: number): number => {
      const books = this.books!;
      books.time(tNs, at);
      return books.response(op, tNs) - tNs;
    };
    const send = (kind: OrderEventKind, order: Order, reason: string, tNs: number, op = LatencyOp.Submit) => {
      const delay = delayOf(op, tNs);
      this.report(kind, order, reason, null, at.sec, at.nsec, delay);
    };
    return {
      accepted: (order, tNs) => {
        this.books!.arrived(order, tNs);
        send('accepted', order, '', tNs);
      },
      filled: (order, lots, ticks, fee, liq, tNs) => {
        const delay = delayOf(LatencyOp.Submit, tNs);
        const ev = this.fillReport(order, lots, ticks, fee, liq, at.sec, at.nsec, delay);
        const info = this.books!.orderInfo.get(order);
        ev.bookFill = true;
        ev.latencyNs = info ? info.arriveNs - info.sentNs : NaN;
        ev.queueWaitNs = info && liq === 'maker' ? tNs - info.arriveNs : 0;
        ev.arrivalMid2 = info ? info.mid2 : NaN;
      },
      cancelled: (order, reason, tNs) => {
        this.unpend(order);
        send('cancelled', order, reason, tNs, LatencyOp.Cancel);
      },
      expired: (order, tNs) => {
        this.unpend(order);
        send('expired', order, 'time in force ended', tNs, LatencyOp.Cancel);
      },
      rejected: (order, reason, tNs) => {
        this.unpend(order);
        order.rejectReason = reason;
        this.ordersRejected++;
        send('rejected', order, reason, tNs);
      },
      modified: (order, tNs) => send('modified', order, '', tNs, LatencyOp.Modify),
      cancelRejected: (order, reason, tNs) => send('cancel_rejected', order, reason, tNs, LatencyOp.Cancel),
      modifyRejected: (order, reason, tNs) => send('modify_rejected', order, reason, tNs, LatencyOp.Modify),
    };
  }
  cancelled(order: Order, reason: string, sec: number, nsec: number): void {
    this.unpend(order);
    this.report('cancelled', order, reason, null, sec, nsec, this.latency.responseNanos(order));
  }
  expired(order: Order, sec: number, nsec: number): void {
    this.unpend(order);
    this.report('expired', order, 'time in force ended', null, sec, nsec, this.latency.responseNanos(order));
  }
  modified(order: Order, sec: number, nsec: number): void {
    this.report('modified', order, '', null, sec, nsec, this.latency.responseNanos(order));
  }
  cancelRejected(order: Order, reason: string, sec: number, nsec: number): void {
    this.report('cancel_rejected', order, reason, null, sec, nsec, this.latency.responseNanos(order));
  }
  modifyRejected(order: Order, reason: string, sec: number, nsec: number): void {
    this.report('modify_rejected', order, reason, null, sec, nsec, this.latency.responseNanos(order));
  }

  /** An order left the book: its remaining lots are no longer pending. */
  private unpend(order: Order): void {
    this.contexts[order.strategyIndex]!.addPending(order.instrument.id, order.side, -order.remainingLots);
  }

  private report(
    kind: OrderEventKind,
    order: Order,
    reason: string,
    fill: FillRecord | null,
    sec: number,
    nsec: number,
    delay: number,
  ): Scheduled | null {
    // A report carries a fill to the portfolio and an OrderUpdate to a listening strategy; without either
    // it would change nothing observable, so it is not scheduled (one heap round trip saved per order).
    if (fill === null && !this.listens[order.strategyIndex] && !order.lagged) return null;
    const ev = this.event(Kind.Report, order);
    ev.fill = fill;
    ev.eventKind = kind;
    ev.reason = reason;
    ev.status = order.status;
    ev.eventSec = sec;
    ev.eventNsec = nsec;
    ev.filledLots = order.filledLots;
    ev.remainingLots = order.remainingLots;
    tsAddNanos(sec, nsec, delay, this.scratch);
    this.heap.push(this.scratch.sec, this.scratch.nsec, ev);
    return ev;
  }

  private result(events: number, loopSeconds: number): EngineResult {
    const p = this.portfolio;
    const strategies: StrategyReport[] = this.opts.strategies.map((s, i) => ({
      id: s.id,
      realizedUnits: p.realizedUnits(i),
      unrealizedUnits: p.unrealizedUnits(i),
      feeUnits: p.feeUnits(i),
      orders: this.orderCounts[i]!,
      fills: this.fillCounts[i]!,
    }));
    return {
      instruments: this.instruments,
      strategies,
      currency: this.instruments[0]?.currency ?? 'USD',
      cashScale: p.cashScale,
      initialCashUnits: p.initialCashUnits,
      finalCashUnits: p.cashUnits,
      finalEquityUnits: p.equityUnits(),
      equity: this.equity.finish(),
      fills: p.fills,
      trades: p.trades,
      openPositions: p.openPositions(),
      ordersRejected: this.ordersRejected,
      ordersOpenAtEnd: this.venue.countOpen() + (this.books?.venue.countOpen() ?? 0),
      bookFills: this.books ? this.bookFills : null,
      events,
      loopSeconds,
    };
  }
}
