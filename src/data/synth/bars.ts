/**
 * Seeded synthetic OHLCV bars that look like equity data, for demos, tests and benchmarks.
 *
 * Model, per bar and symbol (x = log price): x moves by drift + beta × market shock + idiosyncratic shock.
 * Both shocks have GARCH(1,1) variances (volatility clusters). The drift comes from a Markov chain of
 * regimes per symbol — trending up, trending down, mean-reverting toward a slowly moving anchor (an EMA
 * of x) — plus a weak pull toward the symbol's long-run level so long series stay in a sane range. A new
 * session opens with an overnight gap. Intraday bars lie on a weekday session 14:30–21:00 UTC (labelled by
 * their start time); daily bars are stamped 00:00 UTC on weekdays. Volume grows with |return| and follows
 * a U-shape over the session.
 *
 * Invariants: same options -> identical tables (all randomness from core/rng.ts, one forked stream for the
 * market and one per symbol); prices are integer ticks >= 1 with low <= min(open, close) <=
 * max(open, close) <= high; the open of a bar inside a session equals the previous close.
 * Limits: no exchange holidays, half days or corporate actions; volatility has no intraday U-shape.
 */
import { parseDecimal, pow10, type Scaled } from '../../core/decimal.js';
import { ConfigError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { parseIso, SECONDS_PER_DAY } from '../../core/time.js';
import { allocBarTable, type BarTable } from '../bars.js';

export type SynthFreq = '1m' | '5m' | '15m' | '1h' | '1d';

export interface SynthOptions {
  symbols: string[];
  /** Bars per symbol. */
  bars: number;
  freq: SynthFreq;
  /** ISO date (or date-time, UTC): the first bar is the first slot at or after it. */
  start: string;
  seed: number;
  /** First price of every symbol; default: a seeded value between 20 and 200 per symbol. */
  startPrice?: number;
  /** Default '0.01'. */
  tickSize?: string;
}

export const REGIME_UP = 0;
export const REGIME_DOWN = 1;
export const REGIME_MEAN_REVERT = 2;

export interface SynthOutput {
  tables: BarTable[];
  /** Per table, the regime (REGIME_*) that drove each bar — for tests and studies. */
  regimes: Uint8Array[];
}

const FREQ_MINUTES: Record<SynthFreq, number> = { '1m': 1, '5m': 5, '15m': 15, '1h': 60, '1d': 0 };
export const SYNTH_FREQS = Object.keys(FREQ_MINUTES) as SynthFreq[];
const SESSION_OPEN = 14 * 3600 + 30 * 60;
const SESSION_MINUTES = 390;

/** Daily volatility of the market factor and of the idiosyncratic part. */
const MARKET_DAILY_VOL = 0.011;
const IDIO_DAILY_VOL = 0.012;
/** Expected regime length in bars, trend drift in units of the bar's volatility, mean-reversion speeds. */
const REGIME_BARS = 60;
const TREND_DRIFT = 0.1;
const REVERT_SPEED = 0.05;
const ANCHOR_SPEED = 0.01;
/** Pull toward the long-run level, per day (half-life of about a year and a half). */
const LONG_RUN_PULL = 0.0015;

function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
}

/** Bar start times (UTC seconds) and each bar's slot in its session. */
export function synthTimestamps(
  freq: SynthFreq,
  start: string,
  bars: number,
): { sec: Float64Array; slot: Int32Array } {
  const from = parseIso(start).sec;
  const sec = new Float64Array(bars);
  const slot = new Int32Array(bars);
  const minutes = FREQ_MINUTES[freq];
  const slots = minutes === 0 ? 1 : Math.ceil(SESSION_MINUTES / minutes);
  let n = 0;
  for (let day = Math.floor(from / SECONDS_PER_DAY); n < bars; day++) {
    if (weekday(day) >= 5) continue;
    const base = day * SECONDS_PER_DAY + (minutes === 0 ? 0 : SESSION_OPEN);
    for (let j = 0; j < slots && n < bars; j++) {
      const t = base + j * minutes * 60;
      if (t < from) continue;
      sec[n] = t;
      slot[n++] = j;
    }
  }
  return { sec, slot };
}

function validate(o: SynthOptions): { tick: Scaled } {
  if (!Array.isArray(o.symbols) || o.symbols.length === 0)
    throw new ConfigError('symbols', 'at least one symbol is required');
  if (new Set(o.symbols).size !== o.symbols.length)
    throw new ConfigError('symbols', `duplicate symbol names in ${o.symbols.join(',')}`);
  for (const s of o.symbols) if (!s) throw new ConfigError('symbols', 'a symbol name is empty');
  if (!Number.isInteger(o.bars) || o.bars < 1)
    throw new ConfigError('bars', `must be a positive integer (got ${o.bars})`);
  if (!(o.freq in FREQ_MINUTES))
    throw new ConfigError('freq', `must be one of ${SYNTH_FREQS.join(', ')} (got "${o.freq}")`);
  try {
    parseIso(o.start);
  } catch (e) {
    throw new ConfigError('start', (e as Error).message);
  }
  if (!Number.isInteger(o.seed)) throw new ConfigError('seed', `must be an integer (got ${o.seed})`);
  if (o.startPrice !== undefined && !(Number.isFinite(o.startPrice) && o.startPrice > 0))
    throw new ConfigError('startPrice', `must be a positive number (got ${o.startPrice})`);
  let tick: Scaled;
  try {
    tick = parseDecimal(o.tickSize ?? '0.01', 'tickSize');
  } catch (e) {
    throw new ConfigError('tickSize', (e as Error).message);
  }
  if (tick.units <= 0) throw new ConfigError('tickSize', `must be positive (got ${o.tickSize})`);
  return { tick };
}

