import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_PARAMS as P } from './params.js';
import {
  checkBar,
  exitLevel,
  openStop,
  resizeStop,
  type Bar,
  type PositionStop,
  type StopCheck,
} from './stops.js';

const bar = (time: number, open: number, high: number, low: number, close = open): Bar => ({
  time,
  open,
  high,
  low,
  close,
});

function survive(c: StopCheck): PositionStop {
  if (c.kind !== 'open') throw new Error(`expected the position to survive, got ${c.reason} at ${c.price}`);
  return c.state;
}

// Entry 100, ATR 2, 10 coins on 100 000 of equity: loss limit 100 − 0.0175·100000/10 = −75 (out of reach), so
// only the ATR stops act. Initial stop 100 − 1.3·2 = 97.4; arming at 100 + 0.8·2 = 101.6; trail 1.3·2 = 2.6.
const entry = { price: 100, quantity: 10, atr: 2, equity: 100_000 };

describe('ATR stops, by hand', () => {
  it('starts at entry − 1.3 ATR, arms after +0.8 ATR, trails the high by 1.3 ATR and is never lowered', () => {
    let s = openStop(entry, P);
    expect(s.stop).toBeCloseTo(97.4, 12);
    expect(s.lossLimit).toBeCloseTo(-75, 12);

    s = survive(checkBar(s, bar(1, 100, 101, 99), P)); // high 101 < 101.6: not armed
    expect(s).toMatchObject({ armed: false, highest: 101 });
    expect(s.stop).toBeCloseTo(97.4, 12);

    s = survive(checkBar(s, bar(2, 100.5, 102, 100), P)); // 102 − 100 = 2 ≥ 1.6: armed, stop 102 − 2.6
    expect(s.armed).toBe(true);
    expect(s.stop).toBeCloseTo(99.4, 12);

    s = survive(checkBar(s, bar(3, 101, 101.5, 99.8), P)); // lower high: the stop stays
    expect(s.stop).toBeCloseTo(99.4, 12);

    s = survive(checkBar(s, bar(4, 101, 105, 100), P)); // new high 105: stop 102.4
    expect(s.stop).toBeCloseTo(102.4, 12);

    const hit = checkBar(s, bar(5, 103, 103.5, 102), P); // low 102 ≤ 102.4: out at the stop
    expect(hit).toMatchObject({ kind: 'exit', reason: 'trailing-stop', gapped: false, time: 5 });
    expect(hit.kind === 'exit' && hit.price).toBeCloseTo(102.4, 12);

    const gap = checkBar(s, bar(5, 101, 101.2, 100.5), P); // opened below the stop: out at the open
    expect(gap).toMatchObject({ kind: 'exit', reason: 'trailing-stop', gapped: true, price: 101 });
  });

  it('exits at the initial stop when the low reaches it', () => {
    const s = openStop(entry, P);
    const c = checkBar(s, bar(1, 99, 99.5, 97), P);
    expect(c).toMatchObject({ kind: 'exit', reason: 'initial-stop', gapped: false });
    expect(c.kind === 'exit' && c.price).toBeCloseTo(97.4, 12);
    // Touching exactly counts (low ≤ stop).
    expect(checkBar(s, bar(1, 99, 99.5, s.stop), P).kind).toBe('exit');
    expect(checkBar(s, bar(1, 99, 99.5, 97.41), P).kind).toBe('open');
  });

  it('does not let a bar raise the stop and hit it at once (low assumed first)', () => {
    const s = openStop(entry, P);
    // High 104 would arm and lift the stop to 101.4, and the low 100 is below that; but the low is checked
    // against the stop before the bar (97.4): the position survives, with the new stop for the next bar.
    const after = survive(checkBar(s, bar(1, 100.5, 104, 100), P));
    expect(after.stop).toBeCloseTo(101.4, 12);
    expect(checkBar(after, bar(2, 101, 102, 101.3), P)).toMatchObject({
      kind: 'exit',
      reason: 'trailing-stop',
    });
  });

  it('closes a position once it has lost max_loss_per_position of equity', () => {
    // 1000 coins at 100 on 200 000 of equity: loss limit 100 − 0.0175·200000/1000 = 96.5, above the ATR stop
    // 100 − 1.3·5 = 93.5. Exiting at 96.5 loses 3 500 = 1.75 % of 200 000.
    const s = openStop({ price: 100, quantity: 1000, atr: 5, equity: 200_000 }, P);
    expect(s.lossLimit).toBeCloseTo(96.5, 12);
    const c = checkBar(s, bar(1, 99, 99, 96), P);
    expect(c).toMatchObject({ kind: 'exit', reason: 'max-loss', gapped: false });
    expect(c.kind === 'exit' && (100 - c.price) * 1000).toBeCloseTo(0.0175 * 200_000, 9);
    expect(checkBar(s, bar(1, 95, 95, 94), P)).toMatchObject({ kind: 'exit', reason: 'max-loss', price: 95 });
  });

  it('without an ATR (NaN: not warmed up) keeps the loss limit: exits at it, or at the open on a gap', () => {
    // 100 coins at 100 on 50 000 of equity: loss limit 100 − 0.0175·50000/100 = 91.25. No ATR stop.
    for (const atr of [NaN, Infinity, -Infinity, 0, -1]) {
      const s = openStop({ price: 100, quantity: 100, atr, equity: 50_000 }, P);
      expect(s.lossLimit).toBeCloseTo(91.25, 12);
      expect(exitLevel(s)).toEqual({ level: s.lossLimit, reason: 'max-loss' });
      expect(checkBar(s, bar(1, 99, 99.5, 91.3), P).kind).toBe('open');
      const hit = checkBar(s, bar(1, 99, 99.5, 90), P);
      expect(hit).toMatchObject({ kind: 'exit', reason: 'max-loss', gapped: false, price: s.lossLimit });
      const gap = checkBar(s, bar(1, 80, 85, 79), P);
      expect(gap).toMatchObject({ kind: 'exit', reason: 'max-loss', gapped: true, price: 80 });
      // Surviving bars, a rally included, neither arm a trail nor lose the limit.
      let t = survive(checkBar(s, bar(1, 100, 150, 99), P));
      t = survive(checkBar(t, bar(2, 140, 140, 92), P));
      expect(t.armed).toBe(false);
      expect(exitLevel(t).level).toBeCloseTo(91.25, 12);
      // A resize re-bases the limit and still has no ATR stop.
      const r = resizeStop(t, 200, 100, 50_000, P);
      expect(exitLevel(r)).toMatchObject({ reason: 'max-loss' });
      expect(exitLevel(r).level).toBeCloseTo(100 - 875 / 200, 12);
      expect(checkBar(r, bar(3, 96, 96, 95), P)).toMatchObject({
        kind: 'exit',
        reason: 'max-loss',
        price: 95.625,
      });
    }
  });

  it('moves the entry to the average cost on an addition and re-bases the loss limit', () => {
    const s = openStop(entry, P);
    const bigger = resizeStop(s, 20, 110, 100_000, P); // 10 more at 110: average 105
    expect(bigger.entryPrice).toBeCloseTo(105, 12);
    expect(bigger.lossLimit).toBeCloseTo(105 - 1750 / 20, 12);
    expect(bigger.stop).toBe(s.stop);
    const smaller = resizeStop(bigger, 5, 120, 100_000, P);
    expect(smaller.entryPrice).toBe(bigger.entryPrice);
    expect(smaller.quantity).toBe(5);
  });
});

