/**
 * Public API of the Parquet and Arrow IPC bar readers/writers (layout: docs/data-formats.md).
 */
export { writeBarsParquet, DEFAULT_ROW_GROUP_SIZE, type WriteParquetOptions } from './write.js';
export { readBarsParquet, type ReadParquetOptions, type ParquetReadStats } from './read.js';
export {
  writeBarsArrow,
  readBarsArrow,
  type WriteArrowOptions,
  type ReadArrowOptions,
} from '../arrow/ipc.js';
export type { BarColumn } from './layout.js';
