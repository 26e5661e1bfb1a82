import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { REGIMES, TIERS, type Regime, type Tier } from '../domain/universe.js';
import { constructPortfolio, type AssetView } from './construct.js';
import { CAP_BAND } from './hysteresis.js';
import { trades, type AssetDecision } from './decision.js';
import { portfolioParamsFromConfig } from './from-config.js';
import { DEFAULT_PORTFOLIO_PARAMS as P, checkPortfolioParams } from './params.js';

const EPS = 1e-12;

function view(
  asset: string,
  tier: Tier,
  alpha: number,
  volatility: number,
  current = 0,
  coolingDown = false,
  atr = 1,
) {
  return { asset, tier, alpha, volatility, current, coolingDown, atr } satisfies AssetView;
}

const byAsset = (ds: readonly AssetDecision[]) => new Map(ds.map((d) => [d.asset, d]));

describe('portfolioParamsFromConfig', () => {
  it('maps the shipped config onto exactly the documented defaults, which pass the checks', async () => {
    const { config } = await loadConfig('config/config.yaml', { env: {}, cwd: process.cwd() });
    const params = portfolioParamsFromConfig(config);
    expect(params).toEqual(P);
    expect(() => checkPortfolioParams(params)).not.toThrow();
  });
});

describe('constructPortfolio, by hand', () => {
  it('weights by (α/α_max)/σ within the caps and leaves the rest in cash', () => {
    // Down regime: budget 0.4, at most 4 coins. Raw weights: BTC 1/0.01 = 100, SOL 0.5/0.02 = 25, PEPE 1/0.04 = 25
    // → λ = 0.4/150: BTC 0.2667 → capped 0.15; 0.25 left over raw 50: SOL 0.125 → capped 0.10, PEPE 0.125 →
    // capped 0.05. Invested 0.30; the other 0.10 stays in cash. ETH has no edge, DOGE no score.
    const d = constructPortfolio(
      {
        regime: 'down',
        exposureScale: 1,
        assets: [
          view('BTC', 1, 0.004, 0.01),
          view('SOL', 2, 0.002, 0.02),
          view('PEPE', 3, 0.004, 0.04),
          view('ETH', 1, -0.001, 0.01),
          view('DOGE', 2, NaN, 0.02),
        ],
      },
      P,
    );
    const m = byAsset(d.assets);
    expect(d.budget).toBeCloseTo(0.4, 15);
    expect(m.get('BTC')).toMatchObject({ kind: 'enter', target: 0.15, weight: 0.15 });
    expect(m.get('SOL')).toMatchObject({ kind: 'enter', target: 0.1 });
    expect(m.get('PEPE')).toMatchObject({ kind: 'enter', target: 0.05 });
    expect(m.get('ETH')).toMatchObject({ kind: 'out', why: 'no-edge', weight: 0 });
    expect(m.get('DOGE')).toMatchObject({ kind: 'out', why: 'not-scorable' });
    expect(d.targetInvested).toBeCloseTo(0.3, 15);
  });

  it('scales every weight by the drawdown exposure scale after the caps', () => {
    const assets = [view('BTC', 1, 0.004, 0.01), view('ETH', 1, 0.004, 0.01)];
    const full = constructPortfolio({ regime: 'down', exposureScale: 1, assets }, P);
    const half = constructPortfolio({ regime: 'down', exposureScale: 0.5, assets }, P);
    // Both capped at 0.15 (budget 0.4 cannot be reached); halving must halve, not just shrink the budget.
    expect(full.targetInvested).toBeCloseTo(0.3, 15);
    expect(half.targetInvested).toBeCloseTo(0.15, 15);
    const none = constructPortfolio(
      { regime: 'down', exposureScale: 0, assets: [view('BTC', 1, 0.004, 0.01, 0.1)] },
      P,
    );
    expect(none.assets[0]).toMatchObject({ kind: 'exit', why: 'no-budget', weight: 0 });
  });

  it('keeps the top max_positions by alpha and says why the others are out', () => {
    const assets = [1, 2, 3, 4, 5, 6].map((k) => view(`C${k}`, 2, k / 1000, 0.02));
    const d = constructPortfolio({ regime: 'down', exposureScale: 1, assets }, P);
    const held = d.assets.filter((a) => a.target > 0).map((a) => a.asset);
    expect(held).toEqual(['C3', 'C4', 'C5', 'C6']);
    expect(byAsset(d.assets).get('C1')).toMatchObject({ kind: 'out', why: 'outranked' });
  });

  it('applies hysteresis: hold, resize, skip a small entry, exit whatever its size', () => {
    // Trend: budget 0.9, eight tier-2 coins at equal raw weight would get 0.1125 → all capped at 0.10.
    const base = [1, 2, 3, 4, 5, 6].map((k) => view(`C${k}`, 2, 0.003, 0.02));
    const d = constructPortfolio(
      {
        regime: 'trend',
        exposureScale: 1,
        assets: [
          ...base,
          view('HOLD', 2, 0.003, 0.02, 0.085), // 0.10 − 0.085 = 0.015 ≤ 0.02: hold
          view('GROW', 2, 0.003, 0.02, 0.05), // 0.05 → 0.10: resize
          view('GONE', 2, -0.001, 0.02, 0.005), // no edge: exit even though 0.005 < 0.02
          view('COOL', 1, 0.01, 0.01, 0, true), // best alpha, but cooling down: out
        ],
      },
      P,
    );
    const m = byAsset(d.assets);
    expect(m.get('HOLD')).toMatchObject({ kind: 'hold', target: 0.1, weight: 0.085 });
    expect(m.get('GROW')).toMatchObject({ kind: 'resize', target: 0.1, weight: 0.1 });
    expect(m.get('GONE')).toMatchObject({ kind: 'exit', why: 'no-edge', weight: 0 });
    expect(m.get('COOL')).toMatchObject({ kind: 'out', why: 'cooling-down' });

    // A tiny target for a coin not held: not worth the fees.
    const small = constructPortfolio(
      { regime: 'down', exposureScale: 0.04, assets: [view('BTC', 1, 0.004, 0.01)] },
      P,
    );
    expect(small.assets[0]).toMatchObject({ kind: 'skipped-below-threshold', weight: 0 });
    expect(small.assets[0]?.target).toBeCloseTo(0.006, 15);
  });

  it('does not enter a coin without a finite ATR (no stop could be set), but keeps one held', () => {
    // Down regime, two equal coins: 0.15 each with an ATR. Without one, NEW is out and OLD (held) is kept.
    for (const atr of [NaN, Infinity, 0, -1]) {
      const d = constructPortfolio(
        {
          regime: 'down',
          exposureScale: 1,
          assets: [
            view('NEW', 1, 0.004, 0.01, 0, false, atr),
            view('OLD', 1, 0.004, 0.01, 0.14, false, atr),
            view('BTC', 1, 0.004, 0.01),
          ],
        },
        P,
      );
      const m = byAsset(d.assets);
      expect(m.get('NEW')).toMatchObject({ kind: 'out', why: 'no-atr', target: 0, weight: 0 });
      expect(m.get('OLD')).toMatchObject({ kind: 'hold', target: 0.15, weight: 0.14 });
      expect(m.get('BTC')).toMatchObject({ kind: 'enter', target: 0.15 });
    }
  });

  it('never holds above a cap: a hold over its tier cap or over the tier-3 sleeve is resized down', () => {
    // Two tier-3 coins at 0.069, above their 0.05 cap, targets 0.05: within the threshold (0.019), but a cap is a
    // limit, not a target: both are resized to 0.05 (sleeve 0.10 ≤ 0.12).
    const capped = byAsset(
      constructPortfolio(
        {
          regime: 'trend',
          exposureScale: 1,
          assets: [view('PEPE', 3, 0.004, 0.04, 0.069), view('SUI', 3, 0.004, 0.04, 0.069)],
        },
        P,
      ).assets,
    );
    for (const c of ['PEPE', 'SUI']) {
      expect(capped.get(c)).toMatchObject({ kind: 'resize', forced: 'cap', target: 0.05, weight: 0.05 });
    }
    // Four equal tier-3 coins: 0.05 each would pass the 0.12 sleeve, so 0.03 each. Held at 0.045, 0.04, 0.03 and
    // 0.02, every one within the threshold of 0.03 and under its cap, but together 0.135: the largest excess
    // (A, 0.015) is resized, which is enough (0.12); the others hold.
    const sleeve = constructPortfolio(
      {
        regime: 'trend',
        exposureScale: 1,
        assets: [
          view('A', 3, 0.004, 0.04, 0.045),
          view('B', 3, 0.004, 0.04, 0.04),
          view('C', 3, 0.004, 0.04, 0.03),
          view('D', 3, 0.004, 0.04, 0.02),
        ],
      },
      P,
    );
    const m = byAsset(sleeve.assets);
    expect(m.get('A')).toMatchObject({ kind: 'resize', forced: 'sleeve', weight: m.get('A')?.target });
    expect(m.get('A')?.target).toBeCloseTo(0.03, 15);
    expect(m.get('B')).toMatchObject({ kind: 'hold', weight: 0.04 });
    expect(m.get('C')).toMatchObject({ kind: 'hold', weight: 0.03 });
    expect(m.get('D')).toMatchObject({ kind: 'hold', weight: 0.02 });
    expect(sleeve.invested).toBeLessThanOrEqual(P.tier3Sleeve + EPS);
  });
});

