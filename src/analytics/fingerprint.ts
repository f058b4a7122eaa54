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
 * The bytes go to the hash through a 64 KB buffer, read from the fill columns: a run with millions of
 * fills hashes them without building their encoding whole (or one object per fill).
 */
import { createHash, type Hash } from 'node:crypto';
import type { Instrument } from '../core/instrument.js';
import { fillColumns } from './record-columns.js';
import type { RunRecord } from './run-record.js';

const TAG = Buffer.from('hindsight-fp-v1\0', 'utf8');
/** Bytes hashed per update; every item (fixed part + one symbol) is far smaller. */
const CHUNK = 1 << 16;

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

/** Little-endian writes into a reused buffer, handed to the hash whenever the next item might not fit. */
class HashWriter {
  readonly bytes = new Uint8Array(CHUNK);
  readonly dv = new DataView(this.bytes.buffer);
  o = 0;
  constructor(private readonly hash: Hash) {}

  /** Room for `n` more bytes (n is at most a fixed part plus one symbol, far below CHUNK). */
  room(n: number): void {
    if (this.o + n > CHUNK) this.flush();
  }
  flush(): void {
    this.hash.update(this.bytes.subarray(0, this.o));
    this.o = 0;
  }
  put(b: Uint8Array): void {
    this.room(b.length);
    this.bytes.set(b, this.o);
    this.o += b.length;
  }
}

export function fingerprint(run: RunRecord): string {
  const symbols = symbolTable(run.instruments);
  const hash = createHash('sha256');
  const w = new HashWriter(hash);
  w.put(TAG);
  const f = fillColumns(run.fills);
  w.room(4);
  w.dv.setUint32(w.o, f.length, true);
  w.o += 4;
  // −0 + 0 is +0, so a negative zero cannot change the hash.
  for (let i = 0; i < f.length; i++) {
    const sym = symbolOf(symbols, f.instrumentId[i]!);
    w.room(54 + sym.length);
    const { dv } = w;
    let o = w.o;
    dv.setFloat64(o, f.tsSec[i]! + 0, true);
    dv.setUint32(o + 8, f.tsNsec[i]!, true);
    dv.setUint32(o + 12, sym.length, true);
    w.bytes.set(sym, o + 16);
    o += 16 + sym.length;
    dv.setUint32(o, f.strategyIndex[i]!, true);
    dv.setFloat64(o + 4, f.orderId[i]! + 0, true);
    dv.setInt8(o + 12, f.side[i]!);
    dv.setFloat64(o + 13, f.lots[i]! + 0, true);
    dv.setFloat64(o + 21, f.priceTicks[i]! + 0, true);
    dv.setFloat64(o + 29, f.feeUnits[i]! + 0, true);
    dv.setUint8(o + 37, f.taker[i]!);
    w.o = o + 38;
  }
  w.room(12);
  w.dv.setFloat64(w.o, run.finalCashUnits + 0, true);
  w.dv.setUint32(w.o + 8, run.openPositions.length, true);
  w.o += 12;
  for (const p of run.openPositions) {
    const sym = symbolOf(symbols, p.instrumentId);
    w.room(32 + sym.length);
    const { dv } = w;
    let o = w.o;
    dv.setUint32(o, p.strategyIndex, true);
    dv.setUint32(o + 4, sym.length, true);
    w.bytes.set(sym, o + 8);
    o += 8 + sym.length;
    dv.setFloat64(o, p.lots + 0, true);
    dv.setFloat64(o + 8, p.markTicks + 0, true);
    dv.setFloat64(o + 16, p.unrealizedUnits + 0, true);
    w.o = o + 24;
  }
  const n = run.equity.length;
  w.room(9);
  w.dv.setUint8(w.o, n > 0 ? 1 : 0);
  w.dv.setFloat64(w.o + 1, n > 0 ? run.equity.equityUnits[n - 1]! + 0 : 0, true);
  w.o += 9;
  w.flush();
  return hash.digest('hex');
}
