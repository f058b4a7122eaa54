/**
 * The run folder (DESIGN.md §4), a contract tools and tests rely on. Exactly these files:
 *   metrics.json          the flat metrics object, 2-space indented, keys in METRIC_KEYS order then the
 *                         remaining (strategy_*) keys sorted
 *   trades.csv            symbol,side,qty,entry_ts,entry_price,exit_ts,exit_price,pnl,fees
 *   fills.csv             ts,symbol,order_id,side,qty,price,fee,liquidity
 *   equity.csv            ts,equity,cash,drawdown
 *   config.resolved.yaml  run.config as YAML
 * CSVs use "\n", end with a newline, and quote a field only when it holds a comma, quote or line break
 * (in practice: a symbol). Money and prices are exact decimals of their integer units; round-trip
 * prices are the exact VWAP rounded half-even to tick scale + 6 places; timestamps ISO 8601 UTC.
 * drawdown = E_t / running peak − 1 to 10 significant digits, "0" at peaks, empty when the curve's first
 * sample is <= 0 (drawdown undefined). Per-strategy figures go into metrics only, so headers never change.
 *
 * Invariant: the same record and metrics give byte-identical files. A non-finite metric is a bug
 * upstream and throws rather than turning into JSON null silently.
 */
import type { BookFillLog } from './book-fills.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Instrument } from '../core/instrument.js';
import { csvField, formatVwap, vwapUnits } from './csv-format.js';
import {
  FIELD_MAX,
  putAscii,
  putBytes,
  putInt,
  putIso,
  putScaled,
  putSig10,
  writeCsvFile,
} from './csv-sink.js';
import { METRIC_KEYS, type Metrics } from './metrics.js';
import type { EquityCurve, RunRecord } from './run-record.js';

export const TRADES_HEADER = 'symbol,side,qty,entry_ts,entry_price,exit_ts,exit_price,pnl,fees';
export const FILLS_HEADER = 'ts,symbol,order_id,side,qty,price,fee,liquidity';
export const EQUITY_HEADER = 'ts,equity,cash,drawdown';

export const RUN_FILES = [
  'metrics.json',
  'trades.csv',
  'fills.csv',
  'equity.csv',
  'config.resolved.yaml',
] as const;

interface InstrumentOut {
  inst: Instrument;
  /** The symbol as a CSV field (quoted if needed), UTF-8, encoded once per instrument. */
  field: Buffer;
}

function instrumentLookup(run: RunRecord): (id: number) => InstrumentOut {
  const byId = new Map<number, InstrumentOut>();
  for (const inst of run.instruments)
    byId.set(inst.id, { inst, field: Buffer.from(csvField(inst.symbol), 'utf8') });
  return (id) => {
    const o = byId.get(id);
    if (!o) throw new Error(`run record refers to instrument id ${id}, which is not in its instruments`);
    return o;
  };
}

const COMMA = 44;
const NL = 10;
const word = (s: string): Buffer => Buffer.from(s, 'latin1');
const LONG = word(',long,');
const SHORT = word(',short,');
const BUY = word(',buy,');
const SELL = word(',sell,');
const MAKER = word(',maker\n');
const TAKER = word(',taker\n');
const MAKER_BARE = word(',maker');
const TAKER_BARE = word(',taker');
const EMPTY_BOOK_FIELDS = word(',,,');
const NEWLINE = 10;
/** The columns fills.csv gains in a run with a book venue (empty for the bar venue's fills). */
export const BOOK_FILL_COLUMNS = ',latency_ns,queue_wait_ns,arrival_mid';

/** metrics.json text: known keys in contract order, then extra keys sorted; throws on non-finite numbers. */
export function metricsJson(metrics: Metrics): string {
  const record = metrics as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  const known = new Set<string>(METRIC_KEYS);
  const keys = [
    ...METRIC_KEYS.filter((k) => k in record),
    ...Object.keys(record)
      .filter((k) => !known.has(k))
      .sort(),
  ];
  for (const k of keys) {
    const v = record[k];
    if (typeof v === 'number' && !Number.isFinite(v))
      throw new RangeError(`metric ${k} is ${v}; metrics must be finite numbers or null`);
    ordered[k] = v;
  }
  return JSON.stringify(ordered, null, 2) + '\n';
}

function writeTrades(path: string, run: RunRecord, lookup: (id: number) => InstrumentOut): void {
  const scale = run.cashScale;
  writeCsvFile(path, (out) => {
    out.text(TRADES_HEADER + '\n');
    for (const t of run.trades) {
      const { inst, field } = lookup(t.instrumentId);
      const priceScale = inst.tick.scale + 6;
      let o = out.reserve(field.length + 8 * FIELD_MAX);
      const b = out.buf;
      o = putBytes(b, o, field);
      o = putBytes(b, o, t.side > 0 ? LONG : SHORT);
      o = putScaled(b, o, t.lots * inst.lot.units, inst.lot.scale);
      b[o++] = COMMA;
      o = putIso(b, o, t.entrySec, t.entryNsec, out.day);
      b[o++] = COMMA;
      o = putVwap(b, o, inst, t.entryNotionalTicks, t.lots, priceScale);
      b[o++] = COMMA;
      o = putIso(b, o, t.exitSec, t.exitNsec, out.day);
      b[o++] = COMMA;
      o = putVwap(b, o, inst, t.exitNotionalTicks, t.lots, priceScale);
      b[o++] = COMMA;
      o = putScaled(b, o, t.pnlUnits, scale);
      b[o++] = COMMA;
      o = putScaled(b, o, t.feeUnits, scale);
      b[o++] = NL;
      out.commit(o);
    }
  });
}

