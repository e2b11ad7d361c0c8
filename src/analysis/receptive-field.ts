// Effective receptive fields of a stack (Mehta & Schwab 2014, App. B): what a
// unit of layer l "sees" on the input lattice when the layers below are
// collapsed linearly, r(1) = W(1), r(l) = r(l-1) W(l). Biases and the
// sigmoids are ignored by construction, as in the paper.
//
// Layout: r(l) is row-major nVisible0 x n_l (the same layout as a layer's W),
// so column j is unit j's field over the input sites; for the L x L lattice
// site s = y L + x, which is how a column reshapes to an L x L image.

import type { Core } from "../wasm.js";
import type { RbmParameters } from "../rbm/rbm-parameters.js";

/**
 * Effective receptive fields of a stack (Mehta & Schwab 2014, App. B; `docs/methods.md`, Locality): the layers
 * below collapsed linearly, r(1) = W(1), r(l) = r(l-1) W(l), biases and sigmoids ignored.
 *
 * @param core - The loaded kernels (the products run there).
 * @param layers - The stack, layer 1 first; layer l's visible units must be layer l-1's hidden units.
 * @returns r(1), ..., r(layers.length), each nVisible0 x n_l row-major f32: column j is unit j's field over the
 *   input sites (site s = y L + x).
 * @throws RangeError when the layers do not chain (layer l's nVisible must be layer l - 1's nHidden).
 *
 * @example
 * ```ts
 * const fields = receptiveFields(core, stack.layers);
 * const unit0 = fieldColumn(fields[0]!, 1600, stack.layers[0]!.nHidden, 0); // 40 x 40 image, row-major
 * ```
 */
export function receptiveFields(core: Core, layers: readonly RbmParameters[]): Float32Array[] {
  checkChain(layers);
  if (layers.length === 0) return [];
  const nInput = layers[0]!.nVisible;
  return core.arena.scoped(() => {
    const fields = [layers[0]!.weights.slice()];
    let previous = upload(core, layers[0]!.weights);
    for (const layer of layers.slice(1)) {
      const weights = upload(core, layer.weights);
      const next = core.arena.alloc(4 * nInput * layer.nHidden);
      core.kernels.matmulF32(previous, weights, nInput, layer.nVisible, layer.nHidden, next);
      fields.push(core.arena.f32(next, nInput * layer.nHidden).slice());
      previous = next;
    }
    return fields;
  });
}

/**
 * Column `unit` of a row-major nVisible0 x nUnits field matrix: that unit's field over the input sites.
 *
 * @param field - nVisible0 x nUnits values, row-major.
 * @param nVisible0 - Rows (input sites).
 * @param nUnits - Columns.
 * @param unit - Column index in [0, nUnits).
 * @returns A copy of the column (nVisible0 values).
 * @throws RangeError when the sizes do not fit or the unit is out of range.
 */
export function fieldColumn(field: ArrayLike<number>, nVisible0: number, nUnits: number, unit: number): Float32Array {
  if (field.length !== nVisible0 * nUnits) throw new RangeError(`field has ${field.length} values, expected ${nVisible0} x ${nUnits}`);
  if (!Number.isInteger(unit) || unit < 0 || unit >= nUnits) throw new RangeError(`unit ${unit} outside 0..${nUnits - 1}`);
  const column = new Float32Array(nVisible0);
  for (let site = 0; site < nVisible0; site++) column[site] = field[site * nUnits + unit]!;
  return column;
}

/** Layer l's visible units must be layer l-1's hidden units, and every W must have its declared size. */
function checkChain(layers: readonly RbmParameters[]): void {
  layers.forEach((layer, l) => {
    if (layer.weights.length !== layer.nVisible * layer.nHidden) {
      throw new RangeError(`layer ${l + 1}: weights hold ${layer.weights.length} values, not ${layer.nVisible} x ${layer.nHidden}`);
    }
    const below = layers[l - 1];
    if (below && below.nHidden !== layer.nVisible) {
      throw new RangeError(`layer ${l + 1} has ${layer.nVisible} visible units but layer ${l} has ${below.nHidden} hidden units`);
    }
  });
}

function upload(core: Core, values: Float32Array): number {
  const ptr = core.arena.alloc(4 * values.length);
  core.arena.f32(ptr, values.length).set(values);
  return ptr;
}
