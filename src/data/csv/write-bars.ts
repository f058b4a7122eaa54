/**
 * Writes BarTables as generic OHLCV CSV: `timestamp,open,high,low,close,volume`, or
 * `timestamp,symbol,open,high,low,close,volume` when several symbols share the file (rows merged in time
 * order, ties in table order).
 *
 * Text is exactly what formatIso (UTC timestamps) and formatScaled (prices at the table's tick) produce,
 * but it is formatted straight into a byte buffer and flushed with fs.writeSync in 1 MiB chunks: building
 * one string per value would cost several times more for million-row files. Volumes are written as the
 * shortest text that reads back to the same double.
 * Invariants: what readBarsCsv reads back is identical column for column (prices at the same tick when
 * the table's tick is a power of ten, or with an explicit tickSize equal to the table's tick).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { pow10 } from '../../core/decimal.js';
import { UsageError } from '../../core/errors.js';
import { formatDay, SECONDS_PER_DAY } from '../../core/time.js';
import type { BarTable } from '../bars.js';

const CHUNK = 1 << 20;
const encoder = new TextEncoder();

class ByteWriter {
  private buf = new Uint8Array(CHUNK);
  private pos = 0;
  private readonly digits = new Uint8Array(24);
  private cachedDay = NaN;
  private readonly dayBytes = new Uint8Array(16);
  private dayLen = 0;

  constructor(private readonly fd: number) {}

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    if (this.pos + n > this.buf.length) {
      this.flush();
      if (n > this.buf.length) this.buf = new Uint8Array(n);
    }
  }

  flush(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.buf, off, this.pos - off);
    this.pos = 0;
  }

  byte(c: number): void {
    this.buf[this.pos++] = c;
  }

  bytes(b: Uint8Array): void {
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A non-negative safe integer in decimal. Small values take 32-bit integer division (much cheaper). */
  uint(v: number): void {
    if (v < 10) {
      this.buf[this.pos++] = 48 + v;
      return;
    }
    let k = 0;
    while (v >= 2147483648) {
      const q = Math.floor(v / 10);
      this.digits[k++] = 48 + (v - q * 10);
      v = q;
    }
    let x = v | 0;
    while (x > 0) {
      const q = (x / 10) | 0;
      this.digits[k++] = 48 + (x - q * 10);
      x = q;
    }
    while (k > 0) this.buf[this.pos++] = this.digits[--k]!;
  }

  /** Exactly `width` digits of v (0 <= v < 10^width). */
  fixed(v: number, width: number): void {
    let k = width - 1;
    for (; k >= 0 && v >= 2147483648; k--) {
      const q = Math.floor(v / 10);
      this.buf[this.pos + k] = 48 + (v - q * 10);
      v = q;
    }
    let x = v | 0;
    for (; k >= 0; k--) {
      const q = (x / 10) | 0;
      this.buf[this.pos + k] = 48 + (x - q * 10);
      x = q;
    }
    this.pos += width;
  }

  /** units / 10^scale as formatScaled writes it (no trailing fractional zeros). */
  scaled(units: number, scale: number, p10: number): void {
    if (units < 0) {
      this.byte(45);
      units = -units;
    }
    const ip = Math.floor(units / p10);
    let frac = units - ip * p10;
    this.uint(ip);
    if (frac === 0) return;
    this.byte(46);
    let width = scale;
    if (frac < 2147483648) {
      let f = frac | 0;
      while (f % 10 === 0) {
        f = (f / 10) | 0;
        width--;
      }
      frac = f;
    } else
      while (frac % 10 === 0) {
        frac /= 10;
        width--;
      }
    this.fixed(frac, width);
  }

  /** formatIso(sec, nsec). */
  iso(sec: number, nsec: number): void {
    const days = Math.floor(sec / SECONDS_PER_DAY);
    if (days !== this.cachedDay) {
      const text = encoder.encode(formatDay(days) + 'T');
      this.dayBytes.set(text);
      this.dayLen = text.length;
      this.cachedDay = days;
    }
    this.bytes(this.dayBytes.subarray(0, this.dayLen));
    let rem = sec - days * SECONDS_PER_DAY;
    const hh = Math.floor(rem / 3600);
    rem -= hh * 3600;
    const mm = Math.floor(rem / 60);
    this.fixed(hh, 2);
    this.byte(58);
    this.fixed(mm, 2);
    this.byte(58);
    this.fixed(rem - mm * 60, 2);
    if (nsec !== 0) {
      this.byte(46);
      if (nsec % 1_000_000 === 0) this.fixed(nsec / 1_000_000, 3);
      else if (nsec % 1000 === 0) this.fixed(nsec / 1000, 6);
      else this.fixed(nsec, 9);
    }
    this.byte(90);
  }

  number(v: number): void {
    if (Number.isSafeInteger(v) && v >= 0) this.uint(v);
    else this.bytes(encoder.encode(String(v)));
  }
}

