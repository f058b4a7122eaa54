import { describe, expect, it } from 'vitest';
import { backtest } from '../../src/index.js';
import { generateSynthBars } from '../../src/data/synth/bars.js';
import { Rng } from '../../src/core/rng.js';
import { Strategy } from '../../src/strategy/strategy.js';
import type { BarView } from '../../src/strategy/bar-view.js';
import type { StrategyContext } from '../../src/engine/context-impl.js';

const TYPES = ['market', 'limit', 'stop', 'stop_limit'] as const;
const TIFS = ['GTC', 'DAY', 'IOC', 'FOK', 'GTD'] as const;

/** Random orders, cancels and modifies; checks the O(1) pending counters against a scan of open orders. */
class Chaos extends Strategy {
  checks = 0;
  constructor(private readonly rng: Rng) {
    super();
  }
  override onBar(bar: BarView): void {
    const ctx = this.ctx as unknown as StrategyContext;
    const inst = ctx.instrument(bar.symbol);
    for (const side of [1, -1] as const) {
      let scan = 0;
      for (const o of ctx.openOrders(bar.symbol)) if (o.side === side) scan += o.remainingLots;
      expect(ctx.pendingLots(inst.id, side), `${bar.time} ${bar.symbol} side ${side}`).toBe(scan);
      this.checks++;
    }
    const r = this.rng;
    const action = r.int(10);
    const open = ctx.openOrders(bar.symbol);
    if (action < 5) {
      const type = TYPES[r.int(4)]!;
      const tif = TIFS[r.int(5)]!;
      const off = (r.int(5) - 2) * 0.01 * bar.close;
      ctx.submit({
        symbol: bar.symbol,
        side: r.int(2) ? 'buy' : 'sell',
        qty: 1 + r.int(400),
        type,
        tif,
        price:
          type === 'limit' || type === 'stop_limit' ? Math.round((bar.close + off) * 100) / 100 : undefined,
        stopPrice:
          type === 'stop' || type === 'stop_limit' ? Math.round((bar.close - off) * 100) / 100 : undefined,
        expireAt: tif === 'GTD' ? new Date((bar.tsSec + 3 * 3600) * 1000).toISOString() : undefined,
      });
    } else if (action < 7 && open.length) ctx.cancel(open[r.int(open.length)]!);
    else if (action < 9 && open.length) {
      const o = open[r.int(open.length)]!;
      ctx.modify(o, { qty: 1 + r.int(500) });
    } else ctx.targetPosition(bar.symbol, r.int(3) * 100 - 100);
  }
}

describe('pending order lots', () => {
  it('the O(1) counters equal the open orders at every bar (random orders, cancels, modifies, partial fills)', async () => {
    for (const seed of [1, 2, 3]) {
      const bars = generateSynthBars({
        symbols: ['AAA', 'BBB'],
        bars: 400,
        freq: '1h',
        start: '2021-01-04',
        seed,
      });
      const s = new Chaos(new Rng(seed));
      const res = await backtest({
        bars,
        strategy: s,
        config: {
          log_level: 'silent',
          initial_cash: 1e9,
          execution: {
            volume_participation: 0.001,
            latency_model: { type: 'fixed', entry: '30m', response: '10m' },
          },
        },
      });
      expect(s.checks).toBe(1600);
      expect(res.record.fills.length, 'orders traded, some partially').toBeGreaterThan(50);
    }
  });
});
