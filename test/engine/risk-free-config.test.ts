import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConfig, validateConfig } from '../../src/index.js';
import { generateSynthBars } from '../../src/data/synth/bars.js';
import { writeBarsCsv } from '../../src/data/csv/write-bars.js';
import { Strategy } from '../../src/strategy/strategy.js';
import type { BarView } from '../../src/strategy/bar-view.js';
import { DataError } from '../../src/core/errors.js';
import { computeMetrics } from '../../src/analytics/metrics.js';

class Hold extends Strategy {
  override onBar(bar: BarView): void {
    if (this.ctx.position(bar.symbol) === 0) this.ctx.buy(bar.symbol, 10);
  }
}

function setup(rates: string) {
  const dir = mkdtempSync(join(tmpdir(), 'hs-rf-'));
  writeBarsCsv(
    join(dir, 'A.csv'),
    generateSynthBars({ symbols: ['A'], bars: 500, freq: '1d', start: '2020-01-01', seed: 2 }),
  );
  writeFileSync(join(dir, 'rates.csv'), rates);
  const cfg = (rf: unknown) =>
    validateConfig(
      {
        backtest: {
          log_level: 'silent',
          data: [{ type: 'csv', path: 'A.csv', symbol: 'A' }],
          analytics: { risk_free_rate: rf },
        },
        strategy: { params: {} },
      },
      dir,
      true,
    );
  return cfg;
}

describe('risk-free rate from a CSV series', () => {
  it('uses each rate from its date on in Sharpe and reports the mean; a constant series equals the constant', async () => {
    const cfg = setup('timestamp,rate\n2019-06-01,0.01\n2020-09-01,0.05\n');
    const res = await runConfig(cfg('rates.csv'), { strategies: [new Hold()] });
    const series = res.record.riskFreeRate as { annualRate: ArrayLike<number> };
    expect(Array.from(series.annualRate)).toEqual([0.01, 0.05]);
    const m = res.metrics.risk_free_rate as number;
    expect(m, 'mean of the rates in force over the returns').toBeGreaterThan(0.01);
    expect(m).toBeLessThan(0.05);
    const flat = setup('timestamp,rate\n2019-06-01,0.03\n');
    const a = await runConfig(flat('rates.csv'), { strategies: [new Hold()] });
    const b = await runConfig(flat(0.03), { strategies: [new Hold()] });
    expect(a.metrics.sharpe, 'a one-row series is the constant').toBeCloseTo(b.metrics.sharpe as number, 12);
    expect(computeMetrics({ ...a.record, riskFreeRate: 0 }).sharpe).not.toBeCloseTo(
      a.metrics.sharpe as number,
      6,
    );
  });

  it('names the file, line and field of a bad row', async () => {
    const cfg = setup('timestamp,rate\n2020-01-01,0.02\n2020-02-01,abc\n');
    const err = await runConfig(cfg('rates.csv'), { strategies: [new Hold()] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(
      /rates\.csv:3: field "rate": annual rate must be a number > -1 .*\(value "abc"\)$/,
    );
  });
});
