import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatEta, formatRate, ProgressBar, type ProgressStream } from '../../src/analytics/progress.js';

class FakeStream implements ProgressStream {
  out: string[] = [];
  constructor(
    public isTTY: boolean,
    public columns = 80,
  ) {}
  write(text: string): boolean {
    this.out.push(text);
    return true;
  }
}

afterEach(() => vi.restoreAllMocks());

function clock(start: number): { set(ms: number): void } {
  let now = start;
  vi.spyOn(Date, 'now').mockImplementation(() => now);
  return { set: (ms) => (now = ms) };
}

describe('ProgressBar', () => {
  it('writes nothing when the stream is not a terminal', () => {
    const s = new FakeStream(false);
    const bar = new ProgressBar(100, s);
    bar.update(50);
    bar.finish();
    expect(s.out).toEqual([]);
  });

  it('shows percent, events/s and ETA, redrawing at most every 100 ms', () => {
    const c = clock(1_000_000);
    const s = new FakeStream(true, 80);
    const bar = new ProgressBar(1_000_000, s);
    c.set(1_002_000); // 2 s later, 250,000 done: 125k ev/s, 750,000 left → 6 s
    bar.update(250_000);
    expect(s.out).toHaveLength(1);
    expect(s.out[0]).toMatch(/^\r\[#{10}-{30}\] {3}25\.0% {2}125\.0k ev\/s {2}ETA 0:06$/);
    c.set(1_002_050);
    bar.update(260_000);
    expect(s.out, 'no redraw within 100 ms').toHaveLength(1);
    c.set(1_002_100);
    bar.update(500_000);
    expect(s.out).toHaveLength(2);
    expect(s.out[1]).toContain(' 50.0%');
    c.set(1_004_000);
    bar.finish();
    expect(s.out.slice(2)).toEqual([
      expect.stringMatching(/^\r\[#{40}\] {2}100\.0% {2}250\.0k ev\/s {2}ETA 0:00$/),
      '\n',
    ]);
    bar.finish();
    bar.update(10);
    expect(s.out, 'nothing after finish').toHaveLength(4);
  });

  it('fits a narrow terminal and pads over a longer previous line', () => {
    const c = clock(0);
    const s = new FakeStream(true, 40);
    const bar = new ProgressBar(10, s);
    c.set(1000);
    bar.update(5);
    const first = s.out[0]!;
    expect(first.length - 1).toBeLessThanOrEqual(40);
    expect(first).toMatch(/^\r\[#+-+\] {3}50\.0% {2}5 ev\/s {2}ETA 0:01$/);
    c.set(1_000_000);
    bar.update(6);
    expect(s.out[1]!.length).toBeGreaterThanOrEqual(first.length);
  });

  it('formats rates and ETAs', () => {
    expect(formatRate(999)).toBe('999');
    expect(formatRate(12_345)).toBe('12.3k');
    expect(formatRate(12_345_678)).toBe('12.35M');
    expect(formatRate(2.5e9)).toBe('2.50G');
    expect(formatEta(59.4)).toBe('0:59');
    expect(formatEta(3_725)).toBe('1:02:05');
  });
});
