// `algobot doctor` end to end, in-process: the real CLI entry, real config files and candles, and a stand-in
// for Roostoo's public endpoints on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { FEATURE_NAMES } from '../src/features/feature-set.js';
import {
  edit,
  REPO_ROOT,
  removeTempProjects,
  SAMPLE_DATA_DIR,
  SHIPPED_CONFIG,
  tempProject,
} from './helpers/config-files.js';
import { closedPortUrl, startFakeRoostoo } from './helpers/fake-roostoo.js';
import type { FakeRoostoo } from './helpers/fake-roostoo.js';

const API_KEY = 'AK_test_5e1f0c9a7d3b';
const SECRET_KEY = 'SK_test_S1XP1e3UZj6A7H5fATj0jNhqPxxdSJYd';
// A real LightGBM model (test/fixtures/lightgbm/a_regression) with its 13 features renamed to the bot's.
const MODEL = readFileSync('test/fixtures/lightgbm/a_regression/model.txt', 'utf8').replace(
  /^feature_names=.*$/m,
  `feature_names=${FEATURE_NAMES.join(' ')}`,
);

let fake: FakeRoostoo | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
afterAll(removeTempProjects);

/** The shipped config switched to live trading on coins Roostoo lists, with absolute data and model dirs. */
function liveConfig(): string {
  let text = edit(SHIPPED_CONFIG, 'mode: paper', 'mode: live');
  text = edit(text, '  tier3: [SUI, PEPE, INJ]', '  tier3: [SUI, PEPE]');
  return edit(text, '  dir: data/sample/1h', `  dir: ${SAMPLE_DATA_DIR}`);
}

async function doctor(
  files: Record<string, string>,
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string; lines: string[] }> {
  const cwd = await tempProject(files);
  let out = '';
  let err = '';
  const code = await main(['doctor', '--config', 'config/config.yaml'], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env,
    cwd,
  });
  return { code, out, err, lines: out.split('\n') };
}

const line = (lines: string[], prefix: string): string => {
  const hit = lines.find((l) => l.startsWith(prefix));
  expect(hit, `no line starting with "${prefix}" in:\n${lines.join('\n')}`).toBeDefined();
  return hit ?? '';
};

const liveEnv = (url: string): Record<string, string> => ({
  ROOSTOO_BASE_URL: url,
  ROOSTOO_API_KEY: API_KEY,
  ROOSTOO_SECRET_KEY: SECRET_KEY,
});

/** A model card as `algobot train` writes it (the fields the bot reads). */
const card = (edge6h: boolean, edge24h: boolean): string =>
  JSON.stringify({
    models: [
      {
        file: 'lgbm_6h.txt',
        horizon_bars: 6,
        feature_transform: 'rank',
        oos_edge: edge6h,
        verdict: edge6h ? 'beats every baseline' : 'does NOT beat the baselines out of sample',
      },
      {
        file: 'lgbm_24h.txt',
        horizon_bars: 24,
        feature_transform: 'none',
        oos_edge: edge24h,
        verdict: edge24h ? 'beats every baseline' : 'does NOT beat the baselines out of sample',
      },
    ],
  });

const withModels = {
  'models/lgbm_6h.txt': MODEL,
  'models/lgbm_24h.txt': MODEL,
  'models/model-card.json': card(true, true),
};