export function generateSynthBars(opts: SynthOptions): BarTable[] {
  return generateSynth(opts).tables;
}

export function generateSynth(opts: SynthOptions): SynthOutput {
  const { tick } = validate(opts);
  const bars = opts.bars;
  const minutes = FREQ_MINUTES[opts.freq];
  const intraday = minutes > 0;
  const dt = intraday ? minutes / SESSION_MINUTES : 1;
  const { sec, slot } = synthTimestamps(opts.freq, opts.start, bars);

  const root = new Rng(opts.seed);
  const marketRng = root.fork();
  const market = marketShocks(marketRng, bars, MARKET_DAILY_VOL * Math.sqrt(dt), intraday);
  const tables: BarTable[] = [];
  const regimes: Uint8Array[] = [];
  for (const symbol of opts.symbols) {
    const rng = root.fork();
    const t = allocBarTable(symbol, tick, bars);
    t.tsSec.set(sec);
    const reg = new Uint8Array(bars);
    simulateSymbol(rng, t, reg, market, slot, minutes, opts.startPrice, tick);
    t.length = bars;
    tables.push(t);
    regimes.push(reg);
  }
  return { tables, regimes };
}

/** Market factor shocks with GARCH(1,1) variance. */
function marketShocks(rng: Rng, bars: number, barVol: number, intraday: boolean): Float64Array {
  const out = new Float64Array(bars);
  const target = barVol * barVol;
  const alpha = intraday ? 0.05 : 0.08;
  const beta = intraday ? 0.94 : 0.9;
  const omega = target * (1 - alpha - beta);
  let h = target;
  for (let i = 0; i < bars; i++) {
    const e = Math.sqrt(h) * rng.normal();
    out[i] = e;
    h = omega + alpha * e * e + beta * h;
    if (h > 50 * target) h = 50 * target;
  }
  return out;
}

function simulateSymbol(
  rng: Rng,
  t: BarTable,
  reg: Uint8Array,
  market: Float64Array,
  slot: Int32Array,
  minutes: number,
  startPrice: number | undefined,
  tick: Scaled,
): void {
  const n = market.length;
  const intraday = minutes > 0;
  const dt = intraday ? minutes / SESSION_MINUTES : 1;
  const tickValue = tick.units / pow10(tick.scale);
  const beta = 0.6 + 0.8 * rng.next();
  const p0 = startPrice ?? Math.exp(Math.log(20) + rng.next() * Math.log(10));
  const idioTarget = IDIO_DAILY_VOL * IDIO_DAILY_VOL * dt;
  const alpha = intraday ? 0.05 : 0.08;
  const garchBeta = intraday ? 0.94 : 0.9;
  const omega = idioTarget * (1 - alpha - garchBeta);
  const barVol = Math.sqrt(idioTarget + beta * beta * MARKET_DAILY_VOL * MARKET_DAILY_VOL * dt);
  const gapVol = intraday
    ? 0.4 * Math.sqrt(IDIO_DAILY_VOL * IDIO_DAILY_VOL + MARKET_DAILY_VOL * MARKET_DAILY_VOL)
    : 0.3 * barVol;
  const growthPerBar = (0.06 / 252) * dt;
  const pull = LONG_RUN_PULL * dt;
  const baseVolume = 2e6 * dt * (0.5 + rng.next());
  const stay = 1 - 1 / REGIME_BARS;
  const lastSlot = intraday ? Math.ceil(SESSION_MINUTES / minutes) - 1 : 1;

  let h = idioTarget;
  let x = Math.log(p0);
  let level = x;
  let anchor = x;
  let regime = rng.int(3);
  let prevClose = Math.max(1, Math.round(p0 / tickValue));
  for (let i = 0; i < n; i++) {
    if (rng.next() > stay) regime = (regime + 1 + rng.int(2)) % 3;
    reg[i] = regime;
    level += growthPerBar;
    let drift = pull * (level - x);
    if (regime === REGIME_UP) drift += TREND_DRIFT * barVol;
    else if (regime === REGIME_DOWN) drift -= TREND_DRIFT * barVol;
    else drift += REVERT_SPEED * (anchor - x);

    let open = prevClose;
    if (i > 0 && slot[i] === 0) {
      x += gapVol * rng.normal();
      open = Math.max(1, Math.round(Math.exp(x) / tickValue));
    }
    const eps = Math.sqrt(h) * rng.normal();
    h = omega + alpha * eps * eps + garchBeta * h;
    if (h > 50 * idioTarget) h = 50 * idioTarget;
    const r = drift + beta * market[i]! + eps;
    const xOpen = x;
    x += r;
    anchor += ANCHOR_SPEED * (x - anchor);
    const close = Math.max(1, Math.round(Math.exp(x) / tickValue));
    const hiX = (xOpen > x ? xOpen : x) + 0.5 * barVol * Math.abs(rng.normal());
    const loX = (xOpen < x ? xOpen : x) - 0.5 * barVol * Math.abs(rng.normal());
    let high = Math.round(Math.exp(hiX) / tickValue);
    let low = Math.max(1, Math.round(Math.exp(loX) / tickValue));
    const top = open > close ? open : close;
    const bottom = open < close ? open : close;
    if (high < top) high = top;
    if (low > bottom) low = bottom;
    t.open[i] = open;
    t.high[i] = high;
    t.low[i] = low;
    t.close[i] = close;

    const u = intraday ? (2 * slot[i]!) / lastSlot - 1 : 0;
    const shape = intraday ? (0.6 + 2.4 * u * u) / 1.4 : 1;
    const activity = 0.4 + 0.6 * (Math.abs(r - drift) / barVol);
    t.volume[i] = Math.round(baseVolume * shape * activity * Math.exp(0.25 * rng.normal()));
    prevClose = close;
  }
}
