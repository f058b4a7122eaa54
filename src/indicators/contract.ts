/**
 * The one contract every streaming indicator keeps (DESIGN.md §7), and the input check they share.
 *
 * - `update(...)` consumes one observation in O(1) without allocating and returns the primary value.
 * - `value` is the primary output: NaN until the indicator is warm, then finite for finite input.
 *   Multi-output indicators list their outputs in `outputs` (the first is `value`) and expose each one as a
 *   numeric property of that name (e.g. MACD: `macd`, `signal`, `histogram`), NaN until warm.
 * - `isReady` turns true after exactly `warmup` updates and stays true until `reset()`.
 * - `reset()` restores the state of a freshly constructed instance (same parameters).
 * - Each indicator module also exports a batch twin over typed-array columns that gives, row by row,
 *   exactly (bit for bit) what the streaming form gives after that row: one Float64Array per output.
 * - Non-finite input (NaN, ±Infinity) is rejected with an IndicatorInputError naming the indicator, the
 *   input field and the value; the indicator's state is unchanged by a rejected update.
 * Limits: inputs are doubles (prices as decimals, not ticks); exactness is per indicator's header.
 */
import { HindsightError, UsageError } from '../core/errors.js';

export interface Indicator {
  /** Updates needed before `isReady` (and a non-NaN `value`). */
  readonly warmup: number;
  readonly value: number;
  readonly isReady: boolean;
  /** Output names; `outputs[0]` is what `value` holds. Single-output indicators: ['value']. */
  readonly outputs: readonly string[];
  reset(): void;
}

/** One OHLCV observation; BarView satisfies it, so `ind.update(bar)` works inside `onBar`. */
export interface OhlcvInput {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Columns for batch twins of OHLCV indicators (any subset an indicator needs). */
export interface OhlcvColumns {
  readonly open: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly volume: ArrayLike<number>;
}

export class IndicatorInputError extends HindsightError {
  constructor(
    readonly indicator: string,
    readonly field: string,
    readonly input: number,
  ) {
    super(`${indicator}.update: input "${field}" is not a finite number: ${input}`, 'E_INDICATOR_INPUT');
  }
}

/** Throws IndicatorInputError unless `x` is finite. Call before touching any state. */
export function checkFinite(indicator: string, field: string, x: number): void {
  if (x - x !== 0) throw new IndicatorInputError(indicator, field, x);
}

/** Same for a whole OHLCV observation (only the fields an indicator uses are checked when it asks). */
export function checkOhlcv(indicator: string, bar: OhlcvInput, withVolume: boolean): void {
  checkFinite(indicator, 'high', bar.high);
  checkFinite(indicator, 'low', bar.low);
  checkFinite(indicator, 'close', bar.close);
  checkFinite(indicator, 'open', bar.open);
  if (withVolume) checkFinite(indicator, 'volume', bar.volume);
}

/** Validates a period-like constructor argument: a positive integer (or >= min). */
export function checkPeriod(indicator: string, name: string, n: number, min = 1): number {
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${indicator}: ${name} must be an integer >= ${min}, got ${n}`);
  return n;
}
