/**
 * Calendar returns (UTC months and years) of an equity curve, for the report's monthly heatmap and the
 * best / worst month and year in metrics.json.
 *
 *   end(p)    = the last equity sample inside period p (a month or a year)
 *   base(p)   = end of the latest earlier period with samples, or the initial cash for the first one
 *   return(p) = end(p) / base(p) − 1;  null when base(p) <= 0 or p has no samples
 * So the returns of the periods with samples compound to final / initial: Π (1 + return) = E_last / initial,
 * and the first and last periods are partial (they cover only the part of the period the run spans).
 *
 * One pass over the timestamps: a sample is compared with the start of the next month, and the calendar
 * is consulted only when a month ends. Rows are dense from the first to the last sample's month / year;
 * periods without samples are rows with `samples: 0` and a null return.
 */
import { civilFromDays, daysFromCivil } from '../core/time.js';
import type { EquitySeries } from './curve-stats.js';

export interface MonthlyReturn {
  year: number;
  /** 1 … 12. */
  month: number;
  return: number | null;
  samples: number;
}

export interface AnnualReturn {
  year: number;
  return: number | null;
  samples: number;
}

export interface CalendarReturns {
  monthly: MonthlyReturn[];
  annual: AnnualReturn[];
}

const DAY = 86_400;

/** Index of a UTC month: year × 12 + (month − 1). */
function monthIndexAt(sec: number, civil: Int32Array): number {
  civilFromDays(Math.floor(sec / DAY), civil);
  return civil[0]! * 12 + civil[1]! - 1;
}

/** Epoch seconds at the start of month index m. */
function monthStartSec(m: number): number {
  const y = Math.floor(m / 12);
  return daysFromCivil(y, m - y * 12 + 1, 1) * DAY;
}

const ratio = (end: number, base: number): number | null => (base > 0 ? end / base - 1 : null);

/** `initialCashUnits` is the base of the first period, in the same unit as the equity values. */
export function calendarReturns(run: { equity: EquitySeries; initialCashUnits: number }): CalendarReturns {
  const c = run.equity;
  const n = c.length;
  if (n === 0) return { monthly: [], annual: [] };
  const civil = new Int32Array(3);
  const first = monthIndexAt(c.tsSec[0]!, civil);
  const months = monthIndexAt(c.tsSec[n - 1]!, civil) - first + 1;
  const endUnits = new Float64Array(months);
  const counts = new Float64Array(months);

  const ts = c.tsSec;
  let m = 0;
  let nextSec = monthStartSec(first + 1);
  let start = 0;
  for (let i = 0; i < n; i++) {
    if (ts[i]! >= nextSec) {
      counts[m] = i - start;
      endUnits[m] = c.equityUnits[i - 1]!;
      m = monthIndexAt(ts[i]!, civil) - first;
      nextSec = monthStartSec(first + m + 1);
      start = i;
    }
  }
  counts[m] = n - start;
  endUnits[m] = c.equityUnits[n - 1]!;

  const monthly: MonthlyReturn[] = [];
  const annual: AnnualReturn[] = [];
  let base = run.initialCashUnits;
  let yearBase = base;
  let yearEnd = NaN;
  let yearSamples = 0;
  for (let k = 0; k < months; k++) {
    const idx = first + k;
    const year = Math.floor(idx / 12);
    const month = idx - year * 12 + 1;
    const samples = counts[k]!;
    if (samples > 0) {
      monthly.push({ year, month, return: ratio(endUnits[k]!, base), samples });
      base = endUnits[k]!;
      yearEnd = base;
      yearSamples += samples;
    } else monthly.push({ year, month, return: null, samples: 0 });
    if (month === 12 || k === months - 1) {
      annual.push({ year, return: yearSamples > 0 ? ratio(yearEnd, yearBase) : null, samples: yearSamples });
      if (yearSamples > 0) yearBase = yearEnd;
      yearSamples = 0;
    }
  }
  return { monthly, annual };
}
