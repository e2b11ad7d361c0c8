// Peak-throughput probes for bench/peak.ts, built into the bench-only module
// (assembly/bench.ts), not the shipped one: 12 independent f32x4 chains kept
// in registers (12 accumulators + 2 constants = 14 of the 16 xmm registers
// V8 allocates on x64), no loads or stores in the loop. Each step is
// acc = acc * m + c, which cannot be hoisted out of the loop and stays
// bounded (it converges to c / (1 - m)), so no denormals or infinities slow
// it down. The result is the sum of every lane, so nothing is dead code.
// (14 FMA chains measured slower than 12 under V8.)
//
// Flops per call: 12 x 4 lanes x iterations x (2 for a mul + add or a fused
// multiply-add, 1 for an add).

import { madd } from "./fma";

// @ts-ignore: decorator
@inline
function lanes(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

// @ts-ignore: decorator
@inline
function total(
  a0: v128, a1: v128, a2: v128, a3: v128, a4: v128, a5: v128,
  a6: v128, a7: v128, a8: v128, a9: v128, a10: v128, a11: v128,
): f32 {
  const s = f32x4.add(
    f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7))),
    f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11)),
  );
  return lanes(s);
}

/** 12 chains of acc = acc * m + c with separate f32x4.mul and f32x4.add (two roundings), in both builds. */
export function peakMulAdd(iterations: i32, seed: f32): f32 {
  const m = f32x4.splat(0.9990234375);
  const c = f32x4.splat(seed * 0.0009765625);
  let a0 = f32x4.splat(seed), a1 = f32x4.splat(seed + 1), a2 = f32x4.splat(seed + 2), a3 = f32x4.splat(seed + 3);
  let a4 = f32x4.splat(seed + 4), a5 = f32x4.splat(seed + 5), a6 = f32x4.splat(seed + 6), a7 = f32x4.splat(seed + 7);
  let a8 = f32x4.splat(seed + 8), a9 = f32x4.splat(seed + 9), a10 = f32x4.splat(seed + 10), a11 = f32x4.splat(seed + 11);
  for (let i = 0; i < iterations; i++) {
    a0 = f32x4.add(f32x4.mul(a0, m), c);
    a1 = f32x4.add(f32x4.mul(a1, m), c);
    a2 = f32x4.add(f32x4.mul(a2, m), c);
    a3 = f32x4.add(f32x4.mul(a3, m), c);
    a4 = f32x4.add(f32x4.mul(a4, m), c);
    a5 = f32x4.add(f32x4.mul(a5, m), c);
    a6 = f32x4.add(f32x4.mul(a6, m), c);
    a7 = f32x4.add(f32x4.mul(a7, m), c);
    a8 = f32x4.add(f32x4.mul(a8, m), c);
    a9 = f32x4.add(f32x4.mul(a9, m), c);
    a10 = f32x4.add(f32x4.mul(a10, m), c);
    a11 = f32x4.add(f32x4.mul(a11, m), c);
  }
  return total(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11);
}

/**
 * 12 chains of acc = madd(acc, m, c) (assembly/fma.ts): f32x4.relaxed_madd
 * in the relaxed build (one fused multiply-add where the CPU has FMA), the
 * same mul + add as peakMulAdd in the baseline build.
 */
export function peakMadd(iterations: i32, seed: f32): f32 {
  const m = f32x4.splat(0.9990234375);
  const c = f32x4.splat(seed * 0.0009765625);
  let a0 = f32x4.splat(seed), a1 = f32x4.splat(seed + 1), a2 = f32x4.splat(seed + 2), a3 = f32x4.splat(seed + 3);
  let a4 = f32x4.splat(seed + 4), a5 = f32x4.splat(seed + 5), a6 = f32x4.splat(seed + 6), a7 = f32x4.splat(seed + 7);
  let a8 = f32x4.splat(seed + 8), a9 = f32x4.splat(seed + 9), a10 = f32x4.splat(seed + 10), a11 = f32x4.splat(seed + 11);
  for (let i = 0; i < iterations; i++) {
    a0 = madd(a0, m, c);
    a1 = madd(a1, m, c);
    a2 = madd(a2, m, c);
    a3 = madd(a3, m, c);
    a4 = madd(a4, m, c);
    a5 = madd(a5, m, c);
    a6 = madd(a6, m, c);
    a7 = madd(a7, m, c);
    a8 = madd(a8, m, c);
    a9 = madd(a9, m, c);
    a10 = madd(a10, m, c);
    a11 = madd(a11, m, c);
  }
  return total(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11);
}

