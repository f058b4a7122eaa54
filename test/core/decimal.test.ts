import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  divRoundHalfEven,
  formatRatio,
  formatScaled,
  parseDecimal,
  rescale,
  tryParseDecimal,
} from '../../src/core/decimal.js';
import { Instrument } from '../../src/core/instrument.js';

describe('decimal', () => {
  it('parses decimal text exactly', () => {
    expect(parseDecimal('2.179012')).toEqual({ units: 2179012, scale: 6 });
    expect(parseDecimal('100')).toEqual({ units: 100, scale: 0 });
    expect(parseDecimal('1.50')).toEqual({ units: 15, scale: 1 });
    expect(parseDecimal('-0.001')).toEqual({ units: -1, scale: 3 });
    expect(parseDecimal('1e-7')).toEqual({ units: 1, scale: 7 });
    expect(parseDecimal(0.1)).toEqual({ units: 1, scale: 1 });
    expect(tryParseDecimal('abc')).toBeNull();
    expect(tryParseDecimal('')).toBeNull();
    expect(tryParseDecimal('1.2.3')).toBeNull();
  });

  it('formats and parses round trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), fc.integer({ min: 0, max: 9 }), (units, scale) => {
        const text = formatScaled(units, scale);
        const back = parseDecimal(text);
        expect(back.units * 10 ** (scale - back.scale)).toBe(units);
      }),
    );
    expect(formatScaled(-5, 3)).toBe('-0.005');
    expect(formatScaled(120, 2)).toBe('1.2');
    expect(formatScaled(0, 4)).toBe('0');
  });

  it('rounds half to even', () => {
    expect(divRoundHalfEven(5, 2)).toBe(2);
    expect(divRoundHalfEven(7, 2)).toBe(4);
    expect(divRoundHalfEven(-5, 2)).toBe(-2);
    expect(divRoundHalfEven(-7, 2)).toBe(-4);
    expect(divRoundHalfEven(10, 3)).toBe(3);
    expect(rescale(12345, 4, 2)).toBe(123);
    expect(rescale(12350, 4, 2)).toBe(124);
    expect(formatRatio(1, 3, 4)).toBe('0.3333');
    expect(formatRatio(2, 3, 4)).toBe('0.6667');
  });
});

describe('instrument', () => {
  it('converts between ticks, prices, lots and quantities exactly', () => {
    const orcl = new Instrument(0, { symbol: 'ORCL', tickSize: '0.000001' });
    expect(orcl.ticks(2.179012)).toBe(2179012);
    expect(orcl.price(2179012)).toBe(2.179012);
    expect(orcl.formatPrice(2179012)).toBe('2.179012');
    const es = new Instrument(1, { symbol: 'ES', tickSize: 0.25, multiplier: 50 });
    expect(es.ticks(4000.25)).toBe(16001);
    expect(es.valuePerTickLot).toBe(25 * 50);
    expect(es.valueScale).toBe(2);
    expect(() => es.ticks(4000.1)).toThrow(/not a multiple of the tick size 0.25/);
    const btc = new Instrument(2, { symbol: 'BTC', tickSize: '0.01', lotSize: '0.001' });
    expect(btc.lots(0.5)).toBe(500);
    expect(btc.qty(500)).toBe(0.5);
    expect(() => btc.lots(0.0005)).toThrow(/lot size 0.001/);
  });
});
