/**
 * A one-line terminal progress bar: `[#######-------]  45.2%  12.3M ev/s  ETA 0:12`.
 * It draws only when the stream is a TTY (piped output and CI logs stay clean) and at most every
 * 100 ms, so a caller may report progress as often as it likes. It reads Date.now(): it is display,
 * never engine state, and nothing it measures reaches a run's outputs.
 */

/** What the bar needs of a stream (process.stderr satisfies it). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const MIN_REDRAW_MS = 100;
const BAR_MAX = 40;

/** 1234567 -> "1.23M"; rates and counts at a glance. */
export function formatRate(x: number): string {
  if (x >= 1e9) return (x / 1e9).toFixed(2) + 'G';
  if (x >= 1e6) return (x / 1e6).toFixed(2) + 'M';
  if (x >= 1e3) return (x / 1e3).toFixed(1) + 'k';
  return x.toFixed(0);
}

/** Seconds as m:ss or h:mm:ss. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = -Infinity;
  private lastWidth = 0;
  private done = 0;
  private finished = false;

  constructor(
    private readonly total: number,
    private readonly stream: ProgressStream = process.stderr,
  ) {}

  update(done: number): void {
    this.done = done;
    if (this.finished || !this.stream.isTTY) return;
    const now = Date.now();
    if (now - this.lastDraw < MIN_REDRAW_MS) return;
    this.lastDraw = now;
    this.draw(now);
  }

  /** Draws the bar complete and ends the line (once; only if the stream is a TTY). */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.stream.isTTY) return;
    if (this.done < this.total) this.done = this.total;
    this.draw(Date.now());
    this.stream.write('\n');
  }

  private draw(now: number): void {
    const total = this.total > 0 ? this.total : 0;
    const done = Math.max(0, total > 0 ? Math.min(this.done, total) : this.done);
    const frac = total > 0 ? done / total : 1;
    const secs = (now - this.started) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const eta = rate > 0 && total > 0 ? `ETA ${formatEta((total - done) / rate)}` : 'ETA --:--';
    const tail = `  ${(frac * 100).toFixed(1).padStart(5)}%  ${formatRate(rate)} ev/s  ${eta}`;
    const cols = this.stream.columns ?? 80;
    const width = Math.max(0, Math.min(BAR_MAX, cols - tail.length - 3));
    const filled = Math.round(frac * width);
    const bar = width > 0 ? '[' + '#'.repeat(filled) + '-'.repeat(width - filled) + ']' : '';
    const line = bar + tail;
    // Pad over the previous line's leftovers instead of an ANSI erase, so any terminal shows it cleanly.
    const pad = this.lastWidth > line.length ? ' '.repeat(this.lastWidth - line.length) : '';
    this.lastWidth = line.length;
    this.stream.write('\r' + line + pad);
  }
}
