/**
 * Two timeframes and a microstructure filter on 1-minute bars.
 * - Trend (1 hour): EMA(`trend`) of hourly closes, bound to the closed hourly bars; the trend is up while
 *   the latest closed hour's close is above it.
 * - Entry (5 minutes): when a 5-minute bar closes above its EMA(`signal`) and the hourly trend is up, go long
 *   `size` — unless order flow looks toxic: VPIN (bulk volume classification over the 1-minute bars,
 *   buckets of `bucket_volume`) at or above `max_vpin` blocks new entries.
 * - Exit: a 5-minute close below its EMA, or the hourly trend turning down.
 * Higher-timeframe bars are visible only once closed (ctx.timeframe), so nothing here looks ahead.
 */
import { EMA, Strategy, VPIN, type BarView, type TimeframeBars } from 'hindsight';

interface Params {
  trend: number;
  signal: number;
  size: number;
  bucket_volume: number;
  max_vpin: number;
}

export default class MultiTimeframe extends Strategy<Params> {
  private hour: TimeframeBars[] = [];
  private five: TimeframeBars[] = [];
  private trend: EMA[] = [];
  private signal: EMA[] = [];
  private vpin: VPIN[] = [];

  override onStart(): void {
    const p = this.params;
    for (const sym of this.ctx.symbols) {
      const hour = this.ctx.timeframe(sym, '1h');
      const five = this.ctx.timeframe(sym, '5m');
      this.hour.push(hour);
      this.five.push(five);
      this.trend.push(this.ctx.indicator(hour, new EMA(p.trend)));
      this.signal.push(this.ctx.indicator(five, new EMA(p.signal)));
      this.vpin.push(new VPIN({ bucketVolume: p.bucket_volume, buckets: 50 }));
    }
  }

  override onBar(bar: BarView): void {
    const i = bar.instrument.id;
    const vpin = this.vpin[i]!;
    vpin.update(bar.close, bar.volume);
    const five = this.five[i]!;
    if (!five.justClosed) return;
    const trend = this.trend[i]!;
    const signal = this.signal[i]!;
    if (!trend.isReady || !signal.isReady) return;
    const trendUp = this.hour[i]!.close > trend.value;
    const position = this.ctx.position(bar.symbol);
    if (position === 0) {
      const calm = vpin.isReady && vpin.value < this.params.max_vpin;
      if (trendUp && calm && five.close > signal.value) this.ctx.targetPosition(bar.symbol, this.params.size);
    } else if (!trendUp || five.close < signal.value) this.ctx.targetPosition(bar.symbol, 0);
  }
}
