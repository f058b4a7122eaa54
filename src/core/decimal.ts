/**
 * Exact fixed-point decimals on plain numbers.
 *
 * A decimal is (units, scale): value = units / 10^scale, with `units` an integer held exactly in a double
 * (|units| <= 2^53 - 1). Prices, quantities, cash and fees are all integers of some unit; decimals appear
 * only when reading input (`parseDecimal`) and writing output (`formatScaled`).
 *
 * Invariants: every function returns integers for integer inputs or throws `RangeError` when a result would
 * leave the exactly representable range — accounting never degrades silently to floating point.
 */

export interface Scaled {
  units: number;
  scale: number;
}

/** 10^0 .. 10^22, all exact doubles (table lookups for hot parsing loops). */
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

export function pow10(k: number): number {
  const p = POW10[k];
  if (p === undefined) throw new RangeError(`10^${k} is outside the supported decimal scales (0..22)`);
  return p;
}

export function assertSafe(x: number, what: string): number {
  if (!Number.isSafeInteger(x)) throw new RangeError(`${what} = ${x} exceeds exact integer range (2^53)`);
  return x;
}

/** assertSafe for hot paths: the message `${owner}: ${what}` is built only when the check fails. */
export function checkSafe(x: number, owner: string, what: string): number {
  if (!Number.isSafeInteger(x))
    throw new RangeError(`${owner}: ${what} = ${x} exceeds exact integer range (2^53)`);
  return x;
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Exact decimal from text such as "12.5", "-0.001", "1e-7". Returns null if the text is not a number. */
export function tryParseDecimal(text: string): Scaled | null {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) return null;
  const intPart = m[2] ?? '';
  let frac = m[3] ?? '';
  if (intPart === '' && frac === '') return null;
  const exp = m[4] ? parseInt(m[4], 10) : 0;
  let digits = intPart + frac;
  let scale = frac.length - exp;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  // Drop trailing zeros of the fraction so "1.50" and "1.5" have the same scale.
  while (scale > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale--;
  }
  frac = '';
  const units = Number(digits === '' ? '0' : digits) * (m[1] === '-' ? -1 : 1);
  if (!Number.isSafeInteger(units) || scale > 22) return null;
  return { units: units === 0 ? 0 : units, scale };
}

export function parseDecimal(text: string | number, what = 'value'): Scaled {
  const s = typeof text === 'number' ? numberToDecimalText(text) : text;
  const r = tryParseDecimal(s);
  if (!r) throw new RangeError(`${what}: "${s}" is not a decimal number within 15 significant digits`);
  return r;
}

/** The shortest decimal text that round-trips the double (what a YAML or JSON author wrote). */
export function numberToDecimalText(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return String(x);
}

/** units at `from` scale expressed at `to` scale; exact when to >= from, else rounded half-even. */
export function rescale(units: number, from: number, to: number): number {
  if (to === from) return units;
  if (to > from) return assertSafe(units * pow10(to - from), 'rescaled value');
  return divRoundHalfEven(units, pow10(from - to));
}

/** Integer a / b rounded to nearest, ties to even. Exact for safe integers, b > 0. */
export function divRoundHalfEven(a: number, b: number): number {
  const q = Math.floor(a / b);
  const r = a - q * b;
  const twice = 2 * r;
  if (twice > b || (twice === b && q % 2 !== 0)) return q + 1;
  return q;
}

/** Exact decimal text of units / 10^scale, trailing fractional zeros removed ("2.5", "100", "-0.001"). */
export function formatScaled(units: number, scale: number): string {
  if (scale === 0) return String(units);
  const neg = units < 0;
  let digits = String(neg ? -units : units);
  if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
  const cut = digits.length - scale;
  let frac = digits.slice(cut);
  let end = frac.length;
  while (end > 0 && frac.charCodeAt(end - 1) === 48) end--;
  frac = frac.slice(0, end);
  const text = frac.length ? digits.slice(0, cut) + '.' + frac : digits.slice(0, cut);
  return neg && text !== '0' ? '-' + text : text;
}

/** Decimal text of a rational num/den rounded half-even to `places` fraction digits, zeros trimmed. */
export function formatRatio(num: number, den: number, places: number): string {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const p = pow10(places);
  const scaled = num * p;
  if (Number.isSafeInteger(scaled)) return formatScaled(divRoundHalfEven(scaled, den), places);
  const big = (BigInt(num) * BigInt(p) * 2n + BigInt(den)) / (2n * BigInt(den));
  return formatScaled(Number(big), places);
}
