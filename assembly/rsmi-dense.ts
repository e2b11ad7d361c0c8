// Float64 dense-layer products of RSMI's critics and separable scores
// (src/rsmi/kernel-objective.ts; docs/methods.md "RSMI"): the forward product
// z = x W + c with an optional ReLU, the weight gradient dW = x^T dz with the
// bias gradient, a ReLU mask and a transpose. Row-major f64 matrices; f64x2
// SIMD over output columns in chunks of 8 (four registers) for two rows at a
// time. Plain mul + add in both builds (no fused multiply-add), so the
// baseline and relaxed modules give the same bits; each output is summed over
// its inner index in increasing order whatever the chunking.

/** z[i, j] for rows i0 and i1 (may be equal), columns j .. j + 7. */
// @ts-ignore: decorator
@inline
function forwardChunk8(x: usize, nIn: i32, w: usize, rowW: usize, bias: usize, relu: i32, z: usize, rowZ: usize, i0: i32, i1: i32, j: i32): void {
  const jb = <usize>j << 3;
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  if (bias != 0) {
    a0 = v128.load(bias + jb); a1 = v128.load(bias + jb + 16); a2 = v128.load(bias + jb + 32); a3 = v128.load(bias + jb + 48);
  }
  let b0 = a0, b1 = a1, b2 = a2, b3 = a3;
  const x0 = x + (<usize>i0 * <usize>nIn << 3);
  const x1 = x + (<usize>i1 * <usize>nIn << 3);
  let wp = w + jb;
  for (let p = 0; p < nIn; p++) {
    const pb = <usize>p << 3;
    const s0 = f64x2.splat(load<f64>(x0 + pb));
    const s1 = f64x2.splat(load<f64>(x1 + pb));
    const w0 = v128.load(wp), w1 = v128.load(wp + 16), w2 = v128.load(wp + 32), w3 = v128.load(wp + 48);
    a0 = f64x2.add(a0, f64x2.mul(s0, w0)); a1 = f64x2.add(a1, f64x2.mul(s0, w1));
    a2 = f64x2.add(a2, f64x2.mul(s0, w2)); a3 = f64x2.add(a3, f64x2.mul(s0, w3));
    b0 = f64x2.add(b0, f64x2.mul(s1, w0)); b1 = f64x2.add(b1, f64x2.mul(s1, w1));
    b2 = f64x2.add(b2, f64x2.mul(s1, w2)); b3 = f64x2.add(b3, f64x2.mul(s1, w3));
    wp += rowW;
  }
  if (relu != 0) {
    const zero = f64x2.splat(0);
    a0 = f64x2.max(a0, zero); a1 = f64x2.max(a1, zero); a2 = f64x2.max(a2, zero); a3 = f64x2.max(a3, zero);
    b0 = f64x2.max(b0, zero); b1 = f64x2.max(b1, zero); b2 = f64x2.max(b2, zero); b3 = f64x2.max(b3, zero);
  }
  const z0 = z + <usize>i0 * rowZ + jb, z1 = z + <usize>i1 * rowZ + jb;
  v128.store(z0, a0); v128.store(z0 + 16, a1); v128.store(z0 + 32, a2); v128.store(z0 + 48, a3);
  v128.store(z1, b0); v128.store(z1 + 16, b1); v128.store(z1 + 32, b2); v128.store(z1 + 48, b3);
}

/** z[i, j] for one row and one column (the tails), in the same order as forwardChunk8. */
// @ts-ignore: decorator
@inline
function forwardOne(x: usize, nIn: i32, w: usize, rowW: usize, bias: usize, relu: i32, z: usize, rowZ: usize, i: i32, j: i32): void {
  const jb = <usize>j << 3;
  let s: f64 = bias != 0 ? load<f64>(bias + jb) : 0;
  const xi = x + (<usize>i * <usize>nIn << 3);
  let wp = w + jb;
  for (let p = 0; p < nIn; p++) {
    s += load<f64>(xi + (<usize>p << 3)) * load<f64>(wp);
    wp += rowW;
  }
  if (relu != 0 && !(s > 0)) s = 0;
  store<f64>(z + <usize>i * rowZ + jb, s);
}

/**
 * z = x W + c: x (rows, nIn), W (nIn, nOut), c (nOut) or none when bias is 0,
 * z (rows, nOut), all f64 row-major; with relu != 0 every output becomes
 * max(0, .). z must not overlap x or W.
 */
export function rsmiDenseForward(x: usize, rows: i32, nIn: i32, w: usize, bias: usize, nOut: i32, relu: i32, z: usize): void {
  const rowW = <usize>nOut << 3;
  const chunked = nOut & ~7;
  for (let i = 0; i < rows; i += 2) {
    const i1 = i + 1 < rows ? i + 1 : i;
    for (let j = 0; j < chunked; j += 8) forwardChunk8(x, nIn, w, rowW, bias, relu, z, rowW, i, i1, j);
    for (let j = chunked; j < nOut; j++) {
      forwardOne(x, nIn, w, rowW, bias, relu, z, rowW, i, j);
      if (i1 != i) forwardOne(x, nIn, w, rowW, bias, relu, z, rowW, i1, j);
    }
  }
}

