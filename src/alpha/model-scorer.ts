// A LightGBM model as an alpha input: its features bound by name to the bot's 13 (a model trained on other
// features is refused with every missing name), compiled to the fast path once, then one prediction per asset
// per decision. Rows still warming up (any NaN feature) are not scored: a tree would happily route a NaN, but a
// prediction from half a feature row is not one to trade on. The cross-sectional feature transform the model was
// trained with (its card's `feature_transform`) is applied to the complete rows of each decision, exactly as the
// trainer applied it to the complete rows of each decision time.
import { InputError } from '../core/errors.js';
import { FEATURE_COUNT, FEATURE_NAMES } from '../features/feature-set.js';
import { transformCrossSection, type FeatureTransform } from '../models/training/cross-section.js';
import {
  bindFeatures,
  compileModel,
  createBatchPredictor,
  type BatchPredictor,
  type LightGbmModel,
} from '../models/lightgbm/index.js';

export class ModelScorer {
  readonly name: string;
  readonly transform: FeatureTransform;
  readonly #predictor: BatchPredictor;
  readonly #columnOfFeature: Int32Array;
  readonly #nf: number;
  #rows = new Float64Array(0);
  #complete = new Float64Array(0);
  #out = new Float64Array(0);
  /** Asset of each row passed to the model. */
  #scored = new Int32Array(0);

  /** `name` says where the model came from (its file) in errors. */
  constructor(model: LightGbmModel, name: string, transform: FeatureTransform = 'none') {
    if (model.numClass !== 1) {
      throw new InputError(`a return model has one output; this one has ${model.numClass} classes`, {
        file: name,
      });
    }
    this.name = name;
    this.transform = transform;
    this.#columnOfFeature = bindFeatures(model, FEATURE_NAMES, { file: name }).columnOfFeature;
    this.#nf = this.#columnOfFeature.length;
    this.#predictor = createBatchPredictor(compileModel(model), { output: 'transformed', warmUp: true });
  }

  /** One prediction per asset from assets × FEATURE_COUNT feature rows; NaN for rows with a missing feature. */
  predict(features: Float64Array): Float64Array {
    const n = features.length / FEATURE_COUNT;
    const nf = this.#nf;
    if (this.#rows.length < n * nf) this.#rows = new Float64Array(n * nf);
    if (this.#out.length < n) this.#out = new Float64Array(n);
    if (this.#complete.length < n * FEATURE_COUNT) this.#complete = new Float64Array(n * FEATURE_COUNT);
    if (this.#scored.length < n) this.#scored = new Int32Array(n);
    // Called for every asset every hour: plain loops over buffers kept between calls, nothing allocated but
    // the result.
    const complete = this.#complete;
    const scored = this.#scored;
    const result = new Float64Array(n);
    let m = 0;
    for (let a = 0; a < n; a++) {
      const off = a * FEATURE_COUNT;
      let ok = true;
      for (let j = 0; j < FEATURE_COUNT; j++) if (Number.isNaN(features[off + j])) ok = false;
      if (!ok) {
        result[a] = NaN;
        continue;
      }
      const to = m * FEATURE_COUNT;
      for (let j = 0; j < FEATURE_COUNT; j++) complete[to + j] = features[off + j] as number;
      scored[m++] = a;
    }
    transformCrossSection(complete, FEATURE_COUNT, 0, m, this.transform);
    const rows = this.#rows;
    const column = this.#columnOfFeature;
    for (let k = 0; k < m; k++) {
      for (let i = 0; i < nf; i++)
        rows[k * nf + i] = complete[k * FEATURE_COUNT + (column[i] as number)] as number;
    }
    if (m > 0) this.#predictor.predict(rows, m, this.#out);
    for (let k = 0; k < m; k++) result[scored[k] as number] = this.#out[k] as number;
    return result;
  }
}
