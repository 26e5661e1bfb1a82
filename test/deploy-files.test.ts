// The deployment files (deploy/) and docs/operations.md, checked offline against each other, against the live
// config they run (config/live.example.yaml, copied to config/live.yaml on the machine) and against the CLI:
// the systemd unit's required keys and hardening, `systemd-analyze verify` where it is installed, the logrotate
// file's log path and `logrotate -d` where it is installed, the .env template's placeholders, every `run:` key
// mentioned in the page, and every command-line flag the page shows accepted by that command's --help.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../src/config/load.js';
import type { Config } from '../src/config/schema.js';
import { REPO_ROOT } from './helpers/config-files.js';
import { runCli } from './helpers/run-cli.js';

const read = (rel: string): string => readFileSync(join(REPO_ROOT, rel), 'utf8');

const UNIT_TEXT = read('deploy/algobot.service');
const LOGROTATE_TEXT = read('deploy/algobot.logrotate');
const ENV_TEXT = read('deploy/algobot.env.example');
const DOCS = read('docs/operations.md');
const LIVE_EXAMPLE = 'config/live.example.yaml';
const LIVE_TEXT = read(LIVE_EXAMPLE);

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'algobot-deploy-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** A systemd unit as sections of keys, each with every value it was given (keys may repeat). */
type Unit = Map<string, Map<string, string[]>>;

function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section: Map<string, string[]> | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    if (line.endsWith('\\')) throw new Error(`line ${i + 1}: continuation lines are not expected here`);
    const header = /^\[([A-Za-z]+)\]$/.exec(line);
    if (header !== null) {
      const name = header[1] as string;
      if (unit.has(name)) throw new Error(`line ${i + 1}: section [${name}] appears twice`);
      section = new Map();
      unit.set(name, section);
      return;
    }
    const kv = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(line);
    if (kv === null || section === undefined) {
      throw new Error(`line ${i + 1}: not a Key=value line inside a section: ${raw}`);
    }
    const key = kv[1] as string;
    section.set(key, [...(section.get(key) ?? []), (kv[2] as string).trim()]);
  });
  return unit;
}

/** The single value of a key (absent or repeated: the test fails naming it). */
function one(unit: Unit, section: string, key: string): string {
  const values = unit.get(section)?.get(key);
  expect(values, `[${section}] ${key}`).toBeDefined();
  expect(values, `[${section}] ${key} is given once`).toHaveLength(1);
  return (values as string[])[0] as string;
}

/** A systemd time span ("120", "15min", "1h 30min") in seconds. */
function seconds(span: string): number {
  const units: Record<string, number> = {
    '': 1,
    s: 1,
    sec: 1,
    second: 1,
    seconds: 1,
    m: 60,
    min: 60,
    minute: 60,
    minutes: 60,
    h: 3600,
    hr: 3600,
    hour: 3600,
    hours: 3600,
    d: 86_400,
    day: 86_400,
    days: 86_400,
  };
  const parts = [...span.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]*)/g)];
  expect(parts.length, `time span "${span}"`).toBeGreaterThan(0);
  expect(parts.map((p) => p[0]).join(''), `time span "${span}"`).toBe(span.replace(/\s+/g, ''));
  return parts.reduce((sum, p) => {
    const factor = units[p[2] as string];
    if (factor === undefined) throw new Error(`unknown unit in time span "${span}"`);
    return sum + Number(p[1]) * factor;
  }, 0);
}

const UNIT = parseUnit(UNIT_TEXT);
const WORKDIR = one(UNIT, 'Service', 'WorkingDirectory');
const EXEC = /^\/usr\/bin\/node bin\/algobot run --config (\S+)$/.exec(one(UNIT, 'Service', 'ExecStart'));
const UNIT_CONFIG = EXEC?.[1] ?? '';
const READ_WRITE = (UNIT.get('Service')?.get('ReadWritePaths') ?? []).flatMap((v) => v.split(/\s+/));

/** The live config as the service sees it: relative paths resolved against the unit's working directory. */
async function liveConfig(text = LIVE_TEXT): Promise<Config> {
  const dir = tempDir();
  writeFileSync(join(dir, 'live.yaml'), text);
  const { config } = await loadConfig(join(dir, 'live.yaml'), { env: {}, cwd: WORKDIR });
  return config;
}

