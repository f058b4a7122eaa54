import { describe, expect, it } from 'vitest';
import { backtest } from '../../src/index.js';
import { generateSynthBars } from '../../src/data/synth/bars.js';
import { Rng } from '../../src/core/rng.js';
import { Strategy } from '../../src/strategy/strategy.js';
import type { BarView } from '../../src/strategy/bar-view.js';
import type { OrderUpdate } from '../../src/exec/order.js';
import type { BracketRequest } from '../../src/exec/contingent-request.js';
import type { StrategyContext } from '../../src/engine/context-impl.js';
import { barTable } from '../support/bars.js';

const day = (d: number) => `2020-03-${String(d).padStart(2, '0')}`;
const bars = () =>
  barTable('AAA', [
    [day(2), 10000, 10100, 9900, 10050, 1000],
    [day(3), 10100, 10200, 10000, 10150, 1000],
    [day(4), 10150, 10600, 10100, 10550, 1000],
    [day(5), 10550, 10600, 10500, 10580, 1000],
  ]);

/** Places one bracket on its first bar (or what `act` says) and records every update. */
class Bracketer extends Strategy {
  log: string[] = [];
  constructor(
    private readonly request: BracketRequest,
    private readonly act: (s: Bracketer, n: number) => void = () => {},
  ) {
    super();
  }
  override onBar(bar: BarView): void {
    const n = this.ctx.history(bar.symbol).length;
    if (n === 1) this.ctx.bracket(this.request);
    this.act(this, n);
  }
  override onOrderUpdate(u: OrderUpdate): void {
    const fill = u.kind.endsWith('filled') ? ` ${u.fillQty}@${u.fillPrice}` : '';
    const reason = u.kind === 'cancelled' || u.kind === 'rejected' ? ` (${u.reason})` : '';
    this.log.push(`${u.time.slice(0, 10)} ${u.kind} #${u.orderId}${fill}${reason}`);
  }
}

const config = (extra: Record<string, unknown> = {}) => ({
  log_level: 'silent',
  initial_cash: 100_000,
  ...extra,
});
const base: BracketRequest = { symbol: 'AAA', side: 'buy', qty: 10, takeProfit: 105, stopLoss: 97 };

describe('ctx.bracket in a run', () => {
  it('enters at the next open, releases the exits, takes profit and cancels the stop-loss', async () => {
    const s = new Bracketer(base);
    const res = await backtest({ bars: [bars()], strategy: s, config: config() });
    expect(s.log).toEqual([
      '2020-03-02 accepted #1',
      '2020-03-03 filled #1 10@101',
      '2020-03-03 accepted #2',
      '2020-03-03 accepted #3',
      '2020-03-04 filled #2 10@105',
      '2020-03-04 cancelled #3 (OCO: order 2 filled)',
    ]);
    expect(res.record.strategies[0]!.realizedUnits / 100, '(105 - 101) × 10').toBe(40);
    expect(res.record.openPositions).toEqual([]);
    expect(res.record.ordersOpenAtEnd).toBe(0);
  });

  it('is not refused by max_position equal to its size (the exits are reduce-only)', async () => {
    const s = new Bracketer(base);
    const res = await backtest({
      bars: [bars()],
      strategy: s,
      config: config({ risk_limits: { max_position: 10 } }),
    });
    expect(res.record.ordersRejected).toBe(0);
    expect(res.record.fills.length).toBe(2);
  });

  it('a refused entry cancels its held exits', async () => {
    const s = new Bracketer(base);
    const res = await backtest({
      bars: [bars()],
      strategy: s,
      config: config({ risk_limits: { max_order_size: 5 } }),
    });
    expect(s.log).toEqual([
      '2020-03-02 rejected #1 (order size 10 exceeds max_order_size 5)',
      '2020-03-02 cancelled #2 (parent order 1 rejected without a fill)',
      '2020-03-02 cancelled #3 (parent order 1 rejected without a fill)',
    ]);
    expect(res.record.fills.length).toBe(0);
  });

  it('cancelling an unfilled entry cancels its exits; held exits are neither open orders nor pending', async () => {
    const seen: number[] = [];
    const s = new Bracketer({ ...base, entry: { type: 'limit', price: 98 } }, (b, n) => {
      const ctx = b.ctx as unknown as StrategyContext;
      seen.push(ctx.openOrders('AAA').length, ctx.pendingLots(0, -1));
      if (n === 2) b.ctx.cancel(b.ctx.openOrders('AAA')[0]!);
    });
    await backtest({ bars: [bars()], strategy: s, config: config() });
    expect(seen.slice(0, 2), 'only the entry is open; nothing pending on the sell side').toEqual([1, 0]);
    expect(s.log.slice(1)).toEqual([
      '2020-03-03 cancelled #1 (cancelled by strategy)',
      '2020-03-03 cancelled #2 (parent order 1 cancelled without a fill)',
      '2020-03-03 cancelled #3 (parent order 1 cancelled without a fill)',
    ]);
  });

  it('refuses a take-profit or stop-loss on the wrong side of the entry, naming it', async () => {
    const tp = new Bracketer({ ...base, entry: { type: 'limit', price: 100 }, takeProfit: 99 });
    await expect(backtest({ bars: [bars()], strategy: tp, config: config() })).rejects.toThrow(
      'AAA: bracket takeProfit 99 must be above the entry price 100 for a buy',
    );
    const sl = new Bracketer({ ...base, side: 'sell', takeProfit: 95, stopLoss: 99 });
    await expect(backtest({ bars: [bars()], strategy: sl, config: config() })).rejects.toThrow(
      'AAA: bracket stopLoss 99 must be above the entry price 100.5 for a sell',
    );
  });
});

