/**
 * The indicator library (issue 4): every streaming indicator with its batch twin, the shared contract, and
 * the market-microstructure signals (./micro). Each module's header gives its formula, warm-up, conventions
 * and exactness; all keep the contract in ./contract.ts.
 */
export * from './contract.js';
// Price series.
export * from './sma.js';
export * from './ema.js';
export * from './wma.js';
export * from './dema-tema.js';
export * from './kama.js';
export * from './macd.js';
export * from './moments.js';
export * from './stddev.js';
export * from './bollinger.js';
export * from './roc.js';
export * from './rolling-minmax.js';
export * from './donchian.js';
export * from './linreg.js';
export * from './cross.js';
// OHLC(V) bars.
export * from './bar-check.js';
export * from './wilder.js';
export * from './rsi.js';
export * from './atr.js';
export * from './adx.js';
export * from './stochastic.js';
export * from './williams-r.js';
export * from './cci.js';
export * from './obv.js';
export * from './vwap.js';
export * from './keltner.js';
export * from './psar.js';
export * from './ichimoku.js';
// Quotes, trades and books.
export * from './micro/index.js';
