// What makes a state database belong to one bot: the mode, the exchange it trades on and the universe. Stored as
// meta rows when the database is new; a later start with a config that differs is caught by
// StateStore.identityMismatches (positions and orders of another exchange or account must not be reconciled).
import type { Config } from '../config/schema.js';
import { universeCoins } from '../config/universe.js';

export const META_MODE = 'mode';
/** host[:port] of the exchange's base URL (`algobot run` writes its own text for the local exchange it starts). */
export const META_EXCHANGE = 'exchange';
export const META_UNIVERSE = 'universe';

/** The identity meta rows of a config: mode, exchange host (host:port of base_url), universe coins in order. */
export function configIdentity(
  config: Pick<Config, 'mode' | 'exchange' | 'universe'>,
): Record<string, string> {
  return {
    [META_MODE]: config.mode,
    [META_EXCHANGE]: new URL(config.exchange.base_url).host,
    [META_UNIVERSE]: universeCoins(config)
      .map((u) => u.coin)
      .join(','),
  };
}
