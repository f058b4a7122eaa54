/**
 * Market-microstructure signals over quotes, trades and books (issue 4 §4). Every class keeps the indicator
 * contract (../contract.ts) and has a batch twin; each module's header gives its formula, reference and
 * warm-up.
 */
export { IndicatorDomainError } from './common.js';
export { normalCdf } from './normal.js';
export { BookImbalance, bookImbalanceBatch, DepthImbalance, depthImbalanceBatch } from './imbalance.js';
export { Microprice, micropriceBatch } from './microprice.js';
export { OFI, ofiBatch, TimedOFI, timedOfiBatch, ofiEvent } from './ofi.js';
export { MultiLevelOFI, multiLevelOfiBatch } from './mlofi.js';
export { VPIN, vpinBatch, type VpinOptions } from './vpin.js';
export { HawkesIntensity, hawkesBatch } from './hawkes.js';
export { RealizedVolatility, realizedVolatilityBatch } from './realized-vol.js';
export { TradeFlowImbalance, tradeFlowImbalanceBatch, aggressorSign } from './trade-flow.js';
export { KyleLambda, kyleLambdaBatch } from './kyle-lambda.js';
