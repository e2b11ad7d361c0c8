// The InfoNCE bound of a K x K score matrix and its gradient (van den Oord,
// Li & Vinyals, arXiv:1807.03748, 2018; Poole et al., ICML 2019), the
// exponential-heavy step of RSMI's training (src/rsmi/kernel-objective.ts;
// docs/methods.md "RSMI"): K^2 exponentials per batch, here two at a time in
// f64x2 lanes. Plain mul + add in both builds, so both give the same bits.

const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700e+00;
const SHIFTER: f64 = 6755399441055744.0;
const SHIFTER_BITS: i64 = 0x4338000000000000;
/** Below this an exponential is returned as 0 (e^-700 is 1e-304: no softmax weight). */
const FLOOR: f64 = -700;

/**
 * e^x in both lanes for x <= 0: x = n ln 2 + r with |r| <= ln 2 / 2 (Cody &
 * Waite's two-part ln 2), e^r by its Taylor series to degree 13 (remainder
 * below 5e-18 relative), times 2^n built in the exponent bits; x < -700 gives
 * 0. Relative error a few units in the last place.
 */
// @ts-ignore: decorator
@inline
function expLanes(x: v128): v128 {
  const clipped = f64x2.max(x, f64x2.splat(FLOOR));
  const n = f64x2.nearest(f64x2.mul(clipped, f64x2.splat(INV_LN2)));
  const r = f64x2.sub(f64x2.sub(clipped, f64x2.mul(n, f64x2.splat(LN2_HI))), f64x2.mul(n, f64x2.splat(LN2_LO)));
  // Horner on 1/13!, 1/12!, ..., 1/1!, 1.
  let p = f64x2.splat(1.6059043836821613e-10);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.08767569878681e-9));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.505210838544172e-8));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.755731922398589e-7));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.7557319223985893e-6));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.48015873015873e-5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.984126984126984e-4));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.388888888888889e-3));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(8.333333333333333e-3));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(4.1666666666666664e-2));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.6666666666666666e-1));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1));
  // 2^n: n in [-1010, 0], so n + 1023 is a normal exponent.
  // n as an integer: adding 1.5 x 2^52 puts it in the low mantissa bits (exact for |n| < 2^51).
  const k = i64x2.sub(f64x2.add(n, f64x2.splat(SHIFTER)), i64x2.splat(SHIFTER_BITS));
  const bits = i64x2.shl(i64x2.add(k, i64x2.splat(1023)), 52);
  const scaled = f64x2.mul(p, bits);
  return v128.and(scaled, f64x2.gt(x, f64x2.splat(FLOOR)));
}

/** e^x for one x <= 0, as expLanes computes it. */
export function rsmiExpNonPositive(x: f64): f64 {
  return f64x2.extract_lane(expLanes(f64x2.splat(x)), 0);
}

/**
 * I_NCE = (1/K) sum_i [ S_ii - ln( (1/K) sum_j e^(S_ij) ) ] in nats, with
 * gradient[i, j] = (delta_ij - softmax_j(S_i.)) / K written (K x K, must not
 * overlap scores). Scores f64 row-major, finite.
 */
export function rsmiInfoNce(scores: usize, size: i32, gradient: usize): f64 {
  const rowBytes = <usize>size << 3;
  const logK = Math.log(<f64>size);
  const pairs = size & ~1;
  let total: f64 = 0;
  for (let i = 0; i < size; i++) {
    const s = scores + <usize>i * rowBytes, g = gradient + <usize>i * rowBytes;
    let max = -Infinity;
    for (let j = 0; j < size; j++) max = Math.max(max, load<f64>(s + (<usize>j << 3)));
    const m = f64x2.splat(max);
    for (let j = 0; j < pairs; j += 2) v128.store(g + (<usize>j << 3), expLanes(f64x2.sub(v128.load(s + (<usize>j << 3)), m)));
    if (pairs < size) store<f64>(g + (<usize>pairs << 3), rsmiExpNonPositive(load<f64>(s + (<usize>pairs << 3)) - max));
    let sum: f64 = 0;
    for (let j = 0; j < size; j++) sum += load<f64>(g + (<usize>j << 3));
    total += load<f64>(s + (<usize>i << 3)) - max - Math.log(sum) + logK;
    const scale = -1 / (<f64>size * sum);
    for (let j = 0; j < size; j++) store<f64>(g + (<usize>j << 3), load<f64>(g + (<usize>j << 3)) * scale);
    store<f64>(g + (<usize>i << 3), load<f64>(g + (<usize>i << 3)) + 1 / <f64>size);
  }
  return total / <f64>size;
}
