// The synthetic MBO generator: every record replays consistently into a naive reference book (FIFO
// queues, Databento semantics: partial cancels, modifies that lose priority, T/F/C trades), the flow has
// the documented shape, a seed reproduces the bytes, chunked generation equals one call, and bad options
// are ConfigErrors naming the option.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { encodeDbn } from '../../src/data/dbn/writer.js';
import { readDbn } from '../../src/data/dbn/read.js';
import { generateSynthMbo, SynthMboGenerator, type SynthMboOptions } from '../../src/data/dbn/synth-mbo.js';
import { FLAG_LAST, FLAG_SNAPSHOT, newTable, type MboTable } from '../../src/data/schemas.js';
import { replayReference } from './synth-mbo-reference.js';

const ticks = (o: SynthMboOptions): ((inst: number) => number) => {
  const gen = new SynthMboGenerator(o);
  return (inst) => gen.instruments.find((s) => s.id === inst)!.tickSize;
};

const run = (o: SynthMboOptions): { t: MboTable; n: ReturnType<typeof replayReference> } => {
  const t = generateSynthMbo(o);
  return { t, n: replayReference(t, ticks(o)) };
};

describe('generateSynthMbo: consistent with a live book', () => {
  const o = { seed: 11, events: 150_000, instruments: 3 };
  const { t, n } = run(o);

  it('replays into the reference book with every invariant holding, for several instruments', () => {
    expect(t.length).toBeGreaterThanOrEqual(150_000);
    expect(t.length, 'ends on a complete event').toBeLessThan(150_000 + 200);
    expect(t.flags[t.length - 1]! & FLAG_LAST).toBe(FLAG_LAST);
    expect(new Set(t.instrumentId)).toEqual(new Set([1, 2, 3]));
    expect(n.trades).toBeGreaterThan(3000);
  });

  it('opens each instrument with a Clear and F_SNAPSHOT adds, like a Databento file', () => {
    expect(String.fromCharCode(t.action[0]!)).toBe('R');
    expect(t.side[0]).toBe(78); // 'N'
    let i = 1;
    while ((t.flags[i]! & FLAG_LAST) === 0) {
      expect([t.action[i], t.flags[i]]).toEqual([65, FLAG_SNAPSHOT]);
      i++;
    }
    expect(t.flags[i]).toBe(FLAG_SNAPSHOT | FLAG_LAST);
    expect(i, 'the snapshot holds tens of levels a side').toBeGreaterThan(60);
    expect(t.instrumentId[i + 1]).toBe(2);
    expect(String.fromCharCode(t.action[i + 1]!)).toBe('R');
  });

  it('is cancel-heavy, with cancels clustered at the touch', () => {
    expect(n.cancels / n.adds, 'most adds end cancelled').toBeGreaterThan(0.75);
    expect(n.cancelsAtTouch / n.cancels).toBeGreaterThan(0.18);
    expect(n.cancelsWithin3 / n.cancels).toBeGreaterThan(0.35);
  });

  it('modifies reduce, increase and reprice orders; trades fill partly and sweep levels', () => {
    for (const k of ['reduces', 'increases', 'reprices', 'partialFills'] as const)
      expect(n[k], k).toBeGreaterThan(500);
    expect(n.restingRemainders, 'sweeps that leave their remainder resting').toBeGreaterThan(20);
    expect(n.reduces).toBeGreaterThan(n.increases);
    expect(n.sweeps / n.trades, 'about sweepProb of trades walk several levels').toBeGreaterThan(0.02);
    expect(n.sweeps / n.trades).toBeLessThan(0.1);
  });

  it('prices drift and every instrument keeps its own tick', () => {
    const first = new Map<number, number>();
    const last = new Map<number, number>();
    for (let i = 0; i < t.length; i++)
      if (t.price[i] === t.price[i]) {
        if (!first.has(t.instrumentId[i]!)) first.set(t.instrumentId[i]!, t.price[i]!);
        last.set(t.instrumentId[i]!, t.price[i]!);
      }
    expect([...first.values()]).toEqual([99.99e9, 4999.75e9, 199.95e9].map((x) => Math.round(x)));
    for (const [id, p] of first) expect(last.get(id), `instrument ${id} moved`).not.toBe(p);
  });
});

