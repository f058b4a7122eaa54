import { describe, expect, it } from 'vitest';
import { backtest } from '../../src/index.js';
import { Strategy } from '../../src/strategy/strategy.js';
import type { BarView } from '../../src/strategy/bar-view.js';
import type { OrderUpdate } from '../../src/exec/order.js';
import { barTable } from '../support/bars.js';

const day = (d: number) => `2020-03-${String(d).padStart(2, '0')}`;
// Prices in cents.
const aaa = () =>
  barTable('AAA', [
    [day(2), 10000, 10100, 9900, 10050, 1000],
    [day(3), 10100, 10200, 10000, 10150, 1000],
    [day(4), 10200, 10300, 10100, 10250, 1000],
    [day(5), 10300, 10400, 10200, 10350, 1000],
    [day(6), 10400, 10500, 10300, 10450, 1000],
  ]);
const bbb = () =>
  barTable('BBB', [
    [day(2), 5000, 5100, 4900, 5050, 1000],
    [day(4), 5200, 5300, 5100, 5250, 1000],
    [day(6), 5400, 5500, 5300, 5450, 1000],
  ]);

/** Records what it sees; buys once on its first bar. */
class Recorder extends Strategy {
  seen: string[] = [];
  updates: OrderUpdate[] = [];
  override onStart(): void {
    this.seen.push(`start ${this.ctx.time()}`);
  }
  override onBar(bar: BarView): void {
    this.seen.push(`bar ${bar.symbol} ${bar.time.slice(0, 10)} pos=${this.ctx.position(bar.symbol)}`);
    if (bar.symbol === 'AAA' && this.ctx.history('AAA').length === 1) this.ctx.buy('AAA', 10);
  }
  override onOrderUpdate(u: OrderUpdate): void {
    this.updates.push(u);
    this.seen.push(`${u.kind} ${u.symbol} ${u.time.slice(0, 10)}`);
  }
  override onStop(): void {
    this.seen.push('stop');
  }
}

