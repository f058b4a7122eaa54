import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../../src/indicators/micro/normal.js';

// Φ(x) from mpmath at 40 digits (ncdf), to 21 digits (strings: more digits than a double holds).
const REFERENCE: [number, string][] = [
  [-37.5, '4.60535300958195484383e-308'],
  [-30, '4.90671392714818705953e-198'],
  [-20, '2.75362411860623369508e-89'],
  [-12.5, '3.73256429887771337723e-36'],
  [-8.3, '5.20556974489025402458e-17'],
  [-6, '9.86587645037698140701e-10'],
  [-5.657, '7.70208817217760084244e-9'],
  [-5.6, '1.071759025831092932e-8'],
  [-5.25996, '7.20433709447993363072e-8'],
  [-3.9921875, '0.0000327332877929655961396'],
  [-3.99, '0.0000330366476294024158142'],
  [0.70262, '0.758853702403516899728'],
  [3.99, '0.999966963352370597584'],
  [-3.1, '0.000967603213218356601964'],
  [-2.4948090314865112, '0.00630124673172712096503'],
  [-1.96, '0.0249978951482204362128'],
  [-1, '0.158655253931457051415'],
  [-0.6878, '0.245789368064874500753'],
  [-0.674, '0.250155656840322577'],
  [-0.3, '0.382088577811047366928'],
  [-1e-9, '0.499999999601057719599'],
  [0, '0.5'],
  [1e-9, '0.500000000398942280401'],
  [0.5, '0.691462461274013103638'],
  [0.6878, '0.754210631935125499247'],
  [1, '0.841344746068542948585'],
  [1.6448536269514722, '0.949999999999999946066'],
  [2.5, '0.993790334674223864833'],
  [4, '0.999968328758166880079'],
  [5.7, '0.999999994009628598936'],
  [8, '0.999999999999999377904'],
  [8.3, '0.999999999999999947944'],
  [9, '0.999999999999999999887'],
];

describe('normalCdf (Taylor table below 4, Cody beyond)', () => {
  it('is within the documented bounds of 40-digit reference values', () => {
    for (const [x, text] of REFERENCE) {
      const want = Number(text);
      const got = normalCdf(x);
      expect(Math.abs(got - want), `absolute error at ${x}`).toBeLessThanOrEqual(1.5e-16);
      if (x <= 0) expect(Math.abs(got - want) / want, `relative error at ${x}`).toBeLessThanOrEqual(7.4e-16);
    }
  });

  it('handles the extremes', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-40), 'below the double range').toBe(0);
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(NaN)).toBeNaN();
  });

  it('is symmetric: Φ(x) + Φ(−x) = 1 to within an ulp of 1', () => {
    for (let x = 0; x < 9; x += 0.01)
      expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1), `x = ${x}`).toBeLessThanOrEqual(2.3e-16);
  });
});