describe('generateSynthMbo: options', () => {
  it('is deterministic: the same seed gives identical DBN bytes, another seed other ones', () => {
    const o = { seed: 5, events: 20_000, instruments: 2 };
    const bytes = (seed: number): Buffer =>
      Buffer.from(encodeDbn({ tables: { mbo: generateSynthMbo({ ...o, seed }) } }));
    const a = bytes(5);
    expect(a.equals(bytes(5)), 'same seed, same bytes').toBe(true);
    expect(a.equals(bytes(6)), 'another seed, other bytes').toBe(false);
  });

  it('chunked generation (SynthMboGenerator.next) gives the same records as one call', () => {
    const o = { seed: 9, events: 30_000, instruments: 4 };
    const whole = generateSynthMbo(o);
    const gen = new SynthMboGenerator(o);
    const parts: number[] = [];
    let t = newTable('mbo', 16);
    const prices: number[] = [];
    while (!gen.done) {
      t = gen.next(777, t);
      parts.push(t.length);
      for (let i = 0; i < t.length; i++) prices.push(t.price[i]! + t.tsEventNsec[i]! + t.orderIdLo[i]!);
    }
    expect(gen.records).toBe(whole.length);
    expect(parts.length).toBeGreaterThan(30);
    const expected = Array.from(whole.price, (p, i) => p + whole.tsEventNsec[i]! + whole.orderIdLo[i]!);
    expect(prices).toEqual(expected);
  });

  it('keeps the book consistent with deep books, heavy sweeps, no signal and custom instruments', () => {
    const o: SynthMboOptions = {
      seed: 2,
      events: 60_000,
      depth: 60,
      sweepProb: 0.5,
      maxSweepLevels: 12,
      signal: 0,
      meanOrderSize: 2,
      instrumentSpecs: [
        { tickSize: 1, midTicks: 5000, weight: 3 },
        { tickSize: 1_000_000_000, midTicks: 1_000_000 },
      ],
      start: { sec: 1_600_000_000, nsec: 999_999_990 },
      ratePerSec: 1e6,
      firstInstrumentId: 70,
      firstOrderId: 1,
    };
    const { t, n } = run(o);
    expect(n.sweeps / n.trades).toBeGreaterThan(0.3);
    expect(new Set(t.instrumentId)).toEqual(new Set([70, 71]));
    expect(t.tsEventSec[0]).toBe(1_600_000_000);
    expect(t.orderIdLo[1]).toBe(1);
  });

  it('order flow leads mid moves through the touch imbalance, more with signal than without', () => {
    const lead = (signal: number): number =>
      queueImbalanceLead(generateSynthMbo({ seed: 3, events: 150_000, signal }));
    const none = lead(0);
    const some = lead(0.5);
    expect(some, 'with signal 0.5').toBeGreaterThan(0.15);
    expect(some - none, 'signal adds to the lead every queue model has').toBeGreaterThan(0.08);
  });

  it('rejects bad options with a ConfigError naming the option', () => {
    const bad = (o: Partial<SynthMboOptions>, msg: string): void => {
      expect(() => generateSynthMbo({ seed: 1, events: 10, ...o } as SynthMboOptions)).toThrow(ConfigError);
      expect(() => generateSynthMbo({ seed: 1, events: 10, ...o } as SynthMboOptions)).toThrow(msg);
    };
    bad({ seed: 1.5 }, 'seed: must be an integer (got 1.5)');
    bad({ events: undefined }, 'events: is required');
    bad({ events: -1 }, 'events: must be an integer from 0 to 2147483648 (got -1)');
    bad({ instruments: 0 }, 'instruments: must be an integer from 1 to 1000 (got 0)');
    bad(
      { instruments: 2, instrumentSpecs: [{}] },
      'instruments: must equal the 1 entries of instrumentSpecs',
    );
    bad({ instrumentSpecs: [{ tickSize: 0.5 }] }, 'instrumentSpecs[0].tickSize: must be an integer');
    bad({ midTicks: 10 }, 'midTicks: must be an integer from 1160 to 268435456 (got 10)');
    bad({ tickSize: 1e15, midTicks: 1e8 }, 'midTicks: times tickSize 1000000000000000 is too large');
    bad({ depth: 1 }, 'depth: must be an integer from 2 to 200 (got 1)');
    bad({ signal: 2 }, 'signal: must be a number from 0 to 1 (got 2)');
    bad({ volatility: 0.9 }, 'volatility: must be a number from 0 to 0.5 (got 0.9)');
    bad({ sweepProb: Number.NaN }, 'sweepProb: must be a number from 0 to 1');
    bad({ maxSweepLevels: 1 }, 'maxSweepLevels: must be an integer from 2 to 50 (got 1)');
    bad({ ratePerSec: 0 }, 'ratePerSec: must be a number from');
    bad(
      { mix: { add: 1, cancel: 1, modify: 1, trade: 0 } },
      'mix: add, cancel and trade weights must be positive',
    );
    bad({ mix: { add: 1, cancel: 1, trade: 1 } as never }, 'mix.modify: must be a number');
    bad({ start: { sec: 1, nsec: 1e9 } }, 'start: nsec must be from 0 to 999999999');
    bad({ publisherId: 70_000 }, 'publisherId: must be an integer from 0 to 65535 (got 70000)');
  });

  it('writes to DBN and reads back identically', () => {
    const t = generateSynthMbo({ seed: 3, events: 3000, instruments: 2 });
    const back = readDbn(encodeDbn({ tables: { mbo: t }, metadata: { dataset: 'SYNTH' } })).tables.mbo!;
    expect(back.length).toBe(t.length);
    for (const col of ['price', 'size', 'action', 'flags', 'orderIdHi', 'orderIdLo', 'tsRecvNsec'] as const)
      expect(Array.from(back[col]), col).toEqual(Array.from(t[col]));
  });
});

