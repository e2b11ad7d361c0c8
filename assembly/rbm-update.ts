// Parameter update with momentum and weight penalties (Hinton's rbm.m form):
//   increment = momentum increment + gradScale grad - l2 param - l1 sign(param)
//   param    += increment
//   grad      = 0            (the next batch accumulates from zero)
// with sign(0) = 0. The host chooses the numbers (rbm.m: gradScale = lr/batch,
// l2 = lr weightcost; an L1 penalty: l1 = lr l1cost); the kernel has no policy.
// Evaluated in f32 as ((momentum inc + gradScale grad) - l2 param) - l1 sign,
// the same order in the SIMD body, the scalar tail and updateLanes (which the
// fused gradient-and-update kernel of rbm-grad-tables.ts applies in registers).

/**
 * Four lanes of the update: stores the new increment and parameter at
 * `increment` and `param` given the gradient `grad` (already in registers).
 */
// @ts-ignore: decorator
@inline
export function updateLanes(param: usize, increment: usize, grad: v128, m: v128, g: v128, c2: v128, c1: v128): void {
  const zero = f32x4.splat(0);
  const p = v128.load(param);
  const sign = v128.or(v128.and(f32x4.gt(p, zero), f32x4.splat(1)), v128.and(f32x4.lt(p, zero), f32x4.splat(-1)));
  let inc = f32x4.add(f32x4.mul(m, v128.load(increment)), f32x4.mul(g, grad));
  inc = f32x4.sub(inc, f32x4.mul(c2, p));
  inc = f32x4.sub(inc, f32x4.mul(c1, sign));
  v128.store(increment, inc);
  v128.store(param, f32x4.add(p, inc));
}

/** One lane of the update (scalar tails), in updateLanes' order. */
// @ts-ignore: decorator
@inline
export function updateLane(param: usize, increment: usize, grad: f32, momentum: f32, gradScale: f32, l2: f32, l1: f32): void {
  const p = load<f32>(param);
  const sign: f32 = p > 0 ? 1.0 : p < 0 ? -1.0 : 0.0;
  let inc = momentum * load<f32>(increment) + gradScale * grad;
  inc = inc - l2 * p;
  inc = inc - l1 * sign;
  store<f32>(increment, inc);
  store<f32>(param, p + inc);
}

/** Applies one momentum / L2 / L1 update to count parameters and zeroes grad. */
export function rbmUpdate(
  param: usize, increment: usize, grad: usize, count: i32,
  momentum: f32, gradScale: f32, l2: f32, l1: f32,
): void {
  const m = f32x4.splat(momentum);
  const g = f32x4.splat(gradScale);
  const c2 = f32x4.splat(l2);
  const c1 = f32x4.splat(l1);
  const zero = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= count; k += 4) {
    const offset = <usize>k << 2;
    updateLanes(param + offset, increment + offset, v128.load(grad + offset), m, g, c2, c1);
    v128.store(grad + offset, zero);
  }
  for (; k < count; k++) {
    const offset = <usize>k << 2;
    updateLane(param + offset, increment + offset, load<f32>(grad + offset), momentum, gradScale, l2, l1);
    store<f32>(grad + offset, 0);
  }
}
