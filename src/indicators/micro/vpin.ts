/**
 * VPIN, volume-synchronized probability of informed trading (Easley, López de Prado & O'Hara, "Flow
 * toxicity and liquidity in a high-frequency world", Review of Financial Studies 25(5), 2012, §2–3).
 *
 * `update(price, volume)` per trade or per bar. Bulk volume classification: with ΔP the change from the
 * previous price and σ the sample standard deviation of the last K price changes (this one included),
 * buy volume = volume · Φ(ΔP / σ) (Φ: normal.ts, |error| ≤ 1.5e-16), sell = the rest; ΔP = 0 gives ½.
 * Volume fills equal-volume buckets of size V; an observation that straddles a bucket boundary is split,
 * every part keeping the observation's buy fraction (a large one may fill many buckets). Per bucket τ the
 * order imbalance is |V^S_τ − V^B_τ|, and VPIN = Σ over the last n complete buckets / (n · V).
 *
 * Causality: σ uses only the current and past changes (the paper's full-sample σ would look ahead).
 * Warm-up: the first K updates (reference price + K − 1 changes) establish σ and are not bucketed (their
 * volume is counted in `unbucketedVolume`); from update K + 1 on, volume is classified and bucketed.
 * `isReady` once n buckets are complete, so readiness depends on volume: `warmup` = K + 1 is the least
 * number of updates (attained when update K + 1 alone carries ≥ n · V).
 * O(1) amortised: completed buckets go into a run-length ring ((imbalance, count) runs, ≤ n entries), so
 * a trade spanning k buckets costs O(1), not O(k). Sums are re-added from their rings each time the rings
 * turn over (no drift); with integer prices (ticks) and volumes the σ sums are exact. Allocation-free.
 */
import { UsageError } from '../../core/errors.js';
import { checkFinite, checkPeriod, type Indicator } from '../contract.js';
import { IndicatorDomainError, VALUE_OUTPUT } from './common.js';
import { normalCdf } from './normal.js';

export interface VpinOptions {
  /** Volume per bucket, V > 0 (the paper: average daily volume / 50). */
  bucketVolume: number;
  /** Buckets in the rolling window, n (the paper: 50). */
  buckets?: number;
  /** Price changes in the σ window, K ≥ 2 (default 50). */
  sigmaWindow?: number;
}

export class VPIN implements Indicator {
  readonly warmup: number;
  readonly outputs = VALUE_OUTPUT;
  readonly name: string;
  readonly bucketVolume: number;
  readonly buckets: number;
  readonly sigmaWindow: number;
  /** Volume seen during the σ warm-up (not bucketed). */
  unbucketedVolume = 0;
  /** Complete buckets so far. */
  completedBuckets = 0;
  value = NaN;

  private readonly invK: number;
  private readonly invKm1: number;
  private readonly invWindowVolume: number;
  private updates = 0;
  private prevPrice = 0;
  // σ window: ring of price changes with running Σd and Σd².
  private readonly changes: Float64Array;
  private changePos = 0;
  private sumD = 0;
  private sumD2 = 0;
  // The bucket being filled.
  private fill = 0;
  private fillBuy = 0;
  // Completed buckets: runs of equal imbalance, `runs` entries from `runHead`, covering `inWindow` buckets.
  private readonly runImbalance: Float64Array;
  private readonly runCount: Float64Array;
  private runHead = 0;
  private runs = 0;
  private inWindow = 0;
  private sumImbalance = 0;
  private pushesSinceResum = 0;

  constructor(options: VpinOptions) {
    const { bucketVolume, buckets = 50, sigmaWindow = 50 } = options;
    if (!(bucketVolume > 0 && bucketVolume - bucketVolume === 0))
      throw new UsageError(`VPIN: bucketVolume must be a positive finite number, got ${bucketVolume}`);
    checkPeriod('VPIN', 'buckets', buckets);
    checkPeriod('VPIN', 'sigmaWindow', sigmaWindow, 2);
    this.bucketVolume = bucketVolume;
    this.buckets = buckets;
    this.sigmaWindow = sigmaWindow;
    this.name = `VPIN(${bucketVolume}, ${buckets})`;
    this.warmup = sigmaWindow + 1;
    this.invK = 1 / sigmaWindow;
    this.invKm1 = 1 / (sigmaWindow - 1);
    this.invWindowVolume = 1 / (buckets * bucketVolume);
    this.changes = new Float64Array(sigmaWindow);
    this.runImbalance = new Float64Array(buckets);
    this.runCount = new Float64Array(buckets);
  }

  get isReady(): boolean {
    return this.completedBuckets >= this.buckets;
  }

