/**
 * The run builder, shared by the library API and the CLI: config -> data, instruments, strategies,
 * models -> Engine -> RunRecord -> metrics and the run folder.
 *
 * Data: each `backtest.data` source is read into bar tables (one per symbol), re-expressed on the
 * instrument's tick if `backtest.instruments.SYM.tick_size` is given, and cut to [start, end] (both
 * inclusive). Strategies: a module's default export (or `strategy` export) is the class; `.ts` files are
 * bundled on the fly by esbuild (strategy-loader.ts), so users need no build step.
 */
import { basename, extname, join } from 'node:path';
import { ConfigError, HindsightError } from '../core/errors.js';
import { parseDecimal, pow10, type Scaled } from '../core/decimal.js';
import { Instrument } from '../core/instrument.js';
import { parseIso, tsAddNanos, type Timestamp } from '../core/time.js';
import { allocBarTable, rangeBarTable, type BarTable } from '../data/bars.js';
import { mapChunks, type BarChunkSource } from '../data/stream/bar-stream.js';
import type { QuoteTable, TradeTable } from '../data/schemas.js';
import { quotesBySymbol, rangeTicks, tradesBySymbol } from '../data/ticks/columns.js';
import {
  BpsSlippage,
  FixedLatency,
  NoCommission,
  NoSlippage,
  PerOrderCommission,
  PerShareCommission,
  PercentCommission,
  TickSlippage,
  type CommissionModel,
  type SlippageModel,
} from '../exec/models.js';
import type { DataSourceReport, RunRecord } from '../analytics/run-record.js';
import { computeMetrics, type Metrics } from '../analytics/metrics.js';
import { buyAndHoldBenchmark } from '../analytics/benchmark.js';
import { readRateSeries } from '../data/csv/rate-series.js';
import { writeRunFolder } from '../analytics/outputs.js';
import { writeRunParquet } from '../analytics/outputs-parquet.js';
import { startEquityFiles } from '../analytics/equity-outputs.js';
import { fingerprint } from '../analytics/fingerprint.js';
import type { StrategyLike } from '../strategy/strategy.js';
import { validateConfig, type RunConfig } from './config.js';
import { loadStrategyModule } from './strategy-loader.js';
import { Engine, type EngineOptions, type TickStreamSpec } from './engine.js';
import { loadData, type LoadedData, type LoadedTicks } from './load-data.js';
import { bookEngineOptions, bookTicks } from './book-config.js';
import { resolveAccount } from '../portfolio/cash-units.js';
import {
  asOutputErrorAsync,
  commitRunFolder,
  discardRunFolder,
  finalPath,
  stageRunFolder,
  type StagedFolder,
} from './output-folder.js';
import { BenchmarkTap } from './benchmark-tap.js';
import { PriceTap } from './price-tap.js';

/** The same table with prices counted in another tick; every price must lie on the new grid. */
export function retick(t: BarTable, tick: Scaled): BarTable {
  if (t.tick.units === tick.units && t.tick.scale === tick.scale) return t;
  // price = ticks × u1 / 10^s1 = ticks' × u2 / 10^s2  =>  ticks' = ticks × u1 × 10^s2 / (u2 × 10^s1)
  const s = Math.max(t.tick.scale, tick.scale);
  const num = t.tick.units * pow10(s - t.tick.scale);
  const den = tick.units * pow10(s - tick.scale);
  const convert = (col: Float64Array, field: string): Float64Array => {
    const out = new Float64Array(col.length);
    for (let i = 0; i < col.length; i++) {
      const v = col[i]! * num;
      if (v % den !== 0)
        throw new ConfigError(
          `backtest.instruments.${t.symbol}.tick_size`,
          `${field} price at row ${i + 1} is not a multiple of the tick size`,
        );
      out[i] = v / den;
    }
    return out;
  };
  return {
    ...t,
    tick,
    open: convert(t.open, 'open'),
    high: convert(t.high, 'high'),
    low: convert(t.low, 'low'),
    close: convert(t.close, 'close'),
  };
}

function commissionFactory(c: RunConfig['backtest']['execution']['commission']): EngineOptions['commission'] {
  const dec = (v: string | number, what: string): Scaled =>
    parseDecimal(v, `backtest.execution.commission.${what}`);
  return (cashScale, instruments): CommissionModel => {
    switch (c.type) {
      case 'none':
        return new NoCommission();
      case 'per_share':
        return new PerShareCommission(
          dec(c.rate, 'rate'),
          c.min === undefined ? null : dec(c.min, 'min'),
          cashScale,
        );
      case 'per_order':
        return new PerOrderCommission(dec(c.amount, 'amount'), cashScale);
      case 'percentage':
        return new PercentCommission(
          dec(c.rate, 'rate'),
          c.min === undefined ? null : dec(c.min, 'min'),
          cashScale,
          instruments,
        );
    }
  };
}

