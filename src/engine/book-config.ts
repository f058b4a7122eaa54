/**
 * From a run's config and its loaded order-book feeds to the engine's book options (book-feed.ts): the
 * latency model, the queue model, impact, fees, self-trade prevention, the feed clock, and the tick of
 * each book instrument.
 *
 * Defaults: queue model l3_fifo for MBO feeds, risk_averse for MBP-10 (l3_fifo on MBP-10 is a
 * ConfigError: it needs orders); the instrument tick is `backtest.instruments.SYM.tick_size`, else the
 * source's `tick_size`, else the coarsest tick that divides every price of the instrument in the feed.
 * Recorded latencies (`latency_model: { type: empirical, path }`): a CSV with a header naming `request`,
 * `venue` and `response`, each an ISO 8601 time or integer nanoseconds since the epoch.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, DataError } from '../core/errors.js';
import { parseDecimal, type Scaled } from '../core/decimal.js';
import { Rng } from '../core/rng.js';
import { parseIso } from '../core/time.js';
import type { Instrument } from '../core/instrument.js';
import {
  EmpiricalOrderLatency,
  FixedOrderLatency,
  LogNormalOrderLatency,
  type OrderLatencyModel,
} from '../exec/book/latency.js';
import { ImpactModel } from '../exec/book/impact.js';
import { MakerTakerFees, NO_BOOK_FEES, type FeeRates } from '../exec/book/fees.js';
import { l2QueueModel, RiskAverseQueue, type QueueModelSpec } from '../exec/book/queue-models.js';
import type { BookFeedSpec, BookRuntimeOptions } from './book-feed.js';
import type { RunConfig } from './config.js';
import type { LoadedBook } from './load-data.js';

type Execution = RunConfig['backtest']['execution'];
const AT = 'backtest.execution';

/** The tick of each symbol of the feeds (see the header), as Scaled decimals. */
export function bookTicks(
  books: LoadedBook[],
  configured: (symbol: string) => Scaled | null,
): Map<string, Scaled> {
  const out = new Map<string, Scaled>();
  for (const b of books) {
    const need = [...b.symbols].filter(([, sym]) => configured(sym) === null && b.tick === undefined);
    const inferred = need.length > 0 ? inferredTicks(b) : null;
    for (const [id, sym] of b.symbols)
      out.set(sym, configured(sym) ?? b.tick ?? inferred!.get(id) ?? parseDecimal('1e-9'));
  }
  return out;
}

/**
 * Per instrument id, the coarsest raw tick (1e-9 units) dividing every price it has in the feed, as a
 * decimal — one pass over the table (greatest common divisors, skipped once a value's tick is known to
 * divide it).
 */
function inferredTicks(b: LoadedBook): Map<number, Scaled> {
  const t = b.table;
  const g = new Map<number, number>();
  let lastId = -1;
  let cur = 0;
  const flush = () => {
    if (lastId >= 0) g.set(lastId, cur);
  };
  for (let i = 0; i < t.length; i++) {
    const id = t.instrumentId[i]!;
    if (id !== lastId) {
      flush();
      lastId = id;
      cur = g.get(id) ?? 0;
    }
    const p = t.price[i]!;
    if (p !== p || p === 0) continue;
    let x = Math.abs(p);
    if (cur !== 0 && x % cur === 0) continue;
    let y = cur;
    while (y !== 0) {
      const r = x % y;
      x = y;
      y = r;
    }
    cur = x;
  }
  flush();
  const out = new Map<number, Scaled>();
  for (const [id, raw] of g) out.set(id, parseDecimal(`${raw || 1}e-9`));
  return out;
}

export interface BookEngineOptions {
  feeds: BookFeedSpec[];
  options: BookRuntimeOptions;
}

export function bookEngineOptions(
  cfg: RunConfig,
  books: LoadedBook[],
  idOf: Map<string, number>,
  instruments: readonly Instrument[],
  cashScale: number,
): BookEngineOptions {
  const ex = cfg.backtest.execution;
  const feeds: BookFeedSpec[] = books.map((b) => ({
    kind: b.kind,
    table: b.table,
    instruments: new Map([...b.symbols].map(([dbnId, sym]) => [dbnId, idOf.get(sym)!])),
    source: b.file,
  }));
  const kinds = new Set(books.map((b) => b.kind));
  const spec = queueSpec(ex, kinds);
  const baseSec = Math.min(...books.map((b) => Math.floor(b.table.tsEventSec[0] ?? Infinity)));
  const lat = ex.latency_model;
  return {
    feeds,
    options: {
      latency: latencyModel(ex, cfg.backtest.seed, baseSec),
      reorder: lat.type === 'lognormal' ? lat.reorder : false,
      feedClock: lat.feed === 'recv' ? { type: 'recv' } : { type: 'event_plus', ns: lat.feed },
      queue: l2QueueModel(spec) ?? new RiskAverseQueue(),
      l3Fifo: spec.type === 'l3_fifo',
      impact: impactModel(ex, instruments.length),
      fees: feeModel(ex, cfg.backtest.instruments, books, idOf, instruments, cashScale),
      stp: ex.self_trade_prevention,
      throttle: ex.throttle ? { maxOrders: ex.throttle.max_orders, perNs: ex.throttle.per } : null,
      protectionTicks: ex.fill_model.protection_ticks,
      baseSec,
    },
  };
}

