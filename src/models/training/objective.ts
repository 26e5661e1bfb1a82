// Objectives: gradients and hessians of the loss at the current scores (float32, as LightGBM's score_t), the
// starting score (boost_from_average), and the metric early stopping watches. Both objectives here have a
// constant hessian of 1, which the histogram builder exploits (it counts instead of summing hessians).
import type { TrainParams } from './params.js';

export interface Objective {
  readonly name: 'regression' | 'huber';
  /** Metric name as LightGBM calls it, for messages and the model card. */
  readonly metricName: 'l2' | 'huber';
  gradients(score: Float64Array, label: Float64Array, grad: Float32Array): void;
  /** LightGBM's BoostFromScore: the mean label for both (Huber inherits it from L2). */
  initScore(label: Float64Array): number;
  /** Mean loss of the predictions (lower is better). */
  metric(score: Float64Array, label: Float64Array): number;
}

export function createObjective(p: TrainParams): Objective {
  if (p.objective === 'huber') {
    const a = p.alpha;
    return {
      name: 'huber',
      metricName: 'huber',
      gradients(score, label, grad) {
        for (let i = 0; i < score.length; i++) {
          const d = (score[i] as number) - (label[i] as number);
          grad[i] = Math.abs(d) <= a ? d : d > 0 ? a : -a;
        }
      },
      initScore: mean,
      metric(score, label) {
        let s = 0;
        for (let i = 0; i < score.length; i++) {
          const d = Math.abs((score[i] as number) - (label[i] as number));
          s += d <= a ? 0.5 * d * d : a * (d - 0.5 * a);
        }
        return s / score.length;
      },
    };
  }
  return {
    name: 'regression',
    metricName: 'l2',
    gradients(score, label, grad) {
      for (let i = 0; i < score.length; i++) grad[i] = (score[i] as number) - (label[i] as number);
    },
    initScore: mean,
    metric(score, label) {
      let s = 0;
      for (let i = 0; i < score.length; i++) {
        const d = (score[i] as number) - (label[i] as number);
        s += d * d;
      }
      return s / score.length;
    },
  };
}

function mean(label: Float64Array): number {
  let s = 0;
  for (let i = 0; i < label.length; i++) s += label[i] as number;
  return label.length === 0 ? 0 : s / label.length;
}
