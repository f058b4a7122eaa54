import { describe, expect, it } from 'vitest';
import { backtest } from '../../src/index.js';
import { generateSynthBars } from '../../src/data/synth/bars.js';
import { sliceBarTable, type BarTable } from '../../src/data/bars.js';
import { SMA } from '../../src/indicators/sma.js';
import { Strategy } from '../../src/strategy/strategy.js';
import type { BarView } from '../../src/strategy/bar-view.js';
import type { TimeframeBars } from '../../src/strategy/timeframe.js';

/** Records, at every base bar, what the 5-minute and 1-hour views and a bound SMA show. */
class MultiFrame extends Strategy {
  m5!: TimeframeBars;
  h1!: TimeframeBars;
  sma5 = new SMA(3);
  sma1 = new SMA(4);
  seen: {
    t: number;
    n5: number;
    last5: number[] | null;
    n1: number;
    close1: number;
    sma5: number;
    sma1: number;
    closed5: boolean;
  }[] = [];
  override onStart(): void {
    this.m5 = this.ctx.timeframe('AAA', '5m');
    this.h1 = this.ctx.timeframe('AAA', '1h', { base: '1m', history: 5 });
    this.ctx.indicator(this.m5, this.sma5);
    this.ctx.indicator('AAA', this.sma1, 'hl2');
  }
  override onBar(bar: BarView): void {
    const m = this.m5;
    this.seen.push({
      t: bar.tsSec,
      n5: m.length,
      last5: m.length
        ? [
            m.timeAt(0) as unknown as number,
            m.openAt(0),
            m.highAt(0),
            m.lowAt(0),
            m.closeAt(0),
            m.volumeAt(0),
          ]
        : null,
      n1: this.h1.length,
      close1: this.h1.close,
      sma5: this.sma5.value,
      sma1: this.sma1.value,
      closed5: m.justClosed,
    });
  }
}

/** Naive reference: the higher bars visible at base bar i, from the whole table, by the stated rule. */
function visibleBars(t: BarTable, i: number, n: number, base: number) {
  const now = t.tsSec[i]!;
  const cur = Math.floor(now / n);
  const buckets = new Map<number, number[]>();
  for (let r = 0; r <= i; r++) {
    const k = Math.floor(t.tsSec[r]! / n);
    const closed = (k + 1) * n <= now + base || k < cur;
    if (!closed) continue;
    const rows = buckets.get(k) ?? [];
    rows.push(r);
    buckets.set(k, rows);
  }
  const price = (x: number) => x / 100;
  return [...buckets.entries()].map(([k, rows]) => ({
    start: k * n,
    open: price(t.open[rows[0]!]!),
    high: Math.max(...rows.map((r) => price(t.high[r]!))),
    low: Math.min(...rows.map((r) => price(t.low[r]!))),
    close: price(t.close[rows.at(-1)!]!),
    volume: rows.reduce((s, r) => s + t.volume[r]!, 0),
  }));
}

function withGaps(t: BarTable): BarTable {
  // Drop every 7th and every 13th bar: some 5-minute buckets lose their last bar, some their first.
  const keep = [...Array(t.length).keys()].filter((i) => i % 7 !== 3 && i % 13 !== 4);
  const out = sliceBarTable(t, 0, keep.length);
  for (const col of ['tsSec', 'tsNsec', 'open', 'high', 'low', 'close', 'volume'] as const)
    keep.forEach((r, j) => ((out[col] as Float64Array)[j] = t[col][r]!));
  return out;
}

describe('higher timeframes in a strategy', () => {
  for (const [label, make] of [
    ['regular 1-minute bars', (t: BarTable) => t],
    ['1-minute bars with gaps', withGaps],
  ] as const)
    it(`show exactly the closed higher bars at every base bar, never a forming one (${label})`, async () => {
      const [raw] = generateSynthBars({
        symbols: ['AAA'],
        bars: 600,
        freq: '1m',
        start: '2022-03-01T09:00:00Z',
        seed: 5,
      });
      const t = make(raw!);
      const s = new MultiFrame();
      await backtest({ bars: [t], strategy: s, config: { log_level: 'silent' } });
      expect(s.seen.length).toBe(t.length);
      const sma = new SMA(3);
      let fed = 0;
      for (let i = 0; i < t.length; i++) {
        const ref = visibleBars(t, i, 300, 60);
        const got = s.seen[i]!;
        expect(got.n5, `bar ${i}: number of closed 5m bars`).toBe(ref.length);
        if (ref.length) {
          const r = ref.at(-1)!;
          expect(got.last5!.slice(1), `bar ${i}: latest closed 5m bar`).toEqual([
            r.open,
            r.high,
            r.low,
            r.close,
            r.volume,
          ]);
          expect(got.last5![0], `bar ${i}: its start`).toBe(
            new Date(r.start * 1000).toISOString().replace('.000Z', 'Z'),
          );
        }
        expect(got.closed5, `bar ${i}: justClosed`).toBe(ref.length > (i ? s.seen[i - 1]!.n5 : 0));
        while (fed < ref.length) sma.update(ref[fed++]!.close);
        expect(got.sma5, `bar ${i}: SMA(3) bound to 5m closes`).toBe(sma.value);
        const h = visibleBars(t, i, 3600, 60);
        expect(got.n1, `bar ${i}: closed 1h bars`).toBe(h.length);
        expect(got.close1, `bar ${i}: latest 1h close`).toBe(h.length ? h.at(-1)!.close : NaN);
      }
      const hl2 = new SMA(4);
      for (let i = 0; i < t.length; i++) hl2.update((t.high[i]! / 100 + t.low[i]! / 100) / 2);
      expect(s.seen.at(-1)!.sma1, 'SMA bound to base bars on (high+low)/2').toBe(hl2.value);
    });

  it('reject a timeframe that is not a multiple of the base interval, and reading past the kept history', async () => {
    const [t] = generateSynthBars({ symbols: ['AAA'], bars: 50, freq: '1m', start: '2022-03-01', seed: 1 });
    class Bad extends Strategy {
      override onStart(): void {
        this.ctx.timeframe('AAA', '90s');
      }
    }
    await expect(
      backtest({ bars: [t!], strategy: new Bad(), config: { log_level: 'silent' } }),
    ).rejects.toThrow(/timeframe\(AAA\): 90s is not a whole multiple of the base interval \(60s\)/);
    class Deep extends Strategy {
      tf!: TimeframeBars;
      override onStart(): void {
        this.tf = this.ctx.timeframe('AAA', '5m', { history: 2 });
      }
      override onBar(): void {
        if (this.tf.length === 4) this.tf.closeAt(2);
      }
    }
    await expect(
      backtest({ bars: [t!], strategy: new Deep(), config: { log_level: 'silent' } }),
    ).rejects.toThrow(/AAA 300s bars: no closed bar 2 bars ago \(2 readable\)/);
  });
});
