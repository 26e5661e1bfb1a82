// The engine shared by every mode. Fed closed bars (MarketEvent) and timer wake-ups; talks to the exchange only
// through its port; reads time only from the injected clock. Life of a decision bar:
//   features + regime update (MarketState) → scores (models → alpha by regime net of costs, or the MA baseline)
//   → portfolio targets (caps, sleeve, cash buffer, drawdown scaling, hysteresis, cool-downs)
//   → execution: sells, then buys sized on the cash the sells freed → exchange port → fills → position book.
// Stops are checked on every bar of the finest data (stop events, or the decision bars when there are none),
// before the decision of the same moment; a stop exits at once (MARKET when configured) and starts a cool-down.
import type { Clock } from '../core/clock.js';
import type { Candle } from '../data/candles.js';
import type { Instrument } from '../domain/instrument.js';
import { balanceTotal } from '../domain/market.js';
import type { ExchangePort } from '../exchange/port.js';
import type { ExecutionAsset } from '../execution/plan.js';
import type { ExecutionParams } from '../execution/params.js';
import { planBuys, planSells } from '../execution/plan.js';
import type { FeatureAsset } from '../features/universe-features.js';
import { constructPortfolio } from '../portfolio/construct.js';
import { trades, type AssetDecision } from '../portfolio/decision.js';
import type { PortfolioParams } from '../portfolio/params.js';
import type { RegimeParams } from '../regime/params.js';
import {
  NO_COOLDOWNS,
  isCoolingDown,
  pruneCooldowns,
  startCooldown,
  type Cooldowns,
} from '../risk/cooldown.js';
import {
  INITIAL_DRAWDOWN_STATE,
  exposureScale,
  updateDrawdown,
  type DrawdownState,
} from '../risk/drawdown.js';
import type { RiskParams } from '../risk/params.js';
import { checkBar } from '../risk/stops.js';
import type { MarketEvent } from './events.js';
import type { EngineSink } from './journal.js';
import { MarketState } from './market-state.js';
import { OrderManager } from './order-manager.js';
import { PERSISTED_ENGINE_VERSION, type PersistedEngine } from './persisted.js';
import { PositionBook } from './positions.js';
import { isDust, midOfTicker, readSnapshot, type Snapshot } from './snapshot.js';
import type { TargetSource } from './targets.js';

export interface EngineOptions {
  readonly clock: Clock;
  readonly exchange: ExchangePort;
  readonly universe: readonly FeatureAsset[];
  /** Quote currency of every pair (USD on Roostoo). */
  readonly unit: string;
  readonly targets: TargetSource;
  readonly regime: RegimeParams;
  readonly portfolio: PortfolioParams;
  readonly risk: RiskParams;
  readonly execution: ExecutionParams;
  readonly sink: EngineSink;
  /** Closes kept per coin: enough for the volatility window and the baseline's slow average. */
  readonly closeWindow: number;
  /** true when no finer stop bars come: stops are then checked on the decision bars. */
  readonly stopsOnDecisionBars: boolean;
}

export class Engine {
  readonly #o: EngineOptions;
  readonly #market: MarketState;
  readonly #book: PositionBook;
  #orders: OrderManager | undefined;
  #instruments = new Map<string, Instrument>();
  #drawdown: DrawdownState = INITIAL_DRAWDOWN_STATE;
  #cooldowns: Cooldowns = NO_COOLDOWNS;
  #equity = NaN;
  #lastDecision: number | undefined;

  constructor(o: EngineOptions) {
    this.#o = o;
    this.#market = new MarketState(o.universe, o.regime, o.closeWindow, o.portfolio.volatilityBars);
    this.#book = new PositionBook(o.risk);
  }

