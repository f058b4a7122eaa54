/**
 * Text for the pages and the console: HTML escaping, payload embedding, compact numbers, and one
 * generic metric formatter used for every metrics.json key (known or not). A key reads as a fraction
 * shown in percent when its name says so (…_return, cagr, …drawdown, …volatility, …rate, exposure,
 * alpha, tracking_error, time_in_market, ulcer_index, best/worst_month/year, positive_months);
 * anything else is shown as a plain number, text or JSON.
 */
import { POW10 } from '../core/decimal.js';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** JSON safe inside <script type="application/json">: no "<" can end the element early. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * x rounded to `digits` significant digits (display payloads: fewer characters per number). The integer
 * n = round(x · 10^k) divided by the exact power 10^k is the double nearest n / 10^k, so the JSON text is
 * the short decimal; toPrecision (slower) only for magnitudes beyond the table.
 */
export function roundSig(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const k = digits - 1 - Math.floor(Math.log10(Math.abs(x)));
  if (k > 22 || k < -22) {
    // Rounding up near the largest double overflows: keep x rather than Infinity.
    const r = Number(x.toPrecision(digits));
    return Number.isFinite(r) ? r : x;
  }
  return k >= 0 ? Math.round(x * POW10[k]!) / POW10[k]! : Math.round(x / POW10[-k]!) * POW10[-k]!;
}

/**
 * Times (seconds) as deltas in whole milliseconds expressed in seconds: [t0, t1 − t0, ...]. Points
 * that would not be strictly later than the previous one at millisecond resolution are left out, and
 * `kept` lists which input positions survived (charts need strictly increasing times).
 */
export function deltaTimes(times: ArrayLike<number>): { t: number[]; kept: number[] } {
  const t: number[] = [];
  const kept: number[] = [];
  let prev = -Infinity;
  for (let i = 0; i < times.length; i++) {
    const ms = Math.round(times[i]! * 1000);
    if (ms <= prev) continue;
    t.push(prev === -Infinity ? ms / 1000 : (ms - prev) / 1000);
    kept.push(i);
    prev = ms;
  }
  return { t, kept };
}

/** Any sequence of times (not necessarily increasing), delta-encoded at millisecond resolution. */
export function deltaAny(times: ArrayLike<number>): number[] {
  const out = new Array<number>(times.length);
  let prev = 0;
  for (let i = 0; i < times.length; i++) {
    const ms = Math.round(times[i]! * 1000);
    out[i] = (ms - prev) / 1000;
    prev = ms;
  }
  return out;
}

const PERCENT_KEY =
  /(^|_)(return|returns|cagr|drawdown|volatility|rate|exposure|alpha|tracking_error|time_in_market|ulcer_index)$|^(best|worst)_(month|year)$|^positive_(months|years)$/;

export function isPercentKey(key: string): boolean {
  return PERCENT_KEY.test(key);
}

/** "1234567.5" -> "1,234,567.5" */
function group(text: string): string {
  const neg = text.startsWith('-');
  const body = neg ? text.slice(1) : text;
  const dot = body.indexOf('.');
  const int = dot < 0 ? body : body.slice(0, dot);
  return (neg ? '-' : '') + int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (dot < 0 ? '' : body.slice(dot));
}

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return Math.abs(x) < 1e21 ? group(String(x)) : x.toExponential(4);
  const a = Math.abs(x);
  if (a >= 1000) return group(x.toFixed(2));
  if (a >= 1e-4) return String(Number(x.toPrecision(5)));
  return x.toExponential(3);
}

export function formatMetric(key: string, value: unknown): string {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value === 'number')
    return isPercentKey(key) ? (value * 100).toFixed(2) + '%' : formatNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return JSON.stringify(value);
}
