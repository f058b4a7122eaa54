import { describe, expect, it } from 'vitest';
import { VWAP, sessionAnchorSec, vwapBatch } from '../../src/indicators/vwap.js';
import { indicatorContract, ohlcvWalk, type Columns } from './contract-suite.js';
import { barAt, ohlcOf } from './ohlc-rows.js';

const T0 = Date.UTC(2020, 0, 1) / 1000;

function withTimes(cols: Columns, stepSec: number): Columns {
  const n = cols.close!.length;
  const tsSec = new Float64Array(n);
  for (let i = 0; i < n; i++) tsSec[i] = T0 + i * stepSec;
  return { ...cols, tsSec };
}

/** The walk with its zero volumes replaced by 1, so VWAP must be finite on every row. */
function traded(cols: Columns): Columns {
  return { ...cols, volume: cols.volume!.map((v) => (v === 0 ? 1 : v)) };
}

for (const [label, options, step, data] of [
  // The walk's first bar has zero volume: VWAP is undefined (NaN) until the session trades.
  ['UTC midnight, hourly bars, zero volumes', {}, 3600, (c: Columns) => c],
  ['09:30 at UTC−5, 5-minute bars', { sessionStart: '09:30', utcOffsetMinutes: -300 }, 300, traded],
  ['one long session, minute bars', { sessionStart: '00:00' }, 60, traded],
] as const)
  indicatorContract({
    name: `VWAP (${label})`,
    make: () => new VWAP(options),
    warmup: 1,
    update: (ind, cols, i) => ind.update(barAt(cols, i)),
    batch: (cols) => ({ value: vwapBatch(ohlcOf(cols), options) }),
    fields: ['tsSec', 'high', 'low', 'close', 'volume'],
    data: data(withTimes(ohlcvWalk(3000, step), step)),
    mayBeNaN: data === traded ? [] : ['value'],
  });

const bar = (tsSec: number, h: number, l: number, c: number, volume: number) => ({
  open: c,
  high: h,
  low: l,
  close: c,
  volume,
  tsSec,
});

describe('VWAP by hand', () => {
  it('weights typical prices by volume and restarts at each session', () => {
    const v = new VWAP();
    expect(v.update(bar(T0 + 60, 12, 9, 9, 100)), 'tp 10').toBe(10);
    expect(v.update(bar(T0 + 120, 21, 18, 21, 300)), '(10·100 + 20·300) / 400').toBe(17.5);
    expect(v.update(bar(T0 + 86_399, 30, 30, 30, 0)), 'zero volume changes nothing').toBe(17.5);
    expect(v.update(bar(T0 + 86_400, 6, 3, 3, 50)), 'new UTC day: restarts at tp 4').toBe(4);
    expect(v.sessionVolume, 'session volume').toBe(50);
  });

  it('anchors sessions at a local time of day', () => {
    expect(
      sessionAnchorSec({ sessionStart: '09:30', utcOffsetMinutes: -300 }),
      '09:30 New York = 14:30 UTC',
    ).toBe(14.5 * 3600);
    expect(sessionAnchorSec({ utcOffsetMinutes: 60 }), 'midnight at UTC+1 = 23:00 UTC').toBe(23 * 3600);
    expect(sessionAnchorSec({ sessionStart: '17:00:30' }), 'seconds allowed').toBe(17 * 3600 + 30);
    const v = new VWAP({ sessionStart: '09:30', utcOffsetMinutes: -300 });
    const open = T0 + 14.5 * 3600;
    v.update(bar(open - 60, 100, 100, 100, 10));
    expect(v.update(bar(open - 1, 200, 200, 200, 10)), 'same session before 14:30 UTC').toBe(150);
    expect(v.update(bar(open, 50, 50, 50, 10)), 'new session at 14:30 UTC').toBe(50);
  });

  it('is NaN while the session has no volume, and says so through sessionVolume', () => {
    const v = new VWAP();
    expect(v.update(bar(T0, 10, 10, 10, 0)), 'no volume yet').toBeNaN();
    expect(v.isReady, 'ready after one bar all the same').toBe(true);
    expect(v.sessionVolume, 'no volume').toBe(0);
    expect(v.update(bar(T0 + 60, 10, 10, 10, 5)), 'defined once volume trades').toBe(10);
  });

  it('rejects bad session options', () => {
    expect(() => new VWAP({ sessionStart: '9:30' }), 'one-digit hour').toThrow(/HH:MM/);
    expect(() => new VWAP({ sessionStart: '24:00' }), 'hour 24').toThrow(/HH:MM/);
    expect(() => new VWAP({ utcOffsetMinutes: 2000 }), 'offset too large').toThrow(/utcOffsetMinutes/);
  });
});