  /**
   * Reads the exchange's instruments (every universe coin must be tradable there) and the wallet. `restored`: the
   * state a live run persisted, taken up again (start-up then reconciles it against the exchange).
   */
  async start(restored?: PersistedEngine): Promise<void> {
    const all = await this.#o.exchange.instruments();
    const byCoin = new Map<string, Instrument>();
    for (const a of this.#o.universe) {
      const inst = all.get(`${a.coin}/${this.#o.unit}`);
      if (inst === undefined) throw new RangeError(`${a.coin}/${this.#o.unit} is not listed on the exchange`);
      byCoin.set(a.coin, inst);
    }
    this.#instruments = byCoin;
    const snap = await this.#snapshot();
    this.#equity = snap.equity;
    this.#orders = new OrderManager(
      this.#o.exchange,
      this.#o.clock,
      this.#o.sink,
      this.#book,
      byCoin,
      this.#o.execution,
      {
        atr: (coin) => this.#market.atr(this.#o.universe.findIndex((u) => u.coin === coin)),
        equity: () => this.#equity,
        state: () => this.state(),
      },
      this.#o.unit,
    );
    if (restored !== undefined) {
      this.#book.restore(restored.positions);
      this.#orders.restore(restored.resting, restored.intentSeq);
      this.#drawdown = restored.drawdown;
      this.#cooldowns = restored.cooldowns;
      this.#lastDecision = restored.lastDecision;
    }
  }

  /** Everything a restart needs, as plain data (features and regime are rebuilt from bars). */
  state(): PersistedEngine {
    const orders = this.#ordersOrThrow();
    return {
      version: PERSISTED_ENGINE_VERSION,
      time: this.#o.clock.now(),
      lastDecision: this.#lastDecision,
      equity: this.#equity,
      drawdown: this.#drawdown,
      cooldowns: this.#cooldowns,
      positions: this.#book.export(),
      resting: orders.resting(),
      intentSeq: orders.intentSeq,
    };
  }

  /** Close time of the last decision bar acted on (a restart does not decide the same bar twice). */
  get lastDecision(): number | undefined {
    return this.#lastDecision;
  }

  /** The features, regime and closes after the last bar fed. */
  get market(): MarketState {
    return this.#market;
  }

  /** Start-up reconciliation works on these directly (src/live/recovery.ts); nothing else should. */
  get recovery(): { orders: OrderManager; book: PositionBook; instruments: ReadonlyMap<string, Instrument> } {
    return { orders: this.#ordersOrThrow(), book: this.#book, instruments: this.#instruments };
  }

  /** Makes the current state durable (a live run's sink writes it; a backtest's ignores it). */
  checkpoint(): void {
    this.#o.sink.checkpoint(() => this.state());
  }

  /** Resting orders the engine manages. */
  get pendingOrders(): number {
    return this.#orders?.restingCount ?? 0;
  }

  #ordersOrThrow(): OrderManager {
    if (this.#orders === undefined) throw new Error('Engine.start() was not called');
    return this.#orders;
  }

  nextWakeUp(): number | undefined {
    return this.#orders?.nextWakeUp();
  }

  /** A timer fired: resting orders are checked (filled, repriced or given up). */
  async onTimer(): Promise<void> {
    await this.#ordersOrThrow().poll();
  }

  async onEvent(ev: MarketEvent): Promise<void> {
    if (ev.kind === 'decision') this.#market.update(ev.time, ev.bars);
    if (ev.warmup) return;
    const orders = this.#ordersOrThrow();
    await orders.poll();
    if (ev.kind === 'stop' || this.#o.stopsOnDecisionBars) await this.#checkStops(ev.time, ev.bars);
    if (ev.kind === 'decision') await this.#decide(ev.time);
  }

  #snapshot(): Promise<Snapshot> {
    return readSnapshot(this.#o.exchange, this.#instruments, this.#o.unit);
  }

  async #checkStops(time: number, bars: ReadonlyArray<Candle | undefined>): Promise<void> {
    const urgent: string[] = [];
    this.#o.universe.forEach((u, a) => {
      const s = this.#book.stops.get(u.coin);
      const bar = bars[a];
      if (s === undefined || bar === undefined) return;
      const r = checkBar(s, bar, this.#o.risk);
      if (r.kind === 'open') {
        this.#book.stops.set(u.coin, r.state);
        return;
      }
      this.#book.stops.delete(u.coin);
      this.#o.sink.stop({ time, coin: u.coin, reason: r.reason, level: r.price });
      this.#cooldowns = startCooldown(this.#cooldowns, u.coin, time, this.#o.risk.cooldownMs);
      urgent.push(u.coin);
    });
    if (urgent.length === 0) return;
    this.checkpoint();
    const orders = this.#ordersOrThrow();
    for (const coin of urgent) await orders.cancelAll('stop', coin);
    const snap = await this.#snapshot();
    const assets = urgent.map((coin) => this.#execAsset(coin, snap, 0, true));
    const steps = planSells({ equity: snap.equity, cash: snap.cashFree, assets }, this.#o.execution);
    await orders.execute(steps, () => 0);
  }

  /** Cancels every order the engine manages (a shutdown that leaves no order behind). */
  async cancelAll(): Promise<void> {
    await this.#ordersOrThrow().cancelAll('shutdown');
  }

  /** The kill switch: cancels every order, then sells every position that is not dust, urgently (at market). */
  async flatten(): Promise<void> {
    const orders = this.#ordersOrThrow();
    await orders.cancelAll('kill-switch');
    const snap = await this.#snapshot();
    const held = this.#o.universe.filter((u) => {
      const inst = this.#instruments.get(u.coin) as Instrument;
      const t = snap.tickers.get(inst.pair);
      const q = balanceTotal(snap.balances.get(u.coin));
      return q > 0 && t !== undefined && !isDust(inst, q, t.bid);
    });
    const assets = held.map((u) => this.#execAsset(u.coin, snap, 0, true));
    await orders.execute(
      planSells({ equity: snap.equity, cash: snap.cashFree, assets }, this.#o.execution),
      () => 0,
    );
    this.checkpoint();
  }

  #execAsset(coin: string, snap: Snapshot, target: number, urgent: boolean, forced = false): ExecutionAsset {
    const inst = this.#instruments.get(coin) as Instrument;
    const t = snap.tickers.get(inst.pair);
    const b = snap.balances.get(coin);
    return {
      coin,
      instrument: inst,
      bid: t?.bid ?? NaN,
      ask: t?.ask ?? NaN,
      free: b?.free ?? 0,
      held: balanceTotal(b),
      target,
      urgent,
      forced,
    };
  }

  async #decide(time: number): Promise<void> {
    this.#lastDecision = time;
    const orders = this.#ordersOrThrow();
    await orders.cancelAll('superseded');
    let snap = await this.#snapshot();
    this.#equity = snap.equity;
    this.#drawdown = updateDrawdown(this.#drawdown, snap.equity, this.#o.risk.drawdown);
    this.#cooldowns = pruneCooldowns(this.#cooldowns, time);
    const regime = this.#market.regime;
    if (regime !== undefined) {
      const scale = exposureScale(this.#drawdown, this.#o.risk.drawdown);
      const scores = this.#o.targets.score(this.#market, regime);
      const views = this.#o.universe.map((u, a) => {
        const inst = this.#instruments.get(u.coin) as Instrument;
        const t = snap.tickers.get(inst.pair);
        const held = balanceTotal(snap.balances.get(u.coin));
        const mid = midOfTicker(t);
        const dust = t === undefined || isDust(inst, held, t.bid);
        return {
          asset: u.coin,
          tier: u.tier,
          alpha: scores.alpha[a] as number,
          volatility: scores.volatility[a] as number,
          current: dust ? 0 : (held * mid) / snap.equity,
          coolingDown: isCoolingDown(this.#cooldowns, u.coin, time),
          atr: this.#market.atr(a),
        };
      });
      const decision = constructPortfolio({ regime, assets: views, exposureScale: scale }, this.#o.portfolio);
      this.#o.sink.decision({
        time,
        regime,
        exposureScale: scale,
        equity: snap.equity,
        assets: decision.assets.map((d, a) => ({
          coin: d.asset,
          kind: d.kind,
          alpha: scores.alpha[a] as number,
          current: d.current,
          target: d.target,
          weight: d.weight,
        })),
      });
      const sent = orders.sent;
      await this.#execute(decision.assets, snap);
      // Nothing sent, the clock has not moved: the wallet and the quotes are those of the snapshot.
      if (orders.sent !== sent) {
        snap = await this.#snapshot();
        this.#equity = snap.equity;
      }
    }
    this.#o.sink.equity({
      time,
      equity: snap.equity,
      cash: snap.cash,
      invested: snap.invested,
      drawdown: 1 - snap.equity / Math.max(this.#drawdown.peak, snap.equity),
      regime,
    });
    this.checkpoint();
  }

  async #execute(decisions: readonly AssetDecision[], snap: Snapshot): Promise<void> {
    const orders = this.#ordersOrThrow();
    const moving = decisions.filter(trades);
    if (moving.length === 0) return;
    const weightOf = new Map(moving.map((d) => [d.asset, d.weight]));
    const target = (coin: string): number => weightOf.get(coin) ?? 0;
    const assets = (s: Snapshot): ExecutionAsset[] =>
      moving.map((d) =>
        this.#execAsset(d.asset, s, d.weight, false, d.kind === 'resize' && d.forced !== undefined),
      );
    const p = this.#o.execution;
    await orders.execute(
      planSells({ equity: snap.equity, cash: snap.cashFree, assets: assets(snap) }, p),
      target,
    );
    // Buys are sized on the wallet after the sells: their proceeds (if they filled) are cash now.
    const after = moving.some((d) => d.weight < d.current) ? await this.#snapshot() : snap;
    await orders.execute(
      planBuys({ equity: snap.equity, cash: after.cashFree, assets: assets(after) }, p),
      target,
    );
  }
}
