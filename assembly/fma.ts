// c + a b per f32 lane. The baseline build rounds twice (mul, then add),
// exactly as the kernels always did; the relaxed-SIMD build
// (asconfig target "relaxed", ASC_FEATURE_RELAXED_SIMD) uses
// f32x4.relaxed_madd, which engines lower to one fused multiply-add where
// the CPU has it (one rounding), or to mul + add where it does not. Only
// the GEMM and dot-product inner loops use it; sigmoid, updates and sums
// are the same in both builds.

// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}
