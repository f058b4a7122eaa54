/**
 * The account's currency and cash scale, and decimal amounts -> integer cash units at that scale.
 *
 * cashScale = max(2, every instrument's valueScale): the value of ticks × lots of any instrument is then a
 * whole number of cash units.
 * The initial cash must fit the scale exactly (a ConfigError otherwise: no silent rounding of the
 * user's money); amounts computed as doubles (fees from a commission model) are rounded once, half-even,
 * on their shortest decimal text. Results beyond 2^53 are RangeErrors.
 */
import { assertSafe, parseDecimal, pow10, rescale } from '../core/decimal.js';
import { ConfigError } from '../core/errors.js';
import type { Instrument } from '../core/instrument.js';

export interface Account {
  currency: string;
  cashScale: number;
  /** Cash units per tick × lot, per instrument. */
  unitsPerTickLot: Float64Array;
}

/** Checks the instruments (id = index, one currency) and derives the cash scale. */
export function resolveAccount(instruments: readonly Instrument[], currency?: string): Account {
  const cur = currency ?? instruments[0]?.currency ?? 'USD';
  let scale = 2;
  instruments.forEach((inst, i) => {
    if (inst.id !== i)
      throw new ConfigError(
        `portfolio.instruments[${i}]`,
        `instrument ${inst.symbol} has id ${inst.id}, expected its index ${i}`,
      );
    if (inst.currency !== cur)
      throw new ConfigError(
        `backtest.instruments.${inst.symbol}.currency`,
        `"${inst.currency}" differs from the account currency "${cur}" (one currency per account for now)`,
      );
    if (inst.valueScale > scale) scale = inst.valueScale;
  });
  const unitsPerTickLot = Float64Array.from(instruments, (inst) =>
    assertSafe(
      inst.valuePerTickLot * pow10(scale - inst.valueScale),
      `${inst.symbol}: cash units per tick × lot`,
    ),
  );
  return { currency: cur, cashScale: scale, unitsPerTickLot };
}

/** Units of the configured initial cash; ConfigError (path backtest.initial_cash) unless exact. */
export function parseInitialCash(value: string | number, scale: number): number {
  let d;
  try {
    d = parseDecimal(value, 'initial cash');
  } catch (e) {
    throw new ConfigError('backtest.initial_cash', (e as Error).message);
  }
  if (d.scale > scale)
    throw new ConfigError(
      'backtest.initial_cash',
      `${String(value)} has more decimal places than the cash scale (${scale})`,
    );
  try {
    return rescale(d.units, d.scale, scale);
  } catch {
    throw new ConfigError(
      'backtest.initial_cash',
      `${String(value)} exceeds the exact range of cash units at scale ${scale}`,
    );
  }
}

const NUMBER_TEXT_RE = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/**
 * Units of `amount` at `scale`, rounding its shortest decimal text (what the number means to a person:
 * 1.005 is "1.005", not 1.00499999…) half-even. String arithmetic, so 17-digit texts are exact too.
 */
export function amountToUnits(amount: number, scale: number): number {
  const m = Number.isFinite(amount) ? NUMBER_TEXT_RE.exec(String(amount)) : null;
  if (!m) throw new RangeError(`amount ${amount} is not a finite number`);
  const intDigits = m[2]!;
  const digits = intDigits + (m[3] ?? '');
  const cut = intDigits.length + (m[4] ? parseInt(m[4], 10) : 0) + scale;
  let keep: string;
  let rest: string;
  if (cut <= 0) {
    keep = '0';
    rest = '0'.repeat(-cut) + digits;
  } else if (cut >= digits.length) {
    keep = digits + '0'.repeat(cut - digits.length);
    rest = '';
  } else {
    keep = digits.slice(0, cut);
    rest = digits.slice(cut);
  }
  let q = Number(keep);
  if (rest.length > 0) {
    const first = rest.charCodeAt(0) - 48;
    if (first > 5 || (first === 5 && (/[1-9]/.test(rest.slice(1)) || q % 2 === 1))) q += 1;
  }
  assertSafe(q, `cash units of ${amount} at scale ${scale}`);
  return m[1] === '-' && q !== 0 ? -q : q;
}
