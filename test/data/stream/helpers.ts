// Test helpers for the streaming tests: bar tables as DBN OHLCV records (1e-9 prices), written as DBN
// files with a symbol mapping; bar tables as plain arrays; chunk concatenation; a small engine run.
import { writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { pow10 } from '../../../src/core/decimal.js';
import { Instrument } from '../../../src/core/instrument.js';
import { allocBarTable, type BarTable } from '../../../src/data/bars.js';
import type { BarChunkSource } from '../../../src/data/stream/bar-stream.js';
import { encodeDbn } from '../../../src/data/dbn/writer.js';
import { newTable, type OhlcvTable } from '../../../src/data/schemas.js';
import { Engine, type EngineResult } from '../../../src/engine/engine.js';
import { FixedLatency, NoCommission, NoSlippage } from '../../../src/exec/models.js';
import { CrossOver, SMA } from '../../../src/indicators/sma.js';
import type { BarView } from '../../../src/strategy/bar-view.js';
import { Strategy } from '../../../src/strategy/strategy.js';

export const RTYPE_1M = 0x21;
export const RTYPE_1H = 0x22;

/** The tables' rows as one OHLCV table in time order (ties: table order), instrument ids `ids[k]`. */
export function ohlcvFromBars(tables: BarTable[], ids: number[], rtype = RTYPE_1M): OhlcvTable {
  const rows: [number, number][] = [];
  tables.forEach((t, k) => {
    for (let i = 0; i < t.length; i++) rows.push([k, i]);
  });
  rows.sort(
    ([ka, ia], [kb, ib]) =>
      tables[ka]!.tsSec[ia]! - tables[kb]!.tsSec[ib]! ||
      tables[ka]!.tsNsec[ia]! - tables[kb]!.tsNsec[ib]! ||
      ka - kb,
  );
  const o = newTable('ohlcv', rows.length);
  rows.forEach(([k, i], r) => {
    const t = tables[k]!;
    const raw = t.tick.units * pow10(9 - t.tick.scale);
    o.tsEventSec[r] = t.tsSec[i]!;
    o.tsEventNsec[r] = t.tsNsec[i]!;
    o.instrumentId[r] = ids[k]!;
    o.publisherId[r] = 1;
    o.rtype[r] = rtype;
    o.open[r] = t.open[i]! * raw;
    o.high[r] = t.high[i]! * raw;
    o.low[r] = t.low[i]! * raw;
    o.close[r] = t.close[i]! * raw;
    o.volume[r] = t.volume[i]!;
  });
  o.length = rows.length;
  return o;
}

/** Writes OHLCV tables as a DBN v3 file whose header maps each id to its symbol. */
export function writeOhlcvDbn(path: string, tables: OhlcvTable[], symbols: Map<number, string>): void {
  const mappings = [...symbols].map(([id, symbol]) => ({
    rawSymbol: symbol,
    intervals: [{ startDate: 19900101, endDate: 20400101, symbol: String(id) }],
  }));
  writeFileSync(
    path,
    encodeDbn({ metadata: { dataset: 'TEST.OHLCV', stypeIn: 1, stypeOut: 0, mappings }, tables }),
  );
}

export function plain(t: BarTable): Record<string, unknown> {
  const n = t.length;
  return {
    symbol: t.symbol,
    tick: t.tick,
    length: n,
    tsSec: Array.from(t.tsSec.subarray(0, n)),
    tsNsec: Array.from(t.tsNsec.subarray(0, n)),
    open: Array.from(t.open.subarray(0, n)),
    high: Array.from(t.high.subarray(0, n)),
    low: Array.from(t.low.subarray(0, n)),
    close: Array.from(t.close.subarray(0, n)),
    volume: Array.from(t.volume.subarray(0, n)),
  };
}

/** The chunks of a source end to end, as one table (and the chunk lengths). */
export async function drain(src: BarChunkSource): Promise<{ table: BarTable; lengths: number[] }> {
  const chunks: BarTable[] = [];
  for (let c = await src.next(); c !== null; c = await src.next()) chunks.push(c);
  return { table: concat(src.symbol, src.tick, chunks), lengths: chunks.map((c) => c.length) };
}

export function concat(symbol: string, tick: BarTable['tick'], chunks: BarTable[]): BarTable {
  const out = allocBarTable(
    symbol,
    tick,
    chunks.reduce((n, c) => n + c.length, 0),
  );
  for (const c of chunks) {
    expect(c.symbol, 'every chunk carries the source symbol').toBe(symbol);
    expect(c.tick, 'every chunk carries the source tick').toEqual(tick);
    const at = out.length;
    out.tsSec.set(c.tsSec.subarray(0, c.length), at);
    out.tsNsec.set(c.tsNsec.subarray(0, c.length), at);
    out.open.set(c.open.subarray(0, c.length), at);
    out.high.set(c.high.subarray(0, c.length), at);
    out.low.set(c.low.subarray(0, c.length), at);
    out.close.set(c.close.subarray(0, c.length), at);
    out.volume.set(c.volume.subarray(0, c.length), at);
    out.length += c.length;
  }
  return out;
}

/** Long `size` while the fast SMA of closes is above the slow one (as examples/strategies/sma-crossover.ts). */
class SmaCross extends Strategy {
  private readonly fast = new SMA(5);
  private readonly slow = new SMA(20);
  private readonly cross = new CrossOver();
  override onBar(bar: BarView): void {
    const s = this.cross.update(this.fast.update(bar.close), this.slow.update(bar.close));
    if (s > 0) this.ctx.targetPosition(bar.symbol, 10);
    else if (s < 0) this.ctx.targetPosition(bar.symbol, 0);
  }
}

/** One SMA-crossover run over `table` (the first chunk when `more` is given). */
export function runEngine(
  table: BarTable,
  more: BarChunkSource | null,
  equityIntervalSec = 0,
): Promise<EngineResult> {
  const inst = new Instrument(0, {
    symbol: table.symbol,
    tickSize: `${table.tick.units}e-${table.tick.scale}`,
  });
  const engine = new Engine({
    instruments: [inst],
    bars: [{ instrumentId: 0, table, more }],
    strategies: [{ id: 'sma', strategy: new SmaCross(), params: {}, symbols: null }],
    initialCash: 1_000_000,
    fillAtClose: false,
    volumeParticipation: null,
    commission: () => new NoCommission(),
    slippage: new NoSlippage(),
    latency: new FixedLatency(0, 0),
    risk: { maxPosition: null, maxOrderSize: null },
    logLevel: 'silent',
    equityIntervalSec,
  });
  return engine.runAsync();
}
