// Builds the client from the `exchange` section of the config and the keys from the environment: the composition
// root (the CLI's run command) calls this; nothing else reads config for the exchange.
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../config/schema.js';
import type { Secret } from '../../config/secrets.js';
import { RoostooClient, type RoostooClientOptions } from './client.js';

export function roostooClientFromConfig(
  exchange: Config['exchange'],
  keys: { apiKey: Secret; secretKey: Secret },
  clock: Clock,
  extra: Partial<RoostooClientOptions> = {},
): RoostooClient {
  return new RoostooClient({
    baseUrl: exchange.base_url,
    timeoutMs: exchange.request_timeout_ms,
    callsPerMinute: exchange.calls_per_minute,
    ordersPerMinute: exchange.orders_per_minute,
    timestampWindowMs: exchange.timestamp_window_ms,
    apiKey: keys.apiKey,
    secretKey: keys.secretKey,
    clock,
    ...extra,
  });
}
