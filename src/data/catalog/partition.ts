/**
 * How the catalog cuts a series (one kind, one symbol) into partition files: by UTC calendar period.
 *
 * Granularity (chosen so a partition holds roughly 10^3..10^6 rows: big enough that per-file costs — open,
 * footer, manifest entry — stay small, small enough that a typical backtest window reads little beyond it):
 * - ticks of every kind: one file per UTC day (a liquid symbol has 10^5..10^7 trades or MBO events a day;
 *   a day is also the unit exchanges and Databento deliver);
 * - bars at least an hour apart (hourly, daily, weekly): one file per year (daily bars: ~252 rows a year;
 *   a file per day or month would be a few rows each);
 * - bars a minute or more but under an hour apart: one file per month (1-minute bars: 8k rows for an
 *   equity session month, 44k for a 24/7 market);
 * - sub-minute bars (ohlcv-1s): one file per day (up to 86,400 rows).
 * A series keeps the granularity of its first import; bars of another spacing class are rejected
 * (catalog.ts), which also stops daily and minute bars of one symbol from being mixed into one series.
 * Period names: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`; each covers [period start, next period start) in UTC.
 * Symbols become directory names with every byte outside [A-Za-z0-9._-] (and a leading dot) as %XX.
 */
import { UsageError } from '../../core/errors.js';
import { civilFromDays, daysFromCivil, SECONDS_PER_DAY } from '../../core/time.js';

export type Granularity = 'year' | 'month' | 'day';

const civil = new Int32Array(3);

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** The period name holding UTC second `sec`. */
export function periodOf(sec: number, g: Granularity): string {
  civilFromDays(Math.floor(sec / SECONDS_PER_DAY), civil);
  const y = pad(civil[0]!, 4);
  if (g === 'year') return y;
  const m = y + '-' + pad(civil[1]!, 2);
  return g === 'month' ? m : m + '-' + pad(civil[2]!, 2);
}

export function granularityOfPeriod(period: string): Granularity {
  return period.length === 4 ? 'year' : period.length === 7 ? 'month' : 'day';
}

const PERIOD_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** [start, end) of a period in UTC seconds, or null when the text is not a period name. */
export function periodBounds(period: string): { startSec: number; endSec: number } | null {
  const m = PERIOD_RE.exec(period);
  if (!m) return null;
  const y = Number(m[1]);
  if (m[2] === undefined)
    return {
      startSec: daysFromCivil(y, 1, 1) * SECONDS_PER_DAY,
      endSec: daysFromCivil(y + 1, 1, 1) * SECONDS_PER_DAY,
    };
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  if (m[3] === undefined) {
    const next = mo === 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, mo + 1, 1);
    return { startSec: daysFromCivil(y, mo, 1) * SECONDS_PER_DAY, endSec: next * SECONDS_PER_DAY };
  }
  const d = Number(m[3]);
  const day = daysFromCivil(y, mo, d);
  civilFromDays(day, civil);
  if (civil[2] !== d) return null;
  return { startSec: day * SECONDS_PER_DAY, endSec: (day + 1) * SECONDS_PER_DAY };
}

export interface PeriodSlice {
  period: string;
  /** Rows [from, to) of the table. */
  from: number;
  to: number;
}

/** Cuts time-ordered rows into consecutive period slices (one bounds computation per period, not per row). */
export function splitByPeriod(tsSec: Float64Array, length: number, g: Granularity): PeriodSlice[] {
  const out: PeriodSlice[] = [];
  let i = 0;
  while (i < length) {
    const period = periodOf(tsSec[i]!, g);
    const endSec = periodBounds(period)!.endSec;
    let j = i + 1;
    while (j < length && tsSec[j]! < endSec) j++;
    out.push({ period, from: i, to: j });
    i = j;
  }
  return out;
}

/**
 * The partition granularity bars of this spacing call for (module header), from the smallest positive
 * step between consecutive rows; null when there are fewer than two rows.
 */
export function barGranularity(tsSec: Float64Array, tsNsec: Uint32Array, length: number): Granularity | null {
  let minStep = Infinity;
  for (let i = 1; i < length; i++) {
    const step = tsSec[i]! - tsSec[i - 1]! + (tsNsec[i]! - tsNsec[i - 1]!) / 1e9;
    if (step > 0 && step < minStep) minStep = step;
  }
  if (minStep === Infinity) return null;
  return minStep < 60 ? 'day' : minStep < 3600 ? 'month' : 'year';
}

export function describeGranularity(g: Granularity): string {
  return g === 'year'
    ? 'yearly partitions (bars an hour or more apart)'
    : g === 'month'
      ? 'monthly partitions (bars 1 to 59 minutes apart)'
      : 'daily partitions (ticks, or bars under a minute apart)';
}

const SAFE = /^[A-Za-z0-9._-]$/;

/** A file-system-safe directory name for a symbol (reversible; see the module header). */
export function symbolDirName(symbol: string): string {
  if (symbol === '') throw new UsageError('catalog: a symbol must not be empty');
  let out = '';
  for (const ch of symbol) {
    if (SAFE.test(ch) && !(out === '' && ch === '.')) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}
