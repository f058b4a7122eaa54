/**
 * Queue position on price-level (L2) data: an estimate of the market quantity ahead of one of our resting
 * orders, for the book venue (docs/execution-book.md, "Queue position").
 *
 * L2 data shows a level's total size, not who left it. The venue applies what it knows for sure itself:
 * a trade at our price of q lots removes q from the quantity ahead (the front of the queue trades first)
 * and is remembered as `tradedSince`. When the level's size then changes from `prev` to `next`, the
 * model decides how much of the change happened ahead of us:
 *
 * - `risk_averse`: nothing — only trades advance us; the quantity ahead can only shrink to the level's
 *   new size (it cannot exceed what is displayed).
 * - `prob_power { n }` and `prob_log`: the decrease not explained by trades, chg = prev − next −
 *   tradedSince, is a cancel that happened behind us with probability p = f(back) / (f(back) + f(front)),
 *   front = quantity ahead, back = prev − front, f(x) = x^n (power) or ln(1 + x) (log). The new estimate
 *   is front − (1 − p)·chg + min(back − p·chg, 0), at most `next` (the expected decrease ahead, plus what
 *   the part behind cannot absorb). With nothing behind us every cancel is ahead; with nothing ahead
 *   nothing changes. Increases of the level are joins behind us: only the cap applies.
 *   These are the probabilistic queue models of hftbacktest (after rigtorp.se/2013/06/08 and the
 *   quant.stackexchange discussion it cites), with its trade double-count guard.
 *
 * Invariants: 0 ≤ result ≤ max(next, 0); deterministic (no randomness: p weights an expectation).
 * Limits: one estimate per order; our own orders at the same price are ordered by the venue, not here.
 */

export type QueueModelSpec =
  { type: 'risk_averse' } | { type: 'prob_power'; n: number } | { type: 'prob_log' } | { type: 'l3_fifo' };

export interface L2QueueModel {
  readonly name: string;
  /**
   * The quantity ahead after the level's size went from `prev` to `next`, given the estimate `ahead`
   * before the change and the traded quantity `tradedSince` at this price since the previous change.
   */
  depth(ahead: number, tradedSince: number, prev: number, next: number): number;
}

export class RiskAverseQueue implements L2QueueModel {
  readonly name = 'risk_averse';
  depth(ahead: number, _tradedSince: number, _prev: number, next: number): number {
    return clampAhead(ahead, next);
  }
}

/** The probabilistic family: `weight` is f, the same for the front and the back of the queue. */
abstract class ProbQueue implements L2QueueModel {
  abstract readonly name: string;
  protected abstract weight(x: number): number;

  depth(ahead: number, tradedSince: number, prev: number, next: number): number {
    const chg = prev - next - tradedSince;
    const front = ahead;
    if (chg <= 0 || front <= 0) return clampAhead(ahead, next);
    const back = Math.max(prev - front, 0);
    const fb = this.weight(back);
    const total = fb + this.weight(front);
    const p = total > 0 ? fb / total : 0;
    return clampAhead(front - (1 - p) * chg + Math.min(back - p * chg, 0), next);
  }
}

export class PowerProbQueue extends ProbQueue {
  readonly name: string;
  constructor(private readonly n: number) {
    super();
    if (!Number.isFinite(n) || n <= 0)
      throw new RangeError(`prob_power n must be a positive number (got ${n})`);
    this.name = `prob_power(n=${n})`;
  }
  protected weight(x: number): number {
    return Math.pow(x, this.n);
  }
}

export class LogProbQueue extends ProbQueue {
  readonly name = 'prob_log';
  protected weight(x: number): number {
    return Math.log1p(x);
  }
}

function clampAhead(ahead: number, next: number): number {
  const cap = next > 0 ? next : 0;
  return ahead < 0 ? 0 : ahead > cap ? cap : ahead;
}

/** The L2 model of a spec; `l3_fifo` has none (the venue follows the real queue of an L3 book). */
export function l2QueueModel(spec: QueueModelSpec): L2QueueModel | null {
  switch (spec.type) {
    case 'risk_averse':
      return new RiskAverseQueue();
    case 'prob_power':
      return new PowerProbQueue(spec.n);
    case 'prob_log':
      return new LogProbQueue();
    case 'l3_fifo':
      return null;
  }
}
