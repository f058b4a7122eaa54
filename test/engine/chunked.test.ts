import { describe, expect, it } from 'vitest';
import { generateSynthBars } from '../../src/data/synth/bars.js';
import { prefetching, tableChunks, type BarChunkSource } from '../../src/data/stream/bar-stream.js';
import { backtest } from '../../src/index.js';
import { runConfig, validateConfig, type BacktestResult } from '../../src/index.js';
import { Strategy } from '../../src/strategy/strategy.js';
import type { BarView } from '../../src/strategy/bar-view.js';
import { DataError } from '../../src/core/errors.js';
import type { BarTable } from '../../src/data/bars.js';

/** Trades on a 20-bar breakout read from the history window (reaches back across chunk boundaries),
 *  with limit entries and market exits, so working orders span chunk ends too. */
class Breakout extends Strategy {
  log: string[] = [];
  override onBar(bar: BarView): void {
    const h = this.ctx.history(bar.symbol);
    if (h.length < 21) return;
    let hi = -Infinity;
    for (let k = 1; k <= 20; k++) hi = Math.max(hi, h.high(k));
    const closes = h.closes(25);
    this.log.push(`${bar.symbol} ${h.length} ${hi} ${closes[0]} ${closes.length}`);
    const pos = this.ctx.position(bar.symbol);
    if (pos === 0 && bar.close > hi) this.ctx.buy(bar.symbol, 10, { type: 'limit', price: bar.close });
    else if (pos > 0 && bar.close < h.low(1)) this.ctx.targetPosition(bar.symbol, 0);
  }
}

const bars = (): BarTable[] =>
  generateSynthBars({ symbols: ['AAA', 'BBB'], bars: 3000, freq: '1m', start: '2021-01-04', seed: 11 });

async function run(tables: BarTable[], streams: BarChunkSource[], config: Record<string, unknown> = {}) {
  const s = new Breakout();
  const cfg = validateConfig(
    { backtest: { log_level: 'silent', ...config }, strategy: { params: {} } },
    process.cwd(),
    true,
  );
  const res = await runConfig(cfg, { tables, streams, strategies: [s] });
  return { res, log: s.log };
}

function facts(r: BacktestResult) {
  const e = r.record.equity;
  return {
    fills: [...r.record.fills],
    trades: [...r.record.trades],
    ts: Array.from(e.tsSec.subarray(0, e.length)),
    equity: Array.from(e.equityUnits.subarray(0, e.length)),
    cash: Array.from(e.cashUnits.subarray(0, e.length)),
    fingerprint: r.metrics.fingerprint,
  };
}

describe('chunked streams through the engine', () => {
  it('give the same events, fills, trades, equity and fingerprint as in-memory tables', async () => {
    const whole = await run(bars(), []);
    expect(whole.res.record.fills.length, 'the strategy trades').toBeGreaterThan(10);
    for (const rows of [1, 7, 500, 2999, 5000]) {
      const chunked = await run(
        [],
        bars().map((t) => prefetching(tableChunks(t, rows), 2)),
      );
      expect(chunked.log, `strategy saw the same history with ${rows}-row chunks`).toEqual(whole.log);
      expect(facts(chunked.res), `same results with ${rows}-row chunks`).toEqual(facts(whole.res));
    }
  });

  it('mix in-memory tables and streams', async () => {
    const [a, b] = bars();
    const whole = await run([a!, b!], []);
    const mixed = await run([a!], [tableChunks(b!, 333)]);
    expect(facts(mixed.res)).toEqual(facts(whole.res));
  });

  it('apply start/end and re-ticking per chunk', async () => {
    const config = {
      start: '2021-01-04T10:00:00Z',
      end: '2021-01-05T12:00:00Z',
      instruments: { AAA: { tick_size: '0.001' } },
    };
    const whole = await run(bars(), [], config);
    const chunked = await run(
      [],
      bars().map((t) => tableChunks(t, 97)),
      config,
    );
    expect(whole.res.record.equity.length, 'the range cuts the run').toBeLessThan(3000);
    expect(facts(chunked.res)).toEqual(facts(whole.res));
  });

  it('reject a chunk that goes back in time, naming the symbol and timestamp', async () => {
    const [a] = bars();
    const chunks = [tableChunks(a!, 100)];
    let k = 0;
    const src = chunks[0]!;
    const backwards: BarChunkSource = {
      ...src,
      next: async () => {
        const t = await src.next();
        if (t && ++k === 3) t.tsSec[0] = t.tsSec[0]! - 3600;
        return t;
      },
      close: () => src.close(),
    };
    const err = await run([], [backwards]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(
      /bars of AAA.*timestamp.*a chunk starts at or before the end of the previous one/,
    );
  });

  it('sample equity once per interval (the last sample of each day)', async () => {
    const t = generateSynthBars({
      symbols: ['AAA'],
      bars: 5000,
      freq: '1h',
      start: '2021-01-04',
      seed: 3,
    })[0]!;
    const every = await backtest({ bars: [t], strategy: new Breakout(), config: { log_level: 'silent' } });
    const daily = await backtest({
      bars: [t],
      strategy: new Breakout(),
      config: { log_level: 'silent', analytics: { equity_interval: '1d' } },
    });
    const e = every.record.equity;
    const lastOfDay: number[] = [];
    const lastEq: number[] = [];
    for (let i = 0; i < e.length; i++) {
      const d = Math.floor(e.tsSec[i]! / 86400);
      if (i + 1 === e.length || Math.floor(e.tsSec[i + 1]! / 86400) !== d) {
        lastOfDay.push(e.tsSec[i]!);
        lastEq.push(e.equityUnits[i]!);
      }
    }
    const d = daily.record.equity;
    expect(Array.from(d.tsSec.subarray(0, d.length)), 'one sample per day, at its last bar').toEqual(
      lastOfDay,
    );
    expect(Array.from(d.equityUnits.subarray(0, d.length))).toEqual(lastEq);
    expect([...daily.record.fills], 'sampling does not change trading').toEqual([...every.record.fills]);
  });
});
