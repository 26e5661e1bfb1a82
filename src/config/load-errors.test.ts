// Bad configs: every problem names the file, the line and the key, says what is allowed, and all problems of a
// file are reported at once.
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, InputErrors } from '../core/errors.js';
import {
  edit,
  lineOf,
  removeTempProjects,
  SHIPPED_CONFIG,
  tempProject,
} from '../../test/helpers/config-files.js';
import { loadConfig } from './load.js';

const FILE = 'config/config.yaml';

afterAll(removeTempProjects);

async function problemsOf(text: string): Promise<readonly InputError[]> {
  const cwd = await tempProject({ [FILE]: text });
  const err = await loadConfig(FILE, { env: {}, cwd }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputErrors);
  return (err as InputErrors).problems;
}

/** The one problem reported for `key`. */
function at(problems: readonly InputError[], key: string): InputError {
  const hits = problems.filter((p) => p.location.key === key);
  expect(hits, `problems for ${key}: ${problems.map((p) => p.message).join(' | ')}`).toHaveLength(1);
  return hits[0] as InputError;
}

async function single(text: string, key: string, needle: string): Promise<InputError> {
  const problems = await problemsOf(text);
  const p = at(problems, key);
  expect(p.location.file).toBe(FILE);
  expect(p.location.line).toBe(lineOf(text, needle));
  return p;
}

