/**
 * Validation of tick tables (trades, L1 quotes, MBO) with strict and lenient modes (DESIGN.md §3).
 *
 * Rules, by problem kind (`counts` has one entry per kind):
 * - all kinds: nullValue — a null (NaN / UNDEF_SIZE) where the row needs a value: ts_event always; trades:
 *   price, size; quotes: bid/ask price and size (unless allowOneSided, which permits a null side); MBO add,
 *   cancel, modify, fill and trade: price and size. timeBack — the timestamp (ts_event, or ts_recv with
 *   `timestamp: 'recv'`) is earlier than the previous accepted row of the same instrument.
 * - quotes: crossedQuote — bid > ask. lockedQuote — bid == ask: a WARNING only (locked markets happen
 *   briefly on real venues and across consolidated feeds), counted, never rejected, never thrown.
 * - MBO: the stream is replayed into a minimal order map per instrument (order id -> side, price, size;
 *   price level -> order count). unknownOrder — a cancel, modify or fill names no live order (a file that
 *   starts without a snapshot reports these for orders placed before it). duplicateOrder — an add reuses a
 *   live id. Cancels remove `size` from the order (partial cancels keep the rest), modifies move it, fills
 *   and trades leave the book alone (the venue's C/M records carry the change), clear ('R') empties it.
 *   crossedBook — best bid >= best ask once an event is complete (a record with FLAG_LAST, or the table's
 *   last row), counted when the book becomes crossed, not again while it stays so. sequenceGap — per
 *   instrument (default), per publisher + channel, or not checked: a sequence more than one above the
 *   previous, or below it (records of one venue message share a sequence).
 * Row problems (nullValue, timeBack, crossedQuote, unknownOrder, duplicateOrder) reject the row: lenient
 * mode lists it in `rejected` and leaves it out of `table` and out of the replay. Stream problems
 * (crossedBook, sequenceGap) describe state, not one bad row: counted, no row removed. Strict mode throws a
 * DataError naming file, 1-based record number, field and value on the first problem of either kind.
 * Limits: MBO order ids are per instrument; the replay keeps no queue order (not needed for these rules).
 */
import { DataError, formatDataMessage, UsageError } from '../../core/errors.js';
import { formatIso } from '../../core/time.js';
import {
  ACTION_ADD,
  ACTION_CANCEL,
  ACTION_FILL,
  ACTION_MODIFY,
  ACTION_TRADE,
  FLAG_LAST,
  SIDE_BID,
  SIDE_ASK,
  UNDEF_SIZE,
  allocColumn,
  colWidth,
  columnsOf,
  type Column,
  type CQuoteTable,
  type MboTable,
  type QuoteTable,
  type TableBase,
  type TradeTable,
} from '../schemas.js';
import { MboReplay, orderKey } from './validate-mbo.js';

export type TickProblem =
  | 'nullValue'
  | 'timeBack'
  | 'crossedQuote'
  | 'lockedQuote'
  | 'unknownOrder'
  | 'duplicateOrder'
  | 'crossedBook'
  | 'sequenceGap';

export interface ValidateTicksOptions {
  mode?: 'strict' | 'lenient';
  /** Label for messages (default '<kind>'). */
  file?: string;
  timestamp?: 'event' | 'recv';
  /** MBO sequence check scope (default 'instrument'). */
  sequence?: 'instrument' | 'channel' | 'none';
  /** Quotes: a null bid or ask (one-sided book) is not a problem. */
  allowOneSided?: boolean;
}

export interface TickValidation<T extends TableBase> {
  rows: number;
  counts: Record<TickProblem, number>;
  /** Problems excluding warnings (lockedQuote). */
  problems: number;
  warnings: number;
  /** Row indices (0-based, increasing) left out of `table`. */
  rejected: Uint32Array;
  /** The input without rejected rows (the input itself when none were rejected). */
  table: T;
  /** The first (up to 20) problems as full messages. */
  firstIssues: string[];
}

const WARNINGS: ReadonlySet<TickProblem> = new Set(['lockedQuote']);
const STREAM: ReadonlySet<TickProblem> = new Set(['crossedBook', 'sequenceGap']);

type Kind = 'trades' | 'quotes' | 'cquotes' | 'mbo';
type AnyTick = TradeTable | QuoteTable | CQuoteTable | MboTable;

