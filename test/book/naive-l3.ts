// A deliberately naive L3 book for property tests: a Map of orders, a Map per side from price to an array
// of order ids (the FIFO), levels sorted only when asked. Same rules as L3Book (l3-book.ts header), written
// the obvious way. Ids are "hi:lo" strings.
import {
  ACTION_ADD,
  ACTION_CANCEL,
  ACTION_CLEAR,
  ACTION_FILL,
  ACTION_MODIFY,
  ACTION_NONE,
  ACTION_TRADE,
  FLAG_SNAPSHOT,
  SIDE_ASK,
  SIDE_BID,
} from '../../src/data/schemas.js';

export interface NaiveOrder {
  side: 0 | 1;
  ticks: number;
  size: number;
}

export interface NaiveRecord {
  action: number;
  side: number;
  id: string;
  ticks: number; // NaN = null price
  size: number;
  flags: number;
}

export class NaiveL3 {
  orders = new Map<string, NaiveOrder>();
  fifo: [Map<number, string[]>, Map<number, string[]>] = [new Map(), new Map()];
  counts: Record<string, number> = {};
  private inSnapshot = false;

  private bump(k: string): void {
    this.counts[k] = (this.counts[k] ?? 0) + 1;
  }

  apply(r: NaiveRecord): void {
    if (r.flags & FLAG_SNAPSHOT) {
      if (!this.inSnapshot) {
        this.inSnapshot = true;
        this.bump('snapshots');
        if (r.action !== ACTION_CLEAR) this.clear();
      }
    } else this.inSnapshot = false;
    if (r.action === ACTION_ADD || r.action === ACTION_CANCEL || r.action === ACTION_MODIFY) {
      if (r.side !== SIDE_BID && r.side !== SIDE_ASK) return this.bump('badSides');
      const s = r.side === SIDE_BID ? 0 : 1;
      if (r.action === ACTION_CANCEL) return this.cancel(r.id, r.size);
      if (Number.isNaN(r.ticks)) return this.bump('nullPrices');
      if (r.action === ACTION_ADD) {
        if (this.orders.has(r.id)) {
          this.bump('duplicateAdds');
          this.unlink(r.id);
        }
        return this.push(r.id, s, r.ticks, r.size);
      }
      return this.modify(r.id, s, r.ticks, r.size);
    }
    if (r.action === ACTION_TRADE) this.bump('trades');
    else if (r.action === ACTION_FILL) {
      this.bump('fills');
      if (!this.orders.has(r.id)) this.bump('unknownFills');
    } else if (r.action === ACTION_CLEAR) {
      this.bump('clears');
      this.clear();
    } else if (r.action === ACTION_NONE) this.bump('noActions');
    else this.bump('unknownActions');
  }

  clear(): void {
    this.orders.clear();
    this.fifo[0].clear();
    this.fifo[1].clear();
  }

  private push(id: string, side: 0 | 1, ticks: number, size: number): void {
    this.orders.set(id, { side, ticks, size });
    const q = this.fifo[side].get(ticks);
    if (q) q.push(id);
    else this.fifo[side].set(ticks, [id]);
  }

  private unlink(id: string): NaiveOrder {
    const o = this.orders.get(id)!;
    const q = this.fifo[o.side].get(o.ticks)!;
    q.splice(q.indexOf(id), 1);
    if (q.length === 0) this.fifo[o.side].delete(o.ticks);
    this.orders.delete(id);
    return o;
  }

  private cancel(id: string, size: number): void {
    const o = this.orders.get(id);
    if (!o) return this.bump('unknownCancels');
    if (size < o.size) {
      o.size -= size;
      return;
    }
    if (size > o.size) this.bump('overCancels');
    this.unlink(id);
  }

  private modify(id: string, side: 0 | 1, ticks: number, size: number): void {
    const o = this.orders.get(id);
    if (!o) {
      this.bump('unknownModifies');
      return this.push(id, side, ticks, size);
    }
    if (o.side !== side || o.ticks !== ticks || size > o.size) {
      this.unlink(id);
      this.push(id, side, ticks, size);
    } else if (size === 0) this.unlink(id);
    else o.size = size;
  }

  /** Levels best first: [ticks, size, count]. */
  levels(side: 0 | 1): [number, number, number][] {
    const out: [number, number, number][] = [];
    for (const [t, q] of this.fifo[side]) {
      let sz = 0;
      for (const id of q) sz += this.orders.get(id)!.size;
      out.push([t, sz, q.length]);
    }
    return out.sort((a, b) => (side === 0 ? b[0] - a[0] : a[0] - b[0]));
  }

  best(side: 0 | 1): number {
    let b = NaN;
    for (const t of this.fifo[side].keys()) if (Number.isNaN(b) || (side === 0 ? t > b : t < b)) b = t;
    return b;
  }

  /** Best level's [ticks, size, count] or null. */
  top(side: 0 | 1): [number, number, number] | null {
    const b = this.best(side);
    if (Number.isNaN(b)) return null;
    const q = this.fifo[side].get(b)!;
    let sz = 0;
    for (const id of q) sz += this.orders.get(id)!.size;
    return [b, sz, q.length];
  }
}
