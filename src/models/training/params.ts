// Training parameters under LightGBM's names and aliases, with LightGBM's defaults, so a parameter set copied
// from a LightGBM script means the same here. Unknown names are refused (a typo must not silently train with a
// default); a few LightGBM settings that cannot change our single-threaded, deterministic result are accepted
// and ignored.

export type ObjectiveName = 'regression' | 'huber';

export interface TrainParams {
  readonly objective: ObjectiveName;
  readonly numIterations: number;
  readonly learningRate: number;
  readonly numLeaves: number;
  /** ≤ 0: no limit. */
  readonly maxDepth: number;
  readonly minDataInLeaf: number;
  readonly minSumHessianInLeaf: number;
  readonly lambdaL1: number;
  readonly lambdaL2: number;
  readonly minGainToSplit: number;
  readonly featureFraction: number;
  readonly baggingFraction: number;
  /** 0: no bagging; k: draw a new bag every k iterations. */
  readonly baggingFreq: number;
  readonly maxBin: number;
  readonly minDataInBin: number;
  /** Rows sampled to find bin bounds (LightGBM's bin_construct_sample_cnt). */
  readonly binConstructSampleCnt: number;
  /** Huber's delta: residuals beyond it get a constant gradient. */
  readonly alpha: number;
  readonly seed: number;
  /** 0: off. Otherwise stop when the validation metric has not improved for this many iterations. */
  readonly earlyStoppingRound: number;
  readonly boostFromAverage: boolean;
}

export const DEFAULT_TRAIN_PARAMS: TrainParams = {
  objective: 'regression',
  numIterations: 100,
  learningRate: 0.1,
  numLeaves: 31,
  maxDepth: -1,
  minDataInLeaf: 20,
  minSumHessianInLeaf: 1e-3,
  lambdaL1: 0,
  lambdaL2: 0,
  minGainToSplit: 0,
  featureFraction: 1,
  baggingFraction: 1,
  baggingFreq: 0,
  maxBin: 255,
  minDataInBin: 3,
  binConstructSampleCnt: 200_000,
  alpha: 0.9,
  seed: 0,
  earlyStoppingRound: 0,
  boostFromAverage: true,
};

type Kind = 'int' | 'num' | 'bool' | 'objective';
interface Spec {
  readonly key: keyof TrainParams;
  readonly kind: Kind;
  readonly min?: number;
  readonly max?: number;
  /** The lower bound is exclusive. */
  readonly gtMin?: boolean;
}

/** LightGBM's canonical name → our field, and every alias LightGBM documents for it. */
const PARAMS: readonly (readonly [string, Spec, readonly string[]])[] = [
  ['objective', { key: 'objective', kind: 'objective' }, ['objective_type', 'app', 'application', 'loss']],
  [
    'num_iterations',
    { key: 'numIterations', kind: 'int', min: 1 },
    [
      'num_iteration',
      'n_iter',
      'num_tree',
      'num_trees',
      'num_round',
      'num_rounds',
      'nrounds',
      'num_boost_round',
      'n_estimators',
      'max_iter',
    ],
  ],
  ['learning_rate', { key: 'learningRate', kind: 'num', min: 0, gtMin: true }, ['shrinkage_rate', 'eta']],
  [
    'num_leaves',
    { key: 'numLeaves', kind: 'int', min: 2, max: 131072 },
    ['num_leaf', 'max_leaves', 'max_leaf', 'max_leaf_nodes'],
  ],
  ['max_depth', { key: 'maxDepth', kind: 'int' }, []],
  [
    'min_data_in_leaf',
    { key: 'minDataInLeaf', kind: 'int', min: 0 },
    ['min_data_per_leaf', 'min_data', 'min_child_samples', 'min_samples_leaf'],
  ],
  [
    'min_sum_hessian_in_leaf',
    { key: 'minSumHessianInLeaf', kind: 'num', min: 0 },
    ['min_sum_hessian_per_leaf', 'min_sum_hessian', 'min_hessian', 'min_child_weight'],
  ],
  ['lambda_l1', { key: 'lambdaL1', kind: 'num', min: 0 }, ['reg_alpha', 'l1_regularization']],
  ['lambda_l2', { key: 'lambdaL2', kind: 'num', min: 0 }, ['reg_lambda', 'lambda', 'l2_regularization']],
  ['min_gain_to_split', { key: 'minGainToSplit', kind: 'num', min: 0 }, ['min_split_gain']],
  [
    'feature_fraction',
    { key: 'featureFraction', kind: 'num', min: 0, max: 1, gtMin: true },
    ['sub_feature', 'colsample_bytree'],
  ],
  [
    'bagging_fraction',
    { key: 'baggingFraction', kind: 'num', min: 0, max: 1, gtMin: true },
    ['sub_row', 'subsample', 'bagging'],
  ],
  ['bagging_freq', { key: 'baggingFreq', kind: 'int', min: 0 }, ['subsample_freq']],
  ['max_bin', { key: 'maxBin', kind: 'int', min: 2, max: 65535 }, ['max_bins']],
  ['min_data_in_bin', { key: 'minDataInBin', kind: 'int', min: 1 }, []],
  ['bin_construct_sample_cnt', { key: 'binConstructSampleCnt', kind: 'int', min: 1 }, ['subsample_for_bin']],
  ['alpha', { key: 'alpha', kind: 'num', min: 0, gtMin: true }, []],
  ['seed', { key: 'seed', kind: 'int', min: 0, max: 2147483647 }, ['random_seed', 'random_state']],
  [
    'early_stopping_round',
    { key: 'earlyStoppingRound', kind: 'int', min: 0 },
    ['early_stopping_rounds', 'early_stopping', 'n_iter_no_change'],
  ],
  ['boost_from_average', { key: 'boostFromAverage', kind: 'bool' }, []],
];

