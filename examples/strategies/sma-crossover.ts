/**
 * SMA crossover: long `size` when the fast SMA of closes crosses above the slow one, flat when it crosses
 * below. Orders are market orders; at bar level they fill at the next bar's open. Works on any number of
 * symbols (each has its own pair of averages).
 */
import { CrossOver, SMA, Strategy, type BarView } from 'hindsight';

interface Params {
  fast: number;
  slow: number;
  size: number;
}

function positiveInt(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new Error(`params.${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

export default class SmaCrossover extends Strategy<Params> {
  private fast: SMA[] = [];
  private slow: SMA[] = [];
  private cross: CrossOver[] = [];
  private size = 0;

  override onStart(): void {
    const fast = positiveInt(this.params.fast, 'fast');
    const slow = positiveInt(this.params.slow, 'slow');
    if (fast >= slow) throw new Error(`params.fast (${fast}) must be below params.slow (${slow})`);
    this.size = positiveInt(this.params.size, 'size');
    for (let i = 0; i < this.ctx.symbols.length; i++) {
      this.fast.push(new SMA(fast));
      this.slow.push(new SMA(slow));
      this.cross.push(new CrossOver());
    }
  }

  override onBar(bar: BarView): void {
    const i = bar.instrument.id;
    const close = bar.close;
    const signal = this.cross[i]!.update(this.fast[i]!.update(close), this.slow[i]!.update(close));
    if (signal > 0) this.ctx.targetPosition(bar.symbol, this.size);
    else if (signal < 0) this.ctx.targetPosition(bar.symbol, 0);
  }
}
