/**
 * Multi-level order-flow imbalance (Xu, Gould & Howison, "Multi-level order-flow imbalance in a limit order
 * book", Market Microstructure and Liquidity 4, 2019): the CKS (2014) e_n computed separately at each book
 * level m from the level-m bid/ask price and size of consecutive snapshots, e^m_n, each summed over the last
 * N snapshots: OFI^m. Outputs `total` (= value: Σ_m OFI^m, an equal-weight aggregate, not the paper's fitted
 * or PCA-integrated combination) and `ofi0` … `ofi{M−1}` (level 0 is the best; the paper numbers from 1).
 *
 * `update(bidPx, bidSz, askPx, askSz, offset)` reads levels 0..M−1 at `offset + m` of each array; for an
 * MBP-10 table (row-major, 10 per row) pass the level columns and offset = row · 10.
 * Warm-up N + 1 snapshots (the first sets the reference). Empty levels (size 0 with a NaN price, as DBN
 * sends them) count as bid −∞ / ask +∞, as in OFI; other non-finite input or negative sizes are rejected
 * before any state change (the error names the field as e.g. "bidPx[3]").
 * Exactness as OFI: integer sizes give exact sums; each level's sum is re-added from its window every N
 * snapshots. O(M) per snapshot, allocation-free.
 */
import { checkPeriod, type Indicator } from '../contract.js';
import { negInf, posInf } from './common.js';
import { checkLevel, ofiEvent, plainQuote } from './ofi.js';

const MAX_LEVELS = 64;

export class MultiLevelOFI implements Indicator {
  readonly warmup: number;
  readonly outputs: readonly string[];
  readonly name: string;
  /** Per-level window sums (OFI^m), NaN until warm. */
  readonly perLevel: Float64Array;
  private readonly ring: Float64Array;
  private readonly sums: Float64Array;
  // Validated snapshot (price, size per side per level), swapped each update: no copying.
  private prev: Float64Array;
  private next: Float64Array;
  private pos = 0;
  private snapshots = 0;
  value = NaN;
  total = NaN;
  readonly [level: `ofi${number}`]: number;

  constructor(
    readonly levels: number,
    readonly events: number,
  ) {
    checkPeriod('MultiLevelOFI', 'levels', levels);
    checkPeriod('MultiLevelOFI', 'events', events);
    if (levels > MAX_LEVELS)
      throw new RangeError(`MultiLevelOFI: at most ${MAX_LEVELS} levels, got ${levels}`);
    this.name = `MultiLevelOFI(${levels}, ${events})`;
    this.warmup = events + 1;
    this.outputs = Object.freeze(['total', ...Array.from({ length: levels }, (_, m) => `ofi${m}`)]);
    this.ring = new Float64Array(levels * events);
    this.sums = new Float64Array(levels);
    this.perLevel = new Float64Array(levels).fill(NaN);
    this.prev = new Float64Array(levels * 4);
    this.next = new Float64Array(levels * 4);
  }

  get isReady(): boolean {
    return this.snapshots > this.events;
  }

  /** OFI at level m (0 = best), NaN until warm. */
  level(m: number): number {
    return this.perLevel[m]!;
  }

  update(
    bidPx: ArrayLike<number>,
    bidSz: ArrayLike<number>,
    askPx: ArrayLike<number>,
    askSz: ArrayLike<number>,
    offset = 0,
  ): number {
    const M = this.levels;
    const next = this.next;
    for (let m = 0; m < M; m++) {
      const bp = bidPx[offset + m]!;
      const bs = bidSz[offset + m]!;
      const ap = askPx[offset + m]!;
      const as = askSz[offset + m]!;
      if (!plainQuote(bp, bs, ap, as)) this.check(m, bp, bs, ap, as);
      next[4 * m] = bp === bp ? bp : negInf();
      next[4 * m + 1] = bs;
      next[4 * m + 2] = ap === ap ? ap : posInf();
      next[4 * m + 3] = as;
    }
    const prev = this.prev;
    if (this.snapshots > 0) this.push(next, prev);
    this.prev = next;
    this.next = prev;
    this.snapshots++;
    return this.value;
  }

  private check(m: number, bidPx: number, bidSz: number, askPx: number, askSz: number): void {
    checkLevel(this.name, `bidPx[${m}]`, `bidSz[${m}]`, bidPx, bidSz);
    checkLevel(this.name, `askPx[${m}]`, `askSz[${m}]`, askPx, askSz);
  }

  private push(next: Float64Array, prev: Float64Array): void {
    const M = this.levels;
    const N = this.events;
    const ring = this.ring;
    const sums = this.sums;
    const base = this.pos * M;
    for (let m = 0; m < M; m++) {
      const j = 4 * m;
      const e = ofiEvent(
        next[j]!,
        next[j + 1]!,
        next[j + 2]!,
        next[j + 3]!,
        prev[j]!,
        prev[j + 1]!,
        prev[j + 2]!,
        prev[j + 3]!,
      );
      sums[m] += e - ring[base + m]!;
      ring[base + m] = e;
    }
    if (++this.pos === N) {
      this.pos = 0;
      sums.fill(0);
      for (let i = 0; i < N; i++) for (let m = 0; m < M; m++) sums[m] += ring[i * M + m]!;
    }
    if (this.snapshots < N) return;
    let total = 0;
    for (let m = 0; m < M; m++) {
      this.perLevel[m] = sums[m]!;
      total += sums[m]!;
    }
    this.total = total;
    this.value = total;
  }

  reset(): void {
    this.ring.fill(0);
    this.sums.fill(0);
    this.perLevel.fill(NaN);
    this.prev.fill(0);
    this.pos = 0;
    this.snapshots = 0;
    this.value = NaN;
    this.total = NaN;
  }
}

for (let m = 0; m < MAX_LEVELS; m++)
  Object.defineProperty(MultiLevelOFI.prototype, `ofi${m}`, {
    get(this: MultiLevelOFI) {
      return m < this.levels ? this.perLevel[m]! : undefined;
    },
  });

/**
 * Batch twin over row-major depth columns (`stride` entries per row, 10 for MBP-10): `total` and `ofi0`…
 * per snapshot.
 */
export function multiLevelOfiBatch(
  bidPx: ArrayLike<number>,
  bidSz: ArrayLike<number>,
  askPx: ArrayLike<number>,
  askSz: ArrayLike<number>,
  levels: number,
  events: number,
  stride = levels,
): Record<string, Float64Array> {
  if (levels > stride) throw new RangeError(`multiLevelOfiBatch: levels ${levels} > stride ${stride}`);
  const ind = new MultiLevelOFI(levels, events);
  const rows = Math.floor(bidPx.length / stride);
  const total = new Float64Array(rows);
  const perLevel = Array.from({ length: levels }, () => new Float64Array(rows));
  for (let i = 0, off = 0; i < rows; i++, off += stride) {
    total[i] = ind.update(bidPx, bidSz, askPx, askSz, off);
    for (let m = 0; m < levels; m++) perLevel[m]![i] = ind.perLevel[m]!;
  }
  const out: Record<string, Float64Array> = { total };
  for (let m = 0; m < levels; m++) out[`ofi${m}`] = perLevel[m]!;
  return out;
}