describe('ATR stops, properties', () => {
  const pathArb = fc.array(
    fc.record({
      o: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
      up: fc.double({ min: 0, max: 0.04, noNaN: true }),
      down: fc.double({ min: 0, max: 0.04, noNaN: true }),
    }),
    { minLength: 1, maxLength: 60 },
  );

  // NaN: an ATR not warmed up at entry.
  const atrArb = fc.oneof(fc.double({ min: 0.2, max: 5, noNaN: true }), fc.constant(NaN));

  it('the stop never falls; an exit happens exactly when low ≤ level, at min(open, level)', () => {
    fc.assert(
      fc.property(pathArb, atrArb, fc.constantFrom(10_000, 2_000), (moves, atr, equity) => {
        // Equity 2 000: loss limit 96.5, in reach of the path (and above many ATR stops).
        let s = openStop({ price: 100, quantity: 10, atr, equity }, P);
        let price = 100;
        for (const [t, m] of moves.entries()) {
          const open = price * (1 + m.o);
          const b = bar(t, open, open * (1 + m.up), open * (1 - m.down));
          // Without an ATR stop the loss limit alone (never NaN: a position always has a limit).
          const level = Number.isNaN(s.stop) ? s.lossLimit : Math.max(s.stop, s.lossLimit);
          expect(level).not.toBeNaN();
          const c = checkBar(s, b, P);
          if (c.kind === 'exit') {
            expect(b.low).toBeLessThanOrEqual(level);
            expect(c.price).toBe(Math.min(b.open, level));
            expect(c.price).toBeGreaterThanOrEqual(b.low);
            return;
          }
          expect(b.low).toBeGreaterThan(level);
          if (!Number.isNaN(s.stop)) expect(c.state.stop).toBeGreaterThanOrEqual(s.stop);
          expect(c.state.highest).toBeGreaterThanOrEqual(s.highest);
          s = c.state;
          price = b.close;
        }
      }),
    );
  });
});
