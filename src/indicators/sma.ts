/**
 * Simple moving average, streaming and batch (DESIGN.md §7 contract: update, value, isReady, warmup,
 * reset; NaN until warm).
 *
 * Exactness: the window sum is kept with Neumaier compensation (sum + correction term), so it does not
 * drift over millions of updates; the value is (sum + correction) / period.
 * Allocation-free after construction; O(1) per update.
 */
export class SMA {
  readonly warmup: number;
  private readonly ring: Float64Array;
  private pos = 0;
  private count = 0;
  private sum = 0;
  private comp = 0;
  value = NaN;

  constructor(readonly period: number) {
    if (!Number.isInteger(period) || period < 1)
      throw new RangeError(`SMA period must be a positive integer, got ${period}`);
    this.warmup = period;
    this.ring = new Float64Array(period);
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(x: number): number {
    if (!Number.isFinite(x)) throw new RangeError(`SMA(${this.period}).update: input is not finite: ${x}`);
    const old = this.ring[this.pos]!;
    this.ring[this.pos] = x;
    this.pos = this.pos + 1 === this.period ? 0 : this.pos + 1;
    this.add(x);
    if (this.count >= this.period) this.add(-old);
    else this.count++;
    this.value = this.count >= this.period ? (this.sum + this.comp) / this.period : NaN;
    return this.value;
  }

  private add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.comp += this.sum - t + x;
    else this.comp += x - t + this.sum;
    this.sum = t;
  }

  reset(): void {
    this.ring.fill(0);
    this.pos = 0;
    this.count = 0;
    this.sum = 0;
    this.comp = 0;
    this.value = NaN;
  }

  /** Batch twin: out[i] = SMA at row i (NaN during warm-up). Same arithmetic as the streaming form. */
  static batch(input: ArrayLike<number>, period: number, out = new Float64Array(input.length)): Float64Array {
    const s = new SMA(period);
    for (let i = 0; i < input.length; i++) out[i] = s.update(input[i]!);
    return out;
  }
}

/**
 * Crossover detector for two series: `update(a, b)` returns +1 when a crosses above b (a > b now,
 * a <= b on the previous update), −1 when a crosses below (a < b now, a >= b before), else 0. NaN inputs
 * (indicators warming up) reset the memory, so a cross needs two consecutive defined updates.
 */
export class CrossOver {
  private prev = NaN;
  value = 0;

  update(a: number, b: number): number {
    const diff = a - b;
    let v = 0;
    if (diff === diff && this.prev === this.prev) {
      if (diff > 0 && this.prev <= 0) v = 1;
      else if (diff < 0 && this.prev >= 0) v = -1;
    }
    this.prev = diff;
    this.value = v;
    return v;
  }

  reset(): void {
    this.prev = NaN;
    this.value = 0;
  }
}
