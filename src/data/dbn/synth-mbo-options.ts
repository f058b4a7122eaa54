/**
 * Options of the synthetic MBO generator (synth-mbo.ts describes the model): their defaults, their checks
 * (a ConfigError naming the option and the value) and the resolved form the generator runs on.
 *
 * Instruments without their own tick size and price cycle through PRESETS (an equity-like 0.01 tick at
 * 100.00, an index-future-like 0.25 tick at 5000.00, ...), so a multi-instrument file has distinct prices
 * and ticks by default; `tickSize` / `midTicks` set every instrument, `instrumentSpecs` each one.
 */
import { ConfigError } from '../../core/errors.js';
import type { Timestamp } from '../../core/time.js';

export interface SynthInstrumentSpec {
  /** Tick size in 1e-9 price units (an integer, e.g. 0.25 = 250,000,000). */
  tickSize?: number;
  /** Initial mid price in ticks. */
  midTicks?: number;
  /** Relative activity: the share of events that go to this instrument (default 1). */
  weight?: number;
}

export interface SynthMboMix {
  add: number;
  cancel: number;
  modify: number;
  trade: number;
}

export interface SynthMboOptions {
  seed: number;
  /** Records to generate (at least: the output ends on a complete event and holds the whole snapshot). */
  events: number;
  /** Number of instruments (default 1, or the length of `instrumentSpecs`). */
  instruments?: number;
  /** Per-instrument tick size, price and activity (overrides `tickSize` / `midTicks`). */
  instrumentSpecs?: SynthInstrumentSpec[];
  firstInstrumentId?: number;
  publisherId?: number;
  /** Time of the snapshot; the flow follows it (default 2024-01-02T14:30:00Z). */
  start?: Timestamp;
  /** Mean events per second over all instruments (default 100,000). */
  ratePerSec?: number;
  /** Tick size of every instrument, in 1e-9 price units (default: per-instrument presets). */
  tickSize?: number;
  /** Initial mid of every instrument, in ticks (default: per-instrument presets). */
  midTicks?: number;
  /** Relative weights of add / cancel / modify / trade events at the target book size. */
  mix?: SynthMboMix;
  /** Price levels per side that new orders are placed within (default 20). */
  depth?: number;
  /** Mean size of a new order (default 5). */
  meanOrderSize?: number;
  /** Share of trades that sweep several price levels (default 0.05). */
  sweepProb?: number;
  /** Most price levels one sweep walks (default 5). */
  maxSweepLevels?: number;
  /** How strongly order flow leans toward the latent fair value, 0 (not at all) to 1 (default 0.3). */
  signal?: number;
  /** Probability per event of the instrument that its latent fair value moves one tick (default 0.02). */
  volatility?: number;
  /** The first order id (default 10,000,000,000: above 2^32, so both id halves are used). */
  firstOrderId?: number;
}

export interface SynthInstrument {
  id: number;
  tickSize: number;
  midTicks: number;
  weight: number;
}

export interface ResolvedSynthMbo {
  seed: number;
  events: number;
  instruments: SynthInstrument[];
  publisherId: number;
  start: Timestamp;
  gapNs: number;
  mix: SynthMboMix;
  depth: number;
  meanOrderSize: number;
  sweepProb: number;
  maxSweepLevels: number;
  signal: number;
  volatility: number;
  firstOrderId: number;
}

/** Equity-like, index-future-like, a 0.05-tick stock, an FX-future-like contract. */
const PRESETS: Required<SynthInstrumentSpec>[] = [
  { tickSize: 10_000_000, midTicks: 10_000, weight: 1 },
  { tickSize: 250_000_000, midTicks: 20_000, weight: 0.8 },
  { tickSize: 50_000_000, midTicks: 4_000, weight: 0.5 },
  { tickSize: 50_000, midTicks: 22_000, weight: 0.3 },
];

export const SYNTH_MBO_DEFAULTS = {
  start: { sec: 1_704_205_800, nsec: 0 }, // 2024-01-02T14:30:00Z
  ratePerSec: 100_000,
  mix: { add: 0.48, cancel: 0.4, modify: 0.07, trade: 0.05 },
  depth: 20,
  meanOrderSize: 5,
  sweepProb: 0.05,
  maxSweepLevels: 5,
  signal: 0.3,
  volatility: 0.02,
  firstOrderId: 10_000_000_000,
};

/** The most instruments one generator runs (each has a level ring of a few kB). */
export const MAX_SYNTH_INSTRUMENTS = 1000;
export const MAX_SYNTH_DEPTH = 200;

function bad(option: string, value: unknown, detail: string): never {
  throw new ConfigError(option, `${detail} (got ${JSON.stringify(value) ?? String(value)})`);
}

