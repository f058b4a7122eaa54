/**
 * Shared machinery of the CSV and JSONL trade/quote readers (tick-csv.ts, tick-jsonl.ts): options, the
 * field slots of each kind, and `TickRowWriter`, which turns one row's field spans (byte ranges found by
 * either reader) into a row of the canonical trades or quotes table of schemas.ts — or into a rejection.
 *
 * Conventions (those of the CSV bar reader): timestamps and decimals are parsed from bytes by csv-scan.ts
 * (exact nanoseconds, exact decimals, no parseFloat); prices become integer ticks of `tickSize` (default
 * 1e-9, the DBN tick, so CSV and DBN tables agree) and sizes integer lots of `lotSize` (default 1); a value
 * off its grid is rejected, never rounded. Strict mode throws a DataError naming file, 1-based line, field
 * and value on the first bad row; lenient mode writes bad rows plus a reason to a quarantine file and counts
 * them; a file with no valid row is an error in both modes.
 * Each symbol gets an instrument id in order of first appearance (1, 2, ...; `symbols` maps them back).
 * The symbol field is read when present unless the `symbol` option is given (naming columns.symbol forces
 * it); otherwise the whole file is `symbol` with id `instrumentId` (default 1). Optional fields (side,
 * ts_recv, sequence) are read when present; named explicitly in `columns`, they are required. ts_recv = ts_event
 * unless a ts_recv field is given. Quotes get rtype MBP-1, action/side 'N', price NaN (no event price).
 * Limits: rows are not checked for time order here (validateTicks does); empty bid/ask fields are rejected
 * (one-sided books cannot be expressed); sizes must be whole lots below 2^32 - 1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatScaled } from '../../core/decimal.js';
import { DataError, formatDataMessage } from '../../core/errors.js';
import { fieldText, gridTicks, statusText } from '../bar-validation.js';
import {
  SCAN_EMPTY,
  SCAN_NULL,
  SCAN_OK,
  SCAN_TOO_BIG,
  scanDecimal,
  scanEpoch,
  scanIso,
  scanOut,
  textOf,
} from '../csv/scan.js';
import {
  ACTION_NONE,
  ACTION_TRADE,
  SIDE_NONE,
  ensureCapacity,
  newTable,
  trimTable,
  type QuoteTable,
  type TradeTable,
} from '../schemas.js';
import { S_RECV, S_SEQ, S_SYMBOL, S_TS, sideOf, type TickPlan } from './plan.js';

export type { TickReadOptions, TickPlan } from './plan.js';
export { resolveTickPlan } from './plan.js';

const MAX_ISSUES = 20;
const MAX_SIZE = 0xfffffffe;

export interface TickReadResult<T> {
  table: T;
  /** instrument id -> symbol. */
  symbols: Map<number, string>;
  rowsRead: number;
  rowsAccepted: number;
  rowsQuarantined: number;
  quarantinePath: string | null;
  /** The first (up to 20) problems, as full messages. */
  firstIssues: string[];
}

/**
 * Converts rows given as per-slot byte spans (start/end; start < 0 = field absent) into table rows.
 * `names[slot]` is the field's name as the file spells it, for messages.
 */
export class TickRowWriter {
  readonly table: TradeTable | QuoteTable;
  readonly symbols = new Map<number, string>();
  rejected = 0;
  readonly issues: string[] = [];
  readonly quarantine: string[] = [];
  private readonly ids = new Map<string, number>();
  private lastSymStart = -1;
  private lastSymEnd = -1;
  private lastId = 0;
  private readonly tickText: string;
  private readonly sSym: number;
  private readonly sRecv: number;
  private readonly sSeq: number;
  private readonly trades: boolean;

  constructor(
    private readonly plan: TickPlan,
    readonly names: string[],
    capacity: number,
    /** Builds a quarantine line from the raw line text and the reason. */
    private readonly quarantineLine: (line: number, text: string, reason: string) => string,
  ) {
    this.trades = plan.kind === 'trades';
    const cap = Math.max(16, capacity);
    this.table = this.trades
      ? newTable('trades', cap, { priceTick: plan.tick })
      : newTable('quotes', cap, { priceTick: plan.tick });
    this.tickText = formatScaled(plan.tick.units, plan.tick.scale);
    this.sSym = S_SYMBOL[plan.kind];
    this.sRecv = S_RECV[plan.kind];
    this.sSeq = S_SEQ[plan.kind];
  }

