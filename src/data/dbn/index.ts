/**
 * Public API of the DBN (Databento Binary Encoding) module: read v1/v2/v3 streams (plain or zstd, whole or in
 * bounded-memory chunks) into the canonical columnar tables of data/schemas.ts, write them back as DBN, and
 * generate synthetic MBO order flow.
 */
export { readDbn, iterateDbn, decodeDbnChunks } from './read.js';
export type { DbnReadResult, DbnCounts, DbnSummary, DbnChunkOptions } from './read.js';
export { DbnStreamDecoder, type DbnChunk, type DbnReadOptions } from './stream.js';
export { writeDbn, encodeDbn, encodeDbnZstd, type DbnWriteInput, type DbnWriteOptions } from './writer.js';
export {
  decodeMetadata,
  encodeMetadata,
  symbolMapFromMappings,
  type DbnMetadata,
  type DbnMetadataInput,
  type SymbolMappingEntry,
  type MappingInterval,
} from './metadata.js';
export { RTYPE, SCHEMA_NAMES, SCHEMA_RTYPE, STYPE_NAMES, schemaCode, type SchemaName } from './constants.js';
export {
  CONTROL_SPECS,
  DBN_KINDS,
  allocDbnTable,
  type DbnKind,
  type DbnTables,
  type ControlKind,
  type ErrorTable,
  type SystemTable,
  type SymbolMappingTable,
} from './tables.js';
export { layoutsFor, rtypesOfKind, type RecordLayout, type Field, type FieldType } from './layouts.js';
export { isZstd, zstdDecompress, zstdCompress } from './zstd.js';
export { generateSynthMbo, SynthMboGenerator, type SynthMboOptions } from './synth-mbo.js';
export { writeSynthMboDbn, synthMboMetadata, synthSymbols } from './synth-mbo-write.js';
