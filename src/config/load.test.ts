import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputErrors } from '../core/errors.js';
import {
  edit,
  REPO_ROOT,
  removeTempProjects,
  SHIPPED_CONFIG,
  tempProject,
} from '../../test/helpers/config-files.js';
import { loadConfig } from './load.js';
import type { Config } from './schema.js';
import { tierOf, universeCoins } from './universe.js';

afterAll(removeTempProjects);

describe('the shipped configs', () => {
  it('config/config.yaml is valid and runs offline: paper mode on the local exchange and the bundled sample', async () => {
    const { config, file, baseUrlSource } = await loadConfig('config/config.yaml', {
      env: {},
      cwd: REPO_ROOT,
    });
    expect(file).toBe('config/config.yaml');
    expect(config.mode).toBe('paper');
    expect(config.dry_run).toBe(false);
    expect(config.exchange.base_url).toBe('http://127.0.0.1:8787');
    expect(baseUrlSource).toBe('config');
    expect(config.data.dir).toBe(join(REPO_ROOT, 'data', 'sample', '1h'));
    expect(universeCoins(config).map((c) => `${c.coin}:${c.tier}`)).toEqual([
      'BTC:1', 'ETH:1',
      'SOL:2', 'BNB:2', 'XRP:2', 'DOGE:2', 'ADA:2', 'LINK:2', 'AVAX:2',
      'SUI:3', 'PEPE:3', 'INJ:3',
    ]); // prettier-ignore
    expect(tierOf(config, 'PEPE')).toBe(3);
    expect(tierOf(config, 'XLM')).toBeUndefined();
    // The strategy's documented numbers.
    expect(config.portfolio.max_position).toEqual({ tier1: 0.15, tier2: 0.1, tier3: 0.05 });
    expect(config.portfolio.tier3_sleeve).toBe(0.12);
    expect(config.portfolio.cash_buffer).toEqual({ trend: 0.1, chop: 0.2, down: 0.6 });
    expect(config.portfolio.max_positions).toEqual({ trend: 8, chop: 6, down: 4 });
    expect(config.risk.stop_atr_multiple).toBe(1.3);
    expect(config.risk.trail_arm_atr).toBe(0.8);
    expect(config.risk.max_loss_per_position).toBe(0.0175);
    expect(config.risk.drawdown).toEqual({ soft: 0.05, soft_exposure: 0.5, hard: 0.1, hard_exposure: 0.2 });
    expect(config.backtest.fees).toEqual({ taker: 0.001, maker: 0.0005 });
    expect(config.exchange.calls_per_minute).toBe(25);
    expect(config.exchange.timestamp_window_ms).toBe(60_000);
  });

  it('config/live.example.yaml is valid and differs from config.yaml only where it says CHANGED', async () => {
    const opts = { env: {}, cwd: REPO_ROOT };
    const paper = (await loadConfig('config/config.yaml', opts)).config;
    const live = (await loadConfig('config/live.example.yaml', opts)).config;
    expect(live.mode).toBe('live');
    expect(live.exchange.base_url).toBe('https://mock-api.roostoo.com');
    const expected: Config = {
      ...paper,
      mode: 'live',
      universe: { ...paper.universe, tier3: ['SUI', 'PEPE'] },
      exchange: { ...paper.exchange, base_url: 'https://mock-api.roostoo.com', orders_per_minute: 1 },
      data: {
        ...paper.data,
        dir: join(REPO_ROOT, 'data', '1h'),
        download: { ...paper.data.download, refresh_on_run: true },
      },
      state: { db: join(REPO_ROOT, 'var/live/algobot.sqlite'), json: join(REPO_ROOT, 'var/live/state.json') },
      logging: { ...paper.logging, file: join(REPO_ROOT, 'var/live/algobot.log') },
    };
    expect(live).toEqual(expected);
  });
});

describe('config/demo.yaml', () => {
  it('is valid and differs from config.yaml only where it says CHANGED', async () => {
    const opts = { env: {}, cwd: REPO_ROOT };
    const paper = (await loadConfig('config/config.yaml', opts)).config;
    const demo = (await loadConfig('config/demo.yaml', opts)).config;
    const expected: Config = {
      ...paper,
      run: { ...paper.run, cycle_seconds: 300, kill_file: join(REPO_ROOT, 'var/demo/KILL') },
      state: { db: join(REPO_ROOT, 'var/demo/algobot.sqlite'), json: join(REPO_ROOT, 'var/demo/state.json') },
      logging: { ...paper.logging, file: join(REPO_ROOT, 'var/demo/algobot.log') },
    };
    expect(demo).toEqual(expected);
  });
});

