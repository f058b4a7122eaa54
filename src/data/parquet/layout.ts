/**
 * The on-disk layout of bar tables in Parquet and Arrow IPC (docs/data-formats.md), shared by the
 * readers and writers: column names, key-value metadata keys, and the per-symbol tick lookup.
 *
 * Layout: `ts` int64 TIMESTAMP(NANOS, UTC); optional `symbol` string (dictionary-encoded) when a file
 * holds several symbols; `open`/`high`/`low`/`close` int64 ticks; `volume` double. File metadata:
 * `hindsight.kind = "bars"`, `hindsight.version = "1"`, `hindsight.tick` (one tick for every symbol,
 * decimal text such as "0.01") or `hindsight.ticks` (JSON object symbol -> tick text), and
 * `hindsight.symbol` for single-symbol files without a `symbol` column.
 * Invariants: a tick is a positive decimal (parseDecimal); every symbol read has exactly one tick.
 */
import { formatScaled, parseDecimal, pow10, type Scaled } from '../../core/decimal.js';
import { DataError } from '../../core/errors.js';

export const TS = 'ts';
export const SYMBOL = 'symbol';
export const PRICE_COLUMNS = ['open', 'high', 'low', 'close'] as const;
export type PriceColumn = (typeof PRICE_COLUMNS)[number];
export type BarColumn = PriceColumn | 'volume';
export const BAR_COLUMNS: readonly BarColumn[] = ['open', 'high', 'low', 'close', 'volume'];

export const KEY_KIND = 'hindsight.kind';
export const KEY_VERSION = 'hindsight.version';
export const KEY_TICK = 'hindsight.tick';
export const KEY_TICKS = 'hindsight.ticks';
export const KEY_SYMBOL = 'hindsight.symbol';
export const LAYOUT_VERSION = '1';

export function tickText(t: Scaled): string {
  return formatScaled(t.units, t.scale);
}

export function tickValue(t: Scaled): number {
  return t.units / pow10(t.scale);
}

/** Key-value metadata a writer stores for these tables. */
export function layoutMetadata(
  tables: { symbol: string; tick: Scaled }[],
  multi: boolean,
): Map<string, string> {
  const kv = new Map<string, string>([
    [KEY_KIND, 'bars'],
    [KEY_VERSION, LAYOUT_VERSION],
  ]);
  const texts = tables.map((t) => tickText(t.tick));
  if (texts.every((x) => x === texts[0])) kv.set(KEY_TICK, texts[0]!);
  else kv.set(KEY_TICKS, JSON.stringify(Object.fromEntries(tables.map((t, i) => [t.symbol, texts[i]]))));
  if (!multi) kv.set(KEY_SYMBOL, tables[0]!.symbol);
  return kv;
}

/** Resolves each symbol's tick from file metadata, with `fallback` (a caller's option) last. */
export class TickResolver {
  private readonly one: Scaled | null;
  private readonly perSymbol: Map<string, Scaled> | null = null;

  constructor(
    private readonly file: string,
    kv: Map<string, string>,
    private readonly fallback: Scaled | null,
  ) {
    const one = kv.get(KEY_TICK);
    this.one = one === undefined ? null : parseTick(file, KEY_TICK, one);
    const many = kv.get(KEY_TICKS);
    if (many !== undefined) {
      let obj: unknown;
      try {
        obj = JSON.parse(many);
      } catch {
        obj = null;
      }
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj))
        throw new DataError({ file, field: KEY_TICKS, value: many }, 'metadata is not a JSON object');
      this.perSymbol = new Map();
      for (const [sym, text] of Object.entries(obj as Record<string, unknown>))
        this.perSymbol.set(sym, parseTick(file, `${KEY_TICKS}.${sym}`, String(text)));
    }
  }

  tick(symbol: string): Scaled {
    const t = this.perSymbol?.get(symbol) ?? this.one ?? this.fallback;
    if (!t)
      throw new DataError(
        { file: this.file, field: KEY_TICK },
        `no tick size for symbol "${symbol}": the file has no ${KEY_TICK} metadata (pass the tick option)`,
      );
    return t;
  }
}

function parseTick(file: string, field: string, text: string): Scaled {
  let t: Scaled;
  try {
    t = parseDecimal(text, field);
  } catch {
    throw new DataError({ file, field, value: text }, 'tick size is not a decimal number');
  }
  if (t.units <= 0) throw new DataError({ file, field, value: text }, 'tick size must be > 0');
  return t;
}
