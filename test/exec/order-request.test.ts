import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '../../src/exec/order.js';
import { req } from './venue-support.js';

type R = Omit<OrderRequest, 'symbol'>;
const bad: [string, R, { positionLots?: number }, RegExp][] = [
  [
    'trailing offset zero',
    { side: 'sell', qty: 1, type: 'trailing_stop', trailingOffset: 0 },
    {},
    /AAA: trailingOffset must be a positive number \(price\), got 0/,
  ],
  [
    'trailing offset negative',
    { side: 'sell', qty: 1, type: 'trailing_stop', trailingOffset: -1, trailingOffsetType: 'ticks' },
    {},
    /trailingOffset must be a positive number \(ticks\)/,
  ],
  [
    'trailing offset missing',
    { side: 'sell', qty: 1, type: 'trailing_stop' },
    {},
    /trailingOffset must be a positive number/,
  ],
  [
    'fractional ticks',
    { side: 'sell', qty: 1, type: 'trailing_stop', trailingOffset: 1.5, trailingOffsetType: 'ticks' },
    {},
    /trailingOffset in ticks must be a whole number, got 1.5/,
  ],
  [
    'price offset off the grid',
    { side: 'sell', qty: 1, type: 'trailing_stop', trailingOffset: 0.005 },
    {},
    /AAA: trailingOffset: /,
  ],
  [
    'bps with 3 decimals',
    { side: 'sell', qty: 1, type: 'trailing_stop', trailingOffset: 1.234, trailingOffsetType: 'bps' },
    {},
    /trailingOffset in bps allows at most 2 decimals/,
  ],
  [
    'unknown offset type',
    { side: 'sell', qty: 1, type: 'trailing_stop', trailingOffset: 1, trailingOffsetType: 'pct' as never },
    {},
    /trailingOffsetType must be "price", "ticks" or "bps", got "pct"/,
  ],
  [
    'limit offset missing',
    { side: 'sell', qty: 1, type: 'trailing_stop_limit', trailingOffset: 1 },
    {},
    /limitOffset must be a non-negative number/,
  ],
  [
    'activation not positive',
    { side: 'sell', qty: 1, type: 'trailing_stop', trailingOffset: 1, activationPrice: 0 },
    {},
    /needs a positive activationPrice, got 0/,
  ],
  [
    'offset on a limit',
    { side: 'sell', qty: 1, type: 'limit', price: 1, trailingOffset: 1 },
    {},
    /AAA: trailingOffset does not apply to a limit order/,
  ],
  [
    'limitOffset on a trailing stop',
    { side: 'sell', qty: 1, type: 'trailing_stop', trailingOffset: 1, limitOffset: 1 },
    {},
    /limitOffset does not apply to a trailing_stop order/,
  ],
  [
    'trigger missing',
    { side: 'buy', qty: 1, type: 'market_if_touched' },
    {},
    /a market_if_touched order needs a positive triggerPrice, got undefined/,
  ],
  [
    'LIT without limit',
    { side: 'buy', qty: 1, type: 'limit_if_touched', triggerPrice: 1 },
    {},
    /a limit_if_touched order needs a positive price/,
  ],
  [
    'trigger on a stop',
    { side: 'buy', qty: 1, type: 'stop', stopPrice: 1, triggerPrice: 1 },
    {},
    /triggerPrice does not apply to a stop order/,
  ],
  [
    'post-only market',
    { side: 'buy', qty: 1, type: 'market', postOnly: true },
    {},
    /postOnly does not apply to a market order/,
  ],
  [
    'post-only IOC',
    { side: 'buy', qty: 1, type: 'limit', price: 1, postOnly: 'reprice', tif: 'IOC' },
    {},
    /postOnly: a post-only order cannot be IOC/,
  ],
  [
    'post-only mode',
    { side: 'buy', qty: 1, type: 'limit', price: 1, postOnly: 'slide' as never },
    {},
    /postOnly must be true, false, "reject" or "reprice", got "slide"/,
  ],
  [
    'iceberg on the bar venue',
    { side: 'buy', qty: 10, type: 'limit', price: 1, displayQty: 2 },
    {},
    /displayQty \(iceberg\) needs the book venue/,
  ],
  [
    'iceberg above the quantity',
    { side: 'buy', qty: 10, type: 'limit', price: 1, displayQty: 20 },
    {},
    /displayQty 20 is above the order quantity 10/,
  ],
  [
    'reduce-only on a flat position',
    { side: 'sell', qty: 1, reduceOnly: true },
    { positionLots: 0 },
    /AAA: reduceOnly: a reduce-only sell needs a long position to reduce \(position is 0\)/,
  ],
  [
    'reduce-only adding to a long',
    { side: 'buy', qty: 1, reduceOnly: true },
    { positionLots: 5 },
    /reduce-only buy needs a short position to reduce \(position is 5\)/,
  ],
];

describe('order request validation', () => {
  for (const [name, r, at, message] of bad)
    it(`refuses ${name}, naming the field`, () => {
      expect(() => req(r, at)).toThrow(message);
    });

  it('accepts an iceberg where the venue supports it and keeps plain orders free of extras', () => {
    const ice = req(
      { side: 'buy', qty: 10, type: 'limit', price: 1, displayQty: 2 },
      { supportsDisplayQty: true },
    );
    expect(ice.ext?.displayLots).toBe(2);
    const plain = req({ side: 'buy', qty: 10, type: 'limit', price: 1 });
    expect(plain.ext, 'no flags: no extension object').toBeNull();
    const ro = req({ side: 'sell', qty: 1, reduceOnly: true }, { positionLots: 3 });
    expect(ro.reduceOnly).toBe(true);
  });
});
