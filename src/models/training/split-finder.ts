// The best threshold of one feature in one leaf, from the leaf's histogram: LightGBM's
// FeatureHistogram::FindBestThresholdSequentially for numerical features, without monotone constraints or path
// smoothing. Histograms hold, per bin, the sum of gradients and the row count (every objective here has a
// hessian of 1, so the count is the hessian sum).
//
// Features with NaN in the training data are scanned twice: right to left with the NaN bin left out of the
// running sums (NaN ends up on the left: default_left) and left to right (NaN on the right). The better of the
// two wins, so missing values learn their own direction at every split.

/** LightGBM's kEpsilon (1e-15f): keeps hessian sums away from zero. */
export const K_EPSILON = Math.fround(1e-15);

export interface SplitParams {
  readonly minDataInLeaf: number;
  readonly minSumHessianInLeaf: number;
  readonly lambdaL1: number;
  readonly lambdaL2: number;
  readonly minGainToSplit: number;
}

/** The best split found so far for a leaf. `gain` is the improvement over not splitting; -Infinity: none. */
export class SplitInfo {
  feature = -1;
  /** Rows with bin ≤ threshold go left. */
  threshold = 0;
  defaultLeft = false;
  gain = -Infinity;
  leftSumGradient = 0;
  leftSumHessian = 0;
  leftCount = 0;
  leftOutput = 0;
  rightSumGradient = 0;
  rightSumHessian = 0;
  rightCount = 0;
  rightOutput = 0;

  reset(): void {
    this.feature = -1;
    this.gain = -Infinity;
  }

  copyFrom(o: SplitInfo): void {
    this.feature = o.feature;
    this.threshold = o.threshold;
    this.defaultLeft = o.defaultLeft;
    this.gain = o.gain;
    this.leftSumGradient = o.leftSumGradient;
    this.leftSumHessian = o.leftSumHessian;
    this.leftCount = o.leftCount;
    this.leftOutput = o.leftOutput;
    this.rightSumGradient = o.rightSumGradient;
    this.rightSumHessian = o.rightSumHessian;
    this.rightCount = o.rightCount;
    this.rightOutput = o.rightOutput;
  }
}

function thresholdL1(s: number, l1: number): number {
  const reg = Math.max(0, Math.abs(s) - l1);
  return s > 0 ? reg : s < 0 ? -reg : 0;
}

/** The loss reduction of a leaf with these sums, up to a constant: g² / (h + λ₂) with g shrunk by λ₁. */
export function leafGain(sumGradient: number, sumHessian: number, p: SplitParams): number {
  const g = p.lambdaL1 > 0 ? thresholdL1(sumGradient, p.lambdaL1) : sumGradient;
  return (g * g) / (sumHessian + p.lambdaL2);
}

/** The leaf's output (Newton step): −g / (h + λ₂), g shrunk by λ₁. */
export function leafOutput(sumGradient: number, sumHessian: number, p: SplitParams): number {
  const g = p.lambdaL1 > 0 ? thresholdL1(sumGradient, p.lambdaL1) : sumGradient;
  return -g / (sumHessian + p.lambdaL2);
}

/**
 * Updates `out` when feature `feature` (bins at hist[2·offset …]) has a split better than `out.gain`.
 * `nanBin`: the feature's last bin holds NaN.
 */
