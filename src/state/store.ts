// The durable EngineSink of live and paper runs. Records are buffered as the engine makes them; `checkpoint(state)`
// writes every buffered record and the engine's state in ONE transaction, so after a crash the database holds the
// state together with exactly the records that led to it (never records without their state, nor the reverse).
// The engine checkpoints before every order request leaves and after its answer: an intent without an order row
// is an order whose outcome was never recorded (`unresolvedIntents`), which start-up resolves against the exchange.
//
// Bars, events and meta are written at once (they are not part of the engine's state). Numbers: NaN is stored as
// NULL and read back as NaN; JSON columns keep NaN and ±Infinity (json.ts).
import type Database from 'better-sqlite3';
import { InputError, errorMessage } from '../core/errors.js';
import { emptySeries, type CandleSeries } from '../data/candles.js';
import type { OrderStatus, OrderType, Role, Side } from '../domain/order.js';
import type { Regime } from '../domain/universe.js';
import {
  MemoryJournal,
  type CancelRecord,
  type DecisionRecord,
  type EngineSink,
  type EquityRecord,
  type FillRecord,
  type IntentRecord,
  type OrderRecord,
  type SkipRecord,
  type StopRecord,
  type TradeRecord,
} from '../engine/journal.js';
import {
  decodePersisted,
  encodePersisted,
  type PersistedEngine,
  type PersistedResting,
} from '../engine/persisted.js';
import type { IntentReason, SkipReason } from '../execution/intents.js';
import { openStateDb, type OpenOptions, type StateDb } from './db.js';
import { decodeJson, encodeJson, fromSql, toSql } from './json.js';

/** Something the operator should see: start, stop, a reconciliation difference, a safety refusal. */
export interface EventRecord {
  readonly id: number;
  readonly time: number;
  /** e.g. start, stop, reconcile, refusal (free text; the live loop names them). */
  readonly kind: string;
  readonly message: string;
  /** Whatever JSON was given; undefined when none. */
  readonly details: unknown;
}

export interface StoredEngine {
  readonly state: PersistedEngine;
  /** When the checkpoint was written (the store's clock, wall time in a live run). */
  readonly updatedAt: number;
}

export interface StoreCounts {
  readonly intents: number;
  readonly orders: number;
  /** Orders the exchange accepted (outcome placed). */
  readonly placed: number;
  readonly fills: number;
  readonly cancels: number;
  readonly trades: number;
  readonly decisions: number;
  readonly equity: number;
  readonly stops: number;
  readonly skips: number;
  readonly events: number;
  readonly bars: number;
}

