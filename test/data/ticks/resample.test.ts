// Resampling: hand-checked bars for every bar type, exact errors, and property tests of the streaming
// resampler (random chunking) against a naive reference resampler written here (BigInt ns, unit by unit).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BarResampler, resampleQuotes, resampleTrades } from '../../../src/data/resample/resample.js';
import { DataError, ConfigError } from '../../../src/core/errors.js';
import { sliceTable, type TradeTable } from '../../../src/data/schemas.js';
import { barsOf, quotes, trades } from './helpers.js';

const T0 = 1_704_205_800; // 2024-01-02T14:30:00Z
const PX = (cents: number): number => cents * 10_000_000; // 0.01 in 1e-9 units

describe('time bars from trades', () => {
  it('builds 1m OHLCV bars labelled by their start, only where trades occurred', () => {
    const t = trades([
      { sec: T0 + 5, price: PX(10000), size: 3 },
      { sec: T0 + 20, nsec: 1, price: PX(10010), size: 1 },
      { sec: T0 + 59, nsec: 999_999_999, price: PX(9990), size: 2 },
      { sec: T0 + 60, price: PX(9995), size: 4 },
      { sec: T0 + 300, price: PX(10001), size: 5 },
      { sec: T0 + 300, price: PX(10002), size: 6 },
    ]);
    const b = resampleTrades(t, { interval: '1m', tickSize: '0.01', symbol: 'ES' });
    expect(b.symbol).toBe('ES');
    expect(b.tick).toEqual({ units: 1, scale: 2 });
    expect(barsOf(b)).toEqual([
      [T0, 0, 10000, 10010, 9990, 9990, 6],
      [T0 + 60, 0, 9995, 9995, 9995, 9995, 4],
      [T0 + 300, 0, 10001, 10002, 10001, 10002, 11],
    ]);
  });

  it('supports 1s, 5m, 1h, 1d and sub-second intervals', () => {
    const t = trades([
      { sec: T0 + 3601, nsec: 250_000_000, price: PX(100), size: 1 },
      { sec: T0 + 3601, nsec: 750_000_001, price: PX(101), size: 1 },
      { sec: T0 + 3900, price: PX(102), size: 1 },
    ]);
    const starts = (interval: string): number[][] =>
      barsOf(resampleTrades(t, { interval, tickSize: '0.01' })).map((r) => [r[0]!, r[1]!, r[6]!]);
    expect(starts('1s')).toEqual([
      [T0 + 3601, 0, 2],
      [T0 + 3900, 0, 1],
    ]);
    expect(starts('500ms')).toEqual([
      [T0 + 3601, 0, 1],
      [T0 + 3601, 500_000_000, 1],
      [T0 + 3900, 0, 1],
    ]);
    expect(starts('5m')).toEqual([
      [T0 + 3600, 0, 2],
      [T0 + 3900, 0, 1],
    ]);
    expect(starts('1h')).toEqual([[T0 + 1800, 0, 3]]); // 15:00Z
    expect(starts('1d')).toEqual([[1_704_153_600, 0, 3]]); // 2024-01-02T00:00Z
  });

  it('aligns to the UTC day on request (7m bars restart at midnight)', () => {
    const day = 1_704_153_600;
    const t = trades([
      { sec: day - 60, price: PX(100), size: 1 },
      { sec: day + 30, price: PX(101), size: 1 },
    ]);
    const epoch = barsOf(resampleTrades(t, { interval: '7m', tickSize: '0.01' }));
    const aligned = barsOf(resampleTrades(t, { interval: '7m', tickSize: '0.01', align: 'utc-day' }));
    // Epoch multiples of 420 s: day is 240 s past one, so both trades share the bar starting at day - 240.
    expect(epoch.map((r) => [r[0], r[6]])).toEqual([[day - 240, 2]]);
    // Day-aligned: 86,400 = 205 x 420 + 300, so the day's last bar starts 300 s before midnight (5 minutes long).
    expect(aligned.map((r) => [r[0], r[6]])).toEqual([
      [day - 300, 1],
      [day, 1],
    ]);
  });

  it('converts 1e-9 prices exactly and names the row of an off-grid price', () => {
    const t = trades([
      { sec: T0, price: PX(100), size: 1 },
      { sec: T0 + 1, price: 1_005_000_000, size: 1 },
    ]);
    expect(() => resampleTrades(t, { interval: '1m', tickSize: '0.01', file: 'es.dbn' })).toThrow(
      new DataError(
        { file: 'es.dbn', row: 2, field: 'price', value: '1.005' },
        'price is not a multiple of the tick size 0.01',
      ),
    );
    expect(barsOf(resampleTrades(t, { interval: '1m', tickSize: '0.005' }))).toEqual([
      [T0, 0, 200, 201, 200, 201, 2],
    ]);
    // A coarser source tick converts upwards exactly.
    const cents = trades([{ sec: T0, price: 12345, size: 1 }], { units: 1, scale: 2 });
    expect(barsOf(resampleTrades(cents, { interval: '1m', tickSize: '0.001' }))[0]!.slice(2, 6)).toEqual([
      123450, 123450, 123450, 123450,
    ]);
  });

  it('rejects time going back, null values, non-positive prices and mixed instruments', () => {
    const back = trades([
      { sec: T0 + 1, price: PX(1), size: 1 },
      { sec: T0, price: PX(1), size: 1 },
    ]);
    expect(() => resampleTrades(back, { interval: '1m', tickSize: '0.01' })).toThrow(
      '<trades>:2: field "ts_event": timestamp goes back in time (previous row at 2024-01-02T14:30:01Z) (value "2024-01-02T14:30:00Z")',
    );
    const nul = trades([{ sec: T0, price: NaN, size: 1 }]);
    expect(() => resampleTrades(nul, { interval: '1m', tickSize: '0.01' })).toThrow(
      '<trades>:1: field "price": a price is required (value "null")',
    );
    const neg = trades([{ sec: T0, price: -PX(1), size: 1 }]);
    expect(() => resampleTrades(neg, { interval: '1m', tickSize: '0.01' })).toThrow(
      'price must be > 0 in a bar table (value "-0.01")',
    );
    const two = trades([
      { sec: T0, price: PX(1), size: 1, inst: 7 },
      { sec: T0, price: PX(1), size: 1, inst: 8 },
    ]);
    expect(() => resampleTrades(two, { interval: '1m', tickSize: '0.01' })).toThrow(
      '<trades>:2: field "instrumentId": a second instrument',
    );
    const r = new BarResampler('trades', { interval: '1m', tickSize: '0.01', instrumentId: 8 });
    r.feed(two);
    expect(barsOf(r.flush())).toEqual(
      [[T0 - 0, 0, 1, 1, 1, 1, 1]].map((x) => [Math.floor(T0 / 60) * 60, ...x.slice(1)]),
    );
    expect(r.counts).toEqual({ rows: 2, used: 1, skipped: 0, otherInstruments: 1, bars: 1 });
  });

  it('refuses bad options with ConfigErrors', () => {
    const t = trades([]);
    expect(() => resampleTrades(t, { interval: '1.5s', tickSize: '0.01' })).toThrow(ConfigError);
    expect(() => resampleTrades(t, { interval: '1m', volume: 5, tickSize: '0.01' })).toThrow(
      'exactly one of',
    );
    expect(() => resampleTrades(t, { volume: 2.5, tickSize: '0.01' })).toThrow(
      'volume: must be a positive integer',
    );
    expect(() => resampleTrades(t, { notional: '0.005', tickSize: '0.01' })).toThrow(
      'notional: must be a whole number of ticks',
    );
    expect(() => resampleTrades(t, { interval: '1m', tickSize: '0' })).toThrow(
      'tickSize: must be a positive decimal',
    );
  });
});

