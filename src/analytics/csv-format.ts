/**
 * Text fields of the run folder's CSV tables that are not plain numbers (outputs.ts): quoted symbols
 * and exact round-trip average prices. Numbers and timestamps are written by csv-sink.ts.
 */
import { assertSafe, divRoundHalfEven, formatRatio, pow10 } from '../core/decimal.js';
import type { Instrument } from '../core/instrument.js';

/** A CSV field: quoted (quotes doubled) only when it holds a comma, quote or line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

/**
 * Exact average price of `notionalTicks / lots` ticks in price units, rounded half-even to
 * tick scale + 6 places: price = notionalTicks × tickUnits / (lots × 10^tickScale).
 */
export function formatVwap(inst: Instrument, notionalTicks: number, lots: number): string {
  if (!(lots > 0)) throw new Error(`${inst.symbol}: round trip with ${lots} lots has no average price`);
  const num = assertSafe(notionalTicks * inst.tick.units, `${inst.symbol} notional`);
  return formatRatio(num, lots * pow10(inst.tick.scale), inst.tick.scale + 6);
}

/**
 * The units (at tick scale + 6) of formatVwap's decimal when they are a safe integer, so a writer can put
 * the digits without building a string; null when only formatVwap's exact BigInt path can.
 */
export function vwapUnits(inst: Instrument, notionalTicks: number, lots: number): number | null {
  if (!(lots > 0)) throw new Error(`${inst.symbol}: round trip with ${lots} lots has no average price`);
  const num = assertSafe(notionalTicks * inst.tick.units, `${inst.symbol} notional`);
  const scaled = num * pow10(inst.tick.scale + 6);
  return Number.isSafeInteger(scaled) ? divRoundHalfEven(scaled, lots * pow10(inst.tick.scale)) : null;
}
