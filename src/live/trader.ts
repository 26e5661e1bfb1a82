// The paper and live loop: the engine of the backtest, driven by polled tickers instead of stored candles.
// Life of a cycle (every run.cycle_seconds of market time):
//   kill switch? → poll every ticker in one call → safety (fresh tickers, clock offset, exchange running) →
//   this poll as a stop bar (stops and resting orders checked, as on a finer bar in a backtest) → due order
//   timeouts → a closed hourly bar? stored, then the engine's decision (features, regime, alpha, portfolio, orders)
//   → state.json and a status line.
// While a safety check fails, bars still feed the features (as warm-up) but nothing is traded. Every exchange call
// that can change the account is bracketed by checkpoints in the state database (the engine's sink).
import { existsSync } from 'node:fs';
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import { isoUtc } from '../core/time.js';
import type { Candle } from '../data/candles.js';
import type { Ticker } from '../domain/market.js';
import type { Engine } from '../engine/engine.js';
import type { EngineSink } from '../engine/journal.js';
import type { ExchangePort } from '../exchange/port.js';
import { TickerBarBuilder } from './bar-builder.js';
import type { Pacer } from './pacer.js';

export interface RunStore extends EngineSink {
  /** Bars built from tickers, by open time (candle `time`), so that a restart warms up on them. */
  saveBars(
    time: number,
    bars: readonly { coin: string; open: number; high: number; low: number; close: number; volume: number }[],
    source: string,
  ): void;
  event(time: number, kind: string, message: string, details?: unknown): void;
}

export interface RunLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** What the loop shows after each cycle (state.json, the status line). */
export interface CycleView {
  readonly time: number;
  readonly trading: boolean;
  /** Why trading is suspended; '' while trading. */
  readonly refusal: string;
  readonly cycles: number;
  readonly decisions: number;
  readonly lastBar: number | undefined;
  /** This cycle's tickers (undefined when the poll failed). */
  readonly tickers: ReadonlyMap<string, Ticker> | undefined;
}

export interface TraderOptions {
  readonly engine: Engine;
  readonly exchange: ExchangePort;
  readonly store: RunStore;
  readonly pacer: Pacer;
  readonly log: RunLog;
  /** Universe coins in engine order, and the quote currency. */
  readonly coins: readonly string[];
  readonly unit: string;
  readonly intervalMs: number;
  readonly cycleMs: number;
  readonly staleAfterMs: number;
  readonly killFile: string;
  readonly onShutdown: 'leave' | 'cancel';
  /** Close time of the last stored bar (warm-up): bars up to it are not rebuilt. */
  readonly warmedUpTo: number | undefined;
  /** Clock offset check: the measured |offset| in ms, or undefined when not measured yet. */
  readonly clockOffsetMs: () => number | undefined;
  readonly maxClockOffsetMs: number;
  /** Any other reason not to trade now ('' when none): the exchange says it is not running, say. */
  readonly otherRefusal: () => string;
  /** Stop once market time passes this (replays); undefined: run until a signal or the kill switch. */
  readonly until?: number | undefined;
  /** Aborts the loop gracefully (SIGINT/SIGTERM): the cycle in progress finishes first. */
  readonly signal: AbortSignal;
  /** After every cycle (state.json, status line). */
  readonly afterCycle: (view: CycleView) => void | Promise<void>;
  /** Wall clock, for how long a cycle took. */
  readonly wall: Clock;
}

export type StopReason = 'signal' | 'kill-switch' | 'end-of-replay';

export class Trader {
  readonly #o: TraderOptions;
  readonly #bars: TickerBarBuilder;
  #lastFresh = -Infinity;
  /** Last poll in which any coin's price changed. */
  #lastMove = -Infinity;
  #lastPrices: ReadonlyMap<string, number> = new Map();
  #refusal = '';
  /** Which safety check fails ('' none): a change of it is an event. */
  #refusalKind = '';
  #cycles = 0;
  #decisions = 0;
  #lastBar: number | undefined;

  constructor(o: TraderOptions) {
    this.#o = o;
    // A bar is complete when polls came within two cycles of its open and of its close.
    this.#bars = new TickerBarBuilder(o.coins, o.intervalMs, 2 * o.cycleMs, o.warmedUpTo);
    this.#lastBar = o.warmedUpTo;
  }

  /** Runs cycles until a signal, the kill switch or the end of the replay; returns why it stopped. */
  async run(): Promise<StopReason> {
    const o = this.#o;
    let next = o.pacer.now();
    for (;;) {
      if (o.signal.aborted) return this.#shutdown('signal');
      if (existsSync(o.killFile)) return this.#kill();
      const now = o.pacer.now();
      await this.#cycle(now);
      // The cycle at or past `until` still runs: it closes the bar that ends at `until`.
      if (o.until !== undefined && now >= o.until) return this.#shutdown('end-of-replay');
      next = Math.max(next + o.cycleMs, o.pacer.now() - o.cycleMs + 1);
      await o.pacer.sleepUntil(next, o.signal);
    }
  }

