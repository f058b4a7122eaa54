/**
 * Trailing stops: where the stop (and, for trailing_stop_limit, the limit) sits given the reference price.
 *
 * The reference is the most favourable price seen since activation: the highest for a sell (protecting a
 * long), the lowest for a buy. It only ever moves in that direction, so the stop only ratchets toward the
 * market. A sell's stop sits `offset` below the reference, a buy's above; a trailing_stop_limit's limit
 * sits `limitOffset` from the same reference. Offsets in basis points are taken of the reference and
 * rounded up to whole ticks (the stop never sits closer to the market than asked), so all prices stay on
 * the tick grid. Which prices of a bar move the reference is the venue's rule (bar-match.ts).
 * Semantics follow NautilusTrader's trailing stops (price, ticks or basis-point offsets, optional
 * activation price), with last prices as the only trigger source.
 */
import type { Order, TrailingState } from './order.js';

/** Offset in whole ticks at reference `ref`: fixed ticks, or ceil(ref × bpsUnits / den), exactly. */
function offsetAt(ticks: number, bpsUnits: number, den: number, ref: number): number {
  if (bpsUnits === 0) return ticks;
  const p = ref * bpsUnits;
  let q = Math.floor(p / den);
  if (q * den > p) q--;
  return q * den === p ? q : q + 1;
}

/** Sets the order's stop (and limit) from its trailing reference. */
export function applyTrail(order: Order): void {
  const t = order.ext!.trailing!;
  const ref = t.refTicks;
  // A sell (side −1) trails below the reference, a buy above it.
  order.stopTicks = ref + order.side * offsetAt(t.offsetTicks, t.offsetBpsUnits, t.bpsDen, ref);
  if (order.type === 'trailing_stop_limit')
    order.limitTicks = ref + order.side * offsetAt(t.limitOffsetTicks, t.limitOffsetBpsUnits, t.bpsDen, ref);
}

/** Moves the reference to `price` if that is more favourable (or the first price); re-derives the stop. */
export function ratchet(order: Order, t: TrailingState, price: number): void {
  const ref = t.refTicks;
  if (ref === ref && (price - ref) * -order.side <= 0) return;
  t.refTicks = price;
  applyTrail(order);
}

/** Does `price` reach the activation price (sells: at or above it; buys: at or below)? */
export function reachesActivation(order: Order, t: TrailingState, price: number): boolean {
  return (price - t.activationTicks) * -order.side >= 0;
}
