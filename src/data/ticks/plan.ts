/**
 * Options of the CSV/JSONL trade and quote readers and their resolution into a `TickPlan` (field slots,
 * time format, tick and lot sizes, mode), plus the side-code parser. See tick-read.ts for the conventions.
 *
 * Invariants: every option mistake is a ConfigError naming the option and the value; slot order is fixed
 * per kind (TRADE_FIELDS / QUOTE_FIELDS), the first `required` slots must be present in every row.
 */
import { tryParseDecimal, type Scaled } from '../../core/decimal.js';
import { ConfigError } from '../../core/errors.js';
import { resolveTimestampOptions } from '../csv/plan.js';
import { textOf } from '../csv/scan.js';
import { SIDE_ASK, SIDE_BID, SIDE_NONE } from '../schemas.js';

export interface TickReadOptions {
  /** Field names (CSV header names or JSON keys, case-insensitive for CSV). Defaults in TRADE/QUOTE_FIELDS. */
  columns?: Partial<Record<TradeField | QuoteField, string>>;
  /** The file's symbol when rows carry none (required unless a symbol field is present). */
  symbol?: string;
  /** Instrument id of that single symbol (default 1). */
  instrumentId?: number;
  /** Default iso (to the nanosecond); epoch_* accept integers or decimal fractions down to 1 ns. */
  timestampFormat?: 'iso' | 'epoch_s' | 'epoch_ms' | 'epoch_us' | 'epoch_ns';
  /** Zone of ISO stamps without an offset; default UTC. */
  timezone?: string;
  /** Price tick (default 0.000000001). */
  tickSize?: string | number;
  /** Size unit (default 1): a size of 0.5 with lotSize 0.001 is stored as 500. */
  lotSize?: string | number;
  /** CSV only; default ','. */
  delimiter?: string;
  mode?: 'strict' | 'lenient';
  /** Default `<file>.quarantine.csv` (CSV) or `<file>.quarantine.jsonl` (JSONL). */
  quarantinePath?: string;
}

export type TradeField = 'timestamp' | 'price' | 'size' | 'side' | 'symbol' | 'tsRecv' | 'sequence';
export type QuoteField =
  'timestamp' | 'bidPx' | 'askPx' | 'bidSz' | 'askSz' | 'symbol' | 'tsRecv' | 'sequence';

/** Slot order: the first `required` slots must be present; the rest are used when present. */
export const TRADE_FIELDS: [TradeField, string][] = [
  ['timestamp', 'timestamp'],
  ['price', 'price'],
  ['size', 'size'],
  ['side', 'side'],
  ['symbol', 'symbol'],
  ['tsRecv', 'ts_recv'],
  ['sequence', 'sequence'],
];
export const QUOTE_FIELDS: [QuoteField, string][] = [
  ['timestamp', 'timestamp'],
  ['bidPx', 'bid_px'],
  ['askPx', 'ask_px'],
  ['bidSz', 'bid_sz'],
  ['askSz', 'ask_sz'],
  ['symbol', 'symbol'],
  ['tsRecv', 'ts_recv'],
  ['sequence', 'sequence'],
];
const REQUIRED = { trades: 3, quotes: 5 };

export interface TickPlan {
  kind: 'trades' | 'quotes';
  file: string;
  /** Wanted field name of every slot (as configured). */
  wanted: string[];
  /** Slots that must be present. */
  required: number;
  /** Whether the user named the slot explicitly (then it must be present). */
  explicit: boolean[];
  epochKind: number;
  zone: string | null;
  tick: Scaled;
  lot: Scaled;
  strict: boolean;
  symbol: string;
  instrumentId: number;
  quarantinePath: string;
  delim: number;
}

function decimalOption(v: unknown, name: string, dflt: Scaled): Scaled {
  if (v === undefined) return dflt;
  const t = tryParseDecimal(String(v));
  if (!t || t.units <= 0 || t.scale > 15)
    throw new ConfigError(name, `must be a positive decimal (got "${String(v)}")`);
  return t;
}

export function resolveTickPlan(
  kind: 'trades' | 'quotes',
  file: string,
  o: TickReadOptions,
  ext: string,
): TickPlan {
  const fields = kind === 'trades' ? TRADE_FIELDS : QUOTE_FIELDS;
  const { epochKind, zone } = resolveTimestampOptions(o);
  const mode = o.mode ?? 'strict';
  if (mode !== 'strict' && mode !== 'lenient')
    throw new ConfigError('mode', `must be "strict" or "lenient" (got "${String(mode)}")`);
  const delimiter = o.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 127 || '"\n\r'.includes(delimiter))
    throw new ConfigError(
      'delimiter',
      `must be one ASCII character other than a quote or newline (got ${JSON.stringify(delimiter)})`,
    );
  const id = o.instrumentId ?? 1;
  if (!Number.isInteger(id) || id < 0 || id > 0xffffffff)
    throw new ConfigError(
      'instrumentId',
      `must be an integer in 0..2^32-1 (got "${String(o.instrumentId)}")`,
    );
  for (const key of Object.keys(o.columns ?? {}))
    if (!fields.some(([f]) => f === key))
      throw new ConfigError(
        `columns.${key}`,
        `unknown field for ${kind} (known: ${fields.map(([f]) => f).join(', ')})`,
      );
  return {
    kind,
    file,
    wanted: fields.map(([f, d]) => o.columns?.[f] ?? d),
    required: REQUIRED[kind],
    explicit: fields.map(([f]) => o.columns?.[f] !== undefined),
    epochKind,
    zone: zone === 'UTC' || zone === 'Etc/UTC' ? null : zone,
    tick: decimalOption(o.tickSize, 'tickSize', { units: 1, scale: 9 }),
    lot: decimalOption(o.lotSize, 'lotSize', { units: 1, scale: 0 }),
    strict: mode === 'strict',
    symbol: o.symbol ?? '',
    instrumentId: id,
    quarantinePath: o.quarantinePath ?? `${file}.quarantine.${ext}`,
    delim: delimiter.charCodeAt(0),
  };
}

/** Slot indices shared by both kinds. */
export const S_TS = 0;
export const S_SYMBOL = { trades: 4, quotes: 5 };
export const S_RECV = { trades: 5, quotes: 6 };
export const S_SEQ = { trades: 6, quotes: 7 };

/** B/buy/bid -> bid side; A/S/sell/ask -> ask side; N/none/empty -> none; -1 otherwise (case-insensitive). */
export function sideOf(b: Uint8Array, s: number, e: number): number {
  while (s < e && (b[s] === 32 || b[s] === 9)) s++;
  while (e > s && (b[e - 1] === 32 || b[e - 1] === 9)) e--;
  if (s === e) return SIDE_NONE;
  const c = b[s]! | 32;
  if (e - s === 1) return c === 98 ? SIDE_BID : c === 97 || c === 115 ? SIDE_ASK : c === 110 ? SIDE_NONE : -1;
  const w = textOf(b, s, e).toLowerCase();
  return w === 'buy' || w === 'bid'
    ? SIDE_BID
    : w === 'sell' || w === 'ask'
      ? SIDE_ASK
      : w === 'none'
        ? SIDE_NONE
        : -1;
}
