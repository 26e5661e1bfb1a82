// Words of the strategy shared by config, features, regime and portfolio: one definition each.

/** Market regimes, in the order of their numeric codes (trend 0, chop 1, down 2). */
export const REGIMES = ['trend', 'chop', 'down'] as const;
export type Regime = (typeof REGIMES)[number];

/** Asset tiers: 1 majors, 2 large caps, 3 small caps. They set position caps. */
export const TIERS = [1, 2, 3] as const;
export type Tier = (typeof TIERS)[number];
