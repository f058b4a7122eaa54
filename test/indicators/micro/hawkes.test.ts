import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { HawkesIntensity, hawkesBatch } from '../../../src/indicators/micro/hawkes.js';
import { indicatorContract } from '../contract-suite.js';
import { tradeStream } from './gen.js';

indicatorContract({
  name: 'HawkesIntensity(0.5, 0.8, 1.2)',
  make: () => new HawkesIntensity(0.5, 0.8, 1.2),
  warmup: 1,
  update: (ind, c, i) => ind.update(c.ts![i]!),
  batch: (c) => ({ value: hawkesBatch(c.ts!, 0.5, 0.8, 1.2) }),
  fields: ['ts'],
  data: tradeStream(3000, 11),
});

describe('Hawkes intensity, known times', () => {
  const mu = 0.5;
  const alpha = 0.8;
  const beta = 1.2;
  /** λ(t) by the definition, summing over every event at or before t. */
  const direct = (t: number, events: number[]): number =>
    mu + events.filter((ti) => ti <= t).reduce((s, ti) => s + alpha * Math.exp(-beta * (t - ti)), 0);

  it('jumps by α at each event and decays at rate β', () => {
    const ind = new HawkesIntensity(mu, alpha, beta);
    expect(ind.intensityAt(0), 'μ before any event').toBe(mu);
    expect(ind.update(0), 'μ + α').toBe(1.3);
    // t = 1: 0.5 + 0.8 (1 + e^−1.2) = 1.5409553...
    expect(ind.update(1)).toBe(mu + alpha * (Math.exp(-1.2) + 1));
    // A simultaneous event: one more α, no decay.
    expect(ind.update(1)).toBe(mu + alpha * (Math.exp(-1.2) + 2));
    const events = [0, 1, 1, 3];
    ind.update(3);
    expect(ind.value, 'λ(3) after the 4th event').toBeCloseTo(direct(3, events), 15);
    // λ(4) = 0.5 + 0.8 (e^−4.8 + 2 e^−3.6 + e^−1.2) = 0.5 + 0.8 · 0.36407140 = 0.79125712
    expect(ind.intensityAt(4), 'λ(4) without an event').toBeCloseTo(direct(4, events), 15);
    expect(ind.intensityAt(4), 'λ(4), value worked out by hand').toBeCloseTo(0.79125712, 8);
    expect(ind.count, 'intensityAt does not record events').toBe(4);
    expect(ind.intensityAt(1e6), 'decays to μ').toBe(mu);
  });

  it('matches the direct sum over a long irregular sequence', () => {
    const ts = tradeStream(2000, 12).ts!;
    const ind = new HawkesIntensity(mu, alpha, beta);
    const seen: number[] = [];
    for (let i = 0; i < ts.length; i++) {
      ind.update(ts[i]!);
      seen.push(ts[i]!);
    }
    const t = ts[ts.length - 1]! + 0.3;
    const want = direct(t, seen);
    expect(Math.abs(ind.intensityAt(t) - want) / want, 'relative error after 2000 events').toBeLessThan(
      1e-14,
    );
  });

  it('rejects time going backwards (update) and past queries (intensityAt)', () => {
    const ind = new HawkesIntensity(mu, alpha, beta);
    ind.update(10);
    expect(() => ind.update(9.5)).toThrow(/"ts" must not be before the last event 10/);
    expect(ind.value, 'state unchanged').toBe(1.3);
    expect(() => ind.intensityAt(9)).toThrow(UsageError);
    expect(() => new HawkesIntensity(0.1, 0.1, 0)).toThrow(/beta > 0/);
  });
});