describe('engine loop', () => {
  it('merges symbols in time order and acts on the next bar (no lookahead)', async () => {
    const s = new Recorder();
    const res = await backtest({ bars: [aaa(), bbb()], strategy: s, config: { log_level: 'silent' } });
    expect(s.seen.slice(0, 8)).toEqual([
      'start 2020-03-02T00:00:00Z',
      'bar AAA 2020-03-02 pos=0',
      'accepted AAA 2020-03-02',
      'bar BBB 2020-03-02 pos=0',
      'filled AAA 2020-03-03',
      'bar AAA 2020-03-03 pos=10',
      'bar AAA 2020-03-04 pos=10',
      'bar BBB 2020-03-04 pos=0',
    ]);
    expect(s.seen.at(-1)).toBe('stop');
    expect(res.record.fills.at(0)).toMatchObject({ priceTicks: 10100, lots: 10, side: 1 });
    expect(res.record.equity.length, 'one equity sample per distinct timestamp').toBe(5);
    // Final equity: 100000 - 10 × 101.00 + 10 × 104.50 = 100035.
    expect(res.record.finalEquityUnits / 10 ** res.record.cashScale).toBe(100035);
  });

  it('delays arrival and reports by the latency model', async () => {
    const s = new Recorder();
    await backtest({
      bars: [aaa()],
      strategy: s,
      config: {
        log_level: 'silent',
        execution: { latency_model: { type: 'fixed', entry: '2d', response: '1d' } },
      },
    });
    // Sent on 03-02, arrives 03-04 00:00 (before that bar: ties go to scheduled events), fills on the
    // 03-04 bar; the reports (stamped with venue time) reach the strategy a day later, on 03-05.
    expect(s.seen).toContain('accepted AAA 2020-03-04');
    expect(s.seen, 'the strategy does not yet know of the fill on the 03-04 bar').toContain(
      'bar AAA 2020-03-04 pos=0',
    );
    const fill = s.updates.find((u) => u.kind === 'filled')!;
    expect(fill.fillPrice).toBe(102);
    expect(fill.time.slice(0, 10), 'venue time of the fill').toBe('2020-03-04');
    expect(s.seen.indexOf('bar AAA 2020-03-05 pos=10') > s.seen.indexOf('filled AAA 2020-03-04')).toBe(true);
  });

  it('rejects orders breaking risk limits, with the reason', async () => {
    class Greedy extends Strategy {
      reasons: string[] = [];
      override onBar(bar: BarView): void {
        if (this.ctx.history(bar.symbol).length === 1) {
          this.ctx.buy('AAA', 60);
          this.ctx.buy('AAA', 60);
          this.ctx.buy('AAA', 200);
        }
      }
      override onOrderUpdate(u: OrderUpdate): void {
        if (u.kind === 'rejected') this.reasons.push(u.reason);
      }
    }
    const s = new Greedy();
    const res = await backtest({
      bars: [aaa()],
      strategy: s,
      config: { log_level: 'silent', risk_limits: { max_position: 100, max_order_size: 150 } },
    });
    expect(s.reasons).toEqual([
      'AAA: position could reach 120 with open orders, above max_position 100',
      'order size 200 exceeds max_order_size 150',
    ]);
    expect(res.record.ordersRejected).toBe(2);
    expect(Array.from(res.record.fills).map((f) => f.lots)).toEqual([60]);
  });

  it('attributes orders, fills and P&L to each strategy', async () => {
    class Buyer extends Strategy {
      override onBar(): void {
        if (this.ctx.history('AAA').length === 1) this.ctx.buy('AAA', 10);
      }
    }
    class Seller extends Strategy {
      override onBar(): void {
        if (this.ctx.history('AAA').length === 1) this.ctx.sell('AAA', 4);
      }
    }
    const res = await backtest({
      bars: [aaa()],
      strategy: [new Buyer(), new Seller()],
      ids: ['buyer', 'seller'],
      config: { log_level: 'silent' },
    });
    const [b, s] = res.record.strategies;
    expect(b!.id).toBe('buyer');
    expect(b!.fills).toBe(1);
    // Buyer long 10 from 101.00, marked at 104.50: +35.00; seller short 4 from 101.00: −14.00.
    expect(b!.unrealizedUnits / 100).toBe(35);
    expect(s!.unrealizedUnits / 100).toBe(-14);
    expect(res.record.finalEquityUnits / 100).toBe(100000 + 35 - 14);
  });

  it('fires timers in simulated time and expires GTD orders at their time', async () => {
    class Timed extends Strategy {
      log: string[] = [];
      override onStart(): void {
        this.ctx.setTimer('2020-03-04T12:00:00Z', 'noon');
        const id = this.ctx.setTimer('2020-03-05T12:00:00Z', 'never');
        this.ctx.cancelTimer(id);
      }
      override onBar(): void {
        if (this.ctx.history('AAA').length === 1)
          this.ctx.buy('AAA', 1, { type: 'limit', price: 50, tif: 'GTD', expireAt: '2020-03-04T06:00:00Z' });
      }
      override onTimer(t: { name: string; time: string }): void {
        this.log.push(`timer ${t.name} ${t.time}`);
      }
      override onOrderUpdate(u: OrderUpdate): void {
        this.log.push(`${u.kind} ${u.time}`);
      }
    }
    const s = new Timed();
    await backtest({ bars: [aaa()], strategy: s, config: { log_level: 'silent' } });
    expect(s.log).toEqual([
      'accepted 2020-03-02T00:00:00Z',
      'expired 2020-03-04T06:00:00Z',
      'timer noon 2020-03-04T12:00:00Z',
    ]);
  });

  it('reports a strategy error with its id and hook', async () => {
    class Broken extends Strategy {
      override onBar(): void {
        this.ctx.buy('NOPE', 1);
      }
    }
    await expect(
      backtest({ bars: [aaa()], strategy: new Broken(), config: { log_level: 'silent' } }),
    ).rejects.toThrow(/unknown symbol "NOPE" \(this run has: AAA\)/);
  });

  it('calls the onBar a strategy has once onStart has run, with the strategy as this', async () => {
    class Swapper extends Strategy {
      seen: string[] = [];
      override onStart(): void {
        this.onBar = function (this: Swapper, bar: BarView): void {
          this.seen.push(`swapped ${bar.symbol} ${bar.time.slice(0, 10)}`);
        };
      }
      override onBar(_bar: BarView): void {
        this.seen.push('original');
      }
    }
    const s = new Swapper();
    await backtest({ bars: [aaa()], strategy: s, config: { log_level: 'silent' } });
    expect(s.seen, 'every bar reaches the onBar set in onStart, called on the strategy').toEqual(
      [2, 3, 4, 5, 6].map((d) => `swapped AAA ${day(d)}`),
    );
  });

  it('targets positions net of open orders and closes with fill-at-close', async () => {
    class Target extends Strategy {
      override onBar(bar: BarView): void {
        const n = this.ctx.history(bar.symbol).length;
        if (n <= 2) this.ctx.targetPosition('AAA', 30);
        if (n === 4) this.ctx.targetPosition('AAA', 0);
      }
    }
    const res = await backtest({
      bars: [aaa()],
      strategy: new Target(),
      config: { log_level: 'silent', execution: { fill_at: 'close' } },
    });
    expect(Array.from(res.record.fills).map((f) => [f.side, f.lots, f.priceTicks])).toEqual([
      [1, 30, 10050],
      [-1, 30, 10350],
    ]);
    expect(res.record.trades).toHaveLength(1);
    expect(res.record.trades.at(0)!.pnlUnits).toBe(30 * 300);
  });
});

describe('engine input checks', () => {
  it('rejects in-memory bars that are not in strictly increasing time, naming symbol and row', async () => {
    const bad = barTable('AAA', [
      [day(2), 10000, 10100, 9900, 10050, 1000],
      [day(2), 10100, 10200, 10000, 10150, 1000],
    ]);
    await expect(
      backtest({ bars: [bad], strategy: new Recorder(), config: { log_level: 'silent' } }),
    ).rejects.toThrow(
      'bars of AAA:2: field "timestamp": not after the previous row (2020-03-02T00:00:00Z): bar rows must be in strictly increasing time (value "2020-03-02T00:00:00Z")',
    );
  });
});
