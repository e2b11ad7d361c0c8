// Bernoulli sampling of unit states from probabilities: out[k] = 1 if u < p[k]
// else 0, with u = rngNextF32() drawn once per element in increasing k. That
// order is a contract (tests replay it from a copy of the stream state), so
// the loop stays scalar: one xoshiro128** step per element.

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
