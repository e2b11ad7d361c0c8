// A register-blocked GEMM for the dense kernels: propagation
// (rbm-propagate.ts), weight gradients (rbm-gradient.ts) and the analysis
// matrix product (matmul.ts) all run this one tuned, tested routine.
//
// C += scale A B, with A given by two byte strides so that one routine serves both V W (propagation, A = V)
// and V^T H (gradients, A = V^T read in place); gemmPackedAccumulate takes A packed in panels of 4 rows
// instead, as the weight gradient does (the same tiles and bits, fewer instructions per k step). The micro-kernel keeps a
// 4 x 8 tile of C in 8 f32x4 accumulators; per k it loads two vectors of B,
// broadcasts four scalars of A and does 8 mul + 8 add. The k range is split
// into blocks of GEMM_KB so a block's panel of B (GEMM_KB rows x 32 bytes)
// stays in L1 while the tile rows of A stream past it.
// Rows past M reuse the last row's A pointer and skip their stores, so no
// row-tail kernel is needed; columns use 8-, 4- and 1-wide kernels. M = 1
// (one sample, as in free energies) gets a 1 x 32 kernel instead of wasting
// three quarters of the 4-row tiles.

import { madd } from "./fma";

const GEMM_KB: i32 = 256;

function gemmTile8(
  a0: usize, a1: usize, a2: usize, a3: usize, aK: usize, b: usize, ldb: usize, kLen: i32,
  c: usize, ldc: usize, rows: i32, scale: f32,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let ak: usize = 0;
  let bp = b;
  for (let k = 0; k < kLen; k++) {
    const b0 = v128.load(bp, 0);
    const b1 = v128.load(bp, 16);
    let x = v128.load32_splat(a0 + ak);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    x = v128.load32_splat(a1 + ak);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    x = v128.load32_splat(a2 + ak);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    x = v128.load32_splat(a3 + ak);
    c30 = madd(x, b0, c30);
    c31 = madd(x, b1, c31);
    ak += aK;
    bp += ldb;
  }
  storeTile8(c, ldc, rows, scale, c00, c01, c10, c11, c20, c21, c30, c31);
}

/** C[r, 0:8] += scale * (cr0, cr1) for the tile's first `rows` rows. */
// @ts-ignore: decorator
@inline
function storeTile8(
  c: usize, ldc: usize, rows: i32, scale: f32, c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128,
): void {
  const s = f32x4.splat(scale);
  let cp = c;
  v128.store(cp, f32x4.add(v128.load(cp, 0), f32x4.mul(s, c00)), 0);
  v128.store(cp, f32x4.add(v128.load(cp, 16), f32x4.mul(s, c01)), 16);
  if (rows < 2) return;
  cp += ldc;
  v128.store(cp, f32x4.add(v128.load(cp, 0), f32x4.mul(s, c10)), 0);
  v128.store(cp, f32x4.add(v128.load(cp, 16), f32x4.mul(s, c11)), 16);
  if (rows < 3) return;
  cp += ldc;
  v128.store(cp, f32x4.add(v128.load(cp, 0), f32x4.mul(s, c20)), 0);
  v128.store(cp, f32x4.add(v128.load(cp, 16), f32x4.mul(s, c21)), 16);
  if (rows < 4) return;
  cp += ldc;
  v128.store(cp, f32x4.add(v128.load(cp, 0), f32x4.mul(s, c30)), 0);
  v128.store(cp, f32x4.add(v128.load(cp, 16), f32x4.mul(s, c31)), 16);
}

/**
 * gemmTile8 for A packed in a panel of 4 rows (A[r, k] at a + 16 k + 4 r): the four broadcasts read one pointer at
 * constant offsets, where gemmTile8 adds each row's pointer to the k offset, and V8 (Node 20) keeps each of those
 * additions as an instruction of the loop. Each accumulator takes the same products in the same order as gemmTile8,
 * so the bits are the same. Unrolling k by two was slower: the second step's loads no longer fit the 15 registers.
 */
function gemmTile8Packed(ap: usize, b: usize, ldb: usize, kLen: i32, c: usize, ldc: usize, rows: i32, scale: f32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let a = ap;
  let bp = b;
  let k = 0;
  for (; k < kLen; k++) {
    const b0 = v128.load(bp, 0);
    const b1 = v128.load(bp, 16);
    let x = v128.load32_splat(a, 0);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    x = v128.load32_splat(a, 4);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    x = v128.load32_splat(a, 8);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    x = v128.load32_splat(a, 12);
    c30 = madd(x, b0, c30);
    c31 = madd(x, b1, c31);
    a += 16;
    bp += ldb;
  }
  storeTile8(c, ldc, rows, scale, c00, c01, c10, c11, c20, c21, c30, c31);
}

