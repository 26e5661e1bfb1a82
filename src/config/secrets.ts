// API keys. They come only from the environment or `.env`, never from the config file (which is committed and
// shared), and they are wrapped so that logging, JSON, string templates and util.inspect print `[redacted]`.
// The value is reachable only through an explicit `reveal()`, which the request signer alone should call.
import { inspect } from 'node:util';
import { InputError, InputErrors } from '../core/errors.js';
import type { EnvSource, Environment } from './env.js';
import type { Mode } from './schema.js';

export const API_KEY_VAR = 'ROOSTOO_API_KEY';
export const SECRET_KEY_VAR = 'ROOSTOO_SECRET_KEY';

const REDACTED = '[redacted]';

export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The secret itself. Call it only where the value is used (signing a request), never to print it. */
  reveal(): string {
    return this.#value;
  }
  /** Length, for diagnostics that must not show the value. */
  get length(): number {
    return this.#value.length;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [Symbol.toPrimitive](): string {
    return REDACTED;
  }
  [inspect.custom](): string {
    return REDACTED;
  }
}

export interface SecretEntry {
  readonly name: string;
  readonly secret: Secret;
  readonly source: EnvSource;
}

export interface Secrets {
  readonly apiKey: SecretEntry | undefined;
  readonly secretKey: SecretEntry | undefined;
}

export function secretsFrom(env: Environment): Secrets {
  const entry = (name: string): SecretEntry | undefined => {
    const v = env.get(name);
    return v === undefined ? undefined : { name, secret: new Secret(v.value), source: v.source };
  };
  return { apiKey: entry(API_KEY_VAR), secretKey: entry(SECRET_KEY_VAR) };
}

/**
 * Live and paper runs sign requests (balances, orders): live on Roostoo, paper on the local exchange, which accepts
 * the keys it was started with (any values). Backtests touch no exchange. `algobot run --local-exchange` starts its
 * own exchange with throw-away keys and needs none either.
 */
export function secretsRequired(mode: Mode): boolean {
  return mode !== 'backtest';
}

/** The keys, or an error naming each missing variable. */
export function requireSecrets(
  secrets: Secrets,
  why = 'live trading needs the Roostoo API keys',
): { apiKey: Secret; secretKey: Secret } {
  const missing = [
    [API_KEY_VAR, secrets.apiKey] as const,
    [SECRET_KEY_VAR, secrets.secretKey] as const,
  ].filter(([, e]) => e === undefined);
  if (secrets.apiKey === undefined || secrets.secretKey === undefined) {
    throw new InputErrors(
      why,
      missing.map(
        ([name]) => new InputError(`${name} is not set; set it in the environment or in .env`, { key: name }),
      ),
    );
  }
  return { apiKey: secrets.apiKey.secret, secretKey: secrets.secretKey.secret };
}