  update(price: number, volume: number): number {
    if (!(price - price === 0 && volume - volume === 0 && volume >= 0)) this.reject(price, volume);
    const n = this.updates++;
    const d = price - this.prevPrice;
    this.prevPrice = price;
    if (n < this.sigmaWindow) return this.warmingUp(n, d, volume);
    this.pushChange(d);
    let buy = 0.5;
    if (d !== 0) {
      const variance = (this.sumD2 - this.sumD * this.sumD * this.invK) * this.invKm1;
      buy = normalCdf(d / Math.sqrt(variance > 0 ? variance : 0));
    }
    const room = this.bucketVolume - this.fill;
    if (volume < room) {
      this.fill += volume;
      this.fillBuy += buy * volume;
    } else this.fillBuckets(volume, buy, room);
    return this.value;
  }

  private reject(price: number, volume: number): never {
    checkFinite(this.name, 'price', price);
    checkFinite(this.name, 'volume', volume);
    throw new IndicatorDomainError(this.name, 'volume', volume, 'must be >= 0');
  }

  private warmingUp(n: number, d: number, volume: number): number {
    if (n > 0) this.pushChange(d);
    this.unbucketedVolume += volume;
    return this.value;
  }

  private pushChange(d: number): void {
    const ring = this.changes;
    const pos = this.changePos;
    const old = ring[pos]!;
    ring[pos] = d;
    this.sumD += d - old;
    this.sumD2 += d * d - old * old;
    if (pos + 1 < ring.length) this.changePos = pos + 1;
    else this.resumChanges();
  }

  private resumChanges(): void {
    const ring = this.changes;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < ring.length; i++) {
      const x = ring[i]!;
      s += x;
      s2 += x * x;
    }
    this.changePos = 0;
    this.sumD = s;
    this.sumD2 = s2;
  }

  /** `volume` (≥ room) completes the current bucket, possibly more, and starts the next. */
  private fillBuckets(volume: number, buy: number, room: number): void {
    const V = this.bucketVolume;
    this.completeBuckets(Math.abs(V - 2 * (this.fillBuy + buy * room)), 1);
    let rest = volume - room;
    let whole = Math.floor(rest / V);
    rest -= whole * V;
    if (rest < 0) {
      whole--;
      rest += V;
    } else if (rest >= V) {
      whole++;
      rest -= V;
    }
    if (whole > 0) this.completeBuckets(V * Math.abs(1 - 2 * buy), whole);
    this.fill = rest;
    this.fillBuy = buy * rest;
    if (this.completedBuckets >= this.buckets) this.value = this.sumImbalance * this.invWindowVolume;
  }

  /** Appends `count` complete buckets of equal imbalance and drops what falls out of the last n. */
  private completeBuckets(imbalance: number, count: number): void {
    const n = this.buckets;
    this.completedBuckets += count;
    if (count > n) count = n;
    const runImb = this.runImbalance;
    const runCnt = this.runCount;
    const last = (this.runHead + this.runs - 1) % n;
    if (this.runs > 0 && runImb[last] === imbalance) runCnt[last] += count;
    else {
      if (this.runs === n) this.dropFront(runCnt[this.runHead]!);
      const at = (this.runHead + this.runs) % n;
      runImb[at] = imbalance;
      runCnt[at] = count;
      this.runs++;
    }
    this.inWindow += count;
    this.sumImbalance += imbalance * count;
    if (this.inWindow > n) this.dropFront(this.inWindow - n);
    if (++this.pushesSinceResum >= n) this.resum();
  }

  /** Removes `k` buckets from the oldest runs (k ≤ buckets in the window). */
  private dropFront(k: number): void {
    const n = this.buckets;
    const runImb = this.runImbalance;
    const runCnt = this.runCount;
    while (k > 0) {
      const h = this.runHead;
      const c = runCnt[h]!;
      const take = c <= k ? c : k;
      this.sumImbalance -= runImb[h]! * take;
      this.inWindow -= take;
      k -= take;
      if (take === c) {
        this.runHead = h + 1 === n ? 0 : h + 1;
        this.runs--;
      } else runCnt[h] = c - take;
    }
  }

  private resum(): void {
    const n = this.buckets;
    let s = 0;
    for (let i = 0; i < this.runs; i++) {
      const j = (this.runHead + i) % n;
      s += this.runImbalance[j]! * this.runCount[j]!;
    }
    this.sumImbalance = s;
    this.pushesSinceResum = 0;
  }

  reset(): void {
    this.unbucketedVolume = 0;
    this.completedBuckets = 0;
    this.value = NaN;
    this.updates = 0;
    this.prevPrice = 0;
    this.changes.fill(0);
    this.changePos = 0;
    this.sumD = this.sumD2 = 0;
    this.fill = this.fillBuy = 0;
    this.runImbalance.fill(0);
    this.runCount.fill(0);
    this.runHead = this.runs = this.inWindow = this.sumImbalance = this.pushesSinceResum = 0;
  }
}

/** Batch twin: row i = VPIN after observation i (NaN until n buckets are complete). */
export function vpinBatch(
  price: ArrayLike<number>,
  volume: ArrayLike<number>,
  options: VpinOptions,
  out = new Float64Array(price.length),
): Float64Array {
  const ind = new VPIN(options);
  for (let i = 0; i < price.length; i++) out[i] = ind.update(price[i]!, volume[i]!);
  return out;
}