  /** One row; returns false when it was rejected (lenient mode; strict mode throws). */
  row(b: Uint8Array, st: Int32Array, en: Int32Array, line: number, ls: number, le: number): boolean {
    const p = this.plan;
    let id = p.instrumentId;
    if (st[this.sSym]! >= 0) {
      const s = st[this.sSym]!;
      const e = en[this.sSym]!;
      let same = this.lastSymStart >= 0 && e - s === this.lastSymEnd - this.lastSymStart;
      for (let k = 0; same && k < e - s; k++) same = b[s + k] === b[this.lastSymStart + k];
      if (same) id = this.lastId;
      else {
        const sym = fieldText(b, s, e);
        if (sym === '') return this.reject(b, line, ls, le, this.sSym, st, en, 'empty symbol');
        let got = this.ids.get(sym);
        if (got === undefined) {
          got = this.ids.size + 1;
          this.ids.set(sym, got);
          this.symbols.set(got, sym);
        }
        id = this.lastId = got;
        this.lastSymStart = s;
        this.lastSymEnd = e;
      }
    } else if (this.symbols.size === 0) this.symbols.set(id, p.symbol);
    if (!this.time(b, st[S_TS]!, en[S_TS]!)) return this.rejectTs(b, line, ls, le, S_TS, st, en);
    const sec = scanOut.sec;
    const nsec = scanOut.nsec;
    let rsec = sec;
    let rnsec = nsec;
    if (st[this.sRecv]! >= 0) {
      if (!this.time(b, st[this.sRecv]!, en[this.sRecv]!))
        return this.rejectTs(b, line, ls, le, this.sRecv, st, en);
      rsec = scanOut.sec;
      rnsec = scanOut.nsec;
    }
    let seq = 0;
    if (st[this.sSeq]! >= 0) {
      const r = scanDecimal(b, st[this.sSeq]!, en[this.sSeq]!);
      if (r !== SCAN_OK || scanOut.dec !== 0 || scanOut.mant < 0 || scanOut.mant > 0xffffffff)
        return this.reject(
          b,
          line,
          ls,
          le,
          this.sSeq,
          st,
          en,
          r !== SCAN_OK ? statusText(r) : 'sequence must be an integer in 0..2^32-1',
        );
      seq = scanOut.mant;
    }
    const t = this.table;
    const i = t.length;
    if (i === t.capacity) ensureCapacity(t, i + 1);
    if (this.trades) {
      const tr = t as TradeTable;
      const px = this.price(b, st, en, 1);
      if (px !== px) return this.reject(b, line, ls, le, 1, st, en, this.why);
      const sz = this.size(b, st, en, 2);
      if (sz < 0) return this.reject(b, line, ls, le, 2, st, en, this.why);
      let side = SIDE_NONE;
      if (st[3]! >= 0) {
        side = sideOf(b, st[3]!, en[3]!);
        if (side < 0)
          return this.reject(
            b,
            line,
            ls,
            le,
            3,
            st,
            en,
            'side must be one of B, A, S, N, buy, sell, bid, ask',
          );
      }
      tr.price[i] = px;
      tr.size[i] = sz;
      tr.side[i] = side;
      tr.action[i] = ACTION_TRADE;
    } else {
      const q = t as QuoteTable;
      const bp = this.price(b, st, en, 1);
      if (bp !== bp) return this.reject(b, line, ls, le, 1, st, en, this.why);
      const ap = this.price(b, st, en, 2);
      if (ap !== ap) return this.reject(b, line, ls, le, 2, st, en, this.why);
      const bs = this.size(b, st, en, 3);
      if (bs < 0) return this.reject(b, line, ls, le, 3, st, en, this.why);
      const as = this.size(b, st, en, 4);
      if (as < 0) return this.reject(b, line, ls, le, 4, st, en, this.why);
      q.bidPx[i] = bp;
      q.askPx[i] = ap;
      q.bidSz[i] = bs;
      q.askSz[i] = as;
      q.price[i] = NaN;
      q.rtype[i] = 1; // MBP-1
      q.action[i] = ACTION_NONE;
      q.side[i] = SIDE_NONE;
    }
    t.tsEventSec[i] = sec;
    t.tsEventNsec[i] = nsec;
    t.tsRecvSec[i] = rsec;
    t.tsRecvNsec[i] = rnsec;
    t.instrumentId[i] = id;
    t.sequence[i] = seq;
    t.length = i + 1;
    return true;
  }

