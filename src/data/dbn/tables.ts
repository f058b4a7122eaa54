/**
 * The tables a DBN stream decodes into: the canonical market-data kinds of data/schemas.ts plus three DBN
 * control kinds (error and system messages from live gateways, symbol mapping records). Control records are
 * rare, but they are kept as columns too so one decoder path serves every record type.
 */
import {
  TABLE_SPECS,
  allocTable,
  type AllocOptions,
  type KindTable,
  type Table,
  type TableBase,
  type TableKind,
} from '../schemas.js';

const HEADER = { tsEventSec: 'f64', tsEventNsec: 'u32', instrumentId: 'u32', publisherId: 'u16' } as const;

export const CONTROL_SPECS = {
  errors: { ...HEADER, text: 'str', code: 'u8', isLast: 'u8' },
  system: { ...HEADER, text: 'str', code: 'u8' },
  symbolMappings: {
    ...HEADER,
    stypeIn: 'u8',
    stypeInSymbol: 'str',
    stypeOut: 'u8',
    stypeOutSymbol: 'str',
    startTsSec: 'f64',
    startTsNsec: 'u32',
    endTsSec: 'f64',
    endTsNsec: 'u32',
  },
} as const;

export type ControlKind = keyof typeof CONTROL_SPECS;
export type DbnKind = TableKind | ControlKind;
export type ErrorTable = Table<'errors', (typeof CONTROL_SPECS)['errors']>;
export type SystemTable = Table<'system', (typeof CONTROL_SPECS)['system']>;
export type SymbolMappingTable = Table<'symbolMappings', (typeof CONTROL_SPECS)['symbolMappings']>;

/** Decoded tables by kind; a kind is present only when the stream held at least one such record. */
export interface DbnTables {
  mbo?: KindTable<'mbo'>;
  trades?: KindTable<'trades'>;
  quotes?: KindTable<'quotes'>;
  cquotes?: KindTable<'cquotes'>;
  mbp10?: KindTable<'mbp10'>;
  ohlcv?: KindTable<'ohlcv'>;
  status?: KindTable<'status'>;
  imbalance?: KindTable<'imbalance'>;
  statistics?: KindTable<'statistics'>;
  definitions?: KindTable<'definitions'>;
  errors?: ErrorTable;
  system?: SystemTable;
  symbolMappings?: SymbolMappingTable;
}

export const DBN_KINDS: readonly DbnKind[] = [
  ...(Object.keys(TABLE_SPECS) as TableKind[]),
  ...(Object.keys(CONTROL_SPECS) as ControlKind[]),
];

export function allocDbnTable(kind: DbnKind, capacity: number, opts: AllocOptions = {}): TableBase {
  const spec = kind in TABLE_SPECS ? TABLE_SPECS[kind as TableKind] : CONTROL_SPECS[kind as ControlKind];
  return allocTable(kind, spec, capacity, opts);
}
