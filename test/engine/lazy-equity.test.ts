import { describe, expect, it } from 'vitest';
import { backtest } from '../../src/index.js';
import { generateSynthBars } from '../../src/data/synth/bars.js';
import { Rng } from '../../src/core/rng.js';
import { Strategy } from '../../src/strategy/strategy.js';
import type { BarView } from '../../src/strategy/bar-view.js';
import type { BarTable } from '../../src/data/bars.js';

/** Random market and limit orders on AAA only, long and short. */
class Trader extends Strategy {
  constructor(private readonly rng: Rng) {
    super();
  }
  override onBar(bar: BarView): void {
    if (bar.symbol !== 'AAA') return;
    const r = this.rng.int(10);
    if (r === 0) this.ctx.targetPosition('AAA', (this.rng.int(5) - 2) * 37);
    else if (r === 1) this.ctx.buy('AAA', 5, { type: 'limit', price: bar.low });
  }
}

/** The same rows under another symbol: a second stream at the same timestamps that never trades. */
function twin(t: BarTable, symbol: string): BarTable {
  return { ...t, symbol };
}

describe('lazy equity (one instrument) equals the eagerly recorded curve', () => {
  for (const [label, config] of [
    ['next-open fills', {}],
    [
      'close fills, latency, commission',
      {
        execution: {
          fill_at: 'close',
          latency_model: { type: 'fixed', entry: '10m', response: '5m' },
          commission: { type: 'per_share', rate: 0.01, min: 1 },
          slippage: { type: 'ticks', ticks: 1 },
        },
      },
    ],
  ] as const)
    it(label, async () => {
      const [aaa] = generateSynthBars({
        symbols: ['AAA'],
        bars: 3000,
        freq: '1h',
        start: '2021-01-04',
        seed: 8,
      });
      const lazy = await backtest({
        bars: [aaa!],
        strategy: new Trader(new Rng(3)),
        config: { log_level: 'silent', ...config },
      });
      const eager = await backtest({
        bars: [aaa!, twin(aaa!, 'ZZZ')],
        strategy: new Trader(new Rng(3)),
        config: { log_level: 'silent', ...config },
      });
      expect(lazy.record.fills.length, 'the strategy trades').toBeGreaterThan(100);
      const a = lazy.record.equity;
      const b = eager.record.equity;
      expect(a.length).toBe(b.length);
      expect(Array.from(a.equityUnits), 'equity').toEqual(Array.from(b.equityUnits));
      expect(Array.from(a.cashUnits), 'cash').toEqual(Array.from(b.cashUnits));
      expect(lazy.metrics.sharpe).toBe(eager.metrics.sharpe);
    });
});
