import { describe, expect, it } from 'vitest';
import {
  l2QueueModel,
  LogProbQueue,
  PowerProbQueue,
  RiskAverseQueue,
} from '../../../src/exec/book/queue-models.js';

describe('L2 queue position models', () => {
  it('risk averse: only trades advance us; the estimate never exceeds the displayed size', () => {
    const m = new RiskAverseQueue();
    expect(m.depth(30, 0, 100, 20)).toBe(20);
    expect(m.depth(30, 0, 100, 50)).toBe(30);
    expect(m.depth(30, 0, 100, 120)).toBe(30);
    expect(m.depth(30, 0, 100, 0)).toBe(0);
  });

  it('prob_power n=1: a cancel of 20 with 30 ahead and 70 behind is ahead of us with probability 0.3', () => {
    // p(behind) = 70 / (70 + 30) = 0.7; new ahead = 30 − 0.3 × 20 = 24
    expect(new PowerProbQueue(1).depth(30, 0, 100, 80)).toBeCloseTo(24, 12);
  });

  it('prob_power n=2 and prob_log weight the back and front of the queue as documented', () => {
    const p2 = 4900 / (4900 + 900);
    expect(new PowerProbQueue(2).depth(30, 0, 100, 80)).toBeCloseTo(30 - (1 - p2) * 20, 12);
    expect(new PowerProbQueue(2).depth(30, 0, 100, 80)).toBeCloseTo(26.896551724, 8);
    const pl = Math.log(71) / (Math.log(71) + Math.log(31));
    expect(new LogProbQueue().depth(30, 0, 100, 80)).toBeCloseTo(30 - (1 - pl) * 20, 12);
    expect(new LogProbQueue().depth(30, 0, 100, 80)).toBeCloseTo(21.0767, 3);
  });

  it('a size decrease already explained by trades at the level moves nothing (no double count)', () => {
    // a trade of 10 took ahead from 40 to 30; the level then shows 90 instead of 100
    expect(new PowerProbQueue(1).depth(30, 10, 100, 90)).toBe(30);
    // 15 gone, 10 of it traded: only 5 is a cancel (p behind = 70/100) -> 30 − 0.3 × 5
    expect(new PowerProbQueue(1).depth(30, 10, 100, 85)).toBeCloseTo(28.5, 12);
  });

  it('nothing behind us: every cancel is ahead; nothing ahead: nothing moves; joins only cap', () => {
    expect(new PowerProbQueue(3).depth(100, 0, 100, 60)).toBe(60);
    expect(new LogProbQueue().depth(0, 0, 100, 60)).toBe(0);
    expect(new PowerProbQueue(2).depth(30, 0, 100, 140)).toBe(30);
    // back 10 with n = 1: p = 0.1; 90 − 0.9 × 50 + min(10 − 5, 0) = 45
    expect(new PowerProbQueue(1).depth(90, 0, 100, 50)).toBeCloseTo(45, 12);
    // more expected behind than is there (n = 3, front 2, back 18): the rest comes off the front
    const p = 5832 / (5832 + 8);
    const est = 2 - (1 - p) * 19 + Math.min(18 - p * 19, 0);
    expect(est).toBeCloseTo(1, 12);
    expect(new PowerProbQueue(3).depth(2, 0, 20, 1)).toBeCloseTo(1, 12);
  });

  it('builds from the config spec; l3_fifo has no L2 model; bad parameters are refused', () => {
    expect(l2QueueModel({ type: 'risk_averse' })?.name).toBe('risk_averse');
    expect(l2QueueModel({ type: 'prob_power', n: 3 })?.name).toBe('prob_power(n=3)');
    expect(l2QueueModel({ type: 'prob_log' })?.name).toBe('prob_log');
    expect(l2QueueModel({ type: 'l3_fifo' })).toBeNull();
    expect(() => new PowerProbQueue(0)).toThrow(/positive/);
  });
});
