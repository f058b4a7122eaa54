/**
 * InstrumentDefMsg layouts for DBN v1 (360 bytes), v2 (400) and v3 (520), from dbn-layout.md §6. All three
 * decode into the canonical `definitions` table; fields a version lacks stay 0 / '' (NaN for prices: v1/v2
 * have no leg_price/leg_delta, v3 has no trading_reference_price).
 */
import { HD, f, type Field, type RecordLayout } from './layout-types.js';

/** Consecutive fields of one type starting at `off`, each `step` bytes apart. */
function run(off: number, type: Field['type'], step: number, cols: string[]): Field[] {
  return cols.map((c, i) => f(c, off + i * step, type));
}

const PRICES_A = ['minPriceIncrement', 'displayFactor'];
const LIMITS = ['highLimitPrice', 'lowLimitPrice', 'maxPriceVariation'];
const LOTS = [
  'marketSegmentId',
  'maxTradeVol',
  'minLotSize',
  'minLotSizeBlock',
  'minLotSizeRoundLot',
  'minTradeVol',
];
const lotTypes = (o: number): Field[] => [
  f('marketSegmentId', o, 'u32'),
  f('maxTradeVol', o + 4, 'u32'),
  ...run(o + 8, 'i32', 4, LOTS.slice(2, 5)),
  f('minTradeVol', o + 20, 'u32'),
];
const CONTRACT = ['contractMultiplier', 'decayQuantity', 'originalContractSize'];
const TEXT_V1V2 = ['currency', 'settlCurrency', 'secsubtype'];
const MATURITY = ['maturityMonth', 'maturityDay', 'maturityWeek', 'userDefinedInstrument'];

const V3_FIELDS: Field[] = [
  ...HD,
  f('tsRecv', 16, 'ts'),
  ...run(24, 'i64', 8, PRICES_A),
  f('expiration', 40, 'ts'),
  f('activation', 48, 'ts'),
  ...run(56, 'i64', 8, [
    ...LIMITS,
    'unitOfMeasureQty',
    'minPriceIncrementAmount',
    'priceRatio',
    'strikePrice',
  ]),
  f('rawInstrumentId', 112, 'u64'),
  ...run(120, 'i64', 8, ['legPrice', 'legDelta']),
  f('instAttribValue', 136, 'i32'),
  f('underlyingId', 140, 'u32'),
  ...run(144, 'i32', 4, ['marketDepthImplied', 'marketDepth']),
  ...lotTypes(152),
  ...run(176, 'i32', 4, CONTRACT),
  f('legInstrumentId', 188, 'u32'),
  ...run(192, 'i32', 4, [
    'legRatioPriceNumerator',
    'legRatioPriceDenominator',
    'legRatioQtyNumerator',
    'legRatioQtyDenominator',
  ]),
  f('legUnderlyingId', 208, 'u32'),
  f('applId', 212, 'i16'),
  ...run(214, 'u16', 2, ['maturityYear', 'decayStartDate', 'channelId', 'legCount', 'legIndex']),
  f('currency', 224, 'str', 4),
  f('settlCurrency', 228, 'str', 4),
  f('secsubtype', 232, 'str', 6),
  f('rawSymbol', 238, 'str', 71),
  f('group', 309, 'str', 21),
  f('exchange', 330, 'str', 5),
  f('asset', 335, 'str', 11),
  f('cfi', 346, 'str', 7),
  f('securityType', 353, 'str', 7),
  f('unitOfMeasure', 360, 'str', 31),
  f('underlying', 391, 'str', 21),
  f('strikePriceCurrency', 412, 'str', 4),
  f('legRawSymbol', 416, 'str', 71),
  ...run(487, 'u8', 1, [
    'instrumentClass',
    'matchAlgorithm',
    'mainFraction',
    'priceDisplayFormat',
    'subFraction',
    'underlyingProduct',
    'securityUpdateAction',
    ...MATURITY,
  ]),
  ...run(498, 'i8', 1, ['contractMultiplierUnit', 'flowScheduleType']),
  ...run(500, 'u8', 1, ['tickRule', 'legInstrumentClass', 'legSide']),
];

