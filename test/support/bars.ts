/** Test helpers: small bar tables written inline. */
import { allocBarTable, type BarTable } from '../../src/data/bars.js';
import { parseIso } from '../../src/core/time.js';

/** rows: [isoTime, open, high, low, close, volume] with prices in ticks. */
export function barTable(
  symbol: string,
  rows: [string, number, number, number, number, number][],
  tickScale = 2,
): BarTable {
  const t = allocBarTable(symbol, { units: 1, scale: tickScale }, rows.length);
  rows.forEach(([ts, o, h, l, c, v], i) => {
    const stamp = parseIso(ts);
    t.tsSec[i] = stamp.sec;
    t.tsNsec[i] = stamp.nsec;
    t.open[i] = o;
    t.high[i] = h;
    t.low[i] = l;
    t.close[i] = c;
    t.volume[i] = v;
  });
  t.length = rows.length;
  return t;
}
