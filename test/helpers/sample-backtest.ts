// The bundled sample backtest, loaded once per test file: config/config.yaml on data/sample/1h with the fallback
// scorer (no model files are read), as `algobot backtest` runs it.
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { universeCoins } from '../../src/config/universe.js';
import { readCandleDir } from '../../src/data/candle-file.js';
import type { CandleSeries } from '../../src/data/candles.js';
import { readExchangeInfoFile } from '../../src/exchange/server/trade-pairs.js';
import type { ExchangeInfo } from '../../src/exchange/wire/exchange-info.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SampleInputs {
  readonly config: Config;
  readonly decision: Map<string, CandleSeries>;
  readonly exchangeInfo: ExchangeInfo;
}

export async function sampleInputs(): Promise<SampleInputs> {
  const { config } = await loadConfig(`${ROOT}config/config.yaml`, { env: {}, cwd: ROOT });
  const decision = await readCandleDir(`${ROOT}data/sample/1h`, {
    interval: '1h',
    coins: universeCoins(config).map((u) => u.coin),
  });
  return { config, decision, exchangeInfo: readExchangeInfoFile(`${ROOT}data/roostoo/exchangeInfo.json`) };
}