  async #cycle(now: number): Promise<void> {
    const o = this.#o;
    this.#cycles++;
    let tickers: ReadonlyMap<string, Ticker> | undefined;
    try {
      tickers = await o.exchange.tickers();
    } catch (err) {
      o.log.warn('tickers unavailable', { error: errorMessage(err) });
    }
    const prices = new Map<string, number>();
    if (tickers !== undefined) {
      for (const coin of o.coins) {
        const t = tickers.get(`${coin}/${o.unit}`);
        if (t !== undefined && t.last > 0) prices.set(coin, t.last);
      }
      if (prices.size > 0) this.#lastFresh = now;
      // A feed that answers with the same prices for every coin, poll after poll, has stopped: not fresh either.
      let moved = false;
      for (const [c, p] of prices) if (this.#lastPrices.get(c) !== p) moved = true;
      if (moved || this.#lastMove === -Infinity) this.#lastMove = now;
      if (prices.size > 0) this.#lastPrices = prices;
    }
    this.#setRefusal(now, this.#safety(now));
    const trading = this.#refusal === '';
    try {
      if (tickers !== undefined && prices.size > 0) {
        const update = this.#bars.add(now, prices);
        for (const d of update.dropped) {
          o.store.event(now, 'bar-dropped', `bar closing ${isoUtc(d.time)} dropped: ${d.reason}`);
          o.log.info('bar dropped', { bar: isoUtc(d.time), reason: d.reason });
        }
        if (trading) {
          // This poll is the finest bar there is: stops and resting orders are checked on it.
          const stopBars = o.coins.map((c): Candle | undefined => {
            const p = prices.get(c);
            return p === undefined
              ? undefined
              : { time: now, open: p, high: p, low: p, close: p, volume: NaN };
          });
          await o.engine.onEvent({ kind: 'stop', time: now, bars: stopBars, warmup: false });
          for (let w = o.engine.nextWakeUp(); w !== undefined && w <= now; w = o.engine.nextWakeUp()) {
            await o.engine.onTimer();
            if (o.engine.nextWakeUp() === w) break;
          }
        }
        for (const c of update.closed) {
          const saved = o.coins.flatMap((coin, a) => {
            const b = c.bars[a];
            return b === undefined ? [] : [{ coin, ...b }];
          });
          o.store.saveBars(c.time - o.intervalMs, saved, 'ticker');
          this.#lastBar = c.time;
          const done = o.engine.lastDecision !== undefined && c.time <= o.engine.lastDecision;
          // Not trading: the bar still feeds features and the regime (warm-up), so nothing is stale afterwards.
          await o.engine.onEvent({ kind: 'decision', time: c.time, bars: c.bars, warmup: !trading || done });
          if (trading && !done) this.#decisions++;
        }
      }
    } catch (err) {
      // An exchange failure mid-cycle: what was done is checkpointed; the next cycle starts from the exchange again.
      o.store.event(now, 'cycle-failed', errorMessage(err));
      o.log.error('cycle failed', { error: errorMessage(err) });
    }
    await o.afterCycle({
      time: now,
      trading,
      refusal: this.#refusal,
      cycles: this.#cycles,
      decisions: this.#decisions,
      lastBar: this.#lastBar,
      tickers,
    });
  }

  /**
   * Why not to trade now: `kind` names the check that failed ('' when it is safe to trade), `text` says how (its
   * numbers change from cycle to cycle: the age of the last ticker, the measured offset).
   */
  #safety(now: number): { kind: string; text: string } {
    const o = this.#o;
    const age = now - this.#lastFresh;
    if (age > o.staleAfterMs) {
      return {
        kind: 'stale',
        text: Number.isFinite(age)
          ? `no fresh ticker for ${Math.round(age / 1000)} s (limit ${o.staleAfterMs / 1000} s)`
          : 'no ticker yet',
      };
    }
    const still = now - this.#lastMove;
    if (still > o.staleAfterMs) {
      return {
        kind: 'frozen',
        text: `no price has moved for ${Math.round(still / 1000)} s (limit ${o.staleAfterMs / 1000} s): the feed looks frozen`,
      };
    }
    const offset = o.clockOffsetMs();
    if (offset !== undefined && Math.abs(offset) > o.maxClockOffsetMs) {
      return {
        kind: 'clock',
        text: `clock offset ${Math.round(offset)} ms from the exchange exceeds ${o.maxClockOffsetMs} ms`,
      };
    }
    const other = o.otherRefusal();
    return { kind: other === '' ? '' : `other: ${other}`, text: other };
  }

  /** Records a suspension or a resumption once, when the failing check changes, not on every cycle of it. */
  #setRefusal(now: number, refusal: { kind: string; text: string }): void {
    const was = this.#refusal;
    this.#refusal = refusal.text;
    if (refusal.kind === this.#refusalKind) return;
    this.#refusalKind = refusal.kind;
    const o = this.#o;
    if (refusal.kind === '') {
      o.store.event(now, 'trading-resumed', `trading again (was: ${was})`);
      o.log.info('trading resumed', { was });
    } else {
      o.store.event(now, 'trading-suspended', refusal.text);
      o.log.warn('trading suspended', { reason: refusal.text });
    }
  }

  async #shutdown(reason: StopReason): Promise<StopReason> {
    const o = this.#o;
    const now = o.pacer.now();
    if (o.onShutdown === 'cancel') {
      try {
        await o.engine.cancelAll();
      } catch (err) {
        o.log.error('could not cancel open orders at shutdown', { error: errorMessage(err) });
      }
    }
    o.engine.checkpoint();
    o.store.event(now, 'stopped', `stopped: ${reason}`, { onShutdown: o.onShutdown });
    return reason;
  }

  /** The kill switch: cancel everything, sell every position at market, stop. */
  async #kill(): Promise<StopReason> {
    const o = this.#o;
    const now = o.pacer.now();
    o.store.event(now, 'kill-switch', `kill switch ${o.killFile} found: flattening and stopping`);
    o.log.warn('kill switch: flattening', { file: o.killFile });
    try {
      await o.engine.flatten();
    } catch (err) {
      o.log.error('flattening failed; positions may remain', { error: errorMessage(err) });
      o.store.event(now, 'kill-switch-failed', errorMessage(err));
    }
    o.engine.checkpoint();
    return 'kill-switch';
  }
}
