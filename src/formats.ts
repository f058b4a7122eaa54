/**
 * `hindsight/formats`: the columnar file formats and tick data tools — DBN, Parquet, Arrow IPC, tick
 * schemas, trade/quote readers, resampling and tick validation.
 *
 * A separate entry point because these pull in heavy dependencies (apache-arrow, hyparquet, zstd): the
 * main `hindsight` entry, which every strategy file imports, stays quick to load (measured: ~75 ms
 * against ~215 ms with these included).
 */
export * from './data/schemas.js';
export * from './data/dbn/index.js';
export * from './data/parquet/index.js';
export { readBarsArrow, writeBarsArrow } from './data/arrow/ipc.js';
export * from './data/resample/resample.js';
export * from './data/ticks/csv.js';
export * from './data/ticks/jsonl.js';
export * from './data/ticks/validate.js';
export {
  writeTableParquet,
  TABLE_ROW_GROUP_SIZE,
  type WriteTableParquetOptions,
} from './data/parquet/table-write.js';
export { readTableParquet, type ReadTableOptions, type TableReadResult } from './data/parquet/table-read.js';
export {
  writeTableArrow,
  readTableArrow,
  type WriteTableArrowOptions,
  type ReadTableArrowOptions,
} from './data/arrow/table-ipc.js';
export { tableLayout, type FileColumn, type SymbolMapInput } from './data/parquet/table-layout.js';
export * from './data/catalog/index.js';
export * from './data/dbn/bars.js';
export { barsToOhlcv, writeBarsDbn, ohlcvRtype } from './data/dbn/bars-write.js';