const TYPES = [
  'market',
  'limit',
  'stop',
  'market_if_touched',
  'limit_if_touched',
  'trailing_stop',
  'trailing_stop_limit',
] as const;

/** Random orders of every type, brackets, OTO/OCO groups, cancels; checks the pending counters each bar. */
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
    const px = (k: number) => Math.round(bar.close * (1 + k / 100) * 100) / 100;
    const sym = bar.symbol;
    const side = r.int(2) ? 'buy' : 'sell';
    const sgn = side === 'buy' ? 1 : -1;
    const action = r.int(10);
    if (action < 4) {
      const type = TYPES[r.int(TYPES.length)]!;
      const k = r.int(3) + 1;
      ctx.submit({
        symbol: sym,
        side,
        qty: 1 + r.int(300),
        type,
        price: type === 'limit' || type === 'limit_if_touched' ? px(-sgn * k) : undefined,
        triggerPrice: type.endsWith('if_touched') ? px(-sgn * k) : undefined,
        stopPrice: type === 'stop' ? px(sgn * k) : undefined,
        trailingOffset: type.startsWith('trailing') ? 1 + r.int(3) : undefined,
        trailingOffsetType: 'ticks',
        limitOffset: type === 'trailing_stop_limit' ? r.int(3) : undefined,
        tif: r.int(4) === 0 ? 'DAY' : 'GTC',
      });
    } else if (action < 6) {
      const k = 1 + r.int(3);
      ctx.bracket({
        symbol: sym,
        side,
        qty: 1 + r.int(300),
        entry: r.int(2) ? { type: 'limit', price: px(-sgn * 0.5) } : undefined,
        takeProfit: px(sgn * k),
        stopLoss: px(-sgn * k),
        releaseOn: r.int(2) ? 'partial' : 'full',
      });
    } else if (action < 7) {
      ctx.oco([
        { symbol: sym, side, qty: 1 + r.int(200), type: 'limit', price: px(-sgn) },
        { symbol: sym, side, qty: 1 + r.int(200), type: 'stop', stopPrice: px(sgn) },
      ]);
    } else if (action < 9) {
      const open = ctx.openOrders(sym);
      if (open.length) ctx.cancel(open[r.int(open.length)]!);
    } else ctx.targetPosition(sym, 0);
  }
}

describe('contingent and new order types under random use', () => {
  it('keeps the pending counters exact and runs deterministically (latency, volume cap)', async () => {
    const prints: string[] = [];
    for (const seed of [1, 2, 1]) {
      const data = generateSynthBars({
        symbols: ['AAA', 'BBB'],
        bars: 300,
        freq: '1h',
        start: '2021-01-04',
        seed,
      });
      const s = new Chaos(new Rng(seed));
      const res = await backtest({
        bars: data,
        strategy: s,
        config: {
          log_level: 'silent',
          initial_cash: 1e9,
          execution: {
            volume_participation: 0.002,
            latency_model: { type: 'fixed', entry: '30m', response: '10m' },
          },
        },
      });
      expect(s.checks).toBe(1200);
      expect(res.record.fills.length, 'orders traded').toBeGreaterThan(50);
      prints.push(res.metrics.fingerprint);
    }
    expect(prints[2], 'same seed, same fingerprint').toBe(prints[0]);
    expect(prints[1]).not.toBe(prints[0]);
  });
});
