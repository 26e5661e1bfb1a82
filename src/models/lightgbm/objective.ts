// LightGBM objectives as the model file names them (`objective=binary sigmoid:1`), and the transform each one
// applies to raw scores (ObjectiveFunction::ConvertOutput in LightGBM's src/objective/*.hpp). Arithmetic is
// written in LightGBM's order, and exp() is glibc's, so transformed outputs match LightGBM's bit for bit.
import { glibcExp } from './glibc-exp.js';

export type Transform =
  /** Raw score unchanged: regression and its variants, ranking, custom objectives. */
  | 'identity'
  /** `regression sqrt` (reg_sqrt=true): sign(x)·x·x. */
  | 'signed-square'
  /** binary: 1 / (1 + exp(-sigmoid·x)). */
  | 'sigmoid'
  /** multiclass: softmax over the classes. */
  | 'softmax'
  /** multiclassova: a sigmoid per class. */
  | 'sigmoid-per-class'
  /** poisson, gamma, tweedie: exp(x). */
  | 'exp'
  /** cross_entropy (xentropy): 1 / (1 + exp(-x)). */
  | 'logistic'
  /** cross_entropy_lambda (xentlambda): log1p(exp(x)). */
  | 'log1p-exp';

export interface Objective {
  /** The objective's name, first word of the `objective=` line ('' when the file has none). */
  readonly name: string;
  /** The whole `objective=` value, e.g. `binary sigmoid:1`. */
  readonly text: string;
  readonly transform: Transform;
  /** Outputs per row: the number of classes for multiclass and multiclassova, else 1. */
  readonly numOutputs: number;
  /** The `sigmoid:` parameter of binary and multiclassova (1 elsewhere). */
  readonly sigmoid: number;
}

const IDENTITY_FAMILY = new Set(['regression', 'regression_l1', 'huber', 'fair', 'quantile', 'mape']);

/**
 * Parses an `objective=` value. Throws an Error whose message says what is wrong; the parser adds file and line.
 * Unknown objective names are refused, as LightGBM refuses them: a misread transform would be a silent error.
 */
export function parseObjective(text: string): Objective {
  const tokens = text.split(' ').filter((t) => t !== '');
  const name = tokens[0] ?? '';
  const params = new Map<string, string>();
  let sqrt = false;
  for (const token of tokens.slice(1)) {
    if (token === 'sqrt') sqrt = true;
    const colon = token.indexOf(':');
    if (colon > 0) params.set(token.slice(0, colon), token.slice(colon + 1));
  }
  const sigmoid = (): number => {
    const raw = params.get('sigmoid');
    if (raw === undefined) return 1;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
      throw new Error(`objective "${text}": sigmoid must be a positive number, got "${raw}"`);
    }
    return value;
  };
  const numClass = (): number => {
    const raw = params.get('num_class');
    if (raw === undefined || !/^[0-9]+$/.test(raw) || Number(raw) < 1) {
      throw new Error(`objective "${text}": needs num_class:<positive integer>`);
    }
    return Number(raw);
  };
  const make = (transform: Transform, numOutputs = 1, sig = 1): Objective => ({
    name,
    text,
    transform,
    numOutputs,
    sigmoid: sig,
  });

  if (IDENTITY_FAMILY.has(name)) return make(sqrt ? 'signed-square' : 'identity');
  switch (name) {
    case 'binary':
      return make('sigmoid', 1, sigmoid());
    case 'multiclass':
      return make('softmax', numClass());
    case 'multiclassova':
      return make('sigmoid-per-class', numClass(), sigmoid());
    case 'poisson':
    case 'gamma':
    case 'tweedie':
      return make('exp');
    case 'cross_entropy':
      return make('logistic');
    case 'cross_entropy_lambda':
      return make('log1p-exp');
    case 'lambdarank':
    case 'rank_xendcg':
    case 'custom':
      return make('identity');
    default:
      throw new Error(`unknown objective "${name}"`);
  }
}

/** A model file without an `objective=` line (trained with a custom objective): raw scores are the output. */
export const NO_OBJECTIVE: Objective = {
  name: '',
  text: '',
  transform: 'identity',
  numOutputs: 1,
  sigmoid: 1,
};

/** Applies the objective's transform in place to the k outputs of one row, values[offset .. offset+k). */
export function convertOutput(objective: Objective, values: Float64Array, offset: number, k: number): void {
  switch (objective.transform) {
    case 'identity':
      return;
    case 'signed-square':
      for (let i = offset; i < offset + k; i++) {
        const x = values[i] as number;
        // Common::Sign returns an integer 0 for ±0, so -0 squares to +0 as in LightGBM.
        values[i] = (x > 0 ? 1 : x < 0 ? -1 : 0) * x * x;
      }
      return;
    case 'sigmoid':
    case 'sigmoid-per-class': {
      const s = objective.sigmoid;
      for (let i = offset; i < offset + k; i++) values[i] = 1 / (1 + glibcExp(-s * (values[i] as number)));
      return;
    }
    case 'logistic':
      for (let i = offset; i < offset + k; i++) values[i] = 1 / (1 + glibcExp(-(values[i] as number)));
      return;
    case 'exp':
      for (let i = offset; i < offset + k; i++) values[i] = glibcExp(values[i] as number);
      return;
    case 'log1p-exp':
      // glibc's log1p and V8's Math.log1p are both fdlibm's algorithm (checked bit for bit in the tests).
      for (let i = offset; i < offset + k; i++) values[i] = Math.log1p(glibcExp(values[i] as number));
      return;
    case 'softmax': {
      // Common::Softmax: subtract the maximum, exponentiate, divide by the sum accumulated in order.
      let max = values[offset] as number;
      for (let i = offset + 1; i < offset + k; i++) {
        const v = values[i] as number;
        if (!(v < max)) max = v; // std::max(v, max), NaN included
      }
      let sum = 0;
      for (let i = offset; i < offset + k; i++) {
        const e = glibcExp((values[i] as number) - max);
        values[i] = e;
        sum += e;
      }
      for (let i = offset; i < offset + k; i++) values[i] = (values[i] as number) / sum;
      return;
    }
  }
}
