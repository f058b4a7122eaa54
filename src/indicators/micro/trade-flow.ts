/**
 * Trade-flow imbalance over the last N trades: net = Σ s_i · v_i (signed volume), volume = Σ v_i,
 * imbalance = net / volume ∈ [−1, 1] (0 when the window traded no volume). s_i is the aggressor side:
 * +1 buyer-initiated, −1 seller-initiated, as given, or when given as 0 by the tick rule (Lee & Ready,
 * "Inferring trade direction from intraday data", Journal of Finance 46(2), 1991): + on an uptick, − on a
 * downtick, and on a zero tick the sign of the last non-zero tick; 0 (unclassified: counted in volume, not in
 * net) before any price change has been seen.
 *
 * `update(price, volume, side)` with side ∈ {+1, −1, 0}; `aggressorSign` maps the DBN side byte ('B' buy
 * aggressor → +1, 'A' sell aggressor → −1, else 0). Outputs `imbalance` (= value), `net`, `volume`.
 * Warm-up N trades. Exact for integer volumes while sums < 2^53; otherwise re-summed every N trades.
 * O(1) amortised, allocation-free.
 */
import { SIDE_ASK, SIDE_BID } from '../../data/schemas.js';
import { checkFinite, checkPeriod, type Indicator } from '../contract.js';
import { IndicatorDomainError, WindowSum } from './common.js';

const OUTPUTS: readonly string[] = Object.freeze(['imbalance', 'net', 'volume']);

/** +1 for a buy aggressor ('B'), −1 for a sell aggressor ('A'), 0 otherwise ('N'). */
export function aggressorSign(dbnSide: number): number {
  return dbnSide === SIDE_BID ? 1 : dbnSide === SIDE_ASK ? -1 : 0;
}

export class TradeFlowImbalance implements Indicator {
  readonly warmup: number;
  readonly outputs = OUTPUTS;
  readonly name: string;
  private readonly signed: WindowSum;
  private readonly volumes: WindowSum;
  private prevPrice = NaN;
  private lastTick = 0;
  value = NaN;
  imbalance = NaN;
  net = NaN;
  volume = NaN;

  constructor(readonly period: number) {
    checkPeriod('TradeFlowImbalance', 'period', period);
    this.name = `TradeFlowImbalance(${period})`;
    this.warmup = period;
    this.signed = new WindowSum(period);
    this.volumes = new WindowSum(period);
  }

  get isReady(): boolean {
    return this.volumes.full;
  }

  update(price: number, volume: number, side: number): number {
    checkFinite(this.name, 'price', price);
    checkFinite(this.name, 'volume', volume);
    checkFinite(this.name, 'side', side);
    if (volume < 0) throw new IndicatorDomainError(this.name, 'volume', volume, 'must be >= 0');
    if (side !== 1 && side !== -1 && side !== 0)
      throw new IndicatorDomainError(this.name, 'side', side, 'must be +1, -1 or 0 (tick rule)');
    const prev = this.prevPrice;
    if (price > prev) this.lastTick = 1;
    else if (price < prev) this.lastTick = -1;
    this.prevPrice = price;
    const s = side !== 0 ? side : this.lastTick;
    this.signed.push(s * volume);
    this.volumes.push(volume);
    if (!this.volumes.full) return this.value;
    const net = this.signed.sum;
    const total = this.volumes.sum;
    this.net = net;
    this.volume = total;
    this.imbalance = total > 0 ? net / total : 0;
    this.value = this.imbalance;
    return this.value;
  }

  reset(): void {
    this.signed.reset();
    this.volumes.reset();
    this.prevPrice = NaN;
    this.lastTick = 0;
    this.value = this.imbalance = this.net = this.volume = NaN;
  }
}

/** Batch twin (side column of +1/−1/0): `imbalance`, `net`, `volume` per trade. */
export function tradeFlowImbalanceBatch(
  price: ArrayLike<number>,
  volume: ArrayLike<number>,
  side: ArrayLike<number>,
  period: number,
  out = {
    imbalance: new Float64Array(price.length),
    net: new Float64Array(price.length),
    volume: new Float64Array(price.length),
  },
): { imbalance: Float64Array; net: Float64Array; volume: Float64Array } {
  const ind = new TradeFlowImbalance(period);
  for (let i = 0; i < price.length; i++) {
    out.imbalance[i] = ind.update(price[i]!, volume[i]!, side[i]!);
    out.net[i] = ind.net;
    out.volume[i] = ind.volume;
  }
  return out;
}
