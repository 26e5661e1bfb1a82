// The configuration schema: one strict section per module, every key required. config/config.yaml is the one
// documented source of every value, so there are no hidden defaults here: a missing key is an error that
// names it. `null` is accepted only where "none" is a meaningful setting (no order rate limit, no log file).
// Units are in the key names: _hours, _seconds, _ms, _bps, _days; bare fractions are shares of equity.
import { z } from 'zod';
import { intervalMs } from '../core/time.js';
import { REGIMES, TIERS, type Regime, type Tier } from '../domain/universe.js';
import { whenValid } from './cross-field.js';
import {
  bool,
  bps,
  coin,
  fileName,
  fraction,
  fractionBelowOne,
  httpUrl,
  int,
  interval,
  num,
  oneOf,
  path,
  unitInterval,
} from './fields.js';

export const MODES = ['backtest', 'paper', 'live'] as const;
export type Mode = (typeof MODES)[number];

/** One value per market regime. */
const perRegime = <T extends z.ZodType>(value: () => T) =>
  z.strictObject({ trend: value(), chop: value(), down: value() });

const universe = z
  .strictObject({ tier1: z.array(coin()), tier2: z.array(coin()), tier3: z.array(coin()) })
  .superRefine(
    (u, ctx) => {
      const seen = new Map<string, string>();
      for (const tier of ['tier1', 'tier2', 'tier3'] as const) {
        u[tier].forEach((c, i) => {
          const first = seen.get(c);
          if (first !== undefined) {
            ctx.addIssue({ code: 'custom', path: [tier, i], message: `${c} is already listed in ${first}` });
          } else seen.set(c, tier);
        });
      }
      if (seen.size === 0) {
        ctx.addIssue({ code: 'custom', path: [], message: 'the universe is empty; list at least one coin' });
      }
    },
    whenValid(['tier1'], ['tier2'], ['tier3']),
  );

const strategy = z
  .strictObject({
    name: oneOf(['ml', 'ma_crossover']),
    ma_crossover: z.strictObject({ fast_bars: int({ gte: 1 }), slow_bars: int({ gte: 2 }) }),
  })
  .superRefine(
    (s, ctx) => {
      const { fast_bars: fast, slow_bars: slow } = s.ma_crossover;
      if (slow <= fast) {
        ctx.addIssue({
          code: 'custom',
          path: ['ma_crossover', 'slow_bars'],
          message: `${slow} must be greater than strategy.ma_crossover.fast_bars (${fast})`,
        });
      }
    },
    whenValid(['ma_crossover', 'fast_bars'], ['ma_crossover', 'slow_bars']),
  );

const alpha = z.strictObject({
  weight_6h: perRegime(unitInterval),
  holding_hours: int({ gte: 1, lte: 24 * 30 }),
  cost: z.strictObject({
    taker_fee: fractionBelowOne(),
    maker_fee: fractionBelowOne(),
    maker_share: unitInterval(),
    half_spread_bps: bps(),
    slippage_bps: bps(),
  }),
  min_net_return: num({ gte: 0, lt: 1 }),
});

const regime = z
  .strictObject({
    benchmark: coin(),
    lookback_hours: int({ gte: 2 }),
    trend_threshold: fraction(),
    down_threshold: fraction(),
    confirm_hours: int({ gte: 1 }),
    exit_ratio: unitInterval(),
    breadth_trend: unitInterval(),
    breadth_down: unitInterval(),
    breadth_band: unitInterval(),
    stress_hours: int({ gte: 2 }),
    stress_ratio: num({ gt: 1, lte: 100 }),
  })
  .superRefine(
    (r, ctx) => {
      if (r.breadth_down >= r.breadth_trend) {
        ctx.addIssue({
          code: 'custom',
          path: ['breadth_down'],
          message: `${r.breadth_down} is not below regime.breadth_trend (${r.breadth_trend}); a market cannot be both down and trending on breadth`,
        });
      }
      // The stress baseline (lookback − stress returns) needs at least two returns for a sample volatility.
      if (r.stress_hours > r.lookback_hours - 2) {
        ctx.addIssue({
          code: 'custom',
          path: ['stress_hours'],
          message: `${r.stress_hours} leaves no baseline; allowed: at most regime.lookback_hours − 2 (${r.lookback_hours - 2})`,
        });
      }
    },
    whenValid(['breadth_down'], ['breadth_trend'], ['stress_hours'], ['lookback_hours']),
  );

