/**
 * The book venue's clock: nanoseconds since a base whole second, as doubles (exact for 2^53 ns, 104
 * days), and back to the engine's (sec, nsec) time. One definition for the engine side (book-feed.ts) and
 * the venue (venue.ts, whose contingent orders speak engine time).
 */
const NS = 1e9;

export class VenueClock {
  constructor(readonly baseSec: number) {}

  /** Venue-clock ns of an engine time. */
  ns(sec: number, nsec: number): number {
    return (sec - this.baseSec) * NS + nsec;
  }

  /** Engine time of a venue-clock ns, into `out`. */
  time(tNs: number, out: { sec: number; nsec: number }): void {
    const s = Math.floor(tNs / NS);
    out.sec = this.baseSec + s;
    out.nsec = tNs - s * NS;
  }
}
