/**
 * DBN record layouts as field lists (offsets from shared/docs/dbn-layout.md §5-§6), one per record type and
 * DBN version, each bound to the canonical table kind (data/schemas.ts) its records decode into. The decoder
 * and the writer both walk these lists, so a layout is written down once.
 *
 * Invariants: `size` is the struct size without ts_out; offsets are absolute within the record; reserved
 * bytes are simply not listed (the writer leaves them zero). Market-data layouts are identical in v1/v2/v3;
 * definitions, statistics, symbol mappings, errors and system messages differ per version.
 */
import { RTYPE } from './constants.js';
import type { DbnKind } from './tables.js';
import { HD, f, type Field, type RecordLayout } from './layout-types.js';

export type { Field, FieldType, RecordLayout } from './layout-types.js';
import {
  decodeMboFast,
  decodeMbp1Fast,
  decodeOhlcvFast,
  decodeTradeFast,
  type FastDecoder,
} from './fast-decoders.js';
import { DEFINITION_V1, DEFINITION_V2, DEFINITION_V3 } from './layouts-definition.js';

const HD_RTYPE: Field[] = [f('rtype', 1, 'u8'), ...HD];

const EVENT: Field[] = [
  f('price', 16, 'i64'),
  f('size', 24, 'u32'),
  f('action', 28, 'u8'),
  f('side', 29, 'u8'),
  f('flags', 30, 'u8'),
  f('depth', 31, 'u8'),
  f('tsRecv', 32, 'ts'),
  f('tsInDelta', 40, 'i32'),
  f('sequence', 44, 'u32'),
];
/** The BBO/CBBO subset of EVENT (no action, depth or ts_in_delta; CBBO has no sequence either). */
const BBO_EVENT: Field[] = [
  f('price', 16, 'i64'),
  f('size', 24, 'u32'),
  f('side', 29, 'u8'),
  f('flags', 30, 'u8'),
  f('tsRecv', 32, 'ts'),
];
const LEVEL_PX: Field[] = [
  f('bidPx', 48, 'i64'),
  f('askPx', 56, 'i64'),
  f('bidSz', 64, 'u32'),
  f('askSz', 68, 'u32'),
];
const LEVEL_CT: Field[] = [...LEVEL_PX, f('bidCt', 72, 'u32'), f('askCt', 76, 'u32')];
const LEVEL_PB: Field[] = [...LEVEL_PX, f('bidPb', 72, 'u16'), f('askPb', 76, 'u16')];

