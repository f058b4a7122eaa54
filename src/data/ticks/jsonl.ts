/**
 * JSONL (one JSON object per line) readers for trades and L1 quotes into the canonical tables of
 * schemas.ts (`readTradesJsonl`, `readQuotesJsonl`). Field conversion, modes and quarantine are shared with
 * the CSV reader (tick-read.ts); this module only finds each wanted key's value in the line.
 *
 * Design: a byte-level scanner for flat objects, not JSON.parse: values are located, never converted to
 * doubles, so a 19-digit nanosecond stamp or a 0.1 price stays exact, and the happy path allocates nothing.
 * A value may be a number or a string holding the same text ("45.66", "2024-01-02T14:30:00.123456789Z");
 * `null` counts as an empty field. Keys match exactly (case-sensitive); unknown keys, including nested
 * objects and arrays, are skipped. A duplicated key keeps its last value, as JSON.parse does.
 * Quarantine lines are JSON objects {"line": n, "reason": "...", "text": "<the original line>"}.
 * Limits: wanted values with backslash escapes, and wanted values that are objects, arrays or booleans,
 * are rejected; blank lines are skipped; the file is read whole into memory.
 */
import { resetScanCaches, textOf } from '../csv/scan.js';
import type { QuoteTable, TradeTable } from '../schemas.js';
import { readBytes } from './csv.js';
import { resolveTickPlan, TickRowWriter, type TickReadOptions, type TickReadResult } from './read.js';

export function readTradesJsonl(path: string, options: TickReadOptions = {}): TickReadResult<TradeTable> {
  return parseTicksJsonl(readBytes(path), path, 'trades', options) as TickReadResult<TradeTable>;
}

export function readQuotesJsonl(path: string, options: TickReadOptions = {}): TickReadResult<QuoteTable> {
  return parseTicksJsonl(readBytes(path), path, 'quotes', options) as TickReadResult<QuoteTable>;
}

const enc = new TextEncoder();

function isWs(c: number | undefined): boolean {
  return c === 32 || c === 9 || c === 13;
}

/** Index of the closing quote of a string whose opening quote is at q - 1 (-1 if none before `e`). */
function stringEnd(b: Uint8Array, q: number, e: number, esc: { seen: boolean }): number {
  for (; q < e; q++) {
    const c = b[q];
    if (c === 34) return q;
    if (c === 92) {
      esc.seen = true;
      q++;
    }
  }
  return -1;
}

/** Index just past a nested object or array starting at `p` (-1 if unbalanced before `e`). */
function skipNested(b: Uint8Array, p: number, e: number): number {
  let depth = 0;
  const esc = { seen: false };
  for (; p < e; p++) {
    const c = b[p];
    if (c === 34) {
      p = stringEnd(b, p + 1, e, esc);
      if (p < 0) return -1;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      if (--depth === 0) return p + 1;
    }
  }
  return -1;
}