const underReadWrite = (path: string): boolean =>
  READ_WRITE.some((dir) => path === dir || path.startsWith(`${dir.replace(/\/+$/, '')}/`));

describe('deploy/algobot.service', () => {
  it('has the sections and the keys the service needs', () => {
    expect([...UNIT.keys()]).toEqual(['Unit', 'Service', 'Install']);
    expect(one(UNIT, 'Service', 'Type')).toBe('simple');
    expect(one(UNIT, 'Service', 'User')).toBe('algobot');
    expect(WORKDIR).toBe('/opt/algobot');
    expect(EXEC, 'ExecStart runs `bin/algobot run --config FILE` with /usr/bin/node').not.toBeNull();
    expect(['on-failure', 'always']).toContain(one(UNIT, 'Service', 'Restart'));
    expect(one(UNIT, 'Service', 'KillSignal')).toBe('SIGTERM');
    expect(one(UNIT, 'Install', 'WantedBy')).toBe('multi-user.target');
    expect(one(UNIT, 'Service', 'LimitNOFILE')).toMatch(/^\d+$/);
    // The keys come from .env in the working directory, read by the bot itself (docs/operations.md says so).
    expect(UNIT.get('Service')?.has('EnvironmentFile')).toBe(false);
    expect(UNIT.get('Service')?.has('Environment')).toBe(false);
  });

  it('is hardened, with var/ as the only writable place', () => {
    expect(one(UNIT, 'Service', 'NoNewPrivileges')).toBe('yes');
    expect(one(UNIT, 'Service', 'ProtectSystem')).toBe('strict');
    expect(one(UNIT, 'Service', 'PrivateTmp')).toBe('yes');
    expect(one(UNIT, 'Service', 'ProtectHome')).toBe('yes');
    expect(READ_WRITE).toEqual([posix.join(WORKDIR, 'var')]);
    // V8's JIT needs writable and executable memory.
    expect(UNIT.get('Service')?.has('MemoryDenyWriteExecute')).toBe(false);
  });

  it('limits restarts so that a crash loop cannot hammer the exchange', async () => {
    const config = await liveConfig();
    // Start limits belong to [Unit] (systemd ignores them in [Service] under these names).
    expect(UNIT.get('Service')?.has('StartLimitIntervalSec')).toBe(false);
    const interval = seconds(one(UNIT, 'Unit', 'StartLimitIntervalSec'));
    const burst = Number(one(UNIT, 'Unit', 'StartLimitBurst'));
    const restartSec = seconds(one(UNIT, 'Service', 'RestartSec'));
    expect(restartSec * 1000).toBeGreaterThan(config.exchange.timestamp_window_ms);
    expect(burst).toBeGreaterThanOrEqual(2);
    expect(interval / burst, 'no more than one start every few minutes on average').toBeGreaterThanOrEqual(
      180,
    );
  });

  it('gives a stopping bot time to finish its cycle', async () => {
    const config = await liveConfig();
    const stop = seconds(one(UNIT, 'Service', 'TimeoutStopSec'));
    // A cycle, a request timeout, and one lost-order check (the timestamp window and a margin) at least.
    const floor =
      config.run.cycle_seconds +
      config.exchange.request_timeout_ms / 1000 +
      config.exchange.timestamp_window_ms / 1000 +
      3;
    expect(stop).toBeGreaterThanOrEqual(floor);
    // With one order a minute, a rebalance of a few orders takes minutes: the page explains the choice.
    expect(stop).toBeGreaterThanOrEqual(600);
    expect(DOCS).toContain(`TimeoutStopSec=${one(UNIT, 'Service', 'TimeoutStopSec')}`);
  });

  it('runs a config that is the documented copy of config/live.example.yaml', () => {
    expect(UNIT_CONFIG).toBe('config/live.yaml');
    if (!existsSync(join(REPO_ROOT, UNIT_CONFIG))) {
      expect(DOCS).toContain(`cp ${LIVE_EXAMPLE} ${UNIT_CONFIG}`);
    }
  });

  it('lets the bot write every file the live config names', async () => {
    const config = await liveConfig();
    const written = [config.state.db, config.state.json, config.logging.file, config.run.kill_file];
    for (const path of written) {
      expect(path, 'a path the bot writes').not.toBeNull();
      expect(underReadWrite(path as string), `${path} is under ReadWritePaths`).toBe(true);
    }
    expect(underReadWrite(config.data.dir), 'the bot never writes its candles').toBe(false);
  });

  const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  it.skipIf(analyze.status !== 0)(
    'passes systemd-analyze verify',
    () => {
      // The unit as installed; where /usr/bin/node does not exist, the node running this test stands in.
      const dir = tempDir();
      const file = join(dir, 'algobot.service');
      const text = existsSync('/usr/bin/node')
        ? UNIT_TEXT
        : UNIT_TEXT.replace('ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `);
      writeFileSync(file, text);
      const r = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8', timeout: 60_000 });
      const about = `${r.stdout}${r.stderr}`
        .split('\n')
        .filter((l) => l.includes('algobot.service'))
        .join('\n');
      expect(about, 'systemd-analyze verify says nothing about the unit').toBe('');
      expect(r.status).toBe(0);
    },
    60_000,
  );
});

describe('the units and the check script shown in docs/operations.md', () => {
  const snippets = [...DOCS.matchAll(/```ini\n# \/etc\/systemd\/system\/(\S+)\n([\s\S]*?)```/g)].map((m) => ({
    name: m[1] as string,
    text: m[2] as string,
  }));

  it('shows the data refresh and health check units', () => {
    expect(snippets.map((s) => s.name).sort()).toEqual([
      'algobot-check.service',
      'algobot-check.timer',
      'algobot-data.service',
      'algobot-data.timer',
    ]);
    for (const s of snippets) {
      const unit = parseUnit(s.text);
      expect(unit.has('Unit'), s.name).toBe(true);
      expect(unit.has(s.name.endsWith('.timer') ? 'Timer' : 'Service'), s.name).toBe(true);
    }
  });

  it('writes the data refresh like the bot: as algobot, in /opt/algobot, data/ writable', () => {
    const data = parseUnit(snippets.find((s) => s.name === 'algobot-data.service')?.text ?? '');
    expect(one(data, 'Service', 'User')).toBe('algobot');
    expect(one(data, 'Service', 'WorkingDirectory')).toBe(WORKDIR);
    expect(one(data, 'Service', 'ReadWritePaths')).toBe(posix.join(WORKDIR, 'data'));
  });

  const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  it.skipIf(analyze.status !== 0)(
    'passes systemd-analyze verify',
    () => {
      const dir = tempDir();
      const files = snippets.map((s) => {
        // Programs that exist only on the machine (the check script, maybe /usr/bin/node) stand in as this node.
        const text = s.text.replace(/^ExecStart=(\S+)/m, (line, bin: string) =>
          existsSync(bin) ? line : `ExecStart=${process.execPath}`,
        );
        writeFileSync(join(dir, s.name), text);
        return join(dir, s.name);
      });
      const r = spawnSync('systemd-analyze', ['verify', ...files], { encoding: 'utf8', timeout: 60_000 });
      const about = `${r.stdout}${r.stderr}`
        .split('\n')
        .filter((l) => l.includes('algobot-'))
        .join('\n');
      expect(about).toBe('');
      expect(r.status).toBe(0);
    },
    60_000,
  );

  const script = /sudo tee \/usr\/local\/bin\/algobot-check >\/dev\/null <<'EOF'\n([\s\S]*?)\nEOF\n/.exec(
    DOCS,
  )?.[1];
  const tools = ['bash', 'jq'].every((t) => spawnSync(t, ['--version']).error === undefined);

  it('has a health check script', () => {
    expect(script).toBeDefined();
    expect(script).toMatch(/^#!\/bin\/bash\n/);
  });

  it.skipIf(!tools)('reports what is wrong in a state.json', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'algobot-check'), script ?? '');
    expect(spawnSync('bash', ['-n', join(dir, 'algobot-check')]).status).toBe(0);
    const now = new Date();
    const state = {
      updated: now.toISOString(),
      trading: false,
      refusal: 'no fresh ticker for 320 s (limit 300 s)',
      drawdown: 0.0912,
      lastBar: new Date(now.getTime() - 3 * 3_600_000).toISOString().slice(0, 13) + ':00:00Z',
      openOrders: [
        { id: 7, pair: 'BTC/USD', side: 'BUY', placedAt: new Date(now.getTime() - 3_600_000).toISOString() },
        { id: 8, pair: 'ETH/USD', side: 'SELL', placedAt: now.toISOString() },
      ],
    };
    writeFileSync(join(dir, 'state.json'), JSON.stringify(state));
    const r = spawnSync('bash', [join(dir, 'algobot-check')], {
      encoding: 'utf8',
      env: { ...process.env, ALGOBOT_STATE: join(dir, 'state.json') },
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('algobot-check: '));
    expect(lines).toEqual(
      expect.arrayContaining([
        'algobot-check: not trading: no fresh ticker for 320 s (limit 300 s)',
        'algobot-check: drawdown 9.1 %',
        `algobot-check: no hourly bar since ${state.lastBar}`,
        `algobot-check: order 7 (BUY BTC/USD) resting since ${state.openOrders[0]?.placedAt}`,
      ]),
    );
    expect(lines.join('\n')).not.toContain('state.json last updated');
    expect(lines.join('\n')).not.toContain('order 8');
  });
});