function slippageModel(s: RunConfig['backtest']['execution']['slippage']): SlippageModel {
  switch (s.type) {
    case 'none':
      return new NoSlippage();
    case 'ticks':
      return new TickSlippage(s.ticks);
    case 'bps':
      return new BpsSlippage(parseDecimal(s.bps, 'backtest.execution.slippage.bps'));
  }
}

export interface RunOptions {
  /** Tables to use instead of reading `backtest.data` (library use, benchmarks). */
  tables?: BarTable[];
  /** Chunked sources (streamed through the engine, bounded memory), besides `tables`. */
  streams?: BarChunkSource[];
  /** Trade / quote tables (strategies' onTrade / onQuote), besides the configured data. */
  ticks?: LoadedTicks[];
  /** Parse cache on or off (default: the config's `backtest.cache`). */
  cache?: boolean;
  /** Rows above which a source without a `stream` option streams (load-data.ts; tests lower it). */
  streamRowsThreshold?: number;
  /** Rows per streamed chunk at most (tests: down to 1). */
  streamChunkRows?: number;
  sources?: DataSourceReport[];
  /** Strategy instances to use instead of loading the configured modules (same order). */
  strategies?: StrategyLike[];
  onProgress?: (done: number, total: number) => void;
  logWrite?: (line: string) => void;
  quarantineDir?: string | null;
  /** Called with the run's record as soon as the loop is done, before metrics (outputs start there). */
  onRecord?: (record: RunRecord) => void;
}

export interface BacktestResult {
  record: RunRecord;
  metrics: Metrics;
  /**
   * The bar tables the run used (cut to its range), for price charts: in memory as read; a streamed
   * symbol's when the report is on, merged to at most MAX_CHART_BARS bars (price-tap.ts).
   */
  bars: BarTable[];
}

/** An instance of each configured strategy module, in order. */
async function loadStrategies(cfg: RunConfig): Promise<StrategyLike[]> {
  const instances: StrategyLike[] = [];
  for (const [i, s] of (cfg.strategies ?? [cfg.strategy!]).entries()) {
    const where = cfg.strategies ? `strategies[${i}].module` : 'strategy.module';
    if (!s.module) throw new ConfigError(where, 'a strategy module path is required');
    instances.push(new (await loadStrategyModule(s.module, where))());
  }
  return instances;
}