export function validateTicks<T extends AnyTick>(
  table: T,
  kind: Kind,
  options: ValidateTicksOptions = {},
): TickValidation<T> {
  if (!['trades', 'quotes', 'cquotes', 'mbo'].includes(kind))
    throw new UsageError(
      `validateTicks: kind must be trades, quotes, cquotes or mbo (got "${String(kind)}")`,
    );
  if (table.kind !== kind) throw new UsageError(`validateTicks: a "${table.kind}" table given as "${kind}"`);
  const mode = options.mode ?? 'strict';
  if (mode !== 'strict' && mode !== 'lenient')
    throw new UsageError(`validateTicks: mode must be "strict" or "lenient" (got "${String(mode)}")`);
  const seqScope = options.sequence ?? 'instrument';
  if (!['instrument', 'channel', 'none'].includes(seqScope))
    throw new UsageError(
      `validateTicks: sequence must be instrument, channel or none (got "${String(seqScope)}")`,
    );
  const strict = mode === 'strict';
  const file = options.file ?? `<${kind}>`;
  const counts: Record<TickProblem, number> = {
    nullValue: 0,
    timeBack: 0,
    crossedQuote: 0,
    lockedQuote: 0,
    unknownOrder: 0,
    duplicateOrder: 0,
    crossedBook: 0,
    sequenceGap: 0,
  };
  const issues: string[] = [];
  const rejected: number[] = [];
  let bad = false;
  const report = (problem: TickProblem, i: number, field: string, value: string, detail: string): void => {
    const where = { file, row: i + 1, field, value };
    if (strict && !WARNINGS.has(problem)) throw new DataError(where, detail);
    counts[problem]++;
    if (issues.length < 20) issues.push(formatDataMessage(where, detail));
    if (!WARNINGS.has(problem) && !STREAM.has(problem)) bad = true;
  };

  const recv = options.timestamp === 'recv';
  const secs = recv ? table.tsRecvSec : table.tsEventSec;
  const nsecs = recv ? table.tsRecvNsec : table.tsEventNsec;
  const tsField = recv ? 'ts_recv' : 'ts_event';
  const lastTs = new Map<number, number>(); // instrument -> last accepted row
  const mbo = kind === 'mbo' ? (table as MboTable) : null;
  const replay = mbo ? new MboReplay() : null;
  const lastSeq = new Map<number, number>();
  const q = table as QuoteTable;
  const tr = table as TradeTable;
  const n = table.length;
  for (let i = 0; i < n; i++) {
    bad = false;
    const inst = table.instrumentId[i]!;
    const sec = table.tsEventSec[i]!;
    if (sec !== sec) report('nullValue', i, 'ts_event', 'null', 'a timestamp is required');
    else if (recv && secs[i] !== secs[i]) report('nullValue', i, tsField, 'null', 'a timestamp is required');
    else {
      const prev = lastTs.get(inst);
      if (prev !== undefined) {
        const ps = secs[prev]!;
        const pn = nsecs[prev]!;
        if (secs[i]! < ps || (secs[i] === ps && nsecs[i]! < pn))
          report(
            'timeBack',
            i,
            tsField,
            formatIso(secs[i]!, nsecs[i]!),
            `timestamp goes back in time (record ${prev + 1} of instrument ${inst} is at ${formatIso(ps, pn)})`,
          );
      }
    }
    if (kind === 'trades') {
      if (tr.price[i] !== tr.price[i]) report('nullValue', i, 'price', 'null', 'a price is required');
      else if (tr.size[i] === UNDEF_SIZE) report('nullValue', i, 'size', 'null', 'a size is required');
    } else if (kind === 'quotes' || kind === 'cquotes') {
      const bp = q.bidPx[i]!;
      const ap = q.askPx[i]!;
      if (!options.allowOneSided && (bp !== bp || ap !== ap))
        report('nullValue', i, bp !== bp ? 'bid_px' : 'ask_px', 'null', 'a price is required');
      else if (!options.allowOneSided && (q.bidSz[i] === UNDEF_SIZE || q.askSz[i] === UNDEF_SIZE))
        report('nullValue', i, q.bidSz[i] === UNDEF_SIZE ? 'bid_sz' : 'ask_sz', 'null', 'a size is required');
      else if (bp > ap) report('crossedQuote', i, 'bid_px', String(bp), `crossed quote: bid above ask ${ap}`);
      else if (bp === ap) report('lockedQuote', i, 'bid_px', String(bp), `locked quote: bid equals ask`);
    } else if (mbo && replay) {
      const act = mbo.action[i]!;
      const needs =
        act === ACTION_ADD ||
        act === ACTION_CANCEL ||
        act === ACTION_MODIFY ||
        act === ACTION_FILL ||
        act === ACTION_TRADE;
      if (needs && mbo.price[i] !== mbo.price[i])
        report('nullValue', i, 'price', 'null', 'a price is required');
      else if (needs && mbo.size[i] === UNDEF_SIZE)
        report('nullValue', i, 'size', 'null', 'a size is required');
      else if (
        (act === ACTION_ADD || act === ACTION_MODIFY) &&
        mbo.side[i] !== SIDE_BID &&
        mbo.side[i] !== SIDE_ASK
      )
        report(
          'nullValue',
          i,
          'side',
          String.fromCharCode(mbo.side[i]!),
          'an add or modify needs side B or A',
        );
      if (seqScope !== 'none') {
        const key = seqScope === 'instrument' ? inst : mbo.publisherId[i]! * 256 + mbo.channelId[i]!;
        const s = mbo.sequence[i]!;
        const p = lastSeq.get(key);
        if (p !== undefined && (s > p + 1 || s < p))
          report(
            'sequenceGap',
            i,
            'sequence',
            String(s),
            s < p ? `sequence goes back (previous ${p})` : `sequence gap: ${s - p - 1} missing after ${p}`,
          );
        lastSeq.set(key, s);
      }
      if (!bad) {
        const id = orderKey(mbo.orderIdHi[i]!, mbo.orderIdLo[i]!);
        const why = replay.apply(inst, act, id, mbo.side[i]!, mbo.price[i]!, mbo.size[i]!);
        if (why !== null)
          report(
            why === 'duplicate' ? 'duplicateOrder' : 'unknownOrder',
            i,
            'order_id',
            String(id),
            why === 'duplicate'
              ? 'add of an order id that is already live'
              : `${actionName(act)} of an unknown order`,
          );
      }
      if ((mbo.flags[i]! & FLAG_LAST) !== 0 || i === n - 1) {
        const crossed = replay.crossedNow(inst);
        if (crossed !== null)
          report(
            'crossedBook',
            i,
            'price',
            String(crossed[0]),
            `crossed book after this event: best bid ${crossed[0]} >= best ask ${crossed[1]}`,
          );
      }
    }
    if (bad) rejected.push(i);
    else lastTs.set(inst, i);
  }
  let problems = 0;
  let warnings = 0;
  for (const k of Object.keys(counts) as TickProblem[])
    if (WARNINGS.has(k)) warnings += counts[k];
    else problems += counts[k];
  return {
    rows: n,
    counts,
    problems,
    warnings,
    rejected: Uint32Array.from(rejected),
    table: rejected.length === 0 ? table : dropRows(table, rejected),
    firstIssues: issues,
  };
}

function actionName(act: number): string {
  return act === ACTION_CANCEL
    ? 'cancel'
    : act === ACTION_MODIFY
      ? 'modify'
      : act === ACTION_FILL
        ? 'fill'
        : String.fromCharCode(act);
}

/** A copy of `t` without the rows listed (increasing) in `drop`. */
export function dropRows<T extends TableBase>(t: T, drop: readonly number[]): T {
  const keep = t.length - drop.length;
  const out: Record<string, unknown> = { ...(t as object), length: keep, capacity: keep };
  const rec = t as unknown as Record<string, Column>;
  for (const [name, type] of columnsOf(t)) {
    const w = colWidth(type);
    const src = rec[name]!;
    const dst = allocColumn(type, keep);
    let j = 0;
    let d = 0;
    for (let i = 0; i < t.length; i++) {
      if (d < drop.length && drop[d] === i) {
        d++;
        continue;
      }
      for (let k = 0; k < w; k++)
        (dst as unknown as number[])[j * w + k] = (src as unknown as number[])[i * w + k]!;
      j++;
    }
    out[name] = dst;
  }
  return out as T;
}
