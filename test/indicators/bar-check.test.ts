import { describe, expect, it } from 'vitest';
import { IndicatorInputError } from '../../src/indicators/contract.js';
import { rejectNonFinite } from '../../src/indicators/bar-check.js';
import { ATR } from '../../src/indicators/atr.js';
import { VWAP } from '../../src/indicators/vwap.js';

describe('one finiteness test per bar', () => {
  it('names the first non-finite field, in the order given', () => {
    let err: unknown;
    try {
      rejectNonFinite('X', ['high', 'low', 'close'], 1, NaN, Infinity);
    } catch (e) {
      err = e;
    }
    expect(err, 'an IndicatorInputError').toBeInstanceOf(IndicatorInputError);
    expect((err as Error).message, 'names low, the first bad field').toContain('"low"');
  });

  it('accepts finite inputs whose sum overflows (the slow path finds nothing wrong)', () => {
    expect(() => rejectNonFinite('X', ['a', 'b'], 1e308, 1e308), 'all finite').not.toThrow();
    const atr = new ATR(1);
    atr.updateHighLowClose(1e308, 1e308, 1e308);
    expect(atr.updateHighLowClose(1e308, 1e308, 1e308), 'huge but finite bar').toBe(0);
  });

  it('catches +Infinity and −Infinity that cancel to NaN in the sum', () => {
    const vwap = new VWAP();
    expect(() => vwap.updateBar(0, Infinity, -Infinity, 1, 1), 'high = +Inf, low = −Inf').toThrow(/"high"/);
  });
});