const MBO: RecordLayout = {
  name: 'MboMsg',
  kind: 'mbo',
  size: 56,
  fast: decodeMboFast as FastDecoder,
  fields: [
    ...HD,
    f('orderId', 16, 'oid'),
    f('price', 24, 'i64'),
    f('size', 32, 'u32'),
    f('flags', 36, 'u8'),
    f('channelId', 37, 'u8'),
    f('action', 38, 'u8'),
    f('side', 39, 'u8'),
    f('tsRecv', 40, 'ts'),
    f('tsInDelta', 48, 'i32'),
    f('sequence', 52, 'u32'),
  ],
};
const TRADE: RecordLayout = {
  name: 'TradeMsg',
  kind: 'trades',
  size: 48,
  fields: [...HD, ...EVENT],
  fast: decodeTradeFast as FastDecoder,
};
const MBP1: RecordLayout = {
  name: 'Mbp1Msg',
  kind: 'quotes',
  size: 80,
  fast: decodeMbp1Fast as FastDecoder,
  fields: [...HD_RTYPE, ...EVENT, ...LEVEL_CT],
};
const BBO: RecordLayout = {
  name: 'BboMsg',
  kind: 'quotes',
  size: 80,
  fields: [...HD_RTYPE, ...BBO_EVENT, f('sequence', 44, 'u32'), ...LEVEL_CT],
};
const CMBP1: RecordLayout = {
  name: 'Cmbp1Msg',
  kind: 'cquotes',
  size: 80,
  fields: [...HD_RTYPE, ...EVENT.filter((x) => x.col !== 'depth' && x.col !== 'sequence'), ...LEVEL_PB],
};
const CBBO: RecordLayout = {
  name: 'CbboMsg',
  kind: 'cquotes',
  size: 80,
  fields: [...HD_RTYPE, ...BBO_EVENT, ...LEVEL_PB],
};
const MBP10: RecordLayout = {
  name: 'Mbp10Msg',
  kind: 'mbp10',
  size: 368,
  fields: [...HD, ...EVENT, ...[...LEVEL_CT].map((x) => ({ ...x, count: 10, stride: 32 }))],
};
const OHLCV: RecordLayout = {
  name: 'OhlcvMsg',
  kind: 'ohlcv',
  size: 56,
  fast: decodeOhlcvFast as FastDecoder,
  fields: [
    ...HD_RTYPE,
    f('open', 16, 'i64'),
    f('high', 24, 'i64'),
    f('low', 32, 'i64'),
    f('close', 40, 'i64'),
    f('volume', 48, 'u64'),
  ],
};
const STATUS: RecordLayout = {
  name: 'StatusMsg',
  kind: 'status',
  size: 40,
  fields: [
    ...HD,
    f('tsRecv', 16, 'ts'),
    f('action', 24, 'u16'),
    f('reason', 26, 'u16'),
    f('tradingEvent', 28, 'u16'),
    f('isTrading', 30, 'u8'),
    f('isQuoting', 31, 'u8'),
    f('isShortSellRestricted', 32, 'u8'),
  ],
};
const IMBALANCE: RecordLayout = {
  name: 'ImbalanceMsg',
  kind: 'imbalance',
  size: 112,
  fields: [
    ...HD,
    f('tsRecv', 16, 'ts'),
    f('refPrice', 24, 'i64'),
    f('auctionTime', 32, 'ts'),
    f('contBookClrPrice', 40, 'i64'),
    f('auctInterestClrPrice', 48, 'i64'),
    f('ssrFillingPrice', 56, 'i64'),
    f('indMatchPrice', 64, 'i64'),
    f('upperCollar', 72, 'i64'),
    f('lowerCollar', 80, 'i64'),
    f('pairedQty', 88, 'u32'),
    f('totalImbalanceQty', 92, 'u32'),
    f('marketImbalanceQty', 96, 'u32'),
    f('unpairedQty', 100, 'u32'),
    ...['auctionType', 'side', 'auctionStatus', 'freezeStatus', 'numExtensions', 'unpairedSide'].map((c, i) =>
      f(c, 104 + i, 'u8'),
    ),
    f('significantImbalance', 110, 'u8'),
  ],
};
const STAT_TAIL = (o: number): Field[] => [
  f('sequence', o, 'u32'),
  f('tsInDelta', o + 4, 'i32'),
  f('statType', o + 8, 'u16'),
  f('channelId', o + 10, 'u16'),
  f('updateAction', o + 12, 'u8'),
  f('statFlags', o + 13, 'u8'),
];
const STAT_HEAD: Field[] = [...HD, f('tsRecv', 16, 'ts'), f('tsRef', 24, 'ts'), f('price', 32, 'i64')];
const STAT_V3: RecordLayout = {
  name: 'StatMsg',
  kind: 'statistics',
  size: 80,
  fields: [...STAT_HEAD, f('quantity', 40, 'i64'), ...STAT_TAIL(48)],
};
const STAT_V1: RecordLayout = {
  name: 'StatMsgV1',
  kind: 'statistics',
  size: 64,
  fields: [...STAT_HEAD, f('quantity', 40, 'q32'), ...STAT_TAIL(44)],
};
const SYMBOL_MAPPING_V2: RecordLayout = {
  name: 'SymbolMappingMsg',
  kind: 'symbolMappings',
  size: 176,
  fields: [
    ...HD,
    f('stypeIn', 16, 'u8'),
    f('stypeInSymbol', 17, 'str', 71),
    f('stypeOut', 88, 'u8'),
    f('stypeOutSymbol', 89, 'str', 71),
    f('startTs', 160, 'ts'),
    f('endTs', 168, 'ts'),
  ],
};
const SYMBOL_MAPPING_V1: RecordLayout = {
  name: 'SymbolMappingMsgV1',
  kind: 'symbolMappings',
  size: 80,
  fields: [
    ...HD,
    f('stypeInSymbol', 16, 'str', 22),
    f('stypeOutSymbol', 38, 'str', 22),
    f('startTs', 64, 'ts'),
    f('endTs', 72, 'ts'),
  ],
};
const ERROR_V2: RecordLayout = {
  name: 'ErrorMsg',
  kind: 'errors',
  size: 320,
  fields: [...HD, f('text', 16, 'str', 302), f('code', 318, 'u8'), f('isLast', 319, 'u8')],
};
const ERROR_V1: RecordLayout = {
  name: 'ErrorMsgV1',
  kind: 'errors',
  size: 80,
  fields: [...HD, f('text', 16, 'str', 64)],
};
const SYSTEM_V2: RecordLayout = {
  name: 'SystemMsg',
  kind: 'system',
  size: 320,
  fields: [...HD, f('text', 16, 'str', 303), f('code', 319, 'u8')],
};
const SYSTEM_V1: RecordLayout = {
  name: 'SystemMsgV1',
  kind: 'system',
  size: 80,
  fields: [...HD, f('text', 16, 'str', 64)],
};

