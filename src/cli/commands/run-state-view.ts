// What a running bot shows of itself after each cycle: state.json (written atomically, for people and tools) and
// the status line, both from the engine's state, the cycle's tickers and the wallet as last read.
import { isoUtc } from '../../core/time.js';
import type { Config } from '../../config/schema.js';
import { balanceTotal, type Balances } from '../../domain/market.js';
import type { Engine } from '../../engine/engine.js';
import { midOfTicker } from '../../engine/snapshot.js';
import type { CycleView } from '../../live/trader.js';
import { UNIT } from '../engine-factory.js';

export interface StateJson {
  readonly version: 1;
  readonly updated: string;
  readonly mode: string;
  readonly dryRun: boolean;
  readonly exchange: string;
  readonly trading: boolean;
  readonly refusal: string;
  readonly regime: string;
  readonly equity: number | null;
  readonly cash: number | null;
  readonly peakEquity: number | null;
  readonly drawdown: number | null;
  readonly lastBar: string | null;
  readonly lastDecision: string | null;
  readonly balances: Record<string, { free: number; locked: number }>;
  readonly positions: readonly {
    coin: string;
    quantity: number;
    price: number | null;
    value: number | null;
    entry: number | null;
    stop: number | null;
    lossLimit: number | null;
    trailing: boolean;
  }[];
  readonly openOrders: readonly {
    id: number;
    pair: string;
    side: string;
    type: string;
    quantity: number;
    price: number;
    placedAt: string;
  }[];
  readonly cycles: number;
  readonly decisions: number;
}

const orNull = (x: number | undefined): number | null => (x === undefined || !Number.isFinite(x) ? null : x);

export function stateJson(
  config: Config,
  engine: Engine,
  view: CycleView,
  balances: Balances | undefined,
  exchange: string,
): StateJson {
  const st = engine.state();
  const price = (coin: string): number => midOfTicker(view.tickers?.get(`${coin}/${UNIT}`));
  let equity: number | undefined;
  let cash: number | undefined;
  const bal: Record<string, { free: number; locked: number }> = {};
  if (balances !== undefined) {
    cash = balanceTotal(balances.get(UNIT));
    equity = cash;
    for (const [asset, b] of balances) {
      bal[asset] = { free: b.free, locked: b.locked };
      if (asset !== UNIT && balanceTotal(b) > 0) {
        const p = price(asset);
        if (Number.isFinite(p)) equity += balanceTotal(b) * p;
      }
    }
  }
  const peak = Math.max(st.drawdown.peak, equity ?? -Infinity);
  return {
    version: 1,
    updated: isoUtc(view.time),
    mode: config.mode,
    dryRun: config.dry_run,
    exchange,
    trading: view.trading,
    refusal: view.refusal,
    regime: engine.market.regime ?? 'warm-up',
    equity: orNull(equity),
    cash: orNull(cash),
    peakEquity: orNull(peak),
    drawdown: equity === undefined || !(peak > 0) ? null : 1 - equity / peak,
    lastBar: view.lastBar === undefined ? null : isoUtc(view.lastBar),
    lastDecision: st.lastDecision === undefined ? null : isoUtc(st.lastDecision),
    balances: bal,
    // A position is what the book trades (a stop or an open round trip); dust a maker fee left behind is not.
    positions: st.positions
      .filter((p) => p.quantity > 0 && (p.stop !== undefined || p.trade !== undefined))
      .map((p) => {
        const px = price(p.coin);
        return {
          coin: p.coin,
          quantity: p.quantity,
          price: orNull(px),
          value: orNull(p.quantity * px),
          entry: orNull(p.stop?.entryPrice),
          stop: orNull(p.stop?.stop),
          lossLimit: orNull(p.stop?.lossLimit),
          trailing: p.stop?.armed ?? false,
        };
      }),
    openOrders: st.resting.map((r) => ({
      id: r.id,
      pair: r.pair,
      side: r.side,
      type: r.type,
      quantity: r.quantity,
      price: r.price,
      placedAt: isoUtc(r.placedAt),
    })),
    cycles: view.cycles,
    decisions: view.decisions,
  };
}

export function statusLine(s: StateJson): string {
  const money = (x: number | null): string => (x === null ? '-' : x.toFixed(2));
  const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(2)}%`);
  const held = s.positions
    .map((p) => `${p.coin} ${s.equity !== null && p.value !== null ? pct(p.value / s.equity) : '?'}`)
    .join(', ');
  return [
    `${s.updated.slice(0, 16).replace('T', ' ')}`,
    `equity ${money(s.equity)}`,
    `dd ${pct(s.drawdown)}`,
    `regime ${s.regime}`,
    `positions ${s.positions.length}${held === '' ? '' : ` (${held})`}`,
    `pending ${s.openOrders.length}`,
    s.trading ? 'trading' : `NOT TRADING: ${s.refusal}`,
  ].join(' | ');
}
