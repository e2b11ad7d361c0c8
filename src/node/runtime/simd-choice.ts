// Which wasm build the CLI runs. Baseline SIMD is the default because it
// gives the same bytes on every engine and machine; the relaxed build uses
// FMA where the hardware has it (faster; results differ in the last bits,
// see README). Node 20 ships relaxed SIMD behind a V8 flag, which may be
// turned on at run time before the first module that needs it compiles, so
// no re-exec is needed.

import { setFlagsFromString } from "node:v8";
import { loadCore, relaxedSimdSupported, type Core } from "../../index.js";
import { debugLog } from "../../threads/debug.js";
import { UsageError } from "./usage-error.js";

/**
 * The wasm builds `--simd` chooses from: `baseline` (the same bytes on every engine and machine), `relaxed`
 * (FMA where the hardware has it: faster, last bits differ by machine) or `auto` (relaxed where available).
 */
export const SIMD_CHOICES = ["baseline", "relaxed", "auto"] as const;
/** One of SIMD_CHOICES. */
export type SimdChoice = (typeof SIMD_CHOICES)[number];

export const SIMD_HELP =
  "wasm build: baseline (same bytes everywhere), relaxed (FMA, ~15% faster training, last bits differ by machine) or auto (relaxed where available)";

/**
 * Loads the kernels for a --simd choice, turning on Node 20's relaxed-SIMD V8 flag when needed; `relaxed` on
 * an engine without relaxed SIMD is a usage error.
 *
 * @param choice - The build asked for.
 * @returns The loaded kernels.
 */
export async function loadCliCore(choice: SimdChoice): Promise<Core> {
  if (choice !== "baseline" && !relaxedSimdSupported()) {
    setFlagsFromString("--experimental-wasm-relaxed-simd");
    debugLog(`relaxed SIMD ${relaxedSimdSupported() ? "enabled with --experimental-wasm-relaxed-simd" : "unavailable in this engine"}`);
  }
  if (choice === "relaxed" && !relaxedSimdSupported()) {
    throw new UsageError("--simd relaxed: this JavaScript engine cannot run relaxed SIMD; use --simd baseline or auto");
  }
  return loadCore({ simd: choice });
}