describe('volume and dollar bars', () => {
  it('splits a trade that crosses the volume threshold', () => {
    const t = trades([
      { sec: T0, price: PX(100), size: 3 },
      { sec: T0 + 1, price: PX(101), size: 10 },
      { sec: T0 + 2, price: PX(99), size: 0 },
      { sec: T0 + 3, price: PX(98), size: 2 },
    ]);
    expect(barsOf(resampleTrades(t, { volume: 5, tickSize: '0.01' }))).toEqual([
      [T0, 0, 100, 101, 100, 101, 5],
      [T0 + 1, 0, 101, 101, 101, 101, 5],
      [T0 + 1, 0, 101, 101, 98, 98, 5],
    ]);
  });

  it('closes a dollar bar on the first unit reaching the notional, the rest carries on', () => {
    // notional 250.00 = 25,000 cent-units; prices 100.00 (10,000) and 30.00 (3,000)
    const t = trades([
      { sec: T0, price: PX(10000), size: 1 },
      { sec: T0 + 1, price: PX(3000), size: 12 },
    ]);
    expect(barsOf(resampleTrades(t, { notional: 250, tickSize: '0.01' }))).toEqual([
      // 10,000 + 5 x 3,000 = 25,000: closes exactly on the 5th unit
      [T0, 0, 10000, 10000, 3000, 3000, 6],
      // 7 units left: 21,000 < 25,000, still open at the end
      [T0 + 1, 0, 3000, 3000, 3000, 3000, 7],
    ]);
    const t2 = trades([{ sec: T0, price: PX(3000), size: 20 }]);
    // ceil(25,000 / 3,000) = 9 units per bar: 9, 9, 2
    expect(barsOf(resampleTrades(t2, { notional: '250.00', tickSize: '0.01' })).map((r) => r[6])).toEqual([
      9, 9, 2,
    ]);
  });
});

