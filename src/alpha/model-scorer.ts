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
    this.#predictor = createBatchPredictor(compileModel(model), { output: 'transformed' });
  }

  /** One prediction per asset from assets × FEATURE_COUNT feature rows; NaN for rows with a missing feature. */
  predict(features: Float64Array): Float64Array {
    const n = features.length / FEATURE_COUNT;
    if (this.#rows.length < n * this.#nf) this.#rows = new Float64Array(n * this.#nf);
    if (this.#out.length < n) this.#out = new Float64Array(n);
    if (this.#complete.length < n * FEATURE_COUNT) this.#complete = new Float64Array(n * FEATURE_COUNT);
    const result = new Float64Array(n);
    const scored: number[] = [];
    for (let a = 0; a < n; a++) {
      const off = a * FEATURE_COUNT;
      let complete = true;
      for (let j = 0; j < FEATURE_COUNT; j++) if (Number.isNaN(features[off + j])) complete = false;
      if (!complete) {
        result[a] = NaN;
        continue;
      }
      this.#complete.set(features.subarray(off, off + FEATURE_COUNT), scored.length * FEATURE_COUNT);
      scored.push(a);
    }
    const m = scored.length;
    transformCrossSection(this.#complete, FEATURE_COUNT, 0, m, this.transform);
    for (let k = 0; k < m; k++) {
      for (let i = 0; i < this.#nf; i++) {
        this.#rows[k * this.#nf + i] = this.#complete[
          k * FEATURE_COUNT + (this.#columnOfFeature[i] as number)
        ] as number;
      }
    }
    if (m > 0) this.#predictor.predict(this.#rows, m, this.#out);
    scored.forEach((a, k) => {
      result[a] = this.#out[k] as number;
    });
    return result;
  }
}