export function findBestThreshold(
  hist: Float64Array,
  offset: number,
  numBin: number,
  nanBin: boolean,
  feature: number,
  sumGradient: number,
  sumHessian: number,
  numData: number,
  p: SplitParams,
  out: SplitInfo,
  scratch: SplitInfo,
): void {
  // FeatureHistogram::FindBestThreshold passes the leaf's hessian sum plus 2·kEpsilon on to the scans.
  const sumH = sumHessian + 2 * K_EPSILON;
  const minGainShift = leafGain(sumGradient, sumH, p) + p.minGainToSplit;
  scratch.reset();
  if (nanBin && numBin > 2) {
    scan(
      hist,
      offset,
      numBin,
      true,
      true,
      feature,
      sumGradient,
      sumHessian,
      numData,
      minGainShift,
      p,
      scratch,
    );
    scan(
      hist,
      offset,
      numBin,
      false,
      true,
      feature,
      sumGradient,
      sumHessian,
      numData,
      minGainShift,
      p,
      scratch,
    );
  } else {
    scan(
      hist,
      offset,
      numBin,
      true,
      false,
      feature,
      sumGradient,
      sumHessian,
      numData,
      minGainShift,
      p,
      scratch,
    );
    // With one regular bin and the NaN bin, the only split is "NaN or not", and NaN is on the right.
    if (nanBin && scratch.feature === feature) scratch.defaultLeft = false;
  }
  if (scratch.feature === feature && scratch.gain > out.gain) out.copyFrom(scratch);
}

function scan(
  hist: Float64Array,
  offset: number,
  numBin: number,
  reverse: boolean,
  naAsMissing: boolean,
  feature: number,
  sumGradient: number,
  sumHessian: number,
  numData: number,
  minGainShift: number,
  p: SplitParams,
  out: SplitInfo,
): void {
  const minData = p.minDataInLeaf;
  const minHess = p.minSumHessianInLeaf;
  let bestGain = -Infinity;
  let bestLeftG = NaN;
  let bestLeftH = NaN;
  let bestLeftCount = 0;
  let bestThreshold = numBin;
  const base = offset << 1;
  if (reverse) {
    let rg = 0;
    let rh = K_EPSILON;
    let rc = 0;
    for (let t = numBin - 1 - (naAsMissing ? 1 : 0); t >= 1; t--) {
      const g = hist[base + 2 * t] as number;
      const c = hist[base + 2 * t + 1] as number;
      rg += g;
      rh += c;
      rc += c;
      if (rc < minData || rh < minHess) continue;
      const lc = numData - rc;
      if (lc < minData) break;
      const lh = sumHessian - rh;
      if (lh < minHess) break;
      const lg = sumGradient - rg;
      const gain = leafGain(lg, lh, p) + leafGain(rg, rh, p);
      if (gain <= minGainShift) continue;
      if (gain > bestGain) {
        bestLeftCount = lc;
        bestLeftG = lg;
        bestLeftH = lh;
        bestThreshold = t - 1;
        bestGain = gain;
      }
    }
  } else {
    let lg = 0;
    let lh = K_EPSILON;
    let lc = 0;
    for (let t = 0; t <= numBin - 2; t++) {
      const g = hist[base + 2 * t] as number;
      const c = hist[base + 2 * t + 1] as number;
      lg += g;
      lh += c;
      lc += c;
      if (lc < minData || lh < minHess) continue;
      const rc = numData - lc;
      if (rc < minData) break;
      const rh = sumHessian - lh;
      if (rh < minHess) break;
      const rg = sumGradient - lg;
      const gain = leafGain(lg, lh, p) + leafGain(rg, rh, p);
      if (gain <= minGainShift) continue;
      if (gain > bestGain) {
        bestLeftCount = lc;
        bestLeftG = lg;
        bestLeftH = lh;
        bestThreshold = t;
        bestGain = gain;
      }
    }
  }
  if (bestGain === -Infinity || !(bestGain - minGainShift > out.gain)) return;
  out.feature = feature;
  out.threshold = bestThreshold;
  out.defaultLeft = reverse;
  out.gain = bestGain - minGainShift;
  out.leftCount = bestLeftCount;
  out.leftSumGradient = bestLeftG;
  out.leftSumHessian = bestLeftH - K_EPSILON;
  out.leftOutput = leafOutput(bestLeftG, bestLeftH, p);
  out.rightCount = numData - bestLeftCount;
  out.rightSumGradient = sumGradient - bestLeftG;
  out.rightSumHessian = sumHessian - bestLeftH - K_EPSILON;
  out.rightOutput = leafOutput(sumGradient - bestLeftG, sumHessian - bestLeftH, p);
}
