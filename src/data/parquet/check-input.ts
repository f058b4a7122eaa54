/**
 * Argument checks shared by the Parquet and Arrow writers: what a caller hands us must already be a valid
 * set of BarTables, or the file we write would not read back.
 * Invariants enforced: at least one table, each with at least one row, unique non-empty symbols, column lengths >= `length`, prices
 * safe integers, timestamps (sec integer, 0 <= nsec < 1e9). Violations are UsageErrors naming table,
 * row and field. Time order and OHLC consistency are the readers' checks, not repeated here.
 */
import { UsageError } from '../../core/errors.js';
import type { BarTable } from '../bars.js';
import { PRICE_COLUMNS } from './layout.js';

export function checkTables(who: string, tables: BarTable[]): void {
  if (!Array.isArray(tables) || tables.length === 0) throw new UsageError(`${who}: no tables to write`);
  const seen = new Set<string>();
  for (const t of tables) {
    if (!t.symbol) throw new UsageError(`${who}: a table has an empty symbol`);
    if (seen.has(t.symbol)) throw new UsageError(`${who}: symbol "${t.symbol}" appears in two tables`);
    seen.add(t.symbol);
    const n = t.length;
    if (!(Number.isInteger(n) && n > 0))
      throw new UsageError(
        `${who}: table "${t.symbol}" has no rows (a file cannot represent an empty table)`,
      );
    for (const c of ['tsSec', 'tsNsec', ...PRICE_COLUMNS, 'volume'] as const)
      if (t[c].length < n)
        throw new UsageError(
          `${who}: table "${t.symbol}": column ${c} has ${t[c].length} rows, length is ${n}`,
        );
    for (const c of PRICE_COLUMNS) {
      const p = t[c];
      for (let i = 0; i < n; i++)
        if (!Number.isSafeInteger(p[i]))
          throw new UsageError(
            `${who}: table "${t.symbol}" row ${i}: ${c} = ${p[i]} is not an integer tick count`,
          );
    }
    for (let i = 0; i < n; i++) {
      const s = t.tsSec[i]!;
      if (!Number.isSafeInteger(s) || t.tsNsec[i]! >= 1e9)
        throw new UsageError(
          `${who}: table "${t.symbol}" row ${i}: invalid timestamp (${s}, ${t.tsNsec[i]})`,
        );
    }
  }
}