/** One row of A times a 32-column panel of B (8 accumulators): the M = 1 case. */
function gemvTile32(a0: usize, aK: usize, b: usize, ldb: usize, kLen: i32, c: usize, scale: f32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let c4 = f32x4.splat(0), c5 = f32x4.splat(0), c6 = f32x4.splat(0), c7 = f32x4.splat(0);
  let ak: usize = 0;
  let bp = b;
  for (let k = 0; k < kLen; k++) {
    const x = v128.load32_splat(a0 + ak);
    c0 = madd(x, v128.load(bp, 0), c0);
    c1 = madd(x, v128.load(bp, 16), c1);
    c2 = madd(x, v128.load(bp, 32), c2);
    c3 = madd(x, v128.load(bp, 48), c3);
    c4 = madd(x, v128.load(bp, 64), c4);
    c5 = madd(x, v128.load(bp, 80), c5);
    c6 = madd(x, v128.load(bp, 96), c6);
    c7 = madd(x, v128.load(bp, 112), c7);
    ak += aK;
    bp += ldb;
  }
  const s = f32x4.splat(scale);
  v128.store(c, f32x4.add(v128.load(c, 0), f32x4.mul(s, c0)), 0);
  v128.store(c, f32x4.add(v128.load(c, 16), f32x4.mul(s, c1)), 16);
  v128.store(c, f32x4.add(v128.load(c, 32), f32x4.mul(s, c2)), 32);
  v128.store(c, f32x4.add(v128.load(c, 48), f32x4.mul(s, c3)), 48);
  v128.store(c, f32x4.add(v128.load(c, 64), f32x4.mul(s, c4)), 64);
  v128.store(c, f32x4.add(v128.load(c, 80), f32x4.mul(s, c5)), 80);
  v128.store(c, f32x4.add(v128.load(c, 96), f32x4.mul(s, c6)), 96);
  v128.store(c, f32x4.add(v128.load(c, 112), f32x4.mul(s, c7)), 112);
}

function gemmTile4(
  a0: usize, a1: usize, a2: usize, a3: usize, aK: usize, b: usize, ldb: usize, kLen: i32,
  c: usize, ldc: usize, rows: i32, scale: f32,
): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let ak: usize = 0;
  let bp = b;
  for (let k = 0; k < kLen; k++) {
    const b0 = v128.load(bp);
    c0 = madd(v128.load32_splat(a0 + ak), b0, c0);
    c1 = madd(v128.load32_splat(a1 + ak), b0, c1);
    c2 = madd(v128.load32_splat(a2 + ak), b0, c2);
    c3 = madd(v128.load32_splat(a3 + ak), b0, c3);
    ak += aK;
    bp += ldb;
  }
  const s = f32x4.splat(scale);
  let cp = c;
  v128.store(cp, f32x4.add(v128.load(cp), f32x4.mul(s, c0)));
  if (rows < 2) return;
  cp += ldc;
  v128.store(cp, f32x4.add(v128.load(cp), f32x4.mul(s, c1)));
  if (rows < 3) return;
  cp += ldc;
  v128.store(cp, f32x4.add(v128.load(cp), f32x4.mul(s, c2)));
  if (rows < 4) return;
  cp += ldc;
  v128.store(cp, f32x4.add(v128.load(cp), f32x4.mul(s, c3)));
}

function gemmTile1(
  a0: usize, a1: usize, a2: usize, a3: usize, aK: usize, b: usize, ldb: usize, kLen: i32,
  c: usize, ldc: usize, rows: i32, scale: f32,
): void {
  let c0: f32 = 0, c1: f32 = 0, c2: f32 = 0, c3: f32 = 0;
  let ak: usize = 0;
  let bp = b;
  for (let k = 0; k < kLen; k++) {
    const b0 = load<f32>(bp);
    c0 += load<f32>(a0 + ak) * b0;
    c1 += load<f32>(a1 + ak) * b0;
    c2 += load<f32>(a2 + ak) * b0;
    c3 += load<f32>(a3 + ak) * b0;
    ak += aK;
    bp += ldb;
  }
  let cp = c;
  store<f32>(cp, load<f32>(cp) + scale * c0);
  if (rows < 2) return;
  cp += ldc;
  store<f32>(cp, load<f32>(cp) + scale * c1);
  if (rows < 3) return;
  cp += ldc;
  store<f32>(cp, load<f32>(cp) + scale * c2);
  if (rows < 4) return;
  cp += ldc;
  store<f32>(cp, load<f32>(cp) + scale * c3);
}

