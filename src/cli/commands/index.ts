// Every command of the CLI, declared in one place so `algobot --help` lists them all. Handlers are imported
// lazily: a command pays only for the modules it uses (ccxt alone takes longer to load than the rest).
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { CommandContext } from '../context.js';

export const DEFAULT_CONFIG = 'config/config.yaml';

type SetExit = (code: number) => void;

function positiveInt(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) <= 0) {
    throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  }
  return Number(value);
}

function nonNegativeInt(value: string): number {
  if (!/^[0-9]+$/.test(value)) throw new InvalidArgumentError(`expected an integer ≥ 0, got "${value}"`);
  return Number(value);
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  }
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const configOption = (): Option =>
  new Option('-c, --config <file>', 'configuration file').default(DEFAULT_CONFIG);

export function registerCommands(program: Command, ctx: CommandContext, setExit: SetExit): void {
  program
    .command('run')
    .description('trade: live on Roostoo or paper on the local exchange, as the config says')
    .addOption(configOption())
    .option(
      '--local-exchange',
      'start a local exchange replaying data.dir and paper-trade on it (no keys needed)',
    )
    .option(
      '--speed <x>',
      'with --local-exchange: market seconds per wall second (default 1)',
      positiveNumber,
    )
    .option(
      '--from <date>',
      'with --local-exchange: market time the replay starts at (default: 7 days before the data ends)',
    )
    .option(
      '--to <date>',
      'stop once market time reaches this (with --local-exchange, default: the end of the data)',
    )
    .option(
      '--follow-replay',
      'follow the replay clock of the local exchange at base_url (faster than real time)',
    )
    .action(
      async (opts: {
        config: string;
        localExchange?: boolean;
        speed?: number;
        from?: string;
        to?: string;
        followReplay?: boolean;
      }) => {
        const { run } = await import('./run.js');
        setExit(await run(ctx, opts));
      },
    );

  program
    .command('status')
    .description('print equity, drawdown, regime, positions and orders from the state database')
    .addOption(configOption())
    .option('--json', 'print the status as JSON')
    .action(async (opts: { config: string; json?: boolean }) => {
      const { status } = await import('./status.js');
      setExit(await status(ctx, opts));
    });

  program
    .command('kill')
    .description('kill switch: the running bot cancels its orders, sells every position and stops')
    .addOption(configOption())
    .option('--reason <text>', 'written into the kill file')
    .action(async (opts: { config: string; reason?: string }) => {
      const { kill } = await import('./kill.js');
      setExit(await kill(ctx, opts));
    });

  program
    .command('backtest')
    .description('replay stored candles through the engine and write a report')
    .addOption(configOption())
    .option('--data <dir>', 'candle directory (default: data.dir from the config)')
    .option('--from <date>', 'first decision time (UTC)')
    .option('--to <date>', 'last decision time (UTC)')
    .option('--out <dir>', 'output directory (default: var/backtest)')
    .option(
      '--walk-forward',
      'train the models per training fold on earlier data only and backtest each fold with them (out of sample; models.dir is not read)',
    )
    .action(
      async (opts: {
        config: string;
        data?: string;
        from?: string;
        to?: string;
        out?: string;
        walkForward?: boolean;
      }) => {
        const { backtest } = await import('./backtest.js');
        setExit(await backtest(ctx, opts));
      },
    );

  program
    .command('train')
    .description('build the 6h and 24h models from candles, with walk-forward validation')
    .addOption(configOption())
    .option('--data <dir>', 'candle directory (default: data.dir from the config)')
    .option('--from <date>', 'first decision time (UTC)')
    .option('--to <date>', 'last decision time (UTC)')
    .option('--out <dir>', 'output directory for the models and the model card')
    .action(async (opts: { config: string; data?: string; from?: string; to?: string; out?: string }) => {
      const { train } = await import('./train.js');
      setExit(await train(ctx, opts));
    });

  program
    .command('features')
    .description('export the feature matrix the models are trained on, as CSV')
    .addOption(configOption())
    .option('--data <dir>', 'candle directory (default: data.dir from the config)')
    .option('--from <date>', 'first decision time (UTC)')
    .option('--to <date>', 'last decision time (UTC)')
    .requiredOption('--out <file>', 'output CSV file')
    .action(async (opts: { config: string; data?: string; from?: string; to?: string; out: string }) => {
      const { featuresExport } = await import('./features-export.js');
      setExit(await featuresExport(ctx, opts));
    });

  const data = program.command('data').description('historical candles: download and check');

  data
    .command('check')
    .description('check candle files: range, rows, gaps, duplicates, order, OHLC sanity, prices')
    .argument('<dir>', 'directory of <COIN>-USDT_<interval>.csv[.gz] files (or one file)')
    .option('--allow-gaps', 'report missing bars as warnings instead of failures')
    .action(async (dir: string, opts: { allowGaps?: boolean }) => {
      const { dataCheck } = await import('./data-check.js');
      setExit(await dataCheck(ctx, dir, { allowGaps: opts.allowGaps === true }));
    });

  data
    .command('download')
    .description('download Binance spot candles into the same file format (resumable)')
    .requiredOption('--pairs <coins>', 'comma-separated coins, e.g. BTC,ETH,SOL')
    .option('--interval <interval>', 'candle interval (1m, 5m, 15m, 1h, 4h, 1d)', '1h')
    .option('--days <n>', 'how many days of history, counted back from now', positiveInt, 180)
    .requiredOption('--out <dir>', 'output directory')
    .option('--base-url <url>', 'Binance REST base URL (for tests and mirrors)')
    .action(
      async (opts: { pairs: string; interval: string; days: number; out: string; baseUrl?: string }) => {
        const { dataDownload } = await import('./data-download.js');
        setExit(await dataDownload(ctx, opts));
      },
    );

  const model = program.command('model').description('LightGBM models: predict, inspect, fit');

  model
    .command('predict')
    .description('predict with a LightGBM text model on a CSV of features')
    .requiredOption('--model <file>', 'LightGBM model file (text format, version=v4)')
    .requiredOption('--input <csv>', 'CSV with a header naming the features')
    .option('--raw', 'raw scores, before the objective transform')
    .option('--leaf', 'leaf indices instead of predictions')
    .option('--start-iteration <n>', 'first iteration to use', nonNegativeInt)
    .option('--num-iteration <n>', 'number of iterations to use', positiveInt)
    .action(
      async (opts: {
        model: string;
        input: string;
        raw?: boolean;
        leaf?: boolean;
        startIteration?: number;
        numIteration?: number;
      }) => {
        const { modelPredict } = await import('./model-predict.js');
        setExit(await modelPredict(ctx, opts));
      },
    );

  model
    .command('info')
    .description('print a model: objective, trees, classes, feature importance, parameters')
    .argument('<file>', 'LightGBM model file')
    .action(async (file: string) => {
      const { modelInfo } = await import('./model-info.js');
      setExit(await modelInfo(ctx, file));
    });

  model
    .command('fit')
    .description('train a gradient-boosted tree model on a CSV (LightGBM parameter names)')
    .requiredOption('--input <csv>', 'training CSV with a header')
    .requiredOption('--label <column>', 'label column')
    .option('--param <key=value>', 'a LightGBM parameter (repeatable)', collect, [])
    .option('--valid <csv>', 'validation CSV (same columns), for early_stopping_round')
    .requiredOption('--out <file>', 'output model file')
    .action(async (opts: { input: string; label: string; param: string[]; out: string; valid?: string }) => {
      const { modelFit } = await import('./model-fit.js');
      setExit(await modelFit(ctx, opts));
    });

  const exchange = program.command('exchange').description('the local Roostoo-compatible exchange');

  exchange
    .command('serve')
    .description('serve the Roostoo v3 API locally, replaying real candles as tickers')
    .option('--port <n>', 'TCP port', positiveInt, 8787)
    .option('--data <dir>', 'candle directory to replay (default: the bundled sample)')
    .option('--speed <n>', 'replay speed: market seconds per wall-clock second', positiveNumber, 1)
    .option('--start <date>', 'market time to start the replay at (UTC)')
    .option(
      '--accounts <file>',
      'JSON accounts [{"api_key","secret","usd"}] (default: one for ROOSTOO_API_KEY)',
    )
    .option('--state <file>', 'state file, written after every change', 'var/local-exchange.json')
    .action(
      async (opts: {
        port: number;
        data?: string;
        speed: number;
        start?: string;
        accounts?: string;
        state: string;
      }) => {
        const { exchangeServe } = await import('./exchange-serve.js');
        setExit(await exchangeServe(ctx, opts));
      },
    );

  program
    .command('doctor')
    .description('check the config, data, models, keys and exchange, and print a checklist')
    .addOption(configOption())
    .action(async (opts: { config: string }) => {
      const { doctor } = await import('./doctor.js');
      setExit(await doctor(ctx, opts));
    });
}
