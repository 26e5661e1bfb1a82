// `algobot status`: what the bot is doing, read from its state database (readonly, so it works while the bot runs:
// WAL readers never block the writer). Mode and exchange, the last checkpoint and its age, equity, cash, drawdown,
// regime, positions with their stops, resting orders, counts, the performance of the recorded equity (the same
// figures as a backtest's summary, once there are two days of it) and the last events. `--json`: the same as JSON.
import { resolve } from 'node:path';
import { DAY_MS, isoUtc } from '../../core/time.js';
import { displayPath, loadConfig } from '../../config/load.js';
import { performanceFigures, type PerformanceFigures } from '../../report/summary.js';
import { META_EXCHANGE, META_MODE, META_UNIVERSE, configIdentity } from '../../state/identity.js';
import { lockHolder } from '../../state/lock.js';
import { StateStore } from '../../state/store.js';
import type { CommandContext } from '../context.js';

export interface StatusOptions {
  readonly config: string;
  readonly json?: boolean | undefined;
}

/** Equity history needed before performance figures mean anything. */
export const MIN_HISTORY_DAYS = 2;
const EVENTS_SHOWN = 5;

export interface StatusReport {
  readonly database: string;
  readonly mode: string | null;
  readonly exchange: string | null;
  /** Identity meta rows that differ from the config given (the database belongs to another setup). */
  readonly configDiffers: readonly { key: string; stored: string; expected: string }[];
  /** The process holding the database's lock, as far as this machine can tell. */
  readonly bot: { readonly pid: number; readonly running: boolean } | null;
  /** Last checkpoint of the engine's state, and its age at `now`. */
  readonly updatedAt: string | null;
  readonly ageSeconds: number | null;
  readonly lastCycle: string | null;
  readonly lastDecision: string | null;
  readonly equityAt: string | null;
  readonly equity: number | null;
  readonly cash: number | null;
  readonly invested: number | null;
  readonly drawdown: number | null;
  readonly peak: number | null;
  /** trend | chop | down, `warmup` while the detector warms up, null before any mark. */
  readonly regime: string | null;
  readonly positions: readonly {
    readonly coin: string;
    readonly quantity: number;
    readonly entry: number | null;
    readonly stop: number | null;
    readonly lossLimit: number | null;
    readonly armed: boolean | null;
    /** Close of the newest stored bar, and the position's value at it. */
    readonly last: number | null;
    readonly value: number | null;
  }[];
  readonly resting: readonly {
    readonly id: number;
    readonly coin: string;
    readonly side: string;
    readonly type: string;
    readonly quantity: number;
    readonly price: number;
    readonly reason: string;
    readonly placedAt: string;
    readonly reprices: number;
  }[];
  readonly counts: {
    readonly orders: number;
    readonly placed: number;
    readonly fills: number;
    readonly trades: number;
    readonly cancels: number;
    readonly stops: number;
  };
  readonly history: { readonly from: string | null; readonly to: string | null; readonly days: number };
  /** Performance of the recorded equity; null with fewer than MIN_HISTORY_DAYS of it (see metricsNote). */
  readonly metrics: PerformanceFigures | null;
  readonly metricsNote: string | null;
  readonly events: readonly { time: string; kind: string; message: string; details: unknown }[];
}

const finite = (x: number | undefined): number | null => (x === undefined || !Number.isFinite(x) ? null : x);
const iso = (t: number | undefined): string | null =>
  t === undefined || !Number.isFinite(t) ? null : isoUtc(t);

export function statusReport(
  store: StateStore,
  identity: Readonly<Record<string, string>>,
  now: number,
): StatusReport {
  const stored = store.engineState();
  const state = stored?.state;
  const mark = store.latestEquity();
  const decision = store.latestDecision();
  const closes = store.latestCloses();
  const series = store.equitySeries();
  const counts = store.counts();
  const holder = lockHolder(store.path);

  const time = series.map((e) => e.time);
  const equity = series.map((e) => e.equity);
  const first = time[0];
  const last = time[time.length - 1];
  const days = first === undefined || last === undefined ? 0 : (last - first) / DAY_MS;
  const enough = days >= MIN_HISTORY_DAYS;

  const regimeSource = mark ?? decision;
  return {
    database: store.file,
    mode: store.meta(META_MODE) ?? null,
    exchange: store.meta(META_EXCHANGE) ?? null,
    configDiffers: store.identityMismatches(identity),
    bot: holder === undefined ? null : { pid: holder.pid, running: holder.alive },
    updatedAt: iso(stored?.updatedAt),
    ageSeconds: stored === undefined ? null : Math.max(0, Math.round((now - stored.updatedAt) / 1000)),
    lastCycle: iso(store.lastCycle()),
    lastDecision: iso(state?.lastDecision),
    equityAt: iso(mark?.time),
    equity: finite(mark?.equity ?? state?.equity),
    cash: finite(mark?.cash),
    invested: finite(mark?.invested),
    drawdown: finite(mark?.drawdown ?? state?.drawdown.drawdown),
    peak: finite(state?.drawdown.peak),
    regime: regimeSource === undefined ? null : (regimeSource.regime ?? 'warmup'),
    positions: (state?.positions ?? []).map((p) => {
      const close = closes.get(p.coin)?.close;
      return {
        coin: p.coin,
        quantity: p.quantity,
        entry: finite(p.stop?.entryPrice),
        stop: finite(p.stop?.stop),
        lossLimit: finite(p.stop?.lossLimit),
        armed: p.stop?.armed ?? null,
        last: finite(close),
        value: finite(close === undefined ? undefined : close * p.quantity),
      };
    }),
    resting: (state?.resting ?? []).map((r) => ({
      id: r.id,
      coin: r.coin,
      side: r.side,
      type: r.type,
      quantity: r.quantity,
      price: r.price,
      reason: r.reason,
      placedAt: isoUtc(r.placedAt),
      reprices: r.reprices,
    })),
    counts: {
      orders: counts.orders,
      placed: counts.placed,
      fills: counts.fills,
      trades: counts.trades,
      cancels: counts.cancels,
      stops: counts.stops,
    },
    history: { from: iso(first), to: iso(last), days },
    metrics: enough ? performanceFigures(time, equity) : null,
    metricsNote: enough
      ? null
      : `not enough history (${days.toFixed(1)} days of equity; ${MIN_HISTORY_DAYS} needed)`,
    events: store.recentEvents(EVENTS_SHOWN).map((e) => ({
      time: isoUtc(e.time),
      kind: e.kind,
      message: e.message,
      details: e.details,
    })),
  };
}