/**
 * C[r, c] += scale * sum_k A[r, k] B[k, c] for r < M, c < N, k < K (f32).
 * A[r, k] is at a + r aRow + k aK (byte strides), B[k, c] at b + k ldb + 4c,
 * C[r, c] at c + r ldc + 4c.
 */
export function gemmAccumulate(
  a: usize, aRow: usize, aK: usize, b: usize, ldb: usize, c: usize, ldc: usize,
  M: i32, N: i32, K: i32, scale: f32,
): void {
  gemmBlocks(a, aRow, aK, aRow << 2, false, b, ldb, c, ldc, M, N, K, scale);
}

/**
 * gemmAccumulate with A packed in panels of 4 rows: A[r, k] at a + (r >> 2) 16 K + 16 k + 4 (r & 3), M a multiple of
 * 4. The same tiles, k blocks and order of operations per element as gemmAccumulate, so the same bits.
 */
export function gemmPackedAccumulate(a: usize, b: usize, ldb: usize, c: usize, ldc: usize, M: i32, N: i32, K: i32, scale: f32): void {
  gemmBlocks(a, 4, 16, <usize>K << 4, true, b, ldb, c, ldc, M, N, K, scale);
}

/**
 * The blocking both GEMM forms share: k blocks of GEMM_KB, then 8-, 4- and 1-wide column panels of 4-row tiles.
 * A[r, k] is at a + (r >> 2) aTile + (r & 3) aRow + k aK; `packed` (aRow 4, aK 16) takes gemmTile8Packed for the
 * 8-wide panels, in a loop of its own: choosing the tile inside the shared loop took 1.07x the time.
 */
function gemmBlocks(
  a: usize, aRow: usize, aK: usize, aTile: usize, packed: bool, b: usize, ldb: usize, c: usize, ldc: usize,
  M: i32, N: i32, K: i32, scale: f32,
): void {
  for (let k0 = 0; k0 < K; k0 += GEMM_KB) {
    const kLen = min<i32>(GEMM_KB, K - k0);
    const aBlock = a + <usize>k0 * aK;
    const bBlock = b + <usize>k0 * ldb;
    let n = 0;
    if (M == 1) {
      // a single row (free energies): 32-wide panels, no duplicated rows
      for (; n + 32 <= N; n += 32) gemvTile32(aBlock, aK, bBlock + (<usize>n << 2), ldb, kLen, c + (<usize>n << 2), scale);
    }
    for (; packed && n + 8 <= N; n += 8) {
      const bPanel = bBlock + (<usize>n << 2);
      for (let r = 0; r < M; r += 4) {
        gemmTile8Packed(aBlock + <usize>(r >> 2) * aTile, bPanel, ldb, kLen, c + <usize>r * ldc + (<usize>n << 2), ldc, min<i32>(4, M - r), scale);
      }
    }
    for (; n + 8 <= N; n += 8) {
      const bPanel = bBlock + (<usize>n << 2);
      for (let r = 0; r < M; r += 4) {
        const rows = min<i32>(4, M - r);
        const a0 = aBlock + <usize>(r >> 2) * aTile;
        const cTile = c + <usize>r * ldc + (<usize>n << 2);
        const a1 = rows > 1 ? a0 + aRow : a0;
        const a2 = rows > 2 ? a1 + aRow : a1;
        const a3 = rows > 3 ? a2 + aRow : a2;
        gemmTile8(a0, a1, a2, a3, aK, bPanel, ldb, kLen, cTile, ldc, rows, scale);
      }
    }
    for (; n + 4 <= N; n += 4) {
      const bPanel = bBlock + (<usize>n << 2);
      for (let r = 0; r < M; r += 4) {
        const rows = min<i32>(4, M - r);
        const a0 = aBlock + <usize>(r >> 2) * aTile;
        const a1 = rows > 1 ? a0 + aRow : a0;
        const a2 = rows > 2 ? a1 + aRow : a1;
        const a3 = rows > 3 ? a2 + aRow : a2;
        gemmTile4(a0, a1, a2, a3, aK, bPanel, ldb, kLen, c + <usize>r * ldc + (<usize>n << 2), ldc, rows, scale);
      }
    }
    for (; n < N; n++) {
      const bPanel = bBlock + (<usize>n << 2);
      for (let r = 0; r < M; r += 4) {
        const rows = min<i32>(4, M - r);
        const a0 = aBlock + <usize>(r >> 2) * aTile;
        const a1 = rows > 1 ? a0 + aRow : a0;
        const a2 = rows > 2 ? a1 + aRow : a1;
        const a3 = rows > 3 ? a2 + aRow : a2;
        gemmTile1(a0, a1, a2, a3, aK, bPanel, ldb, kLen, c + <usize>r * ldc + (<usize>n << 2), ldc, rows, scale);
      }
    }
  }
}
