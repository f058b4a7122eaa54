import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { runToFolder, validateConfig } from '../../src/index.js';
import { generateSynthBars } from '../../src/data/synth/bars.js';
import { writeBarsCsv } from '../../src/data/csv/write-bars.js';
import { Strategy } from '../../src/strategy/strategy.js';
import type { BarView } from '../../src/strategy/bar-view.js';

/** Buys 7 every 5th bar, sells everything every 13th: partial closes, flips of sign never, fees. */
class Churn extends Strategy {
  k = 0;
  override onBar(bar: BarView): void {
    this.k++;
    if (this.k % 5 === 0) this.ctx.buy(bar.symbol, 7);
    if (this.k % 13 === 0 && this.ctx.position(bar.symbol) > 0) this.ctx.targetPosition(bar.symbol, 0);
  }
}

function csvRows(path: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i]!, v])));
}

async function parquetRows(path: string): Promise<Record<string, unknown>[]> {
  return parquetReadObjects({ file: await asyncBufferFromFile(path) });
}

const iso = (d: unknown): string => {
  // TIMESTAMP(NANOS) reads back as a Date (ms); the CSV has the full stamp — compare to the millisecond.
  return (d as Date).toISOString();
};

describe('Parquet twins of the run tables', () => {
  it('hold the same rows as trades.csv, fills.csv and equity.csv', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-twins-'));
    const bars = generateSynthBars({
      symbols: ['AAA', 'BBB'],
      bars: 300,
      freq: '1h',
      start: '2022-01-03',
      seed: 4,
    });
    writeBarsCsv(join(dir, 'bars.csv'), bars, { symbolColumn: true });
    const cfg = validateConfig(
      {
        backtest: {
          log_level: 'silent',
          data: [{ type: 'csv', path: join(dir, 'bars.csv'), columns: { symbol: 'symbol' } }],
          execution: { commission: { type: 'per_share', rate: 0.013, min: 1 } },
          output: { report: false },
        },
        strategy: { params: {} },
      },
      dir,
      true,
    );
    const res = await runToFolder(cfg, join(dir, 'out'), { strategies: [new Churn()] });
    expect(res.files).toEqual(
      expect.arrayContaining(['trades', 'fills', 'equity'].map((f) => join(dir, 'out', `${f}.parquet`))),
    );

    const trades = csvRows(join(dir, 'out/trades.csv'));
    const tp = await parquetRows(join(dir, 'out/trades.parquet'));
    expect(tp.length, 'one row per round trip').toBe(trades.length);
    expect(trades.length).toBeGreaterThan(10);
    tp.forEach((r, i) => {
      const c = trades[i]!;
      expect([r.symbol, r.side, r.qty, r.pnl, r.fees], `trade ${i}`).toEqual([
        c.symbol,
        c.side,
        Number(c.qty),
        Number(c.pnl),
        Number(c.fees),
      ]);
      expect(iso(r.entry_ts).slice(0, 19), `trade ${i} entry`).toBe(c.entry_ts!.slice(0, 19));
      // The CSV prints average prices to 8 decimals; the twin keeps the full double.
      expect(r.entry_price as number, `trade ${i} entry price`).toBeCloseTo(Number(c.entry_price), 7);
      expect(r.exit_price as number, `trade ${i} exit price`).toBeCloseTo(Number(c.exit_price), 7);
    });

    const fills = csvRows(join(dir, 'out/fills.csv'));
    const fp = await parquetRows(join(dir, 'out/fills.parquet'));
    expect(
      fp.map((r) => [
        iso(r.ts).slice(0, 19),
        r.symbol,
        Number(r.order_id),
        r.side,
        r.qty,
        r.price,
        r.fee,
        r.liquidity,
      ]),
    ).toEqual(
      fills.map((c) => [
        c.ts!.slice(0, 19),
        c.symbol,
        Number(c.order_id),
        c.side,
        Number(c.qty),
        Number(c.price),
        Number(c.fee),
        c.liquidity,
      ]),
    );

    const equity = csvRows(join(dir, 'out/equity.csv'));
    const ep = await parquetRows(join(dir, 'out/equity.parquet'));
    expect(ep.length).toBe(equity.length);
    ep.forEach((r, i) => {
      const c = equity[i]!;
      expect([iso(r.ts).slice(0, 19), r.equity, r.cash], `equity row ${i}`).toEqual([
        c.ts!.slice(0, 19),
        Number(c.equity),
        Number(c.cash),
      ]);
      expect(r.drawdown as number, `drawdown row ${i}`).toBeCloseTo(Number(c.drawdown), 9);
    });
  });
});