// Alphas from a small set so that ties (equal scores) occur often; NaN and non-positive values included.
const alphaArb = fc.constantFrom(NaN, -0.002, 0, 0.001, 0.002, 0.005, 0.01);
const volArb = fc.oneof(
  fc.constantFrom(NaN, 0, 0.01, 0.02),
  fc.double({ min: 0.001, max: 0.1, noNaN: true }),
);
const universeArb = fc
  .array(
    fc.record({
      tier: fc.constantFrom<Tier>(...TIERS),
      alpha: alphaArb,
      volatility: volArb,
      held: fc.double({ min: 0, max: 1, noNaN: true }),
      coolingDown: fc.boolean(),
      atr: fc.constantFrom(1, 1, 1, NaN),
    }),
    { maxLength: 16 },
  )
  .map((xs) => {
    // Current weights: a random book that sums to at most 1.
    const total = xs.reduce((a, x) => a + x.held, 0);
    return xs.map((x, i) =>
      view(
        `A${i}`,
        x.tier,
        x.alpha,
        x.volatility,
        x.held < 0.4 ? 0 : x.held / Math.max(1, total),
        x.coolingDown,
        x.atr,
      ),
    );
  });
const inputArb = fc.record({
  regime: fc.constantFrom<Regime>(...REGIMES),
  exposureScale: fc.constantFrom(1, 0.5, 0.2, 0),
  assets: universeArb,
  tilt: fc.constantFrom(0, 0.5, 1, 3),
});

