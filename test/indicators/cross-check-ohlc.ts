/**
 * Cross-check table for the OHLC/volume indicators (run by cross-check.test.ts): each check pairs one of
 * our outputs with a library's and says where the conventions differ.
 */
import * as TI from 'technicalindicators';
import * as TS from 'trading-signals';
import { adxBatch } from '../../src/indicators/adx.js';
import { atrBatch, trueRangeBatch } from '../../src/indicators/atr.js';
import { cciBatch } from '../../src/indicators/cci.js';
import { ichimokuBatch } from '../../src/indicators/ichimoku.js';
import { keltnerBatch } from '../../src/indicators/keltner.js';
import { obvBatch } from '../../src/indicators/obv.js';
import { psarBatch } from '../../src/indicators/psar.js';
import { rsiBatch } from '../../src/indicators/rsi.js';
import { stochasticBatch } from '../../src/indicators/stochastic.js';
import { vwapBatch } from '../../src/indicators/vwap.js';
import { williamsRBatch } from '../../src/indicators/williams-r.js';
import { EXACT, SETTLED, TIGHT, perRow, ti, type Check, type Ohlc } from './cross-check-data.js';

/** Row of our third direction change: from there on PSAR paths no longer depend on how they started. */
function afterThirdReversal(c: Ohlc): number {
  const direction = psarBatch(c).direction;
  let flips = 0;
  for (let i = 2; i < direction.length; i++) if (direction[i] !== direction[i - 1] && ++flips === 3) return i;
  return direction.length;
}

