// Up and down passes through one layer, choosing the kernel by how the
// input is stored: 0/1 bytes use the sum-selected-rows kernels.

import type { Core } from "../wasm.js";
import { runCalls, type KernelCall } from "../threads/pool.js";
import type { LayerData } from "./layer-data.js";
import type { WasmRbm } from "./rbm-parameters.js";

export type StorageKind = LayerData["kind"];

/** out (rows x nHidden, f32) = sigmoid(hbias + v W). */
export function hiddenProbabilities(core: Core, rbm: WasmRbm, kind: StorageKind, visible: number, rows: number, out: number): void {
  runCalls(core, [hiddenProbabilitiesCall(rbm, kind, visible, rows, out)]);
}

/** out (rows x nVisible, f32) = sigmoid(vbias + h W^T); h is f32 (0/1 or probabilities). */
export function visibleProbabilities(core: Core, rbm: WasmRbm, hidden: number, rows: number, out: number): void {
  runCalls(core, [visibleProbabilitiesCall(rbm, hidden, rows, out)]);
}

/** hiddenProbabilities as a call for a thread team. */
export function hiddenProbabilitiesCall(rbm: WasmRbm, kind: StorageKind, visible: number, rows: number, out: number): KernelCall {
  return {
    kernel: kind === "binary" ? "rbmHiddenFromBin" : "rbmHiddenFromDense",
    args: [visible, rows, rbm.nVisible, rbm.weights, rbm.hiddenBias, rbm.nHidden, out],
  };
}

/** visibleProbabilities as a call for a thread team. */
export function visibleProbabilitiesCall(rbm: WasmRbm, hidden: number, rows: number, out: number): KernelCall {
  return { kernel: "rbmVisibleFromDense", args: [hidden, rows, rbm.nHidden, rbm.weights, rbm.visibleBias, rbm.nVisible, out] };
}

/** Copies rows of a JS-side dataset into kernel memory at `dest`. */
export function uploadRows(core: Core, data: LayerData, first: number, rows: number, dest: number): void {
  const width = data.nVisible;
  const values = data.values.subarray(first * width, (first + rows) * width);
  if (data.kind === "binary") core.arena.u8(dest, values.length).set(values);
  else core.arena.f32(dest, values.length).set(values);
}

export function bytesPerRow(kind: StorageKind, width: number): number {
  return kind === "binary" ? width : 4 * width;
}
