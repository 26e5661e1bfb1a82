// `algobot run`: paper or live trading, unattended. Composition only; the loop is src/live/trader.ts.
//   config → state database (locked: one bot per database) → exchange client (base_url, or a local exchange started
//   here with --local-exchange) → market clock (the system clock, or the local exchange's replay clock) → engine
//   (the backtest's, built by the same factory) → warm-up on stored candles and on the bars the bot stored before
//   → the persisted engine state → recovery against the exchange → cycles until SIGINT/SIGTERM, the kill switch, or
//   the end of the replay → a summary.
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, UsageError, errorMessage } from '../../core/errors.js';
import { isoUtc, parseUtc } from '../../core/time.js';
import { displayPath, loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { Secret, requireSecrets } from '../../config/secrets.js';
import { universeCoins } from '../../config/universe.js';
import type { CandleSeries } from '../../data/candles.js';
import type { Balances } from '../../domain/market.js';
import type { Engine } from '../../engine/engine.js';
import { MemoryJournal, type IntentRecord } from '../../engine/journal.js';
import { ReplaySource } from '../../engine/replay-source.js';
import type { ExchangePort } from '../../exchange/port.js';
import { roostooClientFromConfig } from '../../exchange/roostoo/from-config.js';
import { startLocalExchange, type LocalExchange } from '../../exchange/server/local-exchange.js';
import { LOCAL_REPLAY_PATH } from '../../exchange/server/roostoo-server.js';
import { readExchangeInfoFile } from '../../exchange/server/trade-pairs.js';
import { DRY_RUN_NOTE, DryRunExchange } from '../../exchange/simulated/dry-run.js';
import { createRunLogger, type RunLogger } from '../../live/log.js';
import { ReplayPacer, systemPacer, type Pacer } from '../../live/pacer.js';
import { recover, type RecoveryStore } from '../../live/recovery.js';
import { SwappableTargets } from '../../live/swappable-targets.js';
import { LogSink } from '../../live/log-sink.js';
import { TeeSink } from '../../live/tee-sink.js';
import { Trader, type CycleView, type StopReason } from '../../live/trader.js';
import { summarize } from '../../report/summary.js';
import { writeJsonAtomically } from '../../state/state-json.js';
import { lockHolder } from '../../state/lock.js';
import { StateStore } from '../../state/store.js';
import type { CommandContext } from '../context.js';
import { UNIT, engineFor, targetsFor } from '../engine-factory.js';
import { tradedModels } from '../model-files.js';
import { loadUniverseSeries } from '../options.js';
import { stateJson, statusLine } from './run-state-view.js';

export type { StateJson } from './run-state-view.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXCHANGE_INFO_FILE = resolve(ROOT, 'data/roostoo/exchangeInfo.json');
const HOUR_MS = 3_600_000;
/** What the state database records as the exchange of a run on a local exchange it started itself. */
const LOCAL_EXCHANGE_IDENTITY = 'local (started by algobot run)';
/** Start-up reads of the exchange are tried this often before the run gives up (a supervisor restarts it). */
const START_ATTEMPTS = 5;
/** Beyond the exchange's timestamp window: clock error and the exchange's own delay in listing an order. */
const SETTLE_MARGIN_MS = 3_000;
/** Meta key: wall time at which recovery began waiting out the timestamp window for orders in flight. */
const SETTLE_SINCE = 'settle_wait_since';

export interface RunOptions {
  readonly config: string;
  /** Start a local exchange here, replaying data.dir, and trade on it (paper only). */
  readonly localExchange?: boolean | undefined;
  /** --local-exchange: market ms per wall ms. */
  readonly speed?: number | undefined;
  /** --local-exchange: market time the replay starts at (default: 7 days before the data ends). */
  readonly from?: string | undefined;
  /** Stop once market time reaches this (default with --local-exchange: the end of the data). */
  readonly to?: string | undefined;
  /** Follow the replay clock published by a local exchange at base_url (demos and tests faster than real time). */
  readonly followReplay?: boolean | undefined;
  /** Stops the run as SIGINT/SIGTERM would (tests). */
  readonly signal?: AbortSignal | undefined;
}

/** Modification times of the model files and the card: a change triggers a reload. */
function modelStamp(config: Config): string {
  const files = [config.models.file_6h, config.models.file_24h, 'model-card.json'];
  return files
    .map((f) => {
      try {
        const s = statSync(join(config.models.dir, f));
        return `${s.mtimeMs}:${s.size}`;
      } catch {
        return '-';
      }
    })
    .join('|');
}

async function fetchReplayClock(baseUrl: string): Promise<{ start: number; origin: number; speed: number }> {
  let res: Response;
  try {
    res = await fetch(new URL(LOCAL_REPLAY_PATH, baseUrl));
  } catch (err) {
    throw new InputError(`cannot reach ${baseUrl}${LOCAL_REPLAY_PATH}: ${errorMessage(err)}`, {
      key: 'exchange.base_url',
    });
  }
  const body = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (
    !res.ok ||
    typeof body?.start !== 'number' ||
    typeof body.origin !== 'number' ||
    typeof body.speed !== 'number'
  ) {
    throw new InputError(
      `${baseUrl} publishes no replay clock (${LOCAL_REPLAY_PATH}): --follow-replay works only with the local exchange`,
      { key: 'exchange.base_url' },
    );
  }
  return { start: body.start, origin: body.origin, speed: body.speed };
}

function parseTime(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const t = parseUtc(text);
  if (t === undefined)
    throw new UsageError(`${flag} "${text}" is not a date (2025-09-01, 2025-09-01T12:00, epoch ms)`);
  return t;
}

export async function run(ctx: CommandContext, opts: RunOptions): Promise<number> {
  const loaded = await loadConfig(resolve(ctx.cwd, opts.config), { env: ctx.env, cwd: ctx.cwd });
  const { config } = loaded;
  if (config.mode === 'backtest') {
    throw new UsageError(
      `${loaded.file} says mode: backtest; \`algobot run\` trades (paper or live): use \`algobot backtest\``,
    );
  }
  if (opts.localExchange === true && config.mode === 'live') {
    throw new UsageError(`--local-exchange is for paper runs, and ${loaded.file} says mode: live`);
  }
  if (opts.localExchange !== true && (opts.speed !== undefined || opts.from !== undefined)) {
    throw new UsageError('--speed and --from set up the local exchange: use them with --local-exchange');
  }
  const from = parseTime(opts.from, '--from');
  const to = parseTime(opts.to, '--to');
  const speed = opts.speed ?? 1;
  const coins = universeCoins(config).map((u) => u.coin);
  const intervalMs = HOUR_MS;
  // Live warm-up on the latest candles: data.dir brought up to date first (a failure is reported, not fatal:
  // the bot then warms up on what is stored, and says how old it is).
  if (config.data.download.refresh_on_run && opts.localExchange !== true && opts.followReplay !== true) {
    const { dataDownload } = await import('./data-download.js');
    const code = await dataDownload(ctx, {
      pairs: coins.join(','),
      interval: config.data.interval,
      days: config.data.download.history_days,
      out: config.data.dir,
      ...(config.data.download.base_url !== null && { baseUrl: config.data.download.base_url }),
    }).catch((err: unknown) => {
      ctx.stderr.write(`algobot run: refreshing ${config.data.dir} failed: ${errorMessage(err)}\n`);
      return 1;
    });
    if (code !== 0) ctx.stderr.write('algobot run: warming up on the candles already stored\n');
  }
  // Stored candles: warm-up, and what the local exchange replays.
  const universe = await loadUniverseSeries(config, ctx.cwd, undefined);
  const candles = new Map<string, CandleSeries>(universe.map((u) => [u.coin, u.series]));
  const lastCandleClose = Math.max(
    ...universe.map((u) =>
      u.series.length > 0 ? (u.series.time[u.series.length - 1] as number) + intervalMs : -Infinity,
    ),
  );

  // The exchange: a local one started here, or the one at base_url.
  let local: LocalExchange | undefined;
  let baseUrl = config.exchange.base_url;
  let keys: { apiKey: Secret; secretKey: Secret };
  if (opts.localExchange === true) {
    keys = {
      apiKey: new Secret(randomBytes(16).toString('hex')),
      secretKey: new Secret(randomBytes(32).toString('hex')),
    };
    const start = from ?? lastCandleClose - 7 * 24 * HOUR_MS;
    local = await startLocalExchange({
      dataDir: config.data.dir,
      exchangeInfo: readExchangeInfoFile(EXCHANGE_INFO_FILE),
      accounts: [{ apiKey: keys.apiKey.reveal(), secret: keys.secretKey, usd: config.backtest.initial_cash }],
      clock: ctx.clock,
      speed,
      start,
      port: 0,
      host: '127.0.0.1',
      callsPerMinute: null,
      timestampWindowMs: config.exchange.timestamp_window_ms,
      series: candles,
    });
    baseUrl = local.server.url;
  } else {
    keys = requireSecrets(
      loaded.secrets,
      config.mode === 'live'
        ? 'live trading needs the Roostoo API keys'
        : 'paper trading signs requests to the local exchange with the keys it was started with (or use --local-exchange)',
    );
  }
  const replay =
    local !== undefined
      ? local.replay
      : opts.followReplay === true
        ? await fetchReplayClock(baseUrl)
        : undefined;
  const pacer: Pacer = replay !== undefined ? new ReplayPacer(replay, ctx.clock) : systemPacer(ctx.clock);
  const until = to ?? (local !== undefined ? lastCandleClose : undefined);

  // State: a fresh local exchange has a fresh account, so its state starts afresh too (the last one is kept aside).
  const dbPath = config.state.db;
  const dbShown = displayPath(ctx.cwd, dbPath);
  if (local !== undefined && existsSync(dbPath)) {
    // Never from under a running bot: the lock says whether one holds this database.
    const holder = lockHolder(dbPath);
    if (holder?.alive === true) {
      throw new InputError(`another algobot (pid ${holder.pid}) is running on this state database`, {
        file: dbShown,
      });
    }
    // Only a database of an earlier --local-exchange run (whose exchange is gone) is set aside; anything else is
    // another bot's state, which this run must not touch.
    let exchangeWas: string | undefined;
    try {
      const before = StateStore.open(dbPath, { readonly: true, display: dbShown });
      exchangeWas = before.meta('exchange');
      before.close();
    } catch {
      // Unreadable (damaged, not a database): whose it was cannot be known; it is kept aside whole below.
    }
    if (exchangeWas !== undefined && exchangeWas !== LOCAL_EXCHANGE_IDENTITY) {
      throw new InputError(
        `holds the state of a run on ${exchangeWas}; --local-exchange starts a fresh account and needs its own state.db (config/demo.yaml has one)`,
        { file: dbShown },
      );
    }
    const aside = `${dbPath}.${isoUtc(ctx.clock.now()).replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(dbPath + suffix)) renameSync(dbPath + suffix, aside + suffix);
    }
    ctx.stdout.write(`the last local-exchange run's state moved to ${displayPath(ctx.cwd, aside)}\n`);
  }
  const store = StateStore.open(dbPath, { readonly: false, display: dbShown });
  const log = createRunLogger({
    level: config.logging.level,
    file: config.logging.file,
    terminal: ctx.stdout,
    now: () => pacer.now(),
  });
  try {
    return await trade({
      ctx,
      opts,
      config,
      store,
      log,
      pacer,
      baseUrl,
      keys,
      local,
      replay,
      until,
      candles,
      coins,
      lastCandleClose,
      loadedFile: loaded.file,
    });
  } finally {
    // Each closes even if another fails.
    try {
      store.close();
    } finally {
      log.close();
      await local?.close();
    }
  }
}

interface TradeSetup {
  readonly ctx: CommandContext;
  readonly opts: RunOptions;
  readonly config: Config;
  readonly store: StateStore;
  readonly log: RunLogger;
  readonly pacer: Pacer;
  readonly baseUrl: string;
  readonly keys: { apiKey: Secret; secretKey: Secret };
  readonly local: LocalExchange | undefined;
  readonly replay: { speed: number } | undefined;
  readonly until: number | undefined;
  readonly candles: ReadonlyMap<string, CandleSeries>;
  readonly coins: readonly string[];
  readonly lastCandleClose: number;
  readonly loadedFile: string;
}

async function trade(s: TradeSetup): Promise<number> {
  const { ctx, config, store, log, pacer } = s;
  const host = new URL(s.baseUrl).host;
  const identity = {
    mode: config.mode,
    exchange: s.local !== undefined ? LOCAL_EXCHANGE_IDENTITY : host,
    universe: s.coins.join(','),
  };
  const mismatch = store.identityMismatches(identity)[0];
  if (mismatch !== undefined) {
    throw new InputError(
      `was written by a run with ${mismatch.key} "${mismatch.stored}", and this run has ${mismatch.key} "${mismatch.expected}": give this run its own state.db (and state.json)`,
      { file: displayPath(ctx.cwd, config.state.db) },
    );
  }
  const speed = s.replay?.speed ?? 1;
  // Rate limits are per minute of exchange time; a replay at speed× runs that many minutes per wall minute.
  const client = roostooClientFromConfig(
    {
      ...config.exchange,
      base_url: s.baseUrl,
      calls_per_minute: Math.ceil(config.exchange.calls_per_minute * speed),
      orders_per_minute:
        config.exchange.orders_per_minute === null
          ? null
          : Math.ceil(config.exchange.orders_per_minute * speed),
    },
    s.keys,
    ctx.clock,
  );
  const info = await withStartRetries(() => client.exchangeInfo(), `${host} exchangeInfo`, log);
  if (!info.IsRunning)
    throw new InputError(`the exchange at ${host} says it is not running (IsRunning false): not starting`);
  // The database belongs to this exchange from now on (not before: a wrong base_url must not brand it).
  for (const [k, v] of Object.entries(identity)) store.setMeta(k, v);
  const exchange: ExchangePort = config.dry_run ? await DryRunExchange.create(client, pacer) : client;

  const models = await tradedModels(config, ctx.cwd);
  const chosen = targetsFor(config, models.m6, models.m24);
  const targets = new SwappableTargets(chosen.targets);
  let modelsStamp = modelStamp(config);
  const session = new MemoryJournal();
  const engine = engineFor(config, {
    clock: pacer,
    exchange,
    sink: new TeeSink(store, session, new LogSink(log, config.dry_run ? DRY_RUN_NOTE : '')),
    targets,
    stopsOnDecisionBars: false,
    feeRate: Math.max(config.backtest.fees.maker, config.backtest.fees.taker),
  });

  const startedAt = pacer.now();
  log.info(
    `algobot run: ${config.mode}${config.dry_run ? ' (dry run: no order is sent)' : ''} on ${identity.exchange}`,
    {
      config: s.loadedFile,
      scorer: chosen.alphaSource,
      models: models.note,
      market: isoUtc(startedAt),
      speed,
    },
  );
  store.event(
    startedAt,
    'start',
    `started (${config.mode}${config.dry_run ? ', dry run' : ''}) on ${identity.exchange}`,
  );

  // Warm-up: stored candles up to now, then the bars this bot built and stored before (after a restart).
  const warmedUp = await warmUp(engine, s.candles, store, s.coins, startedAt);
  if (warmedUp === undefined || startedAt - warmedUp > 24 * HOUR_MS) {
    log.warn('warm-up data is old: features and the regime start from stale history', {
      lastBar: warmedUp === undefined ? 'none' : isoUtc(warmedUp),
      hint: 'download recent candles first: algobot data download',
    });
  }

  const restored = store.loadEngine();
  await withStartRetries(() => engine.start(restored), 'reading the wallet and tickers', log);
  const recoveryStore = recoveryView(store);
  const doRecover = async (): Promise<void> => {
    const r = await recover({
      engine,
      exchange,
      store: recoveryStore,
      now: () => pacer.now(),
      // The wait counts from the first recovery that needed it: every order in flight was sent before that start
      // (its sender had died), so a bot killed again while waiting does not start the window over.
      sleepMs: async (ms) => {
        const raw = store.meta(SETTLE_SINCE);
        const since = raw === undefined || raw === '' ? ctx.clock.now() : Number(raw);
        store.setMeta(SETTLE_SINCE, String(since));
        const left = since + ms - ctx.clock.now();
        if (left > 0) await new Promise((done) => setTimeout(done, left));
      },
      settleWindowMs: config.exchange.timestamp_window_ms + SETTLE_MARGIN_MS,
      unit: UNIT,
      log: (kind, message) => log.warn(message, { reconcile: kind }),
    });
    store.setMeta(SETTLE_SINCE, '');
    log.info(
      r.differences === 0
        ? 'reconciled: the exchange agrees with the saved state'
        : `reconciled: ${r.differences} difference(s), each logged above`,
    );
  };
  log.info(
    restored === undefined
      ? `no saved state in ${displayPath(ctx.cwd, config.state.db)}: starting afresh`
      : `saved state from ${isoUtc(restored.time)} restored`,
  );
  await withStartRetries(doRecover, 'reconciling with the exchange', log);
  // Start-up took time: stored bars that closed meanwhile (a replay runs fast) are fed too, or they would be missing.
  const warmedUpTo = await warmUp(engine, s.candles, store, s.coins, pacer.now(), warmedUp);

  // Signals: finish the cycle, persist, stop.
  const stop = new AbortController();
  const onSignal = (sig: string) => (): void => {
    if (!stop.signal.aborted) log.info(`${sig}: stopping after this cycle`);
    stop.abort();
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  s.opts.signal?.addEventListener('abort', () => stop.abort(), { once: true });

  let running = true;
  let infoCheckedAt = -Infinity;
  let unknownSeen = session.orders.filter((o) => o.outcome === 'unknown').length;
  const statusEvery = speed > 1 ? 'bar' : 'cycle';
  let lastStatusBar: number | undefined;
  let lastBalances: Balances | undefined;
  let lastView: CycleView = {
    time: pacer.now(),
    trading: false,
    refusal: '',
    cycles: 0,
    decisions: 0,
    lastBar: warmedUpTo,
    tickers: undefined,
  };
  const trader = new Trader({
    engine,
    exchange,
    store,
    pacer,
    log,
    coins: s.coins,
    unit: UNIT,
    intervalMs: HOUR_MS,
    cycleMs: config.run.cycle_seconds * 1000,
    staleAfterMs: config.run.stale_after_seconds * 1000,
    killFile: config.run.kill_file,
    onShutdown: config.run.on_shutdown,
    warmedUpTo,
    clockOffsetMs: () => client.clockOffsetMs,
    maxClockOffsetMs: config.exchange.timestamp_window_ms / 2,
    otherRefusal: () => (running ? '' : 'the exchange says it is not running'),
    until: s.until,
    signal: stop.signal,
    wall: ctx.clock,
    afterCycle: async (view) => {
      // The exchange's own word on whether it runs: every 10 minutes of market time.
      if (view.time - infoCheckedAt >= 600_000) {
        infoCheckedAt = view.time;
        try {
          running = (await client.exchangeInfo()).IsRunning;
        } catch (err) {
          log.warn('exchangeInfo unavailable', { error: errorMessage(err) });
        }
      }
      // A model file changed on disk: swap in the new models if they load, else keep trading the old ones.
      const stamp = modelStamp(config);
      if (stamp !== modelsStamp) {
        modelsStamp = stamp;
        try {
          const m = await tradedModels(config, ctx.cwd);
          const next = targetsFor(config, m.m6, m.m24);
          targets.swap(next.targets);
          log.info('models reloaded', { scorer: next.alphaSource, models: m.note });
          store.event(view.time, 'models-reloaded', m.note);
        } catch (err) {
          log.error(`models changed on disk but cannot be loaded: still trading the ones loaded before`, {
            error: errorMessage(err),
          });
          store.event(view.time, 'models-refused', errorMessage(err));
        }
      }
      // An order whose answer was lost and could not be settled: reconcile before anything else is sent.
      const unknown = session.orders.filter((o) => o.outcome === 'unknown').length;
      if (unknown !== unknownSeen) {
        unknownSeen = unknown;
        await doRecover();
      }
      // The wallet as last read: a failed read keeps the previous one in state.json rather than an empty wallet.
      let balances = lastBalances;
      try {
        balances = await exchange.balances();
        lastBalances = balances;
      } catch (err) {
        log.warn('balances unavailable: state.json shows the last wallet read', { error: errorMessage(err) });
      }
      lastView = view;
      const state = stateJson(config, engine, view, balances, identity.exchange);
      writeJsonAtomically(config.state.json, state);
      store.setLastCycle(view.time);
      const showNow = statusEvery === 'cycle' || view.lastBar !== lastStatusBar || !view.trading;
      lastStatusBar = view.lastBar;
      if (showNow) log.say(statusLine(state));
    },
  });
  let reason: StopReason;
  try {
    reason = await trader.run();
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
  // The state after the stop (a flattened book, cancelled orders) for those who read state.json.
  try {
    const tickers = await exchange.tickers();
    const balances = await exchange.balances();
    const now = pacer.now();
    writeJsonAtomically(
      config.state.json,
      stateJson(
        config,
        engine,
        {
          ...lastView,
          time: now,
          trading: false,
          refusal: `stopped (${reason})`,
          tickers,
        },
        balances,
        identity.exchange,
      ),
    );
  } catch (err) {
    log.warn('state.json not updated after the stop: the exchange did not answer', {
      error: errorMessage(err),
    });
  }
  const open = engine.pendingOrders;
  log.info(
    `stopped (${reason}); ${open} order(s) left resting${open > 0 && config.run.on_shutdown === 'leave' ? ': taken up again at the next start' : ''}`,
  );
  printSummary(s, session, startedAt, pacer.now(), chosen.alphaSource);
  return 0;
}

/** Start-up reads: a few attempts with growing pauses, then the error (exit 1; systemd restarts later). */
async function withStartRetries<T>(read: () => Promise<T>, what: string, log: RunLogger): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (attempt >= START_ATTEMPTS || err instanceof InputError) throw err;
      const ms = 1000 * 2 ** (attempt - 1);
      log.warn(`${what} failed (attempt ${attempt} of ${START_ATTEMPTS}); retrying in ${ms / 1000} s`, {
        error: errorMessage(err),
      });
      await new Promise((done) => setTimeout(done, ms));
    }
  }
}

