// Bernoulli sampling of unit states from probabilities: out[k] = 1 if u < p[k]
// else 0, with u = rngNextF32() drawn once per element in increasing k. That
// order is a contract (tests replay it from a copy of the stream state), so
// the loop stays scalar: one xoshiro128** step per element. Also the
// conversion of sampled f32 states to bytes.

import { rngLoad, rngNextF32, rngSave } from "./rng";

/** outF32[k] = (u_k < prob[k]) ? 1 : 0 for k < count; advances the stream by count. */
export function rbmBernoulliF32(prob: usize, count: i32, rngPtr: usize, out: usize): void {
  rngLoad(rngPtr);
  for (let k = 0; k < count; k++) {
    const offset = <usize>k << 2;
    store<f32>(out + offset, select<f32>(1.0, 0.0, rngNextF32() < load<f32>(prob + offset)));
  }
  rngSave(rngPtr);
}

/** outU8[k] = (u_k < prob[k]) ? 1 : 0 for k < count; advances the stream by count. */
export function rbmBernoulliU8(prob: usize, count: i32, rngPtr: usize, out: usize): void {
  rngLoad(rngPtr);
  for (let k = 0; k < count; k++) {
    store<u8>(out + <usize>k, <u8>(rngNextF32() < load<f32>(prob + (<usize>k << 2))));
  }
  rngSave(rngPtr);
}

/**
 * out[k] = 1 if states[k] != 0 else 0, as bytes: sampled states kept as f32
 * (the Gibbs chain, saved with checkpoints) in the form the binary kernels scan.
 */
export function rbmStatesToU8(states: usize, count: i32, out: usize): void {
  const zero = f32x4.splat(0);
  const one = i8x16.splat(1);
  let k = 0;
  for (; k + 16 <= count; k += 16) {
    const p = states + (<usize>k << 2);
    const low = i16x8.narrow_i32x4_s(f32x4.ne(v128.load(p, 0), zero), f32x4.ne(v128.load(p, 16), zero));
    const high = i16x8.narrow_i32x4_s(f32x4.ne(v128.load(p, 32), zero), f32x4.ne(v128.load(p, 48), zero));
    v128.store(out + <usize>k, v128.and(i8x16.narrow_i16x8_s(low, high), one));
  }
  for (; k < count; k++) store<u8>(out + <usize>k, <u8>(load<f32>(states + (<usize>k << 2)) != 0));
}
