// The model card: what `algobot train` built, from what, and how it did out of sample next to simple baselines
// on the same folds. model-card.json is read back by the bot (models.require_oos_edge refuses a model whose
// `oos_edge` is false); model-card.md is the same for people.
import { isoUtc } from '../../core/time.js';
import { FEATURE_NAMES } from '../../features/feature-set.js';
import type { ScoreSummary } from './metrics.js';
import { lightGbmParameterLines } from './params.js';
import type { ModelReport, ValidationSettings } from './walk-forward.js';

export const MODEL_CARD_VERSION = 1;

export interface CardModel {
  readonly name: string;
  readonly file: string;
  readonly report: ModelReport;
}

export interface CardInput {
  readonly created: number;
  readonly dataDir: string;
  readonly interval: string;
  readonly coins: readonly string[];
  readonly from: number;
  readonly to: number;
  readonly rows: number;
  readonly settings: ValidationSettings;
  readonly models: readonly CardModel[];
}

const TARGET = 'ln(close[t+h] / close[t]) / (rvol_24[t] * sqrt(h))';

function round(x: number, digits = 5): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) : null;
}

function summary(s: ScoreSummary): Record<string, number | null> {
  return {
    ic: round(s.ic),
    rank_ic: round(s.rankIc),
    icir: round(s.icir),
    t_stat: round(s.tStat),
    decision_times: s.times,
    independent_times: s.independentTimes,
    hit_rate: round(s.hitRate),
    market_timing_ic: round(s.marketIc),
    top_minus_bottom_gross: round(s.topBottomGross),
    top_minus_bottom_net: round(s.topBottomNet),
    turnover: round(s.turnover),
  };
}

export function modelCardJson(c: CardInput): unknown {
  return {
    version: MODEL_CARD_VERSION,
    created: isoUtc(c.created),
    data: {
      dir: c.dataDir,
      interval: c.interval,
      coins: c.coins,
      from: isoUtc(c.from),
      to: isoUtc(c.to),
      rows: c.rows,
    },
    features: FEATURE_NAMES,
    validation: {
      scheme: c.settings.scheme,
      folds: c.settings.folds,
      embargo_bars: c.settings.embargoBars,
      rolling_window_bars: c.settings.scheme === 'rolling' ? c.settings.windowBars : null,
      round_trip_cost: c.settings.roundTripCost,
    },
    models: c.models.map(({ name, file, report: r }) => ({
      name,
      file,
      horizon_bars: r.spec.horizonBars,
      target: TARGET,
      demeaned_target: r.spec.demeanTarget,
      feature_transform: r.spec.featureTransform,
      parameters: Object.fromEntries(lightGbmParameterLines(c.settings.params)),
      trees: r.model.trees.length,
      oos_edge: r.oosEdge,
      verdict: r.verdict,
      out_of_sample: summary(r.outOfSample),
      in_sample_rank_ic: round(r.inSampleMeanRankIc),
      baselines: Object.fromEntries(Object.entries(r.baselines).map(([k, v]) => [k, summary(v)])),
      folds: r.folds.map((f) => ({
        fold: f.index,
        train_rows: f.trainRows,
        test_rows: f.testRows,
        train: [isoUtc(f.trainFrom), isoUtc(f.trainTo)],
        test: [isoUtc(f.testFrom), isoUtc(f.testTo)],
        gap_hours: f.gapMs / 3_600_000,
        in_sample: summary(f.inSample),
        out_of_sample: summary(f.outOfSample),
        baselines: Object.fromEntries(Object.entries(f.baselines).map(([k, v]) => [k, summary(v)])),
      })),
      feature_importance: r.importance.map((i) => ({
        feature: i.feature,
        splits: i.splits,
        gain: round(i.gain),
      })),
    })),
  };
}

