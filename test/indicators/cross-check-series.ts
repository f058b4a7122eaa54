/**
 * Cross-check table for the price-series indicators (helper A's modules; run by cross-check.test.ts):
 * each check pairs one of our outputs with a library's and says where the conventions differ.
 */
import * as TI from 'technicalindicators';
import * as TS from 'trading-signals';
import { bollingerBatch } from '../../src/indicators/bollinger.js';
import { demaBatch, temaBatch } from '../../src/indicators/dema-tema.js';
import { donchianBatch } from '../../src/indicators/donchian.js';
import { emaBatch } from '../../src/indicators/ema.js';
import { macdBatch } from '../../src/indicators/macd.js';
import { rocBatch } from '../../src/indicators/roc.js';
import { smaBatch } from '../../src/indicators/sma.js';
import { stddevBatch } from '../../src/indicators/stddev.js';
import { wmaBatch } from '../../src/indicators/wma.js';
import { EXACT, SETTLED, TIGHT, perRow, ti, type Check } from './cross-check-data.js';

export const SERIES_CHECKS: Check[] = [
  ...(
    [
      [
        'SMA(20)',
        (c) => smaBatch(c.close, 20),
        (c, x) => ti(c, TI.SMA.calculate({ period: 20, values: x.close })),
      ],
      [
        'EMA(20)',
        (c) => emaBatch(c.close, 20),
        (c, x) => ti(c, TI.EMA.calculate({ period: 20, values: x.close })),
      ],
      [
        'WMA(20)',
        (c) => wmaBatch(c.close, 20),
        (c, x) => ti(c, TI.WMA.calculate({ period: 20, values: x.close })),
      ],
      [
        'ROC(10)',
        (c) => rocBatch(c.close, 10),
        (c, x) => ti(c, TI.ROC.calculate({ period: 10, values: x.close })),
      ],
      [
        'StdDev(20) (population)',
        (c) => stddevBatch(c.close, 20),
        (c, x) => ti(c, TI.SD.calculate({ period: 20, values: x.close })),
      ],
    ] as [string, Check['ours'], Check['theirs']][]
  ).map(([name, ours, theirs]): Check => ({ name: `${name} vs TI`, ours, theirs, from: 'same', tol: TIGHT })),
  ...(['macd', 'signal', 'histogram'] as const).map((out): Check => ({
    name: `MACD(12, 26, 9) ${out} vs TI MACD (EMAs seeded with SMAs, signal from the first MACD value)`,
    ours: (c) => macdBatch(c.close, 12, 26, 9)[out],
    theirs: (c, x) =>
      ti(
        c,
        TI.MACD.calculate({
          fastPeriod: 12,
          slowPeriod: 26,
          signalPeriod: 9,
          SimpleMAOscillator: false,
          SimpleMASignal: false,
          values: x.close,
        }).map((v) => (out === 'macd' ? v.MACD : v[out])),
      ),
    // TI gives the MACD line from the slow EMA's warm-up on, before the signal; we publish all three at once
    from: out === 'macd' ? 'ours' : 'same',
    tol: TIGHT,
  })),
  ...(['middle', 'upper', 'lower', 'percentB'] as const).flatMap((out): Check[] => [
    {
      name: `Bollinger(20, 2) ${out} vs TI BollingerBands (population σ, both)`,
      ours: (c) => bollingerBatch(c.close, 20, 2)[out],
      theirs: (c, x) =>
        ti(
          c,
          TI.BollingerBands.calculate({ period: 20, stdDev: 2, values: x.close }).map((v) =>
            out === 'percentB' ? v.pb : v[out],
          ),
        ),
      from: 'same',
      tol: TIGHT,
    },
  ]),
  ...(['middle', 'upper', 'lower'] as const).map((out): Check => ({
    name: `Bollinger(20, 2) ${out} vs TS BollingerBands`,
    ours: (c) => bollingerBatch(c.close, 20, 2)[out],
    theirs: (_c, x) => perRow(new TS.BollingerBands(20, 2), x.close, (r) => r[out]),
    from: 'same',
    tol: TIGHT,
  })),
  {
    name: 'ROC(10) vs TS ROC (TS gives a fraction: ×100)',
    ours: (c) => rocBatch(c.close, 10),
    theirs: (_c, x) => perRow(new TS.ROC(10), x.close, (r) => r * 100),
    from: 'same',
    tol: TIGHT,
  },
  {
    name: 'WMA(20) vs TS WMA',
    ours: (c) => wmaBatch(c.close, 20),
    theirs: (_c, x) => perRow(new TS.WMA(20), x.close, (r) => r),
    from: 'same',
    tol: TIGHT,
  },
  ...(
    [
      ['EMA(20)', emaBatch, TS.EMA],
      ['DEMA(20)', demaBatch, TS.DEMA],
      ['TEMA(20)', temaBatch, TS.TEMA],
    ] as const
  ).map(([name, ours, Theirs]): Check => ({
    name: `${name} vs TS (TS seeds each EMA with its first input, we with an SMA; settled)`,
    ours: (c) => ours(c.close, 20),
    theirs: (_c, x) => perRow(new Theirs(20), x.close, (r) => r),
    from: SETTLED,
    tol: TIGHT,
    generatedOnly: 'the seeding difference decays by 19/21 per row',
  })),
  ...(['upper', 'lower', 'middle'] as const).map((out): Check => ({
    name: `Donchian(20) ${out} vs TS DonchianChannels`,
    ours: (c) => donchianBatch(c, 20)[out],
    theirs: (_c, x) => perRow(new TS.DonchianChannels(20), x.candles, (r) => r[out]),
    from: 'same',
    tol: EXACT,
  })),
];