/** Builds and runs the engine for a validated config. Writes nothing. */
export async function runConfig(cfg: RunConfig, opts: RunOptions = {}): Promise<BacktestResult> {
  // Strategy modules are bundled (esbuild, in its own process) while the data loads (a streamed source's
  // worker does its first pass meanwhile); a data error still wins, as when one followed the other.
  const loading = opts.strategies ? Promise.resolve(opts.strategies) : loadStrategies(cfg);
  loading.catch(() => undefined);
  const data: LoadedData =
    opts.tables || opts.streams
      ? {
          tables: opts.tables ?? [],
          streams: opts.streams ?? [],
          ticks: [],
          books: [],
          sources: opts.sources ?? [],
        }
      : await loadData(cfg, {
          quarantineDir: opts.quarantineDir ?? null,
          cache: opts.cache,
          streamRowsThreshold: opts.streamRowsThreshold,
          streamChunkRows: opts.streamChunkRows,
        });
  const ticks = [...(opts.ticks ?? []), ...data.ticks];
  const specs = cfg.strategies ?? [cfg.strategy!];
  let instances: StrategyLike[];
  try {
    instances = await loading;
  } catch (e) {
    await Promise.all(data.streams.map((s) => s.close()));
    throw e;
  }
  if (instances.length !== specs.length)
    throw new HindsightError(`${specs.length} strategies configured, ${instances.length} given`, 'E_CONFIG');

  const bt = cfg.backtest;
  const start = bt.start ? parseIso(bt.start) : null;
  const end = bt.end ? tsAddNanos(parseIso(bt.end).sec, parseIso(bt.end).nsec, 1, { sec: 0, nsec: 0 }) : null;
  const cut = (t: BarTable): BarTable =>
    rangeBarTable(t, start?.sec ?? null, start?.nsec ?? 0, end?.sec ?? null, end?.nsec ?? 0);
  const tickOf = (sym: string): Scaled | null => {
    const spec = bt.instruments[sym];
    return spec?.tick_size !== undefined ? parseDecimal(spec.tick_size) : null;
  };
  // One entry per symbol: an in-memory table, or the first chunk of a stream and the stream.
  const inputs: { table: BarTable; more: BarChunkSource | null }[] = data.tables.map((t) => {
    const tick = tickOf(t.symbol);
    return { table: cut(tick ? retick(t, tick) : t), more: null };
  });
  for (const src of data.streams) {
    const tick = tickOf(src.symbol);
    const more = mapChunks(src, tick ?? src.tick, (t) => cut(tick ? retick(t, tick) : t));
    const first = await more.next();
    inputs.push({
      table: first ?? allocBarTable(src.symbol, tick ?? src.tick, 0),
      more: first ? more : null,
    });
  }
  inputs.sort((a, b) => (a.table.symbol < b.table.symbol ? -1 : a.table.symbol > b.table.symbol ? 1 : 0));
  // Default benchmark: buy and hold of the first symbol with bars; a streamed one keeps its bars through
  // a tap (benchmark-tap.ts), as its chunks are gone after the run.
  const first = inputs.find((x) => x.table.length > 0);
  let tap: BenchmarkTap | null = null;
  if (first?.more) {
    tap = new BenchmarkTap(first.more, bt.analytics.equity_interval / 1e9);
    tap.add(first.table);
    first.more = tap.wrap();
  }
  // The report's price charts: a streamed symbol keeps merged bars through a tap (price-tap.ts).
  const charts = new Map<(typeof inputs)[number], PriceTap>();
  if (bt.output.report)
    for (const x of inputs)
      if (x.more) {
        const priceTap = new PriceTap(x.more);
        priceTap.add(x.table);
        x.more = priceTap.wrap();
        charts.set(x, priceTap);
      }
  // Instruments: every symbol with bars or ticks, sorted; the tick is the bars' (after re-ticking), else the
  // configured one, else the tick data's own.
  const tickOfSymbol = new Map<string, Scaled>(inputs.map((x) => [x.table.symbol, x.table.tick]));
  for (const t of ticks)
    for (const sym of t.symbols.size ? t.symbols.values() : ['1'])
      if (!tickOfSymbol.has(sym)) tickOfSymbol.set(sym, tickOf(sym) ?? t.table.priceTick);
  for (const [sym, tick] of bookTicks(data.books, tickOf))
    if (!tickOfSymbol.has(sym)) tickOfSymbol.set(sym, tick);
  const allSymbols = [...tickOfSymbol.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const sym of Object.keys(bt.instruments))
    if (!tickOfSymbol.has(sym))
      throw new ConfigError(`backtest.instruments.${sym}`, `no data loaded for symbol ${sym}`);
  const instruments = allSymbols.map((symbol, id) => {
    const spec = bt.instruments[symbol];
    const tick = tickOfSymbol.get(symbol)!;
    return new Instrument(id, {
      symbol,
      tickSize: `${tick.units}e-${tick.scale}`,
      lotSize: spec?.lot_size ?? 1,
      multiplier: spec?.multiplier ?? 1,
      currency: spec?.currency ?? 'USD',
    });
  });
  const ids = new Map<string, number>();
  const slots = specs.map((s, i) => {
    let id = s.id ?? (s.module ? basename(s.module, extname(s.module)) : `strategy${i + 1}`);
    const n = (ids.get(id) ?? 0) + 1;
    ids.set(id, n);
    if (n > 1) id = `${id}#${n}`;
    for (const sym of s.symbols ?? [])
      if (!tickOfSymbol.has(sym))
        throw new ConfigError(
          cfg.strategies ? `strategies[${i}].symbols` : 'strategy.symbols',
          `no data loaded for symbol ${sym}`,
        );
    return { id, strategy: instances[i]!, params: s.params, symbols: s.symbols ?? null };
  });
  const idOf = new Map(instruments.map((x) => [x.symbol, x.id]));
  const lat = bt.execution.latency_model;
  if (lat.type !== 'fixed' && data.books.length === 0)
    throw new ConfigError(
      'backtest.execution.latency_model.type',
      `${lat.type} latency is for the book venue: the run has no MBO or MBP-10 feed (use fixed)`,
    );
  const books =
    data.books.length > 0
      ? bookEngineOptions(cfg, data.books, idOf, instruments, resolveAccount(instruments).cashScale)
      : undefined;
  // A book run samples equity once a second unless told otherwise: a sample per record would be millions.
  const equityInterval = bt.analytics.equity_interval / 1e9 || (books ? 1 : 0);
  const engine = new Engine({
    instruments,
    bars: inputs.map((x) => ({ instrumentId: idOf.get(x.table.symbol)!, table: x.table, more: x.more })),
    ticks: ticks.flatMap((t) => tickStreams(t, idOf, instruments, start, end)),
    strategies: slots,
    initialCash: bt.initial_cash,
    fillAtClose: bt.execution.fill_at === 'close',
    volumeParticipation: bt.execution.volume_participation,
    commission: commissionFactory(bt.execution.commission),
    slippage: slippageModel(bt.execution.slippage),
    latency: lat.type === 'fixed' ? new FixedLatency(lat.entry, lat.response) : new FixedLatency(0, 0),
    books,
    risk: { maxPosition: bt.risk_limits.max_position, maxOrderSize: bt.risk_limits.max_order_size },
    logLevel: bt.log_level,
    logWrite: opts.logWrite,
    onProgress: opts.onProgress,
    equityIntervalSec: equityInterval,
  });
  const result = await engine.runAsync();
  const record: RunRecord = {
    ...result,
    riskFreeRate:
      typeof bt.analytics.risk_free_rate === 'string'
        ? readRateSeries(bt.analytics.risk_free_rate)
        : bt.analytics.risk_free_rate,
    periodsPerYear: bt.analytics.periods_per_year,
    dataSources: data.sources,
    config: cfg,
  };
  opts.onRecord?.(record);
  const benchmark = first ? buyAndHoldBenchmark(tap ? tap.table() : first.table, record.equity) : null;
  const bars = inputs
    .map((x) => charts.get(x)?.table() ?? (x.more === null ? x.table : null))
    .filter((t): t is BarTable => t !== null);
  return { record, metrics: computeMetrics(record, { benchmark }), bars };
}