describe('constructPortfolio, properties', () => {
  it('respects every cap, the sleeve, the buffer and the scale; fills the budget when the caps allow', () => {
    fc.assert(
      fc.property(inputArb, ({ tilt, ...input }) => {
        const p = { ...P, scoreTilt: tilt };
        const d = constructPortfolio(input, p);
        const s = input.exposureScale;
        let t3 = 0;
        let capRoom = 0;
        let t3Room = 0;
        let n = 0;
        d.assets.forEach((a, i) => {
          const v = input.assets[i] as AssetView;
          expect(a.target).toBeGreaterThanOrEqual(0);
          expect(a.weight).toBeGreaterThanOrEqual(0);
          expect(a.target).toBeLessThanOrEqual(p.maxPosition[v.tier] * s + EPS);
          if (a.target > 0) {
            n++;
            expect(v.alpha).toBeGreaterThan(p.minNetReturn);
            expect(v.coolingDown && v.current === 0).toBe(false);
            expect(Number.isNaN(v.atr) && v.current === 0).toBe(false);
            if (v.tier === 3) {
              t3 += a.target;
              t3Room += p.maxPosition[3];
            } else capRoom += p.maxPosition[v.tier];
          }
          // Only positive-alpha coins are held after the decision, too.
          if (a.weight > 0) expect(v.alpha).toBeGreaterThan(p.minNetReturn);
        });
        expect(n).toBeLessThanOrEqual(p.maxPositions[input.regime]);
        expect(t3).toBeLessThanOrEqual(p.tier3Sleeve * s + EPS);
        expect(d.targetInvested).toBeLessThanOrEqual((1 - p.cashBuffer[input.regime]) * s + EPS);
        // Water-filling invests the whole budget unless the selected coins' caps cannot hold it.
        const reachable = capRoom + Math.min(t3Room, p.tier3Sleeve);
        expect(d.targetInvested).toBeCloseTo(Math.min(1 - p.cashBuffer[input.regime], reachable) * s, 9);
      }),
    );
  });

  // Books held near the caps (within the threshold either side), tier 3 over-represented: the cases where a
  // hold could keep a weight above its cap or the tier-3 coins above the sleeve.
  const nearCapsArb = fc.record({
    regime: fc.constantFrom<Regime>(...REGIMES),
    exposureScale: fc.constantFrom(1, 1, 0.5),
    tilt: fc.constantFrom(0, 1),
    assets: fc
      .array(
        fc.record({
          tier: fc.constantFrom<Tier>(1, 2, 3, 3),
          alpha: fc.constantFrom(0.001, 0.002, 0.005, 0.01),
          volatility: fc.double({ min: 0.001, max: 0.1, noNaN: true }),
          held: fc.boolean(),
          offset: fc.double({ min: -0.025, max: 0.025, noNaN: true }),
        }),
        { minLength: 1, maxLength: 6 },
      )
      .map((xs) =>
        xs.map((x, i) =>
          view(
            `A${i}`,
            x.tier,
            x.alpha,
            x.volatility,
            x.held ? Math.max(0, P.maxPosition[x.tier] + x.offset) : 0,
          ),
        ),
      ),
  });

  it('keeps every weight after hysteresis within its tier cap and the tier-3 weights within the sleeve (+ the drift band)', () => {
    fc.assert(
      fc.property(fc.oneof(nearCapsArb, inputArb), ({ tilt, ...input }) => {
        const p = { ...P, scoreTilt: tilt };
        const d = constructPortfolio(input, p);
        const band = CAP_BAND * p.minWeightChange;
        let t3 = 0;
        d.assets.forEach((a, i) => {
          const v = input.assets[i] as AssetView;
          expect(a.weight).toBeLessThanOrEqual(p.maxPosition[v.tier] + band + EPS);
          // A new position or a resize goes to the target itself, which is within the cap.
          if (a.kind === 'enter' || a.kind === 'resize')
            expect(a.weight).toBeLessThanOrEqual(p.maxPosition[v.tier] + EPS);
          if (v.tier === 3) t3 += a.weight;
        });
        expect(t3).toBeLessThanOrEqual(p.tier3Sleeve + band + EPS);
      }),
      { numRuns: 500 },
    );
  });

  it('never trades less than min_weight_change except to exit or to get back within a cap', () => {
    fc.assert(
      fc.property(inputArb, ({ tilt, ...input }) => {
        const d = constructPortfolio(input, { ...P, scoreTilt: tilt });
        for (const a of d.assets) {
          const delta = Math.abs(a.weight - a.current);
          if (trades(a)) {
            if (a.kind === 'resize' && a.forced !== undefined) expect(a.weight).toBeLessThan(a.current);
            else if (a.kind !== 'exit') expect(delta).toBeGreaterThan(P.minWeightChange);
            expect(a.weight).toBe(a.target);
          } else {
            expect(a.weight).toBe(a.current);
            expect(Math.abs(a.target - a.current)).toBeLessThanOrEqual(P.minWeightChange);
          }
          if (a.kind === 'exit' || a.kind === 'out') expect(a.target).toBe(0);
        }
      }),
    );
  });

  it('with equal scores and tier, lower volatility never gets less; with equal volatility, higher alpha never less', () => {
    fc.assert(
      fc.property(inputArb, ({ tilt, ...input }) => {
        const d = constructPortfolio(input, { ...P, scoreTilt: tilt });
        const held = d.assets
          .map((a, i) => ({ a, v: input.assets[i] as AssetView }))
          .filter((x) => x.a.target > 0);
        for (const x of held) {
          for (const y of held) {
            if (x.v.tier !== y.v.tier) continue;
            if (x.v.alpha === y.v.alpha && x.v.volatility <= y.v.volatility)
              expect(x.a.target).toBeGreaterThanOrEqual(y.a.target - EPS);
            if (x.v.volatility === y.v.volatility && x.v.alpha >= y.v.alpha)
              expect(x.a.target).toBeGreaterThanOrEqual(y.a.target - EPS);
          }
        }
      }),
    );
  });

  it('does not depend on the order of the input', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), ({ tilt, ...input }, seed) => {
        const p = { ...P, scoreTilt: tilt };
        const shuffled = [...input.assets]
          .sort((a, b) => ((a.asset.length * 31 + seed) % 7) - ((b.asset.length * 17 + seed) % 5))
          .reverse();
        const a = byAsset(constructPortfolio(input, p).assets);
        const b = byAsset(constructPortfolio({ ...input, assets: shuffled }, p).assets);
        for (const [k, d] of a) expect(b.get(k)?.target).toBeCloseTo(d.target, 12);
      }),
    );
  });
});