describe('loadConfig rejects bad input with file, line, key and the allowed range', () => {
  it('a cap above 1', async () => {
    const text = edit(SHIPPED_CONFIG, '    tier1: 0.15', '    tier1: 1.5');
    const p = await single(text, 'portfolio.max_position.tier1', 'tier1: 1.5');
    expect(p.message).toBe(
      `${FILE}:${lineOf(text, 'tier1: 1.5')}: portfolio.max_position.tier1: 1.5 is out of range; allowed: a number > 0 and ≤ 1`,
    );
  });

  it('regime breadth thresholds that contradict each other, and a stress window with no baseline', async () => {
    let text = edit(SHIPPED_CONFIG, '  breadth_down: 0.3', '  breadth_down: 0.6');
    text = edit(text, '  stress_hours: 24', '  stress_hours: 167');
    const problems = await problemsOf(text);
    const breadth = at(problems, 'regime.breadth_down');
    expect(breadth.location.line).toBe(lineOf(text, 'breadth_down: 0.6'));
    expect(breadth.message).toContain('0.6 is not below regime.breadth_trend (0.5)');
    const stress = at(problems, 'regime.stress_hours');
    expect(stress.location.line).toBe(lineOf(text, 'stress_hours: 167'));
    expect(stress.message).toContain('at most regime.lookback_hours − 2 (166)');
  });

  it('a timestamp window below the exchange 60 s window, and decision bars other than 1h', async () => {
    let text = edit(SHIPPED_CONFIG, '  timestamp_window_ms: 60000', '  timestamp_window_ms: 30000');
    text = edit(text, '  base_url: http://127.0.0.1:8787', '  base_url: https://mock-api.roostoo.com');
    text = edit(text, '  interval: 1h #', '  interval: 30m #');
    const problems = await problemsOf(text);
    const window = at(problems, 'exchange.timestamp_window_ms');
    expect(window.location.line).toBe(lineOf(text, 'timestamp_window_ms: 30000'));
    expect(window.message).toContain("30000 is below Roostoo's 60000 ms window");
    const tiny = await problemsOf(
      edit(SHIPPED_CONFIG, '  timestamp_window_ms: 60000', '  timestamp_window_ms: 500'),
    );
    expect(at(tiny, 'exchange.timestamp_window_ms').message).toContain('500 is out of range');
    const interval = at(problems, 'data.interval');
    expect(interval.location.line).toBe(lineOf(text, 'interval: 30m'));
    expect(interval.message).toContain('30m is not supported; allowed: 1h');
  });

  it('an unknown key, with a suggestion, and the key it replaced as missing', async () => {
    const text = edit(SHIPPED_CONFIG, '  cash_buffer:', '  cash_bufer:');
    const problems = await problemsOf(text);
    const unknown = at(problems, 'portfolio.cash_bufer');
    expect(unknown.location.line).toBe(lineOf(text, 'cash_bufer:'));
    expect(unknown.message).toContain('unknown key "cash_bufer" (did you mean "cash_buffer"?)');
    const missing = at(problems, 'portfolio.cash_buffer');
    expect(missing.location.line).toBe(lineOf(text, 'portfolio:'));
    expect(missing.message).toContain('missing required key');
  });

  it('an unknown key with no close match lists the known keys', async () => {
    const text = edit(SHIPPED_CONFIG, 'dry_run: false', 'dry_run: false\nzzz_unrelated: 1');
    const p = await single(text, 'zzz_unrelated', 'zzz_unrelated');
    expect(p.message).toContain('known keys here: mode, dry_run, universe');
  });

  it('a wrong type', async () => {
    const text = edit(SHIPPED_CONFIG, '  atr_hours: 14', '  atr_hours: abc');
    const p = await single(text, 'risk.atr_hours', 'atr_hours: abc');
    expect(p.message).toContain('risk.atr_hours: expected an integer ≥ 1, got the string "abc"');
  });

  it('a negative ATR multiple', async () => {
    const text = edit(SHIPPED_CONFIG, '  stop_atr_multiple: 1.3', '  stop_atr_multiple: -1.3');
    const p = await single(text, 'risk.stop_atr_multiple', 'stop_atr_multiple');
    expect(p.message).toContain('-1.3 is out of range; allowed: a number > 0');
  });

  it('a tier-3 sleeve below one tier-3 position cap', async () => {
    const text = edit(SHIPPED_CONFIG, '  tier3_sleeve: 0.12', '  tier3_sleeve: 0.04');
    const p = await single(text, 'portfolio.tier3_sleeve', 'tier3_sleeve');
    expect(p.message).toContain('0.04 is below portfolio.max_position.tier3 (0.05)');
  });

  it('a tier-3 sleeve above 1', async () => {
    const text = edit(SHIPPED_CONFIG, '  tier3_sleeve: 0.12', '  tier3_sleeve: 1.2');
    const p = await single(text, 'portfolio.tier3_sleeve', 'tier3_sleeve');
    expect(p.message).toContain('allowed: a number > 0 and ≤ 1');
  });

  it('a YAML syntax error', async () => {
    const text = edit(SHIPPED_CONFIG, '  tier1: [BTC, ETH]', '  tier1: [BTC, ETH');
    const [p, ...rest] = await problemsOf(text);
    expect(p?.message).toMatch(/^config\/config\.yaml:\d+: YAML syntax error: /);
    // The parser notices the unclosed list where the next line starts.
    expect(p?.location.line).toBeGreaterThanOrEqual(lineOf(text, 'tier1: [BTC, ETH'));
    expect(p?.location.line).toBeLessThanOrEqual(lineOf(text, 'tier1: [BTC, ETH') + 1);
    expect(rest.every((r) => r.message.includes('YAML syntax error'))).toBe(true);
  });

  it('a duplicate key, at the second occurrence', async () => {
    const text = edit(SHIPPED_CONFIG, '  seed: 42', '  seed: 42\n  seed: 7');
    const p = await single(text, 'backtest.seed', 'seed: 7');
    expect(p.message).toContain('duplicate key "seed"');
  });

  it("a missing key, at its parent's line", async () => {
    const text = edit(SHIPPED_CONFIG, '  seed: 42', '');
    const p = await single(text, 'backtest.seed', 'backtest:');
    expect(p.message).toContain(
      'backtest.seed: missing required key; expected an integer ≥ 0 and ≤ 4294967295',
    );
  });

  it('a missing section', async () => {
    const text = edit(
      SHIPPED_CONFIG,
      'state:\n  db: var/algobot.sqlite',
      'old_state:\n  db: var/algobot.sqlite',
    );
    const problems = await problemsOf(text);
    expect(at(problems, 'state').message).toContain('missing required key');
    expect(at(problems, 'old_state').message).toContain('unknown key "old_state"');
  });

  it('a bad enum value', async () => {
    const text = edit(SHIPPED_CONFIG, 'mode: paper', 'mode: livee');
    const p = await single(text, 'mode', 'mode: livee');
    expect(p.message).toContain(
      'mode: "livee" is not allowed; allowed: one of "backtest", "paper" or "live" (did you mean "live"?)',
    );
  });

  it('a non-integer number of positions', async () => {
    const text = edit(SHIPPED_CONFIG, '    trend: 8', '    trend: 8.5');
    const p = await single(text, 'portfolio.max_positions.trend', 'trend: 8.5');
    expect(p.message).toContain('8.5 is not an integer; allowed: an integer ≥ 1');
  });

  it('zero positions, reported once', async () => {
    const text = edit(SHIPPED_CONFIG, '    down: 4', '    down: 0.25');
    const p = await single(text, 'portfolio.max_positions.down', 'down: 0.25');
    expect(p.message).toContain('allowed: an integer ≥ 1');
  });

  it('a hard drawdown not above the soft one, and exposures the wrong way round', async () => {
    let text = edit(SHIPPED_CONFIG, '    hard: 0.10', '    hard: 0.05');
    text = edit(text, '    hard_exposure: 0.2', '    hard_exposure: 0.6');
    const problems = await problemsOf(text);
    const hard = at(problems, 'risk.drawdown.hard');
    expect(hard.location.line).toBe(lineOf(text, 'hard: 0.05'));
    expect(hard.message).toContain('0.05 must be greater than risk.drawdown.soft (0.05)');
    const exposure = at(problems, 'risk.drawdown.hard_exposure');
    expect(exposure.message).toContain('0.6 must be less than risk.drawdown.soft_exposure (0.5)');
  });

  it('a cash buffer of 1 (all cash)', async () => {
    const text = edit(SHIPPED_CONFIG, '    down: 0.60', '    down: 1');
    const p = await single(text, 'portfolio.cash_buffer.down', 'down: 1');
    expect(p.message).toContain('allowed: a number ≥ 0 and < 1');
  });

  it('a bad coin name', async () => {
    const text = edit(SHIPPED_CONFIG, '  tier1: [BTC, ETH]', '  tier1: [btc, ETH]');
    const p = await single(text, 'universe.tier1[0]', 'tier1: [btc, ETH]');
    expect(p.message).toContain('"btc" is not valid; allowed: an upper-case coin symbol');
  });

  it('a coin listed in two tiers', async () => {
    const text = edit(SHIPPED_CONFIG, '  tier3: [SUI, PEPE, INJ]', '  tier3: [SUI, PEPE, BTC]');
    const p = await single(text, 'universe.tier3[2]', 'tier3: [SUI, PEPE, BTC]');
    expect(p.message).toContain('BTC is already listed in tier1');
  });

  it('an empty universe', async () => {
    let text = edit(SHIPPED_CONFIG, '  tier1: [BTC, ETH]', '  tier1: []');
    text = edit(text, '  tier2: [SOL, BNB, XRP, DOGE, ADA, LINK, AVAX]', '  tier2: []');
    text = edit(text, '  tier3: [SUI, PEPE, INJ]', '  tier3: []');
    const p = await single(text, 'universe', 'universe:');
    expect(p.message).toContain('the universe is empty');
  });

  it('a regime benchmark outside the universe', async () => {
    const text = edit(SHIPPED_CONFIG, '  benchmark: BTC', '  benchmark: XLM');
    const p = await single(text, 'regime.benchmark', 'benchmark: XLM');
    expect(p.message).toContain('XLM is not in the universe');
  });

  it.each([
    ['not a url', 'not a url'],
    ['ftp://127.0.0.1', 'ftp://127.0.0.1'],
  ])('a bad URL: %s', async (url) => {
    const text = edit(SHIPPED_CONFIG, '  base_url: http://127.0.0.1:8787', `  base_url: ${url}`);
    const p = await single(text, 'exchange.base_url', `base_url: ${url}`);
    expect(p.message).toContain('is not valid; allowed: an http:// or https:// URL');
  });

  it('a slow moving average not longer than the fast one', async () => {
    const text = edit(SHIPPED_CONFIG, '    slow_bars: 120', '    slow_bars: 24');
    const p = await single(text, 'strategy.ma_crossover.slow_bars', 'slow_bars: 24');
    expect(p.message).toContain('24 must be greater than strategy.ma_crossover.fast_bars (24)');
  });

  it('a stop interval without its directory, or one that does not divide the bar', async () => {
    const half = edit(SHIPPED_CONFIG, '  stop_interval: null', '  stop_interval: 5m');
    const p = await single(half, 'data.stop_dir', 'stop_dir: null');
    expect(p.message).toContain('set both (finer stop candles) or neither');
    const coarse = edit(half, '  stop_dir: null', '  stop_dir: data/7m');
    const q = await single(
      edit(coarse, 'stop_interval: 5m', 'stop_interval: 7m'),
      'data.stop_interval',
      'stop_interval',
    );
    expect(q.message).toContain('7m must be finer than data.interval (1h) and divide it evenly');
  });

  it('a bad interval and a model file name with a directory', async () => {
    let text = edit(SHIPPED_CONFIG, '  interval: 1h', '  interval: 1hour');
    text = edit(text, '  file_6h: lgbm_6h.txt', '  file_6h: ../lgbm_6h.txt');
    const problems = await problemsOf(text);
    expect(at(problems, 'data.interval').message).toContain('allowed: an interval such as 5m, 1h, 4h or 1d');
    expect(at(problems, 'models.file_6h').message).toContain('allowed: a file name without a directory');
  });

  it('an empty file', async () => {
    const [p, ...rest] = await problemsOf('# nothing here\n');
    expect(rest).toHaveLength(0);
    expect(p?.location.line).toBe(1);
    expect(p?.message).toContain('expected a section of settings (a mapping), got an empty value');
  });

  it('a missing file, naming it', async () => {
    const cwd = await tempProject();
    const err = await loadConfig('config/nope.yaml', { env: {}, cwd }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).location.file).toBe('config/nope.yaml');
    expect((err as InputError).message).toMatch(/^config\/nope\.yaml: config file not found/);
  });

  it('reports every problem at once, in line order, cross-field rules included', async () => {
    let text = edit(SHIPPED_CONFIG, 'mode: paper', 'mode: livee');
    text = edit(text, '    tier1: 0.15', '    tier1: 1.5');
    text = edit(text, '  tier3_sleeve: 0.12', '  tier3_sleeve: 0.04'); // same section as the bad cap
    text = edit(text, '    trend: 8', '    trend: 8.5'); // a non-integer elsewhere in that section
    text = edit(text, '  cash_buffer:', '  cash_bufer:');
    text = edit(text, '  seed: 42', '  seed: -1');
    const problems = await problemsOf(text);
    expect(problems.map((p) => p.location.key)).toEqual([
      'mode',
      'portfolio.cash_buffer',
      'portfolio.max_position.tier1',
      'portfolio.tier3_sleeve',
      'portfolio.cash_bufer',
      'portfolio.max_positions.trend',
      'backtest.seed',
    ]);
    const lines = problems.map((p) => p.location.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});

describe('secrets in the config file', () => {
  const VALUE = 'sk_live_7f3a9c1e5b2d4f6a8c0e';

  it('are refused at their line without echoing the value, wherever and however they are spelt', async () => {
    let text = edit(SHIPPED_CONFIG, '  calls_per_minute: 25', `  api_key: ${VALUE}\n  calls_per_minute: 25`);
    text = edit(text, 'dry_run: false', `dry_run: false\nRoostoo_Secret: "${VALUE}"`);
    const err = await problemsOf(text);
    const nested = at(err, 'exchange.api_key');
    expect(nested.location.line).toBe(lineOf(text, 'api_key:'));
    expect(nested.message).toContain(
      'secrets must not be in the config file; set ROOSTOO_API_KEY / ROOSTOO_SECRET_KEY in the environment or .env',
    );
    expect(at(err, 'Roostoo_Secret').location.line).toBe(lineOf(text, 'Roostoo_Secret'));
    // No second "unknown key" error for the same keys, and the value appears nowhere.
    expect(err.filter((p) => p.message.includes('unknown key'))).toHaveLength(0);
    for (const p of err) expect(p.message).not.toContain(VALUE.slice(0, 8));
  });

  it('are refused even where another error would echo a value', async () => {
    const text = edit(SHIPPED_CONFIG, '  level: info', `  level: info\n  token: ${VALUE}`);
    const cwd = await tempProject({ [FILE]: text });
    const err = await loadConfig(FILE, { env: {}, cwd }).catch((e: unknown) => e);
    expect(String((err as Error).message)).toContain('logging.token: secrets must not be in the config file');
    expect(JSON.stringify(err)).not.toContain(VALUE);
    expect(String((err as Error).message)).not.toContain(VALUE);
  });
});