function int(option: string, v: number | undefined, fallback: number, min: number, max: number): number {
  if (v === undefined) return fallback;
  if (!Number.isSafeInteger(v) || v < min || v > max)
    bad(option, v, `must be an integer from ${min} to ${max}`);
  return v;
}

function num(option: string, v: number | undefined, fallback: number, min: number, max: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v >= min && v <= max))
    bad(option, v, `must be a number from ${min} to ${max}`);
  return v;
}

function instrumentsOf(o: SynthMboOptions, depth: number): SynthInstrument[] {
  const specs = o.instrumentSpecs;
  if (specs !== undefined && (!Array.isArray(specs) || specs.length === 0))
    bad('instrumentSpecs', specs, 'must be a non-empty list');
  const n = int('instruments', o.instruments, specs?.length ?? 1, 1, MAX_SYNTH_INSTRUMENTS);
  if (specs && specs.length !== n)
    bad('instruments', o.instruments, `must equal the ${specs.length} entries of instrumentSpecs`);
  const first = int('firstInstrumentId', o.firstInstrumentId, 1, 0, 0xffffffff - n + 1);
  // Ticks stay far from 0 and from 2^31 (Int32 ticks; a price's 1e-9 units stay exact below 2^53).
  const minMid = 8 * depth + 1000;
  const out: SynthInstrument[] = [];
  for (let i = 0; i < n; i++) {
    const at = specs ? `instrumentSpecs[${i}].` : '';
    const s = specs?.[i] ?? {};
    const p = PRESETS[i % PRESETS.length]!;
    const tickSize = int(at + 'tickSize', s.tickSize ?? o.tickSize, p.tickSize, 1, 1e15);
    const midTicks = int(at + 'midTicks', s.midTicks ?? o.midTicks, p.midTicks, minMid, 2 ** 28);
    if (midTicks * 4 * tickSize > Number.MAX_SAFE_INTEGER)
      bad(at + 'midTicks', midTicks, `times tickSize ${tickSize} is too large a price for exact 1e-9 units`);
    const weight = num(at + 'weight', s.weight, p.weight, 1e-6, 1e6);
    out.push({ id: first + i, tickSize, midTicks, weight });
  }
  return out;
}

function mixOf(m: SynthMboMix | undefined): SynthMboMix {
  if (m === undefined) return SYNTH_MBO_DEFAULTS.mix;
  for (const k of ['add', 'cancel', 'modify', 'trade'] as const)
    if (!(typeof m[k] === 'number' && m[k] >= 0 && m[k] <= 1e9))
      bad(`mix.${k}`, m[k], 'must be a number from 0 to 1000000000');
  if (m.add <= 0 || m.trade <= 0 || m.cancel <= 0)
    bad('mix', m, 'add, cancel and trade weights must be positive (modify may be 0)');
  return { add: m.add, cancel: m.cancel, modify: m.modify, trade: m.trade };
}

/** Checks every option and fills in the defaults. */
export function resolveSynthMbo(o: SynthMboOptions): ResolvedSynthMbo {
  if (!Number.isInteger(o.seed)) bad('seed', o.seed, 'must be an integer');
  const d = SYNTH_MBO_DEFAULTS;
  if (o.events === undefined) bad('events', o.events, 'is required');
  const events = int('events', o.events, 0, 0, 2 ** 31);
  const depth = int('depth', o.depth, d.depth, 2, MAX_SYNTH_DEPTH);
  const start = o.start ?? d.start;
  if (!(Number.isSafeInteger(start.sec) && start.sec >= 0 && Number.isInteger(start.nsec)))
    bad('start', start, 'must be a timestamp at or after 1970 ({sec, nsec})');
  if (start.nsec < 0 || start.nsec >= 1e9) bad('start', start, 'nsec must be from 0 to 999999999');
  const rate = num('ratePerSec', o.ratePerSec, d.ratePerSec, 1e-6, 1e9);
  return {
    seed: o.seed,
    events,
    instruments: instrumentsOf(o, depth),
    publisherId: int('publisherId', o.publisherId, 1, 0, 0xffff),
    start: { sec: start.sec, nsec: start.nsec },
    gapNs: 1e9 / rate,
    mix: mixOf(o.mix),
    depth,
    meanOrderSize: num('meanOrderSize', o.meanOrderSize, d.meanOrderSize, 1, 1e6),
    sweepProb: num('sweepProb', o.sweepProb, d.sweepProb, 0, 1),
    maxSweepLevels: int('maxSweepLevels', o.maxSweepLevels, d.maxSweepLevels, 2, 50),
    signal: num('signal', o.signal, d.signal, 0, 1),
    volatility: num('volatility', o.volatility, d.volatility, 0, 0.5),
    firstOrderId: int('firstOrderId', o.firstOrderId, d.firstOrderId, 1, 2 ** 52),
  };
}