/** Accepted for compatibility with LightGBM parameter files; they cannot change what this trainer computes. */
const IGNORED = new Set([
  'num_threads',
  'num_thread',
  'nthread',
  'nthreads',
  'n_jobs',
  'verbosity',
  'verbose',
  'deterministic',
  'force_row_wise',
  'force_col_wise',
  'boosting',
  'boosting_type',
  'boost',
  'tree_learner',
  'device_type',
  'device',
]);

const BY_NAME = new Map<string, { readonly name: string; readonly spec: Spec }>();
for (const [name, spec, aliases] of PARAMS) {
  BY_NAME.set(name, { name, spec });
  for (const a of aliases) BY_NAME.set(a, { name, spec });
}

const OBJECTIVES: Readonly<Record<string, ObjectiveName>> = {
  regression: 'regression',
  regression_l2: 'regression',
  l2: 'regression',
  mean_squared_error: 'regression',
  mse: 'regression',
  huber: 'huber',
};

/** The LightGBM names this trainer understands (canonical names only), for messages and docs. */
export const PARAM_NAMES: readonly string[] = PARAMS.map(([name]) => name);

/** A parameter problem; `name` is the key as the user wrote it. The caller turns it into an InputError. */
export class ParamError extends Error {
  readonly param: string;
  constructor(param: string, message: string) {
    super(message);
    this.param = param;
  }
}

/**
 * Applies `key=value` settings (LightGBM names or aliases) over `base`. Two spellings of one parameter are an
 * error, as in LightGBM (which would warn and pick one).
 */
export function parseTrainParams(
  entries: readonly (readonly [string, string])[],
  base: TrainParams = DEFAULT_TRAIN_PARAMS,
): TrainParams {
  const out: Record<string, number | boolean | string> = { ...base };
  const seen = new Map<string, string>();
  for (const [rawKey, rawValue] of entries) {
    const key = rawKey.trim();
    const value = rawValue.trim();
    if (IGNORED.has(key)) continue;
    const entry = BY_NAME.get(key);
    if (entry === undefined) {
      throw new ParamError(key, `unknown parameter "${key}"; known: ${PARAM_NAMES.join(', ')}`);
    }
    const earlier = seen.get(entry.name);
    if (earlier !== undefined) {
      throw new ParamError(key, `"${key}" sets ${entry.name}, which "${earlier}" already set`);
    }
    seen.set(entry.name, key);
    out[entry.spec.key] = parseValue(key, value, entry.spec);
  }
  return out as unknown as TrainParams;
}

function parseValue(key: string, value: string, spec: Spec): number | boolean | string {
  if (spec.kind === 'objective') {
    const o = OBJECTIVES[value];
    if (o === undefined) {
      throw new ParamError(
        key,
        `objective "${value}" is not supported; allowed: regression (l2, mse), huber`,
      );
    }
    return o;
  }
  if (spec.kind === 'bool') {
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw new ParamError(key, `${key} must be true or false, got "${value}"`);
  }
  const n = Number(value);
  if (value === '' || !Number.isFinite(n) || (spec.kind === 'int' && !Number.isInteger(n))) {
    throw new ParamError(
      key,
      `${key} must be ${spec.kind === 'int' ? 'an integer' : 'a number'}, got "${value}"`,
    );
  }
  const { min, max } = spec;
  if (min !== undefined && (spec.gtMin === true ? n <= min : n < min)) {
    throw new ParamError(key, `${key} must be ${spec.gtMin === true ? '>' : '≥'} ${min}, got ${value}`);
  }
  if (max !== undefined && n > max) throw new ParamError(key, `${key} must be ≤ ${max}, got ${value}`);
  return n;
}

/** The parameters as LightGBM names them, for the model file's `parameters:` block and the model card. */
export function lightGbmParameterLines(p: TrainParams): readonly (readonly [string, string])[] {
  return [
    ['boosting', 'gbdt'],
    ['objective', p.objective],
    ['metric', p.objective === 'huber' ? 'huber' : 'l2'],
    ['tree_learner', 'serial'],
    ['num_iterations', String(p.numIterations)],
    ['learning_rate', String(p.learningRate)],
    ['num_leaves', String(p.numLeaves)],
    ['seed', String(p.seed)],
    ['max_depth', String(p.maxDepth)],
    ['min_data_in_leaf', String(p.minDataInLeaf)],
    ['min_sum_hessian_in_leaf', String(p.minSumHessianInLeaf)],
    ['bagging_fraction', String(p.baggingFraction)],
    ['bagging_freq', String(p.baggingFreq)],
    ['feature_fraction', String(p.featureFraction)],
    ['early_stopping_round', String(p.earlyStoppingRound)],
    ['lambda_l1', String(p.lambdaL1)],
    ['lambda_l2', String(p.lambdaL2)],
    ['min_gain_to_split', String(p.minGainToSplit)],
    ['max_bin', String(p.maxBin)],
    ['min_data_in_bin', String(p.minDataInBin)],
    ['bin_construct_sample_cnt', String(p.binConstructSampleCnt)],
    ['use_missing', '1'],
    ['zero_as_missing', '0'],
    ['boost_from_average', p.boostFromAverage ? '1' : '0'],
    ['alpha', String(p.alpha)],
  ];
}