describe('deploy/algobot.logrotate', () => {
  const block = /^(\S+)\s*\{\n([\s\S]*?)\n\}/m.exec(LOGROTATE_TEXT);
  const directives = (block?.[2] ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

  it('rotates the log that config/live.example.yaml writes, where the service runs it', () => {
    const logging = (parseYaml(LIVE_TEXT) as { logging: { file: string } }).logging;
    expect(block).not.toBeNull();
    expect(block?.[1]).toBe(posix.join(WORKDIR, logging.file));
    expect(LOGROTATE_TEXT.match(/\{/g)).toHaveLength(1);
  });

  it('copies and truncates (the bot keeps the file open) as the algobot user', () => {
    expect(directives).toContain('copytruncate');
    expect(directives).toContain('su algobot algobot');
    expect(directives).toContain('missingok');
    expect(directives.some((d) => /^rotate \d+$/.test(d))).toBe(true);
    // No reopen by signal: the bot has none (SIGHUP would stop it), and `create` means nothing with copytruncate.
    expect(directives.filter((d) => /^(create|postrotate|prerotate|nocopytruncate)\b/.test(d))).toEqual([]);
  });

  const logrotate = spawnSync('logrotate', ['--version'], { encoding: 'utf8' });
  it.skipIf(logrotate.error !== undefined)('passes logrotate -d', () => {
    // On a copy pointing into a temporary directory, without `su` (the user algobot need not exist here).
    const dir = tempDir();
    const conf = join(dir, 'algobot.logrotate');
    writeFileSync(
      conf,
      LOGROTATE_TEXT.replace(block?.[1] ?? '', join(dir, 'algobot.log')).replace(/^\s*su .*$/m, ''),
      { mode: 0o644 },
    );
    writeFileSync(join(dir, 'algobot.log'), '{"msg":"x"}\n');
    const r = spawnSync('logrotate', ['-d', '-s', join(dir, 'state'), conf], { encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/^error:/m);
    expect(r.status).toBe(0);
  });
});

describe('deploy/algobot.env.example', () => {
  const env = parseEnv(ENV_TEXT);

  it('holds both keys as clearly fake placeholders and nothing else', () => {
    expect(Object.keys(env).sort()).toEqual(['ROOSTOO_API_KEY', 'ROOSTOO_SECRET_KEY']);
    for (const value of Object.values(env)) {
      expect(value).toMatch(/FAKE-PLACEHOLDER/);
      expect(value).toMatch(/replace-me/);
    }
  });

  it('is installed as .env in the working directory, mode 600, owned by algobot', () => {
    expect(DOCS).toContain('sudo install -m 600 -o algobot -g algobot deploy/algobot.env.example .env');
    expect(read('.gitignore').split('\n')).toContain('.env');
  });
});

describe('docs/operations.md', () => {
  it('explains every key of the run: section', () => {
    const run = (parseYaml(LIVE_TEXT) as { run: Record<string, unknown> }).run;
    const keys = Object.keys(run);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(DOCS, `run.${key}`).toContain(`\`${key}\``);
    expect(DOCS).toContain(String(run.kill_file));
  });

  it('names the files it installs as they are in deploy/', () => {
    for (const file of ['deploy/algobot.service', 'deploy/algobot.logrotate', 'deploy/algobot.env.example']) {
      expect(existsSync(join(REPO_ROOT, file))).toBe(true);
      expect(DOCS).toContain(file);
    }
    expect(DOCS).toContain('copytruncate');
  });

  /** `algobot <command> [flags]` as the page shows them (up to the end of the code span, line or shell operator). */
  const COMMANDS =
    /\balgobot\s+(run|status|doctor|backtest|train|features|(?:data|model|exchange)\s+[a-z]+)\b([^`\n]*)/g;
  const documented = new Map<string, Set<string>>();
  for (const m of DOCS.matchAll(COMMANDS)) {
    const command = (m[1] as string).replace(/\s+/g, ' ');
    const rest = (m[2] as string).split(/\s(?:#|&&|\|\||\||;)\s?/)[0] as string;
    const flags = documented.get(command) ?? new Set<string>();
    for (const f of rest.matchAll(/(?:^|\s)(--[a-z][a-z0-9-]*)/g)) flags.add(f[1] as string);
    documented.set(command, flags);
  }

  it('shows the run flags it talks about', () => {
    expect([...(documented.get('run') ?? [])].sort()).toEqual(
      expect.arrayContaining(['--config', '--local-exchange', '--speed', '--from', '--to']),
    );
  });

  it.each([...documented.keys()])('uses only flags that `algobot %s --help` lists', async (command) => {
    const help = await runCli([...command.split(' '), '--help']);
    expect(help.code).toBe(0);
    for (const flag of documented.get(command) ?? []) {
      expect(help.stdout, `${flag} of algobot ${command}`).toMatch(
        new RegExp(`(^|[\\s,])${flag}(?![a-z-])`, 'm'),
      );
    }
  });

  it('downloads the warm-up candles of the live universe into its data.dir', async () => {
    const config = await liveConfig();
    const universe = [...config.universe.tier1, ...config.universe.tier2, ...config.universe.tier3];
    const lines = DOCS.split('\n').filter((l) => /algobot data download /.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const arg = (flag: string): string | undefined => new RegExp(`${flag} (\\S+)`).exec(line)?.[1];
      expect(arg('--pairs')?.split(',').sort()).toEqual([...universe].sort());
      expect(arg('--interval')).toBe(config.data.interval);
      expect(Number(arg('--days'))).toBe(config.data.download.history_days);
      expect(posix.join(WORKDIR, arg('--out') ?? '')).toBe(config.data.dir);
    }
  });

  it("derives a valid dry-run config whose state is kept apart from the live bot's", async () => {
    const seds = [
      's/^dry_run: false/dry_run: true/',
      's#var/live/#var/dryrun/#g',
      's#^  kill_file: var/KILL#  kill_file: var/dryrun/KILL#',
    ];
    for (const s of seds) expect(DOCS).toContain(`-e '${s}'`);
    const dry = await liveConfig(
      LIVE_TEXT.replace(/^dry_run: false/m, 'dry_run: true')
        .replaceAll('var/live/', 'var/dryrun/')
        .replace(/^ {2}kill_file: var\/KILL/m, '  kill_file: var/dryrun/KILL'),
    );
    const live = await liveConfig();
    expect(dry.dry_run).toBe(true);
    for (const pick of [
      (c: Config) => c.state.db,
      (c: Config) => c.state.json,
      (c: Config) => c.logging.file,
      (c: Config) => c.run.kill_file,
    ]) {
      expect(pick(dry)).toMatch(/\/var\/dryrun\//);
      expect(pick(dry)).not.toBe(pick(live));
    }
  });
});
