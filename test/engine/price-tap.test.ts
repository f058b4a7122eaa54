// A streamed symbol's price chart: the tap keeps the bars merged by `span` consecutive rows (open of the
// first, max high, min low, close of the last, volume summed, the first bar's time), whatever the chunking,
// and a run with the report on hands those bars on, where a whole load hands on its table.
import { describe, expect, it } from 'vitest';
import { generateSynthBars } from '../../src/data/synth/bars.js';
import { tableChunks } from '../../src/data/stream/bar-stream.js';
import { runConfig, validateConfig } from '../../src/index.js';
import { Strategy } from '../../src/strategy/strategy.js';
import { MAX_CHART_BARS, PriceTap } from '../../src/engine/price-tap.js';
import type { BarTable } from '../../src/data/bars.js';

/** A strategy that only watches. */
class Idle extends Strategy {}

function naiveMerge(t: BarTable, span: number) {
  const out: number[][] = [];
  for (let i = 0; i < t.length; i += span) {
    const end = Math.min(t.length, i + span);
    let hi = -Infinity;
    let lo = Infinity;
    let vol = 0;
    for (let k = i; k < end; k++) {
      hi = Math.max(hi, t.high[k]!);
      lo = Math.min(lo, t.low[k]!);
      vol += t.volume[k]!;
    }
    out.push([t.tsSec[i]!, t.tsNsec[i]!, t.open[i]!, hi, lo, t.close[end - 1]!, vol]);
  }
  return out;
}

function rowsOf(t: BarTable) {
  return Array.from({ length: t.length }, (_, k) => [
    t.tsSec[k]!,
    t.tsNsec[k]!,
    t.open[k]!,
    t.high[k]!,
    t.low[k]!,
    t.close[k]!,
    t.volume[k]!,
  ]);
}

describe('PriceTap', () => {
  const [big] = generateSynthBars({
    symbols: ['AAA'],
    bars: 2 * MAX_CHART_BARS + 7,
    freq: '1m',
    start: '2021-01-04',
    seed: 3,
  });

  it('merges consecutive bars so that at most MAX_CHART_BARS are kept, the same for any chunking', async () => {
    const span = Math.ceil(big!.length / MAX_CHART_BARS);
    expect(span, 'this input needs merging').toBe(3);
    const want = naiveMerge(big!, span);
    for (const rows of [1, 7, 4096]) {
      const src = tableChunks(big!, rows);
      const tap = new PriceTap(src);
      const wrapped = tap.wrap();
      while ((await wrapped.next()) !== null);
      const got = tap.table();
      expect(got.length).toBeLessThanOrEqual(MAX_CHART_BARS);
      // One string per table: a structural diff of 40 k rows would be too large to print.
      expect(JSON.stringify(rowsOf(got)) === JSON.stringify(want), `${rows}-row chunks`).toBe(true);
    }
  });

  it('a streamed run with the report on hands its bars on for the price chart', async () => {
    const [a] = generateSynthBars({ symbols: ['AAA'], bars: 3000, freq: '1m', start: '2021-01-04', seed: 5 });
    const run = async (report: boolean) => {
      const cfg = validateConfig(
        { backtest: { log_level: 'silent', output: { report } }, strategy: { params: {} } },
        process.cwd(),
        true,
      );
      return runConfig(cfg, { streams: [tableChunks(a!, 333)], strategies: [new Idle()] });
    };
    const on = await run(true);
    expect(on.bars.map((t) => t.symbol)).toEqual(['AAA']);
    expect(rowsOf(on.bars[0]!), 'under MAX_CHART_BARS rows: every bar as it was').toEqual(rowsOf(a!));
    expect((await run(false)).bars, 'report off: nothing kept').toEqual([]);
  });
});