/**
 * Feeds stored history closed after `after` and by `now` to the engine (warm-up: nothing traded): candles, then the
 * bars this bot built from tickers before a restart. Returns the close time of the last bar fed (`after` if none).
 */
async function warmUp(
  engine: Engine,
  candles: ReadonlyMap<string, CandleSeries>,
  store: StateStore,
  coins: readonly string[],
  now: number,
  after?: number,
): Promise<number | undefined> {
  let last = after;
  const feed = async (series: ReadonlyMap<string, CandleSeries>): Promise<void> => {
    // Every coin has a series (maybe empty): loadUniverseSeries and loadBars both promise it.
    const src = new ReplaySource({
      decision: coins.map((c) => series.get(c) as CandleSeries),
      from: Infinity,
      to: now,
    });
    for await (const ev of src.events()) {
      if (ev.kind !== 'decision' || (last !== undefined && ev.time <= last)) continue;
      await engine.onEvent(ev);
      last = ev.time;
    }
  };
  await feed(candles);
  // Bars this bot built from tickers before a restart, after the stored candles.
  await feed(store.loadBars(last === undefined ? -Infinity : last - HOUR_MS, coins, HOUR_MS));
  return last;
}

/** The state database as recovery sees it: intents to settle (no outcome, or an unknown one) and known ids. */
function recoveryView(store: StateStore): RecoveryStore {
  return {
    unresolvedIntents: (): IntentRecord[] => store.intentsToSettle(),
    resolveIntent: (r) => store.resolveIntent(r),
    knownOrderIds: () => new Set(store.orders().flatMap((o) => (o.orderId === undefined ? [] : [o.orderId]))),
    event: (time, kind, message, details) => store.event(time, kind, message, details),
    trade: (r) => store.trade(r),
  };
}

