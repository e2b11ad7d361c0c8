// Inputs of one RBM layer, held in JS memory. The first layer sees the
// Ising spins as bytes 0/1 (never a float copy of the whole set); deeper
// layers see the hidden probabilities of the layer below (rbm.m), as floats.

/**
 * Rows of one layer's visible units, (nSamples, nVisible) row-major: 0/1 bytes
 * ("binary", the first layer's spins) or float32 in [0, 1] ("dense", hidden
 * probabilities of the layer below).
 */
export type LayerData =
  | {
    /** 0/1 bytes: the first layer's spins. */
    kind: "binary";
    /** Rows. */
    nSamples: number;
    /** Visible units per row. */
    nVisible: number;
    /** nSamples * nVisible bytes, each 0 or 1, row-major. */
    values: Uint8Array;
  }
  | {
    /** float32 in [0, 1]: hidden probabilities (or samples) of the layer below. */
    kind: "dense";
    /** Rows. */
    nSamples: number;
    /** Visible units per row. */
    nVisible: number;
    /** nSamples * nVisible floats in [0, 1], row-major. */
    values: Float32Array;
  };

/** Typed arrays binaryLayerData accepts: values must be spins -1 / +1 or bits 0 / 1. */
export type SpinArray = Int8Array | Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/**
 * Flattens samples of any trailing shape to 0/1 bytes: +-1 spins map to
 * (s + 1) / 2, 0/1 values stay. Throws RangeError on anything else (NaN,
 * 2, a mix of -1 and 0) naming the first offending index.
 *
 * @param values - nSamples * (product of the trailing shape) values, sample-major.
 * @param shape - (nSamples, ...): e.g. (N, L, L) for Ising configurations; nVisible is the product of the rest.
 * @returns "binary" layer data of 0/1 bytes (a copy).
 * @throws RangeError on an empty shape, or a value that is not a spin or a bit.
 *
 * @example
 * ```ts
 * const data = binaryLayerData(Int8Array.of(1, -1, -1, 1), [1, 2, 2]);
 * // { kind: "binary", nSamples: 1, nVisible: 4, values: Uint8Array [1, 0, 0, 1] }
 * ```
 */
export function binaryLayerData(values: SpinArray, shape: readonly number[]): LayerData {
  if (shape.length < 1 || shape[0]! < 1) throw new RangeError("data is empty: need at least one sample");
  const nSamples = shape[0]!;
  const nVisible = shape.slice(1).reduce((a, b) => a * b, 1);
  if (nVisible < 1) throw new RangeError("data has no features per sample");
  const bytes = new Uint8Array(values.length);
  let sawMinusOne = false;
  let sawZero = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === 1) bytes[i] = 1;
    else if (v === -1) sawMinusOne = true;
    else if (v === 0) sawZero = true;
    else throw new RangeError(`value ${v} at flat index ${i}: expected spins -1/+1 or bits 0/1`);
  }
  if (sawMinusOne && sawZero) throw new RangeError("data mixes -1 and 0: expected spins -1/+1 or bits 0/1, not both");
  return { kind: "binary", nSamples, nVisible, values: bytes };
}

/**
 * Rows `indices` of `data`, in that order.
 *
 * @param data - The rows to pick from.
 * @param indices - Row indices (may repeat), each in [0, nSamples).
 * @returns A copy of the same kind with indices.length rows.
 */
export function selectRows(data: LayerData, indices: ArrayLike<number>): LayerData {
  const { nVisible } = data;
  const values = data.kind === "binary" ? new Uint8Array(indices.length * nVisible) : new Float32Array(indices.length * nVisible);
  for (let r = 0; r < indices.length; r++) {
    const start = indices[r]! * nVisible;
    values.set(data.values.subarray(start, start + nVisible), r * nVisible);
  }
  return { kind: data.kind, nSamples: indices.length, nVisible, values } as LayerData;
}

export function bytesPerValue(data: LayerData): number {
  return data.kind === "binary" ? 1 : 4;
}
