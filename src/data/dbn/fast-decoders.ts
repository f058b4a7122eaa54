/**
 * Hand-written record decoders for the hottest record types (MBO, trades, MBP-1/TBBO, OHLCV): one pass per
 * record with every column in a local, about twice as fast as the field-by-field path (decoder.ts), which
 * stays the reference. Each returns false, without a partial result mattering, when a record needs the
 * careful path (a 64-bit value beyond 2^53, exact or not); the caller then re-decodes the run generically,
 * which either stores the exact value or raises the precise DataError.
 *
 * Invariant (tested): for every input, a fast decoder that returns true leaves exactly the columns the
 * generic decoder would.
 */
import type { MboTable, OhlcvTable, QuoteTable, TradeTable } from '../schemas.js';

const TWO32 = 4294967296;
const NS = 1e9;
const LIM = 0x200000;

export type FastDecoder = (
  dv: DataView,
  off: number,
  rs: number,
  n: number,
  t: never,
  row: number,
) => boolean;

/** ts at byte p -> (sec, nsec) into columns at i; u64::MAX -> (NaN, 0). Same arithmetic as fields.dTs. */
function ts(dv: DataView, p: number, sec: Float64Array, nsec: Uint32Array, i: number): void {
  const lo = dv.getUint32(p, true);
  const hi = dv.getUint32(p + 4, true);
  if ((hi & lo) === -1) {
    sec[i] = NaN;
    nsec[i] = 0;
    return;
  }
  let s = Math.floor((hi * TWO32 + lo) * 1e-9);
  let r = (lo - Math.imul(s, NS)) | 0;
  if (r < 0) {
    r += NS;
    s -= 1;
  } else if (r >= NS) {
    r -= NS;
    s += 1;
  }
  sec[i] = s;
  nsec[i] = r;
}

/** i64 price at p into col[i]; false when it needs the careful path (beyond 2^53 and not null). */
function px(dv: DataView, p: number, col: Float64Array, i: number): boolean {
  const lo = dv.getUint32(p, true);
  const hi = dv.getInt32(p + 4, true);
  if (hi >= -LIM && hi < LIM) col[i] = hi * TWO32 + lo;
  else if (hi === 0x7fffffff && lo === 0xffffffff) col[i] = NaN;
  else return false;
  return true;
}

export function decodeMboFast(
  dv: DataView,
  off: number,
  rs: number,
  n: number,
  t: MboTable,
  row: number,
): boolean {
  const { tsEventSec, tsEventNsec, tsRecvSec, tsRecvNsec, instrumentId, publisherId, orderIdHi, orderIdLo } =
    t;
  const { price, size, flags, channelId, action, side, tsInDelta, sequence } = t;
  for (let i = row, end = row + n; i < end; i++, off += rs) {
    publisherId[i] = dv.getUint16(off + 2, true);
    instrumentId[i] = dv.getUint32(off + 4, true);
    ts(dv, off + 8, tsEventSec, tsEventNsec, i);
    orderIdLo[i] = dv.getUint32(off + 16, true);
    orderIdHi[i] = dv.getUint32(off + 20, true);
    if (!px(dv, off + 24, price, i)) return false;
    size[i] = dv.getUint32(off + 32, true);
    flags[i] = dv.getUint8(off + 36);
    channelId[i] = dv.getUint8(off + 37);
    action[i] = dv.getUint8(off + 38);
    side[i] = dv.getUint8(off + 39);
    ts(dv, off + 40, tsRecvSec, tsRecvNsec, i);
    tsInDelta[i] = dv.getInt32(off + 48, true);
    sequence[i] = dv.getUint32(off + 52, true);
  }
  return true;
}

/** The 32 bytes from 16 to 47 shared by TradeMsg and Mbp1Msg. */
function event(dv: DataView, off: number, t: TradeTable | QuoteTable, i: number): boolean {
  t.publisherId[i] = dv.getUint16(off + 2, true);
  t.instrumentId[i] = dv.getUint32(off + 4, true);
  ts(dv, off + 8, t.tsEventSec, t.tsEventNsec, i);
  if (!px(dv, off + 16, t.price, i)) return false;
  t.size[i] = dv.getUint32(off + 24, true);
  t.action[i] = dv.getUint8(off + 28);
  t.side[i] = dv.getUint8(off + 29);
  t.flags[i] = dv.getUint8(off + 30);
  t.depth[i] = dv.getUint8(off + 31);
  ts(dv, off + 32, t.tsRecvSec, t.tsRecvNsec, i);
  t.tsInDelta[i] = dv.getInt32(off + 40, true);
  t.sequence[i] = dv.getUint32(off + 44, true);
  return true;
}

export function decodeTradeFast(
  dv: DataView,
  off: number,
  rs: number,
  n: number,
  t: TradeTable,
  row: number,
): boolean {
  for (let i = row, end = row + n; i < end; i++, off += rs) if (!event(dv, off, t, i)) return false;
  return true;
}

export function decodeMbp1Fast(
  dv: DataView,
  off: number,
  rs: number,
  n: number,
  t: QuoteTable,
  row: number,
): boolean {
  const { rtype, bidPx, askPx, bidSz, askSz, bidCt, askCt } = t;
  for (let i = row, end = row + n; i < end; i++, off += rs) {
    rtype[i] = dv.getUint8(off + 1);
    if (!event(dv, off, t, i) || !px(dv, off + 48, bidPx, i) || !px(dv, off + 56, askPx, i)) return false;
    bidSz[i] = dv.getUint32(off + 64, true);
    askSz[i] = dv.getUint32(off + 68, true);
    bidCt[i] = dv.getUint32(off + 72, true);
    askCt[i] = dv.getUint32(off + 76, true);
  }
  return true;
}

export function decodeOhlcvFast(
  dv: DataView,
  off: number,
  rs: number,
  n: number,
  t: OhlcvTable,
  row: number,
): boolean {
  const { rtype, publisherId, instrumentId, tsEventSec, tsEventNsec, open, high, low, close, volume } = t;
  for (let i = row, end = row + n; i < end; i++, off += rs) {
    rtype[i] = dv.getUint8(off + 1);
    publisherId[i] = dv.getUint16(off + 2, true);
    instrumentId[i] = dv.getUint32(off + 4, true);
    ts(dv, off + 8, tsEventSec, tsEventNsec, i);
    if (!px(dv, off + 16, open, i) || !px(dv, off + 24, high, i)) return false;
    if (!px(dv, off + 32, low, i) || !px(dv, off + 40, close, i)) return false;
    const hi = dv.getUint32(off + 52, true);
    if (hi >= LIM) return false;
    volume[i] = hi * TWO32 + dv.getUint32(off + 48, true);
  }
  return true;
}
