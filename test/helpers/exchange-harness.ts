// Both implementations of the exchange port, built on the same candles, instruments and clock, for the contract
// suite and the other exchange tests: the in-process simulated exchange, and the Roostoo client talking HTTP to
// the local exchange on 127.0.0.1. Time is a ManualClock shared by client and server; the client's sleep advances
// it, so rate-limit waits and backoff cost no wall time.
import { ManualClock } from '../../src/core/clock.js';
import { seededRandom } from '../../src/core/random.js';
import { Secret } from '../../src/config/secrets.js';
import { readCandleDir } from '../../src/data/candle-file.js';
import type { CandleSeries } from '../../src/data/candles.js';
import type { Instrument } from '../../src/domain/instrument.js';
import { CandleQuotes } from '../../src/exchange/matching/candle-quotes.js';
import { MatchingEngine } from '../../src/exchange/matching/engine.js';
import { ROOSTOO_FEES } from '../../src/exchange/matching/fees.js';
import type { ExchangePort } from '../../src/exchange/port.js';
import { RoostooClient, type RoostooClientOptions } from '../../src/exchange/roostoo/client.js';
import type { FaultOptions } from '../../src/exchange/server/faults.js';
import { startLocalExchange, type LocalExchange } from '../../src/exchange/server/local-exchange.js';
import { tradePairsForCoins } from '../../src/exchange/server/trade-pairs.js';
import { SimulatedExchange } from '../../src/exchange/simulated/simulated-exchange.js';
import {
  exchangeInfoSchema,
  instrumentsOf,
  type ExchangeInfo,
} from '../../src/exchange/wire/exchange-info.js';
import { EXCHANGE_INFO_FIXTURE } from './fake-roostoo.js';

/** 2025-04-01T06:00Z, six hours into the bundled sample: every coin has bars on both sides. */
export const T0 = Date.UTC(2025, 3, 1, 6);
export const API_KEY = 'USEAPIKEYASMYID';
export const SECRET = 'S1XP1e3UZj6A7H5fATj0jNhqPxxdSJYdInClVN65XAbvqqMKjVHjA7PZj4W12oep';
export const SAMPLE_DIR = new URL('../../data/sample/1h', import.meta.url).pathname;

export const exchangeInfo: ExchangeInfo = exchangeInfoSchema.parse(EXCHANGE_INFO_FIXTURE);

let cached: Promise<Map<string, CandleSeries>> | undefined;
export function sampleSeries(): Promise<Map<string, CandleSeries>> {
  cached ??= readCandleDir(SAMPLE_DIR);
  return cached;
}

export interface Harness {
  readonly name: string;
  readonly port: ExchangePort;
  readonly engine: MatchingEngine;
  readonly quotes: CandleQuotes;
  readonly clock: ManualClock;
  /** The exchange's account id in the engine. */
  readonly account: string;
  readonly instruments: ReadonlyMap<string, Instrument>;
  close(): Promise<void>;
}

export async function simulatedHarness(start = T0): Promise<Harness> {
  const series = await sampleSeries();
  const instruments = instrumentsOf({
    ...exchangeInfo,
    TradePairs: tradePairsForCoins(exchangeInfo, series),
  });
  const clock = new ManualClock(start);
  const quotes = new CandleQuotes(series, instruments, { start, origin: start, speed: 1 });
  const engine = new MatchingEngine({ instruments, quotes, fees: ROOSTOO_FEES, now: start });
  const port = new SimulatedExchange({ engine, clock, account: API_KEY, startingWallet: { USD: 50_000 } });
  return {
    name: 'simulated',
    port,
    engine,
    quotes,
    clock,
    account: API_KEY,
    instruments,
    close: async () => {},
  };
}

export interface ServerHarnessOptions {
  readonly start?: number;
  readonly faults?: FaultOptions;
  readonly client?: Partial<RoostooClientOptions>;
  readonly stateFile?: string;
  readonly serverCallsPerMinute?: number | null;
  /** Resume the replay from the state file instead of starting at `start`. */
  readonly resume?: boolean;
}

export interface ServerHarness extends Harness {
  readonly client: RoostooClient;
  readonly local: LocalExchange;
  /** A second client for the same account (another process, a restart). */
  newClient(extra?: Partial<RoostooClientOptions>): RoostooClient;
}

export async function serverHarness(opts: ServerHarnessOptions = {}): Promise<ServerHarness> {
  const start = opts.start ?? T0;
  const clock = new ManualClock(start);
  const local = await startLocalExchange({
    dataDir: SAMPLE_DIR,
    series: await sampleSeries(),
    exchangeInfo,
    accounts: [{ apiKey: API_KEY, secret: new Secret(SECRET), usd: 50_000 }],
    clock,
    speed: 1,
    start: opts.resume === true ? undefined : start,
    stateFile: opts.stateFile,
    faults: opts.faults,
    callsPerMinute: opts.serverCallsPerMinute ?? null,
  });
  const newClient = (extra: Partial<RoostooClientOptions> = {}): RoostooClient =>
    new RoostooClient({
      baseUrl: local.server.url,
      timeoutMs: 2_000,
      apiKey: new Secret(API_KEY),
      secretKey: new Secret(SECRET),
      clock,
      callsPerMinute: 25,
      ordersPerMinute: null,
      timestampWindowMs: 60_000,
      sleep: (ms) => {
        if (ms > 0) clock.advance(ms);
        return Promise.resolve();
      },
      random: seededRandom(7),
      ...opts.client,
      ...extra,
    });
  const client = newClient();
  return {
    name: 'client → local server',
    port: client,
    client,
    newClient,
    engine: local.engine,
    quotes: local.quotes,
    clock,
    account: API_KEY,
    instruments: local.instruments,
    local,
    close: () => local.close(),
  };
}
