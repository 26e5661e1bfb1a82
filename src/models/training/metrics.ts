// How good a score is at ranking assets, measured the way it will be traded: per decision time across the
// assets (cross-sectional), then averaged over time. All figures come from rows the caller selects (a fold's test
// rows, or its training rows for the in-sample figure), sorted by decision time.
//
// - IC / rank IC: Pearson / Spearman correlation of score and realised target across the assets of one decision
//   time (at least MIN_ASSETS of them), averaged over decision times.
// - ICIR: mean rank IC / its standard deviation over decision times (per period, not annualised).
// - t-stat: of the mean rank IC over non-overlapping decision times only (spaced a horizon apart), because
//   consecutive hourly ICs of a 24h target share 23 hours of their label and are not independent.
// - hit rate: share of rows whose score and target fall on the same side of their decision time's mean.
// - market-timing IC: correlation over non-overlapping times of the mean score and the mean target; a
//   cross-sectional model is not asked to time the market, so this is reported apart.
// - top − bottom: at each non-overlapping time, the mean forward log return of the top fifth of assets by score
//   minus the bottom fifth, less a round-trip cost on the share of each leg that changed since the last time.
import { pearson, spearman } from '../../metrics/ic.js';

const MIN_ASSETS = 3;

export interface ScoreSummary {
  readonly ic: number;
  readonly rankIc: number;
  readonly icir: number;
  readonly tStat: number;
  /** Decision times with at least MIN_ASSETS scored assets. */
  readonly times: number;
  /** Of which non-overlapping (used for the t-stat, market timing and top − bottom). */
  readonly independentTimes: number;
  readonly hitRate: number;
  readonly marketIc: number;
  /** Mean per period (one horizon), log return. */
  readonly topBottomGross: number;
  readonly topBottomNet: number;
  /** Mean share of each leg replaced per period. */
  readonly turnover: number;
}

export interface EvaluationInput {
  /** Rows to evaluate (indices into the arrays below), ascending in time. */
  readonly rows: Int32Array;
  readonly time: Float64Array;
  /** Score of each row (index = row), NaN = not scored. */
  readonly score: Float64Array;
  readonly target: Float64Array;
  readonly forwardReturn: Float64Array;
  readonly asset: Uint16Array;
  readonly horizonMs: number;
  /** Cost of selling one unit and buying another, as a fraction (fees + slippage, both sides). */
  readonly roundTripCost: number;
}

function mean(x: readonly number[]): number {
  return x.length === 0 ? NaN : x.reduce((a, b) => a + b, 0) / x.length;
}

function sd(x: readonly number[]): number {
  if (x.length < 2) return NaN;
  const m = mean(x);
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
}

export function evaluateScores(e: EvaluationInput): ScoreSummary {
  const ics: number[] = [];
  const rankIcs: number[] = [];
  const indepRankIcs: number[] = [];
  const meanScores: number[] = [];
  const meanTargets: number[] = [];
  const gross: number[] = [];
  const net: number[] = [];
  const turns: number[] = [];
  let hits = 0;
  let hitTotal = 0;
  let lastIndependent = -Infinity;
  let prevTop = new Set<number>();
  let prevBottom = new Set<number>();
  const { rows } = e;
  for (let g = 0; g < rows.length;) {
    const t = e.time[rows[g] as number] as number;
    let end = g;
    while (end < rows.length && e.time[rows[end] as number] === t) end++;
    const group: number[] = [];
    for (let k = g; k < end; k++) {
      const r = rows[k] as number;
      if (Number.isFinite(e.score[r]) && Number.isFinite(e.target[r])) group.push(r);
    }
    g = end;
    if (group.length < MIN_ASSETS) continue;
    const s = group.map((r) => e.score[r] as number);
    const y = group.map((r) => e.target[r] as number);
    const ic = pearson(s, y);
    const ric = spearman(s, y);
    if (Number.isFinite(ic)) ics.push(ic);
    if (!Number.isFinite(ric)) continue;
    rankIcs.push(ric);
    const ms = mean(s);
    const my = mean(y);
    for (let i = 0; i < s.length; i++) {
      const a = Math.sign((s[i] as number) - ms);
      const b = Math.sign((y[i] as number) - my);
      if (a !== 0 && b !== 0) {
        hitTotal++;
        if (a === b) hits++;
      }
    }
    if (t < lastIndependent + e.horizonMs) continue;
    lastIndependent = t;
    indepRankIcs.push(ric);
    meanScores.push(ms);
    meanTargets.push(my);
    const k = Math.max(1, Math.floor(group.length / 5));
    const byScore = group.slice().sort((a, b) => (e.score[b] as number) - (e.score[a] as number));
    const top = byScore.slice(0, k);
    const bottom = byScore.slice(-k);
    const legReturn = (leg: number[]): number => mean(leg.map((r) => e.forwardReturn[r] as number));
    const topAssets = new Set(top.map((r) => e.asset[r] as number));
    const bottomAssets = new Set(bottom.map((r) => e.asset[r] as number));
    const changed = (now: Set<number>, before: Set<number>): number =>
      [...now].filter((a) => !before.has(a)).length / now.size;
    const turn = (changed(topAssets, prevTop) + changed(bottomAssets, prevBottom)) / 2;
    prevTop = topAssets;
    prevBottom = bottomAssets;
    const gr = legReturn(top) - legReturn(bottom);
    if (Number.isFinite(gr)) {
      gross.push(gr);
      net.push(gr - 2 * turn * e.roundTripCost);
      turns.push(turn);
    }
  }
  const tStat = (mean(indepRankIcs) / sd(indepRankIcs)) * Math.sqrt(indepRankIcs.length);
  return {
    ic: mean(ics),
    rankIc: mean(rankIcs),
    icir: mean(rankIcs) / sd(rankIcs),
    tStat,
    times: rankIcs.length,
    independentTimes: indepRankIcs.length,
    hitRate: hitTotal > 0 ? hits / hitTotal : NaN,
    marketIc: meanScores.length > 2 ? pearson(meanScores, meanTargets) : NaN,
    topBottomGross: mean(gross),
    topBottomNet: mean(net),
    turnover: mean(turns),
  };
}
