import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConfig, validateConfig } from '../../src/index.js';
import { ConfigError, DataError } from '../../src/core/errors.js';
import { runDataSynthKind } from '../../src/cli/data-synth.js';
import { readLatencyRecords } from '../../src/engine/book-config.js';
import { Strategy } from '../../src/strategy/strategy.js';
import type { BookView } from '../../src/book/view.js';
import { writeBarsCsv } from '../../src/data/csv/write-bars.js';
import { barTable } from '../support/bars.js';

const dir = mkdtempSync(join(tmpdir(), 'hs-book-config-'));
const mbo = join(dir, 'flow.mbo.dbn');
const mbp = join(dir, 'flow.mbp10.dbn');

beforeAll(async () => {
  await runDataSynthKind({ kind: 'mbo', out: mbo, events: '40000', symbols: 'ESH4', seed: '5' });
  await runDataSynthKind({ kind: 'mbp10', out: mbp, events: '40000', symbols: 'ESH4', seed: '5' });
});
afterAll(() => undefined);

/** Quotes one lot at the touch on both sides, re-quoting when the touch moves; crosses now and then. */
class Quoter extends Strategy {
  n = 0;
  override onBook(b: BookView): void {
    if (b.bestBidTicks() !== b.bestBidTicks() || b.bestAskTicks() !== b.bestAskTicks()) return;
    const open = this.ctx.openOrders('ESH4');
    if (++this.n % 500 === 0) this.ctx.buy('ESH4', 1, { type: 'limit', price: b.bestAsk(), tif: 'IOC' });
    if (open.length === 0) {
      if (this.ctx.position('ESH4') < 5) this.ctx.buy('ESH4', 1, { type: 'limit', price: b.bestBid() });
      if (this.ctx.position('ESH4') > -5) this.ctx.sell('ESH4', 1, { type: 'limit', price: b.bestAsk() });
    } else if (
      open.some((o) => Math.abs(o.limitTicks - (o.side > 0 ? b.bestBidTicks() : b.bestAskTicks())) > 2)
    )
      for (const o of open) this.ctx.cancel(o);
  }
}

function config(path: string, execution: Record<string, unknown> = {}, fees?: Record<string, unknown>) {
  return validateConfig(
    {
      backtest: {
        initial_cash: 100_000,
        log_level: 'silent',
        data: [{ type: 'dbn', path, symbols: ['ESH4'] }],
        instruments: { ESH4: { tick_size: '0.01', ...(fees ? { fees } : {}) } },
        execution,
        output: { report: false },
      },
      strategy: { params: {} },
    },
    dir,
    true,
  );
}

describe('book runs from a config', () => {
  it('an MBO file trades on the book venue: maker and taker fills, the same fingerprint twice with random latency', async () => {
    const execution = {
      latency_model: {
        type: 'lognormal',
        entry: { median: '40us', sigma: 0.5, floor: '5us' },
        response: { median: '30us', sigma: 0.5 },
      },
      fees: { maker_bps: -0.2, taker_bps: 0.5 },
    };
    const a = await runConfig(config(mbo, execution), { strategies: [new Quoter()] });
    const b = await runConfig(config(mbo, execution), { strategies: [new Quoter()] });
    const liq = new Set(Array.from(a.record.fills, (f) => f.liquidity));
    expect(liq).toEqual(new Set(['maker', 'taker']));
    expect(a.metrics.events).toBe(40_000);
    expect(b.metrics.fingerprint).toBe(a.metrics.fingerprint);
    const fixed = await runConfig(config(mbo), { strategies: [new Quoter()] });
    expect(fixed.metrics.fingerprint).not.toBe(a.metrics.fingerprint);
  });

  it('an MBP-10 file trades on levels (risk_averse by default); l3_fifo there is a config error', async () => {
    const r = await runConfig(config(mbp), { strategies: [new Quoter()] });
    expect(r.record.fills.length).toBeGreaterThan(0);
    await expect(
      runConfig(config(mbp, { fill_model: { queue_position_model: 'l3_fifo' } }), {
        strategies: [new Quoter()],
      }),
    ).rejects.toThrow(/queue_position_model: l3_fifo needs order-by-order \(MBO\) data/);
  });

  it('book-only settings are refused without a book feed, and fees in two units at once', async () => {
    const csv = join(dir, 'AAA.csv');
    writeBarsCsv(csv, [barTable('AAA', [['2021-06-01T14:30:00Z', 100, 101, 99, 100, 10]])]);
    const bars = validateConfig(
      {
        backtest: {
          data: [{ type: 'csv', path: csv, symbol: 'AAA' }],
          execution: {
            latency_model: {
              type: 'lognormal',
              entry: { median: 1, sigma: 0 },
              response: { median: 1, sigma: 0 },
            },
          },
          output: { report: false },
        },
        strategy: { params: {} },
      },
      dir,
      true,
    );
    await expect(runConfig(bars, { strategies: [new Quoter()] })).rejects.toThrow(ConfigError);
    expect(() => config(mbo, { fees: { maker_bps: 1, taker_per_unit: 0.01 } })).toThrow(
      /backtest\.execution\.fees.*either in bps or per unit/,
    );
  });

  it('recorded latencies: ISO or integer ns per column, bad cells named by row and column', () => {
    const ok = join(dir, 'lat.csv');
    writeFileSync(
      ok,
      'request,venue,response\n2024-01-02T14:30:00.000001Z,1704205800000051000,2024-01-02T14:30:00.000111Z\n',
    );
    const r = readLatencyRecords(ok, 1_704_205_800);
    expect([r.requestNs[0], r.venueNs[0], r.responseNs[0]]).toEqual([1000, 51_000, 111_000]);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'request,venue,response\n1,2,3\n4,soon,6\n');
    expect(() => readLatencyRecords(bad, 0)).toThrow(DataError);
    expect(() => readLatencyRecords(bad, 0)).toThrow(/bad\.csv:3: field "venue": not an ISO 8601 time/);
    writeFileSync(bad, 'request,venue\n1,2\n');
    expect(() => readLatencyRecords(bad, 0)).toThrow(/no "response" column/);
  });

  it("an instrument's own fees replace execution.fees for it", async () => {
    const r = await runConfig(config(mbo, { fees: { taker_bps: 100 } }, { taker_per_unit: '0.01' }), {
      strategies: [new Quoter()],
    });
    const taker = Array.from(r.record.fills).filter((f) => f.liquidity === 'taker');
    expect(taker.length).toBeGreaterThan(0);
    for (const f of taker) expect(f.feeUnits).toBe(f.lots); // 1 cent a unit at cash scale 2
    for (const f of Array.from(r.record.fills)) if (f.liquidity === 'maker') expect(f.feeUnits).toBe(0);
  });
});