const portfolio = z
  .strictObject({
    max_position: z.strictObject({ tier1: fraction(), tier2: fraction(), tier3: fraction() }),
    tier3_sleeve: fraction(),
    cash_buffer: perRegime(fractionBelowOne),
    max_positions: perRegime(() => int({ gte: 1 })),
    volatility_lookback_hours: int({ gte: 2 }),
    score_tilt: num({ gte: 0, lte: 10 }),
    min_weight_change: fractionBelowOne(),
  })
  .superRefine(
    (p, ctx) => {
      // A sleeve smaller than one position's cap would make that cap unreachable and confuse every reader.
      if (p.tier3_sleeve < p.max_position.tier3) {
        ctx.addIssue({
          code: 'custom',
          path: ['tier3_sleeve'],
          message: `${p.tier3_sleeve} is below portfolio.max_position.tier3 (${p.max_position.tier3}); the tier-3 sleeve must hold at least one full tier-3 position`,
        });
      }
    },
    whenValid(['tier3_sleeve'], ['max_position', 'tier3']),
  );

const drawdown = z
  .strictObject({
    soft: num({ gt: 0, lt: 1 }),
    soft_exposure: unitInterval(),
    hard: fraction(),
    hard_exposure: unitInterval(),
  })
  .superRefine(
    (d, ctx) => {
      if (d.hard <= d.soft) {
        ctx.addIssue({
          code: 'custom',
          path: ['hard'],
          message: `${d.hard} must be greater than risk.drawdown.soft (${d.soft})`,
        });
      }
    },
    whenValid(['soft'], ['hard']),
  )
  .superRefine(
    (d, ctx) => {
      if (d.hard_exposure >= d.soft_exposure) {
        ctx.addIssue({
          code: 'custom',
          path: ['hard_exposure'],
          message: `${d.hard_exposure} must be less than risk.drawdown.soft_exposure (${d.soft_exposure})`,
        });
      }
    },
    whenValid(['soft_exposure'], ['hard_exposure']),
  );

const risk = z.strictObject({
  atr_hours: int({ gte: 1 }),
  stop_atr_multiple: num({ gt: 0 }),
  trail_arm_atr: num({ gt: 0 }),
  trail_atr_multiple: num({ gt: 0 }),
  max_loss_per_position: fraction(),
  drawdown,
  cooldown_hours: int({ gte: 0 }),
});

const execution = z.strictObject({
  limit_offset_bps: bps(),
  order_timeout_seconds: int({ gte: 1 }),
  max_reprices: int({ gte: 0 }),
  market_orders_for_urgent_exits: bool(),
});

/** True for a URL on this machine (the local exchange), whose timestamp window is ours to choose. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const h = new URL(url).hostname;
    return h === 'localhost' || h === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(h);
  } catch {
    return false;
  }
}

/** Roostoo's own window: a lost order POST is declared not placed only once this long has passed. */
export const ROOSTOO_TIMESTAMP_WINDOW_MS = 60_000;

const exchange = z
  .strictObject({
    base_url: httpUrl(),
    calls_per_minute: int({ gte: 1 }),
    orders_per_minute: int({ gte: 1 }).nullable().describe('null (no limit) or an integer ≥ 1'),
    request_timeout_ms: int({ gte: 100, lte: 300_000 }),
    // Never below Roostoo's own 60 s against a remote exchange: the lost-order check waits this long to prove a
    // lost POST can no longer execute. The local exchange (loopback) is started with the window it is given.
    timestamp_window_ms: int({ gte: 1_000, lte: 600_000 }),
  })
  .superRefine(
    (e, ctx) => {
      if (e.timestamp_window_ms < ROOSTOO_TIMESTAMP_WINDOW_MS && !isLoopbackUrl(e.base_url)) {
        ctx.addIssue({
          code: 'custom',
          path: ['timestamp_window_ms'],
          message: `${e.timestamp_window_ms} is below Roostoo's 60000 ms window; only a local exchange (127.0.0.1 or localhost) may use a shorter one`,
        });
      }
    },
    whenValid(['base_url'], ['timestamp_window_ms']),
  );

