/**
 * Latency models of the book venue (docs/execution-book.md, "Latency"): how long a request takes to reach the
 * venue (entry), how long a venue event takes to reach the strategy (response), per operation.
 *
 * - `FixedOrderLatency`: a constant per operation and direction.
 * - `LogNormalOrderLatency`: `floor + median × exp(sigma × Z)`, Z standard normal from the run's seeded Rng
 *   (so the median of the part above the floor is `median`; sigma 0 gives the constant floor + median).
 *   One draw per call, in call order, so a seed reproduces a run.
 * - `EmpiricalOrderLatency`: recorded orders (request, venue and response times): the entry latency at
 *   request time t is the venue − request gap linearly interpolated between the two recorded requests
 *   around t (the first or last one outside the recorded span), the response latency likewise
 *   (response − venue) at the venue time. The same for every operation (what the records measured).
 *
 * Ordering: a venue receives requests in the order they were sent unless `reorder` is allowed: with random
 * latency, `OrderedArrivals` holds a request back until the one sent before it has arrived (arrival =
 * max(sent + latency, previous arrival)). Responses are ordered the same way on the way back.
 * Times are the book venue's clock: nanoseconds since the run's first whole second, as doubles (exact for
 * 2^53 ns, 104 days; the venue refuses longer spans). Recorded latencies are converted to that clock when
 * loaded. Invariants: every latency returned is a finite, non-negative number of whole nanoseconds.
 */
import { DataError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';

/** The strategy's request (or the venue's answer to it) a latency applies to. */
export const enum LatencyOp {
  Submit = 0,
  Modify = 1,
  Cancel = 2,
}

export interface OrderLatencyModel {
  /** Nanoseconds from a request sent at local time `tNs` to its arrival at the venue. */
  entryNs(op: LatencyOp, tNs: number): number;
  /** Nanoseconds from a venue event at venue time `tNs` (ack, fill, reject) to the strategy. */
  responseNs(op: LatencyOp, tNs: number): number;
}

/** Nanoseconds per operation: submit, modify, cancel. */
export type PerOp = readonly [number, number, number];

function checkNs(what: string, v: number): number {
  if (!Number.isFinite(v) || v < 0)
    throw new RangeError(`${what} must be a non-negative number of ns (got ${v})`);
  return Math.round(v);
}

export class FixedOrderLatency implements OrderLatencyModel {
  private readonly entry: PerOp;
  private readonly response: PerOp;
  constructor(entry: PerOp, response: PerOp) {
    this.entry = entry.map((v) => checkNs('entry latency', v)) as unknown as PerOp;
    this.response = response.map((v) => checkNs('response latency', v)) as unknown as PerOp;
  }
  entryNs(op: LatencyOp, _tNs?: number): number {
    return this.entry[op];
  }
  responseNs(op: LatencyOp, _tNs?: number): number {
    return this.response[op];
  }
}

export interface LogNormalSpec {
  /** Median of the random part, ns. */
  medianNs: number;
  /** Standard deviation of its logarithm (0 = no randomness). */
  sigma: number;
  /** Smallest possible latency, ns (the wire and the matching engine's floor). */
  floorNs: number;
}

export class LogNormalOrderLatency implements OrderLatencyModel {
  constructor(
    private readonly entry: LogNormalSpec,
    private readonly response: LogNormalSpec,
    private readonly rng: Rng,
  ) {
    for (const [what, s] of [
      ['entry', entry],
      ['response', response],
    ] as const) {
      checkNs(`${what} median`, s.medianNs);
      checkNs(`${what} floor`, s.floorNs);
      if (!Number.isFinite(s.sigma) || s.sigma < 0)
        throw new RangeError(`${what} sigma must be a non-negative number (got ${s.sigma})`);
    }
  }
  private draw(s: LogNormalSpec): number {
    return Math.round(s.floorNs + s.medianNs * Math.exp(s.sigma * this.rng.normal()));
  }
  entryNs(_op?: LatencyOp, _tNs?: number): number {
    return this.draw(this.entry);
  }
  responseNs(_op?: LatencyOp, _tNs?: number): number {
    return this.draw(this.response);
  }
}

/** Recorded orders, each (request, venue, response) times in ns, requests in non-decreasing order. */
export interface LatencyRecords {
  requestNs: Float64Array;
  venueNs: Float64Array;
  responseNs: Float64Array;
  /** Where they came from, for errors. */
  file: string;
}

export class EmpiricalOrderLatency implements OrderLatencyModel {
  private readonly entryGap: Float64Array;
  private readonly responseGap: Float64Array;
  /** Last row used, so that a run moving forward in time finds its row in O(1). */
  private entryAt = 0;
  private responseAt = 0;

  constructor(private readonly rec: LatencyRecords) {
    const n = rec.requestNs.length;
    if (n === 0) throw new DataError({ file: rec.file }, 'no latency records');
    this.entryGap = new Float64Array(n);
    this.responseGap = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const where = { file: rec.file, row: i + 1 };
      const req = rec.requestNs[i]!;
      const venue = rec.venueNs[i]!;
      const resp = rec.responseNs[i]!;
      if (i > 0 && req < rec.requestNs[i - 1]!)
        throw new DataError({ ...where, field: 'request' }, 'request times must not decrease');
      if (i > 0 && venue < rec.venueNs[i - 1]!)
        throw new DataError({ ...where, field: 'venue' }, 'venue times must not decrease');
      if (!(venue >= req))
        throw new DataError({ ...where, field: 'venue' }, 'venue time before request time');
      if (!(resp >= venue))
        throw new DataError({ ...where, field: 'response' }, 'response time before venue time');
      this.entryGap[i] = venue - req;
      this.responseGap[i] = resp - venue;
    }
  }

  entryNs(_op: LatencyOp, tNs: number): number {
    this.entryAt = seek(this.rec.requestNs, this.entryAt, tNs);
    return interpolate(this.rec.requestNs, this.entryGap, this.entryAt, tNs);
  }

  responseNs(_op: LatencyOp, tNs: number): number {
    this.responseAt = seek(this.rec.venueNs, this.responseAt, tNs);
    return interpolate(this.rec.venueNs, this.responseGap, this.responseAt, tNs);
  }
}

/** The last index i with x[i] <= t (0 when t is before x[0]), searching from `from` in either direction. */
function seek(x: Float64Array, from: number, t: number): number {
  let i = from;
  while (i + 1 < x.length && x[i + 1]! <= t) i++;
  while (i > 0 && x[i]! > t) i--;
  return i;
}

/** y at t, linear between rows i and i + 1; the end rows' values outside the recorded span. */
function interpolate(x: Float64Array, y: Float64Array, i: number, t: number): number {
  if (t <= x[0]! || i + 1 >= x.length) return Math.round(y[t <= x[0]! ? 0 : i]!);
  const x0 = x[i]!;
  const x1 = x[i + 1]!;
  if (x1 === x0) return Math.round(y[i + 1]!);
  return Math.round(y[i]! + ((y[i + 1]! - y[i]!) * (t - x0)) / (x1 - x0));
}

/**
 * Keeps messages in the order they were sent: a message sent later never arrives earlier than one sent
 * before it on the same path (arrival = max(sent + latency, previous arrival)).
 */
export class OrderedArrivals {
  private last = -Infinity;
  constructor(private readonly reorder: boolean) {}
  arrival(sentNs: number, latencyNs: number): number {
    const at = sentNs + latencyNs;
    if (this.reorder) return at;
    if (at < this.last) return this.last;
    this.last = at;
    return at;
  }
}