export interface BarRow {
  readonly coin: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface StoreOptions {
  /** Clock for `updated_at` of the engine state (default Date.now). */
  readonly now?: () => number;
}

/** Meta keys the store itself reads. */
export const META_LAST_CYCLE = 'last_cycle';

type Num = number | null;

interface IntentRow {
  id: number;
  time: number;
  coin: string;
  pair: string;
  side: string;
  type: string;
  reason: string;
  quantity: Num;
  price: Num;
  reprice: Num;
  target: Num;
}

interface OrderRow {
  intentId: number;
  time: number;
  coin: string;
  side: string;
  type: string;
  reason: string;
  quantity: Num;
  price: Num;
  outcome: string;
  orderId: number | null;
  status: string | null;
  reprice: Num;
  message: string;
}

interface FillRow {
  time: number;
  orderId: number;
  coin: string;
  side: string;
  type: string;
  role: string;
  reason: string;
  quantity: Num;
  price: Num;
  feeUsd: Num;
}

interface CancelRow {
  time: number;
  orderId: number;
  coin: string;
  why: string;
}

interface TradeRow {
  coin: string;
  entryTime: number;
  exitTime: number;
  cost: Num;
  proceeds: Num;
  pnl: Num;
  entryValue: Num;
  exitReason: string;
}

interface DecisionRow {
  time: number;
  regime: string | null;
  exposureScale: Num;
  equity: Num;
  assets: string;
}

interface EquityRow {
  time: number;
  equity: Num;
  cash: Num;
  invested: Num;
  drawdown: Num;
  regime: string | null;
}

interface StopRow {
  time: number;
  coin: string;
  reason: string;
  level: Num;
}

interface SkipRow {
  time: number;
  coin: string;
  side: string;
  reason: string;
}

interface EventRow {
  id: number;
  time: number;
  kind: string;
  message: string;
  details: string | null;
}

interface BarDbRow {
  time: number;
  open: Num;
  high: Num;
  low: Num;
  close: Num;
  volume: Num;
}

const SQL = {
  insIntent: `INSERT INTO intents (id, time, coin, pair, side, type, reason, quantity, price, reprice, target)
    VALUES (@id, @time, @coin, @pair, @side, @type, @reason, @quantity, @price, @reprice, @target)`,
  insOrder: `INSERT INTO orders (intent_id, time, coin, side, type, reason, quantity, price, outcome, order_id,
    status, reprice, message) VALUES (@intentId, @time, @coin, @side, @type, @reason, @quantity, @price, @outcome,
    @orderId, @status, @reprice, @message)`,
  insFill: `INSERT INTO fills (time, order_id, coin, side, type, role, reason, quantity, price, fee_usd)
    VALUES (@time, @orderId, @coin, @side, @type, @role, @reason, @quantity, @price, @feeUsd)`,
  insCancel: `INSERT INTO cancels (time, order_id, coin, why) VALUES (@time, @orderId, @coin, @why)`,
  insTrade: `INSERT INTO trades (coin, entry_time, exit_time, cost, proceeds, pnl, entry_value, exit_reason)
    VALUES (@coin, @entryTime, @exitTime, @cost, @proceeds, @pnl, @entryValue, @exitReason)`,
  insDecision: `INSERT INTO decisions (time, regime, exposure_scale, equity, assets)
    VALUES (@time, @regime, @exposureScale, @equity, @assets)`,
  insEquity: `INSERT INTO equity (time, equity, cash, invested, drawdown, regime)
    VALUES (@time, @equity, @cash, @invested, @drawdown, @regime)`,
  insStop: `INSERT INTO stops (time, coin, reason, level) VALUES (@time, @coin, @reason, @level)`,
  insSkip: `INSERT INTO skips (time, coin, side, reason) VALUES (@time, @coin, @side, @reason)`,
  putState: `INSERT INTO engine_state (id, state, updated_at) VALUES (1, ?, ?)
    ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  insEvent: `INSERT INTO events (time, kind, message, details) VALUES (?, ?, ?, ?)`,
  putBar: `INSERT OR REPLACE INTO bars (time, coin, open, high, low, close, volume, source)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  putMeta: `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  selIntents: `SELECT id, time, coin, pair, side, type, reason, quantity, price, reprice, target FROM intents`,
  selOrders: `SELECT intent_id AS intentId, time, coin, side, type, reason, quantity, price, outcome,
    order_id AS orderId, status, reprice, message FROM orders ORDER BY id`,
  selFills: `SELECT time, order_id AS orderId, coin, side, type, role, reason, quantity, price, fee_usd AS feeUsd
    FROM fills ORDER BY id`,
  selCancels: `SELECT time, order_id AS orderId, coin, why FROM cancels ORDER BY id`,
  selTrades: `SELECT coin, entry_time AS entryTime, exit_time AS exitTime, cost, proceeds, pnl,
    entry_value AS entryValue, exit_reason AS exitReason FROM trades ORDER BY id`,
  selDecisions: `SELECT time, regime, exposure_scale AS exposureScale, equity, assets FROM decisions`,
  selEquity: `SELECT time, equity, cash, invested, drawdown, regime FROM equity`,
  selStops: `SELECT time, coin, reason, level FROM stops ORDER BY id`,
  selSkips: `SELECT time, coin, side, reason FROM skips ORDER BY id`,
  selEvents: `SELECT id, time, kind, message, details FROM events`,
} as const;

function intentOf(r: IntentRow): IntentRecord {
  return {
    id: r.id,
    time: r.time,
    coin: r.coin,
    pair: r.pair,
    side: r.side as Side,
    type: r.type as OrderType,
    reason: r.reason as IntentReason,
    quantity: fromSql(r.quantity),
    price: fromSql(r.price),
    reprice: fromSql(r.reprice),
    target: fromSql(r.target),
  };
}

function orderOf(r: OrderRow): OrderRecord {
  return {
    intentId: r.intentId,
    time: r.time,
    coin: r.coin,
    side: r.side as Side,
    type: r.type as OrderType,
    reason: r.reason as IntentReason,
    quantity: fromSql(r.quantity),
    price: fromSql(r.price),
    outcome: r.outcome as OrderRecord['outcome'],
    orderId: r.orderId ?? undefined,
    status: (r.status ?? undefined) as OrderStatus | undefined,
    reprice: fromSql(r.reprice),
    message: r.message,
  };
}

function equityOf(r: EquityRow): EquityRecord {
  return {
    time: r.time,
    equity: fromSql(r.equity),
    cash: fromSql(r.cash),
    invested: fromSql(r.invested),
    drawdown: fromSql(r.drawdown),
    regime: (r.regime ?? undefined) as Regime | undefined,
  };
}

function decisionOf(r: DecisionRow): DecisionRecord {
  return {
    time: r.time,
    regime: (r.regime ?? undefined) as Regime | undefined,
    exposureScale: fromSql(r.exposureScale),
    equity: fromSql(r.equity),
    assets: decodeJson(r.assets) as DecisionRecord['assets'],
  };
}

function eventOf(r: EventRow): EventRecord {
  return {
    id: r.id,
    time: r.time,
    kind: r.kind,
    message: r.message,
    details: r.details === null ? undefined : decodeJson(r.details),
  };
}

/** `1h` for 3 600 000: the largest whole unit. */
export function intervalLabel(ms: number): string {
  const units: [string, number][] = [
    ['w', 604_800_000],
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
  ];
  for (const [u, size] of units) if (ms >= size && ms % size === 0) return `${ms / size}${u}`;
  return `${ms}ms`;
}

export class StateStore implements EngineSink {
  readonly #s: StateDb;
  readonly #db: Database.Database;
  readonly #now: () => number;
  #pending: (() => void)[] = [];
  #closed = false;

  /** Opens (creating it when writable) the database at `path` and wraps it. */
  static open(path: string, opts: OpenOptions & StoreOptions): StateStore {
    return new StateStore(openStateDb(path, opts), opts);
  }

  constructor(db: StateDb, opts: StoreOptions = {}) {
    this.#s = db;
    this.#db = db.db;
    this.#now = opts.now ?? (() => Date.now());
  }

  /** The database path as messages show it. */
  get file(): string {
    return this.#s.file;
  }

  get path(): string {
    return this.#s.path;
  }

  get readonly(): boolean {
    return this.#s.readonly;
  }

  /** A lock left by a dead process was taken over when this store was opened. */
  get staleLockRecovered(): boolean {
    return this.#s.staleLockRecovered;
  }

  /** Records received since the last checkpoint or flush. */
  get pendingRecords(): number {
    return this.#pending.length;
  }

  readonly #statements = new Map<string, Database.Statement>();

  /** Prepared once per store. */
  #stmt(sql: string): Database.Statement {
    let st = this.#statements.get(sql);
    if (st === undefined) {
      st = this.#db.prepare(sql);
      this.#statements.set(sql, st);
    }
    return st;
  }

  #run(sql: string, params: object): void {
    this.#stmt(sql).run(params);
  }

  #buffer(sql: string, params: object): void {
    this.#pending.push(() => this.#run(sql, params));
  }

  // ---- EngineSink: buffered ----

  intent(r: IntentRecord): void {
    this.#buffer(SQL.insIntent, {
      ...r,
      quantity: toSql(r.quantity),
      price: toSql(r.price),
      reprice: toSql(r.reprice),
      target: toSql(r.target),
    });
  }

  order(r: OrderRecord): void {
    this.#buffer(SQL.insOrder, StateStore.#orderParams(r));
  }

  static #orderParams(r: OrderRecord): object {
    return {
      ...r,
      quantity: toSql(r.quantity),
      price: toSql(r.price),
      orderId: r.orderId ?? null,
      status: r.status ?? null,
      reprice: toSql(r.reprice),
    };
  }

  fill(r: FillRecord): void {
    this.#buffer(SQL.insFill, {
      ...r,
      quantity: toSql(r.quantity),
      price: toSql(r.price),
      feeUsd: toSql(r.feeUsd),
    });
  }

  cancel(r: CancelRecord): void {
    this.#buffer(SQL.insCancel, r);
  }

  trade(r: TradeRecord): void {
    this.#buffer(SQL.insTrade, {
      ...r,
      cost: toSql(r.cost),
      proceeds: toSql(r.proceeds),
      pnl: toSql(r.pnl),
      entryValue: toSql(r.entryValue),
    });
  }

  decision(r: DecisionRecord): void {
    this.#buffer(SQL.insDecision, {
      time: r.time,
      regime: r.regime ?? null,
      exposureScale: toSql(r.exposureScale),
      equity: toSql(r.equity),
      assets: encodeJson(r.assets),
    });
  }

  equity(r: EquityRecord): void {
    this.#buffer(SQL.insEquity, {
      time: r.time,
      equity: toSql(r.equity),
      cash: toSql(r.cash),
      invested: toSql(r.invested),
      drawdown: toSql(r.drawdown),
      regime: r.regime ?? null,
    });
  }

  stop(r: StopRecord): void {
    this.#buffer(SQL.insStop, { ...r, level: toSql(r.level) });
  }

  skip(r: SkipRecord): void {
    this.#buffer(SQL.insSkip, r);
  }

  /** Writes the buffered records and the engine's state in one transaction. */
  checkpoint(state: () => PersistedEngine): void {
    this.#write(encodePersisted(state()));
  }

  /** Writes the buffered records (in one transaction) without a state. */
  flush(): void {
    this.#write(undefined);
  }

  #write(stateText: string | undefined): void {
    const ops = this.#pending;
    if (ops.length === 0 && stateText === undefined) return;
    this.#db
      .transaction(() => {
        for (const op of ops) op();
        if (stateText !== undefined) this.#stmt(SQL.putState).run(stateText, this.#now());
      })
      .immediate();
    // Only once committed: a failed transaction keeps the records for the next attempt.
    this.#pending = [];
  }

  // ---- Engine state and recovery ----

  engineState(): StoredEngine | undefined {
    const row = this.#db
      .prepare<[], { state: string; updatedAt: number }>(
        'SELECT state, updated_at AS updatedAt FROM engine_state WHERE id = 1',
      )
      .get();
    if (row === undefined) return undefined;
    try {
      return { state: decodePersisted(row.state), updatedAt: row.updatedAt };
    } catch (err) {
      throw new InputError(
        `the saved engine state is unreadable (${errorMessage(err)}): move the file aside; the bot will start afresh and rebuild its positions from the exchange`,
        { file: this.file },
        { cause: err },
      );
    }
  }

  /** The engine's last checkpointed state; undefined before the first checkpoint. */
  loadEngine(): PersistedEngine | undefined {
    return this.engineState()?.state;
  }

  /** Intents without an order row: sent (or about to be) when the bot stopped, outcome unknown. By id. */
  unresolvedIntents(): IntentRecord[] {
    return this.#db
      .prepare<[], IntentRow>(
        `${SQL.selIntents} i WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.intent_id = i.id) ORDER BY i.id`,
      )
      .all()
      .map(intentOf);
  }

  /**
   * What start-up must settle against the exchange: the unresolved intents, and those whose latest order row says
   * `unknown` (the answer was lost and the lost-order check could not tell). By id.
   */
  intentsToSettle(): IntentRecord[] {
    return this.#db
      .prepare<[], IntentRow>(
        `${SQL.selIntents} i WHERE coalesce((SELECT o.outcome FROM orders o WHERE o.intent_id = i.id
          ORDER BY o.id DESC LIMIT 1), 'unknown') = 'unknown' ORDER BY i.id`,
      )
      .all()
      .map(intentOf);
  }

  /** Recovery found the outcome of an unresolved intent: written with the caller's next checkpoint. */
  resolveIntent(r: OrderRecord): void {
    // Buffered like every record: the caller's next checkpoint writes it in one transaction with what the engine
    // booked for it (a fill, a resting order) and the engine's state, so a crash cannot keep one without the other.
    this.#buffer(SQL.insOrder, StateStore.#orderParams(r));
  }

  /** Orders resting on the exchange as of the last checkpoint (the engine's book). */
  openOrders(): readonly PersistedResting[] {
    return this.loadEngine()?.resting ?? [];
  }

  // ---- Bars ----

  /** Bars of one moment (`time` = their open time), one per coin; a bar already stored is replaced. */
  saveBars(time: number, bars: readonly BarRow[], source: string): void {
    const put = this.#stmt(SQL.putBar);
    this.#db
      .transaction(() => {
        for (const b of bars) {
          put.run(
            time,
            b.coin,
            toSql(b.open),
            toSql(b.high),
            toSql(b.low),
            toSql(b.close),
            toSql(b.volume),
            source,
          );
        }
      })
      .immediate();
  }

  /**
   * Stored bars with open time > afterTime, per coin (every coin asked for is in the map, maybe empty), in time
   * order. Gaps (the bot was down) are not filled.
   */
  loadBars(
    afterTime: number,
    coins: readonly string[],
    intervalMs: number,
    interval = intervalLabel(intervalMs),
  ): Map<string, CandleSeries> {
    const sel = this.#db.prepare<[string, number], BarDbRow>(
      'SELECT time, open, high, low, close, volume FROM bars WHERE coin = ? AND time > ? ORDER BY time',
    );
    const out = new Map<string, CandleSeries>();
    for (const coin of coins) {
      const rows = sel.all(coin, afterTime);
      const s = emptySeries(coin, interval, intervalMs, rows.length);
      rows.forEach((r, i) => {
        s.time[i] = r.time;
        s.open[i] = fromSql(r.open);
        s.high[i] = fromSql(r.high);
        s.low[i] = fromSql(r.low);
        s.close[i] = fromSql(r.close);
        s.volume[i] = fromSql(r.volume);
      });
      out.set(coin, { ...s, length: rows.length });
    }
    return out;
  }

  /** Open time of the newest stored bar (of `coin`, or of any coin); undefined when none. */
  lastBarTime(coin?: string): number | undefined {
    const row =
      coin === undefined
        ? this.#db.prepare<[], { t: number | null }>('SELECT max(time) AS t FROM bars').get()
        : this.#db
            .prepare<[string], { t: number | null }>('SELECT max(time) AS t FROM bars WHERE coin = ?')
            .get(coin);
    return row?.t ?? undefined;
  }

  /** The newest stored bar of each coin: its open time and close. */
  latestCloses(): Map<string, { time: number; close: number }> {
    const rows = this.#db
      .prepare<[], { coin: string; time: number; close: Num }>(
        'SELECT coin, time, close FROM bars b WHERE time = (SELECT max(time) FROM bars WHERE coin = b.coin)',
      )
      .all();
    return new Map(rows.map((r) => [r.coin, { time: r.time, close: fromSql(r.close) }]));
  }

  // ---- Events and meta: written at once ----

  event(time: number, kind: string, message: string, details?: unknown): void {
    this.#stmt(SQL.insEvent).run(time, kind, message, details === undefined ? null : encodeJson(details));
  }

  /** The last n events, oldest first. */
  recentEvents(n: number): EventRecord[] {
    return this.#db
      .prepare<[number], EventRow>(`SELECT * FROM (${SQL.selEvents} ORDER BY id DESC LIMIT ?) ORDER BY id`)
      .all(n)
      .map(eventOf);
  }

  events(): EventRecord[] {
    return this.#db.prepare<[], EventRow>(`${SQL.selEvents} ORDER BY id`).all().map(eventOf);
  }

  meta(key: string): string | undefined {
    return this.#db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)
      ?.value;
  }

  setMeta(key: string, value: string): void {
    this.#stmt(SQL.putMeta).run(key, value);
  }

  allMeta(): Record<string, string> {
    const rows = this.#db
      .prepare<[], { key: string; value: string }>('SELECT key, value FROM meta ORDER BY key')
      .all();
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  /**
   * Keys whose stored value differs from `expected` (a database another config wrote). Keys not stored yet are
   * not differences: a new database adopts them with setMeta.
   */
  identityMismatches(
    expected: Readonly<Record<string, string>>,
  ): { key: string; stored: string; expected: string }[] {
    const out: { key: string; stored: string; expected: string }[] = [];
    for (const [key, want] of Object.entries(expected)) {
      const stored = this.meta(key);
      if (stored !== undefined && stored !== want) out.push({ key, stored, expected: want });
    }
    return out;
  }

  /** Time of the live loop's last completed cycle (meta last_cycle). */
  lastCycle(): number | undefined {
    const v = this.meta(META_LAST_CYCLE);
    return v === undefined ? undefined : Number(v);
  }

  setLastCycle(time: number): void {
    this.setMeta(META_LAST_CYCLE, String(time));
  }

  // ---- Reading the records back ----

  intents(): IntentRecord[] {
    return this.#db.prepare<[], IntentRow>(`${SQL.selIntents} ORDER BY id`).all().map(intentOf);
  }

  orders(): OrderRecord[] {
    return this.#db.prepare<[], OrderRow>(SQL.selOrders).all().map(orderOf);
  }

  fills(): FillRecord[] {
    return this.#db
      .prepare<[], FillRow>(SQL.selFills)
      .all()
      .map((r) => ({
        time: r.time,
        orderId: r.orderId,
        coin: r.coin,
        side: r.side as Side,
        type: r.type as OrderType,
        role: r.role as Role,
        reason: r.reason as IntentReason,
        quantity: fromSql(r.quantity),
        price: fromSql(r.price),
        feeUsd: fromSql(r.feeUsd),
      }));
  }

  cancels(): CancelRecord[] {
    return this.#db
      .prepare<[], CancelRow>(SQL.selCancels)
      .all()
      .map((r) => ({ ...r, why: r.why as CancelRecord['why'] }));
  }

  trades(): TradeRecord[] {
    return this.#db
      .prepare<[], TradeRow>(SQL.selTrades)
      .all()
      .map((r) => ({
        coin: r.coin,
        entryTime: r.entryTime,
        exitTime: r.exitTime,
        cost: fromSql(r.cost),
        proceeds: fromSql(r.proceeds),
        pnl: fromSql(r.pnl),
        entryValue: fromSql(r.entryValue),
        exitReason: r.exitReason as IntentReason,
      }));
  }

  decisions(): DecisionRecord[] {
    return this.#db.prepare<[], DecisionRow>(`${SQL.selDecisions} ORDER BY time, id`).all().map(decisionOf);
  }

  latestDecision(): DecisionRecord | undefined {
    const row = this.#db
      .prepare<[], DecisionRow>(`${SQL.selDecisions} ORDER BY time DESC, id DESC LIMIT 1`)
      .get();
    return row === undefined ? undefined : decisionOf(row);
  }

  /** Every equity mark, in time order. */
  equitySeries(): EquityRecord[] {
    return this.#db.prepare<[], EquityRow>(`${SQL.selEquity} ORDER BY time, id`).all().map(equityOf);
  }

  latestEquity(): EquityRecord | undefined {
    const row = this.#db.prepare<[], EquityRow>(`${SQL.selEquity} ORDER BY time DESC, id DESC LIMIT 1`).get();
    return row === undefined ? undefined : equityOf(row);
  }

  stops(): StopRecord[] {
    return this.#db
      .prepare<[], StopRow>(SQL.selStops)
      .all()
      .map((r) => ({ ...r, level: fromSql(r.level) }));
  }

  skips(): SkipRecord[] {
    return this.#db
      .prepare<[], SkipRow>(SQL.selSkips)
      .all()
      .map((r) => ({ ...r, side: r.side as Side, reason: r.reason as SkipReason }));
  }

  /** Everything recorded, as the journal a backtest keeps (for the report and summary code). */
  readJournal(): MemoryJournal {
    const j = new MemoryJournal();
    j.intents.push(...this.intents());
    j.decisions.push(...this.decisions());
    j.orders.push(...this.orders());
    j.skips.push(...this.skips());
    j.fills.push(...this.fills());
    j.cancels.push(...this.cancels());
    j.trades.push(...this.trades());
    j.equities.push(...this.equitySeries());
    j.stops.push(...this.stops());
    return j;
  }

  counts(): StoreCounts {
    const n = (sql: string): number => this.#db.prepare<[], { n: number }>(sql).get()?.n ?? 0;
    const all = (table: string): number => n(`SELECT count(*) AS n FROM ${table}`);
    return {
      intents: all('intents'),
      orders: all('orders'),
      placed: n("SELECT count(*) AS n FROM orders WHERE outcome = 'placed'"),
      fills: all('fills'),
      cancels: all('cancels'),
      trades: all('trades'),
      decisions: all('decisions'),
      equity: all('equity'),
      stops: all('stops'),
      skips: all('skips'),
      events: all('events'),
      bars: all('bars'),
    };
  }

  /** Writes what is buffered (when writable), then closes the database and releases the lock. Idempotent. */
  /**
   * Closes the database and releases the lock. Records no checkpoint wrote are dropped, not flushed: they belong to
   * an engine state that was never made durable (a recovery or a cycle cut short by an error), and writing them
   * without it could book a fill that the saved state does not know, and that the next start books again.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#pending = [];
    this.#s.close();
  }
}
