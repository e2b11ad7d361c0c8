// Scores of a Bernoulli-Bernoulli RBM: free energies, scikit-learn's
// pseudo-likelihood and reconstruction squared error. Pre-activations are f32
// (as in training); every sum that makes a score is accumulated in f64.
//
//   F(v) = -v . vbias - sum_j softplus(hbias_j + (v W)_j)
//
// The per-sample loops are not blocked over the batch (scores are monitoring
// work), and use one caller-provided f32 scratch row so nothing is allocated.

import { binPreactivations, densePreactivations } from "./rbm-propagate";
import { softplus } from "./sigmoid";

function softplusSum(pre: usize, n: i32): f64 {
  let sum: f64 = 0;
  for (let j = 0; j < n; j++) sum += softplus(<f64>load<f32>(pre + (<usize>j << 2)));
  return sum;
}

/** -sum of vbias[i] over the units on in one binary row, in f64. */
function visibleTermBin(row: usize, nVisible: i32, vbias: usize): f64 {
  let sum: f64 = 0;
  for (let i = 0; i < nVisible; i++) {
    sum += select<f64>(<f64>load<f32>(vbias + (<usize>i << 2)), 0, load<u8>(row + <usize>i) != 0);
  }
  return -sum;
}

/** outF64[b] = F(vis[b]) for binary rows; scratch holds nHidden f32. */
export function rbmFreeEnergyBin(
  vis: usize, batch: i32, nVisible: i32, W: usize, vbias: usize, hbias: usize, nHidden: i32,
  scratch: usize, out: usize,
): void {
  for (let b = 0; b < batch; b++) {
    const row = vis + <usize>b * <usize>nVisible;
    binPreactivations(row, 1, nVisible, W, hbias, nHidden, scratch);
    rbmFreeEnergyBinFromPre(row, 1, nVisible, vbias, scratch, nHidden, out + (<usize>b << 3));
  }
}

/**
 * rbmFreeEnergyBin from the rows' hidden pre-activations pre (batch x nHidden
 * f32, hbias + vis W as rbmHiddenPreactivationsBin gives them): the same
 * numbers, without summing the rows of W again.
 */
export function rbmFreeEnergyBinFromPre(vis: usize, batch: i32, nVisible: i32, vbias: usize, pre: usize, nHidden: i32, out: usize): void {
  for (let b = 0; b < batch; b++) {
    const row = vis + <usize>b * <usize>nVisible;
    const rowPre = pre + ((<usize>b * <usize>nHidden) << 2);
    store<f64>(out + (<usize>b << 3), visibleTermBin(row, nVisible, vbias) - softplusSum(rowPre, nHidden));
  }
}

/**
 * pre[b, j] = hbias[j] + sum of W[i, j] over i with vis[b, i] != 0 (f32, in
 * increasing i): rbmHiddenFromBin before its sigmoid. Monitoring computes it
 * once per row for the free energy, the pseudo-likelihood and (through
 * rbmSigmoid) the reconstruction.
 */
export function rbmHiddenPreactivationsBin(vis: usize, batch: i32, nVisible: i32, W: usize, hbias: usize, nHidden: i32, pre: usize): void {
  binPreactivations(vis, batch, nVisible, W, hbias, nHidden, pre);
}

/** outF64[b] = F(vis[b]) for f32 rows; scratch holds nHidden f32. */
export function rbmFreeEnergyDense(
  vis: usize, batch: i32, nVisible: i32, W: usize, vbias: usize, hbias: usize, nHidden: i32,
  scratch: usize, out: usize,
): void {
  for (let b = 0; b < batch; b++) {
    const row = vis + <usize>b * (<usize>nVisible << 2);
    densePreactivations(row, 1, nVisible, W, hbias, nHidden, scratch);
    let visible: f64 = 0;
    for (let i = 0; i < nVisible; i++) {
      visible += <f64>load<f32>(row + (<usize>i << 2)) * <f64>load<f32>(vbias + (<usize>i << 2));
    }
    store<f64>(out + (<usize>b << 3), -visible - softplusSum(scratch, nHidden));
  }
}

/**
 * scikit-learn's BernoulliRBM.score_samples with the corrupted unit given:
 * v' = v with unit flipIdx[b] flipped, out[b] = -nVisible log(sigmoid(F(v') - F(v)))
 * = -nVisible logaddexp(0, -(F(v') - F(v))). F(v') reuses v's pre-activations:
 * flipping unit k adds d W[k, :] with d = +1 (off -> on) or -1, and the
 * difference F(v') - F(v) = -d vbias[k] - sum_j [softplus(x_j + d W[k, j]) - softplus(x_j)]
 * is summed term by term in f64. scratch: at least nHidden f32 (callers may
 * pass 2 nHidden; only the first nHidden are used).
 */