describe('quote bars', () => {
  const q = quotes([
    { sec: T0, bid: PX(10000), ask: PX(10001) },
    { sec: T0 + 10, bid: PX(10002), ask: PX(10004) },
    { sec: T0 + 70, bid: PX(9999), ask: PX(10000) },
  ]);
  it('uses the mid by default, exact on half the quote tick, volume = quote count', () => {
    expect(barsOf(resampleQuotes(q, { interval: '1m', tickSize: '0.005' }))).toEqual([
      [T0, 0, 20001, 20006, 20001, 20006, 2],
      [T0 + 60, 0, 19999, 19999, 19999, 19999, 1],
    ]);
    expect(() => resampleQuotes(q, { interval: '1m', tickSize: '0.01' })).toThrow(
      '<quotes>:1: field "bid_px": price is not a multiple of the tick size 0.01 (mid with ask 100.01; for mids use half the quote tick) (value "100")',
    );
  });
  it('uses one side on request, and skips or rejects a null side', () => {
    expect(
      barsOf(resampleQuotes(q, { interval: '1m', tickSize: '0.01', price: 'ask' })).map((r) => r.slice(2, 6)),
    ).toEqual([
      [10001, 10004, 10001, 10004],
      [10000, 10000, 10000, 10000],
    ]);
    const oneSided = quotes([
      { sec: T0, bid: NaN, ask: PX(5) },
      { sec: T0 + 1, bid: PX(4), ask: PX(5) },
    ]);
    expect(() => resampleQuotes(oneSided, { interval: '1m', tickSize: '0.01', price: 'bid' })).toThrow(
      'field "bid_px": a bid price is required',
    );
    const r = new BarResampler('quotes', {
      interval: '1m',
      tickSize: '0.01',
      price: 'bid',
      onMissing: 'skip',
    });
    expect(barsOf(r.push(oneSided))).toEqual([]);
    expect(barsOf(r.flush())[0]!.slice(2)).toEqual([4, 4, 4, 4, 1]);
    expect(r.counts.skipped).toBe(1);
  });
});

// ---- property tests against a naive reference ----

interface P {
  ns: bigint;
  ticks: number;
  size: number;
}

function naiveTime(ps: P[], intervalNs: bigint, dayAlign: boolean): number[][] {
  const day = 86_400_000_000_000n;
  const out: number[][] = [];
  let key = -1n;
  for (const p of ps) {
    const origin = dayAlign ? (p.ns / day) * day : 0n;
    const start = origin + ((p.ns - origin) / intervalNs) * intervalNs;
    if (out.length === 0 || start !== key) {
      key = start;
      out.push([
        Number(start / 1_000_000_000n),
        Number(start % 1_000_000_000n),
        p.ticks,
        p.ticks,
        p.ticks,
        p.ticks,
        p.size,
      ]);
    } else {
      const b = out[out.length - 1]!;
      b[3] = Math.max(b[3]!, p.ticks);
      b[4] = Math.min(b[4]!, p.ticks);
      b[5] = p.ticks;
      b[6]! += p.size;
    }
  }
  return out;
}

