/**
 * Exposure: the fraction of equity samples at which any strategy holds a non-zero position in any
 * instrument. Positions are rebuilt from the fills alone (net signed lots per strategy × instrument),
 * replayed against the sample timestamps: a fill counts for every sample at or after its timestamp.
 *
 * Limits: the fill's own timestamp is used, so with a response latency a position counts slightly
 * before the portfolio books it (at most one sample early per fill). A run that starts with positions
 * is not expressible in a RunRecord, so every run starts flat.
 */
import type { FillRecord } from '../exec/fill.js';
import type { FillList } from '../exec/fill-log.js';
import type { EquityCurve } from './run-record.js';

function byTime(a: FillRecord, b: FillRecord): number {
  return a.tsSec !== b.tsSec ? a.tsSec - b.tsSec : a.tsNsec - b.tsNsec;
}

/** Fraction in [0, 1]; null when the curve has no samples. */
export function exposure(curve: EquityCurve, list: FillList): number | null {
  const n = curve.length;
  if (n === 0) return null;
  // Array.prototype.sort is stable, so fills at one timestamp keep their booking order.
  const fs = Array.from(list).sort(byTime);

  const slot = new Map<number, number>();
  let instrumentSpan = 1;
  for (const f of fs) instrumentSpan = Math.max(instrumentSpan, f.instrumentId + 1);
  for (const f of fs) {
    const key = f.strategyIndex * instrumentSpan + f.instrumentId;
    if (!slot.has(key)) slot.set(key, slot.size);
  }
  const lots = new Float64Array(slot.size);
  const slotOf = new Int32Array(fs.length);
  for (let j = 0; j < fs.length; j++)
    slotOf[j] = slot.get(fs[j]!.strategyIndex * instrumentSpan + fs[j]!.instrumentId)!;

  const tsSec = curve.tsSec;
  const tsNsec = curve.tsNsec;
  let open = 0;
  let exposed = 0;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const s = tsSec[i]!;
    const ns = tsNsec[i]!;
    while (j < fs.length) {
      const f = fs[j]!;
      if (f.tsSec > s || (f.tsSec === s && f.tsNsec > ns)) break;
      const k = slotOf[j]!;
      const before = lots[k]!;
      const after = before + f.side * f.lots;
      lots[k] = after;
      if (before === 0 && after !== 0) open++;
      else if (before !== 0 && after === 0) open--;
      j++;
    }
    if (open > 0) exposed++;
  }
  return exposed / n;
}
