/**
 * The fills one bar will make, kept in typed arrays reused bar after bar (nothing allocated per bar once
 * grown), and put in path order: by segment of the intrabar path, then distance along it, then arrival
 * (index in the working list). Insertion sort: a bar rarely has more than a few fills, and the order of
 * equal keys (arrival order) is kept.
 */
export class FillQueue {
  length = 0;
  index = new Int32Array(8);
  ticks = new Float64Array(8);
  taker = new Uint8Array(8);
  seg = new Uint8Array(8);
  dist = new Float64Array(8);

  push(index: number, ticks: number, taker: boolean, seg: number, dist: number): void {
    const n = this.length;
    if (n === this.index.length) this.grow();
    this.index[n] = index;
    this.ticks[n] = ticks;
    this.taker[n] = taker ? 1 : 0;
    this.seg[n] = seg;
    this.dist[n] = dist;
    this.length = n + 1;
  }

  sort(): void {
    const { index, ticks, taker, seg, dist } = this;
    for (let i = 1; i < this.length; i++) {
      const ki = index[i]!;
      const kt = ticks[i]!;
      const kk = taker[i]!;
      const ks = seg[i]!;
      const kd = dist[i]!;
      let j = i - 1;
      // Entries are pushed in arrival order, so only a strictly later path point moves an entry back.
      while (j >= 0 && (seg[j]! > ks || (seg[j] === ks && dist[j]! > kd))) {
        index[j + 1] = index[j]!;
        ticks[j + 1] = ticks[j]!;
        taker[j + 1] = taker[j]!;
        seg[j + 1] = seg[j]!;
        dist[j + 1] = dist[j]!;
        j--;
      }
      index[j + 1] = ki;
      ticks[j + 1] = kt;
      taker[j + 1] = kk;
      seg[j + 1] = ks;
      dist[j + 1] = kd;
    }
  }

  private grow(): void {
    const n = this.index.length * 2;
    const copy = <T extends Int32Array | Float64Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
    this.index = copy(this.index, new Int32Array(n));
    this.ticks = copy(this.ticks, new Float64Array(n));
    this.taker = copy(this.taker, new Uint8Array(n));
    this.seg = copy(this.seg, new Uint8Array(n));
    this.dist = copy(this.dist, new Float64Array(n));
  }
}
