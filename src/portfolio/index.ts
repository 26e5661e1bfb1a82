// Public surface of the portfolio module.
export { constructPortfolio, targetWeights, type AssetView, type PortfolioInput } from './construct.js';
export {
  trades,
  type AssetDecision,
  type DecisionKind,
  type Exclusion,
  type PortfolioDecision,
} from './decision.js';
export { portfolioParamsFromConfig } from './from-config.js';
export { decide, enforceSleeve } from './hysteresis.js';
export { DEFAULT_PORTFOLIO_PARAMS, checkPortfolioParams, type PortfolioParams } from './params.js';
export { rawWeights, trailingVolatility } from './raw-weights.js';
export { waterFill, waterFillWithGroup } from './water-fill.js';