/** Correlation of the touch's queue imbalance with the mid's move over the next 100 events (1 instrument). */
function queueImbalanceLead(t: MboTable): number {
  const size = [new Map<number, number>(), new Map<number, number>()];
  const orders = new Map<number, { k: number; p: number; z: number }>();
  const put = (k: number, p: number, z: number): void => {
    const v = (size[k]!.get(p) ?? 0) + z;
    if (v) size[k]!.set(p, v);
    else size[k]!.delete(p);
  };
  const mids: number[] = [];
  const imbalance: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const a = t.action[i]!;
    const id = t.orderIdHi[i]! * 2 ** 32 + t.orderIdLo[i]!;
    const k = t.side[i] === 66 ? 0 : 1;
    const o = orders.get(id);
    if (a === 65) {
      orders.set(id, { k, p: t.price[i]!, z: t.size[i]! });
      put(k, t.price[i]!, t.size[i]!);
    } else if (a === 67 && o) {
      put(o.k, o.p, -t.size[i]!);
      if ((o.z -= t.size[i]!) === 0) orders.delete(id);
    } else if (a === 77 && o) {
      put(o.k, o.p, -o.z);
      o.p = t.price[i]!;
      o.z = t.size[i]!;
      put(o.k, o.p, o.z);
    }
    if (t.flags[i]! & FLAG_LAST && !(t.flags[i]! & FLAG_SNAPSHOT)) {
      const bb = Math.max(...size[0]!.keys());
      const ba = Math.min(...size[1]!.keys());
      const qb = size[0]!.get(bb)!;
      const qa = size[1]!.get(ba)!;
      mids.push((bb + ba) / 2);
      imbalance.push((qb - qa) / (qb + qa));
    }
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (let e = 0; e + 100 < mids.length; e += 5) {
    xs.push(imbalance[e]!);
    ys.push(mids[e + 100]! - mids[e]!);
  }
  const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, j) => {
    sxy += (x - mx) * (ys[j]! - my);
    sxx += (x - mx) ** 2;
    syy += (ys[j]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}
