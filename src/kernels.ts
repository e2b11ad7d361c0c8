// Signatures of the functions exported by assembly/index.ts. Pointers and
// sizes are plain numbers; u32 arguments may be passed as numbers up to
// 2^32 - 1 (WebAssembly's ToInt32 wraps them to the same bits).

/** The kernel module's exports (assembly/index.ts): pointers are byte offsets into Core.memory, sizes are element counts. */
export interface Kernels {
  /** First byte after the module's static data: where the arena starts. */
  heapBase(): number;
  /**
   * Seeds stream `stream` of a 64-bit seed (two u32 halves) at statePtr (16 bytes): the base state from SplitMix64,
   * then `stream` jumps of 2^64 steps, so streams of one seed never overlap (cost grows with the stream index).
   */
  rngSeed(statePtr: number, seedLo: number, seedHi: number, stream: number): void;
  /** Writes `count` u32 draws of the stream at statePtr to outPtr, advancing it. */
  rngFillU32(statePtr: number, outPtr: number, count: number): void;
  /** Writes `count` f32 uniforms in [0, 1) (24 bits) of the stream at statePtr to outPtr, advancing it. */
  rngFillF32(statePtr: number, outPtr: number, count: number): void;
  /** Writes at outPtr (2 KB) the 128 x 128 bit matrix of `distance` xoshiro128** steps; scratch: rngJumpScratchBytes(). */
  rngJumpMatrix(distance: number, outPtr: number, scratchPtr: number): void;
  /** Bytes of rngJumpMatrix's scratch. */
  rngJumpScratchBytes(): number;
  /** The stream at statePtr moved on by a jump matrix's steps, written at outPtr (may be statePtr). */
  rngJump(statePtr: number, matrixPtr: number, outPtr: number): void;
  /**
   * rbmBernoulliU8's draws for columns first <= i < end of a rows x nCols matrix only: the stream at rngPtr must stand
   * at element (0, first) and skipPtr hold the jump matrix of nCols - (end - first) steps; leaves the stream after
   * element (rows - 1, end - 1).
   */
  rbmBernoulliU8Columns(
    probPtr: number, rows: number, nCols: number, first: number, end: number, rngPtr: number, skipPtr: number, outPtr: number,
  ): void;
  /** rbmBernoulliU8Columns with f32 states out, as rbmBernoulliF32 makes them. */
  rbmBernoulliF32Columns(
    probPtr: number, rows: number, nCols: number, first: number, end: number, rngPtr: number, skipPtr: number, outPtr: number,
  ): void;
  /** Fills the periodic neighbour table of a size x size lattice (4 i32 per site: right, left, down, up). */
  latticeNeighbors(tablePtr: number, size: number): void;
  /** Sets every spin of the i8 lattice to +1 or -1 at random (a hot start). */
  latticeRandomize(latticePtr: number, nSites: number, rngPtr: number): void;
  /** Total energy -sum over bonds of s_i s_j (J = 1) of the i8 lattice. */
  latticeEnergy(latticePtr: number, tablePtr: number, nSites: number): number;
  /** Sum of the i8 lattice's spins. */
  latticeMagnetization(latticePtr: number, nSites: number): number;
  /**
   * `count` Wolff cluster updates (add probability as a u32 threshold, 1 - e^-2K); stackPtr is nSites i32 of scratch.
   * Returns the spins flipped.
   */
  wolffUpdates(
    latticePtr: number, tablePtr: number, nSites: number, stackPtr: number, rngPtr: number,
    addThreshold: number, count: number,
  ): number;
  /**
   * nRecords times: `spacing` Wolff updates, then record r: the configuration (nSites i8; skipped when outConfigsPtr
   * is 0), the total energy and the spin sum (one i32 each). Returns the spins flipped.
   */
  wolffRecord(
    latticePtr: number, tablePtr: number, nSites: number, stackPtr: number, rngPtr: number,
    addThreshold: number, spacing: number, nRecords: number,
    outConfigsPtr: number, outEnergyPtr: number, outMagPtr: number,
  ): number;
  /** `count` checkerboard Metropolis sweeps (acceptance e^-4K, e^-8K as u32 thresholds). Returns the accepted flips. */
  metropolisSweeps(
    latticePtr: number, tablePtr: number, size: number, rngPtr: number,
    accept4: number, accept8: number, count: number,
  ): number;
  /** metropolisSweeps in runs of `spacing` sweeps, recording as wolffRecord does. Returns the accepted flips. */
  metropolisRecord(
    latticePtr: number, tablePtr: number, size: number, rngPtr: number,
    accept4: number, accept8: number, spacing: number, nRecords: number,
    outConfigsPtr: number, outEnergyPtr: number, outMagPtr: number,
  ): number;
  /**
   * `count` directed-loop worms on the dimer covering at bondsPtr ((2, L, L) bytes 0/1); exitTablePtr: 81 x 4 rows of
   * four u64 cumulative exit thresholds (src/systems/dimer/directed-loop.ts). Returns the pivot moves made.
   */
  dimerWorms(bondsPtr: number, size: number, rngPtr: number, exitTablePtr: number, count: number): number;
  /**
   * nRecords records wormsPerRecord worms apart: (2, L, L) bytes each at outConfigsPtr (unless 0) and five i32
   * (N_par, W_x, W_y, C_x, C_y; columnar order 2 C / L^2) each at outObservablesPtr. Returns the pivot moves made.
   */
  dimerRecord(
    bondsPtr: number, size: number, rngPtr: number, exitTablePtr: number,
    wormsPerRecord: number, nRecords: number, outConfigsPtr: number, outObservablesPtr: number,
  ): number;
  /** N_par of the covering at bondsPtr: plaquettes holding two parallel dimers. */
  dimerParallelPlaquettes(bondsPtr: number, size: number): number;
  /** `count` plaquette-flip attempts (L >= 4), accepted below five u64 thresholds at acceptPtr (dN_par = -2..2); returns flips. */
  dimerPlaquetteFlips(bondsPtr: number, size: number, rngPtr: number, acceptPtr: number, count: number): number;
  /** out[k] = 1 / (1 + e^-in[k]) (f32, vectorised Cephes-style exp; in place allowed). */
  rbmSigmoid(inPtr: number, count: number, outPtr: number): void;
  /** outHid[b, j] = sigmoid(hbias[j] + sum of W[i, j] over visible units on); vis u8 batch x nVisible, W nVisible x nHidden f32. */
  rbmHiddenFromBin(visPtr: number, batch: number, nVisible: number, wPtr: number, hbiasPtr: number, nHidden: number, outHidPtr: number): void;
  /** outHid = sigmoid(hbias + vis W) for f32 vis (batch x nVisible). */
  rbmHiddenFromDense(visPtr: number, batch: number, nVisible: number, wPtr: number, hbiasPtr: number, nHidden: number, outHidPtr: number): void;
  /**
   * outHid = sigmoid(hbias + vis W) for f32 vis, from WT = W^T (nHidden x nVisible) as dot products, for the hidden
   * units [first, end) only (columns of outHid, batch x nHidden): each output's bits do not depend on the range.
   */
  rbmHiddenFromDenseT(
    visPtr: number, batch: number, nVisible: number, wtPtr: number, hbiasPtr: number, nHidden: number, first: number, end: number, outHidPtr: number,
  ): void;
  /** outVis = sigmoid(vbias + hid W^T) for f32 hid (batch x nHidden). */
  rbmVisibleFromDense(hidPtr: number, batch: number, nHidden: number, wPtr: number, vbiasPtr: number, nVisible: number, outVisPtr: number): void;
  /** outVis = sigmoid(vbias + sum of rows of WT (nHidden x nVisible) over hidden units on), hid u8 0/1 (batch x nHidden). */
  rbmVisibleFromBinHidden(hidPtr: number, batch: number, nHidden: number, wtPtr: number, vbiasPtr: number, nVisible: number, outVisPtr: number): void;
  /**
   * out[b, c] = sigmoid(bias[c] + sum of M[i, c] over i with rows[b, i] on) for the columns c in [first, end) of out
   * (batch x nOut) only; rows u8 0/1 (batch x nIn), M nIn x nOut f32. M = W gives rbmHiddenFromBin, M = W^T
   * rbmVisibleFromBinHidden, bit for bit on any column range, with sumsPtr 0. A sumsPtr (complementSumsBytes() of scratch, one per
   * concurrent call) sums each 64-row block of M that a row has mostly on as the block's column totals minus the rows
   * that are off: fewer additions on magnetised rows, other roundings, still the same bits on any column range.
   */
  rbmBinPropagateColumns(
    rowsPtr: number, batch: number, nIn: number, mPtr: number, biasPtr: number, nOut: number, first: number, end: number, outPtr: number,
    sumsPtr: number,
  ): void;
  /** out[j, i] = W[i, j] for rows i in [first, end) of W (nRows x nCols); out is nCols x nRows. */
  rbmTransposeRows(wPtr: number, nRows: number, nCols: number, outPtr: number, first: number, end: number): void;
  /** outF32[k] = u_k < prob[k] ? 1 : 0, one rngNextF32 draw per element in index order. */
  rbmBernoulliF32(probPtr: number, count: number, rngPtr: number, outPtr: number): void;
  /** outU8[k] = u_k < prob[k] ? 1 : 0, one rngNextF32 draw per element in index order. */
  rbmBernoulliU8(probPtr: number, count: number, rngPtr: number, outPtr: number): void;
  /** outU8[k] = states[k] != 0 ? 1 : 0 (f32 states to bytes). */
  rbmStatesToU8(statesPtr: number, count: number, outPtr: number): void;
  /** gradW[i, :] += scale * sum of hid[b, :] over b with vis[b, i] = 1 (vis u8); masksPtr: scratch of 8 ceil(batch / 64) bytes per visible unit. */
  rbmGradBin(gradWPtr: number, visPtr: number, hidPtr: number, batch: number, nVisible: number, nHidden: number, scale: number, masksPtr: number): void;
  /** rbmGradBin on the gradW rows (visible units) first <= i < end only (and their words of masks); bit-identical to the full kernel there. */
  rbmGradBinRows(
    gradWPtr: number, visPtr: number, hidPtr: number, batch: number, nVisible: number, nHidden: number, scale: number,
    first: number, end: number, masksPtr: number,
  ): void;
  /** gradW += scale * vis^T hid (vis, hid f32); visTPtr: scratch of nVisible x batch f32. */
  rbmGradDense(
    gradWPtr: number, visPtr: number, hidPtr: number, batch: number, nVisible: number, nHidden: number, scale: number, visTPtr: number,
  ): void;
  /**
   * rbmGradDense on the gradW rows first <= i < end only; bit-identical to the full kernel there. visTPtr: scratch of
   * nVisible x batch f32 (rows first..end - 1 written, at row i).
   */
  rbmGradDenseRows(
    gradWPtr: number, visPtr: number, hidPtr: number, batch: number, nVisible: number, nHidden: number, scale: number,
    first: number, end: number, visTPtr: number,
  ): void;
  /** out[i] += scale * sum_b data[b, i] for u8 data (batch x n). */
  rbmColumnSumsBin(dataPtr: number, batch: number, n: number, outPtr: number, scale: number): void;
  /** out[i] += scale * sum_b data[b, i] for f32 data (batch x n). */
  rbmColumnSumsDense(dataPtr: number, batch: number, n: number, outPtr: number, scale: number): void;
  /** inc = momentum inc + gradScale grad - l2 param - l1 sign(param); param += inc; grad = 0. */
  rbmUpdate(paramPtr: number, incrementPtr: number, gradPtr: number, count: number, momentum: number, gradScale: number, l2: number, l1: number): void;
  /**
   * For rows first <= i < end of W: grad = visPos^T hidPos - visNeg^T hidNeg (vis u8 0/1, hid f32) summed by
   * subset-sum tables of groups of batch rows (assembly/rbm-grad-tables.ts) and kept in registers, then rbmUpdate's rule on W
   * and increment there; the same bits for any row range. Scratch: lookupsPtr,
   * gradLookupBytes(rowsPos, rowsNeg) per row of W, and partialPtr, gradPartialBytes() per row of W (both at row i);
   * tablesPtr, subsetTableBytes() per concurrent call.
   */
  rbmGradUpdateBinTables(
    wPtr: number, incrementPtr: number, visPosPtr: number, hidPosPtr: number, rowsPos: number,
    visNegPtr: number, hidNegPtr: number, rowsNeg: number, nVisible: number, nHidden: number, first: number, end: number,
    lookupsPtr: number, tablesPtr: number, partialPtr: number, momentum: number, gradScale: number, l2: number, l1: number,
  ): void;
  /**
   * outA[b, j] = sigmoid(bias[j] + sum of W[i, j] over i with rowsA[b, i] != 0) for b < batchA, and likewise rowsB
   * into outB (batchB may be 0), for columns first <= j < end, by subset-sum tables of 4 rows of W
   * (assembly/rbm-propagate-tables.ts); the same bits for any column range. Scratch per concurrent call: lookupsPtr,
   * (batchA + batchB) propagateLookupBytes(nIn) bytes; tablesPtr, subsetTableBytes().
   */
  rbmBinPropagateTables(
    rowsAPtr: number, batchA: number, outAPtr: number, rowsBPtr: number, batchB: number, outBPtr: number,
    nIn: number, wPtr: number, biasPtr: number, nOut: number, first: number, end: number, lookupsPtr: number, tablesPtr: number,
  ): void;
  /** Bytes of rbmBinPropagateTables' lookup scratch per input row. */
  propagateLookupBytes(nIn: number): number;
  /** Rows of W per group of rbmBinPropagateTables' subset-sum tables (4). */
  propagateGroupRows(): number;
  /** Batch rows per group of rbmGradUpdateBinTables' subset-sum tables (5). */
  gradGroupRows(): number;
  /** Bytes of rbmBinPropagateColumns' complement-sum scratch (`sumsPtr`) per concurrent call (96: 24 f32 column totals). */
  complementSumsBytes(): number;
  /** Bytes of the subset-sum table scratch of rbmGradUpdateBinTables and rbmBinPropagateTables, per concurrent call. */
  subsetTableBytes(): number;
  /** Bytes of rbmGradUpdateBinTables' lookup scratch per row of W, for these batch sizes. */
  gradLookupBytes(rowsPos: number, rowsNeg: number): number;
  /** Bytes of rbmGradUpdateBinTables' running-sum scratch per row of W. */
  gradPartialBytes(): number;
  /** outF64[b] = free energy of binary row b; scratch: nHidden f32. */
  rbmFreeEnergyBin(
    visPtr: number, batch: number, nVisible: number, wPtr: number, vbiasPtr: number, hbiasPtr: number, nHidden: number,
    scratchPtr: number, outPtr: number,
  ): void;
  /** pre[b, j] = hbias[j] + sum of W[i, j] over visible units on (rbmHiddenFromBin before its sigmoid); vis u8 batch x nVisible. */
  rbmHiddenPreactivationsBin(visPtr: number, batch: number, nVisible: number, wPtr: number, hbiasPtr: number, nHidden: number, prePtr: number): void;
  /** rbmFreeEnergyBin from the rows' hidden pre-activations (batch x nHidden f32); the same numbers. */
  rbmFreeEnergyBinFromPre(visPtr: number, batch: number, nVisible: number, vbiasPtr: number, prePtr: number, nHidden: number, outPtr: number): void;
  /** rbmPseudoLikelihoodBin from the rows' hidden pre-activations (batch x nHidden f32); the same numbers. */
  rbmPseudoLikelihoodBinFromPre(
    visPtr: number, batch: number, nVisible: number, flipIdxPtr: number, wPtr: number, vbiasPtr: number, prePtr: number,
    nHidden: number, outPtr: number,
  ): void;
  /** outF64[b] = free energy of f32 row b; scratch: nHidden f32. */
  rbmFreeEnergyDense(
    visPtr: number, batch: number, nVisible: number, wPtr: number, vbiasPtr: number, hbiasPtr: number, nHidden: number,
    scratchPtr: number, outPtr: number,
  ): void;
  /** outF64[b] = scikit-learn pseudo-likelihood with unit flipIdx[b] (i32) flipped; scratch: 2 nHidden f32. */
  rbmPseudoLikelihoodBin(
    visPtr: number, batch: number, nVisible: number, flipIdxPtr: number, wPtr: number, vbiasPtr: number, hbiasPtr: number,
    nHidden: number, scratchPtr: number, outPtr: number,
  ): void;
  /** sum_k (data[k] - prob[k])^2 in f64, data u8. */
  rbmSquaredErrorBin(dataPtr: number, probPtr: number, count: number): number;
  /** sum_k (data[k] - prob[k])^2 in f64, data f32. */
  rbmSquaredErrorDense(dataPtr: number, probPtr: number, count: number): number;
  /** out (rows x cols) = A (rows x inner) B (inner x cols), row-major f32; out must not overlap A or B. */
  matmulF32(aPtr: number, bPtr: number, rows: number, inner: number, cols: number, outPtr: number): void;
  /**
   * z = x W + c (RSMI's dense layers and separable scores): x (rows, nIn), W (nIn, nOut), c (nOut) or none when
   * biasPtr is 0, z (rows, nOut), f64 row-major; relu != 0 clips every output at 0. Each output sums over the inner
   * index in increasing order, starting from its bias; z must not overlap x or W.
   */
  rsmiDenseForward(xPtr: number, rows: number, nIn: number, wPtr: number, biasPtr: number, nOut: number, relu: number, zPtr: number): void;
  /**
   * dW = x^T dz, written (nIn, nOut), from x (rows, nIn) and dz (rows, nOut); unless dBiasPtr is 0 also
   * dBias[j] = sum_i dz[i, j]. f64 row-major, sums over i in increasing order.
   */
  rsmiDenseBackward(xPtr: number, rows: number, nIn: number, dzPtr: number, nOut: number, dwPtr: number, dBiasPtr: number): void;
  /** Back through a ReLU: grad[i] = 0 where out[i] <= 0, for count f64 values. */
  rsmiReluMask(gradPtr: number, outPtr: number, count: number): void;
  /** out[c, r] = src[r, c] of a rows x cols f64 matrix; out (cols, rows) must not overlap src. */
  rsmiTransposeF64(srcPtr: number, rows: number, cols: number, outPtr: number): void;
  /**
   * The InfoNCE bound (nats) of a K x K f64 score matrix, (1/K) sum_i [S_ii - ln((1/K) sum_j e^S_ij)], with its
   * gradient (delta_ij - softmax_j(S_i.)) / K written at gradientPtr (K x K, not overlapping the scores).
   */
  rsmiInfoNce(scoresPtr: number, size: number, gradientPtr: number): number;
  /** e^x for x <= 0 as rsmiInfoNce computes it (a few ulp; 0 below -700). */
  rsmiExpNonPositive(x: number): number;
}
