/**
 * Test helpers for the OHLC indicators: one row of contract-suite columns as a bar object (what the
 * indicators' `update(bar)` reads), and hand-written bars as columns.
 */
import type { Columns } from './contract-suite.js';

export interface TestBar {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  tsSec: number;
}

/** Row i of `cols` as a bar; fields a case's columns lack are NaN (so an indicator reading one fails). */
export function barAt(cols: Columns, i: number): TestBar {
  return {
    open: cols.open?.[i] ?? NaN,
    high: cols.high?.[i] ?? NaN,
    low: cols.low?.[i] ?? NaN,
    close: cols.close?.[i] ?? NaN,
    volume: cols.volume?.[i] ?? NaN,
    tsSec: cols.tsSec?.[i] ?? NaN,
  };
}

/** Bars given as [high, low, close] triples (open = close, volume 0) as columns. */
export function hlcColumns(rows: readonly (readonly [number, number, number])[]): Columns {
  const n = rows.length;
  const cols: Columns = {
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  rows.forEach(([h, l, c], i) => {
    cols.high![i] = h;
    cols.low![i] = l;
    cols.close![i] = c;
    cols.open![i] = c;
  });
  return cols;
}

/** The suite's columns as the OHLCV columns the batch twins take (a missing one throws when read). */
export function ohlcOf(
  cols: Columns,
): Record<'open' | 'high' | 'low' | 'close' | 'volume' | 'tsSec', Float64Array> {
  const need = (name: string): Float64Array => {
    const c = cols[name];
    if (!c) throw new Error(`test data has no "${name}" column`);
    return c;
  };
  return {
    get open() {
      return need('open');
    },
    get high() {
      return need('high');
    },
    get low() {
      return need('low');
    },
    get close() {
      return need('close');
    },
    get volume() {
      return need('volume');
    },
    get tsSec() {
      return need('tsSec');
    },
  };
}