const data = z
  .strictObject({
    dir: path(),
    interval: interval(),
    stop_interval: interval()
      .nullable()
      .describe('null (stops checked on data.interval bars) or an interval'),
    stop_dir: path().nullable().describe('null or a directory path'),
    download: z.strictObject({
      base_url: httpUrl().nullable().describe('null (the Binance default) or an http(s) URL'),
      history_days: int({ gte: 1 }),
      refresh_on_run: bool(),
    }),
  })
  .superRefine(
    (d, ctx) => {
      if (d.interval !== '1h') {
        ctx.addIssue({
          code: 'custom',
          path: ['interval'],
          message: `${d.interval} is not supported; allowed: 1h. The features, the models' horizons and every *_hours setting are counted in hourly bars (finer candles for stops go in data.stop_interval)`,
        });
      }
      if ((d.stop_interval === null) !== (d.stop_dir === null)) {
        const missing = d.stop_interval === null ? 'stop_interval' : 'stop_dir';
        const other = missing === 'stop_interval' ? 'stop_dir' : 'stop_interval';
        ctx.addIssue({
          code: 'custom',
          path: [missing],
          message: `is null but data.${other} is set; set both (finer stop candles) or neither`,
        });
        return;
      }
      if (d.stop_interval === null) return;
      const bar = intervalMs(d.interval);
      const stop = intervalMs(d.stop_interval);
      if (bar === undefined || stop === undefined) return; // already reported by the interval fields
      if (stop >= bar || bar % stop !== 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['stop_interval'],
          message: `${d.stop_interval} must be finer than data.interval (${d.interval}) and divide it evenly`,
        });
      }
    },
    whenValid(['interval'], ['stop_interval'], ['stop_dir']),
  );

const models = z.strictObject({
  dir: path(),
  file_6h: fileName(),
  file_24h: fileName(),
  require_oos_edge: bool(),
});

/** One model's training recipe: its horizon, whether targets are relative to the other assets, and how features
 * are compared across assets at each decision time. */
const trainingModel = z.strictObject({
  horizon_hours: int({ gte: 1, lte: 24 * 30 }),
  demean_target: bool(),
  feature_transform: oneOf(['none', 'rank', 'zscore']),
});

const training = z
  .strictObject({
    folds: int({ gte: 1, lte: 20 }),
    fold_scheme: oneOf(['expanding', 'rolling']),
    rolling_window_days: int({ gte: 1 }),
    embargo_hours: int({ gte: 0 }),
    model_6h: trainingModel,
    model_24h: trainingModel,
    lightgbm: z.strictObject({
      objective: oneOf(['regression', 'huber']),
      num_iterations: int({ gte: 1, lte: 100_000 }),
      learning_rate: num({ gt: 0, lte: 1 }),
      num_leaves: int({ gte: 2, lte: 131_072 }),
      max_depth: int({ gte: -1 }),
      min_data_in_leaf: int({ gte: 1 }),
      lambda_l2: num({ gte: 0 }),
      feature_fraction: fraction(),
      bagging_fraction: fraction(),
      bagging_freq: int({ gte: 0 }),
      max_bin: int({ gte: 2, lte: 255 }),
      seed: int({ gte: 0, lte: 2_147_483_647 }),
    }),
  })
  .superRefine(
    (t, ctx) => {
      // No training label may overlap the test period of its fold.
      const longest = Math.max(t.model_6h.horizon_hours, t.model_24h.horizon_hours);
      if (t.embargo_hours < longest) {
        ctx.addIssue({
          code: 'custom',
          path: ['embargo_hours'],
          message: `${t.embargo_hours} is shorter than the longest model horizon (${longest} h); training labels would overlap the test period`,
        });
      }
    },
    whenValid(['embargo_hours'], ['model_6h', 'horizon_hours'], ['model_24h', 'horizon_hours']),
  );

const backtest = z.strictObject({
  initial_cash: num({ gt: 0 }),
  fees: z.strictObject({ taker: fractionBelowOne(), maker: fractionBelowOne() }),
  slippage_bps: bps(),
  seed: int({ gte: 0, lte: 4_294_967_295 }),
});

const state = z.strictObject({ db: path(), json: path() });

const run = z.strictObject({
  cycle_seconds: num({ gt: 0, lte: 3600 }),
  stale_after_seconds: num({ gt: 0 }),
  on_shutdown: oneOf(['leave', 'cancel']),
  kill_file: path(),
});

const logging = z.strictObject({
  level: oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal']),
  file: path().nullable().describe('null (log to stderr only) or a file path'),
});

export const configSchema = z
  .strictObject({
    mode: oneOf(MODES),
    dry_run: bool(),
    universe,
    strategy,
    alpha,
    regime,
    portfolio,
    risk,
    execution,
    exchange,
    data,
    models,
    training,
    backtest,
    run,
    state,
    logging,
  })
  .superRefine(
    (c, ctx) => {
      const coins = [...c.universe.tier1, ...c.universe.tier2, ...c.universe.tier3];
      if (coins.length > 0 && !coins.includes(c.regime.benchmark)) {
        ctx.addIssue({
          code: 'custom',
          path: ['regime', 'benchmark'],
          message: `${c.regime.benchmark} is not in the universe; the regime is read from a coin whose candles are loaded`,
        });
      }
    },
    whenValid(['universe'], ['regime', 'benchmark']),
  );

export type Config = z.output<typeof configSchema>;

export { REGIMES, TIERS, type Regime, type Tier };
