/**
 * Option resolution and exact price conversion for the resampler (resample.ts): turns ResampleOptions into
 * a `ResamplePlan` of plain integers so the row loop does no parsing, and converts a source price (integer
 * ticks of the table's `priceTick`, e.g. DBN's 1e-9) into integer ticks of the output tick size.
 *
 * Invariants: the conversion is exact or fails — ticks = raw * num / den with num/den the reduced ratio
 * srcTick / dstTick; a raw price whose value is not a whole number of output ticks is reported, never
 * rounded. Every option mistake is a ConfigError naming the option and the value.
 * Limits: time intervals must be a whole number of seconds or divide one second exactly (1.5s is refused);
 * the ratio of the two tick sizes must have a numerator and denominator below 2^53.
 */
import { formatScaled, tryParseDecimal, type Scaled } from '../../core/decimal.js';
import { ConfigError } from '../../core/errors.js';
import { parseDuration } from '../../core/time.js';

export interface ResampleOptions {
  /** Time bars: '1s', '1m', '5m', '1h', '1d', '250ms' ... or integer nanoseconds. */
  interval?: string | number;
  /** Volume bars: a bar closes when it holds exactly this many units (a positive integer). */
  volume?: number;
  /** Dollar bars: a bar closes on the first unit that brings its notional (price x size) to at least this. */
  notional?: string | number;
  /**
   * Time bars only. 'epoch' (default): bar starts are multiples of the interval since 1970-01-01T00:00Z.
   * 'utc-day': bars restart at every UTC midnight, so an interval that does not divide a day ends each day
   * with a short bar (for intervals dividing 86,400 s both are the same).
   */
  align?: 'epoch' | 'utc-day';
  /** Output tick size (decimal text or number), e.g. '0.01'. Prices in the BarTable are integer ticks of it. */
  tickSize: string | number;
  /** Symbol written into the BarTable (default: the instrument id as text). */
  symbol?: string;
  /** Keep only rows of this instrument; without it every row must belong to one instrument. */
  instrumentId?: number;
  /** Which timestamp places a row in a bar (default 'event' = ts_event; 'recv' = ts_recv). */
  timestamp?: 'event' | 'recv';
  /** Label for error messages (default '<trades>' / '<quotes>'). */
  file?: string;
}

export interface QuoteResampleOptions extends ResampleOptions {
  /** Price a quote contributes: 'mid' (default) = (bid + ask) / 2, or the 'bid' or 'ask' side alone. */
  price?: 'mid' | 'bid' | 'ask';
  /** A quote whose needed side is null (NaN): 'error' (default) or 'skip' (counted in `counts.skipped`). */
  onMissing?: 'error' | 'skip';
}

export const BAR_TIME = 0;
export const BAR_VOLUME = 1;
export const BAR_DOLLAR = 2;

