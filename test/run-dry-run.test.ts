// dry_run: true runs the whole bot on the exchange's real prices and sends no order: orders are simulated in-process
// and logged as such. Against a local exchange, its order book for the account must stay empty while the bot's
// state database records orders and fills.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunHarness, type RunHarness } from './helpers/run-harness.js';

describe('algobot run with dry_run: true', () => {
  let h: RunHarness;
  beforeAll(async () => {
    h = await startRunHarness({
      speed: 3600,
      editConfig: (t) => t.replace(/^dry_run: false$/m, 'dry_run: true'),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('trades on the real prices, sends nothing, and says its orders are simulated', async () => {
    const until = String(Math.round(h.marketNow() + 30 * 3_600_000));
    const bot = h.spawnBot(['--to', until]);
    const exit = await bot.exited;
    expect(exit.code, bot.output()).toBe(0);
    expect(bot.output()).toContain('(dry run: no order is sent)');
    expect(bot.output()).toContain('note=dry run: simulated, not sent');
    // Nothing reached the exchange: no order, and the wallet is untouched.
    expect(h.exchangeOrders()).toHaveLength(0);
    expect(h.exchangeBalances().get('USD')).toEqual({ asset: 'USD', free: 50_000, locked: 0 });
    // The bot did trade, in its simulation.
    const store = h.openStore();
    try {
      const placed = store.orders().filter((o) => o.outcome === 'placed');
      expect(placed.length).toBeGreaterThan(0);
      expect(store.fills().length).toBeGreaterThan(0);
    } finally {
      store.close();
    }
    const json = h.readStateJson();
    expect(json?.dryRun).toBe(true);
  }, 120_000);
});