/** formatVwap's decimal, as digits straight into the buffer in the common (safe-integer) case. */
function putVwap(
  b: Uint8Array,
  o: number,
  inst: Instrument,
  notionalTicks: number,
  lots: number,
  priceScale: number,
): number {
  const units = vwapUnits(inst, notionalTicks, lots);
  return units !== null
    ? putScaled(b, o, units, priceScale)
    : putAscii(b, o, formatVwap(inst, notionalTicks, lots));
}

function writeFills(path: string, run: RunRecord, lookup: (id: number) => InstrumentOut): void {
  const scale = run.cashScale;
  const book = run.bookFills ?? null;
  writeCsvFile(path, (out) => {
    out.text(FILLS_HEADER + (book ? BOOK_FILL_COLUMNS : '') + '\n');
    let k = 0;
    let i = 0;
    for (const f of run.fills) {
      const { inst, field } = lookup(f.instrumentId);
      let o = out.reserve(field.length + 10 * FIELD_MAX);
      const b = out.buf;
      o = putIso(b, o, f.tsSec, f.tsNsec, out.day);
      b[o++] = COMMA;
      o = putBytes(b, o, field);
      b[o++] = COMMA;
      o = putInt(b, o, f.orderId);
      o = putBytes(b, o, f.side > 0 ? BUY : SELL);
      o = putScaled(b, o, f.lots * inst.lot.units, inst.lot.scale);
      b[o++] = COMMA;
      o = putScaled(b, o, f.priceTicks * inst.tick.units, inst.tick.scale);
      b[o++] = COMMA;
      o = putScaled(b, o, f.feeUnits, scale);
      if (book === null) o = putBytes(b, o, f.liquidity === 'maker' ? MAKER : TAKER);
      else {
        o = putBytes(b, o, f.liquidity === 'maker' ? MAKER_BARE : TAKER_BARE);
        if (k < book.length && book.fillIndex[k] === i) {
          o = putBookFill(b, o, book, k, inst);
          k++;
        } else o = putBytes(b, o, EMPTY_BOOK_FIELDS);
        b[o++] = NEWLINE;
      }
      out.commit(o);
      i++;
    }
  });
}

/** `,latency_ns,queue_wait_ns,arrival_mid` of book fill row `k` (empty where unknown). */
function putBookFill(
  b: Uint8Array,
  o: number,
  book: BookFillLog,
  k: number,
  inst: InstrumentOut['inst'],
): number {
  const lat = book.latencyNs[k]!;
  const wait = book.queueWaitNs[k]!;
  const mid2 = book.arrivalMid2[k]!;
  b[o++] = COMMA;
  if (lat === lat) o = putInt(b, o, lat);
  b[o++] = COMMA;
  if (wait === wait) o = putInt(b, o, wait);
  b[o++] = COMMA;
  // (bid + ask) / 2 ticks, exactly: twice the mid in ticks × tick units × 5, one decimal place more.
  if (mid2 === mid2) o = putScaled(b, o, mid2 * inst.tick.units * 5, inst.tick.scale + 1);
  return o;
}

/** Bytes an equity row can take: four fields and their separators. */
const EQUITY_ROW_MAX = 4 * FIELD_MAX + 4;

/** equity.csv of a curve whose money is in units at `scale` (also run on a worker: equity-outputs.ts). */
export function writeEquityCsv(path: string, equity: EquityCurve, scale: number): void {
  const { length: n, tsSec, tsNsec, equityUnits, cashUnits } = equity;
  const defined = n > 0 && equityUnits[0]! > 0;
  let peak = n > 0 ? equityUnits[0]! : 0;
  writeCsvFile(path, (out) => {
    out.text(EQUITY_HEADER + '\n');
    const day = out.day;
    for (let i = 0; i < n; i++) {
      let o = out.reserve(EQUITY_ROW_MAX);
      const b = out.buf;
      const e = equityUnits[i]!;
      o = putIso(b, o, tsSec[i]!, tsNsec[i]!, day);
      b[o++] = COMMA;
      o = putScaled(b, o, e, scale);
      b[o++] = COMMA;
      o = putScaled(b, o, cashUnits[i]!, scale);
      b[o++] = COMMA;
      if (defined) {
        if (e >= peak) {
          peak = e;
          b[o++] = 48;
        } else o = putSig10(b, o, e / peak - 1);
      }
      b[o++] = NL;
      out.commit(o);
    }
  });
}

/**
 * Creates `dir` (and parents) and writes the run folder; returns the paths in RUN_FILES order.
 * `equity: false` leaves equity.csv to the caller (written on a worker thread: equity-outputs.ts).
 */
export function writeRunFolder(
  dir: string,
  run: RunRecord,
  metrics: Metrics,
  opts: { equity?: boolean } = {},
): string[] {
  mkdirSync(dir, { recursive: true });
  const paths = RUN_FILES.map((f) => join(dir, f));
  const [metricsPath, tradesPath, fillsPath, equityPath, configPath] = paths as [
    string,
    string,
    string,
    string,
    string,
  ];
  const lookup = instrumentLookup(run);
  writeFileSync(metricsPath, metricsJson(metrics));
  writeTrades(tradesPath, run, lookup);
  writeFills(fillsPath, run, lookup);
  if (opts.equity !== false) writeEquityCsv(equityPath, run.equity, run.cashScale);
  writeFileSync(configPath, stringify(run.config ?? null, { lineWidth: 0 }));
  return paths;
}
