// Assembles the local exchange: candles → replayed quotes → matching engine (restored from its state file) →
// HTTP server. The CLI (`algobot exchange serve`) and the tests build it the same way.
import type { Clock } from '../../core/clock.js';
import { InputError } from '../../core/errors.js';
import { readCandleDir } from '../../data/candle-file.js';
import type { CandleSeries } from '../../data/candles.js';
import type { Instrument } from '../../domain/instrument.js';
import { CandleQuotes, type ReplayTime } from '../matching/candle-quotes.js';
import { MatchingEngine } from '../matching/engine.js';
import { ROOSTOO_FEES, type FeeRates } from '../matching/fees.js';
import { instrumentsOf, type ExchangeInfo } from '../wire/exchange-info.js';
import type { ServerAccount } from './accounts.js';
import type { FaultOptions } from './faults.js';
import { startRoostooServer, type RoostooServer } from './roostoo-server.js';
import { loadServerState, saveServerState } from './state-file.js';
import { tradePairsForCoins } from './trade-pairs.js';

export interface LocalExchangeOptions {
  readonly dataDir: string;
  readonly exchangeInfo: ExchangeInfo;
  readonly accounts: readonly ServerAccount[];
  readonly clock: Clock;
  /** Market milliseconds per wall-clock millisecond. */
  readonly speed: number;
  /** Market time to start at; default: the first candle (or, after a restart, where the replay had got to). */
  readonly start?: number | undefined;
  /** Where the state is persisted after every change; none: in memory only. */
  readonly stateFile?: string | undefined;
  readonly fees?: FeeRates;
  readonly port?: number;
  readonly host?: string;
  readonly callsPerMinute?: number | null;
  readonly timestampWindowMs?: number;
  readonly faults?: FaultOptions;
  /** Candles already loaded (tests); otherwise read from dataDir. */
  readonly series?: ReadonlyMap<string, CandleSeries>;
}

export interface LocalExchange {
  readonly server: RoostooServer;
  readonly engine: MatchingEngine;
  readonly quotes: CandleQuotes;
  readonly replay: ReplayTime;
  readonly instruments: ReadonlyMap<string, Instrument>;
  /** True when the state was restored from the state file. */
  readonly restored: boolean;
  close(): Promise<void>;
}

export async function startLocalExchange(opts: LocalExchangeOptions): Promise<LocalExchange> {
  if (!(opts.speed > 0)) throw new InputError(`replay speed ${opts.speed} is not positive`);
  const series = opts.series ?? (await readCandleDir(opts.dataDir, { allowGaps: true }));
  const tradePairs = tradePairsForCoins(opts.exchangeInfo, series);
  const instruments = instrumentsOf({ ...opts.exchangeInfo, TradePairs: tradePairs });
  const now = opts.clock.now();
  const saved = opts.stateFile === undefined ? undefined : loadServerState(opts.stateFile);
  const firstBar = Math.min(...[...series.values()].map((s) => s.time[0] ?? Infinity));
  let replay: ReplayTime;
  if (opts.start !== undefined) replay = { start: opts.start, origin: now, speed: opts.speed };
  else if (saved !== undefined) {
    // Resume where the replay had got to (the market kept moving while the server was down), at the new speed.
    const at = saved.replay.start + (now - saved.replay.origin) * saved.replay.speed;
    replay = { start: at, origin: now, speed: opts.speed };
  } else replay = { start: firstBar, origin: now, speed: opts.speed };

  const quotes = new CandleQuotes(series, instruments, replay);
  const stateFile = opts.stateFile;
  const engine = new MatchingEngine({
    instruments,
    quotes,
    fees: opts.fees ?? ROOSTOO_FEES,
    now,
    state: saved?.engine,
    onChange:
      stateFile === undefined ? undefined : (state) => saveServerState(stateFile, { replay, engine: state }),
  });
  if (stateFile !== undefined) saveServerState(stateFile, { replay, engine: engine.snapshot() });
  const server = await startRoostooServer({
    engine,
    tradePairs,
    accounts: opts.accounts,
    clock: opts.clock,
    callsPerMinute: opts.callsPerMinute ?? null,
    timestampWindowMs: opts.timestampWindowMs,
    faults: opts.faults,
    port: opts.port,
    host: opts.host,
    replay,
  });
  return {
    server,
    engine,
    quotes,
    replay,
    instruments,
    restored: saved !== undefined,
    close: () => server.close(),
  };
}
