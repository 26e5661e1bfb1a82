// Risk parameters. All but `recoveryRatio` map one-to-one onto the config's `risk` section; `recoveryRatio` is
// fixed a priori (docs/strategy.md, "Portfolio and risk").
export interface DrawdownParams {
  /** Drawdown from peak equity (fraction) at which exposure is scaled by softExposure. */
  readonly soft: number;
  readonly softExposure: number;
  /** Drawdown at which exposure is scaled by hardExposure; > soft. */
  readonly hard: number;
  readonly hardExposure: number;
  /**
   * Recovery band: a level entered at drawdown d is left only once the drawdown is below recoveryRatio × d
   * (soft 5 % → back to full exposure below 2.5 %; hard 10 % → back to soft below 5 %).
   */
  readonly recoveryRatio: number;
}

export interface RiskParams {
  /** Bars of the ATR (Wilder) that sets the stop distances; computed by the caller. */
  readonly atrBars: number;
  /** Initial stop at entry − stopAtrMultiple × ATR. */
  readonly stopAtrMultiple: number;
  /** The trailing stop arms once the highest price is trailArmAtr × ATR above entry. */
  readonly trailArmAtr: number;
  /** Once armed, the stop trails the highest price by trailAtrMultiple × ATR. */
  readonly trailAtrMultiple: number;
  /** A position is closed once its loss reaches this fraction of equity (equity when it was sized). */
  readonly maxLossPerPosition: number;
  readonly drawdown: DrawdownParams;
  /** No re-entry into a coin for this long after it was stopped out. */
  readonly cooldownMs: number;
}

export const DEFAULT_RISK_PARAMS: RiskParams = {
  atrBars: 14,
  stopAtrMultiple: 1.3,
  trailArmAtr: 0.8,
  trailAtrMultiple: 1.3,
  maxLossPerPosition: 0.0175,
  drawdown: { soft: 0.05, softExposure: 0.5, hard: 0.1, hardExposure: 0.2, recoveryRatio: 0.5 },
  cooldownMs: 12 * 3_600_000,
};

/** Throws a RangeError naming the first parameter out of range (the config schema checks the same ranges). */
export function checkRiskParams(p: RiskParams): void {
  const fail = (key: string, v: number, what: string): never => {
    throw new RangeError(`risk.${key} must be ${what}, not ${v}`);
  };
  if (!(Number.isInteger(p.atrBars) && p.atrBars >= 1)) fail('atrBars', p.atrBars, 'an integer ≥ 1');
  if (!(p.stopAtrMultiple > 0)) fail('stopAtrMultiple', p.stopAtrMultiple, '> 0');
  if (!(p.trailArmAtr > 0)) fail('trailArmAtr', p.trailArmAtr, '> 0');
  if (!(p.trailAtrMultiple > 0)) fail('trailAtrMultiple', p.trailAtrMultiple, '> 0');
  if (!(p.maxLossPerPosition > 0 && p.maxLossPerPosition <= 1))
    fail('maxLossPerPosition', p.maxLossPerPosition, 'in (0, 1]');
  const d = p.drawdown;
  if (!(d.soft > 0 && d.soft < 1)) fail('drawdown.soft', d.soft, 'in (0, 1)');
  if (!(d.hard > d.soft && d.hard <= 1)) fail('drawdown.hard', d.hard, `in (soft (${d.soft}), 1]`);
  if (!(d.softExposure >= 0 && d.softExposure <= 1))
    fail('drawdown.softExposure', d.softExposure, 'in [0, 1]');
  if (!(d.hardExposure >= 0 && d.hardExposure < d.softExposure))
    fail('drawdown.hardExposure', d.hardExposure, `in [0, softExposure (${d.softExposure}))`);
  if (!(d.recoveryRatio >= 0 && d.recoveryRatio <= 1))
    fail('drawdown.recoveryRatio', d.recoveryRatio, 'in [0, 1]');
  if (!(Number.isInteger(p.cooldownMs) && p.cooldownMs >= 0))
    fail('cooldownMs', p.cooldownMs, 'an integer ≥ 0');
}