export function rbmPseudoLikelihoodBin(
  vis: usize, batch: i32, nVisible: i32, flipIdx: usize, W: usize, vbias: usize, hbias: usize, nHidden: i32,
  scratch: usize, out: usize,
): void {
  for (let b = 0; b < batch; b++) {
    const row = vis + <usize>b * <usize>nVisible;
    binPreactivations(row, 1, nVisible, W, hbias, nHidden, scratch);
    rbmPseudoLikelihoodBinFromPre(row, 1, nVisible, flipIdx + (<usize>b << 2), W, vbias, scratch, nHidden, out + (<usize>b << 3));
  }
}

/** rbmPseudoLikelihoodBin from the rows' hidden pre-activations pre (batch x nHidden f32): the same numbers. */
export function rbmPseudoLikelihoodBinFromPre(
  vis: usize, batch: i32, nVisible: i32, flipIdx: usize, W: usize, vbias: usize, pre: usize, nHidden: i32, out: usize,
): void {
  const rowH = <usize>nHidden << 2;
  for (let b = 0; b < batch; b++) {
    const row = vis + <usize>b * <usize>nVisible;
    const rowPre = pre + <usize>b * rowH;
    const k = load<i32>(flipIdx + (<usize>b << 2));
    const d: f64 = load<u8>(row + <usize>k) != 0 ? -1.0 : 1.0;
    const wRow = W + <usize>k * rowH;
    let hidden: f64 = 0;
    for (let j = 0; j < nHidden; j++) {
      const x = <f64>load<f32>(rowPre + (<usize>j << 2));
      hidden += softplus(x + d * <f64>load<f32>(wRow + (<usize>j << 2))) - softplus(x);
    }
    const deltaF = -d * <f64>load<f32>(vbias + (<usize>k << 2)) - hidden;
    store<f64>(out + (<usize>b << 3), -<f64>nVisible * softplus(-deltaF));
  }
}

// ---------------------------------------------------------------------------
// Squared error, differences and squares in f64 (two f64x2 per 4 elements).

// @ts-ignore: decorator
@inline
function squaredDiff4(acc: v128, data: v128, prob: v128): v128 {
  const dLo = f64x2.sub(f64x2.promote_low_f32x4(data), f64x2.promote_low_f32x4(prob));
  const dHi = f64x2.sub(
    f64x2.promote_low_f32x4(i32x4.shuffle(data, data, 2, 3, 0, 1)),
    f64x2.promote_low_f32x4(i32x4.shuffle(prob, prob, 2, 3, 0, 1)),
  );
  return f64x2.add(acc, f64x2.add(f64x2.mul(dLo, dLo), f64x2.mul(dHi, dHi)));
}

/** sum_k (data[k] - prob[k])^2 in f64, data u8 0/1 (non-zero counts as 1). */
export function rbmSquaredErrorBin(data: usize, prob: usize, count: i32): f64 {
  let acc = f64x2.splat(0);
  const one = i32x4.splat(1);
  let k = 0;
  for (; k + 4 <= count; k += 4) {
    const bytes = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(data + <usize>k)));
    const bits = v128.and(i32x4.ne(bytes, i32x4.splat(0)), one);
    acc = squaredDiff4(acc, f32x4.convert_i32x4_s(bits), v128.load(prob + (<usize>k << 2)));
  }
  let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; k < count; k++) {
    const d: f64 = (load<u8>(data + <usize>k) != 0 ? 1.0 : 0.0) - <f64>load<f32>(prob + (<usize>k << 2));
    sum += d * d;
  }
  return sum;
}

/** sum_k (data[k] - prob[k])^2 in f64 for f32 data. */
export function rbmSquaredErrorDense(data: usize, prob: usize, count: i32): f64 {
  let acc = f64x2.splat(0);
  let k = 0;
  for (; k + 4 <= count; k += 4) {
    const offset = <usize>k << 2;
    acc = squaredDiff4(acc, v128.load(data + offset), v128.load(prob + offset));
  }
  let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; k < count; k++) {
    const offset = <usize>k << 2;
    const d = <f64>load<f32>(data + offset) - <f64>load<f32>(prob + offset);
    sum += d * d;
  }
  return sum;
}