const f4 = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : '—');
const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '—');
const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(2)} %` : '—');

function row(name: string, s: ScoreSummary): string {
  return `| ${name} | ${f4(s.rankIc)} | ${f4(s.ic)} | ${f2(s.icir)} | ${f2(s.tStat)} | ${pct(s.hitRate)} | ${f4(s.marketIc)} | ${pct(s.topBottomGross)} | ${pct(s.topBottomNet)} |`;
}

const HEAD =
  '| score | rank IC | IC | ICIR | t (indep.) | hit rate | market IC | top − bottom gross | net of costs |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';

export function modelCardMarkdown(c: CardInput): string {
  const out: string[] = [
    '# Model card',
    '',
    `Written by \`algobot train\` on ${isoUtc(c.created)}.`,
    '',
    `- data: ${c.dataDir}, ${c.interval} bars, ${c.coins.length} coins (${c.coins.join(', ')})`,
    `- decision times: ${isoUtc(c.from)} → ${isoUtc(c.to)}, ${c.rows} feature rows`,
    `- features (${FEATURE_NAMES.length}): ${FEATURE_NAMES.join(', ')}`,
    `- target: \`${TARGET}\`, h = the model's horizon in bars`,
    `- validation: ${c.settings.folds} walk-forward folds (${c.settings.scheme}), purged, embargo ≥ ${c.settings.embargoBars} bars and ≥ the horizon; costs: ${pct(c.settings.roundTripCost)} per round trip`,
    `- parameters: ${lightGbmParameterLines(c.settings.params)
      .filter(([k]) => !['boosting', 'tree_learner', 'use_missing', 'zero_as_missing', 'metric'].includes(k))
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
    '',
    'Scores are per decision time across the coins, then averaged; the t-statistic uses non-overlapping decision',
    'times only; top − bottom is the mean forward log return per horizon of the top fifth by score minus the',
    'bottom fifth, net: less a round trip on the share of each leg that changed.',
    '',
  ];
  for (const { name, file, report: r } of c.models) {
    out.push(
      `## ${name} (${file})`,
      '',
      `Horizon ${r.spec.horizonBars} bars; target ${r.spec.demeanTarget ? 'demeaned across coins at each decision time' : 'raw'}; features: ${r.spec.featureTransform === 'none' ? 'raw' : `${r.spec.featureTransform}-normalised across coins at each decision time`}; ${r.model.trees.length} trees.`,
      '',
      `**Verdict: ${r.verdict}.** Out-of-sample edge: ${r.oosEdge ? 'yes' : 'no'}.`,
      '',
      `In-sample rank IC (mean over folds, on their own training rows): ${f4(r.inSampleMeanRankIc)}; out of sample: ${f4(r.outOfSample.rankIc)}.`,
      '',
      '### Out of sample, all folds',
      '',
      HEAD,
      row(`**${name}**`, r.outOfSample),
      ...Object.entries(r.baselines).map(([k, v]) => row(k, v)),
      '',
      '### Per fold (rank IC)',
      '',
      `| fold | train | test | rows train / test | in-sample | out of sample | ${Object.keys(r.baselines).join(' | ')} |`,
      `| --- | --- | --- | --- | ---: | ---: |${Object.keys(r.baselines)
        .map(() => ' ---: |')
        .join('')}`,
      ...r.folds.map(
        (f) =>
          `| ${f.index} | ${isoUtc(f.trainFrom).slice(0, 10)} → ${isoUtc(f.trainTo).slice(0, 10)} | ${isoUtc(f.testFrom).slice(0, 10)} → ${isoUtc(f.testTo).slice(0, 10)} | ${f.trainRows} / ${f.testRows} | ${f4(f.inSample.rankIc)} | ${f4(f.outOfSample.rankIc)} | ${Object.values(
            f.baselines,
          )
            .map((b) => f4(b.rankIc))
            .join(' | ')} |`,
      ),
      '',
      '### Feature importance (final model)',
      '',
      '| feature | gain | splits |',
      '| --- | ---: | ---: |',
      ...r.importance.map((i) => `| ${i.feature} | ${i.gain.toPrecision(4)} | ${i.splits} |`),
      '',
    );
  }
  return out.join('\n');
}
