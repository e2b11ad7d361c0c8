// Logistic sigmoid s(x) = 1 / (1 + e^-x) for f32x4 and f32, and softplus
// log(1 + e^x) in f64 for free energies.
//
// e^t for t <= 0 follows Cephes expf (S. Moshier): n = round(t log2 e),
// r = t - n ln 2 with ln 2 split in two (C1 has 9 significant bits, so n C1
// is exact), e^r by the Cephes degree-5 minimax polynomial on
// |r| <= ln2 / 2, then e^t = e^r 2^n. The 2^n is applied as two power-of-two
// factors 2^(n >> 1) 2^(n - (n >> 1)): the first product is exact and the
// second rounds once, so results in the subnormal range come out correctly
// rounded from e^r instead of being flushed.
//
// The sigmoid is evaluated on the non-positive side only: with e = e^-|x| in
// (0, 1], s(x) = 1 / (1 + e) for x >= 0 and e / (1 + e) for x < 0, one
// division either way. Nothing overflows; |x| is clamped at 104, beyond which
// e^-|x| < 2^-150 rounds to 0 anyway, so s(+inf) = 1 and s(-inf) = 0 exactly; only NaN
// propagates NaN. Measured max relative error 1.8e-7 (2.4 ulp) where the
// result is a normal float (x > -87.3; test/kernels/rbm-kernels.test.ts asserts
// < 2e-7 on a grid of [-90, 90]); below 2^-126 the error is at most one
// subnormal step.
//
// Results below 2^-64 (x < -64 ln 2 = -44.36) are flushed to exactly 0.
// Trained hidden biases reach -45 and beyond; their sigmoids then fell into
// the subnormal range, and subnormal operands make x86 float arithmetic
// tens of times slower, which slowed the epochs of long-trained L1 models.
// A probability below 2^-64 changes no float32 sum of
// probabilities and no Bernoulli draw (uniforms are multiples of 2^-24).
//
// The scalar sigmoid performs the same IEEE operations in the same order as
// one lane of the vector version, so a value does not depend on whether it
// landed in a SIMD body or a scalar tail.

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const CLAMP: f32 = 104.0;
/** Inputs below this give results under 2^-64: flushed to 0 (see above). */
const FLUSH_BELOW: f32 = -44.3614195558365;
const P0: f32 = 1.9875691500e-4;
const P1: f32 = 1.3981999507e-3;
const P2: f32 = 8.3334519073e-3;
const P3: f32 = 4.1665795894e-2;
const P4: f32 = 1.6666665459e-1;
const P5: f32 = 5.0000001201e-1;

/** e^t per lane for t in [-104, 0]. */
// @ts-ignore: decorator
@inline
function expNonPositive4(t: v128): v128 {
  const fn = f32x4.nearest(f32x4.mul(t, f32x4.splat(LOG2E)));
  let r = f32x4.sub(t, f32x4.mul(fn, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(fn, f32x4.splat(LN2_LO)));
  const r2 = f32x4.mul(r, r);
  let p = f32x4.add(f32x4.mul(f32x4.splat(P0), r), f32x4.splat(P1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P5));
  p = f32x4.add(f32x4.add(f32x4.mul(p, r2), r), f32x4.splat(1.0));
  const n = i32x4.trunc_sat_f32x4_s(fn);
  const half = i32x4.shr_s(n, 1);
  const rest = i32x4.sub(n, half);
  const bias = i32x4.splat(127);
  const scale1 = i32x4.shl(i32x4.add(half, bias), 23);
  const scale2 = i32x4.shl(i32x4.add(rest, bias), 23);
  return f32x4.mul(f32x4.mul(p, scale1), scale2);
}

/** e^t for t in [-104, 0]; the same operations as one lane of expNonPositive4. */
// @ts-ignore: decorator
@inline
function expNonPositive(t: f32): f32 {
  const fn = nearest<f32>(t * LOG2E);
  let r = t - fn * LN2_HI;
  r = r - fn * LN2_LO;
  const r2 = r * r;
  let p = P0 * r + P1;
  p = p * r + P2;
  p = p * r + P3;
  p = p * r + P4;
  p = p * r + P5;
  p = (p * r2 + r) + <f32>1.0;
  const n = <i32>fn;
  const half = n >> 1;
  const rest = n - half;
  const scale1 = reinterpret<f32>((half + 127) << 23);
  const scale2 = reinterpret<f32>((rest + 127) << 23);
  return (p * scale1) * scale2;
}

/** Logistic sigmoid of each lane. */
// @ts-ignore: decorator
@inline
export function sigmoid4(x: v128): v128 {
  const t = f32x4.max(f32x4.neg(f32x4.abs(x)), f32x4.splat(-CLAMP));
  const e = expNonPositive4(t);
  const one = f32x4.splat(1.0);
  const numerator = v128.bitselect(one, e, f32x4.ge(x, f32x4.splat(0.0)));
  return v128.andnot(f32x4.div(numerator, f32x4.add(one, e)), f32x4.lt(x, f32x4.splat(FLUSH_BELOW)));
}

/** Logistic sigmoid; bitwise equal to a lane of sigmoid4. */
// @ts-ignore: decorator
@inline
export function sigmoid(x: f32): f32 {
  const t = max<f32>(-abs<f32>(x), -CLAMP);
  const e = expNonPositive(t);
  const numerator: f32 = x >= 0 ? 1.0 : e;
  const result = numerator / (<f32>1.0 + e);
  return x < FLUSH_BELOW ? 0 : result;
}

/** out[k] = sigmoid(in[k]) for k < count; in place (outPtr == inPtr) is fine. */
export function rbmSigmoid(inPtr: usize, count: i32, outPtr: usize): void {
  let k = 0;
  for (; k + 4 <= count; k += 4) {
    const offset = <usize>k << 2;
    v128.store(outPtr + offset, sigmoid4(v128.load(inPtr + offset)));
  }
  for (; k < count; k++) {
    const offset = <usize>k << 2;
    store<f32>(outPtr + offset, sigmoid(load<f32>(inPtr + offset)));
  }
}

/** log(1 + e^x) without overflow or cancellation, in f64. */
// @ts-ignore: decorator
@inline
export function softplus(x: f64): f64 {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
