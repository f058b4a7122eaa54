/**
 * Exposure and trading activity, rebuilt from the fills alone (net signed lots per strategy × instrument)
 * and replayed against the equity sample times: a fill counts for every sample at or after its timestamp.
 *
 *   exposure       = samples at which any position is open / samples
 *   time_in_market = Σ_i (t_i − t_{i−1}) over the intervals that start with a position open / (t_n − t_0)
 *                    (time-weighted: a weekend held counts its full length, unlike `exposure`)
 *   traded value   = Σ_fills |price × quantity × multiplier|, in cash units (turnover's numerator)
 *
 * Fills are read as columns (record-columns.ts); the engine books them in time order, so the sort is
 * skipped when the timestamps are already non-decreasing (a stable index sort otherwise). Positions are
 * tallied after all fills up to a sample's time, so a position opened and closed between two samples
 * never counts.
 * Limits: the fill's own timestamp is used, so with a response latency a position counts slightly before
 * the portfolio books it (at most one sample early per fill). Every run starts flat (a RunRecord cannot
 * express opening positions). One account currency (as the portfolio requires).
 */
import type { Instrument } from '../core/instrument.js';
import type { FillList } from '../exec/fill-log.js';
import type { EquitySeries } from './curve-stats.js';
import { fillColumns, type FillColumns } from './record-columns.js';

export interface ExposureStats {
  /** Fraction of samples with a position; null without samples. */
  exposure: number | null;
  /** Fraction of elapsed time with a position; null when the curve spans no time. */
  timeInMarket: number | null;
}

/** Fill indices in time order (stable: fills at one timestamp keep their booking order). */
function timeOrder(f: FillColumns): Uint32Array | null {
  for (let j = 1; j < f.length; j++) {
    const a = f.tsSec[j - 1]!;
    const b = f.tsSec[j]!;
    if (b < a || (b === a && f.tsNsec[j]! < f.tsNsec[j - 1]!)) {
      const idx = Array.from({ length: f.length }, (_, k) => k);
      idx.sort((x, y) => f.tsSec[x]! - f.tsSec[y]! || f.tsNsec[x]! - f.tsNsec[y]! || x - y);
      return Uint32Array.from(idx);
    }
  }
  return null;
}

export function exposureStats(curve: EquitySeries, list: FillList): ExposureStats {
  const n = curve.length;
  if (n === 0) return { exposure: null, timeInMarket: null };
  const f = fillColumns(list);
  const m = f.length;
  const order = timeOrder(f);

  let instrumentSpan = 1;
  for (let j = 0; j < m; j++) instrumentSpan = Math.max(instrumentSpan, f.instrumentId[j]! + 1);
  const slot = new Map<number, number>();
  const slotOf = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    const key = f.strategyIndex[j]! * instrumentSpan + f.instrumentId[j]!;
    let s = slot.get(key);
    if (s === undefined) slot.set(key, (s = slot.size));
    slotOf[j] = s;
  }
  const lots = new Float64Array(slot.size);

  const tsSec = curve.tsSec;
  const tsNsec = curve.tsNsec;
  const at = (i: number): number => tsSec[i]! - tsSec[0]! + (tsNsec[i]! - tsNsec[0]!) * 1e-9;
  // Walk the fills, not the samples: a fill acts at the first sample at or after it, and only the
  // samples where "any position open" flips matter — exposed samples and held time are sums of spans.
  let open = 0;
  let openedAt = 0;
  let exposed = 0;
  let heldSec = 0;
  let i = 0;
  for (let k = 0; k < m; k++) {
    const j = order === null ? k : order[k]!;
    const fs = f.tsSec[j]!;
    const fns = f.tsNsec[j]!;
    while (i < n && (tsSec[i]! < fs || (tsSec[i] === fs && tsNsec[i]! < fns))) i++;
    if (i === n) break;
    const slotJ = slotOf[j]!;
    const before = lots[slotJ]!;
    const after = before + f.side[j]! * f.lots[j]!;
    lots[slotJ] = after;
    if (before === 0 && after !== 0) {
      if (open++ === 0) openedAt = i;
    } else if (before !== 0 && after === 0 && --open === 0) {
      exposed += i - openedAt;
      heldSec += at(i) - at(openedAt);
    }
  }
  if (open > 0) {
    exposed += n - openedAt;
    heldSec += at(n - 1) - at(openedAt);
  }
  const span = at(n - 1);
  return { exposure: exposed / n, timeInMarket: span > 0 ? heldSec / span : null };
}

/** Σ |price × quantity × multiplier| over the fills, in cash units at `cashScale` (a double). */
export function tradedValueUnits(
  list: FillList,
  instruments: readonly Instrument[],
  cashScale: number,
): number {
  const f = fillColumns(list);
  let span = 0;
  for (const inst of instruments) span = Math.max(span, inst.id + 1);
  const perTickLot = new Float64Array(span).fill(NaN);
  for (const inst of instruments)
    perTickLot[inst.id] = inst.valuePerTickLot * Math.pow(10, cashScale - inst.valueScale);
  let sum = 0;
  for (let j = 0; j < f.length; j++) {
    const unit = perTickLot[f.instrumentId[j]!];
    if (unit === undefined || Number.isNaN(unit))
      throw new Error(`fill ${j} refers to instrument id ${f.instrumentId[j]}, which is not in the run`);
    sum += Math.abs(f.priceTicks[j]! * f.lots[j]! * unit);
  }
  return sum;
}