describe('algobot doctor', () => {
  it('passes a ready live setup, shows the clock offset and never prints a key', async () => {
    fake = await startFakeRoostoo();
    const r = await doctor({ 'config/config.yaml': liveConfig(), ...withModels }, liveEnv(fake.url));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(line(r.lines, '✔ node')).toMatch(/v\d+\.\d+\.\d+ \(needs ≥ 20\.12\)/);
    expect(line(r.lines, '✔ config')).toContain('config/config.yaml is valid');
    expect(line(r.lines, '✔ mode')).toContain(`live, dry run off; real orders on ${fake.url}`);
    expect(line(r.lines, '✔ secrets')).toBe(
      `✔ secrets       ROOSTOO_API_KEY set (${API_KEY.length} characters, from environment); ` +
        `ROOSTOO_SECRET_KEY set (${SECRET_KEY.length} characters, from environment)`,
    );
    expect(line(r.lines, '✔ data BTC')).toContain(
      '4392 bars of 1h, 2025-04-01T00:00:00Z → 2025-09-30T23:00:00Z, no gaps',
    );
    // The bundled sample ends in 2025: fine for paper, a warning (not a failure) for live.
    expect(line(r.lines, '! data ')).toContain('stale for live trading: 11 of 11 coins');
    expect(line(r.lines, '✔ model 6h')).toContain(
      'models/lgbm_6h.txt: 100 trees, rank-transformed features, out-of-sample edge',
    );
    expect(line(r.lines, '✔ model 24h')).toContain('100 trees, features as computed, out-of-sample edge');
    expect(line(r.lines, '✔ exchange ')).toMatch(
      /reachable in \d+ ms; clock offset [+−]\d+ ms \(server − local\), within 60\.0 s/,
    );
    expect(line(r.lines, '✔ exchange info')).toContain('running; 88 pairs listed');
    expect(line(r.lines, '✔ pairs')).toContain('all 11 universe coins tradable as COIN/USD');
    expect(r.out).toContain('doctor: ready (no failures');
    expect(r.lines.filter((l) => l.startsWith('✘'))).toEqual([]);
    expect(r.out).not.toContain(API_KEY);
    expect(r.out).not.toContain(SECRET_KEY);
    expect(r.out).not.toContain(SECRET_KEY.slice(8, 20));
  });

  it('fails when the exchange clock is two minutes off', async () => {
    fake = await startFakeRoostoo({ skewMs: 120_000 });
    const r = await doctor({ 'config/config.yaml': liveConfig(), ...withModels }, liveEnv(fake.url));
    expect(r.code).toBe(1);
    expect(line(r.lines, '✘ exchange ')).toMatch(/clock offset \+1(19|20|21)\.\d s \(server − local\)/);
    expect(r.out).toContain('beyond the 60.0 s timestamp window');
    expect(r.out).toContain('doctor: not ready (1 failure');
  });

  it('fails live trading when the exchange is unreachable', async () => {
    const r = await doctor(
      { 'config/config.yaml': liveConfig(), ...withModels },
      liveEnv(await closedPortUrl()),
    );
    expect(r.code).toBe(1);
    expect(line(r.lines, '✘ exchange')).toContain('unreachable (ECONNREFUSED)');
  });

  it('fails on missing keys and on universe coins the exchange does not list', async () => {
    fake = await startFakeRoostoo();
    const text = edit(liveConfig(), '  tier3: [SUI, PEPE]', '  tier3: [SUI, PEPE, INJ]');
    const r = await doctor(
      { 'config/config.yaml': text, ...withModels },
      {
        ROOSTOO_BASE_URL: fake.url,
        ROOSTOO_API_KEY: API_KEY,
      },
    );
    expect(r.code).toBe(1);
    expect(line(r.lines, '✘ secrets')).toContain('ROOSTOO_SECRET_KEY not set');
    expect(line(r.lines, '✘ pairs')).toContain('1 of 12 universe coins cannot be traded');
    expect(r.out).toContain('INJ/USD is not listed');
    expect(r.out).not.toContain(API_KEY);
  });

  it('exits 2 on an invalid config, naming the key, and skips what depends on it', async () => {
    const text = edit(SHIPPED_CONFIG, '    tier1: 0.15', '    tier1: 1.5');
    const r = await doctor({ 'config/config.yaml': text }, {});
    expect(r.code).toBe(2);
    expect(line(r.lines, '✘ config')).toContain('config/config.yaml: 1 problem');
    expect(r.out).toMatch(
      /config\/config\.yaml:\d+: portfolio\.max_position\.tier1: 1\.5 is out of range; allowed: a number > 0 and ≤ 1/,
    );
    for (const name of ['mode', 'secrets', 'data', 'models', 'exchange']) {
      expect(line(r.lines, `- ${name}`)).toContain('skipped: the config is invalid');
    }
  });

  it('exits 2 when the config file is missing', async () => {
    const r = await doctor({}, {});
    expect(r.code).toBe(2);
    expect(r.out).toContain('config/config.yaml: config file not found');
  });

  it('warns that the fallback scorer will be used when the model files are missing', async () => {
    fake = await startFakeRoostoo();
    const r = await doctor({ 'config/config.yaml': liveConfig() }, liveEnv(fake.url));
    expect(r.code).toBe(0);
    expect(line(r.lines, '! model 6h')).toContain(
      'models/lgbm_6h.txt missing: the fallback scorer will be used',
    );
    expect(line(r.lines, '! model 24h')).toContain('the fallback scorer will be used');
  });

  it('fails a model file that is not a LightGBM v4 text model, or one trained on other features', async () => {
    fake = await startFakeRoostoo();
    const broken = await doctor(
      { 'config/config.yaml': liveConfig(), ...withModels, 'models/lgbm_6h.txt': 'tree\nversion=v3\n' },
      liveEnv(fake.url),
    );
    expect(broken.code).toBe(1);
    expect(line(broken.lines, '✘ models')).toContain(
      'models/lgbm_6h.txt:2: model format version "v3" is not supported (only version=v4)',
    );
    expect(line(broken.lines, '✘ models')).toContain('will not start with it');
    const otherFeatures = MODEL.replace(/^feature_names=.*$/m, (l) => l.replace('rsi_14', 'rsi_21'));
    const r = await doctor(
      { 'config/config.yaml': liveConfig(), ...withModels, 'models/lgbm_24h.txt': otherFeatures },
      liveEnv(fake.url),
    );
    expect(r.code).toBe(1);
    expect(line(r.lines, '✘ models')).toContain('rsi_21');
  });

  it('does not trade a model whose card shows no out-of-sample edge, or that has no card', async () => {
    fake = await startFakeRoostoo();
    const r = await doctor(
      { 'config/config.yaml': liveConfig(), ...withModels, 'models/model-card.json': card(true, false) },
      liveEnv(fake.url),
    );
    expect(r.code).toBe(0);
    expect(line(r.lines, '✔ model 6h')).toContain('out-of-sample edge');
    expect(line(r.lines, '! model 24h')).toContain('does NOT beat the baselines out of sample: not traded');
    const { 'models/model-card.json': _card, ...noCard } = withModels;
    const none = await doctor({ 'config/config.yaml': liveConfig(), ...noCard }, liveEnv(fake.url));
    expect(line(none.lines, '! model 6h')).toContain('has no entry in model-card.json');
    expect(line(none.lines, '! alpha')).toContain('no usable model: the fallback scorer will be used');
  });

  it('fails a universe coin without candles', async () => {
    fake = await startFakeRoostoo();
    const text = edit(liveConfig(), '  tier3: [SUI, PEPE]', '  tier3: [SUI, PEPE, APT]');
    const r = await doctor({ 'config/config.yaml': text, ...withModels }, liveEnv(fake.url));
    expect(r.code).toBe(1);
    expect(line(r.lines, '✘ data APT')).toContain('APT');
    expect(line(r.lines, '✔ data SUI')).toContain('4392 bars');
  });

  it('fails a missing data directory and says how to fill it', async () => {
    const text = edit(SHIPPED_CONFIG, '  dir: data/sample/1h', '  dir: candles/1h');
    const r = await doctor({ 'config/config.yaml': text }, { ROOSTOO_BASE_URL: await closedPortUrl() });
    expect(r.code).toBe(1);
    expect(line(r.lines, '✘ data')).toContain('candles/1h does not exist');
    expect(r.out).toContain(
      'algobot data download --pairs BTC,ETH,SOL,BNB,XRP,DOGE,ADA,LINK,AVAX,SUI,PEPE,INJ',
    );
  });

  it('warns when .env holding a key is readable by others, without showing the key', async () => {
    const cwd = await tempProject({
      'config/config.yaml': SHIPPED_CONFIG,
      '.env': `ROOSTOO_API_KEY=${API_KEY}\n`,
    });
    await chmod(join(cwd, '.env'), 0o644);
    let out = '';
    await main(['doctor'], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => undefined },
      env: { ROOSTOO_BASE_URL: await closedPortUrl() },
      cwd,
    });
    // Paper runs sign requests to the local exchange: with one key of two, the doctor names the missing one.
    expect(out).toContain(
      '! secrets       ROOSTOO_SECRET_KEY not set: paper runs sign requests to the local exchange',
    );
    expect(out).toContain('! secrets       .env is readable by other users (mode 644); run chmod 600 .env');
    expect(out).not.toContain(API_KEY);
  });

  it('passes the shipped config offline, with warnings only: no keys for the local exchange, and it is not running', async () => {
    let out = '';
    const code = await main(['doctor'], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => undefined },
      env: { ROOSTOO_BASE_URL: await closedPortUrl() },
      cwd: REPO_ROOT,
    });
    expect(code).toBe(0);
    expect(out).toContain('✔ mode          paper, dry run off');
    expect(out).toContain(
      '! secrets       ROOSTOO_API_KEY and ROOSTOO_SECRET_KEY not set: paper runs sign requests to the local exchange',
    );
    expect(out).toContain('`algobot run --local-exchange` needs none');
    expect(out).toMatch(/✔ data INJ +4392 bars/);
    expect(out).toMatch(
      /! exchange +not reachable: GET http:\/\/127\.0\.0\.1:\d+\/v3\/serverTime: unreachable/,
    );
    expect(out).toContain('`algobot exchange serve`');
  });
});