export interface ResamplePlan {
  type: number;
  /** Time bars: interval in whole seconds (0 when sub-second). */
  iSec: number;
  /** Time bars shorter than one second: interval in nanoseconds (divides 1e9). */
  iNs: number;
  dayAlign: boolean;
  /** Volume bars: units per bar; dollar bars: notional per bar in (output tick x size) units. */
  threshold: number;
  tick: Scaled;
  tickText: string;
  symbol: string | null;
  instrumentId: number | null;
  recv: boolean;
  file: string;
  price: 'mid' | 'bid' | 'ask';
  skipMissing: boolean;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function tickOf(v: unknown, option: string): Scaled {
  const t = typeof v === 'string' || typeof v === 'number' ? tryParseDecimal(String(v)) : null;
  if (!t || t.units <= 0 || t.scale > 18)
    throw new ConfigError(option, `must be a positive decimal (got "${String(v)}")`);
  return t;
}

export function resolveResample(o: QuoteResampleOptions, kind: 'trades' | 'quotes'): ResamplePlan {
  const given = [o.interval, o.volume, o.notional].filter((x) => x !== undefined).length;
  if (given !== 1) throw new ConfigError('interval', 'give exactly one of interval, volume or notional');
  const tick = tickOf(o.tickSize, 'tickSize');
  const plan: ResamplePlan = {
    type: BAR_TIME,
    iSec: 0,
    iNs: 0,
    dayAlign: false,
    threshold: 0,
    tick,
    tickText: formatScaled(tick.units, tick.scale),
    symbol: o.symbol ?? null,
    instrumentId: o.instrumentId ?? null,
    recv: o.timestamp === 'recv',
    file: o.file ?? `<${kind}>`,
    price: o.price ?? 'mid',
    skipMissing: o.onMissing === 'skip',
  };
  if (o.timestamp !== undefined && o.timestamp !== 'event' && o.timestamp !== 'recv')
    throw new ConfigError('timestamp', `must be "event" or "recv" (got "${String(o.timestamp)}")`);
  if (!['mid', 'bid', 'ask'].includes(plan.price))
    throw new ConfigError('price', `must be "mid", "bid" or "ask" (got "${String(o.price)}")`);
  if (o.onMissing !== undefined && o.onMissing !== 'error' && o.onMissing !== 'skip')
    throw new ConfigError('onMissing', `must be "error" or "skip" (got "${String(o.onMissing)}")`);
  if (o.instrumentId !== undefined && !(Number.isInteger(o.instrumentId) && o.instrumentId >= 0))
    throw new ConfigError('instrumentId', `must be an integer >= 0 (got "${String(o.instrumentId)}")`);
  if (o.align !== undefined && o.align !== 'epoch' && o.align !== 'utc-day')
    throw new ConfigError('align', `must be "epoch" or "utc-day" (got "${String(o.align)}")`);
  if (o.interval !== undefined) {
    const ns = parseDuration(o.interval);
    if (ns === null || ns <= 0)
      throw new ConfigError(
        'interval',
        `must be a positive duration like "1m" (got "${String(o.interval)}")`,
      );
    if (ns % 1e9 === 0) plan.iSec = ns / 1e9;
    else if (ns < 1e9 && 1e9 % ns === 0) plan.iNs = ns;
    else
      throw new ConfigError(
        'interval',
        `must be whole seconds or divide one second exactly (got "${String(o.interval)}")`,
      );
    plan.dayAlign = o.align === 'utc-day';
    return plan;
  }
  if (o.align !== undefined) throw new ConfigError('align', 'applies to time bars (interval) only');
  if (kind === 'quotes') throw new ConfigError('volume', 'volume and dollar bars need trades, not quotes');
  if (o.volume !== undefined) {
    if (!Number.isSafeInteger(o.volume) || o.volume <= 0)
      throw new ConfigError('volume', `must be a positive integer (got "${String(o.volume)}")`);
    plan.type = BAR_VOLUME;
    plan.threshold = o.volume;
    return plan;
  }
  const n = tickOf(o.notional, 'notional');
  // Notional in (output tick x size) units: n / tick, which must be whole.
  const conv = ratio(n, tick);
  if (conv === null || conv.den !== 1 || conv.num > MAX_SAFE / 2)
    throw new ConfigError(
      'notional',
      `must be a whole number of ticks (${plan.tickText}) below 2^52 ticks (got "${String(o.notional)}")`,
    );
  plan.type = BAR_DOLLAR;
  plan.threshold = conv.num;
  return plan;
}

/** a / b as a reduced fraction of safe integers (null when either part would not be exact). */
export function ratio(a: Scaled, b: Scaled): { num: number; den: number } | null {
  let num = a.units;
  let den = b.units;
  if (a.scale > b.scale) den *= 10 ** (a.scale - b.scale);
  else num *= 10 ** (b.scale - a.scale);
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den)) return null;
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

/** Source-to-output price conversion: ticks = raw * num / den, NaN when off the grid or not exact. */
export class PriceConverter {
  readonly num: number;
  readonly den: number;
  constructor(src: Scaled, dst: Scaled, file: string) {
    const r = ratio(src, dst);
    if (r === null)
      throw new ConfigError(
        'tickSize',
        `${file}: the ratio of the source tick ${formatScaled(src.units, src.scale)} to the output tick ${formatScaled(dst.units, dst.scale)} is not exact`,
      );
    this.num = r.num;
    this.den = r.den;
  }

  /** Output ticks of raw / half (half = 2 for a mid from bid + ask); NaN when not a whole tick or unsafe. */
  convert(raw: number, half: number): number {
    const x = this.num === 1 ? raw : raw * this.num;
    if (!(x <= MAX_SAFE && x >= -MAX_SAFE)) return NaN;
    const d = this.den * half;
    return x % d === 0 ? x / d : NaN;
  }
}
