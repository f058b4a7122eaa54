/**
 * The first rows of a decoded DBN table as a user reads them, for `hindsight data inspect`: one column list
 * per table kind, named as in Databento's own CSV (ts_event, order_id, bid_px_00 ...), with
 * - timestamps as ISO 8601 UTC (one column for each sec/nsec pair), empty when null;
 * - the symbol instead of the instrument id (`#id` when the file maps no symbol);
 * - prices as decimals of the table's price tick (DBN: 1e-9), empty when null;
 * - the 64-bit MBO order id as one exact decimal number (from its hi/lo halves);
 * - actions, sides and other one-byte codes as their letters, empty when 0;
 * - sizes and quantities as numbers, empty when null (UNDEF_SIZE, NaN);
 * - integer fields whose type's maximum is DBN's null (definitions: i32/u32/u16 max) empty.
 * Fields a reader rarely needs (publisher id, rtype, ts_in_delta) are left out; `kindColumns` returns null
 * for a kind it does not know, and the caller shows the raw columns.
 */
import { formatScaled } from '../core/decimal.js';
import { formatIso } from '../core/time.js';
import { UNDEF_SIZE, type TableBase } from '../data/schemas.js';

type Columns = Record<string, ArrayLike<number> | readonly string[] | undefined>;

/** A displayed column: its header and how a row's cell is written. */
export interface ShownColumn {
  name: string;
  cell: (t: TableBase & Columns, row: number, symbolOf: (id: number) => string) => string;
}

const num = (t: Columns, field: string): ArrayLike<number> => t[field] as ArrayLike<number>;

/** Row `i` of a column; `level` >= 0 picks that entry of an MBP-10 level column (10 per row). */
const valueAt = (t: Columns, field: string, i: number, level: number): number =>
  num(t, field)[level < 0 ? i : i * 10 + level]!;

function ts(name: string, field: string): ShownColumn {
  return {
    name,
    cell: (t, i) => {
      const sec = num(t, `${field}Sec`)[i]!;
      return Number.isNaN(sec) ? '' : formatIso(sec, num(t, `${field}Nsec`)[i]!);
    },
  };
}

function price(name: string, field: string, level = -1): ShownColumn {
  return {
    name,
    cell: (t, i) => {
      const raw = valueAt(t, field, i, level);
      return Number.isNaN(raw) ? '' : formatScaled(raw * t.priceTick.units, t.priceTick.scale);
    },
  };
}

/** A u32 size (null = UNDEF_SIZE) or a double quantity (null = NaN). */
function size(name: string, field: string, level = -1): ShownColumn {
  return {
    name,
    cell: (t, i) => {
      const v = valueAt(t, field, i, level);
      return v === UNDEF_SIZE || Number.isNaN(v) ? '' : String(v);
    },
  };
}

/** A one-byte code shown as its ASCII letter ('A', 'B', 'T' ...); 0 (no code) is empty. */
function letter(name: string, field: string): ShownColumn {
  return {
    name,
    cell: (t, i) => {
      const v = num(t, field)[i]!;
      return v === 0 ? '' : String.fromCharCode(v);
    },
  };
}

/** An integer as is; `nullAt` (the type's maximum, DBN's null for it) shows empty. */
function int(name: string, field: string, nullAt = NaN): ShownColumn {
  return {
    name,
    cell: (t, i) => {
      const v = num(t, field)[i]!;
      return v === nullAt ? '' : String(v);
    },
  };
}

function text(name: string, field: string): ShownColumn {
  return { name, cell: (t, i) => (t[field] as readonly string[])[i]! };
}

const symbol: ShownColumn = {
  name: 'symbol',
  cell: (t, i, symbolOf) => symbolOf(num(t, 'instrumentId')[i]!),
};

const orderId: ShownColumn = {
  name: 'order_id',
  cell: (t, i) => ((BigInt(num(t, 'orderIdHi')[i]!) << 32n) | BigInt(num(t, 'orderIdLo')[i]!)).toString(),
};

const I32_NULL = 2147483647;
const U32_NULL = 4294967295;
const U16_NULL = 65535;

const EVENT_HEAD = [
  ts('ts_event', 'tsEvent'),
  ts('ts_recv', 'tsRecv'),
  symbol,
  letter('action', 'action'),
  letter('side', 'side'),
  int('depth', 'depth'),
  price('price', 'price'),
  size('size', 'size'),
  int('flags', 'flags'),
];

/**
 * Book level columns `bid_px_00, ask_px_00, bid_sz_00, ask_sz_00, bid_ct_00, ask_ct_00, ..._01 ...`, `count`
 * levels deep; `pb` (publisher) instead of `ct` (order count) for consolidated books. One level: scalar
 * columns (MBP-1, BBO ...); ten: MBP-10's level columns.
 */
function levels(count: 1 | 10, last: 'ct' | 'pb'): ShownColumn[] {
  const tail = last === 'ct' ? 'Ct' : 'Pb';
  const out: ShownColumn[] = [];
  for (let l = 0; l < count; l++) {
    const ll = String(l).padStart(2, '0');
    const at = count === 1 ? -1 : l;
    out.push(
      price(`bid_px_${ll}`, 'bidPx', at),
      price(`ask_px_${ll}`, 'askPx', at),
      size(`bid_sz_${ll}`, 'bidSz', at),
      size(`ask_sz_${ll}`, 'askSz', at),
      size(`bid_${last}_${ll}`, `bid${tail}`, at),
      size(`ask_${last}_${ll}`, `ask${tail}`, at),
    );
  }
  return out;
}

