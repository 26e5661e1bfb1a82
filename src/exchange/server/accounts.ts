// Accounts of the local exchange: an API key, its secret and a starting wallet. From a small JSON file
// ([{"api_key": "...", "secret": "...", "usd": 100000}]) or, by default, one account with 50,000 USD for the keys
// in ROOSTOO_API_KEY / ROOSTOO_SECRET_KEY, so the bot's own configuration works against it unchanged.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import type { Secret } from '../../config/secrets.js';

export interface ServerAccount {
  readonly apiKey: string;
  readonly secret: Secret;
  readonly usd: number;
}

export const DEFAULT_STARTING_USD = 50_000;

const accountsFileSchema = z
  .array(
    z.strictObject({
      api_key: z.string().min(1),
      secret: z.string().min(1),
      usd: z.number().positive().default(DEFAULT_STARTING_USD),
    }),
  )
  .min(1);

export function readAccountsFile(path: string, wrap: (value: string) => Secret): ServerAccount[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(`cannot read the accounts file: ${(err as Error).message}`, { file: path });
  }
  const r = accountsFileSchema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new InputError(`${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`, { file: path });
  }
  return r.data.map((a) => ({ apiKey: a.api_key, secret: wrap(a.secret), usd: a.usd }));
}
