/**
 * Public API of the data catalog (a directory of partitioned Parquet files with a manifest), of importing
 * source files into it, and of the parse cache that stores parsed CSV/DBN files as raw column files
 * (column-file.ts).
 */
export {
  openCatalog,
  Catalog,
  DEFAULT_CATALOG_ROW_GROUP,
  type CatalogReadQuery,
  type CatalogWriteOptions,
  type ImportSeries,
  type OpenCatalogOptions,
  type SeriesReport,
  type SeriesSummary,
} from './catalog.js';
export type { CatalogKind, CatalogTable, CatalogReadStats, KindCodec } from './codec.js';
export { codecFor, indexesOf, type IndexName } from './codecs.js';
export {
  CATALOG_KINDS,
  isCatalogKind,
  MANIFEST_NAME,
  type ManifestFile,
  type ManifestSource,
} from './manifest.js';
export type { PartitionChange, PartitionStatus } from './plan.js';
export { importFile, importFiles, type ImportOptions, type ImportResult } from './import.js';
export {
  readSource,
  sniffFormat,
  type SourceFormat,
  type SourceOptions,
  type SourceRead,
} from './sources.js';
export {
  withCache,
  cacheDir,
  CACHE_LAYOUT_VERSION,
  type CacheOptions,
  type WithCacheOptions,
  type CacheStatus,
  type CacheLoad,
  type CacheResult,
  type CachedTable,
} from './cache.js';
export { cachedBars, cachedDbn, type Cached, type DbnCacheOptions } from './cache-readers.js';
export {
  readColumnFile,
  writeColumnFile,
  decodeColumnFile,
  type ColumnFileKind,
  type ColumnFileTable,
} from './column-file.js';