function age(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

const money = (x: number | null): string => (x === null ? '-' : x.toFixed(2));
const pct = (x: number | null): string =>
  x === null || !Number.isFinite(x) ? '-' : `${(x * 100).toFixed(2)} %`;
const num = (x: number | null): string => (x === null ? '-' : String(x));
const ratio = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : String(x));

const row = (name: string, value: string): string => `${name.padEnd(14)}${value}`;

export function statusText(r: StatusReport): string {
  const lines: string[] = [row('database', r.database)];
  lines.push(row('mode', `${r.mode ?? '-'} on ${r.exchange ?? '-'}`));
  for (const d of r.configDiffers) {
    lines.push(`  ! the config says ${d.key} ${d.expected}; this database was written with ${d.stored}`);
  }
  lines.push(
    row(
      'bot',
      r.bot === null ? 'not running' : `${r.bot.running ? 'running' : 'not running'} (pid ${r.bot.pid})`,
    ),
  );
  lines.push(
    row(
      'updated',
      r.updatedAt === null ? 'never (no engine state yet)' : `${r.updatedAt} (${age(r.ageSeconds ?? 0)} ago)`,
    ),
  );
  if (r.lastCycle !== null) lines.push(row('last cycle', r.lastCycle));
  lines.push(row('last decision', r.lastDecision ?? '-'));
  lines.push(
    row(
      'equity',
      `${money(r.equity)} USD (cash ${money(r.cash)}, invested ${money(r.invested)})${r.equityAt === null ? '' : ` at ${r.equityAt}`}`,
    ),
  );
  lines.push(row('drawdown', `${pct(r.drawdown)} from peak ${money(r.peak)}`));
  lines.push(row('regime', r.regime ?? '-'));
  lines.push(row('positions', String(r.positions.length)));
  for (const p of r.positions) {
    const stop =
      p.armed === null
        ? 'no stop'
        : `stop ${num(p.stop)}, loss limit ${num(p.lossLimit)}, ${p.armed ? 'trailing (armed)' : 'not armed'}`;
    const value = p.last === null ? '' : `, last ${num(p.last)}, value ${money(p.value)}`;
    lines.push(`  ${p.coin.padEnd(6)}${num(p.quantity)} @ ${num(p.entry)}: ${stop}${value}`);
  }
  lines.push(row('resting', String(r.resting.length)));
  for (const o of r.resting) {
    lines.push(
      `  #${o.id} ${o.side} ${o.type} ${o.quantity} ${o.coin} @ ${o.price} (${o.reason}, placed ${o.placedAt}, repriced ${o.reprices}×)`,
    );
  }
  const c = r.counts;
  lines.push(
    row(
      'orders',
      `${c.orders} (${c.placed} placed), fills ${c.fills}, trades ${c.trades}, cancels ${c.cancels}, stops ${c.stops}`,
    ),
  );
  const m = r.metrics;
  if (m === null) lines.push(row('performance', r.metricsNote ?? ''));
  else {
    lines.push(
      row(
        'performance',
        `${r.history.from ?? '-'} → ${r.history.to ?? '-'} (${r.history.days.toFixed(1)} days): return ${pct(m.totalReturn)}, max drawdown ${pct(m.maxDrawdown)}, Sharpe ${ratio(m.sharpe)}, Sortino ${ratio(m.sortino)}, Calmar ${ratio(m.calmar)}, score ${m.competitionScore.daily.score.toFixed(4)}`,
      ),
    );
  }
  lines.push(row('events', r.events.length === 0 ? 'none' : `last ${r.events.length}`));
  for (const e of r.events) lines.push(`  ${e.time} ${e.kind.padEnd(10)} ${e.message}`);
  return `${lines.join('\n')}\n`;
}

/** JSON with non-finite numbers as null, two-space indented, newline-terminated. */
export function statusJson(r: StatusReport): string {
  return `${JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}

export async function status(ctx: CommandContext, opts: StatusOptions): Promise<number> {
  const { config } = await loadConfig(resolve(ctx.cwd, opts.config), { env: ctx.env, cwd: ctx.cwd });
  const file = displayPath(ctx.cwd, config.state.db);
  const store = StateStore.open(config.state.db, { readonly: true, display: file });
  try {
    // Mode and universe only: which exchange a run used also depends on how it was started (a local exchange).
    const id = configIdentity(config);
    const identity = { [META_MODE]: id[META_MODE] ?? '', [META_UNIVERSE]: id[META_UNIVERSE] ?? '' };
    const report = statusReport(store, identity, ctx.clock.now());
    ctx.stdout.write(opts.json === true ? statusJson(report) : statusText(report));
  } finally {
    store.close();
  }
  return 0;
}
