// Wolff single-cluster algorithm (U. Wolff, PRL 62, 361, 1989): grow a
// cluster from a uniformly chosen site, adding each aligned neighbour with
// probability p = 1 - exp(-2K), then flip it. Rejection-free and nearly free
// of critical slowing down. Flipping a site as it joins doubles as the
// "visited" mark; an explicit stack avoids recursion.

import { rngLoad, rngSave, uniformBelow } from "./rng";
import { latticeRecord } from "./lattice";

// addThreshold = floor(p * 2^32): a bond is added when a u32 draw is below it.
// The xoshiro128** state is held in locals here (a wasm global costs a memory
// round trip per access, which doubled the time per flipped spin); the step
// is the one in rng.ts.
function wolffCluster(latticePtr: usize, tablePtr: usize, nSites: i32, stackPtr: usize, addThreshold: u32, rngPtr: usize): i32 {
  rngLoad(rngPtr);
  const seed = uniformBelow(<u32>nSites);
  rngSave(rngPtr);
  let s0 = load<u32>(rngPtr, 0), s1 = load<u32>(rngPtr, 4), s2 = load<u32>(rngPtr, 8), s3 = load<u32>(rngPtr, 12);
  const old = load<i8>(latticePtr + <usize>seed);
  const flipped: i8 = -old;
  store<i8>(latticePtr + <usize>seed, flipped);
  store<i32>(stackPtr, seed);
  let top = 1;
  let size = 1;
  while (top > 0) {
    top--;
    const site = load<i32>(stackPtr + (<usize>top << 2));
    const row = tablePtr + (<usize>site << 4);
    // Branch-free: whether a neighbour joins is a coin flip the predictor
    // cannot learn, so every neighbour draws a number and the stack top
    // advances by the 0/1 outcome (about twice as fast as branching).
    for (let k: usize = 0; k < 16; k += 4) {
      const neighbor = load<i32>(row + k);
      const ptr = latticePtr + <usize>neighbor;
      const spin = load<i8>(ptr);
      const draw = rotl<u32>(s1 * 5, 7) * 9;
      const t = s1 << 9;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl<u32>(s3, 11);
      const joins = <i32>(spin == old) & <i32>(draw < addThreshold);
      store<i8>(ptr, select<i8>(flipped, spin, joins != 0));
      store<i32>(stackPtr + (<usize>top << 2), neighbor);
      top += joins;
      size += joins;
    }
  }
  store<u32>(rngPtr, s0, 0); store<u32>(rngPtr, s1, 4); store<u32>(rngPtr, s2, 8); store<u32>(rngPtr, s3, 12);
  return size;
}

/** Runs `count` cluster updates; returns the total number of spins flipped. */
export function wolffUpdates(
  latticePtr: usize, tablePtr: usize, nSites: i32, stackPtr: usize, rngPtr: usize,
  addThreshold: u32, count: i32,
): f64 {
  let flips: f64 = 0;
  for (let u = 0; u < count; u++) flips += wolffCluster(latticePtr, tablePtr, nSites, stackPtr, addThreshold, rngPtr);
  return flips;
}

/**
 * Records `nRecords` states `spacing` cluster updates apart. outConfigsPtr may
 * be 0 (observables only, for autocorrelation pilots). Returns spins flipped.
 */
export function wolffRecord(
  latticePtr: usize, tablePtr: usize, nSites: i32, stackPtr: usize, rngPtr: usize,
  addThreshold: u32, spacing: i32, nRecords: i32,
  outConfigsPtr: usize, outEnergyPtr: usize, outMagPtr: usize,
): f64 {
  let flips: f64 = 0;
  for (let r = 0; r < nRecords; r++) {
    for (let u = 0; u < spacing; u++) flips += wolffCluster(latticePtr, tablePtr, nSites, stackPtr, addThreshold, rngPtr);
    latticeRecord(latticePtr, tablePtr, nSites, r, outConfigsPtr, outEnergyPtr, outMagPtr);
  }
  return flips;
}
