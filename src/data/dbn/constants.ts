/**
 * DBN constants: record types, schemas, symbology types and sentinels, as in databento/dbn 0.54
 * (shared/docs/dbn-layout.md §1-§3). Values are wire values; nothing here depends on a DBN version.
 */

export const RTYPE = {
  MBP_0: 0x00,
  MBP_1: 0x01,
  MBP_10: 0x0a,
  OHLCV_DEPRECATED: 0x11,
  STATUS: 0x12,
  INSTRUMENT_DEF: 0x13,
  IMBALANCE: 0x14,
  ERROR: 0x15,
  SYMBOL_MAPPING: 0x16,
  SYSTEM: 0x17,
  STATISTICS: 0x18,
  OHLCV_1S: 0x20,
  OHLCV_1M: 0x21,
  OHLCV_1H: 0x22,
  OHLCV_1D: 0x23,
  OHLCV_EOD: 0x24,
  MBO: 0xa0,
  CMBP_1: 0xb1,
  CBBO_1S: 0xc0,
  CBBO_1M: 0xc1,
  TCBBO: 0xc2,
  BBO_1S: 0xc3,
  BBO_1M: 0xc4,
} as const;

/** Schema names by their u16 code in the metadata header. */
export const SCHEMA_NAMES = [
  'mbo',
  'mbp-1',
  'mbp-10',
  'tbbo',
  'trades',
  'ohlcv-1s',
  'ohlcv-1m',
  'ohlcv-1h',
  'ohlcv-1d',
  'definition',
  'statistics',
  'status',
  'imbalance',
  'ohlcv-eod',
  'cmbp-1',
  'cbbo-1s',
  'cbbo-1m',
  'tcbbo',
  'bbo-1s',
  'bbo-1m',
] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

export function schemaCode(name: SchemaName): number {
  return SCHEMA_NAMES.indexOf(name);
}

/** The rtype a schema's records carry (mbp-1 and tbbo share MBP_1). */
export const SCHEMA_RTYPE: Record<SchemaName, number> = {
  mbo: RTYPE.MBO,
  'mbp-1': RTYPE.MBP_1,
  'mbp-10': RTYPE.MBP_10,
  tbbo: RTYPE.MBP_1,
  trades: RTYPE.MBP_0,
  'ohlcv-1s': RTYPE.OHLCV_1S,
  'ohlcv-1m': RTYPE.OHLCV_1M,
  'ohlcv-1h': RTYPE.OHLCV_1H,
  'ohlcv-1d': RTYPE.OHLCV_1D,
  definition: RTYPE.INSTRUMENT_DEF,
  statistics: RTYPE.STATISTICS,
  status: RTYPE.STATUS,
  imbalance: RTYPE.IMBALANCE,
  'ohlcv-eod': RTYPE.OHLCV_EOD,
  'cmbp-1': RTYPE.CMBP_1,
  'cbbo-1s': RTYPE.CBBO_1S,
  'cbbo-1m': RTYPE.CBBO_1M,
  tcbbo: RTYPE.TCBBO,
  'bbo-1s': RTYPE.BBO_1S,
  'bbo-1m': RTYPE.BBO_1M,
};

export const STYPE_NAMES = [
  'instrument_id',
  'raw_symbol',
  'smart',
  'continuous',
  'parent',
  'nasdaq_symbol',
  'cms_symbol',
  'isin',
  'us_code',
  'bbg_comp_id',
  'bbg_comp_ticker',
  'figi',
  'figi_ticker',
] as const;

export const DBN_MAGIC = [0x44, 0x42, 0x4e] as const; // "DBN"
export const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd] as const;
export const METADATA_FIXED_LEN = 100;
export const SYMBOL_CSTR_LEN_V1 = 22;
export const SYMBOL_CSTR_LEN_V2 = 71;
export const RECORD_HEADER_SIZE = 16;
/** UNDEF_PRICE = i64::MAX as (hi, lo) 32-bit halves. */
export const UNDEF_I64_HI = 0x7fffffff;
export const UNDEF_U32 = 0xffffffff;
export const UNDEF_STAT_QUANTITY_I32 = 0x7fffffff;