export interface WriteBarsCsvOptions {
  /** Write a symbol column; default: only when more than one table is written. */
  symbolColumn?: boolean;
}

export function writeBarsCsv(path: string, tables: BarTable[], opts: WriteBarsCsvOptions = {}): void {
  const withSymbol = opts.symbolColumn ?? tables.length > 1;
  if (!withSymbol && tables.length > 1)
    throw new UsageError(`writeBarsCsv ${path}: ${tables.length} tables in one file need a symbol column`);
  const fd = openSync(path, 'w');
  try {
    const w = new ByteWriter(fd);
    w.bytes(
      encoder.encode(
        withSymbol
          ? 'timestamp,symbol,open,high,low,close,volume\n'
          : 'timestamp,open,high,low,close,volume\n',
      ),
    );
    const symBytes = tables.map((t) => encoder.encode(t.symbol + ','));
    const units = tables.map((t) => t.tick.units);
    const p10 = tables.map((t) => pow10(t.tick.scale));
    const order = new MergeOrder(tables);
    for (let k = order.next(); k >= 0; k = order.next()) {
      const t = tables[k]!;
      const i = order.row;
      const u = units[k]!;
      const p = p10[k]!;
      const sc = t.tick.scale;
      w.reserve(256 + symBytes[k]!.length);
      w.iso(t.tsSec[i]!, t.tsNsec[i]!);
      w.byte(44);
      if (withSymbol) w.bytes(symBytes[k]!);
      w.scaled(t.open[i]! * u, sc, p);
      w.byte(44);
      w.scaled(t.high[i]! * u, sc, p);
      w.byte(44);
      w.scaled(t.low[i]! * u, sc, p);
      w.byte(44);
      w.scaled(t.close[i]! * u, sc, p);
      w.byte(44);
      w.number(t.volume[i]!);
      w.byte(10);
    }
    w.flush();
  } finally {
    closeSync(fd);
  }
}

/**
 * Yields (table, row) pairs in (time, table index) order: a binary heap of table cursors. One table is
 * the common case and never touches the heap.
 */
class MergeOrder {
  row = -1;
  private readonly heap: number[] = [];
  private readonly cursor: Int32Array;
  private single: number;

  constructor(private readonly tables: BarTable[]) {
    this.cursor = new Int32Array(tables.length);
    this.single = tables.length === 1 ? 0 : -1;
    if (this.single < 0) tables.forEach((t, k) => t.length > 0 && this.push(k));
  }

  next(): number {
    if (this.single === 0) {
      const t = this.tables[0]!;
      if (++this.row < t.length) return 0;
      return -1;
    }
    if (this.heap.length === 0) return -1;
    const k = this.heap[0]!;
    this.row = this.cursor[k]!++;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    if (this.cursor[k]! < this.tables[k]!.length) this.push(k);
    return k;
  }

  private less(a: number, b: number): boolean {
    const ta = this.tables[a]!;
    const tb = this.tables[b]!;
    const ia = this.cursor[a]!;
    const ib = this.cursor[b]!;
    const sa = ta.tsSec[ia]!;
    const sb = tb.tsSec[ib]!;
    if (sa !== sb) return sa < sb;
    const na = ta.tsNsec[ia]!;
    const nb = tb.tsNsec[ib]!;
    if (na !== nb) return na < nb;
    return a < b;
  }

  private push(k: number): void {
    const h = this.heap;
    h.push(k);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