/** Per-symbol trade or quote columns in instrument ticks, cut to the run's [start, end]. */
function tickStreams(
  t: LoadedTicks,
  idOf: Map<string, number>,
  instruments: Instrument[],
  start: Timestamp | null,
  end: Timestamp | null,
): TickStreamSpec[] {
  const tickFor = (sym: string): Scaled => instruments[idOf.get(sym)!]!.tick;
  const cols =
    t.kind === 'trades'
      ? tradesBySymbol(t.table as TradeTable, t.symbols, t.file, t.lotSize, tickFor)
      : quotesBySymbol(t.table as QuoteTable, t.symbols, t.file, t.lotSize, tickFor);
  return cols.map((columns) => ({
    instrumentId: idOf.get(columns.symbol)!,
    columns: rangeTicks(columns, start, end),
  }));
}

/**
 * Runs a validated config and writes its run folder to `outDir` (complete or not at all: the files go to a
 * staging folder renamed into place at the end, output-folder.ts). Lenient-mode quarantine files are part
 * of the folder. File-system trouble with `outDir` is an OutputError naming it.
 */
export async function runToFolder(
  cfg: RunConfig,
  outDir: string,
  opts: RunOptions = {},
): Promise<BacktestResult & { files: string[] }> {
  const folder = stageRunFolder(outDir);
  // equity.csv/.parquet start as soon as the loop ends: on a worker for long curves, while this thread
  // computes the metrics and writes the other files (equity-outputs.ts).
  let equity: Promise<string[]> | null = null;
  try {
    const res = await runConfig(cfg, {
      quarantineDir: join(folder.staging, 'quarantine'),
      ...opts,
      onRecord: (record) => {
        opts.onRecord?.(record);
        equity = startEquityFiles(
          folder.staging,
          record.equity,
          record.cashScale,
          cfg.backtest.output.parquet,
        );
        equity.catch(() => undefined); // awaited in writeOutputs; this only keeps an early failure from orphaning it
      },
    });
    const files = await asOutputErrorAsync(folder.out, () => writeOutputs(cfg, folder, res, equity!));
    commitRunFolder(folder);
    for (const src of res.record.dataSources)
      if (src.quarantinePath) src.quarantinePath = finalPath(folder, src.quarantinePath);
    return { ...res, files: files.map((f) => finalPath(folder, f)) };
  } catch (e) {
    await (equity as Promise<string[]> | null)?.catch(() => undefined); // let its files close before removal
    discardRunFolder(folder);
    throw e;
  }
}

/** Every file of the run folder, written into the staging folder; returns their paths. */
async function writeOutputs(
  cfg: RunConfig,
  folder: StagedFolder,
  res: BacktestResult,
  equity: Promise<string[]>,
): Promise<string[]> {
  const dir = folder.staging;
  // The twins' bytes go to the kernel on libuv's threads while this thread writes the CSVs.
  const twins = cfg.backtest.output.parquet
    ? writeRunParquet(dir, res.record, { equity: false })
    : Promise.resolve([]);
  twins.catch(() => undefined); // awaited below; this only keeps an early CSV error from orphaning it
  const files = writeRunFolder(dir, res.record, res.metrics, { equity: false });
  // equity.csv is in `files` already (RUN_FILES order); its Parquet twin, if any, follows the others.
  files.push(...(await twins), ...(await equity).slice(1));
  if (cfg.backtest.output.report) {
    // Loaded on demand: the report embeds a charting library that plain runs do not need.
    const { writeRunReport } = await import('../report/record-input.js');
    files.push(writeRunReport(dir, res.record, res.metrics, res.bars, basename(folder.out)));
  }
  return files;
}

export { validateConfig, fingerprint, loadStrategyModule, loadData };
export type { LoadedData, LoadedTicks, LoadOptions } from './load-data.js';
