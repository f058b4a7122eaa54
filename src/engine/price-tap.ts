/**
 * The price chart of a streamed symbol (backtest.ts): its chunks are gone once the run ends, so this tap
 * keeps, as they pass, the bars merged into buckets of `span` consecutive bars — open of the first, the
 * highest high, the lowest low, close of the last, the volume summed, stamped with the first bar's time.
 * `span` is chosen from the stream's row count so that at most MAX_CHART_BARS bars are kept: the report
 * downsamples far below that anyway, so the chart shows the same ranges at a bounded memory cost
 * (48 bytes a kept bar). Prices stay integer ticks of the stream's tick.
 * Limits: a stream that does not know its row count merges a fixed DEFAULT_SPAN bars per kept bar.
 */
import { allocBarTable, growBarColumns, type BarTable } from '../data/bars.js';
import { tapChunks, type BarChunkSource } from '../data/stream/bar-stream.js';

export const MAX_CHART_BARS = 50_000;
const DEFAULT_SPAN = 64;

export class PriceTap {
  private readonly span: number;
  private readonly bars: BarTable;
  /** Bars merged into the last kept bar so far (0: none yet). */
  private filled = 0;

  constructor(private readonly source: BarChunkSource) {
    const rows = source.rowsHint;
    this.span = rows ? Math.max(1, Math.ceil(rows / MAX_CHART_BARS)) : DEFAULT_SPAN;
    this.bars = allocBarTable(source.symbol, source.tick, 1024);
  }

  add(t: BarTable): void {
    const c = this.bars; // one object: growth replaces its columns in place
    for (let i = 0; i < t.length; i++) {
      if (this.filled === 0 || this.filled === this.span) {
        if (c.length === c.tsSec.length) growBarColumns(c, 2 * c.length);
        const k = c.length++;
        c.tsSec[k] = t.tsSec[i]!;
        c.tsNsec[k] = t.tsNsec[i]!;
        c.open[k] = t.open[i]!;
        c.high[k] = t.high[i]!;
        c.low[k] = t.low[i]!;
        c.close[k] = t.close[i]!;
        c.volume[k] = t.volume[i]!;
        this.filled = 1;
        continue;
      }
      const k = c.length - 1;
      if (t.high[i]! > c.high[k]!) c.high[k] = t.high[i]!;
      if (t.low[i]! < c.low[k]!) c.low[k] = t.low[i]!;
      c.close[k] = t.close[i]!;
      c.volume[k] = c.volume[k]! + t.volume[i]!;
      this.filled++;
    }
  }

  /** The source with every chunk it hands out added here first. */
  wrap(): BarChunkSource {
    return tapChunks(this.source, (t) => this.add(t));
  }

  /** The kept bars. */
  table(): BarTable {
    return this.bars;
  }
}