export const OHLC_CHECKS: Check[] = [
  {
    name: 'RSI(14) vs TS RSI (same seeding and smoothing)',
    ours: (c) => rsiBatch(c.close, 14),
    theirs: (_c, x) => perRow(new TS.RSI(14), x.close, (r) => r),
    from: 'same',
    tol: TIGHT,
  },
  {
    name: 'RSI(14) vs TI RSI (TI rounds its RSI to 2 decimals: tolerance 0.005)',
    ours: (c) => rsiBatch(c.close, 14),
    theirs: (c, x) => ti(c, TI.RSI.calculate({ period: 14, values: x.close })),
    from: 'same',
    tol: { abs: 0.005 + 1e-9, rel: 0 },
  },
  {
    name: 'TrueRange vs TI TrueRange (none on the first bar, both)',
    ours: (c) => trueRangeBatch(c),
    theirs: (c, x) => ti(c, TI.TrueRange.calculate({ high: x.high, low: x.low, close: x.close })),
    from: 'same',
    tol: EXACT,
  },
  {
    name: 'ATR(14) vs TI ATR (both skip the first bar, seed with the mean of 14 true ranges)',
    ours: (c) => atrBatch(c, 14),
    theirs: (c, x) => ti(c, TI.ATR.calculate({ period: 14, high: x.high, low: x.low, close: x.close })),
    from: 'same',
    tol: TIGHT,
  },
  {
    name: "ATR(14) vs TS ATR (TS counts the first bar's high − low and warms a bar earlier; settled)",
    ours: (c) => atrBatch(c, 14),
    theirs: (_c, x) => perRow(new TS.ATR(14), x.candles, (r) => r),
    from: SETTLED,
    tol: TIGHT,
    generatedOnly: 'the seeding difference decays by 13/14 per row',
  },
  ...(['adx', 'plusDi', 'minusDi'] as const).map((out): Check => ({
    name: `ADX(14) ${out} vs TI ADX (same DM rules, Wilder sums, ADX seed)`,
    ours: (c) => adxBatch(c, 14)[out],
    theirs: (c, x) => {
      const r = TI.ADX.calculate({ period: 14, high: x.high, low: x.low, close: x.close });
      return ti(
        c,
        r.map((v) => (out === 'adx' ? v.adx : out === 'plusDi' ? v.pdi : v.mdi)),
      );
    },
    from: 'same',
    tol: TIGHT,
  })),
  {
    name: 'ADX(14) vs TS ADX (TS feeds the first bar as DM 0, TR high − low; settled)',
    ours: (c) => adxBatch(c, 14).adx,
    theirs: (_c, x) => perRow(new TS.ADX(14), x.candles, (r) => r),
    from: SETTLED,
    tol: TIGHT,
    generatedOnly: 'the start-up difference decays by 13/14 per row',
  },
  {
    name: 'CCI(20) vs TI CCI',
    ours: (c) => cciBatch(c, 20),
    theirs: (c, x) => ti(c, TI.CCI.calculate({ period: 20, high: x.high, low: x.low, close: x.close })),
    from: 'same',
    tol: TIGHT,
  },
  {
    name: 'CCI(20) vs TS CCI',
    ours: (c) => cciBatch(c, 20),
    theirs: (_c, x) => perRow(new TS.CCI(20), x.candles, (r) => r),
    from: 'same',
    tol: TIGHT,
  },
  {
    name: 'OBV vs TI OBV (TI has no value on the first bar; we start at 0 there: same totals after)',
    ours: (c) => obvBatch(c),
    theirs: (c, x) => ti(c, TI.OBV.calculate({ close: x.close, volume: x.volume })),
    from: 1,
    tol: EXACT,
    generatedOnly: 'the daily file has no volume',
  },
  {
    name: 'VWAP vs TI VWAP (TI accumulates from the first bar: the walk lies in one UTC-day session)',
    ours: (c) => vwapBatch(c),
    theirs: (c, x) =>
      ti(c, TI.VWAP.calculate({ high: x.high, low: x.low, close: x.close, volume: x.volume })),
    from: 1,
    tol: TIGHT,
    generatedOnly: 'the daily file has no volume; one session needs intraday times',
  },
  {
    name: 'PSAR(0.02, 0.2) vs TI PSAR (TI starts long on bar 1; from our third reversal the paths agree)',
    ours: (c) => psarBatch(c).value,
    theirs: (c, x) => ti(c, TI.PSAR.calculate({ high: x.high, low: x.low, step: 0.02, max: 0.2 })),
    from: afterThirdReversal,
    tol: EXACT,
  },
  ...(['k', 'd'] as const).map((out): Check => ({
    name: `fast Stochastic(14, 1, 3) %${out.toUpperCase()} vs TI Stochastic (TI gives %K before %D)`,
    ours: (c) => stochasticBatch(c, 14, 1, 3)[out],
    theirs: (c, x) => {
      const r = TI.Stochastic.calculate({
        period: 14,
        signalPeriod: 3,
        high: x.high,
        low: x.low,
        close: x.close,
      });
      return ti(
        c,
        r.map((v) => v[out]),
      );
    },
    from: 'ours',
    tol: TIGHT,
  })),
  ...(
    [
      [14, 3, 3],
      [21, 5, 4],
    ] as const
  ).flatMap(([period, kSmoothing, dPeriod]) =>
    (['k', 'd'] as const).map((out): Check => ({
      name: `Stochastic(${period}, ${kSmoothing}, ${dPeriod}) %${out.toUpperCase()} vs TS Stochastic`,
      ours: (c) => stochasticBatch(c, period, kSmoothing, dPeriod)[out],
      theirs: (_c, x) =>
        perRow(
          new TS.StochasticOscillator({ kPeriod: period, kSlowingPeriod: kSmoothing, dPeriod }),
          x.candles,
          (r) => (out === 'k' ? r.stochK : r.stochD),
        ),
      from: 'same',
      tol: TIGHT,
    })),
  ),
  {
    name: 'Williams %R(14) vs TI WilliamsR',
    ours: (c) => williamsRBatch(c, 14),
    theirs: (c, x) => ti(c, TI.WilliamsR.calculate({ period: 14, high: x.high, low: x.low, close: x.close })),
    from: 'same',
    tol: TIGHT,
  },
  {
    name: 'Williams %R(14) vs TS WilliamsR',
    ours: (c) => williamsRBatch(c, 14),
    theirs: (_c, x) => perRow(new TS.WilliamsR(14), x.candles, (r) => r),
    from: 'same',
    tol: TIGHT,
  },
  ...(['tenkan', 'kijun', 'senkouA', 'senkouB'] as const).flatMap((out): Check[] => {
    const tiName = { tenkan: 'conversion', kijun: 'base', senkouA: 'spanA', senkouB: 'spanB' } as const;
    const why = '(libraries: spans as computed at t, from bar 52; ours wait for the displaced cloud, bar 78)';
    return [
      {
        name: `Ichimoku ${out} vs TI IchimokuCloud ${why}`,
        ours: (c) => ichimokuBatch(c)[out],
        theirs: (c, x) =>
          ti(
            c,
            TI.IchimokuCloud.calculate({
              high: x.high,
              low: x.low,
              conversionPeriod: 9,
              basePeriod: 26,
              spanPeriod: 52,
              displacement: 26,
            }).map((v) => v[tiName[out]]),
          ),
        from: 'ours',
        tol: EXACT,
      },
      {
        name: `Ichimoku ${out} vs TS IchimokuCloud ${why}`,
        ours: (c) => ichimokuBatch(c)[out],
        theirs: (_c, x) =>
          perRow(
            new TS.IchimokuCloud(),
            x.candles,
            (r) =>
              r[
                out === 'tenkan'
                  ? 'conversion'
                  : out === 'kijun'
                    ? 'base'
                    : out === 'senkouA'
                      ? 'spanA'
                      : 'spanB'
              ],
          ),
        from: 'ours',
        tol: EXACT,
      },
    ];
  }),
  ...(['middle', 'upper', 'lower'] as const).flatMap((out): Check[] => [
    {
      name: `Keltner(20, 10, 2) ${out} vs TI KeltnerChannels (EMA seeded with the SMA, TI's ATR)`,
      ours: (c) => keltnerBatch(c, 20, 10, 2)[out],
      theirs: (c, x) =>
        ti(
          c,
          TI.KeltnerChannels.calculate({
            maPeriod: 20,
            atrPeriod: 10,
            useSMA: false,
            multiplier: 2,
            high: x.high,
            low: x.low,
            close: x.close,
          }).map((v) => v[out]),
        ),
      from: 'same',
      tol: TIGHT,
    },
    {
      name: `Keltner(20, 10, 2) ${out} vs TS KeltnerChannels (TS seeds EMA and ATR differently; settled)`,
      ours: (c) => keltnerBatch(c, 20, 10, 2)[out],
      theirs: (_c, x) =>
        perRow(
          new TS.KeltnerChannels({ emaInterval: 20, atrInterval: 10, multiplier: 2 }),
          x.candles,
          (r) => r[out],
        ),
      from: SETTLED,
      tol: TIGHT,
      generatedOnly:
        'TS seeds its EMA with the first close, its ATR with bar 1; decays by 19/21, 9/10 per row',
    },
  ]),
];
