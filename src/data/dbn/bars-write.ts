/**
 * Bars to DBN OHLCV (the inverse of dbn-bars.ts): `barsToOhlcv` builds one canonical OHLCV table from bar
 * tables (rows merged in time order, ties in table order; prices re-expressed in DBN's 1e-9 fixed point),
 * `writeBarsDbn` writes it as a DBN v3 file whose header maps instrument ids to symbols. Used by
 * `hindsight data synth --format dbn` and the streaming benchmark.
 * Invariants: exact — a price p ticks of tick u·10^-s becomes p·u·10^(9-s), refused (UsageError) when that
 * leaves 2^53 or the tick is finer than 1e-9. Limits: the whole table is built in memory; merging costs
 * O(rows × tables) (fine for the few symbols of a synthetic file).
 */
import { writeFileSync } from 'node:fs';
import { pow10 } from '../../core/decimal.js';
import { UsageError } from '../../core/errors.js';
import type { BarTable } from '../bars.js';
import { SCHEMA_RTYPE, type SchemaName } from './constants.js';
import { encodeDbn } from './writer.js';
import { newTable, type OhlcvTable } from '../schemas.js';

/** The DBN rtype of an OHLCV interval ('1s', '1m', '1h', '1d'). */
export function ohlcvRtype(interval: string): number {
  const schema = `ohlcv-${interval}`;
  if (!['1s', '1m', '1h', '1d'].includes(interval))
    throw new UsageError(`DBN OHLCV bars are 1s, 1m, 1h or 1d, got "${interval}"`);
  return SCHEMA_RTYPE[schema as SchemaName];
}

/** One OHLCV table of all the tables' rows in time order; table k gets instrument id k + 1. */
export function barsToOhlcv(tables: BarTable[], rtype: number): OhlcvTable {
  const total = tables.reduce((n, t) => n + t.length, 0);
  const o = newTable('ohlcv', total);
  const scale = tables.map((t) => {
    if (t.tick.scale > 9)
      throw new UsageError(`${t.symbol}: tick ${t.tick.units}e-${t.tick.scale} is finer than DBN's 1e-9`);
    return t.tick.units * pow10(9 - t.tick.scale);
  });
  const cursor = new Int32Array(tables.length);
  for (let r = 0; r < total; r++) {
    let k = -1;
    for (let j = 0; j < tables.length; j++) {
      const i = cursor[j]!;
      const t = tables[j]!;
      if (i >= t.length) continue;
      if (k < 0) {
        k = j;
        continue;
      }
      const b = tables[k]!;
      const bi = cursor[k]!;
      if (t.tsSec[i]! < b.tsSec[bi]! || (t.tsSec[i] === b.tsSec[bi] && t.tsNsec[i]! < b.tsNsec[bi]!)) k = j;
    }
    const t = tables[k]!;
    const i = cursor[k]!++;
    const m = scale[k]!;
    o.tsEventSec[r] = t.tsSec[i]!;
    o.tsEventNsec[r] = t.tsNsec[i]!;
    o.instrumentId[r] = k + 1;
    o.publisherId[r] = 1;
    o.rtype[r] = rtype;
    for (const col of ['open', 'high', 'low', 'close'] as const) {
      const v = t[col][i]! * m;
      if (!Number.isSafeInteger(v))
        throw new UsageError(`${t.symbol} row ${i + 1}: ${col} does not fit DBN's exact 1e-9 fixed point`);
      o[col][r] = v;
    }
    o.volume[r] = t.volume[i]!;
  }
  o.length = total;
  return o;
}

/** Writes bar tables as one DBN v3 OHLCV file (instrument id k + 1 = tables[k].symbol). */
export function writeBarsDbn(path: string, tables: BarTable[], interval: string): void {
  const table = barsToOhlcv(tables, ohlcvRtype(interval));
  const mappings = tables.map((t, k) => ({
    rawSymbol: t.symbol,
    intervals: [{ startDate: 19700101, endDate: 22620101, symbol: String(k + 1) }],
  }));
  writeFileSync(
    path,
    encodeDbn(
      { metadata: { dataset: 'HINDSIGHT.SYNTH', stypeIn: 1, stypeOut: 0, mappings }, tables: [table] },
      { file: path },
    ),
  );
}