function queueSpec(ex: Execution, kinds: Set<string>): QueueModelSpec {
  const q = ex.fill_model.queue_position_model;
  if (q === undefined) return kinds.has('mbp10') ? { type: 'risk_averse' } : { type: 'l3_fifo' };
  if (typeof q === 'object') return { type: 'prob_power', n: q.prob_power.n };
  if (q === 'l3_fifo' && kinds.has('mbp10'))
    throw new ConfigError(
      `${AT}.fill_model.queue_position_model`,
      'l3_fifo needs order-by-order (MBO) data; for MBP-10 choose risk_averse, prob_log or { prob_power: { n } }',
    );
  return { type: q };
}

function latencyModel(ex: Execution, seed: number, baseSec: number): OrderLatencyModel {
  const l = ex.latency_model;
  if (l.type === 'fixed')
    return new FixedOrderLatency([l.entry, l.entry, l.entry], [l.response, l.response, l.response]);
  if (l.type === 'lognormal') {
    const side = (s: typeof l.entry) => ({ medianNs: s.median, sigma: s.sigma, floorNs: s.floor });
    // Its own stream of the run's seed, so other seeded models do not shift its draws.
    return new LogNormalOrderLatency(side(l.entry), side(l.response), new Rng(seed).fork());
  }
  return new EmpiricalOrderLatency(readLatencyRecords(l.path, baseSec));
}

/** Recorded order latencies (see the header), as ns since `baseSec`. */
export function readLatencyRecords(path: string, baseSec: number) {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`${AT}.latency_model.path`, `cannot read ${path}: ${(e as Error).message}`);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const head = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const col = (name: string): number => {
    const i = head.indexOf(name);
    if (i < 0) throw new DataError({ file: path, row: 1, field: name }, `the header has no "${name}" column`);
    return i;
  };
  const [ci, cv, cr] = [col('request'), col('venue'), col('response')];
  const n = lines.length - 1;
  const rec = {
    file: path,
    requestNs: new Float64Array(n),
    venueNs: new Float64Array(n),
    responseNs: new Float64Array(n),
  };
  for (let r = 0; r < n; r++) {
    const cells = lines[r + 1]!.split(',');
    const at = (c: number, field: string): number => {
      const v = (cells[c] ?? '').trim();
      if (/^\d+$/.test(v)) return Number(BigInt(v) - BigInt(baseSec) * 1_000_000_000n);
      try {
        const t = parseIso(v);
        return (t.sec - baseSec) * 1e9 + t.nsec;
      } catch {
        throw new DataError(
          { file: path, row: r + 2, field, value: v },
          'not an ISO 8601 time or integer nanoseconds',
        );
      }
    };
    rec.requestNs[r] = at(ci, 'request');
    rec.venueNs[r] = at(cv, 'venue');
    rec.responseNs[r] = at(cr, 'response');
  }
  return rec;
}

function impactModel(ex: Execution, instrumentCount: number): ImpactModel | null {
  const m = ex.market_impact;
  if (m === 'none') return null;
  return new ImpactModel(
    {
      permanentTicks: m.permanent_ticks,
      temporaryTicks: m.temporary_ticks,
      halfLifeNs: m.half_life,
      exponent: m.exponent,
      unitLots: m.unit_qty,
      makerFills: m.maker_fills,
    },
    instrumentCount,
  );
}

function feeModel(
  ex: Execution,
  specs: RunConfig['backtest']['instruments'],
  books: LoadedBook[],
  idOf: Map<string, number>,
  instruments: readonly Instrument[],
  cashScale: number,
) {
  const global = feeRates(ex.fees, `${AT}.fees`);
  const own = (sym: string) => {
    const f = specs[sym]?.fees;
    return f ? feeRates(f, `backtest.instruments.${sym}.fees`) : undefined;
  };
  const onBook = new Set(books.flatMap((b) => [...b.symbols.values()].map((s) => idOf.get(s)!)));
  const rates = instruments.map((i) => (onBook.has(i.id) ? (own(i.symbol) ?? global) : null));
  if (rates.every((r) => r === null)) return NO_BOOK_FEES;
  return new MakerTakerFees(rates, cashScale, instruments);
}

/** The rates of a `fees` entry (null when it sets none). */
function feeRates(f: Execution['fees'], at: string): FeeRates | null {
  const bps = f.maker_bps !== undefined || f.taker_bps !== undefined;
  const perUnit = f.maker_per_unit !== undefined || f.taker_per_unit !== undefined;
  if (!bps && !perUnit) return null;
  const dec = (v: string | number | undefined, key: string) => parseDecimal(v ?? 0, `${at}.${key}`);
  return bps
    ? { unit: 'bps', maker: dec(f.maker_bps, 'maker_bps'), taker: dec(f.taker_bps, 'taker_bps') }
    : {
        unit: 'per_unit',
        maker: dec(f.maker_per_unit, 'maker_per_unit'),
        taker: dec(f.taker_per_unit, 'taker_per_unit'),
      };
}
