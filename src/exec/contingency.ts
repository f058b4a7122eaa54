/**
 * Contingent orders, independent of the venue: OTO (a parent releases held children when it fills), OCO
 * (a fill of one member cancels or shrinks the others) and brackets (an entry releasing a take-profit and a
 * stop-loss that are OCO). A venue calls `onFill` after reporting a fill and `onEnded` after an order ends
 * without filling completely; this module answers through `ContingencyActions`, synchronously, so every
 * consequence of a venue event happens at that event's time, in a fixed order (determinism):
 *   1. OCO peers, in group order: the filled member's fill of q lots shrinks each open peer by q; once the
 *      member is completely filled every open peer is cancelled ("OCO: order N filled").
 *   2. OTO children, in declaration order. With `releaseOn: 'full'` a child is released when the parent is
 *      completely filled; with 'partial' at the parent's first fill that covers a whole lot of it. A child
 *      covers floor(childLots × parentFilled / parentLots) lots (a bracket's children: exactly the filled
 *      quantity); later parent fills grow released children that are still open by the difference.
 *   3. A parent that ends (cancelled, expired, rejected) releases its held children for what it filled, or
 *      cancels them when it filled nothing ("parent N cancelled"). Released children stay.
 * Only fills act on OCO peers: cancelling one member leaves the others working.
 * Limits: a child that has finished does not grow again (later parent fills are then uncovered); the
 * proportional rule rounds each child down to whole lots.
 */
import type { Order } from './order.js';

export type ReleaseOn = 'full' | 'partial';

/** An order's place in contingent groups (Order.link). */
export class ContingentLink {
  parent: Order | null = null;
  /** OTO children, held until released, in declaration order. */
  children: Order[] = [];
  releaseOn: ReleaseOn = 'full';
  /** The OCO group this order belongs to (every member, itself included), or null. */
  oco: Order[] | null = null;
  /** A child not released yet. */
  held = false;
  /** A child's quantity once its parent has filled completely (lots). */
  fullLots = 0;
  /** The lots of the parent's fills this child covers so far. */
  coveredLots = 0;
}

/** How the module acts on orders; a venue implements it (with the engine side for bookkeeping). */
export interface ContingencyActions {
  /** Sends a released child (quantity set, `held` cleared) on to the venue. */
  release(child: Order, sec: number, nsec: number): void;
  /** An open or in-flight order's quantity was changed by `deltaLots` (already applied to `order.lots`). */
  resized(order: Order, deltaLots: number, sec: number, nsec: number): void;
  /** A held child ends without release (status already `cancelled`): report it. */
  dropped(child: Order, reason: string, sec: number, nsec: number): void;
  /** Cancels a working order at the venue now (which calls back `onEnded`). */
  cancelWorking(order: Order, reason: string, sec: number, nsec: number): void;
}

export class Contingency {
  constructor(private readonly actions: ContingencyActions) {}

  /** After a fill of `lots` of `order` was reported. */
  onFill(order: Order, lots: number, sec: number, nsec: number): void {
    const link = order.link!;
    if (link.oco !== null) this.actOnPeers(order, link.oco, lots, sec, nsec);
    if (link.children.length === 0) return;
    if (link.releaseOn === 'full' && order.remainingLots > 0) return;
    this.cover(order, sec, nsec);
  }

  /** After `order` ended without filling completely (cancelled, expired, rejected). */
  onEnded(order: Order, sec: number, nsec: number): void {
    const link = order.link!;
    if (link.children.length === 0) return;
    if (order.filledLots > 0) {
      this.cover(order, sec, nsec);
      return;
    }
    const reason = `parent order ${order.id} ${order.status} without a fill`;
    for (const child of link.children) if (child.isHeld) this.drop(child, reason, sec, nsec);
  }

  /** Ends a held child (a strategy's cancel, or its parent ended without a fill). */
  drop(child: Order, reason: string, sec: number, nsec: number): void {
    child.link!.held = false;
    child.status = 'cancelled';
    this.actions.dropped(child, reason, sec, nsec);
    this.onEnded(child, sec, nsec);
  }

  private actOnPeers(order: Order, group: Order[], lots: number, sec: number, nsec: number): void {
    const complete = order.remainingLots === 0;
    for (const peer of group) {
      if (peer === order || !peer.isOpen) continue;
      const shrunk = Math.max(peer.filledLots, peer.lots - lots);
      if (complete || shrunk === peer.filledLots) {
        const reason = `OCO: order ${order.id} filled`;
        if (peer.isHeld) this.drop(peer, reason, sec, nsec);
        else this.actions.cancelWorking(peer, reason, sec, nsec);
        continue;
      }
      const delta = shrunk - peer.lots;
      peer.lots = shrunk;
      if (peer.isHeld) peer.link!.fullLots += delta;
      else this.actions.resized(peer, delta, sec, nsec);
    }
  }

  /** Brings every child to the share of the parent's fills it covers: release, or grow. */
  private cover(parent: Order, sec: number, nsec: number): void {
    const link = parent.link!;
    for (const child of link.children) {
      const c = child.link!;
      const target = Math.floor((c.fullLots * parent.filledLots) / parent.lots);
      if (target <= c.coveredLots) continue;
      if (c.held) {
        c.held = false;
        c.coveredLots = target;
        child.lots = target;
        this.actions.release(child, sec, nsec);
        // Refused on the way (a pre-trade risk check): its own children follow as for any ended order.
        if (child.status === 'rejected') this.onEnded(child, sec, nsec);
      } else if (child.isOpen) {
        const delta = target - c.coveredLots;
        c.coveredLots = target;
        child.lots += delta;
        this.actions.resized(child, delta, sec, nsec);
      }
    }
  }
}

/** Links `parent` to `children` (OTO): children start held; their quantities are their full sizes. */
export function linkOto(parent: Order, children: readonly Order[], releaseOn: ReleaseOn): void {
  const p = (parent.link ??= new ContingentLink());
  p.releaseOn = releaseOn;
  for (const child of children) {
    const c = (child.link ??= new ContingentLink());
    c.parent = parent;
    c.held = true;
    c.fullLots = child.lots;
    p.children.push(child);
  }
}

/** Makes `orders` one OCO group. */
export function linkOco(orders: readonly Order[]): void {
  const group = orders.slice();
  for (const o of orders) (o.link ??= new ContingentLink()).oco = group;
}
