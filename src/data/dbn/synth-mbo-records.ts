/**
 * Writes the synthetic MBO generator's records into an MboTable, with the timing of a real feed: one
 * matching-engine time (ts_event) per event, exponential gaps between events at the configured rate; a
 * capture time (ts_recv) 2-8 µs after it, never before the previous event's (a
 * capture is in arrival order); ts_in_delta 3/4 of that delay; a sequence number per instrument and record.
 * The last record of an event gets FLAG_LAST; the snapshot's records get F_SNAPSHOT.
 *
 * Invariants: ts_event and ts_recv never decrease; ts_recv >= ts_event; `room(n)` before an event makes
 * the table hold n more records (so the record writes never check capacity).
 */
import {
  ACTION_CLEAR,
  FLAG_LAST,
  FLAG_SNAPSHOT,
  SIDE_ASK,
  SIDE_BID,
  SIDE_NONE,
  ensureCapacity,
  type MboTable,
} from '../schemas.js';
import { BID, type SynthBook } from './synth-mbo-book.js';
import type { ResolvedSynthMbo } from './synth-mbo-options.js';

export class SynthMboRecords {
  private t!: MboTable;
  // The table's columns, held here: tables are dictionary-mode objects, too slow to look up per record.
  private tsEventSec!: Float64Array;
  private tsEventNsec!: Uint32Array;
  private tsRecvSec!: Float64Array;
  private tsRecvNsec!: Uint32Array;
  private tsInDelta!: Int32Array;
  private instrumentId!: Uint32Array;
  private publisher!: Uint16Array;
  private channelId!: Uint8Array;
  private sequence!: Uint32Array;
  private orderIdHi!: Uint32Array;
  private orderIdLo!: Uint32Array;
  private price!: Float64Array;
  private size!: Uint32Array;
  private action!: Uint8Array;
  private side!: Uint8Array;
  private flags!: Uint8Array;
  private length = 0;
  private readonly ids: Uint32Array;
  private readonly tickSize: Float64Array;
  private readonly seq: Float64Array;
  private readonly publisherId: number;
  private readonly gapNs: number;
  private sec: number;
  private nsec: number;
  private recvSec = 0;
  private recvNsec = 0;
  private inDelta = 0;

  constructor(
    cfg: ResolvedSynthMbo,
    private readonly book: SynthBook,
  ) {
    const n = cfg.instruments.length;
    this.ids = new Uint32Array(n);
    this.tickSize = new Float64Array(n);
    this.seq = new Float64Array(n);
    cfg.instruments.forEach((s, i) => {
      this.ids[i] = s.id;
      this.tickSize[i] = s.tickSize;
    });
    this.publisherId = cfg.publisherId;
    this.gapNs = cfg.gapNs;
    this.sec = cfg.start.sec;
    this.nsec = cfg.start.nsec;
  }

  /** Writes into `t` from its current length on; `detach` stores the length back. */
  attach(t: MboTable): void {
    this.t = t;
    this.length = t.length;
    this.columns();
  }

  detach(): void {
    this.t.length = this.length;
  }

  /** Records in the attached table so far. */
  get count(): number {
    return this.length;
  }

  /** Makes room for `n` more records. */
  room(n: number): void {
    if (this.length + n <= this.t.capacity) return;
    this.t.length = this.length;
    ensureCapacity(this.t, this.length + n);
    this.columns();
  }

  private columns(): void {
    const t = this.t;
    this.tsEventSec = t.tsEventSec;
    this.tsEventNsec = t.tsEventNsec;
    this.tsRecvSec = t.tsRecvSec;
    this.tsRecvNsec = t.tsRecvNsec;
    this.tsInDelta = t.tsInDelta;
    this.instrumentId = t.instrumentId;
    this.publisher = t.publisherId;
    this.channelId = t.channelId;
    this.sequence = t.sequence;
    this.orderIdHi = t.orderIdHi;
    this.orderIdLo = t.orderIdLo;
    this.price = t.price;
    this.size = t.size;
    this.action = t.action;
    this.side = t.side;
    this.flags = t.flags;
  }

  /**
   * Starts an event: with `advance`, a new matching-engine time after an exponential gap (from `gapBits`,
   * 24 random bits); then the feed delay, 2000 + 24 × `delayBits` (8 random bits) ns.
   */
  begin(advance: boolean, gapBits: number, delayBits: number): void {
    if (advance) {
      const e = -Math.log(1 - gapBits * 5.960464477539063e-8); // 2^-24
      const ns = this.nsec + Math.max(1, Math.round(e * this.gapNs));
      if (ns >= 1e9) {
        const carry = Math.floor(ns / 1e9);
        this.sec += carry;
        this.nsec = ns - carry * 1e9;
      } else this.nsec = ns;
    }
    const delay = 2000 + delayBits * 24;
    let rs = this.sec;
    let rn = this.nsec + delay;
    if (rn >= 1e9) {
      rn -= 1e9;
      rs += 1;
    }
    if (rs > this.recvSec || (rs === this.recvSec && rn > this.recvNsec)) {
      this.recvSec = rs;
      this.recvNsec = rn;
    }
    this.inDelta = (delay * 3) >> 2;
  }

  /** Marks the event's last record. */
  end(): void {
    this.flags[this.length - 1] |= FLAG_LAST;
  }

  /** A book Clear ('R', side N, no price, size 0), flagged as part of the snapshot. */
  clear(inst: number): void {
    const i = this.header(inst);
    this.orderIdHi[i] = 0;
    this.orderIdLo[i] = 0;
    this.price[i] = NaN;
    this.size[i] = 0;
    this.action[i] = ACTION_CLEAR;
    this.side[i] = SIDE_NONE;
    this.flags[i] = FLAG_SNAPSHOT;
  }

  /**
   * One record about the order at pool index `p` (-1: a trade, order id 0): book side BID/ASK, price in
   * ticks of the instrument. The id is read here: a double above 2^31 passed as an argument is boxed.
   */
  order(
    inst: number,
    p: number,
    side: number,
    tick: number,
    size: number,
    action: number,
    flags: number,
  ): void {
    const i = this.header(inst);
    const id = p < 0 ? 0 : this.book.id[p]!;
    const hi = Math.floor(id / 4294967296);
    this.orderIdHi[i] = hi;
    this.orderIdLo[i] = id - hi * 4294967296;
    this.price[i] = tick * this.tickSize[inst]!;
    this.size[i] = size;
    this.action[i] = action;
    this.side[i] = side === BID ? SIDE_BID : SIDE_ASK;
    this.flags[i] = flags;
  }

  private header(inst: number): number {
    const i = this.length++;
    this.tsEventSec[i] = this.sec;
    this.tsEventNsec[i] = this.nsec;
    this.tsRecvSec[i] = this.recvSec;
    this.tsRecvNsec[i] = this.recvNsec;
    this.tsInDelta[i] = this.inDelta;
    this.instrumentId[i] = this.ids[inst]!;
    this.publisher[i] = this.publisherId;
    this.channelId[i] = 0;
    this.sequence[i] = this.seq[inst] = this.seq[inst]! + 1;
    return i;
  }
}
