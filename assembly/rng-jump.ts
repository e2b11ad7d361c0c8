// Jumping a xoshiro128** stream ahead by any number of steps, so that several
// threads can draw disjoint parts of one stream and get exactly the numbers
// one thread drawing in order would. The state update of xoshiro128** is
// linear over GF(2) (shifts, rotations and xors of the 128 state bits), so d
// steps are one 128 x 128 bit matrix T^d, made by squaring (Haramoto et al.
// 2008 jump by polynomials; the matrix form is simpler and made once per
// distance). A matrix is 128 columns of 4 u32 words: column k is T^d applied to
// the state with only bit k set (bit k of word k / 32).

import { rngLoad, rngNext, rngNextF32, rngSave } from "./rng";

const MATRIX_BYTES: usize = 128 * 16;

/** o xor the columns base + k of M for the set bits k of `bits`. */
// @ts-ignore: decorator
@inline
function xorColumns(M: usize, bits: u32, base: i32, o: v128): v128 {
  while (bits != 0) {
    o = v128.xor(o, v128.load(M + (<usize>(base + <i32>ctz<u32>(bits)) << 4)));
    bits &= bits - 1;
  }
  return o;
}

/** out = M v for the 4 words at v (read before out is written, so out may be v). */
// @ts-ignore: decorator
@inline
function applyMatrix(M: usize, v: usize, out: usize): void {
  const w0 = load<u32>(v, 0), w1 = load<u32>(v, 4), w2 = load<u32>(v, 8), w3 = load<u32>(v, 12);
  let o = v128.splat<i32>(0);
  o = xorColumns(M, w0, 0, o);
  o = xorColumns(M, w1, 32, o);
  o = xorColumns(M, w2, 64, o);
  o = xorColumns(M, w3, 96, o);
  v128.store(out, o);
}

/** C = A B (every column of B mapped by A); C may not be A or B. */
function multiply(A: usize, B: usize, C: usize): void {
  for (let k = 0; k < 128; k++) applyMatrix(A, B + (<usize>k << 4), C + (<usize>k << 4));
}

/** Bytes of rngJumpMatrix's scratch. */
export function rngJumpScratchBytes(): i32 {
  return 3 * <i32>MATRIX_BYTES;
}

/**
 * out = the matrix of `distance` steps (an integer below 2^53), by squaring T. scratch: rngJumpScratchBytes() bytes.
 */
export function rngJumpMatrix(distance: f64, out: usize, scratch: usize): void {
  const power = scratch, product = scratch + MATRIX_BYTES, spare = scratch + 2 * MATRIX_BYTES;
  // out = identity, power = T.
  memory.fill(out, 0, MATRIX_BYTES);
  memory.fill(power, 0, MATRIX_BYTES);
  for (let k = 0; k < 128; k++) {
    const bit = <u32>1 << <u32>(k & 31);
    store<u32>(out + (<usize>k << 4) + (<usize>(k >> 5) << 2), bit);
    store<u32>(power + (<usize>k << 4) + (<usize>(k >> 5) << 2), bit);
    // One step of the generator from that state (its output is not needed).
    rngLoad(power + (<usize>k << 4));
    rngNext();
    rngSave(power + (<usize>k << 4));
  }
  let d = <u64>distance;
  while (d != 0) {
    if (d & 1) {
      multiply(power, out, product);
      memory.copy(out, product, MATRIX_BYTES);
    }
    d >>= 1;
    if (d != 0) {
      multiply(power, power, spare);
      memory.copy(power, spare, MATRIX_BYTES);
    }
  }
}

/** The stream at `statePtr` moved on by the steps of `matrix` (made by rngJumpMatrix), written at outPtr (may be statePtr). */
export function rngJump(statePtr: usize, matrix: usize, outPtr: usize): void {
  applyMatrix(matrix, statePtr, outPtr);
}

/**
 * Draws of rows x [first, end) of a rows x nCols probability matrix, as rbm-sample.ts's kernels over the whole matrix
 * would make them; inlined with a constant `bytes` (1: u8 out, 4: f32 out).
 */
// @ts-ignore: decorator
@inline
function bernoulliColumns(
  prob: usize, rows: i32, nCols: i32, first: i32, end: i32, rngPtr: usize, skip: usize, out: usize, bytes: i32,
): void {
  for (let b = 0; b < rows; b++) {
    if (b > 0 && end - first < nCols) applyMatrix(skip, rngPtr, rngPtr);
    rngLoad(rngPtr);
    const at = <usize>b * <usize>nCols;
    for (let i = first; i < end; i++) {
      const k = at + <usize>i;
      const on = rngNextF32() < load<f32>(prob + (k << 2));
      if (bytes == 1) store<u8>(out + k, <u8>on);
      else store<f32>(out + (k << 2), select<f32>(1.0, 0.0, on));
    }
    rngSave(rngPtr);
  }
}

/**
 * out[b, i] = (u < prob[b, i]) ? 1 : 0 (u8) for rows b < rows and columns i in [first, end) of the rows x nCols f32
 * matrix prob, with the numbers rbmBernoulliU8 over the whole matrix would give those elements: the stream at rngPtr
 * must stand at element (0, first), and `skip` is the matrix of nCols - (end - first) steps (rngJumpMatrix), taken
 * between rows. Leaves the stream just after element (rows - 1, end - 1).
 */
export function rbmBernoulliU8Columns(
  prob: usize, rows: i32, nCols: i32, first: i32, end: i32, rngPtr: usize, skip: usize, out: usize,
): void {
  bernoulliColumns(prob, rows, nCols, first, end, rngPtr, skip, out, 1);
}

/** rbmBernoulliU8Columns with f32 states (1.0 or 0.0) out, as rbmBernoulliF32 makes them. */
export function rbmBernoulliF32Columns(
  prob: usize, rows: i32, nCols: i32, first: i32, end: i32, rngPtr: usize, skip: usize, out: usize,
): void {
  bernoulliColumns(prob, rows, nCols, first, end, rngPtr, skip, out, 4);
}
