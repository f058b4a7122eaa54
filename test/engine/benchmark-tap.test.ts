// The benchmark tap of a streamed symbol (src/engine/benchmark-tap.ts): it keeps the last bar of each
// equity bucket (every bar when equity is sampled per timestamp), across chunk boundaries.
import { describe, expect, it } from 'vitest';
import { tableChunks } from '../../src/data/stream/bar-stream.js';
import { generateSynthBars } from '../../src/data/synth/bars.js';
import { BenchmarkTap } from '../../src/engine/benchmark-tap.js';

const [bars] = generateSynthBars({ symbols: ['AAA'], bars: 500, freq: '15m', start: '2022-03-01', seed: 3 });

async function tapped(intervalSec: number, chunkRows: number): Promise<ReturnType<BenchmarkTap['table']>> {
  const tap = new BenchmarkTap(tableChunks(bars!, chunkRows), intervalSec);
  const src = tap.wrap();
  while ((await src.next()) !== null);
  return tap.table();
}

describe('benchmark tap', () => {
  it('keeps the last bar of each hour, whatever the chunking', async () => {
    const want: number[] = [];
    for (let i = 0; i < bars!.length; i++)
      if (
        i + 1 === bars!.length ||
        Math.floor(bars!.tsSec[i + 1]! / 3600) !== Math.floor(bars!.tsSec[i]! / 3600)
      )
        want.push(i);
    expect(want.length).toBeLessThan(bars!.length / 2);
    for (const rows of [1, 3, 64, 500]) {
      const t = await tapped(3600, rows);
      expect(Array.from(t.tsSec), `chunks of ${rows}`).toEqual(want.map((i) => bars!.tsSec[i]));
      expect(Array.from(t.close), `chunks of ${rows}`).toEqual(want.map((i) => bars!.close[i]));
    }
  });

  it('keeps every bar when equity is sampled at every timestamp', async () => {
    const t = await tapped(0, 7);
    expect(t.length).toBe(bars!.length);
    expect(Array.from(t.close)).toEqual(Array.from(bars!.close.subarray(0, bars!.length)));
    expect([t.symbol, t.tick]).toEqual([bars!.symbol, bars!.tick]);
  });
});