/** 12 chains of acc = acc + c (f32x4.add only): the ceiling for the binary kernels, which only add. */
export function peakAdd(iterations: i32, seed: f32): f32 {
  const c = f32x4.splat(seed * 0.0009765625);
  let a0 = f32x4.splat(seed), a1 = f32x4.splat(seed + 1), a2 = f32x4.splat(seed + 2), a3 = f32x4.splat(seed + 3);
  let a4 = f32x4.splat(seed + 4), a5 = f32x4.splat(seed + 5), a6 = f32x4.splat(seed + 6), a7 = f32x4.splat(seed + 7);
  let a8 = f32x4.splat(seed + 8), a9 = f32x4.splat(seed + 9), a10 = f32x4.splat(seed + 10), a11 = f32x4.splat(seed + 11);
  for (let i = 0; i < iterations; i++) {
    a0 = f32x4.add(a0, c);
    a1 = f32x4.add(a1, c);
    a2 = f32x4.add(a2, c);
    a3 = f32x4.add(a3, c);
    a4 = f32x4.add(a4, c);
    a5 = f32x4.add(a5, c);
    a6 = f32x4.add(a6, c);
    a7 = f32x4.add(a7, c);
    a8 = f32x4.add(a8, c);
    a9 = f32x4.add(a9, c);
    a10 = f32x4.add(a10, c);
    a11 = f32x4.add(a11, c);
  }
  return total(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11);
}

/**
 * Multiplies and adds on separate chains, as in a GEMM micro-kernel where the
 * product does not depend on the accumulator: 6 chains x = x * m (m
 * alternating 2 and 0.5, exact, so x stays bounded) feeding 6 chains
 * a = a + x. Per iteration (two steps) 12 mul + 12 add. Same flop count
 * per iteration as peakMulAdd.
 */
export function peakMulAddSplit(iterations: i32, seed: f32): f32 {
  const up = f32x4.splat(2.0);
  const down = f32x4.splat(0.5);
  let x0 = f32x4.splat(seed), x1 = f32x4.splat(seed + 1), x2 = f32x4.splat(seed + 2);
  let x3 = f32x4.splat(seed + 3), x4 = f32x4.splat(seed + 4), x5 = f32x4.splat(seed + 5);
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0), a4 = f32x4.splat(0), a5 = f32x4.splat(0);
  for (let i = 0; i < iterations; i++) {
    x0 = f32x4.mul(x0, up); a0 = f32x4.add(a0, x0);
    x1 = f32x4.mul(x1, up); a1 = f32x4.add(a1, x1);
    x2 = f32x4.mul(x2, up); a2 = f32x4.add(a2, x2);
    x3 = f32x4.mul(x3, up); a3 = f32x4.add(a3, x3);
    x4 = f32x4.mul(x4, up); a4 = f32x4.add(a4, x4);
    x5 = f32x4.mul(x5, up); a5 = f32x4.add(a5, x5);
    x0 = f32x4.mul(x0, down); a0 = f32x4.add(a0, x0);
    x1 = f32x4.mul(x1, down); a1 = f32x4.add(a1, x1);
    x2 = f32x4.mul(x2, down); a2 = f32x4.add(a2, x2);
    x3 = f32x4.mul(x3, down); a3 = f32x4.add(a3, x3);
    x4 = f32x4.mul(x4, down); a4 = f32x4.add(a4, x4);
    x5 = f32x4.mul(x5, down); a5 = f32x4.add(a5, x5);
  }
  return total(a0, a1, a2, a3, a4, a5, x0, x1, x2, x3, x4, x5);
}
