/**
 * Option and header resolution for the CSV bar reader: turns CsvBarOptions plus the header line into a
 * `CsvPlan` (column indices, tick, time format), so the row loop only looks at integers.
 *
 * Invariants: every user mistake here is a ConfigError (bad option) or a DataError naming the file, line 1
 * and the missing column. Header names match case-insensitively after trimming spaces and quotes.
 */
import { tryParseDecimal, type Scaled } from '../../core/decimal.js';
import { ConfigError, DataError } from '../../core/errors.js';
import { isKnownTimeZone } from '../../core/time.js';

export interface CsvBarOptions {
  /** yahoo = header Date,Open,High,Low,Close[,Adj Close],Volume (Adj Close and extra columns ignored). */
  format: 'yahoo' | 'generic';
  /** Required unless columns.symbol is set (one file per symbol). */
  symbol?: string;
  /** Column names; defaults timestamp/open/high/low/close/volume (yahoo: Date/Open/...); case-insensitive. */
  columns?: {
    timestamp?: string;
    open?: string;
    high?: string;
    low?: string;
    close?: string;
    volume?: string;
    symbol?: string;
  };
  /** Default iso: YYYY-MM-DD or YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH:MM]. */
  timestampFormat?: 'iso' | 'epoch_s' | 'epoch_ms' | 'epoch_us' | 'epoch_ns';
  /** Zone of ISO stamps without an offset; default UTC. */
  timezone?: string;
  /** Default ','. */
  delimiter?: string;
  /** 'auto' (default): the smallest power of ten that holds every accepted OHLC value of a symbol exactly. */
  tickSize?: string | number | 'auto';
  /** Default strict. */
  mode?: 'strict' | 'lenient';
  /** Lenient mode's reject file; default `<file>.quarantine.csv`. */
  quarantinePath?: string;
}

/** Column slots, in the order the row loop reads them. */
export const COL_TS = 0;
export const COL_OPEN = 1;
export const COL_HIGH = 2;
export const COL_LOW = 3;
export const COL_CLOSE = 4;
export const COL_VOLUME = 5;
export const COL_SYMBOL = 6;

export interface CsvPlan {
  file: string;
  delim: number;
  /** Index in the row of each slot (COL_*); -1 for an absent symbol column. */
  cols: Int32Array;
  /** Number of columns in the header (every row must have exactly this many). */
  ncols: number;
  /** Header names as written in the file, for error messages. */
  names: string[];
  headerText: string;
  /** 0 for ISO, else the nanosecond digits of one epoch unit + 1 (s: 10, ms: 7, us: 4, ns: 1). */
  epochKind: number;
  /** null = UTC. */
  zone: string | null;
  /** null = auto. */
  tick: Scaled | null;
  strict: boolean;
  symbol: string;
  quarantinePath: string;
}

const GENERIC = ['timestamp', 'open', 'high', 'low', 'close', 'volume'];
const YAHOO = ['Date', 'Open', 'High', 'Low', 'Close', 'Volume'];
const SLOT_KEYS = ['timestamp', 'open', 'high', 'low', 'close', 'volume', 'symbol'] as const;
const EPOCH_KIND: Record<string, number> = { iso: 0, epoch_s: 10, epoch_ms: 7, epoch_us: 4, epoch_ns: 1 };

/** Splits the header line (quotes stripped, spaces trimmed). Header lines are rare: plain string work. */
export function splitHeader(text: string, delim: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delim) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/**
 * The timestamp options shared by every CSV/JSONL reader: the epoch kind code the scanners take
 * (0 = ISO text) and the time zone, both validated.
 */
export function resolveTimestampOptions(o: { timestampFormat?: string; timezone?: string }): {
  epochKind: number;
  zone: string;
} {
  const epochKind = EPOCH_KIND[o.timestampFormat ?? 'iso'];
  if (epochKind === undefined)
    throw new ConfigError(
      'timestampFormat',
      `must be one of iso, epoch_s, epoch_ms, epoch_us, epoch_ns (got "${String(o.timestampFormat)}")`,
    );
  const zone = o.timezone ?? 'UTC';
  if (!isKnownTimeZone(zone)) throw new ConfigError('timezone', `unknown time zone "${zone}"`);
  return { epochKind, zone };
}

export function resolvePlan(file: string, headerText: string, o: CsvBarOptions): CsvPlan {
  const format = o.format ?? 'generic';
  if (format !== 'yahoo' && format !== 'generic')
    throw new ConfigError('format', `must be "yahoo" or "generic" (got "${String(format)}")`);
  const delimiter = o.delimiter ?? ',';
  if (
    delimiter.length !== 1 ||
    delimiter.charCodeAt(0) > 127 ||
    delimiter === '"' ||
    delimiter === '\n' ||
    delimiter === '\r'
  )
    throw new ConfigError(
      'delimiter',
      `must be one ASCII character other than a quote or newline (got ${JSON.stringify(delimiter)})`,
    );
  const { epochKind, zone } = resolveTimestampOptions(o);
  let tick: Scaled | null = null;
  if (o.tickSize !== undefined && o.tickSize !== 'auto') {
    const t = tryParseDecimal(String(o.tickSize));
    if (!t || t.units <= 0 || t.scale > 15)
      throw new ConfigError('tickSize', `must be "auto" or a positive decimal (got "${String(o.tickSize)}")`);
    tick = t;
  }
  const mode = o.mode ?? 'strict';
  if (mode !== 'strict' && mode !== 'lenient')
    throw new ConfigError('mode', `must be "strict" or "lenient" (got "${String(mode)}")`);
  const symbolCol = o.columns?.symbol;
  if (!symbolCol && !o.symbol)
    throw new ConfigError(
      'symbol',
      `${file}: a symbol is required unless columns.symbol names a symbol column`,
    );

  const names = splitHeader(headerText, delimiter);
  const lower = names.map((n) => n.toLowerCase());
  const defaults = format === 'yahoo' ? YAHOO : GENERIC;
  const cols = new Int32Array(7).fill(-1);
  for (let slot = 0; slot < 7; slot++) {
    const wanted = o.columns?.[SLOT_KEYS[slot]!] ?? defaults[slot];
    if (wanted === undefined) continue;
    const idx = lower.indexOf(wanted.toLowerCase());
    if (idx < 0)
      throw new DataError(
        { file, row: 1, field: wanted, value: headerText },
        `missing column "${wanted}" in the header (found: ${names.join(', ')})`,
      );
    if (lower.indexOf(wanted.toLowerCase(), idx + 1) >= 0)
      throw new DataError(
        { file, row: 1, field: wanted, value: headerText },
        `column "${wanted}" appears more than once in the header`,
      );
    for (let prev = 0; prev < slot; prev++)
      if (cols[prev] === idx)
        throw new ConfigError('columns', `${file}: column "${wanted}" is mapped to two fields`);
    cols[slot] = idx;
  }
  return {
    file,
    delim: delimiter.charCodeAt(0),
    cols,
    ncols: names.length,
    names,
    headerText,
    epochKind,
    zone: zone === 'UTC' || zone === 'Etc/UTC' ? null : zone,
    tick,
    strict: mode === 'strict',
    symbol: o.symbol ?? '',
    quarantinePath: o.quarantinePath ?? `${file}.quarantine.csv`,
  };
}
