/**
 * The catalog codec of OHLCV bars (BarTable), on the bar Parquet layout (parquet/layout.ts: one symbol per
 * file, `hindsight.symbol` metadata, uncompressed pages — the fastest to read back).
 *
 * Bars have unique timestamps, so merges are unions by time. Two sources of one symbol may count prices in
 * different ticks (CSV tick 'auto' is decided per file): they are joined in the finest tick dividing both,
 * an exact integer rescale.
 */
import { DataError } from '../../core/errors.js';
import type { Scaled } from '../../core/decimal.js';
import { allocBarTable, sliceBarTable, type BarTable } from '../bars.js';
import { readBarsParquet } from '../parquet/read.js';
import { writeBarsParquet } from '../parquet/write.js';
import { finestCommonTick, sameTick, tickFactor, type KindCodec } from './codec.js';
import { barGranularity } from './partition.js';

const PRICES = ['open', 'high', 'low', 'close'] as const;

export const barsCodec: KindCodec<BarTable> = {
  kind: 'bars',
  uniqueTs: true,
  indexName: 'ts',
  length: (t) => t.length,
  tsSec: (t) => t.tsSec,
  tsNsec: (t) => t.tsNsec,
  priceTick: (t) => t.tick,
  commonTick: finestCommonTick,

  withTick(t, tick) {
    if (sameTick(t.tick, tick)) return t;
    const k = tickFactor(t.tick, tick);
    const out = sliceBarTable(t);
    out.tick = tick;
    for (const c of PRICES) {
      const col = out[c];
      for (let i = 0; i < out.length; i++) {
        const v = col[i]! * k;
        if (!Number.isSafeInteger(v))
          throw new DataError(
            { file: t.symbol, row: i + 1, field: c },
            `price ${col[i]} x ${k} leaves the exact integer range when joining ticks`,
          );
        col[i] = v;
      }
    }
    return out;
  },

  slice: (t, from, to) => sliceBarTable(t, from, to),

  concat(parts) {
    const first = parts[0]!;
    if (parts.length === 1) return first;
    let n = 0;
    for (const p of parts) n += p.length;
    const out = allocBarTable(first.symbol, first.tick, n);
    let at = 0;
    for (const p of parts) {
      const m = p.length;
      out.tsSec.set(p.tsSec.subarray(0, m), at);
      out.tsNsec.set(p.tsNsec.subarray(0, m), at);
      for (const c of PRICES) out[c].set(p[c].subarray(0, m), at);
      out.volume.set(p.volume.subarray(0, m), at);
      at += m;
    }
    out.length = n;
    return out;
  },

  empty: (symbol: string, tick: Scaled) => allocBarTable(symbol, tick, 0),

  rowsEqual: (a, i, b, j) =>
    a.tsSec[i] === b.tsSec[j] &&
    a.tsNsec[i] === b.tsNsec[j] &&
    a.open[i] === b.open[j] &&
    a.high[i] === b.high[j] &&
    a.low[i] === b.low[j] &&
    a.close[i] === b.close[j] &&
    a.volume[i] === b.volume[j],

  granularity: (t) => barGranularity(t.tsSec, t.tsNsec, t.length),

  write(path, t, symbol, rowGroupSize) {
    writeBarsParquet(path, [{ ...t, symbol }], { rowGroupSize, symbolColumn: false });
  },

  read(path, symbol, q, stats) {
    const s = { rowGroups: 0, rowGroupsRead: 0 };
    const got = readBarsParquet(path, { start: q.start, end: q.end, stats: s });
    stats.rowGroups += s.rowGroups;
    stats.rowGroupsRead += s.rowGroupsRead;
    if (got.length !== 1 || got[0]!.symbol !== symbol)
      throw new DataError(
        { file: path },
        `expected the bars of "${symbol}" only, found ${got.map((t) => `"${t.symbol}"`).join(', ') || 'none'}`,
      );
    return got[0]!;
  },
};