describe('paths', () => {
  it('resolve against the working directory, wherever the config file is', async () => {
    const cwd = await tempProject({ 'elsewhere/deep/my.yaml': SHIPPED_CONFIG });
    const { config, file, path } = await loadConfig('elsewhere/deep/my.yaml', { env: {}, cwd });
    expect(file).toBe('elsewhere/deep/my.yaml');
    expect(path).toBe(join(cwd, 'elsewhere/deep/my.yaml'));
    expect(config.data.dir).toBe(join(cwd, 'data/sample/1h'));
    expect(config.models.dir).toBe(join(cwd, 'models'));
    expect(config.state).toEqual({ db: join(cwd, 'var/algobot.sqlite'), json: join(cwd, 'var/state.json') });
    expect(config.logging.file).toBe(join(cwd, 'var/algobot.log'));
    expect(config.data.stop_dir).toBeNull();
  });

  it('absolute paths stay as written', async () => {
    const text = edit(SHIPPED_CONFIG, '  dir: data/sample/1h', '  dir: /srv/candles/1h');
    const cwd = await tempProject({ 'c.yaml': text });
    expect((await loadConfig('c.yaml', { env: {}, cwd })).config.data.dir).toBe('/srv/candles/1h');
  });
});

describe('a short timestamp window', () => {
  it('is accepted for a local exchange only, whether the URL comes from the file or ROOSTOO_BASE_URL', async () => {
    const text = edit(SHIPPED_CONFIG, '  timestamp_window_ms: 60000', '  timestamp_window_ms: 2000');
    const cwd = await tempProject({ 'c.yaml': text });
    const local = await loadConfig('c.yaml', { env: {}, cwd });
    expect(local.config.exchange.timestamp_window_ms).toBe(2000);
    const err = await loadConfig('c.yaml', {
      env: { ROOSTOO_BASE_URL: 'https://mock-api.roostoo.com' },
      cwd,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputErrors);
    const p = (err as InputErrors).problems[0];
    expect(p?.location).toEqual({ file: 'environment', key: 'ROOSTOO_BASE_URL' });
    expect(p?.message).toContain("timestamp_window_ms is 2000: below Roostoo's 60000 ms");
  });
});

describe('ROOSTOO_BASE_URL', () => {
  it('from the environment overrides exchange.base_url', async () => {
    const cwd = await tempProject({ 'c.yaml': SHIPPED_CONFIG });
    const env = { ROOSTOO_BASE_URL: 'http://127.0.0.1:9999' };
    const loaded = await loadConfig('c.yaml', { env, cwd });
    expect(loaded.config.exchange.base_url).toBe('http://127.0.0.1:9999');
    expect(loaded.baseUrlSource).toBe('environment');
  });

  it('from .env applies when the environment leaves it unset, and the environment wins', async () => {
    const cwd = await tempProject({
      'c.yaml': SHIPPED_CONFIG,
      '.env': 'ROOSTOO_BASE_URL=https://mock-api.roostoo.com\n',
    });
    const fromFile = await loadConfig('c.yaml', { env: {}, cwd });
    expect(fromFile.config.exchange.base_url).toBe('https://mock-api.roostoo.com');
    expect(fromFile.baseUrlSource).toBe('.env');
    const fromEnv = await loadConfig('c.yaml', { env: { ROOSTOO_BASE_URL: 'http://localhost:1' }, cwd });
    expect(fromEnv.config.exchange.base_url).toBe('http://localhost:1');
  });

  it('must be an http(s) URL', async () => {
    const cwd = await tempProject({ 'c.yaml': SHIPPED_CONFIG });
    const err = await loadConfig('c.yaml', { env: { ROOSTOO_BASE_URL: 'mock-api.roostoo.com' }, cwd }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputErrors);
    const [p] = (err as InputErrors).problems;
    expect(p?.location).toEqual({ file: 'environment', key: 'ROOSTOO_BASE_URL' });
    expect(p?.message).toBe('environment: ROOSTOO_BASE_URL: is not an http:// or https:// URL');
  });
});