export function parseTicksJsonl(
  bytes: Uint8Array,
  file: string,
  kind: 'trades' | 'quotes',
  options: TickReadOptions,
): TickReadResult<TradeTable | QuoteTable> {
  const plan = resolveTickPlan(kind, file, options, 'jsonl');
  const keys = plan.wanted.map((k) => enc.encode(k));
  const nslots = keys.length;
  const symSlot = kind === 'trades' ? 4 : 5;
  // The symbol key is read unless the `symbol` option names the file's symbol (columns.symbol forces it).
  const useSym = plan.symbol === '' || plan.explicit[symSlot]!;
  if (!useSym) keys[symSlot] = new Uint8Array(0);
  const n = bytes.length;
  let lines = 0;
  for (let k = 0; k < n; k++) if (bytes[k] === 10) lines++;
  const w = new TickRowWriter(plan, plan.wanted, lines + 1, (line, text, reason) =>
    JSON.stringify({ line, reason, text }),
  );
  resetScanCaches();
  const st = new Int32Array(nslots);
  const en = new Int32Array(nslots);
  const esc = { seen: false };
  let pos = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 0;
  lines: while (pos < n) {
    line++;
    const ls = pos;
    let le = bytes.indexOf(10, pos);
    if (le < 0) le = n;
    pos = le + 1;
    if (le > ls && bytes[le - 1] === 13) le--;
    let p = ls;
    while (p < le && isWs(bytes[p])) p++;
    if (p === le) continue;
    const bad = (at: string, detail: string): void => {
      w.rejectText(bytes, line, ls, le, at, textOf(bytes, ls, le), detail);
    };
    if (bytes[p] !== 123) {
      bad('line', 'not a JSON object');
      continue;
    }
    st.fill(-1);
    p++;
    for (;;) {
      while (p < le && isWs(bytes[p])) p++;
      if (bytes[p] === 125 && p < le) {
        p++;
        break;
      }
      if (bytes[p] !== 34 || p >= le) {
        bad('line', `malformed JSON object at column ${p - ls + 1}`);
        continue lines;
      }
      esc.seen = false;
      const ks = p + 1;
      const ke = stringEnd(bytes, ks, le, esc);
      if (ke < 0) {
        bad('line', 'unterminated key');
        continue lines;
      }
      let slot = -1;
      const klen = ke - ks;
      for (let s = 0; s < nslots && slot < 0; s++) {
        const key = keys[s]!;
        if (key.length !== klen || (s === symSlot && !useSym)) continue;
        let k = 0;
        while (k < klen && bytes[ks + k] === key[k]) k++;
        if (k === klen) slot = s;
      }
      p = ke + 1;
      while (p < le && isWs(bytes[p])) p++;
      if (bytes[p] !== 58 || p >= le) {
        bad('line', `expected ":" after key at column ${p - ls + 1}`);
        continue lines;
      }
      p++;
      while (p < le && isWs(bytes[p])) p++;
      const c = bytes[p];
      let vs = p;
      let ve: number;
      if (p >= le) {
        bad('line', 'missing value');
        continue lines;
      } else if (c === 34) {
        esc.seen = false;
        vs = p + 1;
        ve = stringEnd(bytes, vs, le, esc);
        if (ve < 0) {
          bad('line', 'unterminated string');
          continue lines;
        }
        p = ve + 1;
        if (slot >= 0 && esc.seen) {
          w.rejectText(
            bytes,
            line,
            ls,
            le,
            plan.wanted[slot]!,
            '',
            'escaped characters are not supported in this field',
          );
          continue lines;
        }
      } else if (c === 123 || c === 91) {
        ve = skipNested(bytes, p, le);
        if (ve < 0) {
          bad('line', 'unbalanced object or array');
          continue lines;
        }
        p = ve;
        if (slot >= 0) {
          w.rejectText(bytes, line, ls, le, plan.wanted[slot]!, '', 'expected a number or a string');
          continue lines;
        }
      } else {
        while (p < le && bytes[p] !== 44 && bytes[p] !== 125 && !isWs(bytes[p])) p++;
        ve = p;
        if (
          ve - vs === 4 &&
          bytes[vs] === 110 &&
          bytes[vs + 1] === 117 &&
          bytes[vs + 2] === 108 &&
          bytes[vs + 3] === 108
        )
          ve = vs; // null: an empty field
        else if (slot >= 0 && !(c === 45 || (c! >= 48 && c! <= 57))) {
          w.rejectText(
            bytes,
            line,
            ls,
            le,
            plan.wanted[slot]!,
            textOf(bytes, vs, ve),
            'expected a number or a string',
          );
          continue lines;
        }
      }
      if (slot >= 0) {
        st[slot] = vs;
        en[slot] = ve;
      }
      while (p < le && isWs(bytes[p])) p++;
      if (bytes[p] === 44 && p < le) p++;
      else if (bytes[p] !== 125 || p >= le) {
        bad('line', `expected "," or "}" at column ${p - ls + 1}`);
        continue lines;
      }
    }
    while (p < le && isWs(bytes[p])) p++;
    if (p < le) {
      bad('line', `text after the closing "}" at column ${p - ls + 1}`);
      continue;
    }
    for (let s = 0; s < nslots; s++) {
      if (st[s]! >= 0) continue;
      if (s < plan.required) {
        w.rejectText(bytes, line, ls, le, plan.wanted[s]!, '', `missing key "${plan.wanted[s]}"`);
        continue lines;
      }
      if ((s === symSlot && useSym) || plan.explicit[s]) {
        w.rejectText(bytes, line, ls, le, plan.wanted[s]!, '', `missing key "${plan.wanted[s]}"`);
        continue lines;
      }
    }
    w.row(bytes, st, en, line, ls, le);
  }
  return w.finish('');
}
