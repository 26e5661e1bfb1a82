// The universe as the rest of the bot wants it: coins in config order, each with its tier.
import type { Config, Tier } from './schema.js';

export interface UniverseCoin {
  readonly coin: string;
  readonly tier: Tier;
}

export function universeCoins(config: Pick<Config, 'universe'>): UniverseCoin[] {
  const { tier1, tier2, tier3 } = config.universe;
  return [
    ...tier1.map((coin) => ({ coin, tier: 1 as const })),
    ...tier2.map((coin) => ({ coin, tier: 2 as const })),
    ...tier3.map((coin) => ({ coin, tier: 3 as const })),
  ];
}

/** The tier of a coin, or undefined when it is not in the universe. */
export function tierOf(config: Pick<Config, 'universe'>, coin: string): Tier | undefined {
  return universeCoins(config).find((c) => c.coin === coin)?.tier;
}
