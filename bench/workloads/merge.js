// merge_1000_streams: the time-ordered heap merge (engine/stream-merge) over 1,000 streams × 10,000 rows
//   (10 M events), each stream on its own irregular clock so heads interleave; events/s = rows emitted.
// engine_1000_streams: the same 1,000 symbols (10,000 1-minute bars each) through the full engine with a
//   strategy that reads every bar (merge, marks, equity, dispatch; no orders).
import { StreamMerge } from '../../dist/engine/stream-merge.js';
import { Rng, Strategy, generateSynthBars, runConfig, validateConfig } from '../../dist/index.js';
import { result } from '../lib.js';

const STREAMS = 1000;
const ROWS = 10_000;

function clocks() {
  const rng = new Rng(5);
  return Array.from({ length: STREAMS }, () => {
    const tsSec = new Float64Array(ROWS);
    const tsNsec = new Uint32Array(ROWS);
    let t = 1.6e9 + rng.int(60);
    for (let i = 0; i < ROWS; i++) {
      t += 1 + rng.int(120);
      tsSec[i] = t;
      tsNsec[i] = rng.int(1e9);
    }
    return { length: ROWS, tsSec, tsNsec, priority: 0, more: false };
  });
}

function drain(streams) {
  const m = new StreamMerge(streams);
  let n = 0;
  let check = 0;
  while (!m.done) {
    check += m.head;
    m.advance();
    n++;
  }
  return [n, check];
}

class ReadsBars extends Strategy {
  sum = 0;
  onBar(bar) {
    this.sum += bar.closeTicks;
  }
}

export default async function run() {
  const streams = clocks();
  drain(streams.map((s) => ({ ...s, length: 500 })));
  const t0 = performance.now();
  const [events] = drain(streams);
  const mergeSec = (performance.now() - t0) / 1000;
  const a = result('merge_1000_streams', events, mergeSec, {
    what: 'heap merge of 1,000 sorted streams x 10,000 irregular timestamps (merge alone)',
  });

  const symbols = Array.from({ length: STREAMS }, (_, i) => `S${String(i).padStart(4, '0')}`);
  const tables = generateSynthBars({ symbols, bars: ROWS, freq: '1m', start: '2015-01-05', seed: 4 });
  const cfg = validateConfig(
    { backtest: { initial_cash: 1e6, log_level: 'silent' }, strategy: { params: {} } },
    process.cwd(),
    true,
  );
  await runConfig(cfg, { tables: tables.map((t) => ({ ...t, length: 300 })), strategies: [new ReadsBars()] });
  globalThis.gc?.();
  const res = await runConfig(cfg, { tables, strategies: [new ReadsBars()] });
  const b = result('engine_1000_streams', res.record.events, res.record.loopSeconds, {
    what: 'full engine over 1,000 symbols x 10,000 1-minute bars, a strategy reading every bar, no orders',
  });
  return [a, b];
}
