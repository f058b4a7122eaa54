/**
 * The run fingerprint (DESIGN.md §3): SHA-256, hex, over a canonical byte encoding of what a run did —
 * every fill, the final cash, every open position and the equity curve's final value — so two runs can
 * be compared at a glance. Wall-clock figures (loopSeconds, events/s) are not part of it.
 *
 * Encoding (version tag first, so a future change of layout cannot collide with this one):
 *   "hindsight-fp-v1\0", u32 fill count, then per fill:
 *     f64 tsSec, u32 tsNsec, u32 symbol byte length + UTF-8 symbol, u32 strategyIndex, f64 orderId,
 *     i8 side, f64 lots, f64 priceTicks, f64 feeUnits, u8 liquidity (0 maker, 1 taker)
 *   f64 finalCashUnits, u32 position count, per open position:
 *     u32 strategyIndex, u32 symbol length + symbol, f64 lots, f64 markTicks, f64 unrealizedUnits
 *   u8 has-curve flag, f64 last equity sample (units) when present.
 * All little-endian; numbers are integers held in doubles, with −0 written as 0 so it cannot change
 * the hash. Symbols rather than instrument ids, so renumbering instruments keeps the fingerprint.
 */
import { createHash } from 'node:crypto';
import type { Instrument } from '../core/instrument.js';
import type { RunRecord } from './run-record.js';

const TAG = Buffer.from('hindsight-fp-v1\0', 'utf8');
const FILL_FIXED = 8 + 4 + 4 + 4 + 8 + 1 + 8 + 8 + 8 + 1;
const POSITION_FIXED = 4 + 4 + 8 + 8 + 8;

/** Symbol bytes per instrument id; an id the record does not list is a bug in the producer. */
function symbolTable(instruments: readonly Instrument[]): Map<number, Buffer> {
  const m = new Map<number, Buffer>();
  for (const inst of instruments) m.set(inst.id, Buffer.from(inst.symbol, 'utf8'));
  return m;
}

function symbolOf(table: Map<number, Buffer>, id: number): Buffer {
  const b = table.get(id);
  if (!b) throw new Error(`fingerprint: instrument id ${id} is not in the run record's instruments`);
  return b;
}

export function fingerprint(run: RunRecord): string {
  const symbols = symbolTable(run.instruments);
  let size = TAG.length + 4 + 8 + 4 + 1 + 8;
  for (const f of run.fills) size += FILL_FIXED + symbolOf(symbols, f.instrumentId).length;
  for (const p of run.openPositions) size += POSITION_FIXED + symbolOf(symbols, p.instrumentId).length;

  const bytes = new Uint8Array(size);
  const dv = new DataView(bytes.buffer);
  bytes.set(TAG, 0);
  let o = TAG.length;
  // −0 + 0 is +0, so a negative zero cannot change the hash.
  dv.setUint32(o, run.fills.length, true);
  o += 4;
  for (const f of run.fills) {
    const sym = symbolOf(symbols, f.instrumentId);
    dv.setFloat64(o, f.tsSec + 0, true);
    dv.setUint32(o + 8, f.tsNsec, true);
    dv.setUint32(o + 12, sym.length, true);
    bytes.set(sym, o + 16);
    o += 16 + sym.length;
    dv.setUint32(o, f.strategyIndex, true);
    dv.setFloat64(o + 4, f.orderId + 0, true);
    dv.setInt8(o + 12, f.side);
    dv.setFloat64(o + 13, f.lots + 0, true);
    dv.setFloat64(o + 21, f.priceTicks + 0, true);
    dv.setFloat64(o + 29, f.feeUnits + 0, true);
    dv.setUint8(o + 37, f.liquidity === 'maker' ? 0 : 1);
    o += 38;
  }
  dv.setFloat64(o, run.finalCashUnits + 0, true);
  dv.setUint32(o + 8, run.openPositions.length, true);
  o += 12;
  for (const p of run.openPositions) {
    const sym = symbolOf(symbols, p.instrumentId);
    dv.setUint32(o, p.strategyIndex, true);
    dv.setUint32(o + 4, sym.length, true);
    bytes.set(sym, o + 8);
    o += 8 + sym.length;
    dv.setFloat64(o, p.lots + 0, true);
    dv.setFloat64(o + 8, p.markTicks + 0, true);
    dv.setFloat64(o + 16, p.unrealizedUnits + 0, true);
    o += 24;
  }
  const n = run.equity.length;
  dv.setUint8(o, n > 0 ? 1 : 0);
  dv.setFloat64(o + 1, n > 0 ? run.equity.equityUnits[n - 1]! + 0 : 0, true);
  o += 9;
  if (o !== size) throw new Error(`fingerprint: encoded ${o} bytes, expected ${size}`);
  return createHash('sha256').update(bytes).digest('hex');
}