function printSummary(s: TradeSetup, j: MemoryJournal, from: number, to: number, scorer: string): void {
  const { config, log } = s;
  const placed = j.orders.filter((o) => o.outcome === 'placed').length;
  const fees = j.fills.reduce((a, f) => a + f.feeUsd, 0);
  const lines = [
    `run ${isoUtc(from)} → ${isoUtc(to)} (market time): ${j.decisions.length} decisions, ${placed} orders placed, ${j.fills.length} fills, ${j.trades.length} round trips closed, fees ${fees.toFixed(2)} USD`,
  ];
  if (j.equities.length >= 2) {
    const covered = [...s.candles.values()].every(
      (c) => c.length > 0 && (c.time[c.length - 1] as number) + HOUR_MS >= to - HOUR_MS,
    );
    const summary = summarize({
      journal: j,
      decision: covered ? s.candles : new Map(),
      coins: s.coins,
      benchmark: config.regime.benchmark,
      setup: {
        strategy: config.strategy.name,
        scorer,
        seed: config.backtest.seed,
        initialCash: j.equities[0]?.equity ?? config.backtest.initial_cash,
        fees: config.backtest.fees,
        slippageBps: 0,
        stopBars: 'tickers',
      },
    });
    const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;
    const st = summary.strategy;
    lines.push(
      `strategy      return ${pct(st.totalReturn)}, max drawdown ${pct(st.maxDrawdown)}, ${st.trades} trades`,
    );
    if (covered) {
      const b = summary.benchmarks;
      lines.push(
        `buy-hold BTC  return ${pct(b.buyHoldBtc.totalReturn)}, max drawdown ${pct(b.buyHoldBtc.maxDrawdown)}`,
      );
      lines.push(
        `equal weight  return ${pct(b.equalWeight.totalReturn)}, max drawdown ${pct(b.equalWeight.maxDrawdown)}`,
      );
    }
  }
  lines.push(
    `state: ${displayPath(s.ctx.cwd, config.state.db)}, ${displayPath(s.ctx.cwd, config.state.json)}; \`algobot status\` shows it`,
  );
  for (const l of lines) log.say(l);
}
