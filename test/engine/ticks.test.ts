import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConfig, validateConfig } from '../../src/index.js';
import { Strategy } from '../../src/strategy/strategy.js';
import type { BarView } from '../../src/strategy/bar-view.js';
import type { QuoteView, TradeView } from '../../src/strategy/tick-view.js';
import { writeBarsCsv } from '../../src/data/csv/write-bars.js';
import { barTable } from '../support/bars.js';
import { ConfigError, DataError } from '../../src/core/errors.js';

class Tape extends Strategy {
  seen: string[] = [];
  override onBar(bar: BarView): void {
    this.seen.push(`bar ${bar.symbol} ${bar.time} ${bar.close}`);
    if (bar.symbol === 'AAA' && this.seen.length === 1) this.ctx.buy('AAA', 10);
  }
  override onTrade(t: TradeView): void {
    this.seen.push(
      `trade ${t.symbol} ${t.time} ${t.price}x${t.size} ${t.side} ${t.priceTicks} eq=${this.ctx.equity}`,
    );
  }
  override onQuote(q: QuoteView): void {
    this.seen.push(`quote ${q.symbol} ${q.time} ${q.bidPrice}/${q.askPrice} ${q.bidSize}/${q.askSize}`);
  }
}

function setup(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hs-ticks-'));
  writeBarsCsv(join(dir, 'AAA.csv'), [
    barTable('AAA', [
      ['2021-06-01T14:30:00Z', 10000, 10100, 9900, 10050, 500],
      ['2021-06-01T14:31:00Z', 10050, 10200, 10000, 10150, 500],
      ['2021-06-01T14:32:00Z', 10150, 10300, 10100, 10250, 500],
    ]),
  ]);
  writeFileSync(
    join(dir, 'trades.csv'),
    [
      'timestamp,price,size,side,symbol',
      '2021-06-01T14:30:20.000000001Z,100.55,3,B,AAA',
      '2021-06-01T14:31:00Z,101.00,1,A,AAA',
      '2021-06-01T14:31:30.5Z,101.75,2,N,AAA',
    ].join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'quotes.jsonl'),
    [
      { timestamp: '2021-06-01T14:30:10Z', bid_px: '49.995', ask_px: '50.005', bid_sz: 7, ask_sz: 9 },
      { timestamp: '2021-06-01T14:31:45Z', bid_px: '50.000', ask_px: '50.010', bid_sz: 1, ask_sz: 2 },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n') + '\n',
  );
  return dir;
}

function config(dir: string, extra: Record<string, unknown>[] = []) {
  return validateConfig(
    {
      backtest: {
        log_level: 'silent',
        initial_cash: 10000,
        data: [
          { type: 'csv', path: join(dir, 'AAA.csv'), symbol: 'AAA', tick_size: '0.01' },
          { type: 'trades', path: join(dir, 'trades.csv') },
          { type: 'quotes', path: join(dir, 'quotes.jsonl'), symbol: 'BBB', tick_size: '0.005' },
          ...extra,
        ],
      },
      strategy: { params: {} },
    },
    process.cwd(),
    true,
  );
}

describe('trade and quote streams', () => {
  it('reach onTrade/onQuote in time order with bars, prices on the instrument tick, trades marking positions', async () => {
    const dir = setup();
    const s = new Tape();
    const res = await runConfig(config(dir), { strategies: [s] });
    expect(s.seen).toEqual([
      'bar AAA 2021-06-01T14:30:00Z 100.5',
      'quote BBB 2021-06-01T14:30:10Z 49.995/50.005 7/9',
      'trade AAA 2021-06-01T14:30:20.000000001Z 100.55x3 buy 10055 eq=10000',
      // Bars, then trades, at one timestamp: the order the sources were configured in.
      'bar AAA 2021-06-01T14:31:00Z 101.5',
      // Long 10 from 100.50 (the 14:31 open): cash 8,995 + 10 x the trade price.
      'trade AAA 2021-06-01T14:31:00Z 101x1 sell 10100 eq=10005',
      'trade AAA 2021-06-01T14:31:30.500Z 101.75x2 none 10175 eq=10012.5',
      'quote BBB 2021-06-01T14:31:45Z 50/50.01 1/2',
      'bar AAA 2021-06-01T14:32:00Z 102.5',
    ]);
    expect(res.record.instruments.map((i) => `${i.symbol} ${i.formatPrice(1)}`)).toEqual([
      'AAA 0.01',
      'BBB 0.005',
    ]);
    expect(res.record.events, 'every bar, trade and quote is an event').toBe(8);
  });

  it('reject prices off the instrument tick and unknown formats with the file, row and field', async () => {
    const dir = setup();
    writeFileSync(join(dir, 'bad.csv'), 'timestamp,price,size\n2021-06-01T14:30:30Z,100.555,1\n');
    const err = await runConfig(
      config(dir, [{ type: 'trades', path: join(dir, 'bad.csv'), symbol: 'AAA' }]),
      {
        strategies: [new Tape()],
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toBe(
      `${join(dir, 'bad.csv')}: field "price": record 1 (AAA): price is not a whole number of instrument ticks (0.01) (value "100.555")`,
    );
    writeFileSync(join(dir, 'q.txt'), 'x');
    const fmt = await runConfig(config(dir, [{ type: 'quotes', path: join(dir, 'q.txt') }]), {
      strategies: [new Tape()],
    }).catch((e: unknown) => e);
    expect(fmt).toBeInstanceOf(ConfigError);
    expect((fmt as Error).message).toMatch(
      /^backtest\.data\[3\]\.format: cannot tell the format of .*q\.txt/,
    );
  });
});
