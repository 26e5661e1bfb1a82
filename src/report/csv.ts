// The backtest's tables as CSV text: trades, orders (with their fills) and equity per decision bar. Numbers are
// written with String(x), the shortest text that reads back to the same double, so files are byte-stable.
import { isoUtc } from '../core/time.js';
import type { MemoryJournal } from '../engine/journal.js';

function num(x: number | undefined): string {
  return x === undefined || Number.isNaN(x) ? '' : String(x);
}

export function tradesCsv(j: MemoryJournal): string {
  const rows = ['entry_time,exit_time,coin,entry_value,cost,proceeds,pnl,return,exit_reason'];
  for (const t of j.trades) {
    rows.push(
      [
        isoUtc(t.entryTime),
        isoUtc(t.exitTime),
        t.coin,
        num(t.entryValue),
        num(t.cost),
        num(t.proceeds),
        num(t.pnl),
        num(t.pnl / t.entryValue),
        t.exitReason,
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}

/** One row per order sent (or refused), joined with its fill when it filled. */
export function ordersCsv(j: MemoryJournal): string {
  const fills = new Map(j.fills.map((f) => [f.orderId, f]));
  const cancels = new Map(j.cancels.map((c) => [c.orderId, c]));
  const rows = [
    'time,order_id,coin,side,type,reason,reprice,quantity,price,outcome,final,fill_time,fill_price,role,fee_usd,message',
  ];
  for (const o of j.orders) {
    const f = o.orderId === undefined ? undefined : fills.get(o.orderId);
    const c = o.orderId === undefined ? undefined : cancels.get(o.orderId);
    const final = f !== undefined ? 'FILLED' : c !== undefined ? `CANCELED:${c.why}` : (o.status ?? '');
    rows.push(
      [
        isoUtc(o.time),
        o.orderId === undefined ? '' : String(o.orderId),
        o.coin,
        o.side,
        o.type,
        o.reason,
        String(o.reprice),
        num(o.quantity),
        num(o.price),
        o.outcome,
        final,
        f === undefined ? '' : isoUtc(f.time),
        num(f?.price),
        f?.role ?? '',
        num(f?.feeUsd),
        JSON.stringify(o.message),
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}

export function equityCsv(j: MemoryJournal): string {
  const rows = ['time,equity,cash,invested,exposure,drawdown,regime'];
  for (const e of j.equities) {
    rows.push(
      [
        isoUtc(e.time),
        num(e.equity),
        num(e.cash),
        num(e.invested),
        num(e.invested / e.equity),
        num(e.drawdown),
        e.regime ?? 'warmup',
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}
