/**
 * A risk-free rate series from a CSV file (`backtest.analytics.risk_free_rate: path/to/rates.csv`):
 * a header, then `timestamp,rate` rows — an ISO 8601 date or time (UTC unless it carries an offset) and
 * the annual rate as a fraction (0.0525 = 5.25 %), each in force from its time until the next row.
 * Invariants: times strictly increase; rates are finite and > −1; at least one row. Every violation is a
 * DataError naming the file, line, field and value.
 */
import { readFileSync } from 'node:fs';
import { DataError } from '../../core/errors.js';
import { parseIso, TimeParseError } from '../../core/time.js';
import type { RiskFreeSeries } from '../../analytics/risk-free.js';

export function readRateSeries(path: string): RiskFreeSeries {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataError({ file: path }, `cannot read file: ${(e as Error).message}`);
  }
  const lines = text.split(/\r?\n/);
  const tsSec: number[] = [];
  const tsNsec: number[] = [];
  const annualRate: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const [ts, rate, extra] = line.split(',').map((f) => f.trim());
    const where = { file: path, row: i + 1 };
    if (rate === undefined || extra !== undefined)
      throw new DataError({ ...where, value: line }, 'expected two fields: timestamp,rate');
    let t;
    try {
      t = parseIso(ts!);
    } catch (e) {
      if (e instanceof TimeParseError)
        throw new DataError({ ...where, field: 'timestamp', value: ts }, e.message);
      throw e;
    }
    const r = Number(rate);
    if (rate === '' || !Number.isFinite(r) || r <= -1)
      throw new DataError(
        { ...where, field: 'rate', value: rate },
        'annual rate must be a number > -1 (0.05 = 5 %)',
      );
    const k = tsSec.length;
    if (k > 0 && (t.sec < tsSec[k - 1]! || (t.sec === tsSec[k - 1] && t.nsec <= tsNsec[k - 1]!)))
      throw new DataError({ ...where, field: 'timestamp', value: ts }, 'not after the previous row');
    tsSec.push(t.sec);
    tsNsec.push(t.nsec);
    annualRate.push(r);
  }
  if (tsSec.length === 0) throw new DataError({ file: path }, 'no rate rows after the header');
  return {
    tsSec: Float64Array.from(tsSec),
    tsNsec: Uint32Array.from(tsNsec),
    annualRate: Float64Array.from(annualRate),
  };
}