const KIND_COLUMNS: Record<string, ShownColumn[]> = {
  trades: [...EVENT_HEAD, int('sequence', 'sequence')],
  quotes: [...EVENT_HEAD, ...levels(1, 'ct'), int('sequence', 'sequence')],
  cquotes: [...EVENT_HEAD, ...levels(1, 'pb'), int('sequence', 'sequence')],
  mbp10: [...EVENT_HEAD, ...levels(10, 'ct'), int('sequence', 'sequence')],
  mbo: [
    ts('ts_event', 'tsEvent'),
    ts('ts_recv', 'tsRecv'),
    symbol,
    orderId,
    letter('action', 'action'),
    letter('side', 'side'),
    price('price', 'price'),
    size('size', 'size'),
    int('flags', 'flags'),
    int('channel_id', 'channelId'),
    int('sequence', 'sequence'),
  ],
  ohlcv: [
    ts('ts_event', 'tsEvent'),
    symbol,
    price('open', 'open'),
    price('high', 'high'),
    price('low', 'low'),
    price('close', 'close'),
    size('volume', 'volume'),
  ],
  status: [
    ts('ts_event', 'tsEvent'),
    ts('ts_recv', 'tsRecv'),
    symbol,
    int('action', 'action'),
    int('reason', 'reason'),
    int('trading_event', 'tradingEvent'),
    letter('is_trading', 'isTrading'),
    letter('is_quoting', 'isQuoting'),
    letter('is_short_sell_restricted', 'isShortSellRestricted'),
  ],
  imbalance: [
    ts('ts_event', 'tsEvent'),
    ts('ts_recv', 'tsRecv'),
    symbol,
    price('ref_price', 'refPrice'),
    ts('auction_time', 'auctionTime'),
    price('cont_book_clr_price', 'contBookClrPrice'),
    price('auct_interest_clr_price', 'auctInterestClrPrice'),
    price('ssr_filling_price', 'ssrFillingPrice'),
    price('ind_match_price', 'indMatchPrice'),
    price('upper_collar', 'upperCollar'),
    price('lower_collar', 'lowerCollar'),
    size('paired_qty', 'pairedQty'),
    size('total_imbalance_qty', 'totalImbalanceQty'),
    size('market_imbalance_qty', 'marketImbalanceQty'),
    size('unpaired_qty', 'unpairedQty'),
    letter('auction_type', 'auctionType'),
    letter('side', 'side'),
    int('auction_status', 'auctionStatus'),
    int('freeze_status', 'freezeStatus'),
    int('num_extensions', 'numExtensions'),
    letter('unpaired_side', 'unpairedSide'),
    letter('significant_imbalance', 'significantImbalance'),
  ],
  statistics: [
    ts('ts_event', 'tsEvent'),
    ts('ts_recv', 'tsRecv'),
    symbol,
    ts('ts_ref', 'tsRef'),
    int('stat_type', 'statType'),
    price('price', 'price'),
    size('quantity', 'quantity'),
    int('update_action', 'updateAction'),
    int('stat_flags', 'statFlags'),
    int('channel_id', 'channelId'),
    int('sequence', 'sequence'),
  ],
  definitions: [
    ts('ts_recv', 'tsRecv'),
    symbol,
    text('raw_symbol', 'rawSymbol'),
    letter('instrument_class', 'instrumentClass'),
    text('security_type', 'securityType'),
    text('asset', 'asset'),
    text('exchange', 'exchange'),
    text('currency', 'currency'),
    price('min_price_increment', 'minPriceIncrement'),
    price('display_factor', 'displayFactor'),
    ts('expiration', 'expiration'),
    ts('activation', 'activation'),
    price('high_limit_price', 'highLimitPrice'),
    price('low_limit_price', 'lowLimitPrice'),
    price('strike_price', 'strikePrice'),
    int('contract_multiplier', 'contractMultiplier', I32_NULL),
    text('unit_of_measure', 'unitOfMeasure'),
    price('unit_of_measure_qty', 'unitOfMeasureQty'),
    text('underlying', 'underlying'),
    int('underlying_id', 'underlyingId', U32_NULL),
    int('min_lot_size_round_lot', 'minLotSizeRoundLot', I32_NULL),
    int('maturity_year', 'maturityYear', U16_NULL),
    letter('security_update_action', 'securityUpdateAction'),
  ],
  errors: [ts('ts_event', 'tsEvent'), int('code', 'code'), text('text', 'text')],
  system: [ts('ts_event', 'tsEvent'), int('code', 'code'), text('text', 'text')],
  symbolMappings: [
    ts('ts_event', 'tsEvent'),
    text('stype_in_symbol', 'stypeInSymbol'),
    text('stype_out_symbol', 'stypeOutSymbol'),
    ts('start_ts', 'startTs'),
    ts('end_ts', 'endTs'),
  ],
};

/** The displayed columns of a table kind, or null for a kind without a list. */
export function kindColumns(kind: string): readonly ShownColumn[] | null {
  return KIND_COLUMNS[kind] ?? null;
}

/** The first `rows` rows of `table` as display text, one array per row in `columns` order. */
export function shownRows(
  table: TableBase,
  columns: readonly ShownColumn[],
  rows: number,
  symbolOf: (id: number) => string,
): string[][] {
  const t = table as TableBase & Columns;
  const out: string[][] = [];
  for (let i = 0; i < Math.min(rows, table.length); i++) out.push(columns.map((c) => c.cell(t, i, symbolOf)));
  return out;
}
