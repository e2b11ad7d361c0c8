// Single-spin-flip Metropolis in checkerboard order: all sites with
// (x + y) even, then all odd. Flipping s_i costs dE = 2 s_i h_i (h_i the
// neighbour sum). Acceptance: 1 for dE < 0, exp(-K dE) for dE > 0, i.e.
// exp(-4K) for s_i h_i = 2 and exp(-8K) for 4, and 1/2 for dE = 0. Any a(0)
// satisfies detailed balance; a(0) = 1 (textbook Metropolis) makes a fixed
// sweep order reducible: on a 3 x 3 torus 8 states, on 4 x 4 36, are then
// never entered (every visited spin is forced to flip, so the sweep maps
// them to their global flip and back). With a(0) = 1/2 every state of 2 x 2,
// 3 x 3 and 4 x 4 tori reaches every other (checked by exhaustive search).
// On odd L the colours touch across the boundary; the sweep is then just a
// fixed visiting order, still exact because every flip satisfies detailed
// balance and the chain is irreducible.

import { latticeRecord } from "./lattice";

const HALF: u32 = 0x80000000;

// Branch-free, with the xoshiro128** state (step as in rng.ts) in locals:
// acceptance is unpredictable, so every site draws a number and the new spin
// is selected rather than branched to.
function metropolisSweep(latticePtr: usize, tablePtr: usize, size: i32, accept4: u32, accept8: u32, rngPtr: usize): i32 {
  let s0 = load<u32>(rngPtr, 0), s1 = load<u32>(rngPtr, 4), s2 = load<u32>(rngPtr, 8), s3 = load<u32>(rngPtr, 12);
  let flips = 0;
  for (let color = 0; color < 2; color++) {
    for (let y = 0; y < size; y++) {
      for (let x = (y + color) & 1; x < size; x += 2) {
        const site = y * size + x;
        const row = tablePtr + (<usize>site << 4);
        const field =
          <i32>load<i8>(latticePtr + <usize>load<i32>(row, 0)) +
          <i32>load<i8>(latticePtr + <usize>load<i32>(row, 4)) +
          <i32>load<i8>(latticePtr + <usize>load<i32>(row, 8)) +
          <i32>load<i8>(latticePtr + <usize>load<i32>(row, 12));
        const ptr = latticePtr + <usize>site;
        const spin = <i32>load<i8>(ptr);
        const alignment = spin * field;
        const draw = rotl<u32>(s1 * 5, 7) * 9;
        const t = s1 << 9;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl<u32>(s3, 11);
        const threshold = select<u32>(HALF, select<u32>(accept4, accept8, alignment == 2), alignment == 0);
        const accept = <i32>(alignment < 0) | <i32>(draw < threshold);
        store<i8>(ptr, <i8>select<i32>(-spin, spin, accept != 0));
        flips += accept;
      }
    }
  }
  store<u32>(rngPtr, s0, 0); store<u32>(rngPtr, s1, 4); store<u32>(rngPtr, s2, 8); store<u32>(rngPtr, s3, 12);
  return flips;
}

/** Runs `count` sweeps; returns the number of accepted flips. */
export function metropolisSweeps(
  latticePtr: usize, tablePtr: usize, size: i32, rngPtr: usize,
  accept4: u32, accept8: u32, count: i32,
): f64 {
  let flips: f64 = 0;
  for (let s = 0; s < count; s++) flips += metropolisSweep(latticePtr, tablePtr, size, accept4, accept8, rngPtr);
  return flips;
}

/** Records `nRecords` states `spacing` sweeps apart (see wolffRecord). */
export function metropolisRecord(
  latticePtr: usize, tablePtr: usize, size: i32, rngPtr: usize,
  accept4: u32, accept8: u32, spacing: i32, nRecords: i32,
  outConfigsPtr: usize, outEnergyPtr: usize, outMagPtr: usize,
): f64 {
  const nSites = size * size;
  let flips: f64 = 0;
  for (let r = 0; r < nRecords; r++) {
    for (let s = 0; s < spacing; s++) flips += metropolisSweep(latticePtr, tablePtr, size, accept4, accept8, rngPtr);
    latticeRecord(latticePtr, tablePtr, nSites, r, outConfigsPtr, outEnergyPtr, outMagPtr);
  }
  return flips;
}
