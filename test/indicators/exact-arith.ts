/**
 * Exact reference arithmetic on doubles for the exactness tests: every finite double is m·2^e with an
 * integer m, so window sums and moments are computed exactly in BigInt and rounded once, to nearest with
 * ties to even, back to a double.
 */

const view = new DataView(new ArrayBuffer(8));

/** x = m · 2^e exactly (m a BigInt, possibly negative). */
export function decompose(x: number): { m: bigint; e: number } {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const field = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  if (field === 0x7ff) throw new Error(`not finite: ${x}`);
  const m = field === 0 ? frac : frac | (1n << 52n);
  const e = field === 0 ? -1074 : field - 1075;
  return { m: negative ? -m : m, e };
}

/** The values as integers over a common scale: values[i] = ints[i] · 2^exp. */
export function toCommonScale(values: readonly number[]): { ints: bigint[]; exp: number } {
  const parts = values.map(decompose);
  const exp = Math.min(...parts.map((p) => p.e));
  return { ints: parts.map((p) => p.m << BigInt(p.e - exp)), exp };
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** The double nearest to (num / den) · 2^exp (den > 0), ties to even. Normal range only. */
export function roundToDouble(num: bigint, den: bigint, exp: number): number {
  if (den <= 0n) throw new Error('den must be positive');
  if (num === 0n) return 0;
  const negative = num < 0n;
  const a = negative ? -num : num;
  // Scale by 2^k so that the integer quotient has exactly 53 bits.
  let k = 53 - (bitLength(a) - bitLength(den));
  for (;;) {
    const n = k >= 0 ? a << BigInt(k) : a;
    const d = k >= 0 ? den : den << BigInt(-k);
    let q = n / d;
    const r = n % d;
    const bits = bitLength(q);
    if (bits > 53) {
      k--;
      continue;
    }
    if (bits < 53) {
      k++;
      continue;
    }
    if (2n * r > d || (2n * r === d && (q & 1n) === 1n)) q += 1n;
    const v = Number(q) * 2 ** (exp - k);
    return negative ? -v : v;
  }
}

/** The correctly rounded mean of the values. */
export function exactMean(values: readonly number[]): number {
  const { ints, exp } = toCommonScale(values);
  let sum = 0n;
  for (const v of ints) sum += v;
  return roundToDouble(sum, BigInt(values.length), exp);
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** The population standard deviation, to well within one ulp (exact moments, 80-bit integer root). */
export function exactPopulationStdDev(values: readonly number[]): number {
  const { ints, exp } = toCommonScale(values);
  const n = BigInt(values.length);
  let s1 = 0n;
  let s2 = 0n;
  for (const v of ints) {
    s1 += v;
    s2 += v * v;
  }
  // σ = sqrt(n·s2 − s1²) / n · 2^exp; the root is taken of the value scaled by 4^shift.
  const v = n * s2 - s1 * s1;
  if (v === 0n) return 0;
  const shift = Math.max(0, 80 - Math.floor(bitLength(v) / 2));
  const root = isqrt(v << BigInt(2 * shift));
  return roundToDouble(root, n, exp - shift);
}
