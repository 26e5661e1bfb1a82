import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { configIdentity } from './identity.js';

describe('configIdentity', () => {
  it('is the mode, the exchange host and the universe of the shipped config', async () => {
    // A working directory without a .env, so only the env given here counts.
    const cwd = tmpdir();
    const file = resolve('config/config.yaml');
    const { config } = await loadConfig(file, { env: {}, cwd });
    expect(configIdentity(config)).toEqual({
      mode: 'paper',
      exchange: '127.0.0.1:8787',
      universe: 'BTC,ETH,SOL,BNB,XRP,DOGE,ADA,LINK,AVAX,SUI,PEPE,INJ',
    });
    const env = { ROOSTOO_BASE_URL: 'https://mock-api.roostoo.com' };
    const live = await loadConfig(file, { env, cwd });
    expect(configIdentity(live.config).exchange).toBe('mock-api.roostoo.com');
  });
});
