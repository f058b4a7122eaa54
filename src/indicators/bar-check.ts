/**
 * One finiteness test for all the numbers of a bar, for the OHLC indicators' hot paths.
 *
 * The caller adds its inputs and tests the sum once (`s - s !== 0` is true exactly when s is NaN or
 * ±Infinity): a NaN or an infinity in any input makes the sum non-finite, so a finite sum proves every
 * input finite. Only then, on the rare slow path, `rejectNonFinite` looks at each input in order and
 * throws IndicatorInputError for the first non-finite one; if there is none (the sum overflowed), it
 * returns and the update goes on. One test instead of one per field keeps the update small enough for
 * V8 to inline it into the caller, which is what keeps it allocation-free (a double passed to, or
 * returned from, a call that is not inlined is boxed on the heap).
 */
import { checkFinite } from './contract.js';

export function rejectNonFinite(
  indicator: string,
  fields: readonly string[],
  a: number,
  b: number,
  c = 0,
  d = 0,
  e = 0,
): void {
  checkFinite(indicator, fields[0]!, a);
  checkFinite(indicator, fields[1]!, b);
  if (fields.length > 2) checkFinite(indicator, fields[2]!, c);
  if (fields.length > 3) checkFinite(indicator, fields[3]!, d);
  if (fields.length > 4) checkFinite(indicator, fields[4]!, e);
}