  private why = '';

  private time(b: Uint8Array, s: number, e: number): boolean {
    const p = this.plan;
    const r = p.epochKind === 0 ? scanIso(b, s, e, p.zone) : scanEpoch(b, s, e, p.epochKind - 1);
    if (r === SCAN_OK) return true;
    this.why =
      r === SCAN_EMPTY || r === SCAN_NULL
        ? statusText(r)
        : r === SCAN_TOO_BIG
          ? 'timestamp out of range'
          : scanOut.why;
    return false;
  }

  private price(b: Uint8Array, st: Int32Array, en: Int32Array, slot: number): number {
    const r = scanDecimal(b, st[slot]!, en[slot]!);
    if (r !== SCAN_OK) {
      this.why = statusText(r);
      return NaN;
    }
    const v = gridTicks(scanOut.mant, scanOut.dec, this.plan.tick.scale, this.plan.tick.units);
    if (v === v && v !== Infinity) return v;
    this.why =
      v !== v
        ? `price is not a multiple of the tick size ${this.tickText}`
        : 'price too large to hold exactly in ticks';
    return NaN;
  }

  private size(b: Uint8Array, st: Int32Array, en: Int32Array, slot: number): number {
    const r = scanDecimal(b, st[slot]!, en[slot]!);
    if (r !== SCAN_OK) {
      this.why = statusText(r);
      return -1;
    }
    const v = gridTicks(scanOut.mant, scanOut.dec, this.plan.lot.scale, this.plan.lot.units);
    if (v >= 0 && v <= MAX_SIZE) return v;
    const lot = this.plan.lot;
    this.why =
      v !== v
        ? `size is not a whole number of lots (${formatScaled(lot.units, lot.scale)})`
        : v < 0
          ? 'size must be >= 0'
          : 'size too large (at most 2^32 - 2 lots)';
    return -1;
  }

  private rejectTs(
    b: Uint8Array,
    line: number,
    ls: number,
    le: number,
    slot: number,
    st: Int32Array,
    en: Int32Array,
  ): false {
    return this.reject(b, line, ls, le, slot, st, en, this.why);
  }

  reject(
    b: Uint8Array,
    line: number,
    ls: number,
    le: number,
    slot: number,
    st: Int32Array,
    en: Int32Array,
    detail: string,
  ): false {
    const value = st[slot]! >= 0 ? fieldText(b, st[slot]!, en[slot]!) : '';
    return this.rejectText(b, line, ls, le, this.names[slot] ?? `field ${slot + 1}`, value, detail);
  }

  rejectText(
    b: Uint8Array,
    line: number,
    ls: number,
    le: number,
    field: string,
    value: string,
    detail: string,
  ): false {
    const where = { file: this.plan.file, row: line, field, value };
    if (this.plan.strict) throw new DataError(where, detail);
    this.rejected++;
    const msg = formatDataMessage(where, detail);
    if (this.issues.length < MAX_ISSUES) this.issues.push(msg);
    this.quarantine.push(this.quarantineLine(line, textOf(b, ls, le), msg));
    return false;
  }

  /** Trims the table, writes the quarantine file and assembles the result (errors when nothing was valid). */
  finish(quarantineHeader: string): TickReadResult<TradeTable | QuoteTable> {
    const p = this.plan;
    const accepted = this.table.length;
    const read = accepted + this.rejected;
    let quarantinePath: string | null = null;
    if (this.rejected > 0) {
      quarantinePath = p.quarantinePath;
      try {
        mkdirSync(dirname(quarantinePath), { recursive: true }); // e.g. RUN_DIR/quarantine/, made on first use
        writeFileSync(quarantinePath, quarantineHeader + this.quarantine.join('\n') + '\n');
      } catch (e) {
        throw new DataError(
          { file: quarantinePath },
          `cannot write the quarantine file: ${(e as Error).message}`,
        );
      }
    }
    if (read === 0) throw new DataError({ file: p.file }, 'no data rows');
    if (accepted === 0)
      throw new DataError(
        { file: p.file },
        `no valid rows: all ${read} data rows were rejected (see ${quarantinePath}); first: ${this.issues[0]}`,
      );
    return {
      table: trimTable(this.table),
      symbols: this.symbols,
      rowsRead: read,
      rowsAccepted: accepted,
      rowsQuarantined: this.rejected,
      quarantinePath,
      firstIssues: this.issues,
    };
  }
}
