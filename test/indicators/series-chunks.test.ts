/**
 * The price-series batch twins run in chunks of BATCH_CHUNK rows with their state carried between calls;
 * the other test files use 3000 rows (one chunk), so this runs the contract once more per indicator on
 * data spanning several chunks, with periods that put window wraps across chunk boundaries.
 */
import { BollingerBands, bollingerBatch } from '../../src/indicators/bollinger.js';
import { DEMA, TEMA, demaBatch, temaBatch } from '../../src/indicators/dema-tema.js';
import { Donchian, donchianBatch } from '../../src/indicators/donchian.js';
import { EMA, emaBatch } from '../../src/indicators/ema.js';
import { KAMA, kamaBatch } from '../../src/indicators/kama.js';
import { LinRegSlope, linregSlopeBatch } from '../../src/indicators/linreg.js';
import { MACD, macdBatch } from '../../src/indicators/macd.js';
import { Momentum, ROC, momentumBatch, rocBatch } from '../../src/indicators/roc.js';
import {
  RollingMax,
  RollingMin,
  rollingMaxBatch,
  rollingMinBatch,
} from '../../src/indicators/rolling-minmax.js';
import { BATCH_CHUNK, SMA, smaBatch } from '../../src/indicators/sma.js';
import { StdDev, ZScore, stddevBatch, zscoreBatch } from '../../src/indicators/stddev.js';
import { WMA, wmaBatch } from '../../src/indicators/wma.js';
import type { Indicator } from '../../src/indicators/contract.js';
import { indicatorContract, ohlcvWalk, type Columns } from './contract-suite.js';

const walk = ohlcvWalk(2 * BATCH_CHUNK + 1500, 5);
const data = { x: walk.close! };
// 7 and 300 do not divide the chunk size, so wraps and warm-ups straddle chunk boundaries.
const n = 7;
const m = 300;

function series<I extends Indicator & { update(x: number): number }>(
  name: string,
  warmup: number,
  make: () => I,
  batch: (cols: Columns) => Record<string, Float64Array>,
): void {
  indicatorContract({
    name: `${name} across chunks`,
    make,
    warmup,
    update: (ind, cols, i) => ind.update(cols.x![i]!),
    batch,
    fields: ['x'],
    data,
  });
}

series(
  `SMA(${m})`,
  m,
  () => new SMA(m),
  (c) => ({ value: smaBatch(c.x!, m) }),
);
series(
  `EMA(${m})`,
  m,
  () => new EMA(m),
  (c) => ({ value: emaBatch(c.x!, m) }),
);
series(
  `WMA(${n})`,
  n,
  () => new WMA(n),
  (c) => ({ value: wmaBatch(c.x!, n) }),
);
series(
  `DEMA(${m})`,
  2 * m - 1,
  () => new DEMA(m),
  (c) => ({ value: demaBatch(c.x!, m) }),
);
series(
  `TEMA(${m})`,
  3 * m - 2,
  () => new TEMA(m),
  (c) => ({ value: temaBatch(c.x!, m) }),
);
series(
  `KAMA(${n})`,
  n + 1,
  () => new KAMA(n),
  (c) => ({ value: kamaBatch(c.x!, n) }),
);
series(
  'MACD(50, 300, 100)',
  399,
  () => new MACD(50, 300, 100),
  (c) => ({ ...macdBatch(c.x!, 50, 300, 100) }),
);
series(
  `Bollinger(${n})`,
  n,
  () => new BollingerBands(n),
  (c) => ({ ...bollingerBatch(c.x!, n) }),
);
series(
  `StdDev(${m})`,
  m,
  () => new StdDev(m),
  (c) => ({ value: stddevBatch(c.x!, m) }),
);
series(
  `ZScore(${n})`,
  n,
  () => new ZScore(n),
  (c) => ({ value: zscoreBatch(c.x!, n) }),
);
series(
  `ROC(${n})`,
  n + 1,
  () => new ROC(n),
  (c) => ({ value: rocBatch(c.x!, n) }),
);
series(
  `Momentum(${m})`,
  m + 1,
  () => new Momentum(m),
  (c) => ({ value: momentumBatch(c.x!, m) }),
);
series(
  `RollingMax(${m})`,
  m,
  () => new RollingMax(m),
  (c) => ({ value: rollingMaxBatch(c.x!, m) }),
);
series(
  `RollingMin(${n})`,
  n,
  () => new RollingMin(n),
  (c) => ({ value: rollingMinBatch(c.x!, n) }),
);
series(
  `LinRegSlope(${n})`,
  n,
  () => new LinRegSlope(n),
  (c) => ({ value: linregSlopeBatch(c.x!, n) }),
);
indicatorContract({
  name: `Donchian(${m}) across chunks`,
  make: () => new Donchian(m),
  warmup: m,
  update: (ind, cols, i) => ind.updateHighLow(cols.high![i]!, cols.low![i]!),
  batch: (cols) => ({ ...donchianBatch({ high: cols.high!, low: cols.low! }, m) }),
  fields: ['high', 'low'],
  data: walk,
});
