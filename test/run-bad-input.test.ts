// `algobot run` on bad inputs: a corrupt or missing state database, a second bot on the same database, a model file
// replaced with garbage while the bot runs, a config without the API keys, an exchange that answers HTML. Each must
// give a clear message and lose nothing: the bad file is left byte for byte, nothing is traded on garbage.
import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, type RunOptions } from '../src/cli/commands/run.js';
import { systemClock } from '../src/core/clock.js';
import { errorMessage } from '../src/core/errors.js';
import { FEATURE_NAMES } from '../src/features/feature-set.js';
import { StateStore } from '../src/state/store.js';
import {
  REPO_ROOT,
  SAMPLE_DATA_DIR,
  SHIPPED_CONFIG,
  edit,
  removeTempProjects,
  tempProject,
} from './helpers/config-files.js';
import { runCli } from './helpers/run-cli.js';

const KEYS = { ROOSTOO_API_KEY: 'test-api-key', ROOSTOO_SECRET_KEY: 'test-secret-key' };
/** Nothing listens on port 1: a bot that got as far as the exchange would fail there, not earlier. */
const NOWHERE = 'http://127.0.0.1:1';

interface Project {
  readonly dir: string;
  readonly config: string;
  readonly db: string;
  readonly json: string;
  readonly log: string;
  readonly kill: string;
  readonly models: string;
}

interface ProjectOptions {
  readonly strategy?: 'ml' | 'ma_crossover';
  readonly baseUrl?: string;
  readonly cycleSeconds?: number;
  /** A models directory (default: an empty one, so the ml strategy uses the fallback scorer). */
  readonly requireOosEdge?: boolean;
}

/** The shipped config with every file the bot writes inside a fresh temporary directory. */
async function project(o: ProjectOptions = {}): Promise<Project> {
  const dir = await tempProject();
  const p: Project = {
    dir,
    config: join(dir, 'config.yaml'),
    db: join(dir, 'var', 'state.sqlite'),
    json: join(dir, 'var', 'state.json'),
    log: join(dir, 'var', 'bot.log'),
    kill: join(dir, 'KILL'),
    models: join(dir, 'models'),
  };
  let text = SHIPPED_CONFIG;
  text = edit(text, '  name: ml\n', `  name: ${o.strategy ?? 'ml'}\n`);
  text = edit(text, 'fast_bars: 24', 'fast_bars: 2');
  text = edit(text, 'slow_bars: 120', 'slow_bars: 5');
  text = edit(text, 'cycle_seconds: 60 ', `cycle_seconds: ${o.cycleSeconds ?? 300} `);
  text = edit(text, 'kill_file: var/KILL', `kill_file: ${p.kill}`);
  text = edit(text, 'db: var/algobot.sqlite', `db: ${p.db}`);
  text = edit(text, 'json: var/state.json', `json: ${p.json}`);
  text = edit(text, 'file: var/algobot.log', `file: ${p.log}`);
  text = edit(text, 'dir: data/sample/1h', `dir: ${SAMPLE_DATA_DIR}`);
  text = edit(text, '  dir: models\n', `  dir: ${p.models}\n`);
  text = edit(text, 'require_oos_edge: true', `require_oos_edge: ${o.requireOosEdge ?? true}`);
  text = edit(text, 'base_url: http://127.0.0.1:8787', `base_url: ${o.baseUrl ?? NOWHERE}`);
  await mkdir(p.models, { recursive: true });
  await writeFile(p.config, text);
  return p;
}

interface Bot {
  readonly done: Promise<{ code: number; error?: unknown }>;
  /** True once run() has returned or thrown. */
  finished(): boolean;
  output(): string;
  stop(): void;
}

/** `algobot run` in-process, stoppable as SIGTERM would stop it. */
function startBot(p: Project, opts: Omit<RunOptions, 'config' | 'signal'>, env = {}): Bot {
  let out = '';
  const stopper = new AbortController();
  const stream = { write: (s: string) => (out += s), isTTY: false };
  const done = run(
    { stdout: stream, stderr: stream, env, cwd: p.dir, clock: systemClock, verbose: false },
    { ...opts, config: p.config, signal: stopper.signal },
  ).then(
    (code) => ({ code }),
    (error: unknown) => {
      out += `error: ${errorMessage(error)}\n`;
      return { code: -1, error };
    },
  );
  let ended = false;
  void done.then(() => (ended = true));
  return { done, finished: () => ended, output: () => out, stop: () => stopper.abort() };
}

