/**
 * Seeded input mutations for fuzzing the readers (DBN, CSV, JSONL, Parquet, Arrow), used by the quick fuzz
 * tests and the long-running scripts (scripts/fuzz-*.js): `mutate` works on raw bytes (flips, truncation,
 * duplicated slices, extreme 32-bit words, small length bytes, inserted garbage); `mutateText` works on
 * lines and fields of text formats (delimiters, quotes, signs, exponents, huge numbers, non-ASCII,
 * duplicated, swapped, joined or cut lines) so that mutated CSV still reaches the row parser.
 * Also the small valid seed files of the text targets (trades / quotes CSV and JSONL, Yahoo bars).
 * Invariants: deterministic for a given Rng state (core/rng.ts), so a failing case is reproducible from
 * the seed and the case index; inputs are never modified in place.
 */
import { Rng } from '../../src/core/rng.js';

export function mutate(src: Uint8Array, rng: Rng): Uint8Array {
  let b = src.slice();
  const rounds = 1 + rng.int(4);
  for (let k = 0; k < rounds; k++) {
    const at = b.length === 0 ? 0 : rng.int(b.length);
    switch (rng.int(6)) {
      case 0: // flip bytes
        for (let j = 0; j < 1 + rng.int(4) && at + j < b.length; j++) b[at + j] = rng.int(256);
        break;
      case 1: // truncate
        b = b.subarray(0, at);
        break;
      case 2: {
        // duplicate a slice
        const len = rng.int(64);
        const out = new Uint8Array(b.length + len);
        out.set(b.subarray(0, at));
        out.set(b.subarray(at, at + len), at);
        out.set(b.subarray(at), at + Math.min(len, b.length - at));
        b = out.subarray(0, b.length + Math.min(len, b.length - at));
        break;
      }
      case 3: // extreme values in a 32-bit word
        if (at + 4 <= b.length)
          new DataView(b.buffer, b.byteOffset).setUint32(at, [0, 0xffffffff, 0x7fffffff][rng.int(3)]!, true);
        break;
      case 4: // a small length byte
        if (b.length) b[at] = rng.int(8);
        break;
      default: {
        // insert garbage
        const len = 1 + rng.int(16);
        const out = new Uint8Array(b.length + len);
        out.set(b.subarray(0, at));
        for (let j = 0; j < len; j++) out[at + j] = rng.int(256);
        out.set(b.subarray(at), at + len);
        b = out;
      }
    }
  }
  return b;
}

// prettier-ignore
/** Fragments that exercise the text scanners: separators, quoting, numeric edge cases, odd bytes. */
const TOKENS = [
  ',', ';', '"', '""', '\r', '\n', '\t', ' ', '-', '+', '.', '..', 'e', 'E5', 'e-400', '1e400', '0',
  '00', '9', '99999999999999999999999', '0.0000000001', '-0', 'NaN', 'Infinity', 'null', 'nul', 'true',
  '{', '}', '[', ']', ':', '\\', '\\"', 'T', 'Z', '+25:00', '9999-99-99', '1677-09-21', '2262-04-12',
  '\u00e9', '\u{1F600}', '\uFEFF', '\u0000', 'buy', 'B', 'A', 'N', '\u00ff\u00fe',
];

/** A line-and-field aware mutation of a text file (raw byte mutation now and then). */
export function mutateText(src: Uint8Array, rng: Rng): Uint8Array {
  if (rng.int(8) === 0) return mutate(src, rng);
  // latin1 maps bytes 1:1 to chars, so positions stay byte positions and odd bytes survive.
  let s = Buffer.from(src.buffer, src.byteOffset, src.byteLength).toString('latin1');
  const rounds = 1 + rng.int(3);
  for (let k = 0; k < rounds; k++) {
    const lines = s.split('\n');
    const li = rng.int(lines.length);
    const line = lines[li]!;
    const at = rng.int(line.length + 1);
    const token = Buffer.from(TOKENS[rng.int(TOKENS.length)]!, 'utf8').toString('latin1');
    switch (rng.int(8)) {
      case 0: // replace a character
        lines[li] = line.slice(0, at) + token + line.slice(at + 1);
        break;
      case 1: // insert a token
        lines[li] = line.slice(0, at) + token + line.slice(at);
        break;
      case 2: // delete a span
        lines[li] = line.slice(0, at) + line.slice(at + 1 + rng.int(6));
        break;
      case 3: // duplicate a line
        lines.splice(li, 0, line);
        break;
      case 4: {
        // swap two lines
        const lj = rng.int(lines.length);
        [lines[li], lines[lj]] = [lines[lj]!, line];
        break;
      }
      case 5: // join a line with the next
        if (li + 1 < lines.length) lines.splice(li, 2, line + lines[li + 1]);
        break;
      case 6: // change one digit (same shape, different value)
        lines[li] = line.replace(/\d/g, (d, i: number) => (i === at ? String(rng.int(10)) : d));
        break;
      default: // cut the file
        lines.length = li + 1;
        lines[li] = line.slice(0, at);
    }
    s = lines.join('\n');
  }
  return new Uint8Array(Buffer.from(s, 'latin1'));
}

const ISO = (rng: Rng, i: number): string =>
  new Date(Date.UTC(2024, 0, 2, 14, 30) + i * 997)
    .toISOString()
    .replace('Z', `${rng.int(1e6)}`.padStart(6, '0') + 'Z');

/** A small valid trades or quotes file, CSV with a header or JSONL, for the text fuzz targets. */
export function seedTickText(kind: 'trades' | 'quotes', json: boolean): Uint8Array {
  const rng = new Rng(kind === 'trades' ? 11 : 12);
  const head =
    kind === 'trades' ? 'timestamp,price,size,side,symbol' : 'timestamp,bid_px,ask_px,bid_sz,ask_sz,symbol';
  const lines = json ? [] : [head];
  for (let i = 0; i < 24; i++) {
    const sym = ['AAPL', 'MSFT', 'X'][rng.int(3)]!;
    const px = (100 + rng.int(5000) / 100).toFixed(2);
    const values =
      kind === 'trades'
        ? [ISO(rng, i), px, String(1 + rng.int(500)), 'BAN'[rng.int(3)]!, sym]
        : [
            ISO(rng, i),
            px,
            (Number(px) + 0.01).toFixed(2),
            String(1 + rng.int(900)),
            String(1 + rng.int(900)),
            sym,
          ];
    if (!json) lines.push(values.join(','));
    else {
      const keys = head.split(',');
      lines.push(
        '{' +
          keys
            .map(
              (k, j) => `"${k}":${j === 0 || k === 'side' || k === 'symbol' ? `"${values[j]}"` : values[j]}`,
            )
            .join(',') +
          '}',
      );
    }
  }
  return new Uint8Array(Buffer.from(lines.join('\n') + '\n'));
}

/** A small valid Yahoo-format daily bar CSV. */
export function seedYahooCsv(): Uint8Array {
  const rows = ['2020-01-02,10.5,11,10,10.75,10.7,1200', '2020-01-03,10.75,12.25,10.5,12,11.9,900'];
  rows.push('2020-01-06,12,12,11,11.5,11.4,0');
  return new Uint8Array(Buffer.from(`Date,Open,High,Low,Close,Adj Close,Volume\n${rows.join('\n')}\n`));
}