const COMMON: [number[], RecordLayout][] = [
  [[RTYPE.MBO], MBO],
  [[RTYPE.MBP_0], TRADE],
  [[RTYPE.MBP_1], MBP1],
  [[RTYPE.BBO_1S, RTYPE.BBO_1M], BBO],
  [[RTYPE.CMBP_1, RTYPE.TCBBO], CMBP1],
  [[RTYPE.CBBO_1S, RTYPE.CBBO_1M], CBBO],
  [[RTYPE.MBP_10], MBP10],
  [
    [RTYPE.OHLCV_DEPRECATED, RTYPE.OHLCV_1S, RTYPE.OHLCV_1M, RTYPE.OHLCV_1H, RTYPE.OHLCV_1D, RTYPE.OHLCV_EOD],
    OHLCV,
  ],
  [[RTYPE.STATUS], STATUS],
  [[RTYPE.IMBALANCE], IMBALANCE],
];

function table(version: 1 | 2 | 3): (RecordLayout | undefined)[] {
  const out: (RecordLayout | undefined)[] = new Array(256).fill(undefined);
  for (const [rtypes, layout] of COMMON) for (const r of rtypes) out[r] = layout;
  out[RTYPE.INSTRUMENT_DEF] = version === 1 ? DEFINITION_V1 : version === 2 ? DEFINITION_V2 : DEFINITION_V3;
  out[RTYPE.STATISTICS] = version === 3 ? STAT_V3 : STAT_V1;
  out[RTYPE.SYMBOL_MAPPING] = version === 1 ? SYMBOL_MAPPING_V1 : SYMBOL_MAPPING_V2;
  out[RTYPE.ERROR] = version === 1 ? ERROR_V1 : ERROR_V2;
  out[RTYPE.SYSTEM] = version === 1 ? SYSTEM_V1 : SYSTEM_V2;
  return out;
}

const BY_VERSION = [table(1), table(2), table(3)];

/** Layouts indexed by rtype for a DBN version (undefined = unknown rtype, skipped by the reader). */
export function layoutsFor(version: 1 | 2 | 3): readonly (RecordLayout | undefined)[] {
  return BY_VERSION[version - 1]!;
}

/** The rtypes whose records decode into `kind` (writer: which rtypes a table may carry). */
export function rtypesOfKind(version: 1 | 2 | 3, kind: DbnKind): number[] {
  const out: number[] = [];
  layoutsFor(version).forEach((l, r) => {
    if (l && l.kind === kind) out.push(r);
  });
  return out;
}
