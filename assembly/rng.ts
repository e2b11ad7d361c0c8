// xoshiro128** 1.0 (Blackman & Vigna, 2018): 128-bit state, 32-bit outputs,
// period 2^128 - 1, passes BigCrush. A stream is four u32 words in linear
// memory; the kernels here (and the sampling kernels' setup) copy them into
// these module globals for the duration of a call and write them back before
// returning. A global still costs a memory access per use, so the two hot
// Ising loops (wolff.ts, metropolis.ts) hold the state in locals and spell
// out rngNext's step there: AssemblyScript cannot inline a function that
// updates its caller's locals. Their streams are tested equal to this one.

let s0: u32 = 0;
let s1: u32 = 0;
let s2: u32 = 0;
let s3: u32 = 0;

// @ts-ignore: decorator
@inline
export function rngLoad(statePtr: usize): void {
  s0 = load<u32>(statePtr, 0);
  s1 = load<u32>(statePtr, 4);
  s2 = load<u32>(statePtr, 8);
  s3 = load<u32>(statePtr, 12);
}

// @ts-ignore: decorator
@inline
export function rngSave(statePtr: usize): void {
  store<u32>(statePtr, s0, 0);
  store<u32>(statePtr, s1, 4);
  store<u32>(statePtr, s2, 8);
  store<u32>(statePtr, s3, 12);
}

// @ts-ignore: decorator
@inline
export function rngNext(): u32 {
  const result = rotl<u32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u32>(s3, 11);
  return result;
}

/** Uniform float in [0, 1) with 24 random bits (every float32 step exact). */
// @ts-ignore: decorator
@inline
export function rngNextF32(): f32 {
  return <f32>(rngNext() >>> 8) * (1.0 / 16777216.0);
}

/** Uniform integer in [0, range) of the loaded stream, exact (Lemire 2019, with rejection). */
// @ts-ignore: decorator
@inline
export function uniformBelow(range: u32): u32 {
  let product = <u64>rngNext() * <u64>range;
  let low = <u32>product;
  if (low < range) {
    const threshold: u32 = (<u32>0 - range) % range;
    while (low < threshold) {
      product = <u64>rngNext() * <u64>range;
      low = <u32>product;
    }
  }
  return <u32>(product >> 32);
}

// Advances the loaded state by 2^64 steps: 2^64 non-overlapping streams.
function rngJump(): void {
  let t0: u32 = 0, t1: u32 = 0, t2: u32 = 0, t3: u32 = 0;
  for (let w = 0; w < 4; w++) {
    const word: u32 = w == 0 ? 0x8764000b : w == 1 ? 0xf542d2d3 : w == 2 ? 0x6fa035c3 : 0x77f2db5b;
    for (let b: u32 = 0; b < 32; b++) {
      if (word & (<u32>1 << b)) {
        t0 ^= s0; t1 ^= s1; t2 ^= s2; t3 ^= s3;
      }
      rngNext();
    }
  }
  s0 = t0; s1 = t1; s2 = t2; s3 = t3;
}

function splitMix64(x: u64): u64 {
  let z = x + 0x9e3779b97f4a7c15;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

/**
 * Seeds stream `stream` of the generator family named by the 64-bit seed:
 * the base state comes from SplitMix64 (Vigna's recommended seeder) and
 * stream k is the base state jumped k times, so streams never overlap and a
 * chain's numbers do not depend on how many chains or threads run.
 */
export function rngSeed(statePtr: usize, seedLo: u32, seedHi: u32, stream: u32): void {
  const seed = (<u64>seedHi << 32) | <u64>seedLo;
  const a = splitMix64(seed);
  const b = splitMix64(seed + 0x9e3779b97f4a7c15);
  s0 = <u32>a; s1 = <u32>(a >> 32); s2 = <u32>b; s3 = <u32>(b >> 32);
  if ((s0 | s1 | s2 | s3) == 0) s0 = 1;
  for (let k: u32 = 0; k < stream; k++) rngJump();
  rngSave(statePtr);
}

export function rngFillU32(statePtr: usize, outPtr: usize, count: i32): void {
  rngLoad(statePtr);
  for (let i = 0; i < count; i++) store<u32>(outPtr + (<usize>i << 2), rngNext());
  rngSave(statePtr);
}

export function rngFillF32(statePtr: usize, outPtr: usize, count: i32): void {
  rngLoad(statePtr);
  for (let i = 0; i < count; i++) store<f32>(outPtr + (<usize>i << 2), rngNextF32());
  rngSave(statePtr);
}
