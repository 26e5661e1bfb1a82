import { format, inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { InputErrors } from '../core/errors.js';
import { removeTempProjects, SHIPPED_CONFIG, tempProject } from '../../test/helpers/config-files.js';
import { loadConfig } from './load.js';
import { configSchema } from './schema.js';
import { isSecretKey } from './secret-keys.js';
import { requireSecrets, Secret, secretsRequired } from './secrets.js';
import { schemaAt } from './issues.js';
import { z } from 'zod';

afterAll(removeTempProjects);

const API = 'AK_9d8c7b6a5f4e3d2c1b0a';
const SECRET = 'SK_S1XP1e3UZj6A7H5fATj0jNhqPxxdSJYdInClVN65';

describe('secrets from the environment and .env', () => {
  it('read .env (quotes, comments, export-free lines) when the environment has nothing', async () => {
    const cwd = await tempProject({
      'c.yaml': SHIPPED_CONFIG,
      '.env': `# keys for the test account\nROOSTOO_API_KEY=${API}\nROOSTOO_SECRET_KEY="${SECRET}"\nOTHER=x\n`,
    });
    const { secrets, envFile } = await loadConfig('c.yaml', { env: {}, cwd });
    expect(envFile).toBe(`${cwd}/.env`);
    expect(secrets.apiKey?.secret.reveal()).toBe(API);
    expect(secrets.apiKey?.source).toBe('.env');
    expect(secrets.secretKey?.secret.reveal()).toBe(SECRET);
  });

  it('the environment wins over .env; an empty variable counts as unset', async () => {
    const cwd = await tempProject({
      'c.yaml': SHIPPED_CONFIG,
      '.env': `ROOSTOO_API_KEY=from-file\nROOSTOO_SECRET_KEY=from-file-too\n`,
    });
    const env = { ROOSTOO_API_KEY: 'from-env', ROOSTOO_SECRET_KEY: '' };
    const { secrets } = await loadConfig('c.yaml', { env, cwd });
    expect(secrets.apiKey?.secret.reveal()).toBe('from-env');
    expect(secrets.apiKey?.source).toBe('environment');
    expect(secrets.secretKey?.secret.reveal()).toBe('from-file-too');
    expect(secrets.secretKey?.source).toBe('.env');
  });

  it('are absent without either; loading still succeeds (run checks them: live and paper sign requests)', async () => {
    const cwd = await tempProject({ 'c.yaml': SHIPPED_CONFIG });
    const { secrets, envFile } = await loadConfig('c.yaml', { env: {}, cwd });
    expect(secrets.apiKey).toBeUndefined();
    expect(secrets.secretKey).toBeUndefined();
    expect(envFile).toBeUndefined();
    expect(secretsRequired('live')).toBe(true);
    expect(secretsRequired('paper')).toBe(true);
    expect(secretsRequired('backtest')).toBe(false);
  });

  it('requireSecrets names each missing variable', async () => {
    const cwd = await tempProject({ 'c.yaml': SHIPPED_CONFIG });
    const { secrets } = await loadConfig('c.yaml', { env: { ROOSTOO_API_KEY: API }, cwd });
    const err = (() => {
      try {
        requireSecrets(secrets);
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputErrors);
    expect((err as InputErrors).problems.map((p) => p.location.key)).toEqual(['ROOSTOO_SECRET_KEY']);
    expect((err as Error).message).not.toContain(API);
  });
});

describe('redaction', () => {
  it('JSON, templates, String(), concatenation and inspect never show a secret; reveal() does', async () => {
    const cwd = await tempProject({ 'c.yaml': SHIPPED_CONFIG, '.env': `ROOSTOO_SECRET_KEY=${SECRET}\n` });
    const loaded = await loadConfig('c.yaml', { env: { ROOSTOO_API_KEY: API }, cwd });
    const key = loaded.secrets.apiKey?.secret;
    expect(key).toBeInstanceOf(Secret);
    const renderings = [
      JSON.stringify(loaded),
      JSON.stringify(loaded.secrets, null, 2),
      `${String(key)} ${key?.toString()}`,
      `key=${key as unknown as string}`,
      'key=' + (key as unknown as string),
      inspect(loaded, { depth: Infinity, showHidden: true }),
      format('%s %o %O %j', key, loaded.secrets, loaded, loaded),
    ];
    for (const text of renderings) {
      expect(text).not.toContain(API);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SECRET.slice(3, 15));
    }
    expect(renderings[0]).toContain('[redacted]');
    expect(key?.reveal()).toBe(API);
    expect(key?.length).toBe(API.length);
  });
});

describe('secret-looking keys', () => {
  it.each([
    'api_key',
    'API_KEY',
    'apikey',
    'apiKey',
    'secret',
    'Secret_Key',
    'roostoo_secret',
    'password',
    'token',
    'access_token',
    'my_api_key_here',
  ])('%s is one', (key) => expect(isSecretKey(key)).toBe(true));

  it.each(['tokens_per_minute', 'base_url', 'max_positions', 'tier3_sleeve'])('%s is not', (key) =>
    expect(isSecretKey(key)).toBe(false),
  );

  it('no key of the schema itself looks like a secret', () => {
    const keys: string[] = [];
    const walk = (s: z.ZodType | undefined): void => {
      const inner = s instanceof z.ZodNullable ? (s.unwrap() as z.ZodType) : s;
      if (inner instanceof z.ZodObject) {
        for (const k of Object.keys(inner.shape)) {
          keys.push(k);
          walk(schemaAt(inner, [k]));
        }
      }
    };
    walk(schemaAt(configSchema, []));
    expect(keys.length).toBeGreaterThan(60);
    expect(keys.filter(isSecretKey)).toEqual([]);
  });
});