/** Unit by unit: each unit joins the open bar (or opens one); the bar closes when full. */
function naiveSplit(ps: P[], threshold: number, dollar: boolean): number[][] {
  const out: number[][] = [];
  let open: number[] | null = null;
  let acc = 0;
  for (const p of ps)
    for (let u = 0; u < p.size; u++) {
      if (open === null) {
        open = [
          Number(p.ns / 1_000_000_000n),
          Number(p.ns % 1_000_000_000n),
          p.ticks,
          p.ticks,
          p.ticks,
          p.ticks,
          0,
        ];
        out.push(open);
        acc = 0;
      }
      open[3] = Math.max(open[3]!, p.ticks);
      open[4] = Math.min(open[4]!, p.ticks);
      open[5] = p.ticks;
      open[6]! += 1;
      acc += dollar ? p.ticks : 1;
      if (acc >= threshold) open = null;
    }
  return out;
}

const arbStream = fc.array(
  fc.record({
    gapNs: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 1, max: 2_000_000_000 }),
      fc.integer({ min: 1, max: 200 }).map((s) => s * 1e9 + 7),
    ),
    ticks: fc.integer({ min: 1, max: 3000 }),
    size: fc.integer({ min: 0, max: 25 }),
  }),
  { maxLength: 200 },
);

function build(rows: { gapNs: number; ticks: number; size: number }[]): { t: TradeTable; ps: P[] } {
  let ns = BigInt(T0 - 3600 * 7) * 1_000_000_000n + 123n;
  const ps: P[] = rows.map((r) => ((ns += BigInt(r.gapNs)), { ns, ticks: r.ticks, size: r.size }));
  const t = trades(
    ps.map((p) => ({
      sec: Number(p.ns / 1_000_000_000n),
      nsec: Number(p.ns % 1_000_000_000n),
      price: p.ticks * 10_000_000,
      size: p.size,
    })),
  );
  return { t, ps };
}

function streamed(
  t: TradeTable,
  cuts: number[],
  opts: ConstructorParameters<typeof BarResampler>[1],
  check?: (bars: number[][], lastNs: bigint) => void,
): number[][] {
  const r = new BarResampler('trades', opts);
  const points = [...new Set(cuts.map((c) => c % (t.length + 1)))].sort((a, b) => a - b);
  const out: number[][] = [];
  let from = 0;
  for (const to of [...points, t.length]) {
    if (to < from) continue;
    const chunk = sliceTable(t, from, to);
    const got = barsOf(r.push(chunk));
    if (check && to > 0)
      check(got, BigInt(t.tsEventSec[to - 1]!) * 1_000_000_000n + BigInt(t.tsEventNsec[to - 1]!));
    out.push(...got);
    from = to;
  }
  out.push(...barsOf(r.flush()));
  return out;
}

describe('properties: streaming resampler = naive reference', () => {
  it('time bars, any chunking; emitted bars are closed by a later trade', () => {
    const intervals: [string, bigint][] = [
      ['1s', 1_000_000_000n],
      ['250ms', 250_000_000n],
      ['1m', 60_000_000_000n],
      ['7m', 420_000_000_000n],
      ['1h', 3_600_000_000_000n],
      ['1d', 86_400_000_000_000n],
    ];
    fc.assert(
      fc.property(
        arbStream,
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom(...intervals),
        fc.boolean(),
        (rows, cuts, [iv, ivNs], dayAlign) => {
          const { t, ps } = build(rows);
          const opts = {
            interval: iv,
            tickSize: '0.01',
            align: dayAlign ? ('utc-day' as const) : ('epoch' as const),
          };
          const check = (bars: number[][], lastNs: bigint): void => {
            // Lookahead-free: an emitted bar started before the latest trade's bar, so no later trade can change it.
            for (const b of bars)
              expect(BigInt(b[0]!) * 1_000_000_000n + BigInt(b[1]!)).toBeLessThanOrEqual(lastNs);
          };
          const got = streamed(t, cuts, opts, check);
          expect(got).toEqual(naiveTime(ps, ivNs, dayAlign));
          expect(barsOf(resampleTrades(t, opts))).toEqual(got);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('volume and dollar bars, any chunking', () => {
    fc.assert(
      fc.property(
        arbStream,
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 60_000 }),
        (rows, cuts, vol, notional) => {
          const { t, ps } = build(rows);
          expect(streamed(t, cuts, { volume: vol, tickSize: '0.01' })).toEqual(naiveSplit(ps, vol, false));
          expect(streamed(t, cuts, { notional: notional / 100, tickSize: '0.01' })).toEqual(
            naiveSplit(ps, notional, true),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
