/**
 * The catalog codec of every canonical tick kind (trades, quotes, cquotes, mbp10, mbo, ohlcv, status,
 * imbalance, statistics, definitions) on the generic table layout (parquet/table-write.ts, table-read.ts).
 *
 * Index timestamp: the column a series is sorted by, chosen at its first import (codecs.ts): ts_recv when
 * the kind has it and the rows are in ts_recv order (Databento's index timestamp: DBN streams are sorted
 * by it), else ts_event (ohlcv; generated flow sorted by event time). Partitions, ranges and order checks
 * all use it, so cutting a series into days keeps its row order. Several rows may share a timestamp:
 * merges compare whole windows (merge.ts).
 * Each file stores its instrument id -> symbol map (hindsight.symbols). Prices of one series must share
 * one tick (DBN tables: 1e-9): unlike bars, tick tables are not rescaled when joined.
 */
import { UsageError } from '../../core/errors.js';
import { readTableParquet } from '../parquet/table-read.js';
import { writeTableParquet } from '../parquet/table-write.js';
import { newTable, sliceTable, TABLE_SPECS, type KindTable, type TableKind } from '../schemas.js';
import { sameTick, type KindCodec } from './codec.js';
import { concatTables, tableRowsEqual } from './table-ops.js';

type Cols = Record<string, Float64Array | Uint32Array>;

/** The index timestamps a kind may be kept in, preferred first. */
export function tickIndexes(kind: TableKind): ('ts_recv' | 'ts_event')[] {
  return 'tsRecvSec' in TABLE_SPECS[kind] ? ['ts_recv', 'ts_event'] : ['ts_event'];
}

export function tickCodec<K extends TableKind>(
  kind: K,
  index: 'ts_recv' | 'ts_event',
): KindCodec<KindTable<K>> {
  const base = index === 'ts_recv' ? 'tsRecv' : 'tsEvent';
  const secName = base + 'Sec';
  const nsecName = base + 'Nsec';
  return {
    kind,
    uniqueTs: false,
    indexName: index,
    length: (t) => t.length,
    tsSec: (t) => (t as unknown as Cols)[secName] as Float64Array,
    tsNsec: (t) => (t as unknown as Cols)[nsecName] as Uint32Array,
    priceTick: (t) => t.priceTick,
    commonTick: (a, b) => (sameTick(a, b) ? a : null),
    withTick(t, tick) {
      if (!sameTick(t.priceTick, tick))
        throw new UsageError(`catalog: ${kind} tables are not rescaled between price ticks`);
      return t;
    },
    slice: (t, from, to) => sliceTable(t, from, to),
    concat: (parts) => concatTables(parts),
    empty: (_symbol, tick) => newTable(kind, 0, { priceTick: tick }),
    rowsEqual: tableRowsEqual,
    granularity: () => 'day',
    write(path, t, symbol, rowGroupSize) {
      const ids = (t as unknown as { instrumentId: Uint32Array }).instrumentId;
      const symbols = new Map<number, string>();
      for (let i = 0; i < t.length; i++) if (!symbols.has(ids[i]!)) symbols.set(ids[i]!, symbol);
      writeTableParquet(path, t, { rowGroupSize, symbols });
    },
    read(path, _symbol, q, stats) {
      const s = { rowGroups: 0, rowGroupsRead: 0 };
      const { table } = readTableParquet(path, {
        kind,
        start: q.start,
        end: q.end,
        timeColumn: base,
        stats: s,
      });
      stats.rowGroups += s.rowGroups;
      stats.rowGroupsRead += s.rowGroupsRead;
      return table as KindTable<K>;
    },
  };
}
