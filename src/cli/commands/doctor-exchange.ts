// Doctor check of the exchange: reachable, clock in step, running, and every universe coin tradable.
// Live mode fails on any of these. Paper mode only warns when the exchange cannot be reached (the local
// exchange may simply not be started yet), but a reachable exchange that is wrong is still a failure.
import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { Config } from '../../config/schema.js';
import { universeCoins } from '../../config/universe.js';
import { ExchangeRequestError, RoostooPublicApi } from '../../exchange/roostoo/public-api.js';
import type { ClockProbe } from '../../exchange/roostoo/public-api.js';
import { fail, ok, skip, warn } from './doctor-report.js';
import type { CheckResult } from './doctor-report.js';

/** Above this offset the clock is suspect even though requests still pass the server's window. */
export const CLOCK_WARN_MS = 5_000;

const QUOTE = 'USD';

export interface ExchangeCheckDeps {
  readonly clock: Clock;
  readonly fetch?: typeof globalThis.fetch;
}

export async function checkExchange(config: Config, deps: ExchangeCheckDeps): Promise<CheckResult[]> {
  const { mode, exchange } = config;
  if (mode === 'backtest') return [skip('exchange', 'not used in backtest mode')];
  const api = new RoostooPublicApi({
    baseUrl: exchange.base_url,
    timeoutMs: exchange.request_timeout_ms,
    fetch: deps.fetch,
  });

  let probe: ClockProbe;
  try {
    probe = await api.probeClock(deps.clock);
  } catch (err) {
    return [unreachable(mode, err)];
  }
  const results: CheckResult[] = [clockResult(probe, exchange.base_url, exchange.timestamp_window_ms)];

  let info;
  try {
    info = await api.exchangeInfo();
  } catch (err) {
    return [...results, fail('exchange info', errorMessage(err))];
  }
  results.push(
    info.IsRunning
      ? ok('exchange info', `running; ${Object.keys(info.TradePairs).length} pairs listed`)
      : fail('exchange info', 'IsRunning is false: the exchange is not accepting orders'),
  );

  const problems: string[] = [];
  const coins = universeCoins(config);
  for (const { coin } of coins) {
    const pair = info.TradePairs[`${coin}/${QUOTE}`];
    if (pair === undefined) problems.push(`${coin}/${QUOTE} is not listed`);
    else if (!pair.CanTrade) problems.push(`${coin}/${QUOTE} is listed but CanTrade is false`);
  }
  results.push(
    problems.length === 0
      ? ok('pairs', `all ${coins.length} universe coins tradable as COIN/${QUOTE}`)
      : fail('pairs', `${problems.length} of ${coins.length} universe coins cannot be traded`, [
          ...problems,
          'remove them from universe, or trade where they are listed',
        ]),
  );
  return results;
}

function unreachable(mode: Config['mode'], err: unknown): CheckResult {
  const why = errorMessage(err);
  const network = err instanceof ExchangeRequestError && (err.kind === 'network' || err.kind === 'timeout');
  if (mode === 'paper' && network) {
    return warn('exchange', `not reachable: ${why}`, [
      'paper mode needs it running: start the local one with `algobot exchange serve`',
    ]);
  }
  return fail('exchange', why);
}

function clockResult(p: ClockProbe, baseUrl: string, windowMs: number): CheckResult {
  const sign = p.offsetMs >= 0 ? '+' : '−';
  const offset = `${sign}${formatMs(Math.abs(p.offsetMs))}`;
  const detail = `${baseUrl} reachable in ${Math.round(p.roundTripMs)} ms; clock offset ${offset} (server − local)`;
  const abs = Math.abs(p.offsetMs);
  if (abs > windowMs) {
    return fail('exchange', detail, [
      `beyond the ${formatMs(windowMs)} timestamp window: requests would be rejected; fix the system clock (NTP)`,
    ]);
  }
  if (abs > CLOCK_WARN_MS) {
    return warn('exchange', detail, [`above ${formatMs(CLOCK_WARN_MS)}: check the system clock (NTP)`]);
  }
  return ok('exchange', `${detail}, within ${formatMs(windowMs)}`);
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