/** The tail shared by v1 (at 342) and v2 (at 375): match_algorithm .. tick_rule. */
const tailV1V2 = (o: number): Field[] => [
  ...run(o, 'u8', 1, [
    'matchAlgorithm',
    'mdSecurityTradingStatus',
    'mainFraction',
    'priceDisplayFormat',
    'settlPriceType',
    'subFraction',
    'underlyingProduct',
    'securityUpdateAction',
    ...MATURITY,
  ]),
  ...run(o + 12, 'i8', 1, ['contractMultiplierUnit', 'flowScheduleType']),
  f('tickRule', o + 14, 'u8'),
];

/** v1 and v2 agree on 16..119 except that v2 inserts strike_price at 112. */
const HEAD_V1V2: Field[] = [
  ...HD,
  f('tsRecv', 16, 'ts'),
  ...run(24, 'i64', 8, PRICES_A),
  f('expiration', 40, 'ts'),
  f('activation', 48, 'ts'),
  ...run(56, 'i64', 8, [
    ...LIMITS,
    'tradingReferencePrice',
    'unitOfMeasureQty',
    'minPriceIncrementAmount',
    'priceRatio',
  ]),
];

/** Fields from trading_reference_date (176) to secsubtype (194..199), the same in v1 and v2. */
const MID_V1V2: Field[] = [
  f('tradingReferenceDate', 176, 'u16'),
  f('applId', 178, 'i16'),
  ...run(180, 'u16', 2, ['maturityYear', 'decayStartDate', 'channelId']),
  ...TEXT_V1V2.map((c, i) => f(c, [186, 190, 194][i]!, 'str', [4, 4, 6][i])),
];

const V2_FIELDS: Field[] = [
  ...HEAD_V1V2,
  f('strikePrice', 112, 'i64'),
  f('instAttribValue', 120, 'i32'),
  f('underlyingId', 124, 'u32'),
  f('rawInstrumentId', 128, 'u32d'),
  ...run(132, 'i32', 4, ['marketDepthImplied', 'marketDepth']),
  ...lotTypes(140),
  ...run(164, 'i32', 4, CONTRACT),
  ...MID_V1V2,
  f('rawSymbol', 200, 'str', 71),
  f('group', 271, 'str', 21),
  f('exchange', 292, 'str', 5),
  f('asset', 297, 'str', 7),
  f('cfi', 304, 'str', 7),
  f('securityType', 311, 'str', 7),
  f('unitOfMeasure', 318, 'str', 31),
  f('underlying', 349, 'str', 21),
  f('strikePriceCurrency', 370, 'str', 4),
  f('instrumentClass', 374, 'u8'),
  ...tailV1V2(375),
];

const V1_FIELDS: Field[] = [
  ...HEAD_V1V2,
  f('instAttribValue', 112, 'i32'),
  f('underlyingId', 116, 'u32'),
  f('rawInstrumentId', 120, 'u32d'),
  ...run(124, 'i32', 4, ['marketDepthImplied', 'marketDepth']),
  ...lotTypes(132),
  ...run(160, 'i32', 4, CONTRACT),
  ...MID_V1V2,
  f('rawSymbol', 200, 'str', 22),
  f('group', 222, 'str', 21),
  f('exchange', 243, 'str', 5),
  f('asset', 248, 'str', 7),
  f('cfi', 255, 'str', 7),
  f('securityType', 262, 'str', 7),
  f('unitOfMeasure', 269, 'str', 31),
  f('underlying', 300, 'str', 21),
  f('strikePriceCurrency', 321, 'str', 4),
  f('instrumentClass', 325, 'u8'),
  f('strikePrice', 328, 'i64'),
  ...tailV1V2(342),
];

const NO_LEGS = ['legPrice', 'legDelta'];
export const DEFINITION_V3: RecordLayout = {
  name: 'InstrumentDefMsg',
  kind: 'definitions',
  size: 520,
  fields: V3_FIELDS,
  nanCols: ['tradingReferencePrice'],
};
export const DEFINITION_V2: RecordLayout = {
  name: 'InstrumentDefMsgV2',
  kind: 'definitions',
  size: 400,
  fields: V2_FIELDS,
  nanCols: NO_LEGS,
};
export const DEFINITION_V1: RecordLayout = {
  name: 'InstrumentDefMsgV1',
  kind: 'definitions',
  size: 360,
  fields: V1_FIELDS,
  nanCols: NO_LEGS,
};