async function waitFor(what: string, cond: () => boolean, bot?: Bot, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (bot?.finished() === true)
      throw new Error(`the bot ended while waiting for ${what}:\n${bot.output()}`);
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stateJson(p: Project): { decisions: number; cycles: number; positions: unknown[] } | undefined {
  try {
    return JSON.parse(readFileSync(p.json, 'utf8')) as { decisions: number; cycles: number; positions: [] };
  } catch {
    return undefined;
  }
}

function readStore<T>(db: string, f: (s: StateStore) => T): T {
  const s = StateStore.open(db, { readonly: true });
  try {
    return f(s);
  } finally {
    s.close();
  }
}

afterAll(removeTempProjects);

describe('algobot run: the state database', () => {
  it('refuses a file of random bytes (exit 2, names the file, says to move it aside) and leaves it as it was', async () => {
    const p = await project();
    await mkdir(join(p.dir, 'var'));
    const garbage = Buffer.alloc(64 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 251;
    writeFileSync(p.db, garbage);
    const r = await runCli(['run', '--config', p.config], { cwd: p.dir, env: KEYS });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('var/state.sqlite');
    expect(r.stderr).toMatch(/not a SQLite database|damaged/);
    expect(r.stderr).toContain('move it aside');
    expect(readFileSync(p.db).equals(garbage)).toBe(true);
    // Nothing else written next to it: no journal, no lock left behind, no log, no state.json.
    for (const f of [`${p.db}-wal`, `${p.db}-shm`, `${p.db}.lock`, p.log, p.json])
      expect(existsSync(f)).toBe(false);
  });

  it('refuses a truncated real database the same way, byte for byte untouched', async () => {
    const p = await project();
    await mkdir(join(p.dir, 'var'));
    const whole = join(p.dir, 'whole.sqlite');
    const s = StateStore.open(whole, { readonly: false });
    for (let i = 0; i < 300; i++) s.event(i, 'note', `event ${i} `.repeat(20));
    s.close();
    const full = readFileSync(whole);
    const truncated = full.subarray(0, Math.floor(full.length / 2));
    writeFileSync(p.db, truncated);
    const r = await runCli(['run', '--config', p.config], { cwd: p.dir, env: KEYS });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('var/state.sqlite');
    expect(r.stderr).toContain('is damaged');
    expect(r.stderr).toContain('move it aside');
    expect(readFileSync(p.db).equals(truncated)).toBe(true);
    expect(existsSync(`${p.db}.lock`)).toBe(false);
    expect(existsSync(p.json)).toBe(false);
  });

  it('with --local-exchange (a fresh account) a damaged database is kept aside, byte for byte, and the run starts afresh', async () => {
    const p = await project({ strategy: 'ma_crossover' });
    await mkdir(join(p.dir, 'var'));
    const garbage = Buffer.from('not a database '.repeat(500));
    writeFileSync(p.db, garbage);
    const r = await runCli(
      [
        'run',
        '--config',
        p.config,
        '--local-exchange',
        '--speed',
        '14400',
        '--from',
        '2025-08-19T00:00',
        '--to',
        '2025-08-19T02:00',
      ],
      { cwd: p.dir },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const aside = readdirSync(dirname(p.db)).filter((f) => f.startsWith(`${basename(p.db)}.20`));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dirname(p.db), aside[0] as string)).equals(garbage)).toBe(true);
    expect(r.stdout).toContain("the last local-exchange run's state moved to");
    expect(r.stdout).toMatch(/no saved state in .*state\.sqlite: starting afresh/);
    expect(readStore(p.db, (s) => s.events()[0]?.kind)).toBe('start');
  }, 120_000);

  it('starts afresh when the database is missing, says so, and creates it', async () => {
    const p = await project({ strategy: 'ma_crossover' });
    expect(existsSync(p.db)).toBe(false);
    const r = await runCli(
      [
        'run',
        '--config',
        p.config,
        '--local-exchange',
        '--speed',
        '14400',
        '--from',
        '2025-08-19T00:00',
        '--to',
        '2025-08-19T03:00',
      ],
      { cwd: p.dir },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no saved state in .*state\.sqlite: starting afresh/);
    expect(existsSync(p.db)).toBe(true);
    const kinds = readStore(p.db, (s) => s.events().map((e) => e.kind));
    expect(kinds[0]).toBe('start');
    expect(kinds).toContain('stopped');
    expect(existsSync(`${p.db}.lock`)).toBe(false);
  }, 120_000);

  it('refuses a second bot on the database of a running one, naming its pid, and disturbs nothing', async () => {
    const p = await project({ strategy: 'ma_crossover' });
    const first = startBot(p, {
      localExchange: true,
      speed: 3600,
      from: '2025-08-19T00:00',
      to: '2025-08-26T00:00',
    });
    try {
      await waitFor('the first bot to complete a cycle', () => stateJson(p) !== undefined, first);
      const before = stateJson(p)?.cycles ?? 0;
      // Against an exchange at base_url: the lock refuses it.
      const second = await runCli(['run', '--config', p.config], { cwd: p.dir, env: KEYS });
      expect(second.code).toBe(2);
      expect(second.stderr).toContain(`another algobot (pid ${process.pid}) is running on`);
      expect(second.stderr).toContain('state.sqlite');
      // With --local-exchange (which would otherwise move the old database aside): refused before touching it.
      const third = await runCli(['run', '--config', p.config, '--local-exchange', '--speed', '3600'], {
        cwd: p.dir,
      });
      expect(third.code).toBe(2);
      expect(third.stderr).toContain(`another algobot (pid ${process.pid}) is running`);
      expect(existsSync(`${p.db}.previous`)).toBe(false);
      // From another process (the real case): the lock's pid is alive, so refused the same way.
      const other = spawnSync(
        process.execPath,
        [join(REPO_ROOT, 'bin/algobot'), 'run', '--config', p.config],
        {
          cwd: p.dir,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, ...KEYS },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(other.status).toBe(2);
      expect(other.stderr).toContain(`another algobot (pid ${process.pid}) is running on`);
      // The first bot keeps going on its database.
      await waitFor('the first bot to go on', () => (stateJson(p)?.cycles ?? 0) > before + 2, first);
    } finally {
      first.stop();
    }
    const { code, error } = await first.done;
    expect(error).toBeUndefined();
    expect(code).toBe(0);
    const kinds = readStore(p.db, (s) => s.events().map((e) => e.kind));
    expect(kinds.filter((k) => k === 'start')).toHaveLength(1);
    expect(kinds.at(-1)).toBe('stopped');
  }, 120_000);
});

describe('algobot run: models', () => {
  it('keeps trading the models it has when a model file is replaced with garbage while it runs', async () => {
    const p = await project({ strategy: 'ml', requireOosEdge: false });
    const model = readFileSync(join(REPO_ROOT, 'bench/fixtures/lgbm-200x31.txt'), 'utf8').replace(
      /^feature_names=.*$/m,
      `feature_names=${FEATURE_NAMES.join(' ')}`,
    );
    writeFileSync(join(p.models, 'lgbm_6h.txt'), model);
    writeFileSync(join(p.models, 'lgbm_24h.txt'), model);
    const bot = startBot(p, {
      localExchange: true,
      speed: 3600,
      from: '2025-08-19T00:00',
      to: '2025-08-19T10:00',
    });
    try {
      await waitFor('two decisions on the models', () => (stateJson(p)?.decisions ?? 0) >= 2, bot);
    } catch (err) {
      bot.stop();
      await bot.done;
      throw err;
    }
    const decisionsBefore = stateJson(p)?.decisions ?? 0;
    writeFileSync(join(p.models, 'lgbm_6h.txt'), 'this is not a LightGBM model\n\u0000\u0001garbage');
    const { code, error } = await bot.done;
    const out = bot.output();
    expect(error).toBeUndefined();
    expect(code).toBe(0);
    // Started on the two models, not on the fallback.
    expect(out).toMatch(/scorer=models/);
    expect(out).toMatch(/lgbm_6h\.txt: \d+ trees/);
    expect(out).toContain(
      'models changed on disk but cannot be loaded: still trading the ones loaded before',
    );
    expect(out).toContain('lgbm_6h.txt');
    expect(out).not.toContain('models reloaded');
    const { refused, decisions } = readStore(p.db, (s) => ({
      refused: s.events().filter((e) => e.kind === 'models-refused'),
      decisions: s.decisions(),
    }));
    expect(refused).toHaveLength(1);
    expect(refused[0]?.message).toContain('lgbm_6h.txt');
    const refusedAt = refused[0]?.time ?? Infinity;
    // Decisions went on after the refusal, on the models loaded before.
    expect(decisions.filter((d) => d.time > refusedAt).length).toBeGreaterThan(0);
    expect(decisions.length).toBeGreaterThan(decisionsBefore);
    // The garbage is left where it is (nothing deleted or "repaired").
    expect(readFileSync(join(p.models, 'lgbm_6h.txt'), 'utf8')).toContain('garbage');
  }, 120_000);
});

describe('algobot run: the API keys', () => {
  it('paper mode on an exchange at base_url without the keys: exit 2, names both variables, creates nothing', async () => {
    const p = await project();
    const r = await runCli(['run', '--config', p.config], { cwd: p.dir, env: {} });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ROOSTOO_API_KEY');
    expect(r.stderr).toContain('ROOSTOO_SECRET_KEY');
    expect(r.stderr).toContain('--local-exchange');
    for (const f of [p.db, p.json, p.log, join(p.dir, 'var')]) expect(existsSync(f)).toBe(false);
  });

  it('one key of the two is missing: names the missing one', async () => {
    const p = await project();
    const r = await runCli(['run', '--config', p.config], {
      cwd: p.dir,
      env: { ROOSTOO_API_KEY: 'only-the-api-key' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ROOSTOO_SECRET_KEY');
    expect(r.stderr).not.toContain('only-the-api-key');
    expect(existsSync(p.db)).toBe(false);
  });
});

describe('algobot run: an exchange that answers HTML', () => {
  let server: Server;
  let url: string;
  let status = 200;
  const requests: string[] = [];
  const startHtml = async (): Promise<void> => {
    server = createServer((req: IncomingMessage, res) => {
      requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
      res.writeHead(status, { 'Content-Type': 'text/html' });
      res.end('<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  it('200 with an HTML page: exit non-zero, names the URL and says it is not JSON; no order, no state', async () => {
    await startHtml();
    status = 200;
    requests.length = 0;
    const p = await project({ baseUrl: url });
    const r = await runCli(['run', '--config', p.config], { cwd: p.dir, env: KEYS });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${url}/v3/exchangeInfo`);
    expect(r.stderr).toContain('not JSON');
    expect(r.stderr).toContain('<html>');
    expect(requests.some((q) => q.startsWith('POST'))).toBe(false);
    expect(existsSync(p.json)).toBe(false);
    // The database was opened (and labelled), but holds nothing of a run: no event, no order, no intent.
    const held = readStore(p.db, (s) => ({ events: s.events(), orders: s.orders(), intents: s.intents() }));
    expect(held).toEqual({ events: [], orders: [], intents: [] });
    expect(existsSync(`${p.db}.lock`)).toBe(false);
  });

  it('502 with an HTML page: exit non-zero naming the URL and the status', async () => {
    status = 502;
    requests.length = 0;
    const p = await project({ baseUrl: url });
    const r = await runCli(['run', '--config', p.config], { cwd: p.dir, env: KEYS });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${url}/v3/exchangeInfo`);
    expect(r.stderr).toContain('HTTP 502');
    expect(requests).toContain('GET /v3/exchangeInfo');
    expect(requests.some((q) => q.startsWith('POST'))).toBe(false);
    expect(existsSync(p.json)).toBe(false);
    expect(readStore(p.db, (s) => s.events())).toEqual([]);
  }, 30_000);

  it('--follow-replay on an HTML answer: says it publishes no replay clock, before any state is opened', async () => {
    status = 200;
    const p = await project({ baseUrl: url });
    const r = await runCli(['run', '--config', p.config, '--follow-replay'], { cwd: p.dir, env: KEYS });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(url);
    expect(r.stderr).toContain('publishes no replay clock');
    expect(existsSync(p.db)).toBe(false);
  });
});