/** dW[p, j] for rows p0 and p1 of dW (may be equal), columns j .. j + 7. */
// @ts-ignore: decorator
@inline
function backwardChunk8(x: usize, rows: i32, nIn: i32, dz: usize, rowZ: usize, dw: usize, p0: i32, p1: i32, j: i32): void {
  const jb = <usize>j << 3;
  const rowX = <usize>nIn << 3;
  let a0 = f64x2.splat(0), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
  let xp = x + (<usize>p0 << 3);
  const gap = <usize>(p1 - p0) << 3;
  let dp = dz + jb;
  for (let i = 0; i < rows; i++) {
    const s0 = f64x2.splat(load<f64>(xp));
    const s1 = f64x2.splat(load<f64>(xp + gap));
    const d0 = v128.load(dp), d1 = v128.load(dp + 16), d2 = v128.load(dp + 32), d3 = v128.load(dp + 48);
    a0 = f64x2.add(a0, f64x2.mul(s0, d0)); a1 = f64x2.add(a1, f64x2.mul(s0, d1));
    a2 = f64x2.add(a2, f64x2.mul(s0, d2)); a3 = f64x2.add(a3, f64x2.mul(s0, d3));
    b0 = f64x2.add(b0, f64x2.mul(s1, d0)); b1 = f64x2.add(b1, f64x2.mul(s1, d1));
    b2 = f64x2.add(b2, f64x2.mul(s1, d2)); b3 = f64x2.add(b3, f64x2.mul(s1, d3));
    xp += rowX;
    dp += rowZ;
  }
  const w0 = dw + <usize>p0 * rowZ + jb, w1 = dw + <usize>p1 * rowZ + jb;
  v128.store(w0, a0); v128.store(w0 + 16, a1); v128.store(w0 + 32, a2); v128.store(w0 + 48, a3);
  v128.store(w1, b0); v128.store(w1 + 16, b1); v128.store(w1 + 32, b2); v128.store(w1 + 48, b3);
}

/** dW[p, j] for one row and column of dW (the tails), in the same order as backwardChunk8. */
// @ts-ignore: decorator
@inline
function backwardOne(x: usize, rows: i32, nIn: i32, dz: usize, rowZ: usize, dw: usize, p: i32, j: i32): void {
  const jb = <usize>j << 3;
  const rowX = <usize>nIn << 3;
  let s: f64 = 0;
  let xp = x + (<usize>p << 3);
  let dp = dz + jb;
  for (let i = 0; i < rows; i++) {
    s += load<f64>(xp) * load<f64>(dp);
    xp += rowX;
    dp += rowZ;
  }
  store<f64>(dw + <usize>p * rowZ + jb, s);
}

/**
 * dW = x^T dz (written, not added): x (rows, nIn), dz (rows, nOut), dW
 * (nIn, nOut); and, unless dBias is 0, dBias[j] = sum_i dz[i, j]. All f64
 * row-major, each sum over i in increasing order.
 */
export function rsmiDenseBackward(x: usize, rows: i32, nIn: i32, dz: usize, nOut: i32, dw: usize, dBias: usize): void {
  const rowZ = <usize>nOut << 3;
  const chunked = nOut & ~7;
  for (let p = 0; p < nIn; p += 2) {
    const p1 = p + 1 < nIn ? p + 1 : p;
    for (let j = 0; j < chunked; j += 8) backwardChunk8(x, rows, nIn, dz, rowZ, dw, p, p1, j);
    for (let j = chunked; j < nOut; j++) {
      backwardOne(x, rows, nIn, dz, rowZ, dw, p, j);
      if (p1 != p) backwardOne(x, rows, nIn, dz, rowZ, dw, p1, j);
    }
  }
  if (dBias == 0) return;
  for (let j = 0; j < nOut; j++) {
    let s: f64 = 0;
    let dp = dz + (<usize>j << 3);
    for (let i = 0; i < rows; i++) {
      s += load<f64>(dp);
      dp += rowZ;
    }
    store<f64>(dBias + (<usize>j << 3), s);
  }
}

/** Back through a ReLU: grad[i] = 0 wherever out[i] <= 0 (out is the ReLU's output), for count f64 values. */
export function rsmiReluMask(grad: usize, out: usize, count: i32): void {
  for (let i = 0; i < count; i++) {
    const at = <usize>i << 3;
    if (!(load<f64>(out + at) > 0)) store<f64>(grad + at, 0);
  }
}

/** out[c, r] = src[r, c] for a rows x cols f64 matrix; out (cols, rows) must not overlap src. */
export function rsmiTransposeF64(src: usize, rows: i32, cols: i32, out: usize): void {
  for (let r = 0; r < rows; r++) {
    const s = src + (<usize>r * <usize>cols << 3);
    for (let c = 0; c < cols; c++) store<f64>(out + ((<usize>c * <usize>rows + <usize>r) << 3), load<f64>(s + (<usize>c << 3)));
  }
}
